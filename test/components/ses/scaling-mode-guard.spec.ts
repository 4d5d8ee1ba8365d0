/**
 * The scaling-mode rule: SES cannot convert a MANAGED pool to STANDARD, and the provider
 * replaces a pool on any scalingMode change. A config edit must therefore never be able to
 * delete a pool (and its warmed IPs). The config cannot see history, so the guards are the
 * engine's: a ScalingModeGuard per pool whose provider `check` compares the recorded mode
 * with the new one and fails with the config key and the fix, and behind it every pool
 * protected and retained, with nothing in its identity depending on its mode.
 */
import { strict as assert } from "node:assert";
import { createRequire } from "node:module";
import * as pulumi from "@pulumi/pulumi";
import type { CrudProvider } from "../../../components/protect/provider-inputs";
import { dedicatedIpPoolOptions } from "../../../components/ses/ip-pool";
import {
  scalingModeChangeError,
  scalingModeGuardProvider,
  type ScalingModeGuardInputs,
} from "../../../components/ses/scaling-mode-guard";
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

const GUARD = "pulumi-nodejs:dynamic/ses:ScalingModeGuard";
const PATH = "messaging:estate.ses.regions.us-east-1.pools.bulk";

/** The guard's inputs for the us-east-1 "bulk" pool in a given mode. */
function guardInputs(
  scalingMode: "MANAGED" | "STANDARD",
  extra: Partial<ScalingModeGuardInputs> = {},
): ScalingModeGuardInputs {
  return { region: "us-east-1", poolName: "bulk", scalingMode, configPath: PATH, ...extra };
}

/** The reasons of a `check` of the guard, from the recorded (`olds`) to the new inputs. */
async function checkReasons(olds: object, news: object): Promise<string[]> {
  const result = await scalingModeGuardProvider.check(
    olds as ScalingModeGuardInputs,
    news as ScalingModeGuardInputs,
  );
  return (result.failures ?? []).map((f) => `${f.property}: ${f.reason}`);
}

