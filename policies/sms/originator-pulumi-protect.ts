/**
 * `sms-originator-pulumi-protect`: originators (and opt-out lists) carry Pulumi's
 * `protect` resource option.
 */
import {
  configSchema,
  isExempt,
  readConfig,
  type MessagingResourcePolicy,
} from "../lib/policy-kit";
import { labelOf } from "../lib/labels";
import { OPT_OUT_LIST_TYPES, ORIGINATOR_TYPES } from "../lib/types";

interface Config {
  includeOptOutLists: boolean;
}

const schema = configSchema({
  includeOptOutLists: {
    type: "boolean",
    default: true,
    description:
      "Also require protection of opt-out lists, which hold the legal record of who said STOP. Default: true.",
  },
});

/**
 * The second guard on irreplaceable resources: Pulumi refuses to delete a `protect`ed
 * resource, so a refactor that drops or renames one fails instead of releasing a number
 * (DESIGN: "protected twice"). The analyzer protocol carries `protect` but not
 * `retainOnDelete`, so the policy requires `protect`; it also accepts `retainOnDelete`
 * should a future engine report it. Mandatory, critical. Config: `includeOptOutLists`
 * (default true), `exemptResources` (default none).
 */
export const smsOriginatorPulumiProtect: MessagingResourcePolicy = {
  name: "sms-originator-pulumi-protect",
  description:
    "Phone numbers, sender IDs and opt-out lists must be declared with Pulumi's protect option (and retainOnDelete), so that no change to the program can delete them: numbers cannot be recreated and opt-out lists are legal records.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps:
    "Declare the resource with the options `{ protect: true, retainOnDelete: true }`. To retire one on purpose, remove protect with `pulumi state unprotect` in a reviewed change first.",
  configSchema: schema,
  validateResource: (args, reportViolation) => {
    const config = readConfig<Config>(args, schema);
    const types = config.includeOptOutLists
      ? [...ORIGINATOR_TYPES, ...OPT_OUT_LIST_TYPES]
      : ORIGINATOR_TYPES;
    if (!types.includes(args.type))
      args.notApplicable("applies to phone numbers, sender IDs and opt-out lists only");
    if (isExempt(config, args)) args.notApplicable("exempted by exemptResources");
    const opts = args.opts as typeof args.opts & { retainOnDelete?: boolean };
    if (opts.protect !== true && opts.retainOnDelete !== true) {
      reportViolation(
        `${labelOf(args.type)} is not protected in Pulumi; declare it with the resource options protect: true and retainOnDelete: true.`,
      );
    }
  },
};
