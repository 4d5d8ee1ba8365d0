/** `RegionProtect` from hand-written arguments: the defaults of the account-level guards and its errors. */
import { strict as assert } from "node:assert";
import { RegionProtect, type RegionProtectArgs } from "../../../components/protect/region-protect";
import { componentError, ofType, one, runComponent } from "../../support/components";

const CONFIGURATION = "aws-native:smsvoice:ProtectConfiguration";
const DEFAULT = "pulumi-nodejs:dynamic/protect:AccountDefaultProtectConfiguration";
const SPEND = "pulumi-nodejs:dynamic/protect:TextMessageSpendLimitOverride";
const OVERRIDE = "pulumi-nodejs:dynamic/protect:ProtectNumberOverride";

function args(overrides: Partial<RegionProtectArgs> = {}): RegionProtectArgs {
  return { region: "eu-west-1", useCases: { otp: { countries: ["GB"] } }, ...overrides };
}

describe("RegionProtect (hand-written args)", function () {
  it("defaults to FILTER at account level, made the account default, with no spend limit and no override", async function () {
    let protect: RegionProtect | undefined;
    const run = await runComponent(() => (protect = new RegionProtect("protect", args())));
    assert.equal(ofType(run, CONFIGURATION).length, 2);
    assert.deepEqual(
      protect!.rules.account.sms.filter((r) => r.protectStatus !== "BLOCK"),
      [{ countryCode: "GB", protectStatus: "FILTER" }],
    );
    // A service-initiated use case (not public-facing) gets ALLOW for its countries.
    assert.deepEqual(
      protect!.rules.useCases.otp.sms.filter((r) => r.protectStatus !== "BLOCK"),
      [{ countryCode: "GB", protectStatus: "ALLOW" }],
    );
    assert.equal(one(run, DEFAULT).inputs.region, "eu-west-1");
    assert.equal(ofType(run, SPEND).length + ofType(run, OVERRIDE).length, 0);
    for (const c of ofType(run, CONFIGURATION))
      assert.equal(c.inputs.deletionProtectionEnabled, true);
  });

  it("applies an override only in the Regions it lists, and keeps the number secret", async function () {
    const protect = {
      setAccountDefault: false,
      monthlySpendLimitUsd: 500,
      numberOverrides: {
        here: { number: "+447700900123", action: "ALLOW" as const, regions: ["eu-west-1"] },
        elsewhere: { number: "+447700900456", action: "BLOCK" as const, regions: ["us-east-1"] },
      },
    };
    const run = await runComponent(() => new RegionProtect("protect", args({ protect })));
    assert.equal(ofType(run, DEFAULT).length, 0);
    assert.equal(one(run, SPEND).inputs.monthlyLimit, 500);
    const override = one(run, OVERRIDE);
    assert.ok(override.secretInputs.includes("destinationPhoneNumber"));
    assert.equal(override.inputs.action, "ALLOW");
  });

  it("refuses an override of an unknown use case, as a ResourceError naming the component", async function () {
    const { error, registered } = await componentError(
      () =>
        new RegionProtect(
          "protect",
          args({
            protect: {
              numberOverrides: {
                vip: { number: "+447700900123", action: "ALLOW", useCase: "alerts" },
              },
            },
          }),
        ),
    );
    assert.ok(error.resource instanceof RegionProtect);
    assert.match(
      error.message,
      /protect: number override vip names unknown use case alerts; use one of otp/,
    );
    assert.equal(registered.filter((r) => r.type === OVERRIDE).length, 0);
  });
});
