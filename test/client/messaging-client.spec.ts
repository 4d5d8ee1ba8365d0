/**
 * The application client (client/) against the local endpoint with a listener per Region:
 * it reads its own Region's pointer, caches it for a bounded time, keeps serving the last
 * good pointer when SSM fails, sends through the pointer's pool and configuration set, and
 * follows a promote made in the middle of a stream of sends without sending a message twice.
 * The cache itself is checked against a model with random sequences of reads and failures.
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import {
  BoundedCache,
  type Cached,
  MessagingClient,
  NothingCachedError,
  SendError,
  type SendResult,
} from "../../client";
import { loadEstateFromFile, stackFilePath } from "../../stacks/config/load";
import { type AwsEndpoint, startAwsEndpoint } from "../support/aws-endpoint";
import {
  runCli,
  seedEstate,
  type SeededUseCase,
  TEST_CREDENTIALS,
  testNumbers,
} from "../support/failover-estate";

describe("application client", function () {
  this.timeout(60_000);
  let aws: AwsEndpoint;
  let seeded: Record<string, Record<string, SeededUseCase>>;
  const estate = loadEstateFromFile(stackFilePath("example"));
  const clients: MessagingClient[] = [];
  const client = (region: string, extra: { maxAgeMs?: number; now?: () => number } = {}) => {
    const made = new MessagingClient({
      namePrefix: "northwind",
      useCase: "otp",
      region,
      credentials: TEST_CREDENTIALS,
      endpoint: aws.regionUrls,
      // The client's own timeout (3 s): no test here waits on a silent Region, and a shorter
      // one turns a loaded machine's slow answer into a failed send the assertions count.
      ...extra,
    });
    clients.push(made);
    return made;
  };
  const sent = (region: string) => aws.state.region(region).sentMessages;

  before(async () => {
    aws = await startAwsEndpoint({
      accountId: estate.account,
      regions: ["us-east-1", "us-west-2"],
    });
  });
  beforeEach(async () => {
    await aws.reset();
    seeded = seedEstate(aws, estate);
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy();
  });
  after(async () => aws.close());

  it("reads the pointer in its own Region and sends through the pointer's Region, pool and configuration set", async () => {
    const otp = client("us-west-2");
    const result = await otp.send({ to: "+12065550100", body: "Your code is 123456" });
    assert.equal(result.region, "us-east-1");
    assert.equal(result.poolId, seeded["us-east-1"].otp.poolId);
    const reads = aws.requests.filter((r) => r.operation === "GetParameter");
    assert.deepEqual(
      reads.map((r) => [r.region, (r.input as { Name: string }).Name]),
      [["us-west-2", "/messaging/northwind/otp/active"]],
    );
    const send = aws.requests.find((r) => r.operation === "SendTextMessage")!;
    assert.equal(send.region, "us-east-1");
    assert.deepEqual(send.input, {
      DestinationPhoneNumber: "+12065550100",
      OriginationIdentity: seeded["us-east-1"].otp.poolArn,
      ConfigurationSetName: "northwind-otp",
      MessageBody: "Your code is 123456",
    });
    assert.equal(sent("us-east-1").length, 1);
  });

  it("reads the pointer again only once it is older than maxAgeMs, and exposes its age", async () => {
    let now = 1_000_000;
    const otp = client("us-west-2", { maxAgeMs: 60_000, now: () => now });
    await otp.send({ to: "+12065550100", body: "a" });
    now += 59_000;
    const young = await otp.pointer();
    assert.equal(young.ageMs, 59_000);
    assert.equal(young.stale, false);
    now += 2_000;
    assert.equal((await otp.pointer()).ageMs, 0, "read again");
    assert.equal(aws.requests.filter((r) => r.operation === "GetParameter").length, 2);
    assert.ok((await otp.pointer()).modifiedAt instanceof Date);
  });

  it("keeps serving the last good pointer, marked stale, while SSM fails; fails clearly when there never was one", async () => {
    let now = 1_000_000;
    const otp = client("us-west-2", { maxAgeMs: 1_000, now: () => now });
    await otp.pointer();
    aws.faults.set("us-west-2", { mode: "5xx", services: ["ssm"] });
    now += 5_000;
    const state = await otp.pointer();
    assert.equal(state.stale, true);
    assert.equal(state.ageMs, 5_000);
    assert.match(String((state.lastError as Error).name), /InternalServerError/);
    const result = await otp.send({ to: "+12065550100", body: "still sending" });
    assert.equal(result.pointerStale, true);
    assert.equal(result.region, "us-east-1");

    const fresh = client("us-west-2");
    await assert.rejects(fresh.pointer(), NothingCachedError);
  });

  it("follows a promote made in the middle of a stream of sends, sending no message twice", async () => {
    const otp = client("us-west-2", { maxAgeMs: 60_000 });
    const results: (SendResult | SendError)[] = [];
    const numbers = testNumbers(30);
    let promoted = false;
    let promotion: Promise<unknown> | undefined;
    for (const [i, to] of numbers.entries()) {
      if (i === 5) await aws.transport.set("us-east-1", "refuse"); // the primary dies
      if (i === 10) {
        // An engineer promotes while the service keeps sending.
        promotion = runCli(aws, ["--stack", "example", "promote", "--to", "us-west-2"]).then(
          (r) => {
            assert.equal(r.code, 0, r.stdout);
            promoted = true;
          },
        );
      }
      const wasPromoted = promoted;
      try {
        const result = await otp.send({ to, body: `message ${i}` });
        results.push(result);
        if (wasPromoted) assert.equal(result.region, "us-west-2", `message ${i} after the promote`);
      } catch (error) {
        assert.ok(error instanceof SendError, String(error));
        assert.ok(!wasPromoted, `message ${i} failed after the promote: ${error.message}`);
        results.push(error);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await promotion;
    const accepted = [...sent("us-east-1"), ...sent("us-west-2")].map(
      (m) => m.destinationPhoneNumber,
    );
    assert.equal(new Set(accepted).size, accepted.length, "no number was sent twice");
    const ok = results.filter((r): r is SendResult => !(r instanceof SendError));
    assert.equal(accepted.length, ok.length, "every accepted message was reported as sent");
    assert.deepEqual(
      ok.slice(0, 5).map((r) => r.region),
      Array(5).fill("us-east-1"),
    );
    assert.ok(
      ok.some((r) => r.followedPromote),
      "a send followed the new pointer right after failing",
    );
    assert.equal(ok.at(-1)?.region, "us-west-2");
    const failures = results.filter((r): r is SendError => r instanceof SendError);
    assert.ok(failures.length > 0, "sends failed while nothing pointed elsewhere");
    // The connection open when the Region died is reset ("unknown": it may have carried the
    // message); every later attempt is refused before anything is sent ("no").
    assert.ok(
      failures.filter((f) => f.delivered === "unknown").length <= 1,
      failures.map((f) => f.message).join("\n"),
    );
  });

  it("never re-sends through the new Region a message the old one refused because the number opted out", async () => {
    const otp = client("us-west-2");
    assert.equal((await otp.send({ to: "+12065550100", body: "warm" })).region, "us-east-1");
    // A planned move while the service holds the old pointer; the end user's STOP reached
    // us-east-1's list a moment ago and not yet us-west-2's (a one-way STOP takes up to a
    // minute to be polled and replicated).
    const promoted = await runCli(aws, [
      "--stack",
      "example",
      "promote",
      "--to",
      "us-west-2",
      "--planned",
    ]);
    assert.equal(promoted.code, 0, promoted.stdout);
    const stopped = "+12065550177";
    aws.state.seed("us-east-1", {
      optOutLists: [{ name: "northwind-otp", optedOutNumbers: [stopped] }],
    });
    const refused = await otp.send({ to: stopped, body: "Your code is 123456" }).then(
      (r) => r,
      (e: unknown) => e,
    );
    assert.ok(
      refused instanceof SendError,
      `sent to an opted-out number: ${JSON.stringify(refused)}`,
    );
    assert.equal(refused.delivered, "no");
    assert.match(refused.message, /opted out/);
    assert.deepEqual(
      [...sent("us-east-1"), ...sent("us-west-2")].filter(
        (m) => m.destinationPhoneNumber === stopped,
      ),
      [],
    );
  });

  it("in the Region left by an SMS-only outage, follows once promote --also-write-left-region rewrites its pointer", async () => {
    const otp = client("us-east-1");
    aws.faults.set("us-east-1", { mode: "5xx", services: ["sms-voice"] });
    const failed = await otp.send({ to: "+12065550100", body: "x" }).then(
      () => assert.fail("sent through a failing Region"),
      (e: unknown) => e,
    );
    assert.ok(failed instanceof SendError);
    assert.equal(failed.delivered, "unknown", "a 5xx may hide a sent message: not retried");
    const promoted = await runCli(aws, [
      "--stack",
      "example",
      "promote",
      "--to",
      "us-west-2",
      "--also-write-left-region",
    ]);
    assert.equal(promoted.code, 0, promoted.stdout);
    await otp.send({ to: "+12065550101", body: "y" }).catch(() => undefined);
    const next = await otp.send({ to: "+12065550102", body: "z" });
    assert.equal(next.region, "us-west-2");
    assert.equal(sent("us-east-1").length, 0);
  });

  describe("BoundedCache (model check)", () => {
    type Step =
      | { kind: "advance"; ms: number }
      | { kind: "outcome"; ok: boolean }
      | { kind: "get" }
      | { kind: "refresh" };
    const step: fc.Arbitrary<Step> = fc.oneof(
      fc.record({
        kind: fc.constant("advance" as const),
        // The boundaries (exactly maxAgeMs, exactly retryAfterMs) besides anything else.
        ms: fc.oneof(fc.integer({ min: 0, max: 3_000 }), fc.constantFrom(500, 1_000)),
      }),
      fc.record({ kind: fc.constant("outcome" as const), ok: fc.boolean() }),
      fc.record({ kind: fc.constant("get" as const) }),
      fc.record({ kind: fc.constant("refresh" as const) }),
    );

    it("serves a value no older than maxAgeMs when the store answers, the last good one otherwise", async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(step, { maxLength: 40 }), async (steps) => {
          const maxAgeMs = 1_000;
          const retryAfterMs = 500;
          let now = 0;
          let ok = true;
          let version = 0;
          let reads = 0;
          const cache = new BoundedCache(
            async () => {
              reads++;
              if (!ok) throw new Error("down");
              return ++version;
            },
            { maxAgeMs, retryAfterMs, now: () => now },
          );
          // The model: the last good value and when, and when the last read failed.
          let good: { value: number; at: number } | undefined;
          let failedAt: number | undefined;
          for (const s of steps) {
            if (s.kind === "advance") now += s.ms;
            else if (s.kind === "outcome") ok = s.ok;
            else {
              const before = reads;
              const mustRead =
                s.kind === "refresh" ||
                !good ||
                (now - good.at >= maxAgeMs &&
                  (failedAt === undefined || now - failedAt >= retryAfterMs));
              const result: Cached<number> | Error = await cache[s.kind]().then(
                (v) => v,
                (e: Error) => e,
              );
              assert.equal(reads - before, mustRead ? 1 : 0, "reads only when it must");
              if (mustRead) {
                if (ok) {
                  good = { value: version, at: now };
                  failedAt = undefined;
                } else failedAt = now;
              }
              if (!good) {
                assert.ok(result instanceof NothingCachedError);
                continue;
              }
              assert.ok(!(result instanceof Error), String(result));
              assert.equal(result.value, good.value);
              assert.equal(result.ageMs, now - good.at);
              assert.equal(result.stale, failedAt !== undefined);
              if (!result.stale) assert.ok(result.ageMs < maxAgeMs || s.kind === "refresh");
            }
          }
        }),
        { numRuns: 2_000 },
      );
    });
  });
});
