/**
 * Test support: the local AWS endpoint seeded with what `pulumi up` of an estate would have
 * created, registered and ready (per Region and use case: an opt-out list; the config's
 * non-spare phone numbers, ACTIVE, US toll-free and 10DLC ones attached to a registration;
 * its sender IDs, registered, one per country; its adopted originators; a pool on the list
 * holding them with shared routes off; a protect configuration and a configuration set
 * naming it), plus the pointer parameters and fresh opt-out freshness documents. Shared by
 * the failover specs and `npm run bench:failover`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import {
  freshnessParameterName,
  renderFreshness,
} from "../../components/failover/opt-out-freshness";
import { pointerParameterName, renderPointer } from "../../components/failover/pointer-document";
import {
  type ActiveRegions,
  activeRegionOf,
  defaultActiveRegions,
} from "../../stacks/config/active-region";
import { estateRegions } from "../../stacks/config/rules";
import type { EstateConfig } from "../../stacks/config/schema";
import { type FailoverIo, runFailover } from "../../tools/failover";
import { silentProgress } from "../../tools/failover/progress";
import type { AwsEndpoint } from "./aws-endpoint";
import type { PoolMemberSeed } from "./aws-endpoint/state";
import { minimalEstate, regionCopy } from "./estate";

/** Credentials the endpoint accepts (it reads only the Region of the signature). */
export const TEST_CREDENTIALS = { accessKeyId: "AKIDTEST", secretAccessKey: "test" };

/** What was seeded for one use case in one Region. */
export interface SeededUseCase {
  readonly listName: string;
  readonly poolId: string;
  readonly poolArn: string;
  readonly configurationSetName: string;
  readonly protectConfigurationId: string;
  /** The first phone number of the pool. */
  readonly phoneNumberId: string;
  /** Pool members by config key (sender IDs: `<key>/<country>`): id and ARN. */
  readonly members: Record<string, { id: string; arn: string; country: string }>;
}

/** Options of {@link seedEstate}. */
export interface SeedEstateOptions {
  /** Opted-out numbers per Region, per use case. Default: none. */
  readonly optOuts?: Record<string, Record<string, readonly string[]>>;
  /** Pointers to write, or false for none. Default: the primary Region for every use case. */
  readonly pointers?: ActiveRegions | false;
  /**
   * Opt-out freshness documents (one per use case and Region, reconciled now and in step), or
   * false for none. Default: written.
   */
  readonly freshness?: boolean;
}

/** Seeds every Region of `estate`; returns the records by Region, then use case. */
export function seedEstate(
  aws: AwsEndpoint,
  estate: EstateConfig,
  options: SeedEstateOptions = {},
): Record<string, Record<string, SeededUseCase>> {
  const seeded: Record<string, Record<string, SeededUseCase>> = {};
  const useCases = Object.keys(estate.useCases).sort();
  let serial = 0;
  const nextNumber = () => `+1206555${String(1000 + serial++).padStart(4, "0")}`;
  for (const region of estateRegions(estate)) {
    seeded[region] = {};
    const block = estate.regions[region];
    for (const useCase of useCases) {
      const name = `${estate.namePrefix}-${useCase}`;
      const messageType = estate.useCases[useCase].messageType;
      const numbers: {
        key: string;
        phoneNumber: string;
        country: string;
        type: string;
        registrationId?: string;
      }[] = [];
      for (const [key, number] of Object.entries(block?.phoneNumbers ?? {})) {
        if (number.useCase !== useCase || number.spare) continue;
        numbers.push({
          key,
          phoneNumber: nextNumber(),
          country: number.country,
          type: number.numberType,
          registrationId: number.registrationId,
        });
      }
      for (const [key, existing] of Object.entries(block?.existingOriginators ?? {})) {
        if (existing.useCase !== useCase || existing.spare || existing.kind !== "phoneNumber")
          continue;
        numbers.push({
          key,
          phoneNumber: nextNumber(),
          country: existing.countries[0],
          type: existing.numberType ?? "SHORT_CODE",
        });
      }
      if (numbers.length === 0) {
        // A use case with only sender IDs still gets a number, as the estate needs one to exist.
        numbers.push({
          key: "seeded",
          phoneNumber: nextNumber(),
          country: "US",
          type: "TOLL_FREE",
        });
      }
      const senders: { key: string; senderId: string; country: string }[] = [];
      for (const [key, sender] of Object.entries(block?.senderIds ?? {})) {
        if (sender.useCase !== useCase || sender.spare) continue;
        for (const country of sender.countries)
          senders.push({ key, senderId: sender.senderId, country });
      }
      // Sender IDs exist once per (sender ID, country) in a Region: reuse one another use case seeded.
      const state = aws.state.region(region);
      const newSenders = senders.filter((s) => !state.senderIds.has(`${s.senderId}/${s.country}`));
      const registered = (type: string, country: string, id?: string) =>
        country === "US" && (type === "TOLL_FREE" || type === "TEN_DLC")
          ? (id ?? `registration-seeded-${type.toLowerCase()}`)
          : id;
      const result = aws.state.seed(region, {
        optOutLists: [{ name, optedOutNumbers: [...(options.optOuts?.[region]?.[useCase] ?? [])] }],
        phoneNumbers: numbers.map((n) => ({
          phoneNumber: n.phoneNumber,
          optOutListName: name,
          messageType,
          isoCountryCode: n.country,
          numberType: n.type,
          registrationId: registered(n.type, n.country, n.registrationId),
        })),
        senderIds: newSenders.map((s) => ({
          senderId: s.senderId,
          isoCountryCode: s.country,
          messageTypes: ["TRANSACTIONAL", "PROMOTIONAL"],
          registered: true,
        })),
        pools: [
          {
            members: [
              ...numbers.map((n) => n.phoneNumber),
              ...senders.map((s): PoolMemberSeed => ({
                senderId: s.senderId,
                isoCountryCode: s.country,
              })),
            ],
            optOutListName: name,
            sharedRoutesEnabled: false,
            messageType,
          },
        ],
        protectConfigurations: [{ deletionProtectionEnabled: true }],
      });
      const protect = result.protectConfigurations[0];
      aws.state.seed(region, {
        configurationSets: [{ name, protectConfigurationId: protect.id }],
      });
      const members: SeededUseCase["members"] = {};
      numbers.forEach((n, i) => {
        const record = result.phoneNumbers[i];
        members[n.key] = { id: record.id, arn: record.arn, country: n.country };
      });
      for (const s of senders) {
        const record = state.senderIds.get(`${s.senderId}/${s.country}`)!;
        members[`${s.key}/${s.country}`] = { id: s.senderId, arn: record.arn, country: s.country };
      }
      seeded[region][useCase] = {
        listName: name,
        poolId: result.pools[0].id,
        poolArn: result.pools[0].arn,
        configurationSetName: name,
        protectConfigurationId: protect.id,
        phoneNumberId: result.phoneNumbers[0].id,
        members,
      };
    }
  }
  if (options.pointers !== false) {
    const active = options.pointers ?? defaultActiveRegions(estate);
    for (const region of estateRegions(estate)) {
      aws.state.seed(region, {
        parameters: useCases.map((useCase) => {
          const from = activeRegionOf(active, useCase);
          const target = seeded[from][useCase];
          return {
            name: pointerParameterName(estate.namePrefix, useCase),
            value: renderPointer({
              useCase,
              region: from,
              poolArn: target.poolArn,
              poolId: target.poolId,
              configurationSetName: target.configurationSetName,
              protectConfigurationId: target.protectConfigurationId,
            }),
          };
        }),
      });
    }
  }
  if (options.freshness !== false) {
    for (const region of estateRegions(estate)) {
      for (const useCase of useCases) seedFreshness(aws, estate, region, useCase);
    }
  }
  return seeded;
}

