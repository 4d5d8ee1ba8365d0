/**
 * The scaling-mode rule: SES cannot convert a MANAGED pool to STANDARD, and the provider
 * replaces a pool on any scalingMode change. A config edit must therefore never be able to
 * delete a pool (and its warmed IPs). The config cannot see history, so the guard is the
 * engine's: every pool is protected and retained, and nothing in its identity depends on
 * its mode, so the change surfaces as a refused replacement of the same resource.
 */
import { strict as assert } from "node:assert";
import { dedicatedIpPoolOptions } from "../../../components/ses/ip-pool";
import type { RecordedResource } from "../../../engine/recording-monitor";
import { clone, named, ofType } from "../../support/estate";
import { SES_TOKENS as T, runSesEstate, sesEstate, sesSection } from "../../support/ses";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

/** The us-east-1 "bulk" pool declared MANAGED instead of STANDARD (no IPs, no plan). */
function bulkAsManaged(): Loose {
  const ses: Loose = clone(sesSection());
  ses.regions["us-east-1"].pools.bulk = { scalingMode: "MANAGED" };
  return ses;
}

describe("SES pool scaling-mode guard", () => {
  let standard: RecordedResource[];
  let managed: RecordedResource[];

  before(async () => {
    standard = (await runSesEstate(sesEstate(), { warmupAsOf: "2026-03-05" })).resources;
    managed = (await runSesEstate(sesEstate(bulkAsManaged()), { warmupAsOf: "2026-03-05" }))
      .resources;
  });

  it("declares every pool, MANAGED and STANDARD, protected and retained on delete", () => {
    const pools = ofType(standard, T.pool);
    assert.equal(pools.length, 3);
    for (const pool of pools) {
      assert.equal(pool.protect, true, pool.name);
      assert.equal(pool.retainOnDelete, true, pool.name);
      // Replacing create-first is what makes a retained pool's replacement fail on its name.
      assert.equal(pool.deleteBeforeReplace, false, pool.name);
      assert.deepEqual(pool.ignoreChanges, [], pool.name); // a mode change is never hidden
    }
    assert.deepEqual(dedicatedIpPoolOptions(undefined as never), {
      parent: undefined,
      protect: true,
      retainOnDelete: true,
    });
  });

  it("keeps a pool's URN and physical name when its scaling mode changes, so the change is a (refused) replacement of the same pool", () => {
    const before = named(standard, "ses-us-east-1-bulk-pool");
    const after = named(managed, "ses-us-east-1-bulk-pool");
    assert.equal(after.urn, before.urn);
    assert.equal(after.inputs.poolName, before.inputs.poolName);
    assert.equal(before.inputs.scalingMode, "STANDARD");
    assert.equal(after.inputs.scalingMode, "MANAGED");
    assert.equal(after.protect, true);
  });

  it("sends the scaling mode explicitly, because AWS would otherwise create a STANDARD pool", () => {
    for (const pool of ofType(managed, T.pool)) {
      assert.ok(["MANAGED", "STANDARD"].includes(pool.inputs.scalingMode as string), pool.name);
    }
  });

  it("keys IP assignments by IP, so moving an IP to another pool updates one resource, replaced delete-first", async () => {
    const ses: Loose = clone(sesSection());
    const east = ses.regions["us-east-1"].pools;
    east.bulk.dedicatedIps = ["198.51.100.7"];
    east["bulk-2"] = {
      scalingMode: "STANDARD",
      dedicatedIps: ["198.51.100.8"],
      warmup: { startDate: "2026-03-01" },
    };
    const moved = (await runSesEstate(sesEstate(ses), { warmupAsOf: "2026-03-05" })).resources;
    const before = named(standard, "ses-us-east-1-ip-198.51.100.8");
    const after = named(moved, "ses-us-east-1-ip-198.51.100.8");
    assert.equal(after.urn, before.urn);
    assert.equal(before.inputs.destinationPoolName, "bulk");
    assert.equal(after.inputs.destinationPoolName, "bulk-2");
    // Create-first would run the old assignment's delete last, which moves the IP to SES's
    // default pool; delete-first ends with the IP in its new pool.
    for (const assignment of ofType(moved, T.ipAssignment)) {
      assert.equal(assignment.deleteBeforeReplace, true, assignment.name);
    }
  });

  it("does not protect what can be recreated without losing reputation (configuration sets, identities, assignments)", () => {
    for (const type of [T.configurationSet, T.identity, T.ipAssignment]) {
      for (const r of ofType(standard, type)) assert.equal(r.protect, false, r.name);
    }
  });
});
