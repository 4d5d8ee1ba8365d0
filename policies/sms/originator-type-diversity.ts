/**
 * `sms-originator-type-diversity`: at least two originator types per destination country
 * in every Region.
 */
import {
  configSchema,
  isExempt,
  listText,
  readConfig,
  type MessagingStackPolicy,
} from "../lib/policy-kit";
import { originatorView, type OriginatorView } from "../lib/sms-model";

interface Config {
  minimumTypes: number;
  exemptCountries: string[];
}

const schema = configSchema({
  minimumTypes: {
    type: "integer",
    minimum: 1,
    default: 2,
    description: "Fewest different originator types per country and Region. Default: 2.",
  },
  exemptCountries: {
    type: "array",
    items: { type: "string" },
    default: [],
    description:
      "Countries (ISO 3166-1 alpha-2) where one type is accepted, e.g. where only sender IDs are allowed. Default: none.",
  },
});

/**
 * Carriers filter or block originators by type, and different types often take
 * different routes; AWS advises at least two originator types for every destination
 * country in every Region used (digest §6, §14.13). Types are phone number types
 * (LONG_CODE, TOLL_FREE, TEN_DLC, SHORT_CODE) and SENDER_ID; simulator numbers do not
 * count, and originators not declared in the stack are not seen. Advisory, medium.
 * Config: `minimumTypes` (default 2), `exemptCountries` (default none), `exemptResources`.
 */
export const smsOriginatorTypeDiversity: MessagingStackPolicy = {
  name: "sms-originator-type-diversity",
  description:
    "Every destination country should be reachable through at least two different originator types in every Region (e.g. a 10DLC number and a toll-free number, or a long code and a sender ID), so that a carrier block or filter on one type does not stop delivery.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps:
    "Provision a second originator type for the country in that Region (toll-free, 10DLC, short code, long code or a sender ID where the country allows them) and keep it in or ready for the pool.",
  configSchema: schema,
  validateStack: (args, reportViolation) => {
    const config = readConfig<Config>(args, schema);
    const byRegionCountry = new Map<
      string,
      { region: string; country: string; types: Set<string> }
    >();
    for (const resource of args.resources) {
      const view: OriginatorView | undefined = originatorView(resource);
      if (!view || isExempt(config, resource)) continue;
      if (
        !view.region ||
        !view.country ||
        !view.originatorType ||
        view.originatorType === "SIMULATOR"
      )
        continue;
      if (config.exemptCountries.includes(view.country)) continue;
      const key = `${view.region}/${view.country}`;
      const entry = byRegionCountry.get(key) ?? {
        region: view.region,
        country: view.country,
        types: new Set<string>(),
      };
      entry.types.add(view.originatorType);
      byRegionCountry.set(key, entry);
    }
    const keys = [...byRegionCountry.keys()].sort();
    for (const key of keys) {
      const { region, country, types } = byRegionCountry.get(key)!;
      if (types.size < config.minimumTypes) {
        reportViolation(
          `${region} reaches ${country} only through ${listText([...types].sort())} originators; provision at least ${config.minimumTypes} different originator types for ${country} there.`,
        );
      }
    }
  },
};
