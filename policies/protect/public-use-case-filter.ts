/**
 * `sms-protect-filter-public-use-cases`: configuration sets of public-facing use cases
 * (OTP, sign-up, password reset) use a Protect configuration that FILTERs.
 */
import { smsConfigurationSets, setLabel } from "../lib/configuration-sets";
import {
  configSchema,
  equalsIgnoringCase,
  includesIgnoringCase,
  isExempt,
  readConfig,
  reportUnverifiable,
  type MessagingStackPolicy,
} from "../lib/policy-kit";
import { isUnknown } from "../lib/props";
import { countryRules, protectIdentifiers } from "../lib/protect";
import { relatedThrough, type RelatableResource } from "../lib/relations";
import type { NamedResource } from "../lib/sms-model";
import { NATIVE } from "../lib/types";

interface Config {
  useCaseTagKey: string;
  publicFacingUseCases: string[];
  publicFacingTagKey: string;
}

const schema = configSchema({
  useCaseTagKey: {
    type: "string",
    default: "messaging:use-case",
    description: 'Tag naming a resource\'s use case. Default: "messaging:use-case".',
  },
  publicFacingUseCases: {
    type: "array",
    items: { type: "string" },
    default: ["otp", "signup", "sign-up", "password-reset", "2fa", "mfa", "verification"],
    description:
      "Use cases (values of the use-case tag) whose sends are triggered from public web forms. Default: otp, signup, sign-up, password-reset, 2fa, mfa, verification.",
  },
  publicFacingTagKey: {
    type: "string",
    default: "messaging:public-facing",
    description:
      'Tag that marks any other configuration set as public-facing when its value is "true". Default: "messaging:public-facing".',
  },
});

/**
 * Public web forms that trigger SMS (OTP, sign-up, password reset) are the main vector of
 * SMS pumping; AWS advises a Protect configuration per such workflow with FILTER on the
 * countries of concern (digest §5, §14.11). Only aws-native configuration sets can carry
 * a Protect configuration. A use case counts as public-facing by name
 * (`publicFacingUseCases`) or, whatever its name (e.g. `login`), by the
 * `messaging:public-facing: "true"` tag the estate's components put on its configuration
 * sets. A stack policy: it follows `protectConfigurationId` to the Protect configuration
 * in the stack (one declared elsewhere is not checked); while that id is unknown (preview
 * of a new configuration), through the set's `propertyDependencies`, reporting what it
 * cannot relate as an advisory "cannot verify during preview" diagnostic. Advisory,
 * medium (the digest's level). Config: `useCaseTagKey`, `publicFacingUseCases`,
 * `publicFacingTagKey`, `exemptResources` (sets; default none).
 */
export const smsProtectFilterPublicUseCases: MessagingStackPolicy = {
  name: "sms-protect-filter-public-use-cases",
  description:
    "Configuration sets of public-facing use cases (one-time passcodes, sign-up, password reset) should be associated with a Protect configuration that FILTERs the countries at risk of SMS pumping, because public web forms are the main vector of artificially inflated traffic.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps:
    "Declare an aws-native `smsvoice.ProtectConfiguration` for the workflow with `protectStatus: \"FILTER\"` on the countries of concern, and set the use case's aws-native configuration set's `protectConfigurationId` to it.",
  configSchema: schema,
  validateStack: (args, reportViolation) => {
    const config = readConfig<Config>(args, schema);
    const protectById = new Map<string, NamedResource>();
    for (const resource of args.resources) {
      for (const id of protectIdentifiers(resource)) protectById.set(id, resource);
    }
    const unverifiable: string[] = [];
    for (const set of smsConfigurationSets(args.resources)) {
      if (isExempt(config, set.resource)) continue;
      const useCase = set.tags[config.useCaseTagKey];
      const publicFacing =
        includesIgnoringCase(config.publicFacingUseCases, useCase) ||
        equalsIgnoringCase(set.tags[config.publicFacingTagKey], "true");
      if (!publicFacing) continue;
      const label = `configuration set ${setLabel(set)}`;
      const subject = `Configuration set ${setLabel(set)} serves the public-facing use case ${useCase ?? "(tagged public-facing)"}`;
      let protect: NamedResource | undefined;
      let certain = true;
      if (isUnknown(set.resource.props, "protectConfigurationId")) {
        // A Protect configuration being created: its id is unknown during preview.
        const resource = set.resource as RelatableResource;
        const related = relatedThrough(
          resource,
          ["protectConfigurationId"],
          [NATIVE.protectConfiguration],
        );
        if (related.resources.length !== 1) {
          if ((resource.dependencies?.length ?? 0) === 0 || related.resources.length > 1)
            unverifiable.push(`the Protect configuration of ${label}`);
          continue;
        }
        protect = related.resources[0];
        certain = related.certain;
      } else if (!set.protectConfigurationId) {
        reportViolation(
          `${subject} but has no Protect configuration; associate one whose SMS rules FILTER the countries at risk of SMS pumping.`,
          set.resource.urn,
        );
        continue;
      } else {
        protect = protectById.get(set.protectConfigurationId);
      }
      if (!protect) continue;
      if ([...countryRules(protect, "sms").values()].includes("FILTER")) continue;
      if (certain) {
        reportViolation(
          `${subject}, but its Protect configuration ${protect.name} has no FILTER rule for SMS; set protectStatus FILTER for the countries at risk of SMS pumping.`,
          set.resource.urn,
        );
      } else {
        unverifiable.push(
          `whether ${label} uses Protect configuration ${protect.name}, which has no FILTER rule for SMS`,
        );
      }
    }
    reportUnverifiable(unverifiable);
  },
};
