/**
 * `sms-originator-type-diversity`: at least two originator types per destination country
 * in every Region.
 */
import {
  configSchema,
  includesIgnoringCase,
  isExempt,
  listText,
  readConfig,
  type MessagingStackPolicy,
} from "../lib/policy-kit";
import { originatorView, type OriginatorView } from "../lib/sms-model";

interface Config {
  minimumTypes: number;
  exemptCountries: string[];
  singleTypeCountries: string[];
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
    description: "Countries (ISO 3166-1 alpha-2) the policy skips. Default: none.",
  },
  singleTypeCountries: {
    type: "array",
    items: { type: "string" },
    default: ["IN", "SA"],
    description:
      "Countries (ISO 3166-1 alpha-2) where one originator type that can send is enough, because no second type is offered: in India and Saudi Arabia long codes are inbound-only and sender IDs carry the outbound traffic. A country listed here still needs one. Default: IN, SA.",
  },
});

/** Originator types as people name them. */
const TYPE_LABELS: Record<string, string> = {
  LONG_CODE: "long code",
  TOLL_FREE: "toll-free number",
  TEN_DLC: "10DLC number",
  SHORT_CODE: "short code",
  SENDER_ID: "sender ID",
};
const label = (type: string) => TYPE_LABELS[type] ?? type;

/**
 * Countries where a type cannot send: long codes in India and Saudi Arabia are
 * inbound-only, and sender IDs cannot be used for US destinations (AWS End User Messaging
 * SMS User Guide). Such an originator is no second route, and is never suggested.
 */
const CANNOT_SEND: Record<string, readonly string[]> = {
  IN: ["LONG_CODE"],
  SA: ["LONG_CODE"],
  US: ["SENDER_ID"],
};

/** Types that can carry traffic to a country, most usual first. */
function sendingTypes(country: string): string[] {
  if (country === "US") return ["TEN_DLC", "TOLL_FREE", "SHORT_CODE"];
  if (country === "CA") return ["LONG_CODE", "TOLL_FREE", "SHORT_CODE"];
  const all = ["LONG_CODE", "SENDER_ID", "SHORT_CODE"];
  return all.filter((type) => !(CANNOT_SEND[country] ?? []).includes(type));
}

/** What to add for a country that has `present`: its sending types not yet there. */
function suggestion(country: string, present: readonly string[]): string {
  const options = sendingTypes(country).filter((type) => !present.includes(type));
  const inbound = (CANNOT_SEND[country] ?? []).includes("LONG_CODE")
    ? `; long codes in ${country} are inbound-only and cannot be the second route`
    : "";
  return `add a ${listText(options.map(label), "or")}${inbound}`;
}

/**
 * Carriers filter or block originators by type, and different types often take
 * different routes; AWS advises at least two originator types for every destination
 * country in every Region used (digest §6, §14.13). Types are phone number types
 * (LONG_CODE, TOLL_FREE, TEN_DLC, SHORT_CODE) and SENDER_ID; simulator numbers do not
 * count, nor do originators that cannot send to the country (long codes in India and Saudi
 * Arabia are inbound-only; sender IDs cannot send to the US), and originators not declared
 * in the stack are not seen. Where no second type can send (India and Saudi Arabia,
 * `singleTypeCountries`), one is enough. One advisory per Region, listing each country
 * that falls short with the types that could be added there. Advisory, medium. Config:
 * `minimumTypes` (default 2), `exemptCountries` (default none), `singleTypeCountries`
 * (default IN, SA), `exemptResources`.
 */
export const smsOriginatorTypeDiversity: MessagingStackPolicy = {
  name: "sms-originator-type-diversity",
  description:
    "Every destination country should be reachable through at least two different originator types in every Region (e.g. a 10DLC number and a toll-free number, or a long code and a sender ID), so that a carrier block or filter on one type does not stop delivery.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps:
    "Provision a second originator type that can send to the country from that Region (the finding names the candidates: 10DLC, toll-free or short code for the US; long code, sender ID or short code elsewhere where the country allows them) and keep it in or ready for the pool; list a country in exemptCountries where only one type exists.",
  configSchema: schema,
  validateStack: (args, reportViolation) => {
    const config = readConfig<Config>(args, schema);
    const byRegion = new Map<string, Map<string, Set<string>>>();
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
      if (includesIgnoringCase(config.exemptCountries, view.country)) continue;
      const countries = byRegion.get(view.region) ?? new Map<string, Set<string>>();
      const types = countries.get(view.country) ?? new Set<string>();
      // An originator that cannot send to its country is no route there.
      if (!(CANNOT_SEND[view.country] ?? []).includes(view.originatorType))
        types.add(view.originatorType);
      countries.set(view.country, types);
      byRegion.set(view.region, countries);
    }
    const needed = (country: string) =>
      includesIgnoringCase(config.singleTypeCountries, country)
        ? Math.min(1, config.minimumTypes)
        : config.minimumTypes;
    for (const region of [...byRegion.keys()].sort()) {
      const short = [...byRegion.get(region)!]
        .filter(([country, types]) => types.size < needed(country))
        .sort(([a], [b]) => a.localeCompare(b));
      if (short.length === 0) continue;
      const lines = short.map(([country, types]) => {
        const present = [...types].sort();
        const through =
          present.length === 0
            ? "no originator that can send there"
            : `only ${listText(present.map(label))} originators`;
        return `${country} (${through}, ${needed(country)} types needed: ${suggestion(country, present)})`;
      });
      reportViolation(
        `${region} reaches ${short.length === 1 ? "1 country" : `${short.length} countries`} through fewer originator types than they need: ${lines.join("; ")}.`,
      );
    }
  },
};
