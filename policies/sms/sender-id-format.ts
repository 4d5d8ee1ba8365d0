/**
 * `sms-sender-id-format`: sender IDs follow AWS's and the carriers' format rules.
 */
import { senderIdProblem } from "../lib/formats";
import {
  configSchema,
  isExempt,
  readConfig,
  type MessagingResourcePolicy,
} from "../lib/policy-kit";
import { isUnknown, str } from "../lib/props";
import { SENDER_ID_TYPES } from "../lib/types";

interface Config {
  exactLengthByCountry: Record<string, number>;
}

const schema = configSchema({
  exactLengthByCountry: {
    type: "object",
    additionalProperties: { type: "integer", minimum: 3, maximum: 11 },
    default: { IN: 6 },
    description:
      'Countries (ISO 3166-1 alpha-2) whose regulator fixes the sender ID length, with that length. Replaces the default table. Default: { "IN": 6 }.',
  },
});

/**
 * Sender IDs must be 3–11 letters, digits or dashes, with at least one letter, upper case,
 * and exactly 6 characters for India (digest §1.5, §12: the strictest reading; the rules
 * are shared with the stack config validator through `lib/formats.ts`). AWS or the
 * destination's carriers refuse anything else. Mandatory, high. Config:
 * `exactLengthByCountry` (default India 6), `exemptResources` (default none).
 */
export const smsSenderIdFormat: MessagingResourcePolicy = {
  name: "sms-sender-id-format",
  description:
    "Sender IDs must be 3 to 11 upper-case letters, digits or dashes with at least one letter, and exactly 6 characters where the destination country requires it (India). AWS and carriers refuse any other sender ID.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Choose a sender ID of 3–11 characters from A–Z, 0–9 and '-', with at least one letter, that reflects the brand (e.g. ANYCO-OTP); use a 6-character one for India.",
  configSchema: schema,
  validateResource: (args, reportViolation) => {
    if (!SENDER_ID_TYPES.includes(args.type)) args.notApplicable("applies to sender IDs only");
    const config = readConfig<Config>(args, schema);
    if (isExempt(config, args)) args.notApplicable("exempted by exemptResources");
    if (isUnknown(args.props, "senderId") || isUnknown(args.props, "isoCountryCode")) return;
    const senderId = str(args.props, "senderId") ?? "";
    const country = str(args.props, "isoCountryCode");
    const problem = senderIdProblem(senderId, country, {
      exactLengthByCountry: config.exactLengthByCountry,
    });
    if (problem) reportViolation(`${problem[0].toUpperCase()}${problem.slice(1)}.`);
  },
};
