/**
 * The SES warming components, built for real from `minimalEstate()` plus an `ses` section
 * under the offline engine: what each registers, with which inputs and options.
 */
import { strict as assert } from "node:assert";
import type { RecordedResource } from "../../../engine/recording-monitor";
import {
  BOUNCE_RATE_METRIC,
  COMPLAINT_RATE_METRIC,
  DEFAULT_REPUTATION_THRESHOLDS,
  SesReputationAlarms,
} from "../../../components/ses/reputation-alarms";
import { adjustForSignals, buildWarmupPlan } from "../../../components/ses/warmup-plan";
import { SesFeedbackQueues } from "../../../components/ses/feedback-queues";
import { runOffline } from "../../../engine/run";
import { minimalEstate, named, ofType, runEstate } from "../../support/estate";
import { SES_TOKENS as T, runSesEstate, sesEstate } from "../../support/ses";

type Policy = {
  Statement: Array<{
    Effect: string;
    Principal: { Service: string };
    Action: string;
    Resource: string;
    Condition: Record<string, Record<string, string | string[]>>;
  }>;
};

describe("SES warming components", () => {
  let resources: RecordedResource[];
  const inRegion = (type: string, region: string) =>
    ofType(resources, type).filter((r) => r.region === region);

  before(async () => {
    ({ resources } = await runSesEstate(sesEstate(), { warmupAsOf: "2026-03-05" }));
  });

  describe("dedicated IP pools", () => {
    it("declares one pool per config key, named after it, with the scaling mode always explicit", () => {
      const pools = ofType(resources, T.pool).map((r) => [
        r.region,
        r.inputs.poolName,
        r.inputs.scalingMode,
      ]);
      assert.deepEqual(pools.sort(), [
        ["eu-west-1", "eu-transactional", "MANAGED"], // defaulted by the schema, still sent
        ["us-east-1", "bulk", "STANDARD"],
        ["us-east-1", "transactional", "MANAGED"],
      ]);
    });

    it("assigns leased IPs to STANDARD pools only, each in the pool's Region", () => {
      const assignments = ofType(resources, T.ipAssignment).map((r) => [
        r.inputs.ip,
        r.inputs.destinationPoolName,
        r.region,
      ]);
      assert.deepEqual(assignments.sort(), [
        ["198.51.100.7", "bulk", "us-east-1"],
        ["198.51.100.8", "bulk", "us-east-1"],
      ]);
      assert.equal(named(resources, "ses-us-east-1-ip-198.51.100.7").id, "198.51.100.7,bulk");
    });
  });

  describe("configuration sets", () => {
    it("gives every use case its own set on its own pool, TLS required, reputation metrics on, bounces and complaints suppressed", () => {
      const sets = Object.fromEntries(
        ofType(resources, T.configurationSet).map((r) => [
          String(r.inputs.configurationSetName),
          r,
        ]),
      );
      assert.deepEqual(Object.keys(sets).sort(), [
        "acme-email-eu-alerts",
        "acme-email-eu-receipts",
        "acme-email-offers",
        "acme-email-receipts",
      ]);
      const pools: Record<string, string> = {
        "acme-email-eu-alerts": "eu-transactional",
        "acme-email-eu-receipts": "eu-transactional",
        "acme-email-offers": "bulk",
        "acme-email-receipts": "transactional",
      };
      for (const [name, set] of Object.entries(sets)) {
        assert.deepEqual(
          set.inputs.deliveryOptions,
          { sendingPoolName: pools[name], tlsPolicy: "REQUIRE" },
          name,
        );
        assert.deepEqual(set.inputs.reputationOptions, { reputationMetricsEnabled: true }, name);
        assert.deepEqual(set.inputs.sendingOptions, { sendingEnabled: true }, name);
        assert.deepEqual(
          set.inputs.suppressionOptions,
          { suppressedReasons: ["BOUNCE", "COMPLAINT"] },
          name,
        );
      }
      assert.equal(sets["acme-email-offers"].region, "us-east-1");
      assert.equal(sets["acme-email-eu-alerts"].region, "eu-west-1");
    });

    it("sends each set's BOUNCE events to the bounce topic and COMPLAINT events to the complaint topic of its Region", () => {
      const topicArn = (name: string) => named(resources, name).outputs.arn as string;
      for (const [set, region] of [
        ["offers", "us-east-1"],
        ["eu-alerts", "eu-west-1"],
      ]) {
        for (const [kind, event] of [
          ["bounces", "BOUNCE"],
          ["complaints", "COMPLAINT"],
        ]) {
          const destination = named(resources, `ses-${region}-${set}-${kind}`);
          assert.deepEqual(destination.inputs.eventDestination, {
            enabled: true,
            matchingEventTypes: [event],
            snsDestination: { topicArn: topicArn(`ses-${region}-feedback-${kind}-topic`) },
          });
          assert.equal(destination.inputs.configurationSetName, `acme-email-${set}`);
          assert.equal(destination.id, `acme-email-${set}|${kind}`);
        }
      }
    });
  });

  describe("email identities", () => {
    it("declares one identity per subdomain with Easy DKIM 2048-bit keys", () => {
      const identities = ofType(resources, T.identity).map((r) => [
        r.region,
        r.inputs.emailIdentity,
        r.inputs.dkimSigningAttributes,
      ]);
      const dkim = { nextSigningKeyLength: "RSA_2048_BIT" };
      assert.deepEqual(identities.sort(), [
        ["eu-west-1", "mail.acme.example", dkim],
        ["us-east-1", "offers.acme.example", dkim],
        ["us-east-1", "transactional.acme.example", dkim],
      ]);
    });

    it("defaults an identity to its use case's set, and to none when use cases share the subdomain", () => {
      assert.equal(
        named(resources, "ses-us-east-1-identity-offers.acme.example").inputs.configurationSetName,
        "acme-email-offers",
      );
      assert.equal(
        named(resources, "ses-eu-west-1-identity-mail.acme.example").inputs.configurationSetName,
        undefined,
      );
    });

    it("never sends from the root domain", () => {
      for (const identity of ofType(resources, T.identity)) {
        assert.notEqual(identity.inputs.emailIdentity, "acme.example");
      }
    });
  });

  describe("feedback queues", () => {
    it("keeps bounces and complaints apart: one topic, queue and dead-letter queue each, per Region", () => {
      for (const region of ["us-east-1", "eu-west-1"]) {
        // Other layers of the estate may add topics and queues of their own: count ours.
        const ours = (type: string) =>
          inRegion(type, region)
            .filter((r) => r.name.startsWith(`ses-${region}-feedback-`))
            .map((r) => r.name.slice(`ses-${region}-feedback-`.length))
            .sort();
        assert.deepEqual(ours(T.topic), ["bounces-topic", "complaints-topic"]);
        assert.deepEqual(ours(T.queue), [
          "bounces-dlq",
          "bounces-queue",
          "complaints-dlq",
          "complaints-queue",
        ]);
        assert.deepEqual(ours(T.subscription), ["bounces-subscription", "complaints-subscription"]);
        assert.deepEqual(ours(T.queuePolicy), ["bounces-queue-policy", "complaints-queue-policy"]);
      }
      const b = named(resources, "ses-us-east-1-feedback-bounces-topic").outputs.arn;
      const c = named(resources, "ses-us-east-1-feedback-complaints-topic").outputs.arn;
      assert.notEqual(b, c);
    });

    for (const kind of ["bounces", "complaints"]) {
      it(`subscribes the ${kind} queue to the ${kind} topic, with a dead-letter queue after 5 receives`, () => {
        const prefix = `ses-us-east-1-feedback-${kind}`;
        const topic = named(resources, `${prefix}-topic`);
        const queue = named(resources, `${prefix}-queue`);
        const dlq = named(resources, `${prefix}-dlq`);
        const subscription = named(resources, `${prefix}-subscription`);
        assert.equal(subscription.inputs.protocol, "sqs");
        assert.equal(subscription.inputs.topic, topic.outputs.arn);
        assert.equal(subscription.inputs.endpoint, queue.outputs.arn);
        assert.equal(subscription.inputs.rawMessageDelivery, false);
        assert.deepEqual(JSON.parse(queue.inputs.redrivePolicy as string), {
          deadLetterTargetArn: dlq.outputs.arn,
          maxReceiveCount: 5,
        });
        assert.equal(dlq.inputs.redrivePolicy, undefined);
        for (const q of [queue, dlq]) {
          assert.equal(q.inputs.messageRetentionSeconds, 1_209_600);
          assert.equal(q.inputs.sqsManagedSseEnabled, true);
        }
        // The subscription waits for the queue policy, so no message is refused meanwhile.
        assert.ok(
          subscription.dependencies.includes(named(resources, `${prefix}-queue-policy`).urn),
        );
      });

      it(`lets only the ${kind} topic send to the ${kind} queue`, () => {
        const prefix = `ses-us-east-1-feedback-${kind}`;
        const policy = named(resources, `${prefix}-queue-policy`);
        const queue = named(resources, `${prefix}-queue`);
        assert.equal(policy.inputs.queueUrl, queue.outputs.url);
        const doc = JSON.parse(policy.inputs.policy as string) as Policy;
        assert.deepEqual(doc.Statement, [
          {
            Sid: "AllowOwnTopicOnly",
            Effect: "Allow",
            Principal: { Service: "sns.amazonaws.com" },
            Action: "sqs:SendMessage",
            Resource: queue.outputs.arn,
            Condition: {
              ArnEquals: { "aws:SourceArn": named(resources, `${prefix}-topic`).outputs.arn },
            },
          },
        ]);
      });
    }

    it("lets SES publish to a topic only for this account and this Region's configuration sets", () => {
      const policy = named(resources, "ses-us-east-1-feedback-bounces-topic-policy");
      const doc = JSON.parse(policy.inputs.policy as string) as Policy;
      assert.equal(doc.Statement.length, 1);
      const [statement] = doc.Statement;
      assert.deepEqual(statement.Principal, { Service: "ses.amazonaws.com" });
      assert.equal(statement.Action, "sns:Publish");
      assert.deepEqual(statement.Condition, {
        StringEquals: { "aws:SourceAccount": "111122223333" },
        ArnEquals: {
          "aws:SourceArn": [
            "arn:aws:ses:us-east-1:111122223333:configuration-set/acme-email-offers",
            "arn:aws:ses:us-east-1:111122223333:configuration-set/acme-email-receipts",
          ],
        },
      });
    });
  });

  describe("reputation alarms", () => {
    it("alarms on the account's bounce and complaint rates at SES's review levels and at half of them, per Region", () => {
      for (const region of ["us-east-1", "eu-west-1"]) {
        // SES's own alarms (the opt-out ledger declares alarms of its own in the same Regions).
        const alarms = inRegion(T.alarm, region)
          .filter((a) => a.name.startsWith("ses-"))
          .map((a) => [a.inputs.namespace, a.inputs.metricName, a.inputs.threshold])
          .sort();
        assert.deepEqual(
          alarms,
          [
            ["AWS/SES", BOUNCE_RATE_METRIC, 0.025],
            ["AWS/SES", BOUNCE_RATE_METRIC, 0.05],
            ["AWS/SES", COMPLAINT_RATE_METRIC, 0.0005],
            ["AWS/SES", COMPLAINT_RATE_METRIC, 0.001],
          ],
          region,
        );
      }
      assert.equal(BOUNCE_RATE_METRIC, "Reputation.BounceRate");
      assert.equal(COMPLAINT_RATE_METRIC, "Reputation.ComplaintRate");
    });

    it("fires at or above the threshold, treats no mail as healthy, and notifies the Region's alarm topic", () => {
      const topic = named(resources, "ses-us-east-1-alarms-topic").outputs.arn;
      for (const alarm of inRegion(T.alarm, "us-east-1").filter((a) => a.name.startsWith("ses-"))) {
        assert.equal(alarm.inputs.comparisonOperator, "GreaterThanOrEqualToThreshold");
        assert.equal(alarm.inputs.treatMissingData, "notBreaching");
        assert.equal(alarm.inputs.dimensions, undefined); // account-level metrics
        assert.deepEqual(alarm.inputs.alarmActions, [topic]);
        assert.deepEqual(alarm.inputs.okActions, [topic]);
      }
      assert.match(
        named(resources, "ses-us-east-1-alarms-bounce-review").inputs.alarmDescription as string,
        /Reputation\.BounceRate at or above 5%: SES puts the account under review at this level and may pause sending at 10%; step the warm-up back/,
      );
      assert.match(
        named(resources, "ses-us-east-1-alarms-complaint-warning").inputs
          .alarmDescription as string,
        /Reputation\.ComplaintRate at or above 0\.05%: .*hold the warm-up/,
      );
    });

    it("agrees with the warm-up plan: it holds where a warning alarm fires and steps back where a review alarm does", () => {
      const plan = buildWarmupPlan({ startDate: "2026-03-01" });
      const t = DEFAULT_REPUTATION_THRESHOLDS;
      const sent = 100_000;
      const actionAt = (bounceRate: number, complaintRate: number) =>
        adjustForSignals(plan, {
          dayIndex: 5,
          sent,
          hardBounces: Math.round(bounceRate * sent),
          complaints: Math.round(complaintRate * sent),
        }).action;
      assert.equal(actionAt(t.bounceWarning - 0.00001, 0), "advance");
      assert.equal(actionAt(t.bounceWarning, 0), "hold");
      assert.equal(actionAt(t.bounceReview, 0), "step-back");
      assert.equal(actionAt(0, t.complaintWarning - 0.00001), "advance");
      assert.equal(actionAt(0, t.complaintWarning), "hold");
      assert.equal(actionAt(0, t.complaintReview), "step-back");
    });

    it("rejects thresholds that are not rates or where a warning exceeds its review level", async () => {
      for (const thresholds of [{ bounceReview: 5 }, { complaintWarning: 0.002 }]) {
        await assert.rejects(
          runOffline(() => void new SesReputationAlarms("x", { region: "us-east-1", thresholds })),
          /threshold|warning/,
        );
      }
    });

    it("uses a given alarm topic instead of creating one", async () => {
      const arn = "arn:aws:sns:us-east-1:111122223333:on-call";
      const run = await runOffline(
        () => void new SesReputationAlarms("x", { region: "us-east-1", alarmTopicArn: arn }),
      );
      assert.equal(ofType(run.resources, T.topic).length, 0);
      for (const alarm of ofType(run.resources, T.alarm)) {
        assert.deepEqual(alarm.inputs.alarmActions, [arn]);
      }
    });
  });

  describe("component tree", () => {
    it("nests every SES resource under one SES component per Region, under one SES root", () => {
      const byUrn = new Map(resources.map((r) => [r.urn, r]));
      const root = named(resources, "ses");
      assert.equal(root.type, "messaging:ses:Warming");
      for (const region of ["us-east-1", "eu-west-1"]) {
        const regional = named(resources, `ses-${region}`);
        assert.equal(regional.type, "messaging:ses:WarmingRegion");
        assert.equal(regional.parent, root.urn);
      }
      for (const r of resources.filter((x) => x.custom && x.name.startsWith("ses-"))) {
        let parent = byUrn.get(r.parent);
        while (parent && parent.type !== "messaging:ses:WarmingRegion")
          parent = byUrn.get(parent.parent);
        assert.equal(parent?.name, `ses-${r.region}`, r.name);
      }
    });

    it("tags SES resources with the estate's tags and their use case", () => {
      const set = named(resources, "ses-us-east-1-offers-set");
      assert.deepEqual(set.inputs.tags, {
        owner: "platform",
        "messaging:managed-by": "pulumi",
        "messaging:use-case": "offers",
        "messaging:ses-pool": "bulk",
      });
    });

    it("adds nothing and changes nothing when the estate has no ses section", async () => {
      const without = await runEstate(minimalEstate());
      assert.equal(
        without.resources.filter(
          (r) => r.type.startsWith("aws:sesv2/") || r.type.startsWith("messaging:ses:"),
        ).length,
        0,
      );
      const smsUrns = (rs: RecordedResource[]) =>
        rs
          .filter((r) => !r.urn.includes("messaging:ses:") && r.name !== "ses")
          .map((r) => r.urn)
          .sort();
      assert.deepEqual(smsUrns(resources), smsUrns(without.resources));
      assert.equal(without.outputs.ses, undefined);
      assert.equal(without.outputs.sesWarmupCaps, undefined);
    });

    it("refuses feedback queues that no configuration set would publish to", async () => {
      await assert.rejects(
        runOffline(
          () =>
            void new SesFeedbackQueues("x", {
              region: "us-east-1",
              account: "111122223333",
              configurationSetArns: [],
            }),
        ),
        /no configuration set would publish feedback/,
      );
    });
  });
});
