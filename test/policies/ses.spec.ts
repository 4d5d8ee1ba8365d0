/**
 * SES policies: TLS required, dedicated pool for marketing. v1, v2 and aws-native sets.
 */
import { strict as assert } from "node:assert";
import { sesConfigurationSetTlsRequired } from "../../policies/ses/configuration-set-tls-required";
import { sesMarketingDedicatedPool } from "../../policies/ses/marketing-dedicated-pool";
import type { AnalyzerResourceSpec } from "../../tools/check/analyzer-resources";
import { onResource, recordEstate, violations } from "./support";

describe("policies: SES", () => {
  let compliant: AnalyzerResourceSpec[];
  before(async () => {
    compliant = await recordEstate();
  });

  describe("ses-configuration-set-tls-required", () => {
    const policy = sesConfigurationSetTlsRequired;

    it("passes v1, v2 and aws-native sets that require TLS", async () => {
      assert.deepEqual(await violations(policy, compliant), []);
    });

    it("flags a v2 set with OPTIONAL", async () => {
      const specs = await recordEstate({
        "ses-marketing": {
          args: { deliveryOptions: { tlsPolicy: "OPTIONAL", sendingPoolName: "acme-marketing" } },
        },
      });
      assert.deepEqual(await violations(policy, specs), [
        "ses-marketing: SES configuration set has deliveryOptions.tlsPolicy OPTIONAL; set it to REQUIRE.",
      ]);
    });

    it("flags a v1 set without delivery options", async () => {
      const specs = await recordEstate({
        "ses-receipts": { args: { deliveryOptions: undefined } },
      });
      assert.deepEqual(await violations(policy, specs), [
        "ses-receipts: SES configuration set leaves deliveryOptions.tlsPolicy unset, which means OPTIONAL; set it to REQUIRE.",
      ]);
    });

    it("flags an aws-native set with Optional", async () => {
      const specs = await recordEstate({
        "ses-notices": { args: { deliveryOptions: { tlsPolicy: "OPTIONAL" } } },
      });
      assert.deepEqual(await violations(policy, specs), [
        "ses-notices: SES configuration set has deliveryOptions.tlsPolicy OPTIONAL; set it to REQUIRE.",
      ]);
    });

    it("is not applicable to SMS configuration sets", async () => {
      assert.equal(
        (await onResource(policy, compliant, "use1-otp-config")).notApplicable,
        "applies to SES configuration sets only",
      );
    });
  });

  describe("ses-marketing-dedicated-pool", () => {
    const policy = sesMarketingDedicatedPool;

    it("passes a marketing set that names its dedicated pool", async () => {
      assert.deepEqual(await violations(policy, compliant), []);
    });

    it("flags a marketing set (by use-case tag) without a pool", async () => {
      const specs = await recordEstate({
        "ses-marketing": { args: { deliveryOptions: { tlsPolicy: "REQUIRE" } } },
      });
      assert.deepEqual(await violations(policy, specs), [
        "ses-marketing: SES configuration set sends marketing mail without a dedicated IP pool (deliveryOptions.sendingPoolName is unset); assign the marketing pool.",
      ]);
    });

    it("recognises marketing sets by name, and v1 sets cannot name a pool", async () => {
      const specs = await recordEstate({ "ses-receipts": { args: { name: "acme-newsletter" } } });
      assert.deepEqual(await violations(policy, specs), [
        "ses-receipts: SES configuration set sends marketing mail but is a v1 aws.ses.ConfigurationSet, which cannot name a dedicated IP pool; declare it with aws.sesv2 and set deliveryOptions.sendingPoolName.",
      ]);
      assert.deepEqual(await violations(policy, specs, { marketingNamePattern: "" }), []);
    });

    it("is not applicable to transactional sets", async () => {
      assert.equal(
        (await onResource(policy, compliant, "ses-notices")).notApplicable,
        "not a marketing configuration set",
      );
    });
  });
});
