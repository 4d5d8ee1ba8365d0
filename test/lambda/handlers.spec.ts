/**
 * The two Lambda handlers against the local endpoint: the replicator (SNS → peer Regions)
 * and the reconciler (each Region pulls the union into its own copy).
 */
import { strict as assert } from "node:assert";
import type { SNSEvent } from "aws-lambda";
import { smsClientFactory } from "../../lambda/lib/clients";
import { createReconciler, ReconcileIncompleteError } from "../../lambda/opt-out-reconciler";
import { createReplicator, ReplicationError } from "../../lambda/opt-out-replicator";
import {
  readReconcilerSettings,
  readReplicatorSettings,
  REPLICATOR_SETTINGS_ENV,
} from "../../lambda/lib/settings";
import { type AwsEndpoint, startAwsEndpoint } from "../support/aws-endpoint";
import { TEST_CREDENTIALS, testNumbers } from "../support/failover-estate";

const REGIONS = ["us-east-1", "us-west-2", "eu-west-1"];
const TOPIC = "arn:aws:sns:us-east-1:123456789012:acme-marketing-inbound";
const FAST = { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 2 };

/** An SNS event carrying one inbound SMS. */
function inbound(body: string, from = "+12065550142", topic = TOPIC): SNSEvent {
  return {
    Records: [
      {
        EventSource: "aws:sns",
        EventVersion: "1.0",
        EventSubscriptionArn: `${topic}:sub`,
        Sns: {
          Type: "Notification",
          MessageId: "sns-msg-1",
          TopicArn: topic,
          Subject: "",
          Message: JSON.stringify({
            originationNumber: from,
            destinationNumber: "+18445550100",
            messageKeyword: "KEYWORD_123456789012",
            messageBody: body,
            inboundMessageId: "in-1",
          }),
          Timestamp: new Date(0).toISOString(),
          SignatureVersion: "1",
          Signature: "",
          SigningCertUrl: "",
          UnsubscribeUrl: "",
          MessageAttributes: {},
        },
      },
    ],
  };
}