describe("SES pool scaling-mode guard", () => {
  let standard: RecordedResource[];
  let managed: RecordedResource[];

  before(async () => {
    standard = (await runSesEstate(sesEstate(), { warmupAsOf: "2026-03-05" })).resources;
    managed = (await runSesEstate(sesEstate(bulkAsManaged()), { warmupAsOf: "2026-03-05" }))
      .resources;
  });

  describe("the guard provider's check", () => {
    it("refuses MANAGED→STANDARD, naming the config key and the new-pool way", async () => {
      const [reason, ...rest] = await checkReasons(guardInputs("MANAGED"), guardInputs("STANDARD"));
      assert.deepEqual(rest, []);
      assert.ok(
        reason.startsWith(`scalingMode: ${PATH}.scalingMode changed from MANAGED to STANDARD`),
        reason,
      );
      assert.match(reason, /which SES does not support/);
      assert.match(
        reason,
        new RegExp(`Set ${PATH.replace(/\./g, "\\.")}\\.scalingMode back to MANAGED`),
      );
      assert.match(reason, /declare a new STANDARD pool under a new name/);
      assert.match(reason, /move the use cases to it/);
      assert.match(reason, /docs\/ses\.md/);
    });

    it("refuses MANAGED→STANDARD even with convertedFromStandard (SES cannot convert back)", async () => {
      const reasons = await checkReasons(
        guardInputs("MANAGED", { convertedFromStandard: true }),
        guardInputs("STANDARD", { convertedFromStandard: true }),
      );
      assert.equal(reasons.length, 1);
      assert.match(reasons[0], /changed from MANAGED to STANDARD/);
    });

    it("refuses STANDARD→MANAGED, saying how to convert in SES without a replacement", async () => {
      const [reason, ...rest] = await checkReasons(guardInputs("STANDARD"), guardInputs("MANAGED"));
      assert.deepEqual(rest, []);
      assert.ok(
        reason.startsWith(`scalingMode: ${PATH}.scalingMode changed from STANDARD to MANAGED`),
        reason,
      );
      assert.match(reason, /the AWS provider would replace it/);
      assert.match(
        reason,
        /aws sesv2 put-dedicated-ip-pool-scaling-attributes --region us-east-1 --pool-name bulk --scaling-mode MANAGED/,
      );
      assert.match(reason, /pulumi refresh/);
      assert.match(reason, /pulumi state delete each DedicatedIpAssignment/);
      assert.ok(reason.includes(`${PATH}.convertedFromStandard: true`), reason);
    });

    it("lets STANDARD→MANAGED through once convertedFromStandard says SES converted the pool", async () => {
      assert.deepEqual(
        await checkReasons(
          guardInputs("STANDARD"),
          guardInputs("MANAGED", { convertedFromStandard: true }),
        ),
        [],
      );
    });

    it("passes an unchanged mode, a new guard and a value unknown during preview", async () => {
      for (const mode of ["MANAGED", "STANDARD"] as const) {
        assert.deepEqual(await checkReasons(guardInputs(mode), guardInputs(mode)), [], mode);
        assert.deepEqual(await checkReasons({}, guardInputs(mode)), [], `${mode}, new guard`);
      }
      const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
      assert.equal(
        scalingModeChangeError(guardInputs("MANAGED"), {
          ...guardInputs("MANAGED"),
          scalingMode: unknown as never,
        }),
        undefined,
      );
    });

    it("rejects malformed inputs and keeps only its own keys", async () => {
      assert.deepEqual(
        await checkReasons(
          {},
          { ...guardInputs("MANAGED"), scalingMode: "DEDICATED", secretKey: "x" },
        ),
        [
          "secretKey: secretKey: credentials are never accepted as inputs; the provider uses the default AWS credential chain",
          "scalingMode: scalingMode must be MANAGED or STANDARD",
        ],
      );
      assert.deepEqual(await checkReasons({}, { scalingMode: "MANAGED" }), [
        "region: region is required (a non-empty string)",
        "poolName: poolName is required (a non-empty string)",
        "configPath: configPath is required (a non-empty string)",
      ]);
      const checked = await scalingModeGuardProvider.check(
        {} as ScalingModeGuardInputs,
        { ...guardInputs("STANDARD"), __provider: "serialised" } as ScalingModeGuardInputs,
      );
      assert.deepEqual(checked.inputs, guardInputs("STANDARD"));
    });
  });

  describe("the rest of the guard provider (no cloud calls, nothing to replace)", () => {
    it("never replaces: an acknowledged mode change is an in-place update of the record", async () => {
      const diff = await scalingModeGuardProvider.diff(
        "us-east-1/bulk",
        guardInputs("STANDARD"),
        guardInputs("MANAGED", { convertedFromStandard: true }),
      );
      assert.deepEqual(diff, { changes: true, replaces: [], deleteBeforeReplace: false });
      const same = await scalingModeGuardProvider.diff(
        "us-east-1/bulk",
        guardInputs("MANAGED"),
        guardInputs("MANAGED"),
      );
      assert.equal(same.changes, false);
    });

    it("stores its inputs as its state, keyed by Region and pool", async () => {
      const created = await scalingModeGuardProvider.create(guardInputs("STANDARD"));
      assert.deepEqual(created, { id: "us-east-1/bulk", outs: guardInputs("STANDARD") });
      assert.deepEqual(await scalingModeGuardProvider.read(created.id, created.outs), {
        id: "us-east-1/bulk",
        props: guardInputs("STANDARD"),
      });
      const updated = await scalingModeGuardProvider.update(
        created.id,
        guardInputs("STANDARD"),
        guardInputs("MANAGED", { convertedFromStandard: true }),
      );
      assert.deepEqual(updated.outs, guardInputs("MANAGED", { convertedFromStandard: true }));
      await scalingModeGuardProvider.delete(created.id, guardInputs("MANAGED"));
    });

    it("works from the text Pulumi serialises it to", async () => {
      const serialized = await pulumi.runtime.serializeFunction(() => scalingModeGuardProvider);
      const module = {
        exports: {} as {
          handler: () => CrudProvider<ScalingModeGuardInputs, ScalingModeGuardInputs>;
        },
      };
      new Function("exports", "require", "module", serialized.text)(
        module.exports,
        createRequire(__filename),
        module,
      );
      const loaded = module.exports.handler();
      const result = await loaded.check(guardInputs("MANAGED"), guardInputs("STANDARD"));
      assert.equal(result.failures?.length, 1);
      assert.match(result.failures![0].reason, /changed from MANAGED to STANDARD/);
    });
  });

  it("declares one guard per pool, recording its mode and config path, and makes the pool wait for it", () => {
    const pools = ofType(standard, T.pool);
    const guards = ofType(standard, GUARD);
    assert.equal(guards.length, pools.length);
    for (const pool of pools) {
      const guard = guards.find(
        (g) => g.name === pool.name.replace(/-pool$/, "-scaling-mode-guard"),
      );
      assert.ok(guard, pool.name);
      assert.equal(guard.parent, pool.parent, "guard and pool belong to the same IpPool");
      assert.ok(pool.dependencies.includes(guard.urn), `${pool.name} depends on its guard`);
      const { region, poolName, scalingMode, configPath } = guard.inputs;
      assert.deepEqual(
        { region, poolName, scalingMode },
        {
          region: pool.inputs.region,
          poolName: pool.inputs.poolName,
          scalingMode: pool.inputs.scalingMode,
        },
      );
      assert.equal(configPath, `messaging:estate.ses.regions.${region}.pools.${poolName}`);
      assert.equal(guard.protect, false, "the guard holds nothing worth protecting");
    }
  });

  it("fails the check between two deployments that differ only in the pool's mode", async () => {
    const recorded = named(standard, "ses-us-east-1-bulk-scaling-mode-guard").inputs;
    const next = named(managed, "ses-us-east-1-bulk-scaling-mode-guard").inputs;
    const reasons = await checkReasons(recorded, next);
    assert.equal(reasons.length, 1);
    assert.ok(
      reasons[0].includes(`${PATH}.scalingMode changed from STANDARD to MANAGED`),
      reasons[0],
    );
    // The other way round, as if the pool had been MANAGED all along.
    const back = await checkReasons(next, recorded);
    assert.match(back[0], /changed from MANAGED to STANDARD, which SES does not support/);
  });

  it("passes the pool's convertedFromStandard to its guard", async () => {
    const ses: Loose = clone(sesSection());
    ses.regions["us-east-1"].pools.bulk = { scalingMode: "MANAGED", convertedFromStandard: true };
    const run = await runSesEstate(sesEstate(ses), { warmupAsOf: "2026-03-05" });
    const next = named(run.resources, "ses-us-east-1-bulk-scaling-mode-guard").inputs;
    assert.equal(next.convertedFromStandard, true);
    const recorded = named(standard, "ses-us-east-1-bulk-scaling-mode-guard").inputs;
    assert.deepEqual(await checkReasons(recorded, next), []);
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
    const guard = {} as pulumi.Resource;
    assert.deepEqual(dedicatedIpPoolOptions(undefined as never, guard), {
      parent: undefined,
      protect: true,
      retainOnDelete: true,
      dependsOn: [guard],
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
