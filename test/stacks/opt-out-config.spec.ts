/**
 * Config rules about opt-outs (stacks/config/opt-out-rules.ts): automatic replies may not take
 * AWS's opt-out or opt-in keywords, opt-in keywords may not be opt-out keywords, and a
 * self-managed use case says who confirms STOP. Each rejection names the path and the fix,
 * before any resource is declared.
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { OPT_OUT_KEYWORDS } from "../../lambda/lib/keywords";
import { EstateConfigError } from "../../stacks/config/issues";
import { parseEstateConfig } from "../../stacks/config/load";
import { clone, minimalEstate, runEstate } from "../support/estate";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const REPLY = "Acme: thanks for your message. Msg&data rates may apply. Reply STOP to end.";
/** An opt-in confirmation with every element carriers require (stacks/config/carrier-rules.ts). */
const JOINED =
  "Acme: you're subscribed, up to 4 msgs/month. Msg&data rates may apply. Reply HELP for help, STOP to end.";

function issuesOf(mutate: (e: Loose) => void): { path: string; message: string }[] {
  const estate = clone(minimalEstate()) as Loose;
  mutate(estate);
  try {
    parseEstateConfig(estate);
  } catch (error) {
    if (!EstateConfigError.is(error)) throw error;
    return error.issues.map((issue, i) => ({ path: error.paths[i], message: issue.message }));
  }
  return [];
}

describe("opt-out config rules", () => {
  it("rejects every AWS opt-out keyword as an automatic reply (STOP has its own rule), naming the path and the fix", () => {
    for (const keyword of OPT_OUT_KEYWORDS.filter((k) => k !== "STOP")) {
      const issues = issuesOf(
        (e) => (e.useCases.marketing.keywords.autoReply = { [keyword]: REPLY }),
      );
      assert.deepEqual(
        issues.map((i) => i.path),
        [`messaging:estate.useCases.marketing.keywords.autoReply.${keyword}`],
        keyword,
      );
      assert.match(
        issues[0].message,
        /is an AWS opt-out keyword.*remove it from autoReply.*or pick another word/,
      );
    }
  });

  it("rejects a keyword that begins with an opt-out word, since AWS matches the first word", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...OPT_OUT_KEYWORDS.filter((k) => k !== "STOP")),
        fc.stringMatching(/^[A-Z]{1,10}$/),
        (keyword, rest) => {
          const declared = `${keyword} ${rest}`;
          const issues = issuesOf(
            (e) => (e.useCases.marketing.keywords.autoReply = { [declared]: REPLY }),
          );
          assert.ok(
            issues.some(
              (i) => i.path.endsWith(`autoReply.${declared}`) && /opt-out keyword/.test(i.message),
            ),
          );
        },
      ),
      { numRuns: 30 },
    );
  });

  it("sends START and UNSTOP to optIn instead of autoReply, and refuses an opt-out keyword as opt-in", () => {
    const start = issuesOf((e) => (e.useCases.marketing.keywords.autoReply = { UNSTOP: REPLY }));
    assert.deepEqual(
      start.map((i) => i.path),
      ["messaging:estate.useCases.marketing.keywords.autoReply.UNSTOP"],
    );
    assert.match(start[0].message, /opt back in; move it to keywords.optIn/);
    const cancel = issuesOf((e) => (e.useCases.marketing.keywords.optIn = { CANCEL: REPLY }));
    assert.deepEqual(
      cancel.map((i) => i.path),
      ["messaging:estate.useCases.marketing.keywords.optIn.CANCEL"],
    );
    assert.match(
      cancel[0].message,
      /cannot opt anyone in; pick another opt-in keyword such as JOIN or START/,
    );
  });

  it("accepts ordinary automatic replies and the example's START opt-in", () => {
    assert.deepEqual(
      issuesOf((e) => {
        e.useCases.marketing.keywords.autoReply = {
          YES: REPLY,
          "STOPWATCH DEALS": REPLY,
          INFO: REPLY,
        };
        e.useCases.marketing.keywords.optIn = { START: JOINED, JOIN: JOINED };
      }),
      [],
    );
  });

  it("requires a self-managed use case to say who confirms STOP, and only a self-managed one", () => {
    const missing = issuesOf((e) => {
      e.useCases.marketing.selfManagedOptOuts = true;
    });
    assert.deepEqual(
      missing.map((i) => i.path),
      ["messaging:estate.useCases.marketing.stopConfirmation"],
    );
    assert.match(
      missing[0].message,
      /AWS sends no STOP confirmation.*stopConfirmation: estate.*stopConfirmation: application/,
    );
    for (const by of ["estate", "application"]) {
      assert.deepEqual(
        issuesOf((e) => {
          e.useCases.marketing.selfManagedOptOuts = true;
          e.useCases.marketing.stopConfirmation = by;
        }),
        [],
        by,
      );
    }
    const stray = issuesOf((e) => (e.useCases.marketing.stopConfirmation = "estate"));
    assert.deepEqual(
      stray.map((i) => i.path),
      ["messaging:estate.useCases.marketing.stopConfirmation"],
    );
    assert.match(stray[0].message, /AWS confirms STOP itself.*remove stopConfirmation/);
    const typo = issuesOf((e) => {
      e.useCases.marketing.selfManagedOptOuts = true;
      e.useCases.marketing.stopConfirmation = "lambda";
    });
    assert.deepEqual(
      typo.map((i) => i.path),
      ["messaging:estate.useCases.marketing.stopConfirmation"],
    );
  });

  it("rejects before any resource is declared", async () => {
    const estate = clone(minimalEstate()) as Loose;
    estate.useCases.marketing.keywords.autoReply = { QUIT: REPLY };
    await assert.rejects(
      runEstate(estate),
      /useCases\.marketing\.keywords\.autoReply\.QUIT: QUIT is an AWS opt-out keyword/,
    );
  });
});