describe("opt-out Lambda handlers", () => {
  let aws: AwsEndpoint;
  let clientFor: ReturnType<typeof smsClientFactory>;
  const logs: Record<string, unknown>[] = [];
  const listed = (region: string, list = "acme-marketing") =>
    [...(aws.state.region(region).optOutLists.get(list)?.numbers.keys() ?? [])].sort();

  before(async () => {
    aws = await startAwsEndpoint();
    // The handlers' own client factory, pointed at the endpoint.
    clientFor = smsClientFactory({
      endpoint: aws.url,
      requestTimeoutMs: 500,
      credentials: TEST_CREDENTIALS,
    });
  });
  beforeEach(() => {
    aws.reset();
    logs.length = 0;
    for (const region of REGIONS) {
      aws.state.seed(region, { optOutLists: [{ name: "acme-marketing" }, { name: "acme-otp" }] });
    }
  });
  after(async () => {
    for (const region of REGIONS) clientFor(region).destroy();
    await aws.close();
  });

  describe("replicator", () => {
    const replicator = (includeOwnRegion = false) =>
      createReplicator({
        settings: {
          region: "us-east-1",
          regions: REGIONS,
          topics: { [TOPIC]: { optOutListName: "acme-marketing", includeOwnRegion } },
        },
        clientFor,
        retry: FAST,
        log: (entry) => logs.push(entry),
      });

    it("writes a STOP to the same list in every peer Region, not to its own (AWS-managed there)", async () => {
      const [outcome] = await replicator()(inbound("  stop "));
      assert.equal(outcome.keyword, "STOP");
      assert.deepEqual(outcome.written, ["us-west-2", "eu-west-1"]);
      assert.deepEqual(listed("us-west-2"), ["+12065550142"]);
      assert.deepEqual(listed("eu-west-1"), ["+12065550142"]);
      assert.deepEqual(listed("us-east-1"), []);
      assert.deepEqual(listed("us-west-2", "acme-otp"), [], "other use cases' lists are untouched");
      assert.equal(logs[0].number, "+1206***0142", "logs carry masked numbers only");
    });

    it("also writes its own Region for self-managed opt-outs, where AWS records nothing", async () => {
      await replicator(true)(inbound("UNSUBSCRIBE"));
      for (const region of REGIONS) assert.deepEqual(listed(region), ["+12065550142"], region);
    });

    it("ignores replies that are not opt-outs", async () => {
      const [outcome] = await replicator()(inbound("YES"));
      assert.equal(outcome.keyword, undefined);
      assert.equal(aws.requests.length, 0);
    });

    it("writes the healthy peers when one fails, then fails the invocation so it is retried", async () => {
      aws.faults.set("eu-west-1", { mode: "5xx" });
      const handler = replicator();
      const error = await handler(inbound("STOP")).then(
        () => assert.fail("expected the invocation to fail"),
        (e: unknown) => e,
      );
      assert.ok(error instanceof ReplicationError);
      assert.match(error.message, /eu-west-1/);
      assert.deepEqual(listed("us-west-2"), ["+12065550142"]);
      // Lambda's retry: the peer is back, the write is idempotent.
      aws.faults.clear();
      const [outcome] = await handler(inbound("STOP"));
      assert.deepEqual(outcome.written, ["us-west-2", "eu-west-1"]);
      assert.deepEqual(listed("us-west-2"), ["+12065550142"]);
      assert.deepEqual(listed("eu-west-1"), ["+12065550142"]);
    });

    it("fails loudly for a topic it was not configured for and for a malformed message", async () => {
      await assert.rejects(
        replicator()(inbound("STOP", "+12065550142", `${TOPIC}-other`)),
        /no opt-out list/,
      );
      const event = inbound("STOP");
      event.Records[0].Sns.Message = "not json";
      await assert.rejects(replicator()(event), /not JSON/);
    });

    it("reads its settings from the environment and rejects broken ones", () => {
      const settings = { region: "us-east-1", regions: REGIONS, topics: {} };
      assert.deepEqual(
        readReplicatorSettings({ [REPLICATOR_SETTINGS_ENV]: JSON.stringify(settings) }),
        settings,
      );
      assert.throws(() => readReplicatorSettings({}), /not set/);
      assert.throws(
        () =>
          readReplicatorSettings({
            [REPLICATOR_SETTINGS_ENV]: JSON.stringify({ ...settings, region: "ap-south-1" }),
          }),
        /does not hold/,
      );
      assert.throws(
        () => readReconcilerSettings({ OPT_OUT_RECONCILER_SETTINGS: "{" }),
        /not valid JSON/,
      );
    });
  });

  describe("reconciler", () => {
    const reconciler = (region: string) =>
      createReconciler({
        settings: {
          region,
          regions: REGIONS,
          optOutListNames: ["acme-marketing", "acme-otp"],
          writesPerSecond: 500,
        },
        clientFor,
        retry: FAST,
        log: (entry) => logs.push(entry),
      });

    it("pulls every peer's numbers into its own copy and writes nowhere else", async () => {
      aws.state.seed("us-east-1", {
        optOutLists: [{ name: "acme-otp", optedOutNumbers: testNumbers(120) }],
      });
      aws.state.seed("eu-west-1", {
        optOutLists: [{ name: "acme-otp", optedOutNumbers: testNumbers(30, 500) }],
      });
      aws.state.seed("us-west-2", {
        optOutLists: [{ name: "acme-otp", optedOutNumbers: testNumbers(5) }],
      });
      const result = await reconciler("us-west-2")();
      assert.ok(result.complete);
      assert.deepEqual(
        listed("us-west-2", "acme-otp"),
        [...testNumbers(120), ...testNumbers(30, 500)].sort(),
      );
      const otp = result.lists.find((l) => l.listName === "acme-otp")!;
      assert.deepEqual([otp.before, otp.missing, otp.added], [5, 145, 145]);
      const writes = aws.requests.filter((r) => r.operation === "PutOptedOutNumber");
      assert.ok(writes.every((r) => r.region === "us-west-2"));
      assert.equal(listed("us-east-1", "acme-otp").length, 120, "peers are only read");

      const mark = aws.requests.length;
      assert.ok((await reconciler("us-west-2")()).complete);
      assert.equal(
        aws.requests.slice(mark).filter((r) => r.operation === "PutOptedOutNumber").length,
        0,
        "a second run writes nothing",
      );
    });

    it("adds what the readable peers hold when one is down, then reports the run incomplete", async () => {
      aws.state.seed("us-west-2", {
        optOutLists: [{ name: "acme-marketing", optedOutNumbers: testNumbers(3) }],
      });
      aws.faults.set("us-east-1", { mode: "silence" });
      const error = await reconciler("eu-west-1")().then(
        () => assert.fail("expected an incomplete run"),
        (e: unknown) => e,
      );
      assert.ok(error instanceof ReconcileIncompleteError);
      assert.match(error.message, /us-east-1/);
      assert.deepEqual(listed("eu-west-1"), testNumbers(3));
    });

    it("stops starting writes when the invocation is about to time out", async () => {
      aws.state.seed("us-east-1", {
        optOutLists: [{ name: "acme-otp", optedOutNumbers: testNumbers(50) }],
      });
      const error = await reconciler("us-west-2")(undefined, {
        getRemainingTimeInMillis: () => 5_000,
      }).then(
        () => assert.fail("expected an incomplete run"),
        (e: unknown) => e,
      );
      assert.ok(error instanceof ReconcileIncompleteError);
      assert.equal(error.result.lists.find((l) => l.listName === "acme-otp")!.notAdded, 50);
      assert.deepEqual(listed("us-west-2", "acme-otp"), []);
    });
  });
});
