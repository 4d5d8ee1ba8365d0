/**
 * One SES dedicated IP pool and, for a STANDARD pool, the warm-up plan that governs it.
 *
 * ## How a scaling-mode change is stopped (the scaling-mode rule)
 *
 * SES cannot convert a MANAGED pool to STANDARD, and the AWS provider (like Terraform's
 * `aws_sesv2_dedicated_ip_pool`, whose `scaling_mode` is ForceNew) turns *any* change of
 * `scalingMode`, STANDARD→MANAGED included, into a replacement: delete the pool, create
 * it again. Deleting a MANAGED pool releases the IPs SES warmed for it; deleting a
 * STANDARD pool drops its IPs back into `ses-default-dedicated-pool` and breaks every
 * configuration set that sends through it. The config schema cannot see history, so it
 * cannot catch the change; the guards therefore sit where history is known, in the
 * Pulumi engine:
 *
 * 1. a {@link ScalingModeGuard} per pool records the mode last deployed and fails its
 *    provider's `check` at `pulumi preview` when the config asks for another, with a
 *    message naming the config key and the way to change modes on purpose; the pool
 *    `dependsOn` it, so the engine stops there before planning the pool's replacement;
 * 2. the pool's logical name and its `poolName` come from the config key only, never from
 *    the scaling mode, so a mode change is a diff on the same resource (the preview shows
 *    `scalingMode` as the reason for a replacement) rather than a silent swap of one
 *    resource for another;
 * 3. every pool is declared with `protect: true`: should the guard be bypassed (e.g. on the
 *    first deployment that records it), the engine still refuses to replace or delete a
 *    protected resource, before any API call is made;
 * 4. and with `retainOnDelete: true`: if someone lifts the protection, a replacement still
 *    cannot delete the pool (Pulumi would only forget it, and creating the new pool under
 *    the same name then fails with AlreadyExists), so warmed IPs are never released by a
 *    config edit.
 *
 * `replaceOnChanges` would do the opposite of what is wanted, and `ignoreChanges` would
 * hide the change. docs/ses.md describes how to move to another mode on purpose.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { sesNames } from "../../lib/naming";
import { ScalingModeGuard } from "./scaling-mode-guard";
import {
  buildWarmupPlan,
  todaysCap,
  type DateCap,
  type WarmupPlan,
  type WarmupPlanParams,
} from "./warmup-plan";

/** SES dedicated IP pool scaling modes. */
export type ScalingMode = "MANAGED" | "STANDARD";

/** Arguments of {@link SesIpPool}. */
export interface SesIpPoolArgs {
  /** AWS Region of the pool. Required. */
  region: string;
  /** Physical pool name (1–64 letters, digits, `-`, `_`), unique per account and Region. Required. */
  poolName: string;
  /**
   * MANAGED (SES allocates, scales and warms IPs per mailbox provider) or STANDARD (leased
   * IPs, warmed by following {@link SesIpPoolArgs.warmup}). Always sent explicitly: AWS
   * would otherwise create a STANDARD pool. Default: "MANAGED".
   */
  scalingMode?: ScalingMode;
  /** Warm-up plan parameters; used for STANDARD pools, ignored for MANAGED ones. Default: none. */
  warmup?: WarmupPlanParams;
  /**
   * True once the pool was converted STANDARD→MANAGED in SES itself, so its
   * {@link ScalingModeGuard} lets that change through. Default: false.
   */
  convertedFromStandard?: boolean;
  /**
   * Where the caller configures the pool, named in the guard's error (the YAML stack names
   * its config path). Default: `regions.<region>.pools.<poolName>`, the pool's place in
   * `SesWarming`'s arguments.
   */
  configPath?: string;
  /** Tags on the pool. Default: none. */
  tags?: Record<string, string>;
}

/**
 * Resource options every dedicated IP pool is declared with: see the module comment for
 * why each one is there. Exported so that tests (and anyone adding pools elsewhere) use
 * the same guard.
 *
 * @param parent - the component that owns the pool; no default.
 * @param guard - the pool's {@link ScalingModeGuard}, which the engine must check first; no default.
 */
export function dedicatedIpPoolOptions(
  parent: pulumi.Resource,
  guard: pulumi.Resource,
): pulumi.CustomResourceOptions {
  return { parent, protect: true, retainOnDelete: true, dependsOn: [guard] };
}

/** A dedicated IP pool and its warm-up plan. Token `messaging:ses:IpPool`. */
export class SesIpPool extends pulumi.ComponentResource {
  readonly pool: aws.sesv2.DedicatedIpPool;
  /** Refuses a change of {@link SesIpPool.scalingMode} at preview; see the module comment. */
  readonly guard: ScalingModeGuard;
  /** The pool's name, resolved once the pool exists (use it to order dependants after it). */
  readonly poolName: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;
  readonly scalingMode: ScalingMode;
  /** The day-by-day plan of a STANDARD pool with a warm-up; undefined otherwise. */
  readonly plan?: WarmupPlan;

  constructor(name: string, args: SesIpPoolArgs, opts?: pulumi.ComponentResourceOptions) {
    super("messaging:ses:IpPool", name, {}, opts);
    this.scalingMode = args.scalingMode ?? "MANAGED";
    if (this.scalingMode === "STANDARD" && args.warmup) {
      this.plan = buildWarmupPlan(args.warmup);
    }
    this.guard = new ScalingModeGuard(
      sesNames.ipPoolGuard(name),
      {
        region: args.region,
        poolName: args.poolName,
        scalingMode: this.scalingMode,
        configPath: args.configPath ?? `regions.${args.region}.pools.${args.poolName}`,
        convertedFromStandard: args.convertedFromStandard,
      },
      { parent: this },
    );
    this.pool = new aws.sesv2.DedicatedIpPool(
      sesNames.ipPoolResource(name),
      {
        region: args.region,
        poolName: args.poolName,
        scalingMode: this.scalingMode,
        tags: args.tags,
      },
      dedicatedIpPoolOptions(this, this.guard),
    );
    this.poolName = this.pool.poolName;
    this.arn = this.pool.arn;
    this.registerOutputs({ poolName: this.poolName, arn: this.arn });
  }

  /**
   * The plan's cap on a date (zero before the start, the last day's values once the
   * target is reached), or undefined for a pool without a plan.
   *
   * @param date - ISO `yyyy-mm-dd`; no default (the caller decides what "today" is).
   */
  capOn(date: string): DateCap | undefined {
    return this.plan ? todaysCap(this.plan, date) : undefined;
  }
}
