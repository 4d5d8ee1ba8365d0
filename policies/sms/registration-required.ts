/**
 * `sms-registration-required`: US toll-free and 10DLC numbers name their registration.
 */
import {
  configSchema,
  isExempt,
  readConfig,
  type MessagingResourcePolicy,
} from "../lib/policy-kit";
import { isUnknown, str } from "../lib/props";
import { AWS } from "../lib/types";

interface Config {
  registeredNumberTypes: string[];
}

const schema = configSchema({
  registeredNumberTypes: {
    type: "array",
    items: { type: "string" },
    default: ["TOLL_FREE", "TEN_DLC"],
    description:
      'US number types that send only once registered, so must name their registration (`registrationId`). Default: ["TOLL_FREE", "TEN_DLC"].',
  },
});

/**
 * Every US originator type needs a registration before it can send ("How to build resilient
 * SMS delivery with AWS End User Messaging"; "How to register for a US toll-free number with
 * AWS End User Messaging"; "10DLC Registration Best Practices to Send SMS with AWS End User
 * Messaging"). A toll-free number is associated with its own toll-free registration, a 10DLC
 * number with its campaign's; `@pulumi/aws` declares the association as the number's
 * `registrationId`. Short codes are registered through AWS Support and adopted, never
 * requested, so they are not judged. aws-native phone numbers carry no registration (it is
 * associated afterwards): not applicable. An id still unknown during preview (computed from
 * a registration declared in the same stack) passes. Mandatory, high. Config:
 * `registeredNumberTypes`, `exemptResources` (default none).
 */
export const smsRegistrationRequired: MessagingResourcePolicy = {
  name: "sms-registration-required",
  description:
    "US toll-free and 10DLC phone numbers must name their registration (registrationId): carriers block every message from an unregistered US number.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Register the number before it sends: a US_TOLL_FREE_REGISTRATION per toll-free number, a US_TEN_DLC_CAMPAIGN_REGISTRATION (with its brand) for 10DLC numbers, in the number's own Region; then set the number's registrationId to that registration's id.",
  configSchema: schema,
  validateResource: (args, reportViolation) => {
    if (args.type !== AWS.phoneNumber)
      args.notApplicable("applies to @pulumi/aws phone numbers only");
    const config = readConfig<Config>(args, schema);
    if (isExempt(config, args)) args.notApplicable("exempted by exemptResources");
    for (const key of ["isoCountryCode", "numberType", "registrationId"]) {
      if (isUnknown(args.props, key)) return;
    }
    const numberType = str(args.props, "numberType") ?? "";
    if (str(args.props, "isoCountryCode") !== "US") return;
    if (!config.registeredNumberTypes.includes(numberType)) return;
    if (str(args.props, "registrationId")) return;
    const kind =
      numberType === "TOLL_FREE" ? "toll-free" : numberType === "TEN_DLC" ? "10DLC" : numberType;
    const registration =
      numberType === "TOLL_FREE"
        ? "its own US_TOLL_FREE_REGISTRATION"
        : numberType === "TEN_DLC"
          ? "its US_TEN_DLC_CAMPAIGN_REGISTRATION"
          : "its registration";
    reportViolation(
      `US ${kind} number has no registrationId: carriers block its messages until it is registered; set registrationId to ${registration} in this Region.`,
    );
  },
};
