/**
 * Protect policies: configurations that block nothing, public-facing use cases without FILTER.
 */
import { strict as assert } from "node:assert";
import { smsProtectConfigurationBlocksCountries } from "../../policies/protect/protect-configuration-blocks-countries";
import { smsProtectFilterPublicUseCases } from "../../policies/protect/public-use-case-filter";
import { UNKNOWN, type AnalyzerResourceSpec } from "../../tools/check/analyzer-resources";
import { named, onResource, previewOfNewResources, recordEstate, violations } from "./support";

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

    describe("a use case with an unlisted name (login) tagged messaging:public-facing", () => {
      // As the estate's components tag the configuration sets of public-facing use cases.
      const loginTags = (publicFacing?: string) => [
        { key: "owner", value: "platform-messaging" },
        { key: "cost-center", value: "cc-1" },
        { key: "messaging:region-role", value: "primary" },
        { key: "messaging:use-case", value: "login" },
        ...(publicFacing === undefined
          ? []
          : [{ key: "messaging:public-facing", value: publicFacing }]),
      ];
      const login = (publicFacing: string | undefined, args: Record<string, unknown> = {}) => ({
        "use1-otp-config": {
          args: { configurationSetName: "acme-login", tags: loginTags(publicFacing), ...args },
        },
      });
      const noFilter = {
        "use1-otp-protect": {
          args: { countryRuleSet: { sms: [{ countryCode: "RU", protectStatus: "BLOCK" }] } },
        },
      };

      it("is not in the default list, so only the tag makes it public-facing", () => {
        const names = policy.configSchema.properties.publicFacingUseCases as { default: string[] };
        assert.equal(names.default.includes("login"), false);
      });

      it("passes when its set uses a Protect configuration that FILTERs", async () => {
        assert.deepEqual(await violations(policy, await recordEstate(login("true"))), []);
      });

      it("flags its set without a Protect configuration", async () => {
        const specs = await recordEstate(login("true", { protectConfigurationId: undefined }));
        assert.deepEqual(await violations(policy, specs), [
          "use1-otp-config: Configuration set acme-login serves the public-facing use case login but has no Protect configuration; associate one whose SMS rules FILTER the countries at risk of SMS pumping.",
        ]);
      });

      it("flags its set whose Protect configuration has no FILTER rule", async () => {
        const specs = await recordEstate({ ...login("true"), ...noFilter });
        assert.deepEqual(await violations(policy, specs), [
          "use1-otp-config: Configuration set acme-login serves the public-facing use case login, but its Protect configuration use1-otp-protect has no FILTER rule for SMS; set protectStatus FILTER for the countries at risk of SMS pumping.",
        ]);
      });

      it("flags it during preview of a new Protect configuration too (through property dependencies)", async () => {
        const specs = previewOfNewResources(await recordEstate({ ...login("true"), ...noFilter }));
        assert.equal(named(specs, "use1-otp-config").outputs.protectConfigurationId, UNKNOWN);
        assert.deepEqual(await violations(policy, specs), [
          "use1-otp-config: Configuration set acme-login serves the public-facing use case login, but its Protect configuration use1-otp-protect has no FILTER rule for SMS; set protectStatus FILTER for the countries at risk of SMS pumping.",
        ]);
      });

      it("is not public-facing untagged or tagged with another value", async () => {
        for (const value of [undefined, "false"]) {
          const specs = await recordEstate({
            ...login(value, { protectConfigurationId: undefined }),
          });
          assert.deepEqual(await violations(policy, specs), [], `tag value ${value}`);
        }
      });
    });
  });
});
