/** The example stack's SES warming, through the same path `npm start` takes. */
import { strict as assert } from "node:assert";
import { main as preview } from "../../tools/preview";
import { runStack, type StackRun } from "../../tools/stack-run";
import { named, ofType } from "../support/estate";
import { SES_TOKENS as T } from "../support/ses";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

describe("example stack: SES warming", function () {
  this.timeout(60_000);
  let run: StackRun;

  before(async () => {
    run = await runStack({ stack: "example" });
  });

  it("has a MANAGED transactional pool and a STANDARD marketing pool with leased IPs and a plan", () => {
    const pools = ofType(run.resources, T.pool).map((p) => [
      p.inputs.poolName,
      p.inputs.scalingMode,
    ]);
    assert.deepEqual(pools.sort(), [
      ["northwind-marketing", "STANDARD"],
      ["northwind-transactional", "MANAGED"],
    ]);
    const ips = ofType(run.resources, T.ipAssignment).map((a) => a.inputs.destinationPoolName);
    assert.ok(ips.length >= 2 && ips.every((pool) => pool === "northwind-marketing"), ips.join());
    const config = run.estate.ses!.regions["us-east-1"];
    assert.ok(config.pools["northwind-marketing"].warmup);
    assert.equal(config.useCases.receipts.kind, "transactional");
    assert.equal(config.useCases.offers.kind, "marketing");
    assert.notEqual(config.useCases.receipts.domain, config.useCases.offers.domain);
  });

  it("shows both pools, the configuration sets and the identities in the preview with their key properties", async () => {
    const out: string[] = [];
    const code = await preview([], { out: (t) => out.push(t), err: (t) => out.push(t) });
    assert.equal(code, 0, out.join("\n"));
    const text = out.join("\n");
    assert.match(text, /\[messaging:ses:WarmingRegion\] ses-us-east-1/);
    assert.match(
      text,
      /DedicatedIpPool ses-us-east-1-northwind-transactional-pool {2}pool=northwind-transactional scaling=MANAGED protected/,
    );
    assert.match(
      text,
      /DedicatedIpPool ses-us-east-1-northwind-marketing-pool {2}pool=northwind-marketing scaling=STANDARD protected/,
    );
    assert.match(
      text,
      /ConfigurationSet ses-us-east-1-offers-set {2}name=northwind-email-offers pool=northwind-marketing tls=REQUIRE reputation-metrics=on suppress=BOUNCE,COMPLAINT/,
    );
    assert.match(
      text,
      /EmailIdentity ses-us-east-1-identity-transactional\.northwindpay\.example {2}identity=transactional\.northwindpay\.example dkim=easy-RSA_2048_BIT configuration-set=northwind-email-receipts/,
    );
    assert.match(
      text,
      /DedicatedIpAssignment ses-us-east-1-ip-198\.51\.100\.20 {2}ip=198\.51\.100\.20 pool=northwind-marketing/,
    );
    assert.match(
      text,
      /MetricAlarm ses-us-east-1-alarms-bounce-review {2}metric=AWS\/SES\/Reputation\.BounceRate >=0\.05/,
    );
  });

  it("pins messaging:warmupAsOf mid-ramp and exports that day's cap, the guide's day 8, for the marketing pool only", () => {
    const caps = run.outputs.sesWarmupCaps as Loose;
    assert.deepEqual(Object.keys(caps), ["us-east-1"]);
    assert.deepEqual(Object.keys(caps["us-east-1"]), ["northwind-marketing"]);
    // The plan starts 2026-11-16, so 2026-11-23 is day 8, where the guide's table gives
    // 20,000 to each mailbox provider. The example's provider mix (gmail 38, yahoo 14,
    // outlook 12, hotmail 10, icloud 12, aol 4, others 10; sum 100) sets each provider's
    // share of the 2,000,000 target, where its ramp stops, not its pace: every share is
    // above 20,000, so day 8 is the guide's column for all seven. gmail.com's share,
    // 760,000, is the last reached: the guide gives 800,000 on day 18 (2026-12-03).
    assert.deepEqual(caps["us-east-1"]["northwind-marketing"], {
      asOf: "2026-11-23",
      phase: "warming",
      day: 8,
      perProvider: {
        "gmail.com": 20_000,
        "hotmail.com": 20_000,
        "outlook.com": 20_000,
        "yahoo.com": 20_000,
        "icloud.com": 20_000,
        "aol.com": 20_000,
        others: 20_000,
      },
      total: 140_000,
      startDate: "2026-11-16",
      targetDailyVolume: 2_000_000,
      engagementTier: "standard",
      planEndsOn: "2026-12-03",
      reachedTarget: true,
    });
    assert.equal(named(run.resources, "ses").type, "messaging:ses:Warming");
  });
});
