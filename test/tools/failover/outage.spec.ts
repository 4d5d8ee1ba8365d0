/**
 * What an outage brings to the failover tool, each tried against the local endpoint with a
 * listener per Region: two engineers promoting at once (in one process with a slow network,
 * and as two real processes), another writer between a promote's writes and its read-back, a
 * promote that died holding the lease, re-running the runbook while the old primary is still
 * dead (promote, status and sync must not wait on it), an outage of SMS alone, promotional
 * opt-outs that are behind, and a second promote leaving a Region a first one just chose.
 */
import { strict as assert } from "node:assert";
import { type ChildProcess, spawn } from "node:child_process";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parsePointer } from "../../../components/failover/pointer-document";
import { parsePresumedDown } from "../../../components/failover/presumed-down";
import { parsePromotion } from "../../../components/failover/promotion";
import {
  loadEstateFromFile,
  parseEstateConfig,
  readStackConfig,
  stackFilePath,
} from "../../../stacks/config/load";
import { writeHeartbeat } from "../../../lambda/lib/ledger";
import { renderLease } from "../../../tools/failover/lease";
import { type AwsEndpoint, startAwsEndpoint } from "../../support/aws-endpoint";
import { createLedgerTables } from "../../support/ledger-tables";
import {
  endpointArgs,
  runCli,
  TEST_CREDENTIALS,
  seedEstate,
  seedFreshness,
  testNumbers,
  threeRegionEstate,
  writeStackFile,
} from "../../support/failover-estate";

const REGIONS = ["us-east-1", "us-west-2", "eu-west-1"];
const ROOT = path.resolve(__dirname, "..", "..", "..");

/** Runs the real CLI as a child process; resolves with its exit code and output. */
function runProcess(
  args: readonly string[],
  env: Record<string, string | undefined>,
  started: (child: ChildProcess) => void = () => undefined,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"), "tools/failover.ts", ...args],
      { cwd: ROOT, env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] },
    );
    started(child);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The environment of a child that has exactly these credentials (or none) and nothing else from AWS. */
function childEnv(credentials?: {
  id: string;
  secret: string;
}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("AWS_")) env[key] = value;
  }
  return {
    ...env,
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: path.join(os.tmpdir(), "no-such-aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: path.join(os.tmpdir(), "no-such-aws-credentials"),
    ...(credentials
      ? { AWS_ACCESS_KEY_ID: credentials.id, AWS_SECRET_ACCESS_KEY: credentials.secret }
      : {}),
  };
}

