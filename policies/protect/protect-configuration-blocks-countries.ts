/**
 * `sms-protect-configuration-blocks-countries`: a Protect configuration blocks at least
 * one country.
 */
import {
  configSchema,
  isExempt,
  listText,
  readConfig,
  type MessagingResourcePolicy,
} from "../lib/policy-kit";
import { isUnknown } from "../lib/props";
import { countryRules, PROTECT_CHANNELS } from "../lib/protect";
import { NATIVE } from "../lib/types";

interface Config {
  channels: string[];
}

const schema = configSchema({
  channels: {
    type: "array",
    items: { type: "string", enum: [...PROTECT_CHANNELS] },
    default: ["sms"],
    description:
      'Rule channels (sms, mms, voice) that must block at least one country. Default: ["sms"].',
  },
});

/**
 * A Protect configuration with no BLOCK rule allows every country, the opposite of the
 * first step AWS recommends against SMS pumping: block every country you do not send to
 * (digest §5, §14.11). Advisory, medium (the digest's level). Config: `channels`
 * (default ["sms"]), `exemptResources` (default none).
 */
export const smsProtectConfigurationBlocksCountries: MessagingResourcePolicy = {
  name: "sms-protect-configuration-blocks-countries",
  description:
    "Protect configurations should block the countries the estate never sends to. A configuration with no BLOCK rule allows every country, which leaves the account open to SMS pumping (artificially inflated traffic) towards expensive destinations.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps:
    'Add `countryRuleSet.sms` rules with `protectStatus: "BLOCK"` for every country no use case sends to (and for MMS and voice where those channels are used); keep ALLOW, MONITOR or FILTER for the countries you serve.',
  configSchema: schema,
  validateResource: (args, reportViolation) => {
    if (args.type !== NATIVE.protectConfiguration)
      args.notApplicable("applies to Protect configurations only");
    const config = readConfig<Config>(args, schema);
    if (isExempt(config, args)) args.notApplicable("exempted by exemptResources");
    if (isUnknown(args.props, "countryRuleSet")) return;
    const open = config.channels.filter(
      (channel) => ![...countryRules(args, channel).values()].includes("BLOCK"),
    );
    if (open.length > 0) {
      reportViolation(
        `Protect configuration allows every country for ${listText(open.map((c) => c.toUpperCase()))} (no BLOCK rule); block the countries you never send to.`,
      );
    }
  },
};
