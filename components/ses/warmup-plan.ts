/**
 * Amazon SES warm-up plan: pure schedule logic.
 *
 * No Pulumi, no I/O and no clock: every input (including the start date) is a
 * parameter, so the same inputs always give the same plan and tests need no fakes.
 */
import { SES_REVIEW_LEVELS, WARNING_LEVELS } from "./reputation-thresholds";

/** Mailbox-provider columns of the guide's table, in the guide's column order. */
export const MAILBOX_PROVIDERS = [
  "gmail.com",
  "hotmail.com",
  "outlook.com",
  "yahoo.com",
  "icloud.com",
  "aol.com",
  "others",
] as const;

/** One of {@link MAILBOX_PROVIDERS}. */
export type MailboxProvider = (typeof MAILBOX_PROVIDERS)[number];

/** A message count for every mailbox provider. */
export type ProviderVolumes = Record<MailboxProvider, number>;

/** Engagement tier: which ramp to follow. */
export type EngagementTier = "standard" | "conservative";

/** Every supported engagement tier. */
export const ENGAGEMENT_TIERS: readonly EngagementTier[] = ["standard", "conservative"];

/**
 * The guide's sample plan as `[day, perProvider, dailyTotal]` rows.
 *
 * Source: AWS Messaging & Targeting blog, "Guide to IP and domain warming and
 * migrating to Amazon SES", sample 40-day warm-up plan. In the guide all seven
 * provider columns hold the same value each day, so one per-provider figure per row
 * is enough; the daily total is 7 × that figure. The guide states the plan applies
 * at roughly 40–60% engagement.
 */
export const GUIDE_SAMPLE_PLAN: ReadonlyArray<
  readonly [day: number, perProvider: number, dailyTotal: number]
> = [
  [1, 150, 1_050],
  [2, 300, 2_100],
  [3, 600, 4_200],
  [4, 1_200, 8_400],
  [5, 2_400, 16_800],
  [6, 5_000, 35_000],
  [7, 10_000, 70_000],
  [8, 20_000, 140_000],
  [9, 40_000, 280_000],
  [10, 80_000, 560_000],
  [11, 150_000, 1_050_000],
  [12, 300_000, 2_100_000],
  [13, 425_000, 2_975_000],
  [14, 500_000, 3_500_000],
  [15, 600_000, 4_200_000],
  [16, 650_000, 4_550_000],
  [17, 700_000, 4_900_000],
  [18, 800_000, 5_600_000],
  [19, 900_000, 6_300_000],
  [20, 1_000_000, 7_000_000],
  [21, 1_100_000, 7_700_000],
  [22, 1_200_000, 8_400_000],
  [23, 1_300_000, 9_100_000],
  [24, 1_400_000, 9_800_000],
  [25, 1_500_000, 10_500_000],
  [26, 1_600_000, 11_200_000],
  [27, 1_700_000, 11_900_000],
  [28, 1_800_000, 12_600_000],
  [29, 1_900_000, 13_300_000],
  [30, 2_000_000, 14_000_000],
  [31, 2_100_000, 14_700_000],
  [32, 2_200_000, 15_400_000],
  [33, 2_300_000, 16_100_000],
  [34, 2_400_000, 16_800_000],
  [35, 2_500_000, 17_500_000],
  [36, 2_600_000, 18_200_000],
  [37, 2_700_000, 18_900_000],
  [38, 2_800_000, 19_600_000],
  [39, 2_900_000, 20_300_000],
  [40, 3_000_000, 21_000_000],
];

/** The guide's day-40 daily total (21,000,000): the default target. */
export const GUIDE_FINAL_DAILY_TOTAL = 21_000_000;

/**
 * Daily-total increment after day 40 (700,000 = +100,000 per provider). From day 17
 * to day 40 the guide adds exactly this every day, so continuing it is the least
 * surprising extrapolation for targets above the table.
 */
export const GUIDE_TAIL_INCREMENT_TOTAL = 700_000;

