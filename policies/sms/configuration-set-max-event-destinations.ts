/**
 * `sms-configuration-set-max-event-destinations`: at most 5 event destinations per set.
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
  maxEventDestinations: number;
}

const schema = configSchema({
  maxEventDestinations: {
    type: "integer",
    minimum: 0,
    maximum: 5,
    default: 5,
    description:
      "Most event destinations a configuration set may have. AWS's limit is 5. Default: 5.",
  },
});

/**
 * A configuration set holds 0–5 event destinations (digest §4, §14.4); AWS rejects a
 * sixth. A stack policy so that `@pulumi/aws`'s separate `Smsvoicev2EventDestination`
 * resources are counted with their set, as aws-native's inline ones are. Mandatory, high.
 * Config: `maxEventDestinations` (default 5), `exemptResources` (sets; default none).
 */
export const smsConfigurationSetMaxEventDestinations: MessagingStackPolicy = {
  name: "sms-configuration-set-max-event-destinations",
  description:
    "An SMS configuration set may have at most 5 event destinations; AWS rejects any more.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Merge destinations (one destination can match several event types) or move some events to another configuration set, so that no set has more than 5.",
  configSchema: schema,
  validateStack: (args, reportViolation) => {
    const config = readConfig<Config>(args, schema);
    for (const set of smsConfigurationSets(args.resources)) {
      if (isExempt(config, set.resource)) continue;
      if (set.destinations.length > config.maxEventDestinations) {
        reportViolation(
          `Configuration set ${setLabel(set)} has ${countText(set.destinations.length, "event destination")}; the limit is ${config.maxEventDestinations}.`,
          set.resource.urn,
        );
      }
    }
  },
};
