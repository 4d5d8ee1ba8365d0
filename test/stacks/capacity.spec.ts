/**
 * Capacity as declared (stacks/capacity.ts): per Region, use case and country, the MPS of
 * the use case's pool from the throughput model (components/sms/throughput.ts), and the
 * countries where a standby carries less than `capacity.minStandbyShare` of the primary.
 */
import { strict as assert } from "node:assert";
import { EstateConfigError } from "../../stacks/config/issues";
import { loadEstateFromFile, parseEstateConfig } from "../../stacks/config/load";
import { stackFilePath } from "../../stacks/config/stack-file";
import { estateCapacity, standbyShortfalls } from "../../stacks/capacity";
import { clone, minimalEstate } from "../support/estate";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const figure = (
  rows: ReturnType<typeof estateCapacity>,
  region: string,
  useCase: string,
  country: string,
) => {
  const row = rows.find(
    (r) => r.region === region && r.useCase === useCase && r.country === country,
  );
  assert.ok(row, `${region} ${useCase} ${country}`);
  return `${row.mps} ${row.source} ${row.via ?? "-"}`;
};

describe("capacity (preview)", () => {
  it("shows the example's US OTP falling from 100 MPS (short code) to 3 (toll-free) in the standby", () => {
    const estate = loadEstateFromFile(stackFilePath("example"));
    const rows = estateCapacity(estate);
    assert.equal(figure(rows, "us-east-1", "otp", "US"), "100 default otp-us-short-code");
    assert.equal(figure(rows, "us-west-2", "otp", "US"), "3 default otp-us-tfn");
    assert.equal(figure(rows, "us-west-2", "otp", "IN"), "10 default otp-india");
    // Long codes outside the US have no documented figure: shown as unknown, never guessed.
    assert.equal(figure(rows, "us-east-1", "otp", "CA"), "undefined unknown otp-ca-long");
    assert.deepEqual(standbyShortfalls(estate, rows), [
      {
        useCase: "otp",
        country: "US",
        standby: "us-west-2",
        mps: 3,
        primary: "us-east-1",
        primaryMps: 100,
        share: 0.03,
      },
    ]);
  });

  it("uses configured figures: per type, per originator, and the 10DLC campaign's cap; leaves spares out", () => {
    const raw = clone(minimalEstate()) as Loose;
    // minimal: us-east-1 otp US = toll-free (3) + a spare toll-free; us-west-2 otp US = long code.
    const base = estateCapacity(parseEstateConfig(raw));
    assert.equal(figure(base, "us-east-1", "otp", "US"), "3 default otp-us");
    assert.equal(figure(base, "us-east-1", "marketing", "US"), "1 default marketing-us");

    raw.capacity = { mpsByType: { TOLL_FREE: 20 }, tenDlcCampaignMps: 0.2 };
    raw.regions["us-east-1"].phoneNumbers["otp-us-spare"].mps = 500;
    const configured = estateCapacity(parseEstateConfig(raw));
    assert.equal(figure(configured, "us-east-1", "otp", "US"), "20 configured otp-us");
    assert.equal(figure(configured, "us-east-1", "marketing", "US"), "0.2 configured marketing-us");

    raw.regions["us-east-1"].phoneNumbers["otp-us"].mps = 40;
    assert.equal(
      figure(estateCapacity(parseEstateConfig(raw)), "us-east-1", "otp", "US"),
      "40 configured otp-us",
    );
  });

  it("reports a standby below the configured share, and an unknown standby figure against a known primary", () => {
    const raw = clone(minimalEstate()) as Loose;
    // us-west-2 reaches US through a long code: no documented figure, against 3 MPS.
    const shortfalls = standbyShortfalls(parseEstateConfig(raw));
    assert.deepEqual(
      shortfalls.map((s) => `${s.useCase} ${s.country} ${s.mps} ${s.primaryMps} ${s.share}`),
      ["otp US undefined 3 undefined"],
    );
    raw.capacity = { minStandbyShare: 0 };
    raw.regions["us-west-2"].phoneNumbers["otp-us"].mps = 1;
    assert.deepEqual(standbyShortfalls(parseEstateConfig(raw)), []);
    raw.capacity = { minStandbyShare: 0.5 };
    assert.deepEqual(
      standbyShortfalls(parseEstateConfig(raw)).map((s) => s.share),
      [1 / 3],
    );
  });

  it("refuses a share outside 0–1 and a non-positive figure, at their paths", () => {
    const raw = clone(minimalEstate()) as Loose;
    raw.capacity = { minStandbyShare: 50 };
    raw.regions["us-east-1"].phoneNumbers["otp-us"].mps = 0;
    try {
      parseEstateConfig(raw);
      assert.fail("accepted");
    } catch (error) {
      assert.ok(EstateConfigError.is(error));
      assert.deepEqual(error.paths, [
        "messaging:estate.capacity.minStandbyShare",
        "messaging:estate.regions.us-east-1.phoneNumbers.otp-us.mps",
      ]);
      assert.match(error.message, /minStandbyShare is a share from 0 to 1, e\.g\. 0\.5/);
    }
  });
});