/**
 * Per-provider increment after day 40 (the guide's +100,000 per provider per day from
 * day 17 to day 40, continued).
 */
export const GUIDE_TAIL_INCREMENT_PER_PROVIDER = GUIDE_TAIL_INCREMENT_TOTAL / 7;

/** Default safety bound on plan length (days), so a huge target cannot loop forever. */
export const DEFAULT_MAX_DAYS = 365;

/** Inputs of {@link buildWarmupPlan}. */
export interface WarmupPlanParams {
  /**
   * First day of the plan, ISO `yyyy-mm-dd`. Required, with no "today" default: the
   * module stays pure and a plan rebuilt tomorrow does not silently shift by a day.
   */
  startDate: string;
  /**
   * Daily volume to reach, summed over all providers (a positive integer). The plan
   * stops on the first day whose total reaches it, and that day is capped to it.
   * Default: {@link GUIDE_FINAL_DAILY_TOTAL} (21,000,000, the guide's day 40).
   */
  targetDailyVolume?: number;
  /**
   * `"standard"` (the guide's table, for 40–60% engagement) or `"conservative"`
   * (lower engagement: every step is held for two days). Default: `"standard"`.
   */
  engagementTier?: EngagementTier;
  /**
   * Relative weight per provider (non-negative, any scale; missing providers weigh 0
   * when a mix is given): each provider's share of the target. Each provider still
   * ramps at the guide's per-provider pace (see {@link buildWarmupPlan}). Default:
   * equal weights for all seven providers, which reproduces the guide exactly.
   */
  providerMix?: Partial<Record<MailboxProvider, number>>;
  /** Upper bound on plan length in days (positive integer). Default: {@link DEFAULT_MAX_DAYS}. */
  maxDays?: number;
}

/** One day of a plan. */
export interface WarmupDay {
  /** Day number, 1-based. */
  day: number;
  /** Calendar date, ISO `yyyy-mm-dd` (UTC calendar arithmetic). */
  date: string;
  /** Guide step (table row, or tail position beyond 40) this day follows. */
  step: number;
  /** Daily cap per provider. */
  perProvider: ProviderVolumes;
  /** Sum of {@link WarmupDay.perProvider}. */
  total: number;
}

/** A day-by-day warm-up plan, as returned by {@link buildWarmupPlan}. */
export interface WarmupPlan {
  startDate: string;
  targetDailyVolume: number;
  engagementTier: EngagementTier;
  /** Normalised provider shares (sum to 1). */
  providerWeights: ProviderVolumes;
  /** Each provider's share of the target: the most it is ever planned to receive per day. */
  targetPerProvider: ProviderVolumes;
  days: WarmupDay[];
  /** True when the last day's total equals the target (false only if `maxDays` cut the plan). */
  reachedTarget: boolean;
  /** Sum of every day's total. */
  cumulativeTotal: number;
}

/** A daily cap: per provider and in total. */
export interface DayCap {
  perProvider: ProviderVolumes;
  total: number;
}

/**
 * The guide's daily total for a step: the table for steps 1–40, then the linear
 * tail (+700,000 per step).
 *
 * @param step - 1-based step (positive integer); no default.
 */
export function guideDailyTotal(step: number): number {
  if (!Number.isInteger(step) || step < 1) {
    throw new RangeError(`guide step must be a positive integer, got ${step}`);
  }
  if (step <= GUIDE_SAMPLE_PLAN.length) return GUIDE_SAMPLE_PLAN[step - 1][2];
  return GUIDE_FINAL_DAILY_TOTAL + (step - GUIDE_SAMPLE_PLAN.length) * GUIDE_TAIL_INCREMENT_TOTAL;
}

/**
 * The guide's figure for one mailbox provider at a step: every provider column of the
 * table (they are all equal), then the linear tail (+100,000 per step).
 *
 * @param step - 1-based step (positive integer); no default.
 */
