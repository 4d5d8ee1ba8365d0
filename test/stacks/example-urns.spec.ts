/**
 * Every URN the example stack declared when the components took their own arguments
 * (`test/fixtures/example-stack-urns.txt`, recorded from main before that change). A
 * resource whose URN moves is deleted and created again by `pulumi up`, which for an
 * originator or an opt-out list means losing it: so each recorded URN must still be
 * declared, or be named by an alias of a declared resource. New resources may be added.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { runStack } from "../../tools/stack-run";

const RECORDED = path.join(__dirname, "..", "fixtures", "example-stack-urns.txt");

describe("example stack: recorded URNs", function () {
  it("declares every recorded URN, or an alias of it", async function () {
    const run = await runStack({ stack: "example" });
    const declared = new Set(run.resources.flatMap((r) => [r.urn, ...r.aliases]));
    const recorded = fs.readFileSync(RECORDED, "utf8").split("\n").filter(Boolean);
    assert.ok(recorded.length > 300, `only ${recorded.length} recorded URNs`);
    const moved = recorded.filter((urn) => !declared.has(urn));
    assert.deepEqual(moved, [], `URNs no longer declared (add aliases):\n${moved.join("\n")}`);
  });
});
