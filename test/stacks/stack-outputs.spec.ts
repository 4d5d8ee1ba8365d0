/**
 * The program's stack outputs: an estate without `ses` or secondary accounts exports neither,
 * and the run prints no warning (exporting them as undefined made Pulumi print "Undefined
 * value (ses) will not show as a stack output" on every run: 36 lines in a benchmark).
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as YAML from "yaml";
import { runStack } from "../../tools/stack-run";
import { minimalEstate } from "../support/estate";

describe("stack outputs", function () {
  this.timeout(120_000);

  it("leaves out what the estate does not have, without a warning", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stack-outputs-"));
    const printed: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    const warn = console.warn;
    const log = console.log;
    try {
      fs.writeFileSync(
        path.join(dir, "Pulumi.bare.yaml"),
        YAML.stringify({ config: { "messaging:estate": minimalEstate() } }),
      );
      process.stderr.write = ((chunk: string | Uint8Array) => {
        printed.push(String(chunk));
        return true;
      }) as typeof process.stderr.write;
      console.warn = (...args: unknown[]) => void printed.push(args.join(" "));
      console.log = (...args: unknown[]) => void printed.push(args.join(" "));
      const run = await runStack({ stack: "bare", stacksDir: dir });
      assert.deepEqual(Object.keys(run.outputs).sort(), [
        "activeRegions",
        "applicationPolicies",
        "primaryRegion",
        "standbyRegions",
        "useCases",
      ]);
    } finally {
      process.stderr.write = write;
      console.warn = warn;
      console.log = log;
      fs.rmSync(dir, { recursive: true, force: true });
    }
    assert.deepEqual(
      printed.filter((line) => /warning|Undefined value/i.test(line)),
      [],
      printed.join(""),
    );
  });
});
