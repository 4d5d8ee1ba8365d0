import { strict as assert } from "node:assert";
import type { RecordedResource } from "../../../engine/recording-monitor";
import { minimalEstate, named, ofType, runEstate, TOKENS } from "../../support/estate";

const PROTECT = "aws-native:smsvoice:ProtectConfiguration";

describe("RegionProtect", () => {
  let resources: RecordedResource[];
  before(async () => {
    ({ resources } = await runEstate(minimalEstate()));
  });

  it("declares an account-level and a per-use-case protect configuration in every Region, deletion-protected", () => {
    const configs = ofType(resources, PROTECT);
    assert.deepEqual(configs.map((c) => c.name).sort(), [
      "us-east-1-protect-account",
      "us-east-1-protect-marketing",
      "us-east-1-protect-otp",
      "us-west-2-protect-account",
      "us-west-2-protect-marketing",
      "us-west-2-protect-otp",
    ]);
    for (const config of configs) {
      assert.equal(config.inputs.deletionProtectionEnabled, true);
      assert.equal(config.region, config.name.slice(0, 9));
    }
  });

  it("associates each use case's configuration with its configuration set", () => {
    for (const region of ["us-east-1", "us-west-2"]) {
      for (const useCase of ["otp", "marketing"]) {
        const protect = named(resources, `${region}-protect-${useCase}`);
        const set = named(resources, `${region}-${useCase}-config-set`);
        assert.equal(set.inputs.protectConfigurationId, protect.outputs.protectConfigurationId);
      }
    }
    assert.equal(ofType(resources, TOKENS.configurationSet).length, 4);
  });

  it("filters the public-facing OTP countries and blocks the rest", () => {
    const sms = (
      named(resources, "us-east-1-protect-otp").inputs.countryRuleSet as {
        sms: { countryCode: string; protectStatus: string }[];
      }
    ).sms;
    assert.deepEqual(
      sms.filter((r) => r.protectStatus !== "BLOCK"),
      [
        { countryCode: "GB", protectStatus: "FILTER" },
        { countryCode: "US", protectStatus: "FILTER" },
      ],
    );
    assert.ok(sms.filter((r) => r.protectStatus === "BLOCK").length > 200);
  });
});
