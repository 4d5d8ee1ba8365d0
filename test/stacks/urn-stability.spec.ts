/**
 * Resource names derive from config keys, never from list positions: reordering any list
 * or map in the config must change no URN and no input, and growing the estate must leave
 * every existing URN where it was.
 */
import { strict as assert } from "node:assert";
import type { RecordedAsset, RecordedResource } from "../../engine/recording-monitor";
import { loadEstateFromFile, readStackConfig, stackFilePath } from "../../stacks/config/load";
import { clone, minimalEstate, regionCopy, runEstate } from "../support/estate";
import { threeRegionEstate } from "../support/failover-estate";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

/** Reverses every array and the key order of every object, recursively. */
function reorderEverything(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reorderEverything).reverse();
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .reverse()
        .map(([k, v]) => [k, reorderEverything(v)]),
    );
  }
  return value;
}

const snapshot = (resources: RecordedResource[]) =>
  new Map(
    resources.map((r) => [r.urn, { inputs: r.inputs, protect: r.protect, parent: r.parent }]),
  );

describe("URN stability", function () {
  // Each test runs the example stack's program two or three times (with the opt-out ledger's
  // tables, functions and alarms in every Region); one run took 20 s on a loaded two-core
  // machine. A guard against a hang, not a performance bound.
  this.timeout(240_000);

  it("the reordering helper really reorders (sanity check of the test itself)", () => {
    const raw = readStackConfig(stackFilePath("example"))["messaging:estate"] as Loose;
    const reordered = reorderEverything(raw) as Loose;
    assert.notDeepEqual(Object.keys(reordered.useCases), Object.keys(raw.useCases));
    assert.deepEqual(reordered.useCases.otp.countries, [...raw.useCases.otp.countries].reverse());
  });

  it("reordering every list and map of the example stack changes no URN and no input", async () => {
    const raw = readStackConfig(stackFilePath("example"))["messaging:estate"];
    loadEstateFromFile(stackFilePath("example")); // the example itself must be valid
    const before = snapshot((await runEstate(raw)).resources);
    const after = snapshot((await runEstate(reorderEverything(raw))).resources);
    assert.ok(before.size > 100);
    assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort());
    for (const [urn, state] of before) assert.deepEqual(after.get(urn), state, urn);

    // The comparison covers the Lambda functions' code itself: one changed character shows.
    const [fnUrn, fn] = [...before].find(([urn]) => urn.includes("lambda/function:Function"))!;
    const code = fn.inputs.code as RecordedAsset;
    const text = code.assets!["index.js"].text!;
    assert.ok(text.length > 10_000, "the bundle's text is recorded");
    const edited = structuredClone(fn) as Loose;
    edited.inputs.code.assets["index.js"].text = text.replace("opt", "0pt");
    assert.notDeepEqual(edited, after.get(fnUrn));
  });

  it("reordering two or more standby Regions changes no URN and no input (the opt-out functions' settings included)", async () => {
    const base = threeRegionEstate() as Loose;
    base.standbyRegions = ["eu-west-1", "us-west-2"];
    (base.standbyRegions as string[]).push("ca-central-1");
    base.regions["ca-central-1"] = regionCopy(base.regions["us-west-2"], "ca-central-1");
    const before = snapshot((await runEstate(base)).resources);
    const reordered = clone(base);
    reordered.standbyRegions = ["us-west-2", "ca-central-1", "eu-west-1"];
    const after = snapshot((await runEstate(reordered)).resources);
    assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort());
    const functions = [...before.keys()].filter((urn) => urn.includes("lambda/function:Function"));
    assert.ok(functions.length >= 8, "four Regions, each with a replicator and a reconciler");
    for (const [urn, state] of before) assert.deepEqual(after.get(urn), state, urn);
  });

  it("adding a use case, an originator or a standby Region moves no existing URN", async () => {
    const base = minimalEstate();
    const before = snapshot((await runEstate(base)).resources);

    const grown = clone(base) as Loose;
    grown.useCases.alerts = {
      ...clone(grown.useCases.otp),
      countries: ["US"],
      publicFacing: false,
    };
    grown.standbyRegions.push("eu-west-1");
    grown.regions["eu-west-1"] = regionCopy(grown.regions["us-west-2"], "eu-west-1");
    for (const region of ["us-east-1", "us-west-2", "eu-west-1"]) {
      grown.regions[region].phoneNumbers["alerts-us"] = {
        useCase: "alerts",
        country: "US",
        numberType: "LONG_CODE",
      };
      grown.regions[region].phoneNumbers["aaa-otp-us"] = {
        useCase: "otp",
        country: "US",
        numberType: "LONG_CODE",
      };
    }
    const after = snapshot((await runEstate(grown)).resources);
    for (const urn of before.keys()) assert.ok(after.has(urn), `${urn} moved`);
    // Originators keep their inputs too; only pools gain members.
    for (const [urn, state] of before) {
      if (
        urn.includes("Smsvoicev2PhoneNumber") ||
        urn.includes("Smsvoicev2SenderId") ||
        urn.includes("OptOutList")
      ) {
        assert.deepEqual(after.get(urn), state, urn);
      }
    }
  });
});
