/**
 * The calling core: the rate limit and retries (fake clocks), and paging a list against the
 * local endpoint.
 */
import { strict as assert } from "node:assert";
import { PinpointSMSVoiceV2Client } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { readOptedOutNumbers } from "../../lambda/lib/opt-out-sync";
import { TokenBucket } from "../../lambda/lib/rate-limit";
import { isThrottlingError, isTransientError, withRetry } from "../../lambda/lib/retry";
import { type AwsEndpoint, startAwsEndpoint } from "../support/aws-endpoint";
import { TEST_CREDENTIALS, testNumbers } from "../support/failover-estate";

/** A clock that only moves when someone sleeps. */
function fakeTime() {
  let now = 0;
  const slept: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      slept.push(ms);
      now += Math.max(0, ms);
    },
    slept,
  };
}

/** Retries without real waiting, so tests stay fast. */
const FAST = { baseDelayMs: 1, maxDelayMs: 5 };

describe("opt-out sync core", () => {
  describe("TokenBucket", () => {
    it("spaces requests 1/rate apart, booking slots before waiting", async () => {
      const time = fakeTime();
      const bucket = new TokenBucket(50, time);
      const starts: number[] = [];
      // Concurrent callers: the sleeps overlap in real life; here each advances the clock.
      for (let i = 0; i < 5; i++) {
        await bucket.take();
        starts.push(time.now());
      }
      assert.deepEqual(starts, [0, 20, 40, 60, 80]);
    });

    it("lets a burst through at once, then paces", async () => {
      const time = fakeTime();
      const bucket = new TokenBucket(10, { ...time, burst: 3 });
      const starts: number[] = [];
      for (let i = 0; i < 5; i++) {
        await bucket.take();
        starts.push(time.now());
      }
      assert.deepEqual(starts, [0, 0, 0, 100, 200]);
    });

    it("pauses every caller after throttling and slows down, then recovers towards the rate", async () => {
      const time = fakeTime();
      const bucket = new TokenBucket(100, time);
      await bucket.take();
      bucket.pause(500);
      await bucket.take();
      assert.ok(time.now() >= 500);
      bucket.slowDown();
      assert.equal(bucket.rate, 70);
      bucket.slowDown(); // within a second of the last: one overload, one slow-down
      assert.equal(bucket.rate, 70);
      bucket.recover(); // no time has passed: no change
      assert.equal(bucket.rate, 70);
      await time.sleep(2_000);
      bucket.recover(); // +5% of the configured rate per second
      assert.equal(bucket.rate, 80);
      await time.sleep(60_000);
      bucket.recover();
      assert.equal(bucket.rate, 100);
    });
  });

  describe("withRetry", () => {
    const throttle = Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });
    const serverError = Object.assign(new Error("boom"), {
      name: "InternalServerException",
      $fault: "server",
    });
    const badInput = Object.assign(new Error("bad"), {
      name: "ValidationException",
      $fault: "client",
    });

    it("classifies throttling, transient and permanent errors", () => {
      assert.ok(isThrottlingError(throttle));
      assert.ok(isTransientError(serverError));
      assert.ok(
        isTransientError(
          Object.assign(new Error("t"), { name: "TimeoutError", code: "ETIMEDOUT" }),
        ),
      );
      assert.ok(!isThrottlingError(badInput) && !isTransientError(badInput));
    });

    it("retries transient failures up to maxAttempts with growing, capped backoff", async () => {
      const time = fakeTime();
      let calls = 0;
      await assert.rejects(
        withRetry(
          async () => {
            calls++;
            throw serverError;
          },
          {
            maxAttempts: 4,
            sleep: time.sleep,
            random: () => 0.999,
            baseDelayMs: 100,
            maxDelayMs: 300,
          },
        ),
        /boom/,
      );
      assert.equal(calls, 4);
      assert.deepEqual(time.slept, [199, 299, 299]);
    });

    it("does not retry a permanent error, and succeeds once the throttling ends", async () => {
      let calls = 0;
      await assert.rejects(
        withRetry(async () => {
          calls++;
          throw badInput;
        }, FAST),
        /bad/,
      );
      assert.equal(calls, 1);
      let attempts = 0;
      const value = await withRetry(async () => {
        if (++attempts < 5) throw throttle;
        return "done";
      }, FAST);
      assert.equal(value, "done");
    });
  });

  describe("against the local endpoint", () => {
    let aws: AwsEndpoint;
    const clients = new Map<string, PinpointSMSVoiceV2Client>();
    const clientFor = (region: string) => {
      let client = clients.get(region);
      if (!client) {
        client = new PinpointSMSVoiceV2Client({
          region,
          endpoint: aws.url,
          credentials: TEST_CREDENTIALS,
          maxAttempts: 1,
        });
        clients.set(region, client);
      }
      return client;
    };

    before(async () => {
      aws = await startAwsEndpoint();
    });
    afterEach(() => aws.reset());
    after(async () => {
      for (const client of clients.values()) client.destroy();
      await aws.close();
    });

    it("reads a list of 250 numbers across three pages", async () => {
      aws.state.seed("us-east-1", {
        optOutLists: [{ name: "acme-otp", optedOutNumbers: testNumbers(250) }],
      });
      const pages: number[] = [];
      const numbers = await readOptedOutNumbers(clientFor("us-east-1"), "acme-otp", {
        onPage: (n) => pages.push(n),
      });
      assert.deepEqual(numbers.sort(), testNumbers(250));
      assert.deepEqual(pages, [100, 200, 250]);
    });
    it("stops after maxPages (a readability probe)", async () => {
      aws.state.seed("us-east-1", {
        optOutLists: [{ name: "acme-otp", optedOutNumbers: testNumbers(250) }],
      });
      const numbers = await readOptedOutNumbers(clientFor("us-east-1"), "acme-otp", {
        maxPages: 1,
      });
      assert.equal(numbers.length, 100);
      assert.equal(aws.requests.length, 1);
    });
  });
});
