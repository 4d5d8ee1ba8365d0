/**
 * `messaging warmup` and the stack outputs agree on the date of the caps:
 * `messaging:warmupAsOf` when pinned, and the command says it is pinned rather than today.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as YAML from "yaml";
import { runWarmup } from "../../tools/warmup";
import { minimalEstate } from "../support/estate";

const stackYaml = (asOf: string) =>
  YAML.stringify({
    config: {
      "messaging:warmupAsOf": asOf,
      "messaging:estate": {
        ...minimalEstate(),
        ses: {
          regions: {
            "us-east-1": {
              pools: {
                "bulk-1": {
                  scalingMode: "STANDARD",
                  dedicatedIps: ["198.51.100.7"],
                  warmup: { startDate: "2025-03-01", targetDailyVolume: 1000000 },
                },
              },
            },
          },
        },
      },
    },
  });

describe("warmup command: the pinned warm-up date", () => {
  let root: string;

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "warmup-as-of-"));
    fs.mkdirSync(path.join(root, "stacks"));
    fs.writeFileSync(path.join(root, "stacks", "Pulumi.pinned.yaml"), stackYaml("2025-03-03"));
    fs.writeFileSync(path.join(root, "stacks", "Pulumi.bad.yaml"), stackYaml("2025-02-30"));
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  async function run(argv: string[], format = "csv") {
    let stdout = "";
    let stderr = "";
    const code = await runWarmup([...argv, "--format", format, "--out", "out"], {
      cwd: root,
      stacksDir: path.join(root, "stacks"),
      now: () => new Date("2025-03-09T12:00:00Z"),
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
    });
    return { code, stdout, stderr };
  }

  it("uses the stack's messaging:warmupAsOf instead of the clock, and says it is pinned", async () => {
    const { code, stdout } = await run(["--stack", "pinned"]);
    assert.equal(code, 0);
    assert.match(
      stdout,
      /caps on 2025-03-03, pinned by messaging:warmupAsOf in Pulumi\.pinned\.yaml \(today is 2025-03-09\)/,
    );
    assert.doesNotMatch(stdout, /today,/);
  });

  it("marks the pinned date on the chart as pinned, not as today", async () => {
    const { code } = await run(["--stack", "pinned"], "svg");
    assert.equal(code, 0);
    const svg = fs.readFileSync(path.join(root, "out", "us-east-1-bulk-1.svg"), "utf8");
    assert.ok(svg.includes("pinned 2025-03-03"));
    assert.ok(!svg.includes("today 2025-03-03"));
  });

  it("lets --date override the pinned date", async () => {
    const { code, stdout } = await run(["--stack", "pinned", "--date", "2025-03-07"]);
    assert.equal(code, 0);
    assert.match(stdout, /caps on 2025-03-07 \(--date\)/);
  });

  it("exits 2 naming the key when the pinned date is not a calendar date", async () => {
    const { code, stderr } = await run(["--stack", "bad"]);
    assert.equal(code, 2);
    assert.match(stderr, /messaging:warmupAsOf must be a calendar date/);
  });
});
