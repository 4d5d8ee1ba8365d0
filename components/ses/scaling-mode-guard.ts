/**
 * A per-pool guard that turns a change of a dedicated IP pool's scaling mode into an error at
 * `pulumi preview` which names the config key and says what to do instead.
 *
 * Why a resource. The program never sees the previous state, so it cannot tell a changed mode
 * from a new pool. A provider's `check` can: the engine hands it the inputs recorded at the
 * last deployment (`olds`) beside the new ones (`news`). This dynamic resource records the mode
 * each pool was last deployed with, and its `check` fails when the config asks for another.
 * The pool `dependsOn` it, so the engine checks the guard, and stops, before it plans the
 * pool's replacement; the pool's `protect`/`retainOnDelete` (ip-pool.ts) remain as the second
 * line, with Pulumi's generic "protected resource" message.
 *
 * Why both directions. SES cannot convert MANAGED to STANDARD at all (API reference,
 * `PutDedicatedIpPoolScalingAttributes`: "Changing the scaling mode from MANAGED to STANDARD
 * is not supported"). STANDARD to MANAGED SES can do in place, but `scalingMode` forces
 * replacement in @pulumi/aws (Terraform's `aws_sesv2_dedicated_ip_pool.scaling_mode` is
 * ForceNew), so a config edit alone would delete the pool. The safe way converts in SES first
 * and then tells the guard so with `convertedFromStandard: true` in the pool's config.
 *
 * The guard makes no cloud call and holds nothing in AWS: create, update and delete only move
 * its inputs in and out of state. It guards from the first deployment that records it.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  changedKeys,
  checkKnownKeys,
  type CheckFailure,
  type CrudProvider,
  isUnknown,
  pick,
} from "../protect/provider-inputs";
import type { ScalingMode } from "./ip-pool";

/** Inputs of {@link ScalingModeGuard} as the provider receives them (and its state). */
export interface ScalingModeGuardInputs {
  /** AWS Region of the pool. Required. */
  region: string;
  /** The pool's SES name. Required. */
  poolName: string;
  /** The scaling mode the config asks for. Required. */
  scalingMode: ScalingMode;
  /** Config path of the pool, e.g. `messaging:estate.ses.regions.us-east-1.pools.bulk`. Required. */
  configPath: string;
  /** True once the pool was converted STANDARD→MANAGED in SES itself. Default false. */
  convertedFromStandard?: boolean;
}

const INPUT_KEYS = ["region", "poolName", "scalingMode", "configPath", "convertedFromStandard"];
const REQUIRED_STRINGS = ["region", "poolName", "configPath"] as const;
const MODES: readonly string[] = ["MANAGED", "STANDARD"];

/** Where docs/ses.md explains the rule and both ways of changing a mode on purpose. */
const DOCS = 'docs/ses.md, "The scaling-mode rule"';

/**
 * Why a pool may not go from the mode in `olds` to the mode in `news`, or undefined when it
 * may: the same mode, a new guard (no `olds` mode yet), an unknown value during preview, or
 * STANDARD→MANAGED acknowledged with `convertedFromStandard` after converting in SES.
 *
 * @param olds - inputs recorded at the last deployment; `{}` for a new guard. No default.
 * @param news - inputs of this deployment. No default.
 */
export function scalingModeChangeError(
  olds: Partial<ScalingModeGuardInputs>,
  news: Partial<ScalingModeGuardInputs>,
): string | undefined {
  const from: unknown = olds.scalingMode;
  const to: unknown = news.scalingMode;
  if (!MODES.includes(from as string) || !MODES.includes(to as string) || from === to) {
    return undefined;
  }
  const { region, poolName, configPath } = news;
  const key = `${configPath}.scalingMode`;
  if (from === "MANAGED") {
    return (
      `${key} changed from MANAGED to STANDARD, which SES does not support (and replacing ` +
      `pool "${poolName}" in ${region} would release the IPs SES warmed for it). Set ${key} ` +
      `back to MANAGED. To send from leased IPs, declare a new STANDARD pool under a new name ` +
      `(with dedicatedIps and a warmup), move the use cases to it one at a time ` +
      `(useCases.<name>.pool) as it warms, and only then retire "${poolName}" (${DOCS}).`
    );
  }
  if (news.convertedFromStandard === true) return undefined;
  return (
    `${key} changed from STANDARD to MANAGED. SES can convert pool "${poolName}" in place, but ` +
    `the AWS provider would replace it, and deleting it drops its IPs into ` +
    `ses-default-dedicated-pool. Set ${key} back to STANDARD and convert in SES instead: ` +
    `(1) aws sesv2 put-dedicated-ip-pool-scaling-attributes --region ${region} ` +
    `--pool-name ${poolName} --scaling-mode MANAGED; (2) pulumi refresh; ` +
    `(3) pulumi state delete each DedicatedIpAssignment of the pool (deleting them for real ` +
    `would move the IPs out of it); (4) set ${key} to MANAGED, remove dedicatedIps and ` +
    `warmup, and add ${configPath}.convertedFromStandard: true; then pulumi up (${DOCS}).`
  );
}