export function guidePerProvider(step: number): number {
  if (!Number.isInteger(step) || step < 1) {
    throw new RangeError(`guide step must be a positive integer, got ${step}`);
  }
  if (step <= GUIDE_SAMPLE_PLAN.length) return GUIDE_SAMPLE_PLAN[step - 1][1];
  const last = GUIDE_SAMPLE_PLAN[GUIDE_SAMPLE_PLAN.length - 1][1];
  return last + (step - GUIDE_SAMPLE_PLAN.length) * GUIDE_TAIL_INCREMENT_PER_PROVIDER;
}

/**
 * Which guide step a day follows in a tier.
 *
 * Conservative rule: hold every step for two days (`step = ceil(day / 2)`). The guide
 * itself advises, below 40–60% engagement, to "hold a step for a couple of days", so
 * this uses the guide's own remedy rather than an invented multiplier. Because
 * `ceil(day / 2) <= day` and the guide's totals never decrease, a conservative day can
 * never exceed the standard day with the same number.
 *
 * @param tier - engagement tier; no default.
 * @param day - 1-based day number; no default.
 */
export function tierStep(tier: EngagementTier, day: number): number {
  return tier === "conservative" ? Math.ceil(day / 2) : day;
}

/**
 * Build a day-by-day warm-up plan.
 *
 * Every provider in the mix ramps on the guide's own per-provider column
 * ({@link guidePerProvider}: 150 on day 1, 20,000 on day 8, …), capped at its share of
 * the target; a provider with weight 0 gets nothing. So no provider is ever sent more
 * than the guide allows it on that day, whatever the mix: the weights decide where
 * each provider's ramp stops (its share of the steady-state volume), not how fast it
 * climbs. A provider with a large share therefore ramps past day 40 on the guide's
 * tail (+100,000 a day), and the day's total may be below the guide's daily total
 * (fewer providers are being warmed). With no mix, every provider weighs the same and
 * the plan is the guide's table exactly.
 *
 * Rounding of the target shares: `floor(target × share)`, where `share` is the weight
 * divided by the sum of weights (a relative 1e-12 tolerance absorbs binary
 * floating-point error so that e.g. 0.3 × 21,000,000 gives 6,300,000, not 6,299,999),
 * with the leftover units (fewer than the number of providers) handed out one each to
 * the largest fractional parts, ties in {@link MAILBOX_PROVIDERS} order, so the shares
 * sum to the target exactly and no day exceeds it. Capping per provider (rather than
 * only on the last day) keeps every value monotone in the step, which is what
 * guarantees the conservative tier never exceeds the standard one.
 *
 * @param params - see {@link WarmupPlanParams} for each field and its default.
 * @throws RangeError on a non-positive target, bad weights, an unknown provider, an
 *   unknown tier or a malformed date.
 */
export function buildWarmupPlan(params: WarmupPlanParams): WarmupPlan {
  const resolved = resolveParams(params);
  const { target, tier, weights, maxDays, startDate } = resolved;
  const targetPerProvider = allocate(target, weights);
  const days: WarmupDay[] = [];
  let reachedTarget = false;
  for (let day = 1; day <= maxDays && !reachedTarget; day++) {
    const step = tierStep(tier, day);
    const guide = guidePerProvider(step);
    const perProvider = mapProviders((p) =>
      weights[p] > 0 ? Math.min(guide, targetPerProvider[p]) : 0,
    );
    const total = sumVolumes(perProvider);
    days.push({ day, date: addDays(startDate, day - 1), step, perProvider, total });
    reachedTarget = total >= target;
  }
  return {
    startDate,
    targetDailyVolume: target,
    engagementTier: tier,
    providerWeights: weights,
    targetPerProvider,
    days,
    reachedTarget,
    cumulativeTotal: days.reduce((acc, d) => acc + d.total, 0),
  };
}

/** Where a date falls relative to a plan. */
export type PlanPhase = "before-start" | "warming" | "complete";

/** Result of {@link todaysCap}. */
export interface DateCap extends DayCap {
  phase: PlanPhase;
  /** Day number relative to the start (1 = start date; 0 or negative before it). */
  day: number;
  /** Index into `plan.days` that applies, or null before the start. */
  dayIndex: number | null;
}

