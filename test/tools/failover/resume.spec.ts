/**
 * Resuming a saved sync plan under different flags (tools/failover/resume.ts): which numbers
 * are settled, which stay pending and why, and the warnings.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { resumePlan } from "../../../tools/failover/resume";
import { type FailoverStack, loadFailoverStack } from "../../../tools/failover/stack";
import type { PlannedNumber, SyncState } from "../../../tools/failover/state-file";
import { threeRegionEstate, writeStackFile } from "../../support/failover-estate";

describe("failover sync resume", () => {
  let dir: string;
  let stack: FailoverStack;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "resume-spec-"));
    writeStackFile(dir, "three", threeRegionEstate());
    stack = loadFailoverStack("three", dir);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A plan of two numbers per Region and list, the first us-east-1 number settled. */
  const state = (): SyncState => {
    const numbers: PlannedNumber[] = [];
    for (const region of ["us-east-1", "us-west-2"])
      for (const useCase of ["marketing", "otp"])
        for (const number of ["+12025550001", "+12025550002"])
          numbers.push({ region, useCase, listName: `acme-${useCase}`, number, events: [] });
    return {
      plan: {
        version: 2,
        stack: "three",
        startedAt: "2026-01-01T00:00:00.000Z",
        selection: { skipRegions: ["eu-west-1"], useCases: ["marketing", "otp"] },
        unreadable: { "eu-west-1": "skipped (--skip-region)" },
        lists: [],
        numbers,
      },
      done: new Map([[0, "put" as const]]),
    };
  };
  const none = { skipRegions: new Set<string>(), useCases: [], requireAll: false };

  it("runs every remaining number under the saved flags, warning that a Region is still left out", () => {
    const plan = resumePlan(state(), stack, { ...none, skipRegions: new Set(["eu-west-1"]) });
    assert.equal(plan.runnable.length, 7);
    assert.deepEqual(
      plan.runnable.map((n) => n.index),
      [1, 2, 3, 4, 5, 6, 7],
    );
    assert.deepEqual(plan.held, []);
    assert.deepEqual(plan.warnings, []);
    const unskipped = resumePlan(state(), stack, none);
    assert.equal(unskipped.runnable.length, 7);
    assert.match(unskipped.warnings.join("\n"), /saved plan was made with --skip-region eu-west-1/);
  });

  it("holds the numbers of a Region skipped now and of lists not selected now", () => {
    const plan = resumePlan(state(), stack, {
      skipRegions: new Set(["eu-west-1", "us-west-2"]),
      useCases: ["otp"],
      requireAll: true,
    });
    assert.deepEqual(
      plan.runnable.map((t) => `${t.region}/${t.listName}`),
      ["us-east-1/acme-otp", "us-east-1/acme-otp"],
    );
    assert.deepEqual(plan.held, [
      { target: "acme-marketing", reason: "not selected by --use-case", count: 1 },
      { target: "us-west-2", reason: "--skip-region", count: 4 },
    ]);
    const warnings = plan.warnings.join("\n");
    assert.match(
      warnings,
      /--skip-region us-west-2 differs from the saved plan \(which skipped eu-west-1\)/,
    );
    assert.match(warnings, /--use-case otp differs from the saved plan \(marketing, otp\)/);
    assert.match(warnings, /--require-all has no effect on resume/);
  });
});
