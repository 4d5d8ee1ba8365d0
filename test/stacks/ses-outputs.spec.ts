/**
 * The SES stack outputs: per Region and STANDARD pool, the warm-up cap per provider on the
 * date `messaging:warmupAsOf` names (default: the run's date), and the endpoints senders
 * and feedback consumers need.
 */
import { strict as assert } from "node:assert";
import { MAILBOX_PROVIDERS, buildWarmupPlan, todaysCap } from "../../components/ses/warmup-plan";
import { parseEstateConfig } from "../../stacks/config/load";
import { deploySes } from "../../stacks/ses";
import { runOffline } from "../../engine/run";
import { SES_TOKENS as T, runSesEstate, sesEstate } from "../support/ses";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const PLAN = { startDate: "2026-03-01", targetDailyVolume: 1_000_000 };

describe("SES stack outputs", () => {
  it("exports, per Region and STANDARD pool, the cap per provider on warmupAsOf", async () => {
    const run = await runSesEstate(sesEstate(), { warmupAsOf: "2026-03-05" });
    const caps = run.outputs.sesWarmupCaps as Loose;
    // Only us-east-1 has a STANDARD pool; MANAGED pools have no plan and no cap.
    assert.deepEqual(Object.keys(caps), ["us-east-1"]);
    assert.deepEqual(Object.keys(caps["us-east-1"]), ["bulk"]);
    const plan = buildWarmupPlan(PLAN);
    const expected = todaysCap(plan, "2026-03-05");
    const cap = caps["us-east-1"].bulk;
    assert.deepEqual(cap, {
      asOf: "2026-03-05",
      phase: "warming",
      day: 5,
      perProvider: expected.perProvider,
      total: expected.total,
      startDate: "2026-03-01",
      targetDailyVolume: 1_000_000,
      engagementTier: "standard",
      planEndsOn: plan.days[plan.days.length - 1].date,
      reachedTarget: true,
    });
    // Day 5 of the guide: 2,400 per provider (digest §10.4).
    for (const provider of MAILBOX_PROVIDERS) assert.equal(cap.perProvider[provider], 2_400);
    assert.equal(cap.total, 16_800);
  });

  it("reports zero before the start and the target as the steady state after the plan", async () => {
    const early = await runSesEstate(sesEstate(), { warmupAsOf: "2026-02-27" });
    const before = (early.outputs.sesWarmupCaps as Loose)["us-east-1"].bulk;
    assert.equal(before.phase, "before-start");
    assert.equal(before.total, 0);
    const late = await runSesEstate(sesEstate(), { warmupAsOf: "2027-01-01" });
    const after = (late.outputs.sesWarmupCaps as Loose)["us-east-1"].bulk;
    assert.equal(after.phase, "complete");
    assert.equal(after.total, 1_000_000);
  });

  it("never lets the date reach a resource input: only the caps differ between two days", async () => {
    const a = await runSesEstate(sesEstate(), { warmupAsOf: "2026-03-05" });
    const b = await runSesEstate(sesEstate(), { warmupAsOf: "2026-04-20" });
    const inputs = (run: typeof a) => run.resources.map((r) => [r.urn, r.inputs]);
    assert.deepEqual(inputs(a), inputs(b));
    assert.notDeepEqual(a.outputs.sesWarmupCaps, b.outputs.sesWarmupCaps);
    assert.deepEqual(a.outputs.ses, b.outputs.ses);
  });

  it("defaults the date to the run's UTC date", async () => {
    const estate = parseEstateConfig(sesEstate());
    const run = await runOffline(
      () => deploySes(estate, { now: () => new Date("2026-03-03T23:30:00-05:00") })!.sesWarmupCaps,
    );
    assert.equal((run.outputs as Loose)["us-east-1"].bulk.asOf, "2026-03-04");
  });

  it("names messaging:warmupAsOf when the date is malformed", () => {
    const estate = parseEstateConfig(sesEstate());
    assert.throws(
      () => deploySes(estate, { warmupAsOf: "2026-02-30" }),
      /messaging:warmupAsOf must be a calendar date .*pulumi config set messaging:warmupAsOf/,
    );
  });

  it("exports what senders and feedback consumers need, per Region and use case", async () => {
    const run = await runSesEstate(sesEstate(), { warmupAsOf: "2026-03-05" });
    const ses = run.outputs.ses as Loose;
    assert.deepEqual(Object.keys(ses).sort(), ["eu-west-1", "us-east-1"]);
    const east = ses["us-east-1"];
    assert.deepEqual(east.pools.bulk, {
      arn: "arn:aws:ses:us-east-1:111122223333:dedicated-ip-pool/bulk",
      scalingMode: "STANDARD",
    });
    assert.equal(east.pools.transactional.scalingMode, "MANAGED");
    const offers = east.useCases.offers;
    assert.equal(offers.configurationSetName, "acme-email-offers");
    assert.equal(offers.pool, "bulk");
    assert.equal(offers.domain, "offers.acme.example");
    assert.equal(
      offers.identityArn,
      "arn:aws:ses:us-east-1:111122223333:identity/offers.acme.example",
    );
    assert.equal(offers.dkimTokens.length, 3);
    const queue = run.resources.find((r) => r.name === "ses-us-east-1-feedback-bounces-queue")!;
    assert.equal(east.feedback.bounceQueueUrl, queue.outputs.url);
    assert.match(
      east.feedback.complaintDeadLetterQueueUrl,
      /^https:\/\/sqs\.us-east-1\.amazonaws\.com\/111122223333\//,
    );
    assert.match(east.alarmTopicArn, /^arn:aws:sns:us-east-1:111122223333:/);
    assert.ok(
      run.resources.some((r) => r.type === T.topic && r.outputs.arn === east.alarmTopicArn),
    );
  });
});
