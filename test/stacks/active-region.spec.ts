import { strict as assert } from "node:assert";
import {
  ActiveRegionConfigError,
  activeRegionOf,
  activeRegionsFromStackConfig,
  parseActiveRegions,
} from "../../stacks/config/active-region";
import { parseEstateConfig } from "../../stacks/config/load";
import { minimalEstate } from "../support/estate";

describe("active-region config", () => {
  const estate = parseEstateConfig(minimalEstate());

  it("defaults to the primary Region for every use case", () => {
    const active = parseActiveRegions(estate, {});
    assert.deepEqual(active, { default: "us-east-1", overrides: {} });
    assert.equal(activeRegionOf(active, "otp"), "us-east-1");
  });

  it("takes a Region of the estate and per-use-case overrides", () => {
    const active = activeRegionsFromStackConfig(estate, {
      "messaging:activeRegion": "us-west-2",
      "messaging:activeRegionOverrides": { otp: "us-east-1" },
    });
    assert.equal(activeRegionOf(active, "otp"), "us-east-1");
    assert.equal(activeRegionOf(active, "marketing"), "us-west-2");
  });

  it("reports every problem with its key and the command that fixes it", () => {
    const error = (() => {
      try {
        parseActiveRegions(
          estate,
          { activeRegion: "us-east1", overrides: { sms: "us-west-2", otp: 7 } },
          "stack prod",
        );
      } catch (e) {
        return e;
      }
      assert.fail("expected an error");
    })();
    assert.ok(error instanceof ActiveRegionConfigError);
    assert.equal(error.problems.length, 3);
    assert.match(error.message, /^stack prod has 3 active-region problems:/);
    assert.match(
      error.message,
      /messaging:activeRegion: "us-east1" is not a Region of the estate; use one of us-east-1, us-west-2 \(pulumi config set messaging:activeRegion us-east-1\)/,
    );
    assert.match(
      error.message,
      /messaging:activeRegionOverrides\.sms: unknown use case "sms"; use one of marketing, otp/,
    );
    assert.match(
      error.message,
      /pulumi config set --path 'messaging:activeRegionOverrides\.otp' us-east-1/,
    );
    assert.throws(() => parseActiveRegions(estate, { overrides: ["otp"] }), /must be an object/);
  });

  it("reports overrides for names of object members as unknown use cases, never as use cases", () => {
    const overrides = JSON.parse(
      '{"constructor":"us-west-2","__proto__":"us-west-2","toString":"us-west-2"}',
    );
    assert.throws(
      () => parseActiveRegions(estate, { overrides }),
      (error: unknown) =>
        error instanceof ActiveRegionConfigError &&
        error.problems.length === 3 &&
        error.problems.every((p) => /unknown use case/.test(p)),
    );
    // And a lookup of such a name finds no override (not Object.prototype's member).
    const active = parseActiveRegions(estate, {});
    assert.equal(activeRegionOf(active, "constructor"), "us-east-1");
  });
});
