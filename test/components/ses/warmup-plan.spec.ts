import * as assert from "node:assert/strict";
import * as fc from "fast-check";
import {
  DEFAULT_SIGNAL_THRESHOLDS,
  GUIDE_SAMPLE_PLAN,
  MAILBOX_PROVIDERS,
  addDays,
  adjustForSignals,
  buildWarmupPlan,
  guideDailyTotal,
  todaysCap,
  type MailboxProvider,
  type ProviderVolumes,
  type WarmupPlan,
} from "../../../components/ses/warmup-plan";

// The guide's sample 40-day table ("Guide to IP and domain warming and migrating to
// Amazon SES", [day, perProvider, dailyTotal]); kept separate from the module's copy on
// purpose so a typo in either one fails the test.
const GUIDE_TABLE: Array<[number, number, number]> = [
  [1, 150, 1050],
  [2, 300, 2100],
  [3, 600, 4200],
  [4, 1200, 8400],
  [5, 2400, 16800],
  [6, 5000, 35000],
  [7, 10000, 70000],
  [8, 20000, 140000],
  [9, 40000, 280000],
  [10, 80000, 560000],
  [11, 150000, 1050000],
  [12, 300000, 2100000],
  [13, 425000, 2975000],
  [14, 500000, 3500000],
  [15, 600000, 4200000],
  [16, 650000, 4550000],
  [17, 700000, 4900000],
  [18, 800000, 5600000],
  [19, 900000, 6300000],
  [20, 1000000, 7000000],
  [21, 1100000, 7700000],
  [22, 1200000, 8400000],
  [23, 1300000, 9100000],
  [24, 1400000, 9800000],
  [25, 1500000, 10500000],
  [26, 1600000, 11200000],
  [27, 1700000, 11900000],
  [28, 1800000, 12600000],
  [29, 1900000, 13300000],
  [30, 2000000, 14000000],
  [31, 2100000, 14700000],
  [32, 2200000, 15400000],
  [33, 2300000, 16100000],
  [34, 2400000, 16800000],
  [35, 2500000, 17500000],
  [36, 2600000, 18200000],
  [37, 2700000, 18900000],
  [38, 2800000, 19600000],
  [39, 2900000, 20300000],
  [40, 3000000, 21000000],
];

const START = "2025-03-01";

function uniform(value: number): ProviderVolumes {
  return Object.fromEntries(MAILBOX_PROVIDERS.map((p) => [p, value])) as ProviderVolumes;
}

function volumes(partial: Partial<ProviderVolumes>): ProviderVolumes {
  return { ...uniform(0), ...partial };
}

/** A plan's cap on a day number, with todaysCap's before/after semantics. */
function capOnDay(plan: WarmupPlan, day: number) {
  return todaysCap(plan, addDays(plan.startDate, day - 1));
}

