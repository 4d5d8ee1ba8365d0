/**
 * DR parity: every use case of the primary Region has a pool in each standby Region that
 * serves the same countries.
 */
import { strict as assert } from "node:assert";
import { smsStandbyRegionParity } from "../../policies/sms/standby-region-parity";
import type { AnalyzerResourceSpec } from "../../tools/check/analyzer-resources";
import { onStack, recordEstate, violations } from "./support";

describe("policies: sms-standby-region-parity", () => {
  const policy = smsStandbyRegionParity;
  let compliant: AnalyzerResourceSpec[];
  before(async () => {
    compliant = await recordEstate();
  });

  it("passes when both use cases have pools serving the same countries in the standby Region", async () => {
    const result = await onStack(policy, compliant);
    assert.deepEqual(result, { violations: [] });
  });

  it("flags a use case without a pool in the standby Region", async () => {
    const specs = await recordEstate({ "usw2-alerts-pool": { omit: true } });
    assert.deepEqual(await violations(policy, specs), [
      "use1-alerts-pool: Use case alerts has a pool in the primary Region us-east-1 but none in the standby Region us-west-2; declare one there so sending can fail over.",
    ]);
  });

  it("flags countries the standby pool does not serve", async () => {
    const specs = await recordEstate({
      "usw2-otp-gb-long": { omit: true },
      "usw2-otp-gb-sender": { omit: true },
    });
    assert.deepEqual(await violations(policy, specs), [
      "usw2-otp-pool: Use case otp's pool in the standby Region us-west-2 does not serve GB, which its pool in the primary Region us-east-1 serves; add originators for them in us-west-2.",
    ]);
  });

  it("mentions members it cannot resolve", async () => {
    const specs = await recordEstate({
      "usw2-otp-in-sender": { omit: true },
      "usw2-otp-in-long": { omit: true },
      "usw2-otp-pool": {
        args: {
          originationIdentities: [
            "arn:aws:sms-voice:us-west-2:111122223333:phone-number/phone-adopted",
          ],
        },
      },
    });
    assert.deepEqual(await violations(policy, specs), [
      "usw2-otp-pool: Use case otp's pool in the standby Region us-west-2 does not serve GB, IN and US, which its pool in the primary Region us-east-1 serves (1 member(s) not declared in this stack could not be checked); add originators for them in us-west-2.",
    ]);
  });

  it("flags a primary pool without a use-case tag", async () => {
    const specs = await recordEstate({
      "use1-otp-pool": {
        args: { tags: { owner: "o", "cost-center": "c", "messaging:region-role": "primary" } },
      },
    });
    assert.deepEqual(await violations(policy, specs), [
      "use1-otp-pool: Pool use1-otp-pool in the primary Region us-east-1 has no messaging:use-case tag, so its standby coverage cannot be checked; tag it with its use case.",
    ]);
  });

  it("takes Regions from config when pools carry no role tags", async () => {
    const specs = await recordEstate({ "usw2-alerts-pool": { omit: true } });
    const config = {
      regionRoleTagKey: "no-such-tag",
      primaryRegion: "us-east-1",
      standbyRegions: ["us-west-2"],
    };
    assert.equal((await violations(policy, specs, config)).length, 1);
    assert.deepEqual(
      await violations(policy, specs, { ...config, exemptUseCases: ["alerts"] }),
      [],
    );
  });

  it("is not applicable without a standby Region", async () => {
    const result = await onStack(policy, compliant, {
      standbyRegions: ["us-east-1"],
      primaryRegion: "us-east-1",
    });
    assert.deepEqual(result.violations, []);
    assert.equal(
      result.notApplicable,
      "no standby Region: set standbyRegions or tag pools with messaging:region-role: standby",
    );
  });

  it("is advisory by default (the prod config makes it mandatory)", () => {
    assert.equal(policy.enforcementLevel, "advisory");
  });
});
