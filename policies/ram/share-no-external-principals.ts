/**
 * `ram-share-no-external-principals`: RAM shares stay inside the organization.
 */
import {
  configSchema,
  isExempt,
  readConfig,
  type MessagingResourcePolicy,
} from "../lib/policy-kit";
import { bool, isUnknown } from "../lib/props";
import { NATIVE, RAM_SHARE_TYPES } from "../lib/types";

const schema = configSchema();

/**
 * Sharing originators, pools and opt-out lists with accounts outside the organization
 * hands them sending rights on registered numbers and the opt-out records. `@pulumi/aws`
 * defaults `allowExternalPrincipals` to false; CloudFormation (aws-native) defaults it to
 * true, so aws-native shares must set it. Mandatory, critical. Config: `exemptResources`
 * (default none).
 */
export const ramShareNoExternalPrincipals: MessagingResourcePolicy = {
  name: "ram-share-no-external-principals",
  description:
    "AWS RAM resource shares must not allow external principals: SMS originators, pools and opt-out lists may only be shared with accounts inside the organization.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps:
    "Set `allowExternalPrincipals: false` on the resource share (aws-native shares must set it explicitly: CloudFormation defaults it to true) and share with accounts or OUs of your organization.",
  configSchema: schema,
  validateResource: (args, reportViolation) => {
    if (!RAM_SHARE_TYPES.includes(args.type))
      args.notApplicable("applies to RAM resource shares only");
    if (isExempt(readConfig(args, schema), args)) args.notApplicable("exempted by exemptResources");
    if (isUnknown(args.props, "allowExternalPrincipals")) return;
    const allow = bool(args.props, "allowExternalPrincipals");
    if (allow === true) {
      reportViolation("Resource share has allowExternalPrincipals: true; set it to false.");
    } else if (allow === undefined && args.type === NATIVE.ramShare) {
      reportViolation(
        "Resource share leaves allowExternalPrincipals unset, which CloudFormation treats as true; set it to false.",
      );
    }
  },
};
