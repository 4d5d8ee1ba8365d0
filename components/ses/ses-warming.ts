/**
 * SES warming across Regions: one {@link SesWarmingRegion} per `ses.regions` key, in
 * alphabetical order, and the warm-up caps of every STANDARD pool for a given date.
 *
 * SES Regions are independent of the SMS estate's Regions (see the `ses` field of
 * `estateSchema`): this component neither requires nor assumes that an SES Region is the
 * SMS primary or a standby.
 */
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_NAME_PREFIX, sesNames } from "../../lib/naming";
import { estateTags } from "../tags";
import type { ReputationThresholds } from "./reputation-alarms";
import { SesWarmingRegion, type SesPoolArgs, type SesUseCaseArgs } from "./ses-warming-region";
import type { MailboxProvider, PlanPhase } from "./warmup-plan";

/** Arguments of {@link SesWarming}. */
export interface SesWarmingArgs {
  /** Account that owns the SES resources. Required. */
  account: string;
  /** Prefix of configuration set names (`<namePrefix>-email-<use case>`). Default: "messaging". */
  namePrefix?: string;
  /** Per SES Region (any AWS Region with SES, independent of the SMS Regions): pools and use cases. Required. */
  regions: Record<string, SesRegionArgs>;
  /** The estate's tags; `messaging:managed-by` is added. Default: none. */
  tags?: Record<string, string>;
  /** Alarm threshold overrides for every Region. Default: warning at half SES's review levels, review at them (reputation-thresholds.ts). */
  alarmThresholds?: Partial<ReputationThresholds>;
}

/** The pools and use cases of one SES Region. */
export interface SesRegionArgs {
  /** Dedicated IP pools by SES pool name. Default: none. */
  pools?: Record<string, SesPoolArgs>;
  /** Sending use cases by name. Default: none. */
  useCases?: Record<string, SesUseCaseArgs>;
}

/** A STANDARD pool's warm-up cap on one date, as the stack exports it. */
export interface WarmupCapOutput {
  /** The date the cap is for (ISO `yyyy-mm-dd`). */
  asOf: string;
  /** `before-start`, `warming` or `complete` (the target is the steady state). */
  phase: PlanPhase;
  /** Day of the plan (1 = start date; 0 or less before it). */
  day: number;
  /** Messages per day allowed per mailbox provider. */
  perProvider: Record<MailboxProvider, number>;
  /** Sum of `perProvider`. */
  total: number;
  /** The plan's parameters, so a reader can tell which plan the cap comes from. */
  startDate: string;
  targetDailyVolume: number;
  engagementTier: string;
  /** Last day of the plan: the day it reaches its target, unless `reachedTarget` is false. */
  planEndsOn: string;
  /** False only when the plan's day limit cut it short of the target. */
  reachedTarget: boolean;
}

/** SES warming in every configured Region. Token `messaging:ses:Warming`. */
export class SesWarming extends pulumi.ComponentResource {
  /** Regions by name. */
  readonly regions: Record<string, SesWarmingRegion> = {};

  constructor(name: string, args: SesWarmingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("messaging:ses:Warming", name, {}, opts);
    const tags = estateTags(args.tags ?? {}, {});
    for (const region of Object.keys(args.regions).sort()) {
      this.regions[region] = new SesWarmingRegion(
        sesNames.region(name, region),
        {
          region,
          account: args.account,
          namePrefix: args.namePrefix ?? DEFAULT_NAME_PREFIX,
          pools: args.regions[region].pools,
          useCases: args.regions[region].useCases,
          alarmThresholds: args.alarmThresholds,
          tags,
        },
        { parent: this },
      );
    }
    this.registerOutputs({});
  }

  /**
   * Caps of every STANDARD pool with a plan on `date`, by Region, then pool. Regions
   * without such a pool are left out.
   *
   * @param date - ISO `yyyy-mm-dd`; no default (the program decides what "today" is).
   */
  capsOn(date: string): Record<string, Record<string, WarmupCapOutput>> {
    const out: Record<string, Record<string, WarmupCapOutput>> = {};
    for (const [region, regional] of Object.entries(this.regions)) {
      for (const [poolName, pool] of Object.entries(regional.pools)) {
        const cap = pool.capOn(date);
        if (!cap || !pool.plan) continue;
        const plan = pool.plan;
        (out[region] ??= {})[poolName] = {
          asOf: date,
          phase: cap.phase,
          day: cap.day,
          perProvider: cap.perProvider,
          total: cap.total,
          startDate: plan.startDate,
          targetDailyVolume: plan.targetDailyVolume,
          engagementTier: plan.engagementTier,
          planEndsOn: plan.days[plan.days.length - 1].date,
          reachedTarget: plan.reachedTarget,
        };
      }
    }
    return out;
  }
}
