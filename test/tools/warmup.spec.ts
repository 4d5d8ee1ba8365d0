import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as YAML from "yaml";
import { formatPath, runWarmup } from "../../tools/warmup";
import { minimalEstate } from "../support/estate";

const SES = {
  regions: {
    "us-east-1": {
      pools: {
        "bulk-1": {
          scalingMode: "STANDARD",
          dedicatedIps: ["198.51.100.7"],
          warmup: { startDate: "2025-03-01", targetDailyVolume: 1_000_000 },
        },
        shared: { scalingMode: "MANAGED" },
      },
      useCases: {
        newsletters: { kind: "marketing", domain: "marketing.example.com", pool: "bulk-1" },
      },
    },
  },
};

/** A stack file: a valid estate (plus `estate` changes) and extra top-level config keys. */
function stackFile(estate: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return YAML.stringify({
    config: {
      "aws:region": "us-east-1",
      ...extra,
      "messaging:estate": { ...minimalEstate(), ...estate },
    },
  });
}

describe("warmup command", () => {
  let root: string;

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "warmup-spec-"));
    fs.mkdirSync(path.join(root, "stacks"));
    const write = (stack: string, text: string) =>
      fs.writeFileSync(path.join(root, "stacks", `Pulumi.${stack}.yaml`), text);
    write("dev", stackFile({ ses: SES }));
    write(
      "broken",
      stackFile({
        ses: {
          regions: {
            "us-east-1": {
              pools: { "bulk-1": { scalingMode: "STANDARD" } },
              useCases: {
                receipts: { kind: "transactional", domain: "example.com", pool: "bulk-1" },
              },
            },
          },
        },
      }),
    );
    write("sms-only", stackFile({}));
    // A valid ses section in a stack the program rejects (a bad account id).
    write("bad-estate", stackFile({ ses: SES, account: "12345" }));
    write("bad-active", stackFile({ ses: SES }, { "messaging:activeRegion": "eu-west-1" }));
  });

  after(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  async function run(argv: string[]) {
    let stdout = "";
    let stderr = "";
    const code = await runWarmup(argv, {
      cwd: root,
      stacksDir: path.join(root, "stacks"),
      now: () => new Date("2025-03-05T12:00:00Z"),
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
    });
    return { code, stdout, stderr };
  }

  it("writes CSV, JSON and SVG per STANDARD pool and prints today's caps", async () => {
    const { code, stdout, stderr } = await run(["--stack", "dev"]);
    assert.equal(stderr, "");
    assert.equal(code, 0);
    const outDir = path.join(root, "warmup-out");
    assert.deepEqual(fs.readdirSync(outDir).sort(), [
      "us-east-1-bulk-1.csv",
      "us-east-1-bulk-1.json",
      "us-east-1-bulk-1.svg",
    ]);
    const csv = fs.readFileSync(path.join(outDir, "us-east-1-bulk-1.csv"), "utf8").split("\n");
    assert.equal(csv.length, 13, "header, 11 days, trailing newline");
    assert.ok(csv[0].startsWith("day,date,gmail.com"));
    const json = JSON.parse(fs.readFileSync(path.join(outDir, "us-east-1-bulk-1.json"), "utf8"));
    assert.equal(json.days.length, 11);
    const svg = fs.readFileSync(path.join(outDir, "us-east-1-bulk-1.svg"), "utf8");
    assert.match(svg, /^<svg/);
    assert.ok(svg.includes("SES warm-up plan: us-east-1/bulk-1"));
    assert.ok(svg.includes("today 2025-03-05"), "the chart marks today");
    assert.match(stdout, /^caps on today, 2025-03-05 \(UTC\), messages per day:$/m);
    // Summary: 2025-03-05 is day 5 (2,400 per provider, 16,800 in total).
    const row = stdout.split("\n").find((l) => l.startsWith("us-east-1/bulk-1"));
    assert.ok(row, stdout);
    assert.deepEqual(row.split(/\s{2,}/), [
      "us-east-1/bulk-1",
      "2025-03-01",
      "1,000,000",
      "11",
      "5",
      ...Array(7).fill("2,400"),
      "16,800",
    ]);
  });

  it("writes one format to a chosen directory and honours --date", async () => {
    const { code, stdout } = await run([
      "--stack",
      "dev",
      "--format",
      "csv",
      "--out",
      "plans",
      "--date",
      "2025-02-01",
    ]);
    assert.equal(code, 0);
    assert.deepEqual(fs.readdirSync(path.join(root, "plans")), ["us-east-1-bulk-1.csv"]);
    assert.match(stdout, /caps on 2025-02-01 \(--date\)/);
    assert.match(stdout, /not started/);
  });

  it("prints every problem of the stack with its path and exits 2", async () => {
    const { code, stderr, stdout } = await run(["--stack", "broken"]);
    assert.equal(code, 2);
    assert.equal(stdout, "");
    assert.match(stderr, /Pulumi\.broken\.yaml has 3 problems/);
    for (const p of [
      "ses.regions.us-east-1.pools.bulk-1.dedicatedIps",
      "ses.regions.us-east-1.pools.bulk-1.warmup",
      "ses.regions.us-east-1.useCases.receipts.domain",
    ]) {
      assert.ok(stderr.includes(`messaging:estate.${p}`), `${p} in ${stderr}`);
    }
  });

  it("refuses, writing nothing, a stack the program would refuse outside ses", async () => {
    for (const stack of ["bad-estate", "bad-active"]) {
      const out = path.join(root, `refused-${stack}`);
      const { code, stderr } = await run(["--stack", stack, "--out", out]);
      assert.equal(code, 2, stderr);
      assert.ok(!fs.existsSync(out), "nothing written");
      assert.match(stderr, stack === "bad-estate" ? /messaging:estate\.account/ : /eu-west-1/);
    }
  });

  it("says so and exits 0 when the stack has no ses section", async () => {
    const { code, stdout } = await run(["--stack", "sms-only"]);
    assert.equal(code, 0);
    assert.match(stdout, /stack "sms-only" has no STANDARD SES pool with a warm-up plan/);
  });

  it("exits 2 for a missing stack file (listing the stacks) or a bad date", async () => {
    const missing = await run(["--stack", "nope"]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Pulumi\.nope\.yaml does not exist/);
    assert.match(missing.stderr, /bad-active, bad-estate, broken, dev, sms-only/);
    const badDate = await run(["--stack", "dev", "--date", "2025-13-01"]);
    assert.equal(badDate.code, 2);
    assert.match(badDate.stderr, /--date must be a calendar date/);
  });

  it("exits 2 on usage errors", async () => {
    assert.equal((await run([])).code, 2);
    assert.equal((await run(["--stack", "dev", "--format", "pdf"])).code, 2);
    const path = await run(["--stack", "../etc"]);
    assert.equal(path.code, 2);
    assert.match(path.stderr, /--stack must be a stack name/);
  });

  it("formats issue paths with indices in brackets", () => {
    assert.equal(
      formatPath(["ses", "regions", "us-east-1", "pools", "a", "dedicatedIps", 0]),
      "ses.regions.us-east-1.pools.a.dedicatedIps[0]",
    );
  });
});
