/**
 * The three ledger handlers against the local endpoint, run as AWS would run them
 * (test/support/opt-out-world.ts): the recorder (inbound SNS → ledger), the applier (ledger
 * stream → this Region's lists) and the reconciler (poll, capture, repair, freshness), with
 * throttling, 5xx mid-page, a dead peer and the migration from the union design.
 */
import { strict as assert } from "node:assert";
import { parseFreshness } from "../../components/failover/opt-out-freshness";
import {
  APPLIER_SETTINGS_ENV,
  readApplierSettings,
  readReconcilerSettings,
  readRecorderSettings,
  RECORDER_SETTINGS_ENV,
} from "../../lambda/lib/settings";
import { eventOf, type LedgerEvent } from "../../lambda/lib/ledger";
import { type AwsEndpoint, dynamoDb, startAwsEndpoint } from "../support/aws-endpoint";
import { testNumbers } from "../support/failover-estate";
import { OptOutWorld, type WorldUseCase } from "../support/opt-out-world";

const REGIONS = ["us-east-1", "us-west-2", "eu-west-1"];
const [EAST, WEST, EU] = REGIONS;
const USER = "+12065550142";

describe("opt-out ledger handlers", function () {
  this.timeout(120_000);
  let aws: AwsEndpoint;
  let offset = 0;
  const now = () => Date.now() + offset;
  let world: OptOutWorld;

  const makeWorld = (
    useCases: Record<string, WorldUseCase> = { marketing: { twoWay: true }, otp: {} },
  ) => {
    world?.destroy();
    aws.reset();
    world = new OptOutWorld(aws, { regions: REGIONS, useCases, now });
    return world;
  };
  const ledger = (region: string): LedgerEvent[] =>
    dynamoDb(aws.state)
      .items(region, world.ledgerTable)
      .flatMap((item) => eventOf(item as never) ?? []);
  const requestsTo = (region: string, from = 0) =>
    aws.requests.slice(from).filter((r) => r.region === region);

  before(async () => (aws = await startAwsEndpoint({ now })));
  beforeEach(() => {
    offset = 0;
    makeWorld();
  });
  after(async () => {
    world?.destroy();
    await aws.close();
  });

  describe("recorder", () => {
    it("records a STOP in its own Region's replica only, dated by SNS, and replication carries it", async () => {
      dynamoDb(aws.state).replication.hold();
      const mark = aws.requests.length;
      await world.endUser(EAST, "marketing", USER, "  stop ");
      assert.deepEqual(
        ledger(EAST).map((e) => [e.number, e.decision, e.source, e.via, e.origin]),
        [[USER, "OPTED_OUT", "END_USER", "INBOUND", EAST]],
      );
      assert.deepEqual(ledger(WEST), [], "not there until the global table replicates it");
      assert.ok(requestsTo(EAST, mark).length > 0);
      assert.equal(
        aws.requests.slice(mark).filter((r) => r.region !== EAST).length,
        0,
        "no call crosses Regions",
      );
      world.replicate();
      assert.equal(ledger(WEST).length, 1);
      assert.equal(ledger(EU).length, 1);
    });

    it("records the use case's opt-in keywords as opt-ins, ignores other replies, and records a retried message once", async () => {
      await world.endUser(EAST, "marketing", USER, "Join");
      await world.endUser(EAST, "marketing", USER, "YES please");
      await world.endUser(EAST, "marketing", USER, "HELP");
      assert.deepEqual(
        ledger(EAST).map((e) => e.decision),
        ["OPTED_IN"],
      );
      const event = world.inbound(EAST, "marketing", USER, "STOP");
      const handlers = (
        world as unknown as {
          handlers: Map<string, { record: (e: unknown) => Promise<{ recorded?: boolean }[]> }>;
        }
      ).handlers;
      const [first] = await handlers.get(EAST)!.record(event);
      const [again] = await handlers.get(EAST)!.record(event);
      assert.deepEqual([first.recorded, again.recorded], [true, false]);
      assert.equal(ledger(EAST).filter((e) => e.decision === "OPTED_OUT").length, 1);
    });

    it("keeps recording while a peer Region is dead: no request goes to it", async () => {
      world.fail(WEST);
      const mark = aws.requests.length;
      await world.endUser(EAST, "marketing", USER, "STOP");
      assert.equal(requestsTo(WEST, mark).length, 0);
      assert.equal(ledger(EAST).length, 1);
    });

    it("fails the invocation (for Lambda to retry) when its own replica cannot be written, after trying every record", async () => {
      aws.faults.set(EAST, { mode: "5xx" });
      await assert.rejects(
        world.endUser(EAST, "marketing", USER, "STOP"),
        /decisions not recorded: sns-in-\d+ \(InternalServerError/,
      );
      aws.faults.clear();
      const broken = world.inbound(EAST, "marketing", USER, "STOP");
      broken.Records[0].Sns.Message = "not json";
      const handlers = (
        world as unknown as { handlers: Map<string, { record: (e: unknown) => Promise<unknown> }> }
      ).handlers;
      await assert.rejects(handlers.get(EAST)!.record(broken), /not JSON/);
      const stray = world.inbound(EAST, "marketing", USER, "STOP");
      stray.Records[0].Sns.TopicArn += "-other";
      await assert.rejects(
        handlers.get(EAST)!.record(stray),
        /no use case is configured for topic/,
      );
    });

    it("refuses a topic whose ARN is an object member's name (constructor, toString) as unconfigured", async () => {
      const handlers = (
        world as unknown as { handlers: Map<string, { record: (e: unknown) => Promise<unknown> }> }
      ).handlers;
      for (const arn of ["constructor", "toString", "__proto__"]) {
        const stray = world.inbound(EAST, "marketing", USER, "STOP");
        stray.Records[0].Sns.TopicArn = arn;
        await assert.rejects(
          handlers.get(EAST)!.record(stray),
          /no use case is configured for topic/,
          arn,
        );
      }
      assert.deepEqual(ledger(EAST), []);
    });

    it("confirms STOP once and answers HELP for a self-managed use case, before the number is on the list", async () => {
      makeWorld({
        alerts: {
          twoWay: true,
          selfManaged: true,
          replies: {
            stop: "Acme alerts: you are unsubscribed and will get no more messages. Reply JOIN to rejoin.",
            help: "Acme alerts: help at support@example.com or 800-555-0100. Msg&data rates may apply.",
            configurationSetName: "acme-alerts",
          },
        },
      });
      for (const region of REGIONS) {
        aws.state.seed(region, {
          phoneNumbers: [
            {
              phoneNumber: "+18445550100",
              optOutListName: "acme-alerts",
              selfManagedOptOutsEnabled: true,
            },
          ],
          configurationSets: [{ name: "acme-alerts" }],
        });
      }
      await world.endUser(EAST, "alerts", USER, "STOP");
      await world.endUser(EAST, "alerts", USER, "help");
      const sent = aws.state.region(EAST).sentMessages;
      assert.deepEqual(
        sent.map((m) => [
          m.destinationPhoneNumber,
          m.messageBody?.split(":")[0],
          m.configurationSetName,
        ]),
        [
          [USER, "Acme alerts", "acme-alerts"],
          [USER, "Acme alerts", "acme-alerts"],
        ],
      );
      assert.match(sent[0].messageBody ?? "", /unsubscribed/);
      assert.match(sent[1].messageBody ?? "", /help at/);
      assert.equal(
        world.listed(EAST, "alerts").size,
        0,
        "AWS keeps no list for self-managed opt-outs",
      );
      await world.settle();
      for (const region of REGIONS)
        assert.deepEqual([...world.listed(region, "alerts")], [USER], region);
    });

    it("reads its settings from the environment and rejects broken ones", () => {
      const settings = {
        region: EAST,
        ledgerTable: "t",
        topics: { arn: { useCase: "otp", optInKeywords: ["JOIN"] } },
      };
      assert.deepEqual(
        readRecorderSettings({ [RECORDER_SETTINGS_ENV]: JSON.stringify(settings) }),
        settings,
      );
      assert.throws(() => readRecorderSettings({}), /not set/);
      assert.throws(() => readApplierSettings({ [APPLIER_SETTINGS_ENV]: "{" }), /not valid JSON/);
      assert.throws(
        () => readApplierSettings({ [APPLIER_SETTINGS_ENV]: "{}" }),
        /does not hold applier settings/,
      );
      assert.throws(
        () =>
          readReconcilerSettings({
            OPT_OUT_RECONCILER_SETTINGS: JSON.stringify({ region: EAST, regions: [WEST] }),
          }),
        /does not hold reconciler settings/,
      );
    });
  });

  describe("applier", () => {
    it("puts a decision made elsewhere on its own Region's list, and removes the copy when the end user opts back in", async () => {
      await world.endUser(EAST, "marketing", USER, "STOP");
      await world.deliverStreams();
      for (const region of REGIONS) assert.ok(world.listed(region, "marketing").has(USER), region);
      const copy = aws.state.region(WEST).optOutLists.get("acme-marketing")!.numbers.get(USER)!;
      assert.equal(copy.endUserOptedOut, false, "a copy is an API entry");
      offset += 5_000;
      await world.endUser(EAST, "marketing", USER, "JOIN");
      await world.deliverStreams();
      for (const region of REGIONS) assert.ok(!world.listed(region, "marketing").has(USER), region);
    });

    it("keeps an end user's own opt-out and an operator's entry that are newer than the opt-in it hears of", async () => {
      const OTHER = "+12065550199";
      await world.reconcileAll(); // the lists have been polled before: their entries are known
      await world.endUser(EAST, "marketing", USER, "JOIN");
      await world.endUser(EAST, "marketing", OTHER, "JOIN");
      offset += 1_000;
      // Meanwhile in us-west-2: USER texted STOP there (not recorded yet) and someone put OTHER on
      // the list by hand.
      aws.state.seed(WEST, {
        optOutLists: [
          {
            name: "acme-marketing",
            optedOutNumbers: [
              { phoneNumber: USER, endUserOptedOut: true, optedOutAt: new Date(now()) },
              { phoneNumber: OTHER, endUserOptedOut: false, optedOutAt: new Date(now()) },
            ],
          },
        ],
      });
      await world.deliverStreams();
      assert.ok(
        world.listed(WEST, "marketing").has(USER),
        "an end user's opt-out newer than the opt-in stays",
      );
      assert.ok(
        world.listed(WEST, "marketing").has(OTHER),
        "an operator's entry newer than the opt-in stays",
      );
      // And both are now decisions of the ledger, so every Region follows.
      await world.settle();
      for (const region of REGIONS) {
        assert.ok(world.listed(region, "marketing").has(USER), region);
        assert.ok(world.listed(region, "marketing").has(OTHER), region);
      }
      assert.deepEqual(
        ledger(EAST)
          .filter((e) => e.origin === WEST)
          .map((e) => [e.number, e.decision, e.source])
          .sort(),
        [
          [USER, "OPTED_OUT", "END_USER"],
          [OTHER, "OPTED_OUT", "OPERATOR"],
        ],
      );
    });

    it("applies under sustained throttling and reports the earliest failure for Lambda to retry from", async () => {
      // The SMS API's quota, as AWS sets it (per service): DynamoDB is not throttled with it.
      aws.setRateLimit(WEST, 40, { initialTokens: 0, service: "sms-voice" });
      const numbers = testNumbers(30);
      for (const n of numbers) await world.endUser(EAST, "marketing", n, "STOP");
      await world.deliverStream(WEST);
      assert.equal(world.listed(WEST, "marketing").size, 30);
      assert.ok(
        aws.rateLimitStats(WEST, "sms-voice").throttled > 0,
        "the endpoint throttled the applier",
      );
      aws.setRateLimit(WEST, null, { service: "sms-voice" });

      const more = testNumbers(5, 100);
      for (const n of more) await world.endUser(EAST, "marketing", n, "STOP");
      aws.faults.set(WEST, { mode: "5xx", operations: ["PutOptedOutNumber"] });
      const records = world.pendingStream(WEST);
      const handlers = (
        world as unknown as {
          handlers: Map<
            string,
            { apply: (e: unknown) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }> }
          >;
        }
      ).handlers;
      const response = await handlers.get(WEST)!.apply({ Records: records });
      assert.equal(
        response.batchItemFailures[0]?.itemIdentifier,
        records[0].dynamodb!.SequenceNumber,
      );
      aws.faults.clear();
      await world.deliverStream(WEST);
      for (const n of more) assert.ok(world.listed(WEST, "marketing").has(n));
    });

    it("skips a ledger decision for a use case it does not serve, even one named like an object member", async () => {
      await world.endUser(EAST, "marketing", USER, "STOP");
      world.replicate();
      const records = world.pendingStream(WEST);
      assert.equal(records.length, 1);
      const handlers = (
        world as unknown as {
          handlers: Map<
            string,
            { apply: (e: unknown) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }> }
          >;
        }
      ).handlers;
      // Another writer of the global table (a newer estate version, an operator's script)
      // may hold use cases this Region's applier does not know; they must not poison the stream.
      for (const useCase of ["constructor", "toString", "unknown-use-case"]) {
        const foreign = structuredClone(records[0]);
        foreign.dynamodb!.NewImage!.pk = { S: useCase };
        const mark = aws.requests.length;
        const response = await handlers.get(WEST)!.apply({ Records: [foreign] });
        assert.deepEqual(response.batchItemFailures, [], useCase);
        assert.equal(requestsTo(WEST, mark).length, 0, `no request for ${useCase}`);
      }
    });

    it("keeps applying between healthy Regions while a peer is dead, without a request to it", async () => {
      world.fail(EAST);
      const mark = aws.requests.length;
      await world.endUser(EU, "marketing", USER, "STOP");
      world.replicate();
      await world.deliverStreams();
      assert.ok(world.listed(WEST, "marketing").has(USER));
      assert.equal(requestsTo(EAST, mark).length, 0);
    });
  });

  describe("reconciler", () => {
    it("captures a one-way STOP and START from its own list; the other Regions follow", async () => {
      await world.reconcileAll(); // first passes: nothing yet
      await world.endUser(EAST, "otp", USER, "STOP");
      await world.reconcile(EAST);
      assert.deepEqual(
        ledger(EAST).map((e) => [e.decision, e.source, e.via]),
        [["OPTED_OUT", "END_USER", "LIST"]],
      );
      await world.deliverStreams();
      for (const region of REGIONS) assert.ok(world.listed(region, "otp").has(USER), region);
      offset += 60_000;
      await world.endUser(EAST, "otp", USER, "JOIN");
      await world.reconcile(EAST);
      await world.deliverStreams();
      for (const region of REGIONS) assert.ok(!world.listed(region, "otp").has(USER), region);
      const result = await world.reconcile(WEST);
      assert.ok(result?.complete);
      assert.equal(
        result!.passes.find((p) => p.useCase === "otp")!.put,
        0,
        "nothing undone: the opt-in stays",
      );
    });

    it("migrates lists kept by the union design without removing a single number", async () => {
      const [x, y, z] = testNumbers(3, 700);
      aws.state.seed(EAST, {
        optOutLists: [
          { name: "acme-otp", optedOutNumbers: [x, { phoneNumber: y, endUserOptedOut: false }] },
        ],
      });
      aws.state.seed(WEST, {
        optOutLists: [
          {
            name: "acme-otp",
            optedOutNumbers: [
              { phoneNumber: x, endUserOptedOut: false },
              y,
              { phoneNumber: z, endUserOptedOut: false },
            ],
          },
        ],
      });
      const before = Object.fromEntries(REGIONS.map((r) => [r, world.listed(r, "otp")]));
      await world.reconcileAll();
      await world.settle();
      for (const region of [EAST, WEST]) {
        for (const n of before[region])
          assert.ok(world.listed(region, "otp").has(n), `${region} kept ${n}`);
      }
      for (const region of REGIONS)
        assert.deepEqual([...world.listed(region, "otp")].sort(), [x, y, z], region);
      assert.deepEqual(
        [...new Set(ledger(EAST).map((e) => `${e.number}:${e.source}:${e.via}`))].sort(),
        [
          `${x}:END_USER:SEED`,
          `${x}:MIGRATION:SEED`,
          `${y}:END_USER:SEED`,
          `${y}:MIGRATION:SEED`,
          `${z}:MIGRATION:SEED`,
        ].sort(),
      );
      // Only an end user's opt-in takes a number off again.
      offset += 60_000;
      await world.endUser(EAST, "otp", x, "JOIN");
      await world.settle();
      for (const region of REGIONS)
        assert.deepEqual([...world.listed(region, "otp")].sort(), [y, z], region);
    });

    it("publishes freshness in its own Region, and reports a silent peer without failing", async () => {
      await world.endUser(EAST, "otp", USER, "STOP");
      await world.settle();
      const read = (region: string, useCase: string) =>
        parseFreshness(
          aws.state
            .region(region)
            .parameters.get(`/messaging/acme/${useCase}/opt-out-freshness`)!
            .history.at(-1)!.value,
        );
      const fresh = read(WEST, "otp");
      assert.deepEqual(
        [fresh.region, fresh.listSize, fresh.ledgerOptedOut, fresh.behind, fresh.peersPresumedDown],
        [WEST, 1, 1, 0, []],
      );
      world.fail(EU);
      offset += 400_000;
      await world.reconcile(EAST); // a healthy peer's heartbeat arrives; the dead one's does not
      world.replicate();
      const result = await world.reconcile(WEST);
      assert.ok(result?.complete, "a dead peer fails nothing here");
      assert.deepEqual(result!.peersPresumedDown, [EU]);
      assert.deepEqual(read(WEST, "marketing").peersPresumedDown, [EU]);
    });

    it("reads through throttling and a 5xx in the middle of the pages", async () => {
      await world.reconcileAll();
      const numbers = testNumbers(250);
      aws.state.seed(EAST, { optOutLists: [{ name: "acme-otp", optedOutNumbers: numbers }] });
      aws.setRateLimit(EAST, 30, { initialTokens: 0 });
      aws.faults.set(EAST, { mode: "5xx", operations: ["DescribeOptedOutNumbers"], times: 1 });
      // The fault answers the first page; then throttling paces the rest.
      const result = await world.reconcile(EAST);
      aws.setRateLimit(EAST, null);
      assert.ok(result?.complete, JSON.stringify(result?.failed));
      assert.equal(aws.faults.injected(EAST), 1);
      assert.equal(ledger(EAST).filter((e) => e.decision === "OPTED_OUT").length, 250);
    });

    it("fails its run for its own Region's problems, not a peer's", async () => {
      aws.faults.set(EAST, { mode: "5xx", operations: ["DescribeOptedOutNumbers"] });
      const result = await world.reconcile(EAST);
      assert.equal(result?.complete, false);
      assert.match(result!.failed.otp, /InternalServerException/);
    });
  });
});