describe("SES warm-up plan", () => {
  describe("guide table (defaults)", () => {
    const plan = buildWarmupPlan({ startDate: START });

    it("stores the guide's 40 rows as data", () => {
      assert.deepEqual(
        GUIDE_SAMPLE_PLAN.map((r) => [...r]),
        GUIDE_TABLE,
      );
    });

    it("reproduces all 40 rows for every provider, with totals", () => {
      assert.equal(plan.days.length, 40);
      GUIDE_TABLE.forEach(([day, perProvider, total], i) => {
        const row = plan.days[i];
        assert.equal(row.day, day);
        assert.equal(row.step, day);
        assert.equal(row.date, addDays(START, i));
        assert.deepEqual(row.perProvider, uniform(perProvider), `day ${day}`);
        assert.equal(row.total, total, `day ${day} total`);
      });
    });

    it("has the guide's cumulative 40-day total and reaches the default target", () => {
      assert.equal(plan.cumulativeTotal, 330_292_550);
      assert.equal(plan.reachedTarget, true);
      assert.equal(plan.targetDailyVolume, 21_000_000);
      assert.equal(plan.engagementTier, "standard");
    });

    it("starts at 150 per provider / 1,050 and ends at 3,000,000 / 21,000,000", () => {
      assert.deepEqual(plan.days[0].perProvider, uniform(150));
      assert.equal(plan.days[0].total, 1_050);
      assert.deepEqual(plan.days[39].perProvider, uniform(3_000_000));
      assert.equal(plan.days[39].total, 21_000_000);
    });

    it("uses consecutive calendar dates across month ends and leap days", () => {
      const leap = buildWarmupPlan({ startDate: "2024-02-28", targetDailyVolume: 4_200 });
      assert.deepEqual(
        leap.days.map((d) => d.date),
        ["2024-02-28", "2024-02-29", "2024-03-01"],
      );
    });
  });

  describe("target cut-off", () => {
    it("stops at day 11 for a 1,000,000 target, capped at exactly 1,000,000", () => {
      const plan = buildWarmupPlan({ startDate: START, targetDailyVolume: 1_000_000 });
      assert.equal(plan.days.length, 11);
      assert.equal(plan.reachedTarget, true);
      assert.equal(plan.days[9].total, 560_000, "day 10 is the guide's value");
      const last = plan.days[10];
      assert.equal(last.total, 1_000_000);
      // 1,000,000 / 7 = 142,857.14…: the one leftover message goes to the first provider.
      assert.deepEqual(last.perProvider, { ...uniform(142_857), "gmail.com": 142_858 });
    });

    it("stops on the day that equals the target without changing it", () => {
      const plan = buildWarmupPlan({ startDate: START, targetDailyVolume: 4_200_000 });
      assert.equal(plan.days.length, 15);
      assert.deepEqual(plan.days[14].perProvider, uniform(600_000));
    });

    it("caps day 1 when the target is below the guide's first step", () => {
      const plan = buildWarmupPlan({ startDate: START, targetDailyVolume: 700 });
      assert.equal(plan.days.length, 1);
      assert.deepEqual(plan.days[0].perProvider, uniform(100));
    });

    it("never plans a day above the target", () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 60_000_000 }), (target) => {
          const plan = buildWarmupPlan({ startDate: START, targetDailyVolume: target });
          assert.ok(plan.days.every((d) => d.total <= target));
          assert.equal(plan.days.at(-1)?.total, target);
        }),
        { numRuns: 200 },
      );
    });
  });

  describe("linear tail beyond 21,000,000", () => {
    it("adds 700,000 per day (100,000 per provider) after day 40", () => {
      assert.equal(guideDailyTotal(41), 21_700_000);
      assert.equal(guideDailyTotal(50), 28_000_000);
      const plan = buildWarmupPlan({ startDate: START, targetDailyVolume: 22_400_000 });
      assert.equal(plan.days.length, 42);
      assert.deepEqual(plan.days[40].perProvider, uniform(3_100_000));
      assert.deepEqual(plan.days[41].perProvider, uniform(3_200_000));
      assert.equal(plan.days[41].total, 22_400_000);
    });

    it("caps the tail day that overshoots the target", () => {
      const plan = buildWarmupPlan({ startDate: START, targetDailyVolume: 22_000_000 });
      assert.equal(plan.days.length, 42);
      assert.equal(plan.days[40].total, 21_700_000);
      assert.equal(plan.days[41].total, 22_000_000);
    });

    it("reports reachedTarget=false when maxDays ends the plan first", () => {
      const plan = buildWarmupPlan({
        startDate: START,
        targetDailyVolume: 1_000_000_000,
        maxDays: 50,
      });
      assert.equal(plan.days.length, 50);
      assert.equal(plan.reachedTarget, false);
      assert.equal(plan.days[49].total, 28_000_000);
    });
  });

  describe("provider mix", () => {
    // The example stack's mix: shares of the list per mailbox provider.
    const EXAMPLE_MIX = {
      "gmail.com": 38,
      "yahoo.com": 14,
      "outlook.com": 12,
      "hotmail.com": 10,
      "icloud.com": 12,
      "aol.com": 4,
      others: 10,
    };

    it("never gives a provider more than the guide's figure for it, on each of the 40 days", () => {
      for (const targetDailyVolume of [2_000_000, 21_000_000, 60_000_000]) {
        const plan = buildWarmupPlan({
          startDate: START,
          targetDailyVolume,
          providerMix: EXAMPLE_MIX,
        });
        for (const [day, guidePerProvider] of GUIDE_TABLE) {
          const planned = plan.days[day - 1];
          if (!planned) break; // the plan reached its target earlier
          for (const p of MAILBOX_PROVIDERS) {
            // Each provider follows the guide's column until its share of the target.
            const expected = Math.min(guidePerProvider, plan.targetPerProvider[p]);
            assert.equal(planned.perProvider[p], expected, `${targetDailyVolume}: day ${day} ${p}`);
          }
          assert.ok(planned.total <= targetDailyVolume);
        }
      }
    });

    it("warms gmail.com at the guide's pace in the example (150 on day 1, 20,000 on day 8)", () => {
      const plan = buildWarmupPlan({
        startDate: START,
        targetDailyVolume: 2_000_000,
        providerMix: EXAMPLE_MIX,
      });
      assert.equal(plan.days[0].perProvider["gmail.com"], 150);
      assert.equal(plan.days[7].perProvider["gmail.com"], 20_000);
      assert.equal(plan.days[0].total, 1_050);
      // gmail.com's share is 760,000 a day: the guide gives 700,000 on day 17, 800,000 on day 18.
      assert.equal(plan.targetPerProvider["gmail.com"], 760_000);
      assert.equal(plan.days[16].perProvider["gmail.com"], 700_000);
      assert.equal(plan.days.length, 18);
      assert.equal(plan.days[17].perProvider["gmail.com"], 760_000);
      assert.equal(plan.days[17].total, 2_000_000);
    });

    it("ramps a large share past day 40 on the guide's tail, +100,000 a day", () => {
      const plan = buildWarmupPlan({
        startDate: START,
        providerMix: { "gmail.com": 3, others: 7 },
      });
      // 0.3 × 21,000,000 must be 6,300,000 despite binary floating point.
      assert.deepEqual(
        plan.targetPerProvider,
        volumes({ "gmail.com": 6_300_000, others: 14_700_000 }),
      );
      assert.deepEqual(plan.days[0].perProvider, volumes({ "gmail.com": 150, others: 150 }));
      assert.deepEqual(
        plan.days[39].perProvider,
        volumes({ "gmail.com": 3_000_000, others: 3_000_000 }),
      );
      assert.deepEqual(
        plan.days[40].perProvider,
        volumes({ "gmail.com": 3_100_000, others: 3_100_000 }),
      );
      assert.equal(plan.days[72].perProvider["gmail.com"], 6_300_000);
      assert.equal(plan.days.length, 157);
      assert.deepEqual(plan.days.at(-1)!.perProvider, plan.targetPerProvider);
    });

    it("holds every provider to the guide and the day to the target (random mixes and targets)", () => {
      const mixArb = fc
        .dictionary(
          fc.constantFrom(...MAILBOX_PROVIDERS),
          fc.double({ min: 0, max: 100, noNaN: true, noDefaultInfinity: true }),
        )
        .filter((m) => Object.values(m).reduce((a, b) => a + b, 0) > 0);
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 40_000_000 }), mixArb, (target, providerMix) => {
          const plan = buildWarmupPlan({
            startDate: START,
            targetDailyVolume: target,
            providerMix,
          });
          for (const d of plan.days) {
            const guide =
              d.step <= 40 ? GUIDE_TABLE[d.step - 1][1] : 3_000_000 + (d.step - 40) * 100_000;
            for (const p of MAILBOX_PROVIDERS)
              assert.ok(d.perProvider[p] <= guide, `day ${d.day} ${p}`);
            assert.ok(d.total <= target, `day ${d.day}`);
          }
          // One provider alone climbs 100,000 a day after day 40: a huge target may need
          // longer than maxDays (365), which the plan reports rather than hides.
          if (plan.reachedTarget) assert.equal(plan.days.at(-1)!.total, target);
          else assert.equal(plan.days.length, 365);
        }),
        { numRuns: 150 },
      );
    });

    it("hands leftover target units to the largest remainders, ties in provider order", () => {
      const plan = buildWarmupPlan({
        startDate: START,
        targetDailyVolume: 1_002,
        providerMix: { "gmail.com": 1, "yahoo.com": 1, "aol.com": 1, others: 1 },
      });
      assert.deepEqual(
        plan.targetPerProvider,
        volumes({ "gmail.com": 251, "yahoo.com": 251, "aol.com": 250, others: 250 }),
      );
      assert.deepEqual(
        plan.days[0].perProvider,
        volumes({ "gmail.com": 150, "yahoo.com": 150, "aol.com": 150, others: 150 }),
      );
      assert.equal(plan.days.length, 2);
      assert.deepEqual(plan.days[1].perProvider, plan.targetPerProvider);
    });

    it("normalises weights into shares; a provider left out gets nothing", () => {
      const plan = buildWarmupPlan({ startDate: START, providerMix: { "icloud.com": 2 } });
      assert.deepEqual(plan.providerWeights, volumes({ "icloud.com": 1 }));
      assert.deepEqual(plan.days[0].perProvider, volumes({ "icloud.com": 150 }));
    });
  });

  describe("conservative tier", () => {
    it("holds each guide step for two days", () => {
      const plan = buildWarmupPlan({ startDate: START, engagementTier: "conservative" });
      assert.deepEqual(
        plan.days.slice(0, 6).map((d) => d.total),
        [1_050, 1_050, 2_100, 2_100, 4_200, 4_200],
      );
      assert.equal(plan.days.length, 79);
      assert.equal(plan.days[78].total, 21_000_000);
    });

    it("never exceeds the standard tier on any day number (random targets and mixes)", () => {
      const mixArb = fc.option(
        fc
          .dictionary(
            fc.constantFrom(...MAILBOX_PROVIDERS),
            fc.double({ min: 0, max: 100, noNaN: true, noDefaultInfinity: true }),
          )
          .filter((m) => Object.values(m).reduce((a, b) => a + b, 0) > 0),
        { nil: undefined },
      );
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 40_000_000 }), mixArb, (target, providerMix) => {
          const params = { startDate: START, targetDailyVolume: target, providerMix };
          const standard = buildWarmupPlan({ ...params, engagementTier: "standard" });
          const conservative = buildWarmupPlan({ ...params, engagementTier: "conservative" });
          assert.ok(conservative.days.length >= standard.days.length);
          for (let day = 1; day <= conservative.days.length + 2; day++) {
            const c = capOnDay(conservative, day);
            const s = capOnDay(standard, day);
            assert.ok(c.total <= s.total, `day ${day}: total ${c.total} > ${s.total}`);
            for (const p of MAILBOX_PROVIDERS) {
              assert.ok(c.perProvider[p] <= s.perProvider[p], `day ${day} ${p}`);
            }
          }
        }),
        { numRuns: 150 },
      );
    });
  });

  describe("parameter validation", () => {
    const cases: Array<[string, Parameters<typeof buildWarmupPlan>[0], RegExp]> = [
      [
        "negative target",
        { startDate: START, targetDailyVolume: -5 },
        /targetDailyVolume must be a positive whole number/,
      ],
      [
        "zero target",
        { startDate: START, targetDailyVolume: 0 },
        /targetDailyVolume must be a positive/,
      ],
      [
        "fractional target",
        { startDate: START, targetDailyVolume: 10.5 },
        /targetDailyVolume must be a positive whole number/,
      ],
      [
        "weights summing to 0",
        { startDate: START, providerMix: { "gmail.com": 0 } },
        /weights must sum to more than 0/,
      ],
      [
        "negative weight",
        { startDate: START, providerMix: { "gmail.com": -1, others: 3 } },
        /providerMix\["gmail.com"\] must be a finite number >= 0/,
      ],
      [
        "unknown provider",
        {
          startDate: START,
          providerMix: { "gmx.de": 1 } as unknown as Partial<Record<MailboxProvider, number>>,
        },
        /unknown provider "gmx.de"/,
      ],
      ["impossible date", { startDate: "2025-02-30" }, /startDate must be a calendar date/],
      ["unpadded date", { startDate: "2025-3-1" }, /startDate must be a calendar date/],
      [
        "unknown tier",
        { startDate: START, engagementTier: "aggressive" as "standard" },
        /engagementTier must be one of standard, conservative/,
      ],
      ["zero maxDays", { startDate: START, maxDays: 0 }, /maxDays must be a positive integer/],
    ];
    for (const [name, params, message] of cases) {
      it(`rejects ${name}`, () => {
        assert.throws(() => buildWarmupPlan(params), { name: "RangeError", message });
      });
    }
  });

  describe("todaysCap", () => {
    const plan = buildWarmupPlan({ startDate: START, targetDailyVolume: 1_000_000 });

    it("is zero before the start date", () => {
      const cap = todaysCap(plan, "2025-02-28");
      assert.deepEqual(cap, {
        phase: "before-start",
        day: 0,
        dayIndex: null,
        perProvider: uniform(0),
        total: 0,
      });
    });

    it("follows the plan while warming", () => {
      assert.equal(todaysCap(plan, START).total, 1_050);
      const day10 = todaysCap(plan, "2025-03-10");
      assert.equal(day10.phase, "warming");
      assert.equal(day10.day, 10);
      assert.equal(day10.dayIndex, 9);
      assert.equal(day10.total, 560_000);
      assert.equal(todaysCap(plan, "2025-03-11").phase, "warming");
    });

    it("stays at the final value after the plan ends", () => {
      const cap = todaysCap(plan, "2026-01-01");
      assert.equal(cap.phase, "complete");
      assert.equal(cap.dayIndex, 10);
      assert.equal(cap.total, 1_000_000);
      assert.deepEqual(cap.perProvider, plan.days[10].perProvider);
    });

    it("rejects a malformed date", () => {
      assert.throws(() => todaysCap(plan, "03/01/2025"), /date must be a calendar date/);
    });
  });

  describe("adjustForSignals", () => {
    const plan = buildWarmupPlan({ startDate: START });
    const capAt = (i: number) => ({
      perProvider: plan.days[i].perProvider,
      total: plan.days[i].total,
    });
    const totals = (sent: number, hardBounces: number, complaints: number, dayIndex = 5) =>
      adjustForSignals(plan, { dayIndex, sent, hardBounces, complaints });

    it("advances one step on clean signals", () => {
      const d = totals(10_000, 10, 0);
      assert.equal(d.action, "advance");
      assert.equal(d.dayIndex, 6);
      assert.deepEqual(d.cap, capAt(6));
      assert.match(d.reason, /below the hold levels/);
    });

    it("holds at the warning levels (half SES's review levels) and steps back at SES's review levels", () => {
      assert.deepEqual(
        { ...DEFAULT_SIGNAL_THRESHOLDS },
        {
          bounceHoldRate: 0.025,
          bounceStepBackRate: 0.05,
          complaintHoldRate: 0.0005,
          complaintStepBackRate: 0.001,
        },
      );
    });

    const boundaries: Array<[string, number, number, string]> = [
      ["bounces just below 2.5%", 249, 0, "advance"],
      ["bounces at exactly 2.5%", 250, 0, "hold"],
      ["bounces just below 5%", 499, 0, "hold"],
      ["bounces at exactly 5%", 500, 0, "step-back"],
      ["complaints just below 0.05%", 0, 4, "advance"],
      ["complaints at exactly 0.05%", 0, 5, "hold"],
      ["complaints just below 0.1%", 0, 9, "hold"],
      ["complaints at exactly 0.1%", 0, 10, "step-back"],
      ["elevated bounces and bad complaints", 300, 10, "step-back"],
    ];
    for (const [name, bounces, complaints, action] of boundaries) {
      it(`${action} on ${name} (of 10,000 sent)`, () => {
        assert.equal(totals(10_000, bounces, complaints).action, action);
      });
    }

    it("holds at yesterday's position and cap", () => {
      const d = totals(10_000, 250, 0);
      assert.equal(d.dayIndex, 5);
      assert.deepEqual(d.cap, capAt(5));
      assert.match(
        d.reason,
        /bounce rate 2.5% \(all providers\) is at or above the hold level 2.5%/,
      );
    });

    it("repeats an explicit cap from yesterday on hold", () => {
      const manual = { perProvider: uniform(1_000), total: 7_000 };
      const d = adjustForSignals(plan, {
        dayIndex: 5,
        cap: manual,
        sent: 7_000,
        hardBounces: 0,
        complaints: 4, // 0.057%: at or above the 0.05% hold level, below the 0.1% step-back
      });
      assert.equal(d.action, "hold");
      assert.deepEqual(d.cap, manual);
    });

    it("steps back one step", () => {
      const d = totals(10_000, 500, 0);
      assert.equal(d.dayIndex, 4);
      assert.deepEqual(d.cap, capAt(4));
      assert.match(d.reason, /step-back level 5%/);
    });

    it("stays on the first step when stepping back from it", () => {
      const d = totals(1_050, 200, 0, 0);
      assert.equal(d.action, "step-back");
      assert.equal(d.dayIndex, 0);
      assert.match(d.reason, /already at the first step/);
    });

    it("stays on the last step once the target is reached", () => {
      const d = totals(21_000_000, 0, 0, 39);
      assert.equal(d.action, "advance");
      assert.equal(d.dayIndex, 39);
      assert.match(d.reason, /plan is complete/);
    });

    it("steps back past a conservative plan's repeated day", () => {
      const conservative = buildWarmupPlan({ startDate: START, engagementTier: "conservative" });
      // Index 3 is day 4 (step 2); index 2 repeats step 2, so one step back is index 1.
      const d = adjustForSignals(conservative, {
        dayIndex: 3,
        sent: 2_100,
        hardBounces: 300,
        complaints: 0,
      });
      assert.equal(d.dayIndex, 1);
      assert.equal(d.cap.total, 1_050);
    });

    it("judges providers separately: the worst one decides", () => {
      const sent = uniform(10_000);
      const d = adjustForSignals(plan, {
        dayIndex: 5,
        sent,
        hardBounces: { "gmail.com": 500 }, // 5%: step back
        complaints: { "yahoo.com": 5 }, // 0.05%: only a hold
      });
      assert.equal(d.action, "step-back");
      assert.match(d.reason, /bounce rate 5% \(gmail.com\)/);
    });

    it("ignores providers that sent nothing", () => {
      const d = adjustForSignals(plan, {
        dayIndex: 5,
        sent: { "gmail.com": 1_000 },
        hardBounces: {},
        complaints: {},
      });
      assert.equal(d.action, "advance");
    });

    it("holds when nothing was sent", () => {
      const d = totals(0, 0, 0);
      assert.equal(d.action, "hold");
      assert.match(d.reason, /nothing was sent/);
    });

    it("accepts custom thresholds", () => {
      const d = adjustForSignals(
        plan,
        { dayIndex: 5, sent: 10_000, hardBounces: 200, complaints: 0 },
        { bounceHoldRate: 0.02 },
      );
      assert.equal(d.action, "hold"); // 2% would advance with the default 2.5% hold level
    });

    const invalid: Array<[string, () => unknown, RegExp]> = [
      [
        "a day index past the end",
        () => totals(1, 0, 0, 40),
        /dayIndex must be an integer between 0 and 39/,
      ],
      ["a negative count", () => totals(100, -1, 0), /hardBounces must be a whole number >= 0/],
      [
        "mixed total and per-provider figures",
        () =>
          adjustForSignals(plan, {
            dayIndex: 0,
            sent: 100,
            hardBounces: { "gmail.com": 1 },
            complaints: 0,
          }),
        /must all be totals \(numbers\) or all be per-provider/,
      ],
      [
        "an unknown provider",
        () =>
          adjustForSignals(plan, {
            dayIndex: 0,
            sent: { "gmx.de": 5 } as Partial<ProviderVolumes>,
            hardBounces: {},
            complaints: {},
          }),
        /sent has unknown provider "gmx.de"/,
      ],
      [
        "a step-back level below its hold level",
        () =>
          adjustForSignals(
            plan,
            { dayIndex: 0, sent: 1, hardBounces: 0, complaints: 0 },
            { bounceStepBackRate: 0.01 },
          ),
        /step-back threshold must be at or above its hold threshold/,
      ],
    ];
    for (const [name, call, message] of invalid) {
      it(`rejects ${name}`, () => {
        assert.throws(call, { name: "RangeError", message });
      });
    }
  });
});
