/**
 * `sms-self-managed-opt-outs-toll-free`: US toll-free numbers keep AWS-managed opt-outs.
 */
import {
  configSchema,
  isExempt,
  readConfig,
  type MessagingResourcePolicy,
} from "../lib/policy-kit";
import { isUnknown } from "../lib/props";
import { originatorView } from "../lib/sms-model";
import { PHONE_NUMBER_TYPES } from "../lib/types";

const schema = configSchema();

/**
 * US toll-free numbers are not eligible for self-managed opt-outs: the toll-free network
 * handles STOP itself, answers it and blocks the number for that recipient, whatever the
 * sender configures ("How to Implement Self-Managed Opt-Outs for SMS with Amazon Pinpoint";
 * "How to register for a US toll-free number with AWS End User Messaging"). A number
 * declared otherwise pretends the application decides what the network already decided.
 * Applies to phone numbers of both providers. Mandatory, high. Config: `exemptResources`
 * (default none).
 */
export const smsSelfManagedOptOutsTollFree: MessagingResourcePolicy = {
  name: "sms-self-managed-opt-outs-toll-free",
  description:
    "US toll-free numbers must not enable self-managed opt-outs: the toll-free network handles STOP itself, so they are not eligible.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Set selfManagedOptOutsEnabled: false on the toll-free number (and its pool), or serve US recipients of a self-managed use case with a 10DLC or short code number.",
  configSchema: schema,
  validateResource: (args, reportViolation) => {
    if (!PHONE_NUMBER_TYPES.includes(args.type))
      args.notApplicable("applies to phone numbers only");
    if (isExempt(readConfig(args, schema), args)) args.notApplicable("exempted by exemptResources");
    for (const key of ["isoCountryCode", "numberType", "selfManagedOptOutsEnabled"]) {
      if (isUnknown(args.props, key)) return;
    }
    const view = originatorView(args)!;
    if (view.country !== "US" || view.originatorType !== "TOLL_FREE") return;
    if (!view.selfManagedOptOutsEnabled) return;
    reportViolation(
      "US toll-free number has selfManagedOptOutsEnabled: true, but US toll-free numbers are not eligible: the toll-free network answers STOP and blocks the sender itself; set it to false, or use a 10DLC or short code number for this use case.",
    );
  },
};
