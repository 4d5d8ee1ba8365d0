/** `npm run warmup` and the stack outputs agree on "today": `messaging:warmupAsOf` when pinned. */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runWarmup } from "../../tools/warmup";

const stackYaml = (asOf: string) => `config:
  messaging:warmupAsOf: "${asOf}"
  messaging:estate:
    ses:
      regions:
        us-east-1:
          pools:
            bulk-1:
              scalingMode: STANDARD
              dedicatedIps: [198.51.100.7]
              warmup:
                startDate: "2025-03-01"
                targetDailyVolume: 1000000
`;

describe("warmup command: the pinned warm-up date", () => {
  let root: string;

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "warmup-as-of-"));
    fs.mkdirSync(path.join(root, "stacks"));
    fs.writeFileSync(path.join(root, "stacks", "Pulumi.pinned.yaml"), stackYaml("2025-03-03"));
    fs.writeFileSync(path.join(root, "stacks", "Pulumi.bad.yaml"), stackYaml("2025-02-30"));
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  async function run(argv: string[]) {
    let stdout = "";
    let stderr = "";
    const code = await runWarmup([...argv, "--format", "csv", "--out", "out"], {
      cwd: root,
      now: () => new Date("2025-03-09T12:00:00Z"),
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
    });
    return { code, stdout, stderr };
  }

  it("uses the stack's messaging:warmupAsOf instead of the clock", async () => {
    const { code, stdout } = await run(["--stack", "pinned"]);
    assert.equal(code, 0);
    assert.match(stdout, /today's caps \(2025-03-03,/);
  });

  it("lets --date override the pinned date", async () => {
    const { code, stdout } = await run(["--stack", "pinned", "--date", "2025-03-07"]);
    assert.equal(code, 0);
    assert.match(stdout, /today's caps \(2025-03-07,/);
  });

  it("exits 1 naming the key when the pinned date is not a calendar date", async () => {
    const { code, stderr } = await run(["--stack", "bad"]);
    assert.equal(code, 1);
    assert.match(stderr, /messaging:warmupAsOf must be a calendar date/);
  });
});