/**
 * Writes the opt-out freshness document of a use case in a Region, as that Region's
 * reconciliation would: by default reconciled now and in step with its list.
 */
export function seedFreshness(
  aws: AwsEndpoint,
  estate: EstateConfig,
  region: string,
  useCase: string,
  changes: { behind?: number; ledgerOptedOut?: number; reconciledAt?: Date } = {},
): void {
  const list = aws.state.region(region).optOutLists.get(`${estate.namePrefix}-${useCase}`);
  const listSize = list?.numbers.size ?? 0;
  aws.state.seed(region, {
    parameters: [
      {
        name: freshnessParameterName(estate.namePrefix, useCase),
        value: renderFreshness({
          useCase,
          region,
          reconciledAt: (changes.reconciledAt ?? new Date()).toISOString(),
          listSize,
          ledgerOptedOut: changes.ledgerOptedOut ?? listSize,
          behind: changes.behind ?? 0,
          peersPresumedDown: [],
        }),
      },
    ],
  });
}

/** `count` distinct E.164 numbers starting at `from` (US 555 test range). */
export function testNumbers(count: number, from = 0): string[] {
  return Array.from({ length: count }, (_, i) => `+1202555${String(from + i).padStart(4, "0")}`);
}

/** Writes `stacks/Pulumi.<stack>.yaml` under `dir` holding `estate` and any further config keys. */
export function writeStackFile(
  dir: string,
  stack: string,
  estate: unknown,
  extra: Record<string, unknown> = {},
): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, `Pulumi.${stack}.yaml`),
    YAML.stringify({ config: { "aws:region": "us-east-1", "messaging:estate": estate, ...extra } }),
  );
}

/** A three-Region variant of the minimal estate (us-east-1 primary; us-west-2, eu-west-1 standbys). */
export function threeRegionEstate(): ReturnType<typeof minimalEstate> {
  const estate = minimalEstate();
  (estate.standbyRegions as string[]).push("eu-west-1");
  const regions = estate.regions as Record<string, unknown>;
  regions["eu-west-1"] = regionCopy(regions["us-west-2"], "eu-west-1");
  return estate;
}

/** Output and exit code of one in-process `failover` run. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The arguments that send the CLI to `aws`: `--region-endpoints` when the endpoint has a
 * listener per Region (so a dead Region fails at the transport), else `--endpoint-url`.
 */
export function endpointArgs(aws: AwsEndpoint): string[] {
  return Object.keys(aws.regionUrls).length > 0
    ? ["--region-endpoints", JSON.stringify(aws.regionUrls)]
    : ["--endpoint-url", aws.url];
}

/**
 * Runs the failover CLI in-process against `aws`, with fast retries and test credentials.
 * Requests time out after 1.5 s (`--timeout-ms` in `args` overrides it): short enough that a
 * silent Region costs seconds, long enough for a loaded test machine.
 */
export async function runCli(
  aws: AwsEndpoint,
  args: readonly string[],
  io: Partial<FailoverIo> = {},
): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await runFailover([...endpointArgs(aws), "--timeout-ms", "1500", ...args], {
    credentials: TEST_CREDENTIALS,
    retry: { baseDelayMs: 1, maxDelayMs: 10, maxAttempts: 2, maxThrottledAttempts: 50 },
    progress: silentProgress,
    ...io,
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
  });
  return { code, stdout, stderr };
}