/**
 * The cap that applies on a calendar date: zero before the start, the plan's day
 * while warming, and the final day's values after the plan ends (the target is the
 * steady state, not a stop).
 *
 * @param plan - a plan from {@link buildWarmupPlan}; no default.
 * @param date - ISO `yyyy-mm-dd`; no default (pass today's date explicitly).
 * @throws RangeError on a malformed date or an empty plan.
 */
export function todaysCap(plan: WarmupPlan, date: string): DateCap {
  assertIsoDate(date, "date");
  if (plan.days.length === 0) throw new RangeError("plan has no days");
  const day = daysBetween(plan.startDate, date) + 1;
  if (day < 1) {
    return { phase: "before-start", day, dayIndex: null, perProvider: zeroVolumes(), total: 0 };
  }
  const last = plan.days.length - 1;
  const dayIndex = Math.min(day - 1, last);
  const { perProvider, total } = plan.days[dayIndex];
  const phase: PlanPhase = day - 1 > last ? "complete" : "warming";
  return { phase, day, dayIndex, perProvider: { ...perProvider }, total };
}

/**
 * Bounce and complaint thresholds (rates as fractions: 0.05 = 5%).
 *
 * Defaults come from reputation-thresholds.ts, which the reputation alarms use too, so
 * the plan holds where the warning alarm fires and steps back where the review alarm does:
 * hold at half of SES's review levels (2.5% bounces, 0.05% complaints: the guide's
 * "negative trend", our choice), step back at the review levels themselves (5%,
 * 0.1%: Amazon SES Developer Guide, "Sending review process FAQs"). Waiting for SES's pause
 * levels (10%, 0.5%) would step back only once the account is already under review.
 */
export interface SignalThresholds {
  /** Bounce rate at or above which the ramp holds. Default 0.025 (2.5%, the warning level). */
  bounceHoldRate: number;
  /** Bounce rate at or above which the ramp steps back. Default 0.05 (5%, SES's review level). */
  bounceStepBackRate: number;
  /** Complaint rate at or above which the ramp holds. Default 0.0005 (0.05%, the warning level). */
  complaintHoldRate: number;
  /** Complaint rate at or above which the ramp steps back. Default 0.001 (0.1%, SES's review level). */
  complaintStepBackRate: number;
}

/** Hold at the warning levels, step back at SES's review levels; see {@link SignalThresholds}. */
export const DEFAULT_SIGNAL_THRESHOLDS: Readonly<SignalThresholds> = Object.freeze({
  bounceHoldRate: WARNING_LEVELS.bounceRate,
  bounceStepBackRate: SES_REVIEW_LEVELS.bounceRate,
  complaintHoldRate: WARNING_LEVELS.complaintRate,
  complaintStepBackRate: SES_REVIEW_LEVELS.complaintRate,
});

/** A count either in total or per provider (missing providers count 0). */
export type SignalCount = number | Partial<Record<MailboxProvider, number>>;

/** Yesterday's figures for {@link adjustForSignals}. */
export interface YesterdayFigures {
  /** Index into `plan.days` of the step used yesterday (0-based); no default. */
  dayIndex: number;
  /**
   * The cap actually applied yesterday; returned unchanged on "hold" so an operator's
   * manual override is repeated rather than replaced. Default: `plan.days[dayIndex]`.
   */
  cap?: DayCap;
  /** Messages sent; a number, or per provider. No default. */
  sent: SignalCount;
  /** Hard (permanent) bounces; same shape as `sent`. No default. */
  hardBounces: SignalCount;
  /** Complaints; same shape as `sent`. No default. */
  complaints: SignalCount;
}

/** What to do today. */
export type SignalAction = "advance" | "hold" | "step-back";

