/**
 * Protect policies: configurations that block nothing, public-facing use cases without FILTER.
 */
import { strict as assert } from "node:assert";
import { smsProtectConfigurationBlocksCountries } from "../../policies/protect/protect-configuration-blocks-countries";
import { smsProtectFilterPublicUseCases } from "../../policies/protect/public-use-case-filter";
import type { AnalyzerResourceSpec } from "../../tools/check/analyzer-resources";
import { onResource, recordEstate, violations } from "./support";

describe("policies: Protect", () => {
  let compliant: AnalyzerResourceSpec[];
  before(async () => {
    compliant = await recordEstate();
  });

  describe("sms-protect-configuration-blocks-countries", () => {
    const policy = smsProtectConfigurationBlocksCountries;

    it("passes configurations that block countries", async () => {
      assert.deepEqual(await violations(policy, compliant), []);
    });

    it("flags a configuration that allows every country", async () => {
      const specs = await recordEstate({
        "use1-otp-protect": {
          args: { countryRuleSet: { sms: [{ countryCode: "US", protectStatus: "FILTER" }] } },
        },
      });
      assert.deepEqual(await violations(policy, specs), [
        "use1-otp-protect: Protect configuration allows every country for SMS (no BLOCK rule); block the countries you never send to.",
      ]);
    });

    it("flags a configuration without rules", async () => {
      const specs = await recordEstate({
        "usw2-otp-protect": { args: { countryRuleSet: undefined } },
      });
      assert.deepEqual(await violations(policy, specs), [
        "usw2-otp-protect: Protect configuration allows every country for SMS (no BLOCK rule); block the countries you never send to.",
      ]);
    });

    it("checks the channels configured", async () => {
      assert.deepEqual(await violations(policy, compliant, { channels: ["sms", "mms", "voice"] }), [
        "use1-otp-protect: Protect configuration allows every country for MMS and VOICE (no BLOCK rule); block the countries you never send to.",
        "usw2-otp-protect: Protect configuration allows every country for MMS and VOICE (no BLOCK rule); block the countries you never send to.",
      ]);
    });

    it("is not applicable to configuration sets", async () => {
      assert.equal(
        (await onResource(policy, compliant, "use1-otp-config")).notApplicable,
        "applies to Protect configurations only",
      );
    });
  });

  describe("sms-protect-filter-public-use-cases", () => {
    const policy = smsProtectFilterPublicUseCases;

    it("passes a public-facing use case whose set uses a FILTERing configuration", async () => {
      assert.deepEqual(await violations(policy, compliant), []);
    });

    it("flags a public-facing set without a Protect configuration", async () => {
      const specs = await recordEstate({
        "use1-otp-config": { args: { protectConfigurationId: undefined } },
      });
      assert.deepEqual(await violations(policy, specs), [
        "use1-otp-config: Configuration set acme-otp serves the public-facing use case otp but has no Protect configuration; associate one whose SMS rules FILTER the countries at risk of SMS pumping.",
      ]);
    });

    it("flags a public-facing set whose configuration only allows and blocks", async () => {
      const specs = await recordEstate({
        "usw2-otp-protect": {
          args: {
            countryRuleSet: {
              sms: [
                { countryCode: "US", protectStatus: "ALLOW" },
                { countryCode: "RU", protectStatus: "BLOCK" },
              ],
            },
          },
        },
      });
      assert.deepEqual(await violations(policy, specs), [
        "usw2-otp-config: Configuration set acme-otp serves the public-facing use case otp, but its Protect configuration usw2-otp-protect has no FILTER rule for SMS; set protectStatus FILTER for the countries at risk of SMS pumping.",
      ]);
    });

    it("treats use cases as public-facing by config or by tag", async () => {
      // alerts is not public-facing by default; naming it makes its @pulumi/aws set (which cannot carry Protect) fail.
      const named = await violations(policy, compliant, { publicFacingUseCases: ["alerts"] });
      assert.deepEqual(named, [
        "use1-alerts-config: Configuration set acme-alerts serves the public-facing use case alerts but has no Protect configuration; associate one whose SMS rules FILTER the countries at risk of SMS pumping.",
        "usw2-alerts-config: Configuration set acme-alerts serves the public-facing use case alerts but has no Protect configuration; associate one whose SMS rules FILTER the countries at risk of SMS pumping.",
      ]);
      const tagged = await recordEstate({
        "use1-alerts-config": {
          args: {
            tags: {
              owner: "o",
              "cost-center": "c",
              "messaging:use-case": "alerts",
              "messaging:public-facing": "true",
            },
          },
        },
      });
      assert.deepEqual((await violations(policy, tagged)).length, 1);
    });
  });
});
