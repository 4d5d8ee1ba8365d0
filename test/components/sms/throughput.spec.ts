/** Message parts per second by originator type and country (components/sms/throughput.ts). */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import {
  defaultMps,
  formatMps,
  ORIGINATOR_KINDS,
  originatorMps,
  poolThroughput,
  TEN_DLC_CAMPAIGN_MPS,
  throughputDrops,
  type ThroughputOriginator,
} from "../../../components/sms/throughput";

describe("SMS throughput figures", () => {
  it("uses the documented defaults by type and country, and none where nothing is stated", () => {
    assert.equal(defaultMps("SHORT_CODE", "US"), 100);
    assert.equal(defaultMps("TOLL_FREE", "US"), 3);
    assert.equal(defaultMps("TEN_DLC", "US"), 1);
    assert.equal(defaultMps("SENDER_ID", "GB"), 10);
    assert.equal(defaultMps("SENDER_ID", "IN"), 10);
    assert.equal(defaultMps("LONG_CODE", "CA"), undefined);
    assert.equal(defaultMps("SHORT_CODE", "GB"), undefined, "the 100 MPS figure is for the US");
    assert.equal(defaultMps("SIMULATOR", "US"), undefined);
    assert.equal(TEN_DLC_CAMPAIGN_MPS.UNVETTED, 0.2, "the stricter of the two published figures");
  });

  it("prefers a configured figure, then AWS's own, then the default; caps 10DLC at the campaign", () => {
    const tfn: ThroughputOriginator = { kind: "TOLL_FREE", country: "US", id: "phone-1" };
    assert.deepEqual(originatorMps(tfn), { mps: 3, source: "default" });
    assert.deepEqual(originatorMps({ ...tfn, awsMps: 25 }), { mps: 25, source: "aws" });
    assert.deepEqual(originatorMps({ ...tfn, awsMps: 25 }, { byOriginator: { "phone-1": 40 } }), {
      mps: 40,
      source: "configured",
    });
    assert.deepEqual(originatorMps(tfn, { byKind: { TOLL_FREE: 6 } }), {
      mps: 6,
      source: "configured",
    });
    const tenDlc: ThroughputOriginator = { kind: "TEN_DLC", country: "US", awsMps: 10 };
    assert.deepEqual(
      originatorMps(tenDlc, { tenDlcCampaignMps: TEN_DLC_CAMPAIGN_MPS.MEDIUM_LOW }),
      {
        mps: 4,
        source: "configured",
      },
    );
    assert.deepEqual(originatorMps({ kind: "LONG_CODE", country: "CA" }), {
      mps: undefined,
      source: "unknown",
    });
  });

  it("gives a pool the fastest originator serving each country, 0 where none does", () => {
    const pool: ThroughputOriginator[] = [
      { kind: "TOLL_FREE", country: "US", id: "tfn" },
      { kind: "SHORT_CODE", country: "US", id: "sc" },
      { kind: "LONG_CODE", country: "CA", id: "ca" },
      { kind: "SENDER_ID", country: "GB", id: "BRAND" },
    ];
    const result = poolThroughput(pool, ["US", "CA", "GB", "DE"]);
    assert.equal(result.US.mps, 100);
    assert.equal(result.US.via?.id, "sc");
    assert.equal(result.US.originators, 2);
    assert.equal(result.CA.mps, undefined);
    assert.equal(result.CA.source, "unknown");
    assert.equal(result.GB.mps, 10);
    assert.deepEqual(result.DE, { mps: 0, source: "default", originators: 0 });
  });

  it("matches a model: the maximum known figure per country (property)", () => {
    const originator = fc.record({
      kind: fc.constantFrom(...ORIGINATOR_KINDS),
      country: fc.constantFrom("US", "CA", "GB"),
      awsMps: fc.option(fc.integer({ min: 1, max: 500 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(originator, { maxLength: 8 }), (originators) => {
        const result = poolThroughput(originators, ["US", "CA", "GB"]);
        for (const country of ["US", "CA", "GB"]) {
          const figures = originators
            .filter((o) => o.country === country)
            .map((o) => o.awsMps ?? defaultMps(o.kind, country));
          const known = figures.filter((f): f is number => f !== undefined);
          const expected =
            known.length > 0 ? Math.max(...known) : figures.length > 0 ? undefined : 0;
          assert.equal(result[country].mps, expected);
        }
      }),
    );
  });

  it("reports countries that would carry less, or cannot be compared", () => {
    const fig = (mps: number | undefined) => ({
      mps,
      source: mps === undefined ? ("unknown" as const) : ("default" as const),
    });
    assert.deepEqual(
      throughputDrops(
        { US: fig(3), CA: fig(undefined), GB: fig(10), DE: fig(undefined) },
        { US: fig(100), CA: fig(1), GB: fig(10), DE: fig(undefined) },
      ),
      [
        { country: "CA", mps: undefined, referenceMps: 1 },
        { country: "US", mps: 3, referenceMps: 100 },
      ],
    );
    assert.equal(formatMps(0.2), "0.2 MPS");
    assert.equal(formatMps(undefined), "? MPS");
  });
});
