/**
 * Resuming a saved sync plan under different flags (tools/failover/resume.ts): which writes
 * run, which stay pending and why, and the warnings; also for state files written before the
 * plan's flags were recorded.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { resumePlan, savedSelection } from "../../../tools/failover/resume";
import { type FailoverStack, loadFailoverStack } from "../../../tools/failover/stack";
import type { SyncState } from "../../../tools/failover/state-file";
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

  /** A plan of two writes per Region and list, the first us-east-1 write done. */
  const state = (extra: Partial<SyncState> = {}): SyncState => {
    const tasks: [string, string, string][] = [];
    for (const region of ["us-east-1", "us-west-2"])
      for (const list of ["acme-marketing", "acme-otp"])
        for (const n of ["+12025550001", "+12025550002"]) tasks.push([region, list, n]);
    return {
      version: 1,
      stack: "three",
      startedAt: "2026-01-01T00:00:00.000Z",
      unreadable: { "eu-west-1": "skipped (--skip-region)" },
      lists: [
        { listName: "acme-marketing", counts: {}, union: 2 },
        { listName: "acme-otp", counts: {}, union: 2 },
      ],
      tasks,
      done: ["us-east-1/acme-marketing/+12025550001"],
      ...extra,
    };
  };
  const none = { skipRegions: new Set<string>(), useCases: [], requireAll: false };

  it("reads the flags of a file written before they were recorded from its plan", () => {
    assert.deepEqual(savedSelection(state(), stack), {
      skipRegions: ["eu-west-1"],
      useCases: ["marketing", "otp"],
    });
  });

  it("runs every remaining write under the saved flags, warning that a Region is still left out", () => {
    const plan = resumePlan(state(), stack, { ...none, skipRegions: new Set(["eu-west-1"]) });
    assert.equal(plan.runnable.length, 7);
    assert.deepEqual(plan.held, []);
    assert.deepEqual(plan.warnings, []);
    const unskipped = resumePlan(state(), stack, none);
    assert.equal(unskipped.runnable.length, 7);
    assert.match(unskipped.warnings.join("\n"), /saved plan was made with --skip-region eu-west-1/);
  });

  it("holds the writes of a Region skipped now and of lists not selected now", () => {
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
