import { strict as assert } from "node:assert";
import { minimalEstate, named, runEstate } from "../support/estate";

describe("recording monitor", () => {
  it("records the URNs each input was computed from, as the engine forwards them to policy packs", async () => {
    const { resources } = await runEstate(minimalEstate());
    const pool = named(resources, "us-east-1-otp-pool");
    const list = named(resources, "us-east-1-otp-opt-out-list");
    assert.deepEqual(pool.propertyDependencies.optOutListName, [list.urn]);
    const members = pool.propertyDependencies.originationIdentities ?? [];
    assert.ok(
      members.includes(named(resources, "us-east-1-originators-otp-us").urn),
      members.join("\n"),
    );
    // A plain input depends on nothing.
    assert.deepEqual(pool.propertyDependencies.messageType ?? [], []);
  });
});