describe("failover in an outage", function () {
  this.timeout(120_000);
  let aws: AwsEndpoint;
  let dir: string;
  const three = parseEstateConfig(threeRegionEstate());
  const example = loadEstateFromFile(stackFilePath("example"));
  const parameter = (region: string, name: string) => {
    const record = aws.state.region(region).parameters.get(name);
    return record?.history[record.history.length - 1].value;
  };
  const pointerRegion = (region: string, useCase: string, prefix = "acme") => {
    const value = parameter(region, `/messaging/${prefix}/${useCase}/active`);
    return value === undefined ? undefined : parsePointer(value).region;
  };
  const cli = (args: string[], io = {}) =>
    runCli(aws, ["--stack", "three", ...args], { stacksDir: dir, ...io });
  const smsTo = (region: string, from = 0) =>
    aws.requests.slice(from).filter((r) => r.region === region && r.service === "sms-voice");

  before(async () => {
    aws = await startAwsEndpoint({ accountId: three.account, regions: REGIONS });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "outage-spec-"));
    writeStackFile(dir, "three", threeRegionEstate());
    const raw = readStackConfig(stackFilePath("example"))["messaging:estate"];
    writeStackFile(dir, "example", raw);
  });
  beforeEach(async () => {
    await aws.reset();
    seedEstate(aws, three);
  });
  after(async () => {
    await aws.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  describe("two engineers at once", () => {
    it("refuses the second promote while the first holds the lease, naming who holds it", async () => {
      aws.state.identities.set("AKIDALICE", "arn:aws:sts::111122223333:assumed-role/OnCall/alice");
      aws.state.identities.set("AKIDBOB", "arn:aws:sts::111122223333:assumed-role/OnCall/bob");
      await aws.transport.set("us-east-1", "refuse");
      aws.setLatency("*", 150); // a slow network keeps the first run in flight
      const alice = cli(["promote", "--to", "us-west-2"], {
        credentials: { accessKeyId: "AKIDALICE", secretAccessKey: "x" },
      });
      // Start the second run once the first holds the lease in its target.
      await new Promise<void>((resolve) => {
        const stop = aws.onAnswered((r) => {
          if (r.operation === "PutParameter" && r.status === 200) {
            stop();
            resolve();
          }
        });
      });
      const bob = await cli(["promote", "--to", "eu-west-1"], {
        credentials: { accessKeyId: "AKIDBOB", secretAccessKey: "x" },
      });
      const first = await alice;
      assert.equal(first.code, 0, first.stdout);
      assert.equal(bob.code, 1, bob.stdout);
      assert.match(bob.stdout, /REFUSED/);
      assert.match(
        bob.stdout,
        /another promote holds the lease: arn:aws:sts::111122223333:assumed-role\/OnCall\/alice, promoting marketing, otp to us-west-2/,
      );
      for (const region of ["us-west-2", "eu-west-1"]) {
        for (const useCase of ["marketing", "otp"]) {
          assert.equal(pointerRegion(region, useCase), "us-west-2", `${region} ${useCase}`);
        }
      }
    });

    it("when each of two promotes holds the lease the other needs, the older one goes through and the younger one is refused", async () => {
      await aws.transport.set("us-east-1", "refuse");
      aws.setLatency("*", 100);
      // Both take their own target's lease before either reaches the other's.
      const leases = new Set<string>();
      const bothHoldTheirTarget = new Promise<void>((resolve) => {
        const stop = aws.onAnswered((r) => {
          const name = (r.input as { Name?: string } | undefined)?.Name ?? "";
          if (r.operation === "PutParameter" && r.status === 200 && name.endsWith("/lease")) {
            leases.add(r.region);
            if (leases.size === 2) {
              stop();
              resolve();
            }
          }
        });
      });
      const [a, b] = await Promise.all([
        cli(["promote", "--to", "us-west-2"]),
        cli(["promote", "--to", "eu-west-1"]),
        bothHoldTheirTarget,
      ]);
      assert.deepEqual([...leases].sort(), ["eu-west-1", "us-west-2"], "each held its own target");
      assert.deepEqual([a.code, b.code].sort(), [0, 1], a.stdout + b.stdout);
      const [winner, loser] = a.code === 0 ? ["us-west-2", b] : ["eu-west-1", a];
      assert.match(
        loser.stdout,
        new RegExp(`another promote holds the lease: .*promoting marketing, otp to ${winner}`),
      );
      for (const region of ["us-west-2", "eu-west-1"]) {
        for (const useCase of ["marketing", "otp"]) {
          assert.equal(pointerRegion(region, useCase), winner, `${region} ${useCase}`);
        }
      }
    });

    it("two promotes to different Regions started at once as separate processes never both succeed with Regions disagreeing", async function () {
      this.timeout(300_000);
      const trials = 3;
      const outcomes: string[] = [];
      for (let trial = 0; trial < trials; trial++) {
        await aws.reset();
        seedEstate(aws, three);
        await aws.transport.set("us-east-1", "refuse");
        aws.setLatency("*", 20);
        const common = [
          ...endpointArgs(aws),
          "--timeout-ms",
          "3000",
          "--stacks-dir",
          dir,
          "--stack",
          "three",
          "promote",
        ];
        const [a, b] = await Promise.all([
          runProcess([...common, "--to", "us-west-2"], childEnv({ id: "AKIDALICE", secret: "x" })),
          runProcess([...common, "--to", "eu-west-1"], childEnv({ id: "AKIDBOB", secret: "x" })),
        ]);
        const named = new Set(
          ["us-west-2", "eu-west-1"].flatMap((r) =>
            ["marketing", "otp"].map((u) => pointerRegion(r, u)),
          ),
        );
        outcomes.push(`${a.code}/${b.code} → ${[...named].join(",")}`);
        assert.ok(a.code !== 0 || b.code !== 0 || named.size === 1, outcomes.join("; "));
        if (a.code === 0) assert.deepEqual([...named], ["us-west-2"], a.stdout + b.stdout);
        if (b.code === 0) assert.deepEqual([...named], ["eu-west-1"], a.stdout + b.stdout);
        for (const result of [a, b]) {
          assert.ok([0, 1].includes(result.code!), result.stdout + result.stderr);
          if (result.code === 1) assert.match(result.stdout, /REFUSED|CONFLICT/);
        }
        assert.equal(aws.transport.connections("us-east-1"), 0);
      }
    });

    it("reports a conflict, with the commands to converge, when another writer changes a pointer before the read-back", async () => {
      await aws.transport.set("us-east-1", "refuse");
      // Another writer (a colleague's run that broke the lease, or pulumi up) rewrites
      // eu-west-1's otp pointer right after this promote wrote it.
      const other = parameter("eu-west-1", "/messaging/acme/otp/active")!;
      const stop = aws.onAnswered((r) => {
        const input = r.input as { Name?: string };
        if (
          r.region === "eu-west-1" &&
          r.operation === "PutParameter" &&
          input.Name === "/messaging/acme/otp/active"
        ) {
          stop();
          aws.state.putParameter(
            aws.state.region("eu-west-1"),
            "/messaging/acme/otp/active",
            other.replace(/"region":"us-east-1"/, '"region":"eu-west-1"'),
            "String",
          );
        }
      });
      const { code, stdout } = await cli(["promote", "--to", "us-west-2"]);
      assert.equal(code, 1, stdout);
      assert.match(stdout, /CONFLICT/);
      assert.match(stdout, /eu-west-1: otp → eu-west-1 written by something else/);
      assert.match(stdout, /npm run failover -- --stack three promote --to us-west-2 --planned/);
      assert.match(stdout, /npm run failover -- --stack three promote --to eu-west-1 --planned/);
      assert.doesNotMatch(stdout, /Done:/);
    });

    it("takes over a lease a killed run left once it has expired, and refuses while it has not unless --break-lease", async () => {
      const lease = (expiresAt: string) =>
        renderLease({
          promoteId: "dead-run",
          owner: "arn:aws:sts::111122223333:assumed-role/OnCall/carol",
          to: "eu-west-1",
          useCases: ["otp"],
          acquiredAt: "2025-01-01T00:00:00.000Z",
          expiresAt,
        });
      const future = new Date(Date.now() + 60_000).toISOString();
      aws.state.seed("us-west-2", {
        parameters: [{ name: "/messaging/acme/_failover/lease", value: lease(future) }],
      });
      await aws.transport.set("us-east-1", "refuse");
      const held = await cli(["promote", "--to", "us-west-2"]);
      assert.equal(held.code, 1, held.stdout);
      assert.match(held.stdout, /OnCall\/carol, promoting otp to eu-west-1/);
      assert.match(held.stdout, /re-run with --break-lease/);
      // Refused before the Regions being left were known: it must not claim it contacted them.
      assert.doesNotMatch(held.stdout, /Every Region was contacted/);
      assert.equal(pointerRegion("us-west-2", "otp"), "us-east-1");

      const broken = await cli(["promote", "--to", "us-west-2", "--break-lease"]);
      assert.equal(broken.code, 0, broken.stdout);

      await aws.reset();
      seedEstate(aws, three);
      aws.state.seed("us-west-2", {
        parameters: [
          { name: "/messaging/acme/_failover/lease", value: lease("2025-01-01T00:02:00.000Z") },
        ],
      });
      const expired = await cli(["promote", "--to", "us-west-2"]);
      assert.equal(expired.code, 0, expired.stdout);
      assert.equal(pointerRegion("eu-west-1", "otp"), "us-west-2");
      assert.equal(parameter("us-west-2", "/messaging/acme/_failover/lease"), undefined);
    });

    it("refuses to leave a Region a promote chose minutes ago unless the engineer confirms it", async () => {
      await aws.transport.set("us-east-1", "refuse");
      aws.state.identities.set("AKIDALICE", "arn:aws:sts::111122223333:assumed-role/OnCall/alice");
      const alice = await cli(["promote", "--to", "us-west-2"], {
        credentials: { accessKeyId: "AKIDALICE", secretAccessKey: "x" },
      });
      assert.equal(alice.code, 0, alice.stdout);
      // Bob, a few seconds later, still believes eu-west-1 is where to go.
      const bob = await cli(["promote", "--to", "eu-west-1"]);
      assert.equal(bob.code, 1, bob.stdout);
      assert.match(
        bob.stdout,
        /OnCall\/alice moved marketing to us-west-2 \d+ s ago .* re-run with --confirm-leaving us-west-2: npm run failover -- --stack three promote --to eu-west-1 --confirm-leaving us-west-2/,
      );
      assert.equal(pointerRegion("eu-west-1", "otp"), "us-west-2", "nothing written");
      const confirmed = await cli([
        "promote",
        "--to",
        "eu-west-1",
        "--confirm-leaving",
        "us-west-2",
      ]);
      assert.equal(confirmed.code, 0, confirmed.stdout);
      assert.equal(pointerRegion("eu-west-1", "otp"), "eu-west-1");
      const record = parsePresumedDown(
        parameter("eu-west-1", "/messaging/acme/_failover/presumed-down")!,
      );
      assert.deepEqual(Object.keys(record.regions).sort(), ["us-east-1", "us-west-2"]);
    });
  });

  describe("re-running the runbook while the old primary is still dead", () => {
    it("promote, status and sync-opt-outs honour the presumed-down record: no request to it, no wait on its timeout", async () => {
      await aws.transport.set("us-east-1", "silent");
      assert.equal((await cli(["promote", "--to", "us-west-2"])).code, 0);
      // Runbook step 3: the config now names us-west-2, so us-east-1 is no longer "being
      // left" by config or pointers; only the record keeps it out.
      const stepThree = fs.mkdtempSync(path.join(os.tmpdir(), "outage-step3-"));
      try {
        writeStackFile(stepThree, "three", threeRegionEstate(), {
          "messaging:activeRegion": "us-west-2",
        });
        // A timeout far longer than the test's: waiting on the silent Region would fail it.
        const slow = (args: string[]) =>
          runCli(aws, ["--timeout-ms", "600000", "--stack", "three", ...args], {
            stacksDir: stepThree,
          });
        const connections = aws.transport.connections("us-east-1");
        const again = await slow(["promote", "--to", "us-west-2"]);
        assert.equal(again.code, 0, again.stdout);
        assert.match(again.stdout, /us-east-1: presumed down since .*promote --to us-west-2/);
        assert.equal(aws.transport.connections("us-east-1"), connections, "promote: no connection");

        const status = await slow(["status"]);
        assert.equal(status.code, 1, status.stdout);
        assert.match(status.stdout, /us-east-1 is presumed down since/);
        assert.match(
          status.stdout,
          /npm run failover -- --stack three clear-presumed-down us-east-1/,
        );
        assert.equal(smsTo("us-east-1").length, 0, "status sent no SMS request there");
        assert.ok(
          aws.transport.connections("us-east-1") - connections <= 1,
          "at most the one read of the record, abandoned once another Region answered",
        );

        const sync = await slow(["sync-opt-outs", "--rate", "500"]);
        assert.equal(sync.code, 3, sync.stdout + sync.stderr);
        assert.match(sync.stderr, /WARNING: us-east-1 not contacted: presumed down since/);
        assert.equal(smsTo("us-east-1").length, 0, "sync sent no SMS request there");
      } finally {
        fs.rmSync(stepThree, { recursive: true, force: true });
      }
    });

    it("clear-presumed-down refuses while the Region does not answer, clears it once it does, and status then gives the converging promote", async () => {
      await aws.transport.set("us-east-1", "refuse");
      assert.equal((await cli(["promote", "--to", "us-west-2"])).code, 0);
      const early = await cli(["clear-presumed-down", "us-east-1"]);
      assert.equal(early.code, 1, early.stdout);
      assert.match(early.stdout, /us-east-1 does not answer yet/);

      await aws.transport.set("us-east-1", "up");
      const cleared = await cli(["clear-presumed-down", "us-east-1"]);
      assert.equal(cleared.code, 0, cleared.stdout);
      for (const region of REGIONS) {
        const record = parsePresumedDown(
          parameter(region, "/messaging/acme/_failover/presumed-down")!,
        );
        assert.deepEqual(record.regions, {}, region);
        assert.equal(record.generation, 2, region);
      }
      // us-east-1's own pointers still name us-east-1: status must say so, with the fix.
      const status = await cli(["status"]);
      assert.equal(status.code, 1, status.stdout);
      assert.match(
        status.stdout,
        /the pointers of marketing, otp disagree \(marketing: us-east-1 → us-east-1, eu-west-1 → us-west-2, us-west-2 → us-west-2/,
      );
      assert.match(
        status.stdout,
        /npm run failover -- --stack three promote --to us-west-2 --planned/,
      );
      assert.doesNotMatch(status.stdout, /no `pulumi config` change is needed/);
      assert.doesNotMatch(status.stdout, /^Ready/m);

      const converge = await cli(["promote", "--to", "us-west-2", "--planned"]);
      assert.equal(converge.code, 0, converge.stdout);
      const settled = await cli(["status"]);
      assert.match(
        settled.stdout,
        /pulumi config set messaging:activeRegion us-west-2 --stack three/,
      );
      assert.equal(settled.code, 1, "the config still lags");
    });

    it("fails back with promote --planned to the presumed-down Region, which clears it", async () => {
      await aws.transport.set("us-east-1", "refuse");
      assert.equal((await cli(["promote", "--to", "us-west-2"])).code, 0);
      await aws.transport.set("us-east-1", "up");
      const back = await cli(["promote", "--to", "us-east-1", "--planned"]);
      assert.equal(back.code, 0, back.stdout);
      assert.match(back.stdout, /Presumed down from now on: none \(was us-east-1\)/);
      for (const region of REGIONS) {
        assert.equal(pointerRegion(region, "otp"), "us-east-1", region);
        assert.deepEqual(
          parsePresumedDown(parameter(region, "/messaging/acme/_failover/presumed-down")!).regions,
          {},
        );
      }
      const status = await cli(["status"]);
      assert.equal(status.code, 0, status.stdout);
      assert.match(status.stdout, /^Ready: every Region can send every use case/m);
    });
  });

  describe("an outage of SMS alone", () => {
    it("--also-write-left-region rewrites the pointers there through SSM, sending no SMS request", async () => {
      aws.faults.set("us-east-1", { mode: "5xx", services: ["sms-voice"] });
      const plain = await cli(["promote", "--to", "us-west-2"]);
      assert.equal(plain.code, 0, plain.stdout);
      assert.equal(pointerRegion("us-east-1", "otp"), "us-east-1", "without the flag: untouched");
      assert.match(
        plain.stdout,
        /NOTE: applications in us-east-1 still read the pointer there.*re-run this command with --also-write-left-region/,
      );

      const flagged = await cli(["promote", "--to", "us-west-2", "--also-write-left-region"]);
      assert.equal(flagged.code, 0, flagged.stdout);
      assert.match(flagged.stdout, /--also-write-left-region us-east-1: written/);
      assert.doesNotMatch(flagged.stdout, /NOTE: applications in us-east-1/);
      assert.match(
        flagged.stdout,
        /Not contacted: us-east-1 \(no request was sent there but the --also-write-left-region writes below\)/,
      );
      for (const useCase of ["marketing", "otp"]) {
        assert.equal(pointerRegion("us-east-1", useCase), "us-west-2");
      }
      assert.equal(
        parsePromotion(parameter("us-east-1", "/messaging/acme/otp/promotion")!).to,
        "us-west-2",
      );
      assert.equal(smsTo("us-east-1").length, 0);
    });

    it("gives up on a Region that is dead altogether quickly, and the promote still succeeds", async () => {
      await aws.transport.set("us-east-1", "silent");
      const { code, stdout } = await cli([
        "--timeout-ms",
        "600000",
        "promote",
        "--to",
        "us-west-2",
        "--also-write-left-region",
        "--left-region-timeout-ms",
        "300",
      ]);
      assert.equal(code, 0, stdout);
      assert.match(stdout, /--also-write-left-region us-east-1: not written: TimeoutError/);
      assert.match(stdout, /WARNING: us-east-1: --also-write-left-region could not write there/);
      assert.equal(pointerRegion("us-west-2", "otp"), "us-west-2");
    });
  });

  describe("opt-out freshness", () => {
    const promoteExample = (...extra: string[]) =>
      runCli(aws, ["--stack", "example", "promote", "--to", "us-west-2", ...extra], {
        stacksDir: dir,
      });
    beforeEach(async () => {
      await aws.reset();
      seedEstate(aws, example, {
        optOuts: { "us-west-2": { marketing: testNumbers(40) } },
      });
    });

    it("refuses a promotional use case whose list in the target is behind, showing the sizes, unless accepted", async () => {
      seedFreshness(aws, example, "us-west-2", "marketing", { behind: 3, ledgerOptedOut: 43 });
      const refused = await promoteExample();
      assert.equal(refused.code, 1, refused.stdout);
      assert.match(refused.stdout, /marketing +40 +43 +3 +\S+ +BEHIND/);
      assert.match(
        refused.stdout,
        /marketing: the opt-out list in us-west-2 is BEHIND: 3 ledger decisions not applied/,
      );
      assert.match(
        refused.stdout,
        /move the other use cases now: npm run failover -- --stack example promote --to us-west-2 --use-case alerts --use-case otp/,
      );
      assert.equal(
        aws.requests.filter(
          (r) =>
            r.operation === "PutParameter" && !(r.input as { Name: string }).Name.endsWith("lease"),
        ).length,
        0,
      );

      const accepted = await promoteExample("--accept-stale-opt-outs");
      assert.equal(accepted.code, 0, accepted.stdout);
      assert.match(
        accepted.stdout,
        /WARNING: marketing: the opt-out list in us-west-2 is BEHIND.*accepted with --accept-stale-opt-outs/,
      );
    });

    it("treats a missing or unreadable document as unknown, and warns only for a transactional use case", async () => {
      const west = aws.state.region("us-west-2");
      west.parameters.delete("/messaging/northwind/marketing/opt-out-freshness");
      aws.state.putParameter(
        west,
        "/messaging/northwind/otp/opt-out-freshness",
        "{not json",
        "String",
      );
      const { code, stdout } = await promoteExample();
      assert.equal(code, 1, stdout);
      assert.match(stdout, /marketing +\? +\? +\? +never +UNKNOWN \(no freshness document\)/);
      assert.match(
        stdout,
        /otp +\? +\? +\? +never +UNKNOWN \(the opt-out freshness document is not JSON\)/,
      );
      assert.doesNotMatch(stdout, /REFUSED[\s\S]*otp: the opt-out list/);
      const others = await promoteExample("--use-case", "otp", "--use-case", "alerts");
      assert.equal(others.code, 0, others.stdout);
      assert.match(others.stdout, /WARNING: otp: the opt-out list in us-west-2 is UNKNOWN/);
    });
  });

  describe("opt-outs made in the Region being left", () => {
    it("says from when the target may lack the left Region's one-way opt-outs, and how to recover them", async () => {
      createLedgerTables(aws, three);
      // us-east-1's reconciler completed a pass 40 s ago; it reached every replica.
      const passAt = Date.now() - 40_000;
      const east = new DynamoDBClient({
        region: "us-east-1",
        endpoint: aws.regionUrls["us-east-1"],
        credentials: TEST_CREDENTIALS,
      });
      try {
        await writeHeartbeat(east, "acme-opt-out-ledger", "us-east-1", passAt);
      } finally {
        east.destroy();
      }
      await aws.transport.set("us-east-1", "refuse");
      const { code, stdout } = await cli(["promote", "--to", "us-west-2"]);
      assert.equal(code, 0, stdout);
      assert.match(
        stdout,
        new RegExp(
          `WARNING: us-east-1's last opt-out reconciliation known in us-west-2 completed at ${new Date(passAt).toISOString()} \\(\\d+ s before this promote\\): one-way opt-outs and opt-ins made there since then \\(otp\\) are not in us-west-2's lists until us-east-1 answers again`,
        ),
      );
      assert.match(stdout, /clear-presumed-down us-east-1.*sync-opt-outs/);
    });

    it("says so when the target has never heard from the Region being left, and not for a planned move", async () => {
      createLedgerTables(aws, three);
      await aws.transport.set("us-east-1", "refuse");
      const unplanned = await cli(["promote", "--to", "us-west-2", "--use-case", "otp"]);
      assert.equal(unplanned.code, 0, unplanned.stdout);
      assert.match(
        unplanned.stdout,
        /WARNING: us-west-2 has no record of an opt-out reconciliation in us-east-1: one-way opt-outs and opt-ins made there \(otp\) may be missing/,
      );
      await aws.reset();
      seedEstate(aws, three);
      createLedgerTables(aws, three);
      const planned = await cli(["promote", "--to", "us-west-2", "--planned"]);
      assert.equal(planned.code, 0, planned.stdout);
      assert.doesNotMatch(planned.stdout, /opt-out reconciliation/);
    });
  });

  describe("Ctrl-C", () => {
    const common = () => [...endpointArgs(aws), "--stacks-dir", dir, "--stack", "three"];
    /** Runs the CLI as a process and sends it SIGINT once `when` has happened at the endpoint. */
    const interrupted = (args: string[], when: (r: { operation: string }) => boolean) => {
      let child: ChildProcess | undefined;
      const stop = aws.onAnswered((r) => {
        if (when(r)) {
          stop();
          child?.kill("SIGINT");
        }
      });
      return runProcess([...common(), ...args], childEnv({ id: "AKIDTEST", secret: "x" }), (c) => {
        child = c;
      }).finally(stop);
    };

    it("stops status at once, waiting on no silent Region", async () => {
      await aws.transport.set("us-east-1", "silent");
      const result = await interrupted(
        ["--timeout-ms", "600000", "status"],
        (r) => r.operation === "GetParameters",
      );
      assert.equal(result.code, 130, result.stdout + result.stderr);
      assert.doesNotMatch(result.stderr, /state file/);
    });

    it("lets a promote finish what it started and release its lease, saying so", async () => {
      await aws.transport.set("us-east-1", "refuse");
      aws.setLatency("*", 100);
      const result = await interrupted(
        ["promote", "--to", "us-west-2"],
        (r) => r.operation === "PutParameter",
      );
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.match(result.stderr, /finishing this command.*releases its lease/);
      assert.doesNotMatch(result.stderr, /state file/);
      for (const region of ["us-west-2", "eu-west-1"]) {
        assert.equal(parameter(region, "/messaging/acme/_failover/lease"), undefined, region);
        assert.equal(pointerRegion(region, "otp"), "us-west-2", region);
      }
    });
  });

  it("without AWS credentials, status and promote print one clear error and exit 2 before contacting anything", async () => {
    for (const command of [["status"], ["promote", "--to", "us-west-2"]]) {
      const result = await runProcess(
        [...endpointArgs(aws), "--stacks-dir", dir, "--stack", "three", ...command],
        childEnv(),
      );
      assert.equal(result.code, 2, result.stdout + result.stderr);
      assert.equal(result.stdout, "", "no table");
      assert.match(result.stderr, /^error: no AWS credentials: .*aws sso login/);
      assert.equal(result.stderr.trim().split("\n").length, 1, result.stderr);
      assert.doesNotMatch(result.stderr, /\n\s+at /);
    }
    assert.equal(aws.requests.length, 0);
  });
});
