/**
 * `failover sync-opt-outs` against the local endpoint: it migrates union-design lists without
 * removing a number, never undoes an opt-in, waits out sustained throttling however the
 * caller's retries are set, skips a dead Region (or stops before anything with
 * --require-all), and resumes after `kill -9` without repeating a write. Its state file holds
 * phone numbers: mode 0600, outside the repository by default.
 */
import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseEstateConfig } from "../../../stacks/config/load";
import { INTERACTIVE_RETRY } from "../../../tools/failover/context";
import { lineProgress, type ProgressSink } from "../../../tools/failover/progress";
import { defaultStateFile, loadSyncState } from "../../../tools/failover/state-file";
import { type AwsEndpoint, dynamoDb, startAwsEndpoint } from "../../support/aws-endpoint";
import {
  runCli,
  seedEstate,
  TEST_CREDENTIALS,
  testNumbers,
  threeRegionEstate,
  writeStackFile,
} from "../../support/failover-estate";
import { createLedgerTables } from "../../support/ledger-tables";

const REGIONS = ["us-east-1", "us-west-2", "eu-west-1"];
const ROOT = path.resolve(__dirname, "..", "..", "..");

describe("failover sync-opt-outs", function () {
  this.timeout(180_000);
  let aws: AwsEndpoint;
  let dir: string;
  let stateFile: string;
  let serial = 0;
  const estate = parseEstateConfig(threeRegionEstate());
  const listed = (region: string, list: string) =>
    [...(aws.state.region(region).optOutLists.get(list)?.numbers.keys() ?? [])].sort();
  const ok = (from = 0, operation = "PutOptedOutNumber") =>
    aws.requests.slice(from).filter((r) => r.operation === operation && r.status === 200);
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
    createLedgerTables(aws, estate);
    stateFile = path.join(dir, `state-${++serial}.jsonl`);
  });
  after(async () => {
    await aws.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  // Each number settled is a handful of requests; on a loaded machine the endpoint (in this same
  // process) can take longer than runCli's 1.5 s to answer, so the CLI's default timeout is used,
  // and as many attempts as the CLI makes (INTERACTIVE_RETRY: 3; runCli's default is 2, and two
  // timeouts in a row under load failed a number), with runCli's short backoff.
  const sync = (args: string[] = [], io = {}) =>
    runCli(
      aws,
      [
        "--stack",
        "three",
        "sync-opt-outs",
        "--timeout-ms",
        "3000",
        "--rate",
        "500",
        "--state-file",
        stateFile,
        ...args,
      ],
      {
        stacksDir: dir,
        retry: {
          baseDelayMs: 1,
          maxDelayMs: 10,
          maxAttempts: INTERACTIVE_RETRY.maxAttempts,
          maxThrottledAttempts: 50,
        },
        ...io,
      },
    );
  const otpUnion = testNumbers(160);
  const marketingUnion = [...testNumbers(5, 900), ...testNumbers(3, 950)].sort();

  it("exits 2 with the reason alone, no stack trace, for another stack's state file, an unknown use case or a missing stack", async () => {
    fs.writeFileSync(stateFile, `${JSON.stringify({ version: 2, stack: "prod", numbers: [] })}\n`);
    const other = await sync();
    assert.equal(other.code, 2);
    assert.match(other.stderr, /belongs to stack prod, not three; use another --state-file/);
    assert.doesNotMatch(other.stderr, /\n\s+at /, "no stack trace");
    const unknown = await runCli(aws, ["--stack", "three", "sync-opt-outs", "--use-case", "nope"], {
      stacksDir: dir,
    });
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown use case nope; the estate has marketing, otp/);
    const missing = await runCli(aws, ["--stack", "nope", "status"], { stacksDir: dir });
    assert.equal(missing.code, 2);
    assert.match(
      missing.stderr,
      /Pulumi\.nope\.yaml does not exist; pass the stack's name with --stack/,
    );
    assert.doesNotMatch(missing.stderr, /\n\s+at /, "no stack trace");
  });

  it("exits 2 before contacting anything when the state file cannot be written", async () => {
    const blocker = path.join(dir, `a-file-${++serial}`);
    fs.writeFileSync(blocker, "");
    stateFile = path.join(blocker, "state.jsonl");
    const result = await sync();
    assert.equal(result.code, 2, result.stdout + result.stderr);
    assert.match(
      result.stderr,
      new RegExp(`cannot write the state file ${stateFile}: .*; pass another --state-file`),
    );
    assert.doesNotMatch(result.stderr, /\n\s+at /, "no stack trace");
    assert.deepEqual(aws.requests, [], "nothing read, nothing recorded");
  });

  it("migrates lists of the union design: every Region ends with every number, none removed, and a re-run does nothing", async () => {
    const first = await sync();
    assert.equal(first.code, 0, first.stdout + first.stderr);
    for (const region of REGIONS) {
      assert.deepEqual(listed(region, "acme-otp"), otpUnion, region);
      assert.deepEqual(listed(region, "acme-marketing"), marketingUnion, region);
    }
    assert.equal(ok(0, "DeleteOptedOutNumber").length, 0, "nothing removed");
    assert.match(first.stdout, /Complete: every Region's opt-out lists follow the ledger/);
    assert.match(first.stdout, /No `pulumi config` change is needed/);
    const mark = aws.requests.length;
    const second = await sync();
    assert.equal(second.code, 0);
    assert.match(second.stdout, /Planned 0 numbers/);
    assert.equal(ok(mark).length, 0);
  });

  it("never undoes an opt-in: the end user's START removes the copies and nothing puts the number back", async () => {
    await sync();
    // The end user texts JOIN to the us-east-1 number; AWS removes them from that list only.
    const [back] = testNumbers(1, 3);
    aws.state.region("us-east-1").optOutLists.get("acme-otp")!.numbers.delete(back);
    const mark = aws.requests.length;
    const run = await sync();
    assert.equal(run.code, 0, run.stdout + run.stderr);
    for (const region of REGIONS) assert.ok(!listed(region, "acme-otp").includes(back), region);
    assert.deepEqual(ok(mark, "DeleteOptedOutNumber").map(writeKey).sort(), [
      `eu-west-1/acme-otp/${back}`,
      `us-west-2/acme-otp/${back}`,
    ]);
    assert.equal(ok(mark).length, 0, "no number was put back");
    // And again, later: still nothing puts it back.
    const again = await sync();
    assert.equal(again.code, 0);
    for (const region of REGIONS) assert.ok(!listed(region, "acme-otp").includes(back), region);
  });

  it("waits out sustained throttling, whatever the caller's retry settings, and says it is waiting", async () => {
    aws.setRateLimit("us-west-2", 8, { initialTokens: 0, service: "sms-voice" });
    const lines: string[] = [];
    const run = await sync(["--rate", "50", "--use-case", "marketing"], {
      // The caller allows 2 throttled attempts: the sync must not let that cap its patience.
      retry: { baseDelayMs: 5, maxDelayMs: 200, maxAttempts: 2, maxThrottledAttempts: 2 },
      progress: lineProgress((line) => lines.push(line), 0),
    });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.ok(
      aws.rateLimitStats("us-west-2", "sms-voice").throttled > 10,
      "the endpoint kept throttling",
    );
    assert.deepEqual(listed("us-west-2", "acme-marketing"), marketingUnion);
    assert.match(run.stdout, /0 failed, 0 not attempted/);
    assert.ok(
      lines.some((l) => /throttled by us-west-2: backing off .* nothing is dropped/.test(l)),
      lines.join("\n"),
    );
  });

  it("skips a silent Region with a warning, and with --require-all stops before recording or writing anything", async () => {
    aws.faults.set("eu-west-1", { mode: "silence" });
    const strict = await sync(["--require-all"]);
    assert.equal(strict.code, 1);
    assert.match(
      strict.stdout,
      /ABORTED before recording or writing anything: not every Region could be read/,
    );
    const writes = [
      "PutOptedOutNumber",
      "DeleteOptedOutNumber",
      "PutItem",
      "BatchWriteItem",
      "UpdateItem",
    ];
    assert.equal(aws.requests.filter((r) => writes.includes(r.operation)).length, 0);

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

  it("gives up on a Region that keeps failing, finishes the others, and a re-run finishes it", async () => {
    let settled = 0;
    const failMidway: ProgressSink = {
      start() {},
      stop() {},
      advance() {
        if (++settled === 40)
          aws.faults.set("us-west-2", { mode: "5xx", operations: ["PutOptedOutNumber"] });
      },
    };
    const first = await sync(["--rate", "200"], { progress: failMidway });
    assert.equal(first.code, 3, first.stdout);
    assert.match(first.stdout, /gave up on us-west-2/);
    assert.match(first.stdout, /INCOMPLETE: re-run the same command/);
    aws.faults.clear();
    const mark = aws.requests.length;
    const second = await sync();
    assert.equal(second.code, 0, second.stdout);
    assert.match(second.stderr, /Resuming the run/);
    assert.equal(
      aws.requests
        .slice(mark)
        .filter(
          (r) =>
            r.operation === "DescribeOptedOutNumbers" &&
            !(r.input as { OptedOutNumbers?: string[] }).OptedOutNumbers,
        ).length,
      0,
      "no list re-read",
    );
    for (const region of REGIONS) assert.deepEqual(listed(region, "acme-otp"), otpUnion, region);
    assert.ok(loadSyncState(stateFile, "three")!.completedAt, "the run is marked finished");
  });

  it("resumes after kill -9 without repeating a single write", async () => {
    aws.setRateLimit("us-west-2", 40, { service: "sms-voice" });
    aws.setRateLimit("eu-west-1", 40, { service: "sms-voice" });
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        path.join(ROOT, "test", "support", "failover-child.ts"),
        dir,
        "--endpoint-url",
        aws.url,
        "--stack",
        "three",
        "sync-opt-outs",
        "--rate",
        "40",
        "--state-file",
        stateFile,
        "--no-progress",
      ],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
        },
        stdio: "ignore",
      },
    );
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    // Kill it in the middle of the writes.
    while (ok().length < 60) {
      if (child.exitCode !== null) assert.fail("the sync finished before it could be killed");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill("SIGKILL");
    await exited;
    const firstWrites = ok().map(writeKey);
    assert.ok(firstWrites.length < 156, `killed midway (${firstWrites.length} writes)`);
    // Any request still in the endpoint's hands when the process died is answered now.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const before = new Set(ok().map(writeKey));

    const mark = aws.requests.length;
    const resumed = await sync();
    assert.equal(resumed.code, 0, resumed.stdout + resumed.stderr);
    assert.match(resumed.stderr, /Resuming the run/);
    const again = ok(mark).map(writeKey);
    assert.deepEqual(
      again.filter((k) => before.has(k)),
      [],
      "no write repeated",
    );
    assert.equal(new Set(again).size, again.length);
    for (const region of REGIONS) {
      assert.deepEqual(listed(region, "acme-otp"), otpUnion, region);
      assert.deepEqual(listed(region, "acme-marketing"), marketingUnion, region);
    }
  });

  it("keeps its state file private (0600) and, by default, outside the repository", async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "sync-home-"));
    const file = defaultStateFile("three", { XDG_STATE_HOME: home });
    assert.equal(file, path.join(home, "messaging-estate", "sync-opt-outs-three.jsonl"));
    assert.ok(!path.resolve(file).startsWith(ROOT), "outside the repository");
    assert.ok(
      defaultStateFile("three", { HOME: "/home/oncall" }).includes(
        path.join(".local", "state", "messaging-estate"),
      ),
    );
    const args = [
      "--stack",
      "three",
      "sync-opt-outs",
      "--timeout-ms",
      "3000",
      "--rate",
      "500",
      "--state-file",
      file,
    ];
    const run = await runCli(aws, args, { stacksDir: dir });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.equal(fs.statSync(path.dirname(file)).mode & 0o777, 0o700);
    assert.match(run.stdout, /holds phone numbers: personal data, mode 0600/);
    // A file someone loosened is tightened again on the next run.
    fs.chmodSync(file, 0o644);
    await runCli(aws, args, { stacksDir: dir });
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    fs.rmSync(home, { recursive: true, force: true });
    // A state file put inside the repository is run, with a warning.
    const inside = path.join(ROOT, ".cache", `sync-spec-${process.pid}.jsonl`);
    try {
      const warned = await runCli(
        aws,
        [
          "--stack",
          "three",
          "sync-opt-outs",
          "--timeout-ms",
          "3000",
          "--use-case",
          "marketing",
          "--state-file",
          inside,
        ],
        { stacksDir: dir },
      );
      assert.match(
        warned.stderr,
        /WARNING: the state file .* is inside the repository; it holds phone numbers/,
      );
    } finally {
      fs.rmSync(inside, { force: true });
    }
  });

  it("records decisions it finds on lists, so the Regions' reconcilers agree with it", async () => {
    await sync();
    const ledger = dynamoDb(aws.state).items("us-west-2", "acme-opt-out-ledger");
    const numbers = new Set(
      ledger.filter((i) => i.kind?.S === "event").map((i) => `${i.pk.S}/${i.number.S}`),
    );
    assert.equal(numbers.size, 160 + 8);
  });
});
