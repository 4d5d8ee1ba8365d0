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

describe("RegionProtect account-level guards", () => {
  const DEFAULT = "pulumi-nodejs:dynamic/protect:AccountDefaultProtectConfiguration";
  const SPEND = "pulumi-nodejs:dynamic/protect:TextMessageSpendLimitOverride";
  const OVERRIDE = "pulumi-nodejs:dynamic/protect:ProtectNumberOverride";

  let resources: RecordedResource[];
  before(async () => {
    const estate = minimalEstate();
    estate.protect = {
      monthlySpendLimitUsd: 2500,
      numberOverrides: {
        "staff-uk": {
          number: "+447700900123",
          action: "ALLOW",
          useCase: "otp",
          expiresAt: "2030-01-31",
          reason: "OPS-1",
          regions: ["us-west-2"],
        },
        "fraud-ring": { number: "+12065550142", action: "BLOCK", reason: "SEC-7" },
      },
    };
    ({ resources } = await runEstate(estate));
  });

  it("makes the account-level configuration each Region's account default (setAccountDefault defaults to true)", () => {
    const defaults = ofType(resources, DEFAULT);
    assert.deepEqual(defaults.map((d) => d.name).sort(), [
      "us-east-1-protect-account-default",
      "us-west-2-protect-account-default",
    ]);
    for (const region of ["us-east-1", "us-west-2"]) {
      const guard = named(resources, `${region}-protect-account-default`);
      assert.equal(guard.inputs.region, region);
      assert.equal(
        guard.inputs.protectConfigurationId,
        named(resources, `${region}-protect-account`).outputs.protectConfigurationId,
      );
    }
  });

  it("sets the spend-limit override in every Region", () => {
    const limits = ofType(resources, SPEND);
    assert.deepEqual(limits.map((l) => [l.inputs.region, l.inputs.monthlyLimit]).sort(), [
      ["us-east-1", 2500],
      ["us-west-2", 2500],
    ]);
  });

  it("puts each number override on its configuration, only in its Regions, with the number secret", () => {
    const overrides = ofType(resources, OVERRIDE);
    assert.deepEqual(overrides.map((o) => o.name).sort(), [
      "us-east-1-protect-override-fraud-ring",
      "us-west-2-protect-override-fraud-ring",
      "us-west-2-protect-override-staff-uk",
    ]);
    const staff = named(resources, "us-west-2-protect-override-staff-uk");
    assert.equal(
      staff.inputs.protectConfigurationId,
      named(resources, "us-west-2-protect-otp").outputs.protectConfigurationId,
    );
    assert.deepEqual(
      [staff.inputs.action, staff.inputs.expirationTimestamp],
      ["ALLOW", "2030-01-31"],
    );
    // Registered as a secret: the engine receives it wrapped in Pulumi's secret signature.
    assert.deepEqual(staff.secretInputs, ["destinationPhoneNumber"]);
    assert.equal(
      (staff.inputs.destinationPhoneNumber as { value: unknown }).value,
      "+447700900123",
    );
    const fraud = named(resources, "us-east-1-protect-override-fraud-ring");
    assert.equal(
      fraud.inputs.protectConfigurationId,
      named(resources, "us-east-1-protect-account").outputs.protectConfigurationId,
    );
    assert.equal(fraud.inputs.action, "BLOCK");
  });

  it("declares no account default, spend limit or override when the config asks for none", async () => {
    const estate = minimalEstate();
    estate.protect = { setAccountDefault: false };
    const run = await runEstate(estate);
    for (const type of [DEFAULT, SPEND, OVERRIDE])
      assert.deepEqual(ofType(run.resources, type), []);
  });
});
