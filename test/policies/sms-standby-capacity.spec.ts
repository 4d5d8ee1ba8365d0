/**
 * `sms-standby-capacity` on the fixture estate: the standby's pool per use case carries at
 * least the configured share of the primary's throughput to each country.
 */
import { strict as assert } from "node:assert";
import { smsStandbyCapacity } from "../../policies/sms/standby-capacity";
import type { AnalyzerResourceSpec } from "../../tools/check/analyzer-resources";
import { previewOfNewResources, recordEstate, violations } from "./support";

describe("policies: sms-standby-capacity", () => {
  const policy = smsStandbyCapacity;
  let compliant: AnalyzerResourceSpec[];
  before(async () => {
    compliant = await recordEstate();
  });

  it("passes Regions with the same originators", async () => {
    assert.deepEqual(await violations(policy, compliant), []);
  });

  it("flags a standby whose US pool lost its toll-free number (1 MPS of 10DLC against 3)", async () => {
    const specs = await recordEstate({ "usw2-otp-us-tfn": { omit: true } });
    assert.deepEqual(await violations(policy, specs), [
      "usw2-otp-pool: Use case otp's pool in the standby Region us-west-2 carries less than 50% of its primary pool's throughput to US (US 1 MPS against 3 MPS); a failover would throttle sending there.",
    ]);
  });

  it("takes the share and raised figures from its config", async () => {
    const specs = await recordEstate({ "usw2-otp-us-tfn": { omit: true } });
    // 1 of 3 is a third: enough when a third is asked for.
    assert.deepEqual(await violations(policy, specs, { minShare: 0.3 }), []);
    // AWS raised every 10DLC number to 3 MPS: no drop.
    assert.deepEqual(await violations(policy, specs, { mpsByType: { TEN_DLC: 3 } }), []);
    // The whole fixture at a share of 1, with 10DLC capped by its campaign at 0.2: still no
    // drop, since both Regions hold the same numbers.
    assert.deepEqual(
      await violations(policy, compliant, { minShare: 1, tenDlcCampaignMps: 0.2 }),
      [],
    );
  });

  it("waits during the preview of new originators (unknown members)", async () => {
    const specs = previewOfNewResources(await recordEstate({ "usw2-otp-us-tfn": { omit: true } }));
    assert.deepEqual(await violations(policy, specs), []);
  });
});
