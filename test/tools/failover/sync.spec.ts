/**
 * `failover sync-opt-outs` against the local endpoint: the union everywhere, never a
 * removal, throttling absorbed, unreachable Regions skipped (or fatal with --require-all),
 * and a run that fails midway resumed from its state file without repeating a write.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseEstateConfig } from "../../../stacks/config/load";
import type { ProgressSink } from "../../../tools/failover/progress";
import { lineProgress } from "../../../tools/failover/progress";
import { loadSyncState } from "../../../tools/failover/state-file";
import { type AwsEndpoint, startAwsEndpoint } from "../../support/aws-endpoint";
import {
  runCli,
  seedEstate,
  testNumbers,
  threeRegionEstate,
  writeStackFile,
} from "../../support/failover-estate";

const REGIONS = ["us-east-1", "us-west-2", "eu-west-1"];

describe("failover sync-opt-outs", function () {
  this.timeout(120_000);
  let aws: AwsEndpoint;
  let dir: string;
  const estate = parseEstateConfig(threeRegionEstate());
  const listed = (region: string, list: string) =>
    [...(aws.state.region(region).optOutLists.get(list)?.numbers.keys() ?? [])].sort();
  const writes = (from = 0) =>
    aws.requests.slice(from).filter((r) => r.operation === "PutOptedOutNumber" && r.status === 200);
  const writeKey = (r: { region: string; input: unknown }) => {
    const input = r.input as { OptOutListName: string; OptedOutNumber: string };
    return `${r.region}/${input.OptOutListName}/${input.OptedOutNumber}`;
  };

  before(async () => {
    aws = await startAwsEndpoint({ accountId: estate.account });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "sync-spec-"));
    writeStackFile(dir, "three", threeRegionEstate());
  });
  beforeEach(() => {
    aws.reset();
    seedEstate(aws, estate, {
      optOuts: {
        "us-east-1": { otp: testNumbers(150), marketing: testNumbers(5, 900) },
        "us-west-2": { otp: testNumbers(20, 140) },
        "eu-west-1": { marketing: testNumbers(3, 950) },
      },
    });
  });
  after(async () => {
    await aws.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const sync = (args: string[] = [], io = {}) =>
    runCli(aws, ["--stack", "three", "sync-opt-outs", "--rate", "500", ...args], {
      stacksDir: dir,
      ...io,
    });
  const otpUnion = testNumbers(160);
  const marketingUnion = [...testNumbers(5, 900), ...testNumbers(3, 950)].sort();

  it("exits 2 with the reason alone, no stack trace, for another stack's state file or a missing stack", async () => {
    const stateFile = path.join(dir, "other-stack-state.json");
    fs.writeFileSync(
      stateFile,
      JSON.stringify({ version: 1, stack: "prod", tasks: [], done: [], lists: [], unreadable: {} }),
    );
    const other = await sync(["--state-file", stateFile]);
    assert.equal(other.code, 2);
    assert.match(other.stderr, /belongs to stack prod, not three; use another --state-file/);
    assert.doesNotMatch(other.stderr, /\n\s+at /, "no stack trace");
    const missing = await runCli(aws, ["--stack", "nope", "status"], { stacksDir: dir });
    assert.equal(missing.code, 2);
    assert.match(
      missing.stderr,
      /Pulumi\.nope\.yaml does not exist; pass the stack's name with --stack/,
    );
    assert.doesNotMatch(missing.stderr, /\n\s+at /, "no stack trace");
  });

  it("makes every Region's copy the union, then a re-run writes nothing", async () => {
    const first = await sync();
    assert.equal(first.code, 0, first.stdout + first.stderr);
    for (const region of REGIONS) {
      assert.deepEqual(listed(region, "acme-otp"), otpUnion, region);
      assert.deepEqual(listed(region, "acme-marketing"), marketingUnion, region);
    }
    assert.match(first.stdout, /Complete: every Region's copy of every list is the union/);
    assert.match(first.stdout, /No `pulumi config` change is needed/);
    const mark = aws.requests.length;
    const second = await sync();
    assert.equal(second.code, 0);
    assert.match(second.stdout, /Planned 0 writes/);
    assert.equal(writes(mark).length, 0);
    assert.equal(
      aws.requests.filter((r) => r.operation === "DeleteOptedOutNumber").length,
      0,
      "never removes",
    );
  });

  it("backs off when a Region throttles and still finishes with the union complete", async () => {
    aws.setRateLimit("eu-west-1", 40);
    const { code, stdout } = await sync(["--rate", "400"]);
    assert.equal(code, 0, stdout);
    assert.ok(aws.rateLimitStats("eu-west-1").throttled > 0, "the endpoint throttled the sync");
    assert.deepEqual(listed("eu-west-1", "acme-otp"), otpUnion);
    assert.deepEqual(listed("eu-west-1", "acme-marketing"), marketingUnion);
  });

  it("skips a silent Region with a warning, and refuses to write at all with --require-all", async () => {
    aws.faults.set("eu-west-1", { mode: "silence" });
    const strict = await sync(["--require-all"]);
    assert.equal(strict.code, 1);
    assert.match(strict.stdout, /ABORTED before writing: not every Region could be read/);
    assert.equal(writes().length, 0);

    const lenient = await sync();
    assert.equal(lenient.code, 3);
    assert.match(lenient.stderr, /WARNING: eu-west-1 skipped/);
    assert.match(lenient.stdout, /WARNING: eu-west-1 was not synced/);
    assert.deepEqual(listed("us-west-2", "acme-otp"), otpUnion);
    assert.deepEqual(
      listed("us-east-1", "acme-marketing"),
      testNumbers(5, 900),
      "eu-west-1's numbers are not known yet",
    );
  });

  it("resumes a run that failed midway from its state file, repeating no write", async () => {
    const stateFile = path.join(dir, "sync-state.json");
    let written = 0;
    // us-west-2 starts failing after 40 writes: a Region degrading mid-sync.
    const failMidway: ProgressSink = {
      start() {},
      stop() {},
      advance() {
        if (++written === 40)
          aws.faults.set("us-west-2", { mode: "5xx", operations: ["PutOptedOutNumber"] });
      },
    };
    const first = await sync(["--state-file", stateFile, "--rate", "200"], {
      progress: failMidway,
    });
    assert.equal(first.code, 3, first.stdout);
    assert.match(first.stdout, /gave up on us-west-2/);
    assert.match(first.stdout, /same --state-file/);
    const firstWrites = new Set(writes().map(writeKey));
    const state = loadSyncState(stateFile, "three")!;
    assert.equal(state.completedAt, undefined);
    assert.deepEqual(
      new Set(state.done),
      firstWrites,
      "the state file records exactly what was written",
    );

    aws.faults.clear();
    const mark = aws.requests.length;
    const second = await sync(["--state-file", stateFile]);
    assert.equal(second.code, 0, second.stdout);
    assert.match(second.stderr, /Resuming the run/);
    const secondWrites = writes(mark).map(writeKey);
    assert.ok(secondWrites.length > 0);
    assert.ok(
      secondWrites.every((key) => !firstWrites.has(key)),
      "no write is repeated",
    );
    assert.equal(
      aws.requests.slice(mark).filter((r) => r.operation === "DescribeOptedOutNumbers").length,
      0,
      "no re-read",
    );
    for (const region of REGIONS) assert.deepEqual(listed(region, "acme-otp"), otpUnion, region);
    assert.ok(loadSyncState(stateFile, "three")!.completedAt, "the run is marked finished");
  });

  it("resumes with a Region now skipped: its writes stay pending, the rest are done, no crash", async () => {
    const stateFile = path.join(dir, "sync-skip-state.json");
    let written = 0;
    const counting: ProgressSink = { start() {}, stop() {}, advance: () => void written++ };
    // Ctrl-C after 40 writes: every Region still has planned writes left.
    const first = await sync(["--state-file", stateFile, "--rate", "200"], {
      progress: counting,
      interrupted: () => written >= 40,
    });
    assert.equal(first.code, 3, first.stdout + first.stderr);
    const planned = loadSyncState(stateFile, "three")!;
    const left = (region: string) =>
      planned.tasks.filter(([r, l, n]) => r === region && !planned.done.includes(`${r}/${l}/${n}`))
        .length;
    const westLeft = left("us-west-2");
    assert.ok(westLeft > 0 && left("eu-west-1") > 0, "writes left in both standbys");

    // us-west-2 has since failed: resume without it.
    aws.faults.set("us-west-2", { mode: "silence" });
    const mark = aws.requests.length;
    const second = await sync(["--state-file", stateFile, "--skip-region", "us-west-2"]);
    assert.equal(second.code, 3, second.stdout + second.stderr);
    assert.doesNotMatch(second.stderr, /ForbiddenRegionError|\n\s+at /, "no stack trace");
    assert.match(second.stderr, /Resuming the run/);
    assert.match(second.stderr, /WARNING: .*--skip-region us-west-2.*differ.*saved plan/);
    assert.equal(
      aws.requests.slice(mark).filter((r) => r.region === "us-west-2").length,
      0,
      "the skipped Region was not contacted",
    );
    assert.match(
      second.stdout,
      new RegExp(`${westLeft} planned writes for us-west-2 left pending \\(--skip-region\\)`),
    );
    assert.match(second.stdout, /INCOMPLETE/);
    for (const region of ["us-east-1", "eu-west-1"])
      assert.deepEqual(listed(region, "acme-otp"), otpUnion, region);
    const afterSkip = loadSyncState(stateFile, "three")!;
    assert.equal(afterSkip.completedAt, undefined, "the plan is not finished");

    // us-west-2 is back: the same file finishes the plan without repeating a write.
    aws.faults.clear();
    const before = new Set(writes().map(writeKey));
    const mark2 = aws.requests.length;
    const third = await sync(["--state-file", stateFile]);
    assert.equal(third.code, 0, third.stdout + third.stderr);
    const thirdWrites = writes(mark2).map(writeKey);
    assert.equal(thirdWrites.length, westLeft);
    assert.ok(thirdWrites.every((key) => key.startsWith("us-west-2/") && !before.has(key)));
    assert.deepEqual(listed("us-west-2", "acme-otp"), otpUnion);
  });

  it("prints a line every 10% when the output is not a terminal", () => {
    const lines: string[] = [];
    const sink = lineProgress((line) => lines.push(line));
    sink.start(20, 0);
    for (let i = 0; i < 20; i++) sink.advance();
    assert.equal(lines.length, 11);
    assert.equal(lines.at(-1), "opt-outs written: 20/20 (100%)");
  });
});
