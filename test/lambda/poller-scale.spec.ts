/**
 * The one-way poller (the reconciler's capture) on a list of 100,000 numbers against the local
 * endpoint: the first pass records every entry once, in pages; the next pass records exactly
 * the numbers that came and went, and nothing else; the published freshness agrees.
 */
import { strict as assert } from "node:assert";
import { parseFreshness } from "../../components/failover/opt-out-freshness";
import { eventOf } from "../../lambda/lib/ledger";
import { type AwsEndpoint, dynamoDb, startAwsEndpoint } from "../support/aws-endpoint";
import { testNumbers } from "../support/failover-estate";
import { OptOutWorld } from "../support/opt-out-world";

const SIZE = 100_000;

/** `count` distinct E.164 numbers from `from` (a wider range than testNumbers' four digits). */
const numbers = (count: number, from = 0) =>
  Array.from({ length: count }, (_, i) => `+1312${String(from + i).padStart(7, "0")}`);

describe("opt-out poller at 100,000 numbers", function () {
  this.timeout(900_000);
  let aws: AwsEndpoint;
  let offset = 0;
  const now = () => Date.now() + offset;

  before(async () => (aws = await startAwsEndpoint({ now })));
  after(async () => aws.close());

  it("records every entry once, then only what changed", async () => {
    const world = new OptOutWorld(aws, {
      regions: ["us-east-1", "us-west-2"],
      useCases: { otp: {} },
      now,
      // A loaded machine answers 100,000-item reads slowly: the deployed functions' own timeout.
      requestTimeoutMs: 3_000,
      retry: { baseDelayMs: 10, maxDelayMs: 500, maxAttempts: 4, maxThrottledAttempts: 50 },
    });
    try {
      dynamoDb(aws.state).replication.hold(); // this Region alone: its peer's work is not measured here
      const all = numbers(SIZE);
      aws.state.seed("us-east-1", { optOutLists: [{ name: "acme-otp", optedOutNumbers: all }] });
      const first = await world.reconcile("us-east-1");
      assert.ok(first?.complete, JSON.stringify(first?.failed));
      const pass = first!.passes[0];
      assert.deepEqual(
        [pass.firstPass, pass.captured, pass.put, pass.deleted, pass.behind],
        [true, SIZE, 0, 0, 0],
      );
      const pages = aws.requests.filter((r) => r.operation === "DescribeOptedOutNumbers").length;
      assert.equal(pages, SIZE / 100, "read in pages of 100");
      assert.equal(
        dynamoDb(aws.state).count("us-east-1", world.ledgerTable),
        SIZE + 1,
        "every entry once, and a heartbeat",
      );

      // A minute later: 50 end users opted back in, 50 others opted out.
      offset += 60_000;
      const leaving = all.slice(1000, 1050);
      const joining = testNumbers(50, 0);
      for (const n of leaving) await world.endUser("us-east-1", "otp", n, "JOIN");
      for (const n of joining) await world.endUser("us-east-1", "otp", n, "STOP");
      const mark = aws.requests.length;
      const second = await world.reconcile("us-east-1");
      assert.ok(second?.complete);
      assert.equal(second!.passes[0].captured, 100);
      const written = aws.requests
        .slice(mark)
        .filter(
          (r) =>
            r.operation === "BatchWriteItem" &&
            r.status === 200 &&
            JSON.stringify(r.input).includes("opt-out-ledger"),
        );
      const recorded = written.flatMap(
        (r) =>
          (r.input as { RequestItems: Record<string, { PutRequest: { Item: never } }[]> })
            .RequestItems[world.ledgerTable],
      );
      const events = recorded.map((w) => eventOf(w.PutRequest.Item)!);
      assert.deepEqual(
        events
          .filter((e) => e.decision === "OPTED_IN")
          .map((e) => e.number)
          .sort(),
        [...leaving].sort(),
      );
      assert.deepEqual(
        events
          .filter((e) => e.decision === "OPTED_OUT")
          .map((e) => e.number)
          .sort(),
        [...joining].sort(),
      );
      const freshness = parseFreshness(
        aws.state
          .region("us-east-1")
          .parameters.get("/messaging/acme/otp/opt-out-freshness")!
          .history.at(-1)!.value,
      );
      assert.deepEqual(
        [freshness.listSize, freshness.ledgerOptedOut, freshness.behind],
        [SIZE, SIZE, 0],
      );
    } finally {
      world.destroy();
    }
  });
});
