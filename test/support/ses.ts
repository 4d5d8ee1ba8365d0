/**
 * Test support for SES warming: resource tokens, a valid `ses` section to add to
 * `minimalEstate()`, and an offline run that can pin the warm-up date.
 */
import { runOffline, type OfflineRun } from "../../engine/run";
import { parseEstateConfig } from "../../stacks/config/load";
import type { EstateConfig } from "../../stacks/config/schema";
import type { SesConfigInput } from "../../stacks/config/ses-schema";
import { deployEstate, type DeployEstateOptions } from "../../stacks/estate";
import { minimalEstate } from "./estate";

export const SES_TOKENS = {
  pool: "aws:sesv2/dedicatedIpPool:DedicatedIpPool",
  ipAssignment: "aws:sesv2/dedicatedIpAssignment:DedicatedIpAssignment",
  configurationSet: "aws:sesv2/configurationSet:ConfigurationSet",
  eventDestination: "aws:sesv2/configurationSetEventDestination:ConfigurationSetEventDestination",
  identity: "aws:sesv2/emailIdentity:EmailIdentity",
  topic: "aws:sns/topic:Topic",
  topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
  subscription: "aws:sns/topicSubscription:TopicSubscription",
  queue: "aws:sqs/queue:Queue",
  queuePolicy: "aws:sqs/queuePolicy:QueuePolicy",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
} as const;

/**
 * A valid `ses` section (a new object every call): us-east-1 with a MANAGED transactional
 * pool and a STANDARD marketing pool with two leased IPs and a plan, and eu-west-1 with a
 * MANAGED pool only, used by two transactional use cases on one subdomain.
 */
export function sesSection(): SesConfigInput {
  return {
    regions: {
      "us-east-1": {
        pools: {
          transactional: { scalingMode: "MANAGED" },
          bulk: {
            scalingMode: "STANDARD",
            dedicatedIps: ["198.51.100.7", "198.51.100.8"],
            warmup: { startDate: "2026-03-01", targetDailyVolume: 1_000_000 },
          },
        },
        useCases: {
          receipts: {
            kind: "transactional",
            domain: "transactional.acme.example",
            pool: "transactional",
            fromAddresses: ["receipts@transactional.acme.example"],
          },
          offers: { kind: "marketing", domain: "offers.acme.example", pool: "bulk" },
        },
      },
      "eu-west-1": {
        pools: { "eu-transactional": {} },
        useCases: {
          "eu-receipts": {
            kind: "transactional",
            domain: "mail.acme.example",
            pool: "eu-transactional",
          },
          "eu-alerts": {
            kind: "transactional",
            domain: "mail.acme.example",
            pool: "eu-transactional",
          },
        },
      },
    },
  };
}

/** `minimalEstate()` with {@link sesSection} (or the given section) added. */
export function sesEstate(ses: unknown = sesSection()): ReturnType<typeof minimalEstate> {
  // Typed as the schema's input for convenience; tests pass broken sections on purpose.
  return { ...minimalEstate(), ses: ses as SesConfigInput };
}

/** Validates and runs an estate offline, passing `options` (e.g. the warm-up date) to `deployEstate`. */
export async function runSesEstate(
  raw: unknown,
  options: DeployEstateOptions = {},
): Promise<OfflineRun & { estate: EstateConfig }> {
  const estate = parseEstateConfig(raw);
  const run = await runOffline(() => deployEstate(estate, options).outputs, {
    account: estate.account,
    defaultRegion: estate.primaryRegion,
  });
  return { ...run, estate };
}