/** Result of {@link adjustForSignals}. */
export interface SignalDecision {
  action: SignalAction;
  /** Index into `plan.days` to use today. */
  dayIndex: number;
  /** Today's cap. */
  cap: DayCap;
  /** Human-readable explanation, naming the rate and provider that decided it. */
  reason: string;
}

/**
 * Decide today's cap from yesterday's sending signals.
 *
 * - step back when a bounce or complaint rate is at or above its step-back level
 *   (to the latest earlier day with a strictly lower total, so a conservative plan's
 *   repeated days are not mistaken for a step);
 * - hold (repeat yesterday's cap) when a rate is at or above its hold level, or when
 *   nothing was sent (no evidence that the next step is safe);
 * - otherwise advance one day (staying on the last day once the target is reached).
 *
 * With per-provider figures every provider that sent mail is judged separately and
 * the worst one decides, because a single strict provider (the guide singles out
 * Gmail) is enough to hurt reputation. Rates are counts ÷ sent, so they are
 * computed on yesterday's sends even though some bounces and complaints arrive late.
 *
 * @param plan - plan from {@link buildWarmupPlan}; no default.
 * @param yesterday - see {@link YesterdayFigures}; no default.
 * @param thresholds - partial overrides; default {@link DEFAULT_SIGNAL_THRESHOLDS}.
 * @throws RangeError on a bad index, negative or non-integer counts, mixed shapes,
 *   unknown providers or thresholds where a step-back level is below its hold level.
 */
export function adjustForSignals(
  plan: WarmupPlan,
  yesterday: YesterdayFigures,
  thresholds: Partial<SignalThresholds> = {},
): SignalDecision {
  const t = resolveThresholds(thresholds);
  const last = plan.days.length - 1;
  const y = yesterday.dayIndex;
  if (!Number.isInteger(y) || y < 0 || y > last) {
    throw new RangeError(`dayIndex must be an integer between 0 and ${last}, got ${y}`);
  }
  const capOf = (i: number): DayCap => ({
    perProvider: { ...plan.days[i].perProvider },
    total: plan.days[i].total,
  });
  const verdict = judgeSignals(yesterday, t);

  if (verdict.severity === "bad") {
    let target = 0;
    for (let i = y - 1; i >= 0; i--) {
      if (plan.days[i].total < plan.days[y].total) {
        target = i;
        break;
      }
    }
    const note = y === 0 ? " (already at the first step, so staying there)" : "";
    return {
      action: "step-back",
      dayIndex: target,
      cap: capOf(target),
      reason: `${verdict.reason}: step back${note}`,
    };
  }
  if (verdict.severity === "elevated") {
    const cap = yesterday.cap
      ? { perProvider: { ...yesterday.cap.perProvider }, total: yesterday.cap.total }
      : capOf(y);
    return { action: "hold", dayIndex: y, cap, reason: `${verdict.reason}: hold yesterday's cap` };
  }
  const next = Math.min(y + 1, last);
  const note =
    next !== y
      ? ""
      : plan.reachedTarget
        ? "; the plan is complete, so today's cap stays at the target"
        : "; the plan has no later day (it was cut at maxDays), so today's cap stays";
  return {
    action: "advance",
    dayIndex: next,
    cap: capOf(next),
    reason: `${verdict.reason}${note}`,
  };
}

// ---------------------------------------------------------------------------
// Internals

interface ResolvedParams {
  startDate: string;
  target: number;
  tier: EngagementTier;
  weights: ProviderVolumes;
  maxDays: number;
}

function resolveParams(params: WarmupPlanParams): ResolvedParams {
  assertIsoDate(params.startDate, "startDate");
  const target = params.targetDailyVolume ?? GUIDE_FINAL_DAILY_TOTAL;
  if (!Number.isSafeInteger(target) || target <= 0) {
    throw new RangeError(
      `targetDailyVolume must be a positive whole number of messages per day, got ${target}`,
    );
  }
  const tier = params.engagementTier ?? "standard";
  if (!ENGAGEMENT_TIERS.includes(tier)) {
    throw new RangeError(
      `engagementTier must be one of ${ENGAGEMENT_TIERS.join(", ")}, got ${String(tier)}`,
    );
  }
  const maxDays = params.maxDays ?? DEFAULT_MAX_DAYS;
  if (!Number.isSafeInteger(maxDays) || maxDays < 1) {
    throw new RangeError(`maxDays must be a positive integer, got ${maxDays}`);
  }
  return {
    startDate: params.startDate,
    target,
    tier,
    weights: normaliseMix(params.providerMix),
    maxDays,
  };
}

