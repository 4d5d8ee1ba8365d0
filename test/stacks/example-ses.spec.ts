/** The example stack's SES warming, through the same path `npm start` takes. */
import { strict as assert } from "node:assert";
import { buildWarmupPlan, todaysCap } from "../../components/ses/warmup-plan";
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

  it("exports today's cap per provider for the marketing pool only", () => {
    const caps = run.outputs.sesWarmupCaps as Loose;
    assert.deepEqual(Object.keys(caps), ["us-east-1"]);
    assert.deepEqual(Object.keys(caps["us-east-1"]), ["northwind-marketing"]);
    const cap = caps["us-east-1"]["northwind-marketing"];
    const plan = buildWarmupPlan(
      run.estate.ses!.regions["us-east-1"].pools["northwind-marketing"].warmup!,
    );
    assert.deepEqual(cap.perProvider, todaysCap(plan, cap.asOf).perProvider);
    assert.equal(named(run.resources, "ses").type, "messaging:ses:Warming");
  });
});
