/**
 * The ledger's pure rules, case by case (lambda/lib/ledger.ts effectiveDecision,
 * lambda/lib/decide.ts observe and planAction): what a number's decisions mean, what a change
 * on a list means, and what may be put on or taken off a list.
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { observe, planAction } from "../../lambda/lib/decide";
import { type DecisionSource, effectiveDecision, type LedgerEvent } from "../../lambda/lib/ledger";
import type { AppliedChange, ListEntry, SeenEntry } from "../../lambda/lib/list-state";

const N = "+12065550142";
let serial = 0;
const event = (
  decision: "OPTED_OUT" | "OPTED_IN",
  at: number,
  source: DecisionSource = "END_USER",
): LedgerEvent => ({
  useCase: "otp",
  number: N,
  decision,
  at,
  origin: "us-east-1",
  source,
  via: "LIST",
  id: `e${++serial}`,
});
const entry = (at: number, endUser: boolean): ListEntry => ({ number: N, at, endUser });
const ctx = { region: "us-west-2", useCase: "otp", firstPass: false, removedAfter: 5_000 };

describe("opt-out ledger rules", () => {
  describe("effectiveDecision", () => {
    it("follows the end user's latest decision, whatever order the decisions arrived in", () => {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 1e6 })), { minLength: 1 }),
          (raw) => {
            const events = raw.map(([stop, at]) => event(stop ? "OPTED_OUT" : "OPTED_IN", at));
            const latest = [...events]
              .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1))
              .at(-1)!;
            assert.equal(effectiveDecision(events)!.decision, latest.decision);
            assert.equal(effectiveDecision([...events].reverse())!.decision, latest.decision);
          },
        ),
      );
    });

    it("keeps an operator's opt-out through the end user's opt-in, until the operator's own removal", () => {
      assert.equal(
        effectiveDecision([event("OPTED_OUT", 10, "OPERATOR"), event("OPTED_IN", 20)])!.decision,
        "OPTED_OUT",
      );
      assert.equal(
        effectiveDecision([event("OPTED_OUT", 10, "OPERATOR"), event("OPTED_IN", 20, "OPERATOR")])!
          .decision,
        "OPTED_IN",
      );
      // The operator's removal does not undo the end user's own opt-out.
      assert.equal(
        effectiveDecision([
          event("OPTED_OUT", 5),
          event("OPTED_OUT", 10, "OPERATOR"),
          event("OPTED_IN", 20, "OPERATOR"),
        ])!.decision,
        "OPTED_OUT",
      );
    });

    it("lets only a later opt-in lift a MIGRATION opt-out, and knows nothing of an unknown number", () => {
      assert.equal(effectiveDecision([event("OPTED_OUT", 10, "MIGRATION")])!.decision, "OPTED_OUT");
      assert.equal(
        effectiveDecision([event("OPTED_IN", 5), event("OPTED_OUT", 10, "MIGRATION")])!.decision,
        "OPTED_OUT",
      );
      assert.equal(
        effectiveDecision([event("OPTED_OUT", 10, "MIGRATION"), event("OPTED_IN", 20)])!.decision,
        "OPTED_IN",
      );
      assert.equal(effectiveDecision([]), undefined);
    });
  });

  describe("observe", () => {
    const seen = (at: number, endUser: boolean, source: SeenEntry["source"]): SeenEntry => ({
      number: N,
      at,
      endUser,
      source,
    });

    it("records an end user's new entry at its own time, and nothing for an entry unchanged", () => {
      const o = observe(N, entry(7_000, true), undefined, [], ctx);
      assert.deepEqual(
        [o.event?.decision, o.event?.source, o.event?.at],
        ["OPTED_OUT", "END_USER", 7_000],
      );
      assert.deepEqual(observe(N, entry(7_000, true), seen(7_000, true, "END_USER"), [], ctx), {});
    });

    it("tells the estate's own copy from an operator's entry, and calls unknown entries MIGRATION on a first pass", () => {
      const put: AppliedChange = { number: N, action: "PUT", at: 6_900, entryAt: 7_000 };
      assert.equal(observe(N, entry(7_000, false), undefined, [put], ctx).event, undefined);
      assert.equal(observe(N, entry(7_000, false), undefined, [], ctx).event?.source, "OPERATOR");
      assert.equal(
        observe(N, entry(7_000, false), undefined, [], { ...ctx, firstPass: true }).event?.source,
        "MIGRATION",
      );
    });

    it("dates a removal at the earliest it can have happened, and ignores the estate's own deletions", () => {
      const removed = observe(N, undefined, seen(3_000, true, "END_USER"), [], ctx);
      assert.deepEqual([removed.event?.decision, removed.event?.at], ["OPTED_IN", 5_000]);
      assert.equal(observe(N, undefined, seen(9_000, true, "END_USER"), [], ctx).event?.at, 9_001);
      const deleted: AppliedChange = { number: N, action: "DELETE", at: 9_500, entryAt: 9_000 };
      assert.deepEqual(observe(N, undefined, seen(9_000, false, "ESTATE"), [deleted], ctx), {
        seen: null,
      });
      assert.equal(
        observe(N, undefined, seen(9_000, false, "OPERATOR"), [], ctx).event?.source,
        "OPERATOR",
      );
    });
  });

  describe("planAction", () => {
    const optedIn = (at: number, source: DecisionSource = "END_USER") =>
      effectiveDecision([event("OPTED_OUT", 1), event("OPTED_IN", at, source)]);

    it("puts an opt-out that is missing, and never touches a number the ledger does not know", () => {
      assert.deepEqual(planAction(effectiveDecision([event("OPTED_OUT", 10)]), undefined, []), {
        kind: "put",
      });
      assert.deepEqual(
        planAction(effectiveDecision([event("OPTED_OUT", 10)]), entry(5, false), []),
        { kind: "none" },
      );
      assert.deepEqual(planAction(undefined, entry(5, true), []), { kind: "none" });
    });

    it("takes off the estate's own copy after an opt-in, even one newer than it", () => {
      const put: AppliedChange = { number: N, action: "PUT", at: 30, entryAt: 31 };
      assert.deepEqual(planAction(optedIn(20), entry(31, false), [put]), {
        kind: "delete",
        entryAt: 31,
      });
    });

    it("removes an end user's own opt-out only when the end user opted in after it", () => {
      assert.deepEqual(planAction(optedIn(20), entry(10, true), []), {
        kind: "delete",
        entryAt: 10,
      });
      assert.deepEqual(planAction(optedIn(20), entry(30, true), []), { kind: "none" });
      assert.deepEqual(
        planAction(optedIn(20, "OPERATOR"), entry(10, true), []),
        { kind: "none" },
        "an operator cannot lift an end user's opt-out",
      );
    });

    it("removes anyone else's entry only when an opt-in is newer than it", () => {
      assert.deepEqual(planAction(optedIn(20), entry(10, false), []), {
        kind: "delete",
        entryAt: 10,
      });
      assert.deepEqual(planAction(optedIn(20), entry(30, false), []), { kind: "none" });
    });
  });
});