function normaliseMix(mix: Partial<Record<MailboxProvider, number>> | undefined): ProviderVolumes {
  if (mix === undefined) return mapProviders(() => 1 / MAILBOX_PROVIDERS.length);
  for (const [key, value] of Object.entries(mix)) {
    if (!isProvider(key)) {
      throw new RangeError(
        `providerMix has unknown provider "${key}"; use one of ${MAILBOX_PROVIDERS.join(", ")}`,
      );
    }
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw new RangeError(
        `providerMix["${key}"] must be a finite number >= 0, got ${String(value)}`,
      );
    }
  }
  const sum = MAILBOX_PROVIDERS.reduce((acc, p) => acc + (mix[p] ?? 0), 0);
  if (!(sum > 0)) {
    throw new RangeError(
      "providerMix weights must sum to more than 0; give at least one provider a positive weight",
    );
  }
  return mapProviders((p) => (mix[p] ?? 0) / sum);
}

/** Tolerance for flooring products of fractional shares (see buildWarmupPlan). */
const EPSILON = 1e-12;

function floorShare(total: number, share: number): number {
  const exact = total * share;
  return Math.floor(exact + Math.max(1, exact) * EPSILON);
}

function splitByShares(total: number, weights: ProviderVolumes): ProviderVolumes {
  return mapProviders((p) => floorShare(total, weights[p]));
}

/** Largest-remainder split of `total`: sums to `total` exactly. */
function allocate(total: number, weights: ProviderVolumes): ProviderVolumes {
  const base = splitByShares(total, weights);
  let leftover = total - sumVolumes(base);
  const byRemainder = MAILBOX_PROVIDERS.map((p, order) => ({
    p,
    order,
    rem: weights[p] > 0 ? total * weights[p] - base[p] : -1,
  })).sort((a, b) => b.rem - a.rem || a.order - b.order);
  for (const { p } of byRemainder) {
    if (leftover <= 0) break;
    base[p] += 1;
    leftover -= 1;
  }
  return base;
}

interface Verdict {
  severity: "ok" | "elevated" | "bad";
  reason: string;
}

