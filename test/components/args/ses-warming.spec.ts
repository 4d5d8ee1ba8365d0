/** `SesWarming` (with `SesWarmingRegion` and `SesIpPool` underneath) from hand-written arguments. */
import { strict as assert } from "node:assert";
import { SesWarming, type SesWarmingArgs } from "../../../components/ses/ses-warming";
import { SesWarmingRegion } from "../../../components/ses/ses-warming-region";
import { ACCOUNT, componentError, ofType, one, runComponent } from "../../support/components";

const POOL = "aws:sesv2/dedicatedIpPool:DedicatedIpPool";
const GUARD = "pulumi-nodejs:dynamic/ses:ScalingModeGuard";
const SET = "aws:sesv2/configurationSet:ConfigurationSet";
const IDENTITY = "aws:sesv2/emailIdentity:EmailIdentity";

function args(overrides: Partial<SesWarmingArgs> = {}): SesWarmingArgs {
  return {
    account: ACCOUNT,
    regions: {
      "eu-west-1": {
        pools: { transactional: {} },
        useCases: {
          receipts: { kind: "transactional", domain: "mail.example.com", pool: "transactional" },
        },
      },
    },
    ...overrides,
  };
}

describe("SesWarming (hand-written args)", function () {
  it("defaults to a MANAGED pool, the messaging prefix, and a guard that names the pool's place in the args", async function () {
    const run = await runComponent(() => new SesWarming("ses", args()));
    const pool = one(run, POOL);
    assert.equal(pool.inputs.scalingMode, "MANAGED");
    assert.equal(pool.inputs.poolName, "transactional");
    assert.equal(pool.protect, true);
    assert.equal(one(run, GUARD).inputs.configPath, "regions.eu-west-1.pools.transactional");
    assert.equal(one(run, SET).inputs.configurationSetName, "messaging-email-receipts");
    // One use case on the domain: the identity's default configuration set is that use case's.
    assert.equal(one(run, IDENTITY).inputs.configurationSetName, "messaging-email-receipts");
  });

  it("passes a caller's configPath (the YAML stack's) to the guard", async function () {
    const run = await runComponent(
      () =>
        new SesWarming(
          "ses",
          args({
            regions: {
              "eu-west-1": {
                pools: {
                  bulk: { configPath: "messaging:estate.ses.regions.eu-west-1.pools.bulk" },
                },
              },
            },
          }),
        ),
    );
    assert.equal(
      one(run, GUARD).inputs.configPath,
      "messaging:estate.ses.regions.eu-west-1.pools.bulk",
    );
    assert.equal(ofType(run, SET).length, 0);
  });

  it("refuses a use case sending through a pool the Region does not declare, naming the Region's component", async function () {
    const { error, registered } = await componentError(
      () =>
        new SesWarming(
          "ses",
          args({
            regions: {
              "eu-west-1": {
                pools: { transactional: {} },
                useCases: { news: { kind: "marketing", domain: "news.example.com", pool: "bulk" } },
              },
            },
          }),
        ),
    );
    assert.ok(error.resource instanceof SesWarmingRegion);
    assert.match(
      error.message,
      /use case news sends through pool bulk, which eu-west-1 does not declare; add it to pools or use one of: transactional/,
    );
    assert.equal(registered.filter((r) => r.type === SET).length, 0);
  });
});
