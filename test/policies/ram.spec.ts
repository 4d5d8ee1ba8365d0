/**
 * RAM policies: external principals, principal allow-list, Region of shared resources.
 */
import { strict as assert } from "node:assert";
import { ramShareNoExternalPrincipals } from "../../policies/ram/share-no-external-principals";
import { ramSharePrincipalAllowList } from "../../policies/ram/share-principal-allow-list";
import { ramShareSameRegion } from "../../policies/ram/share-same-region";
import type { AnalyzerResourceSpec } from "../../tools/check/analyzer-resources";
import { SECONDARY_ACCOUNT } from "../fixtures/policy-estate";
import { onResource, recordEstate, violations } from "./support";

describe("policies: RAM", () => {
  let compliant: AnalyzerResourceSpec[];
  before(async () => {
    compliant = await recordEstate();
  });

  describe("ram-share-no-external-principals", () => {
    const policy = ramShareNoExternalPrincipals;

    it("passes shares of both providers that disallow external principals", async () => {
      assert.deepEqual(await violations(policy, compliant), []);
    });

    it("flags an @pulumi/aws share that allows them", async () => {
      const specs = await recordEstate({
        "use1-otp-share": { args: { allowExternalPrincipals: true } },
      });
      assert.deepEqual(await violations(policy, specs), [
        "use1-otp-share: Resource share has allowExternalPrincipals: true; set it to false.",
      ]);
    });

    it("accepts an @pulumi/aws share that leaves it unset (the provider defaults to false)", async () => {
      const specs = await recordEstate({
        "use1-otp-share": { args: { allowExternalPrincipals: undefined } },
      });
      assert.deepEqual(await violations(policy, specs), []);
    });

    it("flags an aws-native share that leaves it unset (CloudFormation defaults to true)", async () => {
      const specs = await recordEstate({
        "usw2-alerts-share": { args: { allowExternalPrincipals: undefined } },
      });
      assert.deepEqual(await violations(policy, specs), [
        "usw2-alerts-share: Resource share leaves allowExternalPrincipals unset, which CloudFormation treats as true; set it to false.",
      ]);
    });
  });

  describe("ram-share-principal-allow-list", () => {
    const policy = ramSharePrincipalAllowList;
    const allowList = { allowedPrincipals: [SECONDARY_ACCOUNT] };

    it("passes allow-listed principals of both providers", async () => {
      assert.deepEqual(await violations(policy, compliant, allowList), []);
    });

    it("is not applicable until an allow-list is configured (the default)", async () => {
      const result = await onResource(policy, compliant, "use1-otp-share-to-dr");
      assert.equal(result.notApplicable, "no allow-list configured (allowedPrincipals is empty)");
    });

    it("flags an @pulumi/aws principal association outside the list", async () => {
      const specs = await recordEstate({
        "use1-otp-share-to-dr": { args: { principal: "999988887777" } },
      });
      assert.deepEqual(await violations(policy, specs, allowList), [
        "use1-otp-share-to-dr: Principal 999988887777 is not in allowedPrincipals (444455556666); add it to the policy config or stop sharing with it.",
      ]);
    });

    it("flags aws-native share principals outside the list, and matches * globs", async () => {
      const org = "arn:aws:organizations::111122223333:ou/o-abc/ou-123";
      const specs = await recordEstate({
        "usw2-alerts-share": { args: { principals: [SECONDARY_ACCOUNT, org] } },
      });
      assert.deepEqual(await violations(policy, specs, allowList), [
        `usw2-alerts-share: Principal ${org} is not in allowedPrincipals (444455556666); add it to the policy config or stop sharing with it.`,
      ]);
      const globbed = {
        allowedPrincipals: [SECONDARY_ACCOUNT, "arn:aws:organizations::111122223333:ou/o-abc/*"],
      };
      assert.deepEqual(await violations(policy, specs, globbed), []);
    });
  });

  describe("ram-share-same-region", () => {
    const policy = ramShareSameRegion;

    it("passes shares that hold resources of their own Region", async () => {
      assert.deepEqual(await violations(policy, compliant), []);
    });

    it("flags an association of a resource from another Region", async () => {
      const specs = await recordEstate({
        "use1-otp-share-pool": {
          args: { resourceArn: "arn:aws:sms-voice:us-west-2:111122223333:pool/pool-standby" },
        },
      });
      assert.deepEqual(await violations(policy, specs), [
        "use1-otp-share-pool: Resource share use1-otp-share is in us-east-1 but would hold arn:aws:sms-voice:us-west-2:111122223333:pool/pool-standby from us-west-2; RAM shares SMS resources only within one Region, so share it from a share in us-west-2.",
      ]);
    });

    it("flags an association declared in another Region than its share", async () => {
      const specs = await recordEstate({
        "usw2-otp-share-pool": { args: { region: "us-east-1" } },
      });
      assert.deepEqual(await violations(policy, specs), [
        "usw2-otp-share-pool: Resource association is declared in us-east-1 but its share usw2-otp-share is in us-west-2; declare the association in us-west-2.",
      ]);
    });

    it("flags an aws-native share holding a resource of another Region (by the resource's Region)", async () => {
      const specs = await recordEstate({
        "use1-alerts-share": {
          args: {
            resourceArns: ["arn:aws:sms-voice:eu-west-1:111122223333:phone-number/phone-eu"],
          },
        },
      });
      assert.deepEqual(await violations(policy, specs), [
        "use1-alerts-share: Resource share use1-alerts-share is in us-east-1 but would hold arn:aws:sms-voice:eu-west-1:111122223333:phone-number/phone-eu from eu-west-1; RAM shares SMS resources only within one Region, so share it from a share in eu-west-1.",
      ]);
    });
  });
});
