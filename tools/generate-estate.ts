/**
 * Generates synthetic estates of any size for benchmarks: every use case reaches every one
 * of its countries from every Region (US and CA through phone numbers, the rest through a
 * shared sender ID), so the result passes validation like a real estate.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { ESTATE_CONFIG_KEY } from "../stacks/config/issues";
import type { EstateConfigInput } from "../stacks/config/schema";

/** Size knobs of {@link generateEstate}. */
export interface EstateSize {
  /** Regions, the first is primary. Default: us-east-1, us-west-2. */
  regions?: string[];
  /** Number of use cases. Default: 3. */
  useCases?: number;
  /** Sender-ID countries per use case (besides US and CA). Default: 12. */
  senderIdCountries?: number;
}

/** Countries that accept alphanumeric sender IDs (and have no length rule of their own). */
const SENDER_ID_COUNTRIES = [
  "GB",
  "IE",
  "DE",
  "FR",
  "ES",
  "IT",
  "NL",
  "SE",
  "NO",
  "DK",
  "AU",
  "SG",
  "FI",
  "PL",
  "PT",
  "AT",
  "BE",
  "CH",
  "CZ",
  "HU",
  "RO",
  "GR",
  "NZ",
  "ZA",
  "AE",
  "HK",
  "MY",
  "TH",
  "PH",
  "KE",
];

/** Replies that carry every element carriers require of them (stacks/config/carrier-rules.ts). */
const HELP =
  "Example Co: help at support@example.com or +1-800-555-0100. Msg&data rates may apply.";
const STOP = "Example Co: you are unsubscribed and will receive no more messages.";
const JOIN =
  "Example Co: you're subscribed, up to 4 msgs/month. Msg&data rates may apply. Reply HELP for help, STOP to cancel.";

export function generateEstate(size: EstateSize = {}): EstateConfigInput {
  const regions = size.regions ?? ["us-east-1", "us-west-2"];
  const senderCountries = SENDER_ID_COUNTRIES.slice(0, size.senderIdCountries ?? 12);
  const useCaseNames = Array.from({ length: size.useCases ?? 3 }, (_, i) => `use-case-${i + 1}`);
  const useCases: EstateConfigInput["useCases"] = {};
  for (const [i, name] of useCaseNames.entries()) {
    useCases[name] = {
      messageType: i % 3 === 2 ? "PROMOTIONAL" : "TRANSACTIONAL",
      publicFacing: i % 3 === 0,
      countries: ["US", "CA", ...senderCountries],
      keywords: { help: HELP, stop: STOP, optIn: { JOIN } },
      eventDestinations: { logs: { type: "cloudwatchLogs" }, events: { type: "sns" } },
    };
  }
  const regionBlocks: EstateConfigInput["regions"] = {};
  for (const region of regions) {
    const phoneNumbers: NonNullable<EstateConfigInput["regions"][string]["phoneNumbers"]> = {};
    const senderIds: NonNullable<EstateConfigInput["regions"][string]["senderIds"]> = {};
    for (const name of useCaseNames) {
      // US toll-free numbers send only once registered, each on its own and per Region.
      phoneNumbers[`${name}-us`] = {
        useCase: name,
        country: "US",
        numberType: "TOLL_FREE",
        registrationId: `registration-${region}-${name}-us`,
      };
      phoneNumbers[`${name}-us-spare`] = {
        useCase: name,
        country: "US",
        numberType: "TOLL_FREE",
        spare: true,
        registrationId: `registration-${region}-${name}-us-spare`,
      };
      phoneNumbers[`${name}-ca`] = { useCase: name, country: "CA", numberType: "LONG_CODE" };
      senderIds[`${name}-brand`] = {
        useCase: name,
        senderId: `BRAND${useCaseNames.indexOf(name) + 1}`,
        countries: senderCountries,
      };
    }
    regionBlocks[region] = { phoneNumbers, senderIds };
  }
  return {
    account: "111122223333",
    brand: "Example Co",
    namePrefix: "bench",
    primaryRegion: regions[0],
    standbyRegions: regions.slice(1),
    useCases,
    regions: regionBlocks,
  };
}

/** How benchmarks and tests name the estate {@link writeTenTimesStack} writes. */
export const TEN_TIMES_LABEL = "generated estate (6 Regions, 11 use cases, 26 countries each)";

/**
 * Writes an estate about ten times the example stack's resources (6 Regions × 11 use
 * cases × 26 countries) as `Pulumi.generated.yaml` in `dir`, so tools run it exactly as
 * they run a user's stack (program file, config from YAML). Returns the stack name.
 */
export function writeTenTimesStack(dir: string): string {
  const estate = generateEstate({
    regions: [
      "us-east-1",
      "us-west-2",
      "eu-west-1",
      "eu-central-1",
      "ap-southeast-2",
      "ap-northeast-1",
    ],
    useCases: 11,
    senderIdCountries: 24,
  });
  const config = { "aws:region": estate.primaryRegion, [ESTATE_CONFIG_KEY]: estate };
  fs.writeFileSync(path.join(dir, "Pulumi.generated.yaml"), YAML.stringify({ config }));
  return "generated";
}
