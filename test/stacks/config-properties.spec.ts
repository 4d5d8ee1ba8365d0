/**
 * Property-based tests of the promise "an estate config is either rejected with every
 * problem and its fix, or deploys: nothing in between", over generated estates and the
 * edits a hand-edited stack file suffers. Seeded and bounded, so CI replays the same cases
 * in well under a minute; a failure prints its seed and path for `fc.assert` to replay.
 *
 * URN uniqueness is read from the recorded resources here, independent of whether the
 * offline engine refuses duplicates itself.
 */
import { strict as assert } from "node:assert";
import * as path from "node:path";
import fc from "fast-check";
import { runProgramFile } from "../../engine/program";
import { OfflineProgramError } from "../../engine/run";
import type { RecordedResource } from "../../engine/recording-monitor";
import { EstateConfigError } from "../../stacks/config/issues";
import { parseEstateConfig } from "../../stacks/config/load";
import type { EstateConfig } from "../../stacks/config/schema";
import { clone, runEstate } from "../support/estate";
import {
  arbEstate,
  arbMutation,
  mutate,
  permute,
  placeName,
  seededRandom,
  trickyName,
  trickyPlace,
} from "../support/estate-arbitrary";
import { duplicateUrns, planMismatches } from "../support/resource-plan";

const SEED = 20_261_116;
const REPO = path.resolve(__dirname, "../..");
const PROGRAM = path.join(REPO, "stacks", "index.ts");

/** Wording zod invents; none of it may reach a user. */
const GENERIC_WORDING =
  /Invalid input|Invalid option|Unrecognized key|Invalid key in record|received undefined|expected string, received|Too (big|small):/;
/** Characters that must never appear raw in a message (controls, bidi, zero-width). */
const RAW_INVISIBLE =
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

/** Validates; returns the config, or the EstateConfigError; anything else fails the test. */
function validate(raw: unknown): EstateConfig | EstateConfigError {
  try {
    return parseEstateConfig(raw);
  } catch (error) {
    if (EstateConfigError.is(error)) return error;
    throw new Error(`validation threw something other than its own error: ${String(error)}`, {
      cause: error,
    });
  }
}

/** What an EstateConfigError must look like to a user. */
function assertExplains(error: EstateConfigError): void {
  assert.ok(error.issues.length > 0);
  for (const issue of error.issues) {
    assert.doesNotMatch(issue.message, GENERIC_WORDING, issue.message);
    assert.ok(issue.message.length > 10, issue.message);
  }
  for (const line of error.message.split("\n")) {
    assert.doesNotMatch(line, RAW_INVISIBLE, JSON.stringify(line.slice(0, 200)));
    assert.ok(line.length <= 2_300, `a line of ${line.length} characters`);
  }
}

const snapshot = (resources: RecordedResource[]) =>
  new Map(
    resources.map((r) => [r.urn, { inputs: r.inputs, protect: r.protect, parent: r.parent }]),
  );

describe("estate config properties", function () {
  this.timeout(240_000);

  it("validation never throws anything but its own error, and every message explains itself", () => {
    fc.assert(
      fc.property(arbEstate, fc.array(arbMutation, { minLength: 1, maxLength: 4 }), (e, ms) => {
        const result = validate(mutate(clone(e), ms));
        if (EstateConfigError.is(result)) assertExplains(result);
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it("names of JavaScript object members or of the estate's own resources, anywhere, get an explained error or run", async () => {
    const accepted: unknown[] = [];
    fc.assert(
      fc.property(arbEstate, trickyPlace, trickyName, (e, place, name) => {
        const raw = placeName(clone(e), place, name);
        const result = validate(raw);
        if (EstateConfigError.is(result)) assertExplains(result);
        else accepted.push(raw);
      }),
      { seed: SEED, numRuns: 300 },
    );
    // Those accepted (e.g. an unused tag or a spare named account) must run as planned.
    for (const raw of accepted.slice(0, 2)) {
      const run = await runEstate(raw);
      assert.deepEqual(duplicateUrns(run.resources), []);
      assert.deepEqual(planMismatches(run.estate, run.resources), []);
    }
  });

  it("validation is deterministic and independent of list and key order", () => {
    fc.assert(
      fc.property(arbEstate, fc.integer(), (e, shuffleSeed) => {
        const a = validate(e);
        const b = validate(permute(e, seededRandom(shuffleSeed)));
        if (EstateConfigError.is(a)) {
          assert.ok(
            EstateConfigError.is(b),
            "a permutation was accepted where the original was not",
          );
          // The same problems, at the same paths, whatever order the file lists things in.
          // (Indexes into lists move with the list, so compare paths without them.)
          const shape = (x: EstateConfigError) =>
            x.paths.map((p) => p.replace(/\[\d+\]/g, "[]")).sort();
          assert.deepEqual(shape(b), shape(a));
        } else {
          assert.ok(!EstateConfigError.is(b), (b as Error).message);
          assert.deepEqual(b, a);
        }
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  it("an accepted estate runs without error, with unique URNs, exactly as planned", async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(arbEstate, async (e) => {
        const config = validate(e);
        if (EstateConfigError.is(config)) {
          assertExplains(config);
          return;
        }
        accepted++;
        const run = await runEstate(e);
        assert.deepEqual(duplicateUrns(run.resources), []);
        assert.deepEqual(planMismatches(run.estate, run.resources), []);
      }),
      { seed: SEED, numRuns: 12 },
    );
    assert.ok(accepted >= 6, `only ${accepted} of 12 generated estates were accepted`);
  });

  it("a permutation of an accepted estate changes no URN and no input", async () => {
    await fc.assert(
      fc.asyncProperty(arbEstate, fc.integer(), async (e, shuffleSeed) => {
        fc.pre(!EstateConfigError.is(validate(e)));
        const before = snapshot((await runEstate(e)).resources);
        const after = snapshot((await runEstate(permute(e, seededRandom(shuffleSeed)))).resources);
        assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort());
        for (const [urn, state] of before) assert.deepEqual(after.get(urn), state, urn);
      }),
      { seed: SEED, numRuns: 3 },
    );
  });

  it("a rejected config registers nothing: the program fails before its first resource", async () => {
    const rejected: unknown[] = [];
    fc.assert(
      fc.property(arbEstate, fc.array(arbMutation, { minLength: 1, maxLength: 3 }), (e, ms) => {
        // As the program receives it: through Pulumi's config, as JSON.
        const raw = JSON.parse(JSON.stringify(mutate(clone(e), ms)) ?? "null") as unknown;
        if (EstateConfigError.is(validate(raw))) rejected.push(raw);
      }),
      { seed: SEED + 1, numRuns: 40 },
    );
    assert.ok(rejected.length >= 4);
    for (const raw of rejected.slice(0, 4)) {
      const error = await runProgramFile(PROGRAM, {
        config: { "messaging:estate": raw },
        rootDir: path.join(REPO, "stacks"),
      }).then(
        () => assert.fail("the program accepted a config the validation rejects"),
        (e: unknown) => e,
      );
      assert.ok(error instanceof OfflineProgramError, String(error));
      assert.ok(EstateConfigError.is(error.cause), String(error.cause));
      assert.deepEqual(
        error.registered.map((r) => r.type),
        ["pulumi:pulumi:Stack"],
      );
    }
  });
});
