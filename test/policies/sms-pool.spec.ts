/**
 * Pool policies: shared routes, opt-out list of members, opt-in keywords. Each case
 * mutates one property of the compliant fixture estate and expects the exact violation.
 */
import { strict as assert } from "node:assert";
import { smsPoolOptInKeyword } from "../../policies/sms/pool-opt-in-keyword";
import { smsPoolOptOutListMatchesMembers } from "../../policies/sms/pool-opt-out-list-matches-members";
import { smsPoolSharedRoutesDisabled } from "../../policies/sms/pool-shared-routes-disabled";
import type { AnalyzerResourceSpec } from "../../tools/check/analyzer-resources";
import { onResource, recordEstate, violations } from "./support";

describe("policies: SMS pools", () => {
  let compliant: AnalyzerResourceSpec[];
  before(async () => {
    compliant = await recordEstate();
  });

  describe("sms-pool-shared-routes-disabled", () => {
    const policy = smsPoolSharedRoutesDisabled;

    it("passes pools of both providers that set sharedRoutesEnabled: false", async () => {
      assert.deepEqual(await violations(policy, compliant), []);
      assert.deepEqual((await onResource(policy, compliant, "use1-otp-pool")).violations, []);
      assert.deepEqual((await onResource(policy, compliant, "use1-alerts-pool")).violations, []);
    });

    it("flags an @pulumi/aws pool with shared routes on", async () => {
      const specs = await recordEstate({
        "use1-otp-pool": { args: { sharedRoutesEnabled: true } },
      });
      assert.deepEqual(await violations(policy, specs), [
        "use1-otp-pool: Pool has sharedRoutesEnabled: true; set it to false.",
      ]);
    });

    it("flags an aws-native pool that leaves the flag unset (unmanaged, though AWS's default is off)", async () => {
      const specs = await recordEstate({
        "usw2-alerts-pool": { args: { sharedRoutesEnabled: undefined } },
      });
      assert.deepEqual(await violations(policy, specs), [
        "usw2-alerts-pool: Pool leaves sharedRoutesEnabled unset: AWS creates pools with shared routes off, but the setting is then unmanaged, so turning it on outside the program would go unnoticed and stay; set it to false explicitly.",
      ]);
    });

    it("honours exemptResources", async () => {
      const specs = await recordEstate({
        "use1-otp-pool": { args: { sharedRoutesEnabled: true } },
      });
      const result = await onResource(policy, specs, "use1-otp-pool", {
        exemptResources: ["use1-otp-*"],
      });
      assert.deepEqual(result, { violations: [], notApplicable: "exempted by exemptResources" });
    });

    it("is not applicable to other types", async () => {
      const result = await onResource(policy, compliant, "use1-otp-us-tfn");
      assert.equal(result.notApplicable, "applies to SMS pools only");
    });
  });

  describe("sms-pool-opt-out-list-matches-members", () => {
    const policy = smsPoolOptOutListMatchesMembers;

    it("passes when every member number uses the pool's list", async () => {
      assert.deepEqual(await violations(policy, compliant), []);
    });

    it("flags a member left on the Default list", async () => {
      const specs = await recordEstate({
        "use1-otp-gb-long": { args: { optOutListName: undefined } },
      });
      assert.deepEqual(await violations(policy, specs), [
        'use1-otp-gb-long: Phone number use1-otp-gb-long uses opt-out list "Default" but its pool use1-otp-pool uses "acme-otp"; both must use the same list.',
      ]);
    });

    it("flags an aws-native member on another list", async () => {
      const specs = await recordEstate({
        "usw2-alerts-ca-tfn": { args: { optOutListName: "acme-otp" } },
      });
      assert.deepEqual(await violations(policy, specs), [
        'usw2-alerts-ca-tfn: Phone number usw2-alerts-ca-tfn uses opt-out list "acme-otp" but its pool usw2-alerts-pool uses "acme-alerts"; both must use the same list.',
      ]);
    });

    it("compares list ARNs by name", async () => {
      const specs = await recordEstate({
        "use1-otp-us-tfn": {
          args: {
            optOutListName: "arn:aws:sms-voice:us-east-1:111122223333:opt-out-list/acme-otp",
          },
        },
      });
      assert.deepEqual(await violations(policy, specs), []);
    });

    it("honours exemptResources on the member", async () => {
      const specs = await recordEstate({
        "use1-otp-gb-long": { args: { optOutListName: undefined } },
      });
      assert.deepEqual(
        await violations(policy, specs, { exemptResources: ["use1-otp-gb-long"] }),
        [],
      );
    });
  });

  describe("sms-pool-opt-in-keyword", () => {
    const policy = smsPoolOptInKeyword;

    it("passes pools with an OPT_IN keyword resource or inline keyword", async () => {
      assert.deepEqual(await violations(policy, compliant), []);
    });

    it("flags an @pulumi/aws pool whose only opt-in keyword is gone", async () => {
      const specs = await recordEstate({ "use1-otp-keyword-join": { omit: true } });
      assert.deepEqual(await violations(policy, specs), [
        "use1-otp-pool: Pool use1-otp-pool has no opt-in keyword; declare at least one keyword with action OPT_IN (e.g. JOIN).",
      ]);
    });

    it("does not count keywords with another action", async () => {
      const specs = await recordEstate({
        "usw2-otp-keyword-join": { args: { keywordAction: "AUTOMATIC_RESPONSE" } },
      });
      assert.deepEqual(await violations(policy, specs), [
        "usw2-otp-pool: Pool usw2-otp-pool has no opt-in keyword; declare at least one keyword with action OPT_IN (e.g. JOIN).",
      ]);
    });

    it("flags an aws-native pool without an inline OPT_IN keyword", async () => {
      const specs = await recordEstate({ "use1-alerts-pool": { args: { optionalKeywords: [] } } });
      assert.deepEqual(await violations(policy, specs), [
        "use1-alerts-pool: Pool use1-alerts-pool has no opt-in keyword; declare at least one keyword with action OPT_IN (e.g. JOIN).",
      ]);
    });

    it("is advisory by default", () => {
      assert.equal(policy.enforcementLevel, "advisory");
    });
  });
});
