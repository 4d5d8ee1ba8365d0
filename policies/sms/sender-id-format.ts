/**
 * `sms-sender-id-format`: sender IDs follow AWS's and the carriers' format rules.
 */
import { GENERIC_SENDER_IDS, genericSenderIdProblem } from "../lib/carrier-rules";
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
  genericSenderIds: string[];
}

const schema = configSchema({
  exactLengthByCountry: {
    type: "object",
    additionalProperties: { type: "integer", minimum: 3, maximum: 11 },
    default: { IN: 6 },
    description:
      'Countries (ISO 3166-1 alpha-2) whose regulator fixes the sender ID length, with that length. Replaces the default table. Default: { "IN": 6 }.',
  },
  genericSenderIds: {
    type: "array",
    items: { type: "string" },
    default: Object.keys(GENERIC_SENDER_IDS),
    description:
      "Sender IDs that name no brand, which carriers refuse (compared in upper case). Replaces the default list. Default: OTP, 2FA, NOTICE and common words such as INFO, VERIFY, ALERT.",
  },
});

/**
 * Sender IDs must be 3–11 letters, digits or dashes, with at least one letter, upper case,
 * and exactly 6 characters for India, with no dash at either end (the strictest reading of
 * "How to Send SMS Using a Sender ID with Amazon Pinpoint"; the rules are shared with the
 * stack config validator through `lib/formats.ts`), and never generic ("OTP", "2FA" alone:
 * the same article; `lib/carrier-rules.ts`). AWS or the destination's carriers refuse
 * anything else. Mandatory, high. Config: `exactLengthByCountry` (default India 6),
 * `genericSenderIds` (default the shared list), `exemptResources` (default none).
 */
export const smsSenderIdFormat: MessagingResourcePolicy = {
  name: "sms-sender-id-format",
  description:
    "Sender IDs must be 3 to 11 upper-case letters, digits or dashes with at least one letter and no dash at either end, exactly 6 characters where the destination country requires it (India), and name the brand (not a generic word such as OTP). AWS and carriers refuse any other sender ID.",
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
    const generic = genericSenderIdProblem(senderId, config.genericSenderIds);
    if (generic) reportViolation(`${generic[0].toUpperCase()}${generic.slice(1)}.`);
  },
};
