/**
 * `sms-configuration-set-has-event-destination`: every set records its events somewhere.
 */
import { smsConfigurationSets, setLabel } from "../lib/configuration-sets";
import {
  configSchema,
  countText,
  isExempt,
  readConfig,
  type MessagingStackPolicy,
} from "../lib/policy-kit";

interface Config {
  minEventDestinations: number;
}

const schema = configSchema({
  minEventDestinations: {
    type: "integer",
    minimum: 0,
    maximum: 5,
    default: 1,
    description: "Fewest event destinations a configuration set may have. Default: 1.",
  },
});

/**
 * A set without event destinations sends blind: delivery receipts, blocks and carrier
 * filtering are recorded nowhere, so failover and carrier escalations have no evidence
 * (digest §4, §6). Advisory, medium (AWS accepts it; the prod config makes it mandatory).
 * Config: `minEventDestinations` (default 1), `exemptResources` (sets; default none).
 */
export const smsConfigurationSetHasEventDestination: MessagingStackPolicy = {
  name: "sms-configuration-set-has-event-destination",
  description:
    "Every SMS configuration set should have at least one enabled event destination, so that delivery, blocking and carrier-filtering events are recorded.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps:
    "Add an enabled event destination to the configuration set (or enable the one it has): CloudWatch Logs or Amazon Data Firehose (with a role End User Messaging can assume) or an SNS topic.",
  configSchema: schema,
  validateStack: (args, reportViolation) => {
    const config = readConfig<Config>(args, schema);
    for (const set of smsConfigurationSets(args.resources)) {
      if (isExempt(config, set.resource)) continue;
      // During preview the whole inline list can be unknown (it holds values of resources
      // being created): it has entries we cannot count yet, so do not report it as empty.
      if (set.destinationsUnknown) continue;
      // A disabled destination records nothing; one whose flag is unknown may.
      const recording = set.destinations.filter((d) => d.enabled !== false);
      if (recording.length < config.minEventDestinations) {
        const disabled = set.destinations.length - recording.length;
        const note =
          disabled > 0
            ? ` (${countText(disabled, "disabled destination")} record${disabled === 1 ? "s" : ""} nothing)`
            : "";
        reportViolation(
          recording.length === 0
            ? `Configuration set ${setLabel(set)} has no enabled event destination${note}; its delivery events are recorded nowhere.`
            : `Configuration set ${setLabel(set)} has ${countText(recording.length, "enabled event destination")}${note}; it needs at least ${config.minEventDestinations}.`,
          set.resource.urn,
        );
      }
    }
  },
};
