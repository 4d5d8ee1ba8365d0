/**
 * Test support: the local AWS endpoint seeded with what `pulumi up` of an estate would have
 * created (per Region and use case: an opt-out list, an ACTIVE number on it, a pool on the
 * list with shared routes off, a protect configuration and a configuration set naming it),
 * plus the pointer parameters. Shared by the failover specs and `npm run bench:failover`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
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
import { minimalEstate } from "./estate";

/** Credentials the endpoint accepts (it reads only the Region of the signature). */
export const TEST_CREDENTIALS = { accessKeyId: "AKIDTEST", secretAccessKey: "test" };

/** What was seeded for one use case in one Region. */
export interface SeededUseCase {
  readonly listName: string;
  readonly poolId: string;
  readonly poolArn: string;
  readonly configurationSetName: string;
  readonly protectConfigurationId: string;
  readonly phoneNumberId: string;
}

/** Options of {@link seedEstate}. */
export interface SeedEstateOptions {
  /** Opted-out numbers per Region, per use case. Default: none. */
  readonly optOuts?: Record<string, Record<string, readonly string[]>>;
  /** Pointers to write, or false for none. Default: the primary Region for every use case. */
  readonly pointers?: ActiveRegions | false;
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
  for (const region of estateRegions(estate)) {
    seeded[region] = {};
    for (const useCase of useCases) {
      const name = `${estate.namePrefix}-${useCase}`;
      const phoneNumber = `+1206555${String(1000 + serial++).padStart(4, "0")}`;
      const result = aws.state.seed(region, {
        optOutLists: [{ name, optedOutNumbers: [...(options.optOuts?.[region]?.[useCase] ?? [])] }],
        phoneNumbers: [
          { phoneNumber, optOutListName: name, messageType: estate.useCases[useCase].messageType },
        ],
        pools: [{ members: [phoneNumber], optOutListName: name, sharedRoutesEnabled: false }],
        protectConfigurations: [{ deletionProtectionEnabled: true }],
      });
      const protect = result.protectConfigurations[0];
      aws.state.seed(region, {
        configurationSets: [{ name, protectConfigurationId: protect.id }],
      });
      seeded[region][useCase] = {
        listName: name,
        poolId: result.pools[0].id,
        poolArn: result.pools[0].arn,
        configurationSetName: name,
        protectConfigurationId: protect.id,
        phoneNumberId: result.phoneNumbers[0].id,
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
            value: renderPointer({ useCase, region: from, ...target }),
          };
        }),
      });
    }
  }
  return seeded;
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
  regions["eu-west-1"] = JSON.parse(JSON.stringify(regions["us-west-2"]));
  return estate;
}

/** Output and exit code of one in-process `failover` run. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the failover CLI in-process against `aws`, with fast retries and test credentials. */
export async function runCli(
  aws: AwsEndpoint,
  args: readonly string[],
  io: Partial<FailoverIo> = {},
): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await runFailover(["--endpoint-url", aws.url, "--timeout-ms", "400", ...args], {
    credentials: TEST_CREDENTIALS,
    retry: { baseDelayMs: 1, maxDelayMs: 10, maxAttempts: 2, maxThrottledAttempts: 50 },
    progress: silentProgress,
    ...io,
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
  });
  return { code, stdout, stderr };
}