/** Validates the shape of `news` (unknown values pass: they are checked again at `up`). */
function checkShape(news: Record<string, unknown>): CheckFailure[] {
  const failures = checkKnownKeys(news, INPUT_KEYS);
  const known = (key: string) => news[key] !== undefined && !isUnknown(news[key]);
  for (const key of REQUIRED_STRINGS) {
    if (news[key] === undefined || (known(key) && !(typeof news[key] === "string" && news[key]))) {
      failures.push({ property: key, reason: `${key} is required (a non-empty string)` });
    }
  }
  if (
    news.scalingMode === undefined ||
    (known("scalingMode") && !MODES.includes(news.scalingMode as string))
  ) {
    failures.push({ property: "scalingMode", reason: "scalingMode must be MANAGED or STANDARD" });
  }
  if (known("convertedFromStandard") && typeof news.convertedFromStandard !== "boolean") {
    failures.push({
      property: "convertedFromStandard",
      reason: "convertedFromStandard must be true or false",
    });
  }
  return failures;
}

/**
 * The dynamic provider. `check` refuses a scaling-mode change (see
 * {@link scalingModeChangeError}); `diff` never replaces, because there is nothing in AWS to
 * replace; the rest only stores inputs.
 */
export const scalingModeGuardProvider: CrudProvider<
  ScalingModeGuardInputs,
  ScalingModeGuardInputs
> = {
  async check(olds, news) {
    const failures = checkShape(news as unknown as Record<string, unknown>);
    const error = scalingModeChangeError(olds ?? {}, news);
    if (error) failures.push({ property: "scalingMode", reason: error });
    return { inputs: pick(news, INPUT_KEYS), failures };
  },

  async diff(_id, olds, news) {
    return {
      changes: changedKeys(olds, news, INPUT_KEYS).length > 0,
      replaces: [],
      deleteBeforeReplace: false,
    };
  },

  async create(inputs) {
    return {
      id: `${inputs.region}/${inputs.poolName}`,
      outs: pick<ScalingModeGuardInputs>(inputs, INPUT_KEYS),
    };
  },

  async read(id, props) {
    // Nothing in AWS to read: the state is the record.
    return { id, props };
  },

  async update(_id, _olds, news) {
    return { outs: pick<ScalingModeGuardInputs>(news, INPUT_KEYS) };
  },

  async delete() {
    // Nothing in AWS to delete.
  },
};

/** Arguments of {@link ScalingModeGuard}. */
export interface ScalingModeGuardArgs {
  /** AWS Region of the pool. Required. */
  region: string;
  /** The pool's SES name. Required. */
  poolName: string;
  /** The scaling mode the pool is declared with. Required (no default: always explicit). */
  scalingMode: ScalingMode;
  /**
   * Config path of the pool, named in the error so the reader knows which line to revert,
   * e.g. `messaging:estate.ses.regions.us-east-1.pools.bulk`. Required.
   */
  configPath: string;
  /**
   * True once the pool was converted STANDARD→MANAGED in SES itself
   * (`PutDedicatedIpPoolScalingAttributes`) and the stack refreshed: the guard then lets
   * that one change through. Default false.
   */
  convertedFromStandard?: boolean;
}

/**
 * Records a pool's scaling mode and refuses a change of it at `pulumi preview`.
 * Type token `pulumi-nodejs:dynamic/ses:ScalingModeGuard`.
 */
export class ScalingModeGuard extends pulumi.dynamic.Resource {
  /** The scaling mode recorded for the pool. */
  declare public readonly scalingMode: pulumi.Output<ScalingMode>;

  constructor(name: string, args: ScalingModeGuardArgs, opts?: pulumi.CustomResourceOptions) {
    super(scalingModeGuardProvider, name, { ...args }, opts, "ses", "ScalingModeGuard");
  }
}