function judgeSignals(y: YesterdayFigures, t: SignalThresholds): Verdict {
  const kinds = [typeof y.sent, typeof y.hardBounces, typeof y.complaints];
  if (new Set(kinds).size !== 1) {
    throw new RangeError(
      "sent, hardBounces and complaints must all be totals (numbers) or all be per-provider records",
    );
  }
  const samples: Array<{ label: string; sent: number; bounces: number; complaints: number }> = [];
  if (typeof y.sent === "number") {
    samples.push({
      label: "all providers",
      sent: checkCount(y.sent, "sent"),
      bounces: checkCount(y.hardBounces as number, "hardBounces"),
      complaints: checkCount(y.complaints as number, "complaints"),
    });
  } else {
    const records = {
      sent: y.sent,
      hardBounces: y.hardBounces as Partial<ProviderVolumes>,
      complaints: y.complaints as Partial<ProviderVolumes>,
    };
    for (const [name, record] of Object.entries(records)) {
      for (const key of Object.keys(record)) {
        if (!isProvider(key)) {
          throw new RangeError(
            `${name} has unknown provider "${key}"; use one of ${MAILBOX_PROVIDERS.join(", ")}`,
          );
        }
      }
    }
    for (const p of MAILBOX_PROVIDERS) {
      samples.push({
        label: p,
        sent: checkCount(records.sent[p] ?? 0, `sent["${p}"]`),
        bounces: checkCount(records.hardBounces[p] ?? 0, `hardBounces["${p}"]`),
        complaints: checkCount(records.complaints[p] ?? 0, `complaints["${p}"]`),
      });
    }
  }
  const judged = samples.filter((s) => s.sent > 0);
  if (judged.length === 0) {
    return {
      severity: "elevated",
      reason: "nothing was sent yesterday, so there is no evidence for a step up",
    };
  }
  const rank = { ok: 0, elevated: 1, bad: 2 } as const;
  let worst: Verdict = {
    severity: "ok",
    reason: "bounce and complaint rates are below the hold levels",
  };
  const pct = (r: number) => `${(r * 100).toFixed(3).replace(/\.?0+$/, "")}%`;
  for (const s of judged) {
    const checks = [
      {
        name: "bounce",
        rate: s.bounces / s.sent,
        hold: t.bounceHoldRate,
        back: t.bounceStepBackRate,
      },
      {
        name: "complaint",
        rate: s.complaints / s.sent,
        hold: t.complaintHoldRate,
        back: t.complaintStepBackRate,
      },
    ];
    for (const c of checks) {
      const severity = c.rate >= c.back ? "bad" : c.rate >= c.hold ? "elevated" : "ok";
      if (rank[severity] > rank[worst.severity]) {
        const level = severity === "bad" ? c.back : c.hold;
        worst = {
          severity,
          reason: `${c.name} rate ${pct(c.rate)} (${s.label}) is at or above the ${severity === "bad" ? "step-back" : "hold"} level ${pct(level)}`,
        };
      }
    }
  }
  return worst;
}

function resolveThresholds(overrides: Partial<SignalThresholds>): SignalThresholds {
  const t = { ...DEFAULT_SIGNAL_THRESHOLDS, ...overrides };
  for (const [name, value] of Object.entries(t)) {
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw new RangeError(`threshold ${name} must be a finite rate >= 0, got ${String(value)}`);
    }
  }
  if (t.bounceStepBackRate < t.bounceHoldRate || t.complaintStepBackRate < t.complaintHoldRate) {
    throw new RangeError("each step-back threshold must be at or above its hold threshold");
  }
  return t;
}

function checkCount(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a whole number >= 0, got ${String(value)}`);
  }
  return value;
}

function isProvider(key: string): key is MailboxProvider {
  return (MAILBOX_PROVIDERS as readonly string[]).includes(key);
}

function mapProviders(f: (p: MailboxProvider) => number): ProviderVolumes {
  return Object.fromEntries(MAILBOX_PROVIDERS.map((p) => [p, f(p)])) as ProviderVolumes;
}

function zeroVolumes(): ProviderVolumes {
  return mapProviders(() => 0);
}

function sumVolumes(v: ProviderVolumes): number {
  return MAILBOX_PROVIDERS.reduce((acc, p) => acc + v[p], 0);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/**
 * Throw unless `value` is a real calendar date in ISO `yyyy-mm-dd` form.
 *
 * @param value - candidate date; no default.
 * @param name - parameter name for the message; default `"date"`.
 */
export function assertIsoDate(value: unknown, name = "date"): asserts value is string {
  const m = typeof value === "string" ? ISO_DATE.exec(value) : null;
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || new Date(ms).toISOString().slice(0, 10) !== value) {
    throw new RangeError(
      `${name} must be a calendar date in ISO form yyyy-mm-dd, got ${String(value)}`,
    );
  }
}

function toUtcMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

/**
 * Add whole days to an ISO date (UTC calendar, so no daylight-saving surprises).
 *
 * @param date - ISO `yyyy-mm-dd`; no default.
 * @param days - integer offset; no default.
 */
export function addDays(date: string, days: number): string {
  return new Date(toUtcMs(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Whole days from `from` to `to` (negative when `to` is earlier).
 *
 * @param from - ISO `yyyy-mm-dd`; no default.
 * @param to - ISO `yyyy-mm-dd`; no default.
 */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);
}
