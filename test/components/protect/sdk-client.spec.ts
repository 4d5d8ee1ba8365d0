import assert from "node:assert/strict";
import { DescribeSpendLimitsCommand } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import {
  backoffRetryStrategy,
  callSmsVoice,
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_RETRY_MODE,
  MAX_RETRY_DELAY_MS,
  smsVoiceClientConfig,
  withSmsVoiceClient,
} from "../../../components/protect/sdk-client";
import { useProtectEnv } from "./protect-env";

type Strategy = ReturnType<typeof backoffRetryStrategy>;
type ErrorInfo = Parameters<Strategy["refreshRetryTokenForRetry"]>[1];

const throttled = { errorType: "THROTTLING" } as ErrorInfo;

describe("Protect SDK client", () => {
  const env = useProtectEnv();

  describe("smsVoiceClientConfig", () => {
    it("applies the documented defaults and carries no credentials", () => {
      const config = smsVoiceClientConfig({ region: "eu-west-1" });
      assert.deepEqual(config, {
        region: "eu-west-1",
        maxAttempts: DEFAULT_MAX_ATTEMPTS,
        retryMode: DEFAULT_RETRY_MODE,
        requestHandler: { requestTimeout: DEFAULT_REQUEST_TIMEOUT_MS, throwOnRequestTimeout: true },
      });
      assert.ok(!("credentials" in config));
    });

    it("passes the endpoint and switches to the configurable backoff when a base delay is set", () => {
      const config = smsVoiceClientConfig({
        region: "eu-west-1",
        endpoint: "http://127.0.0.1:9",
        maxAttempts: 3,
        retryMode: "adaptive",
        retryBaseDelayMs: 5,
        requestTimeoutMs: 100,
      });
      assert.equal(config.endpoint, "http://127.0.0.1:9");
      assert.equal(config.maxAttempts, 3);
      assert.ok(config.retryStrategy && "acquireInitialRetryToken" in config.retryStrategy);
    });
  });

  describe("backoffRetryStrategy", () => {
    it("retries throttling and transient errors with delays under base × 2^retry", async () => {
      const strategy = backoffRetryStrategy(4, 100);
      let token = await strategy.acquireInitialRetryToken("");
      for (const ceiling of [100, 200, 400]) {
        token = await strategy.refreshRetryTokenForRetry(token, throttled);
        assert.ok(token.getRetryDelay() >= 0 && token.getRetryDelay() < ceiling);
      }
      assert.equal(token.getRetryCount(), 3);
      await assert.rejects(strategy.refreshRetryTokenForRetry(token, throttled), /No retry token/);
      const transient = await strategy.refreshRetryTokenForRetry(
        await strategy.acquireInitialRetryToken(""),
        {
          errorType: "TRANSIENT",
        } as ErrorInfo,
      );
      assert.equal(transient.getRetryCount(), 1);
    });

    it("never retries client errors and caps delays", async () => {
      const strategy = backoffRetryStrategy(50, 1_000_000);
      const first = await strategy.acquireInitialRetryToken("");
      await assert.rejects(
        strategy.refreshRetryTokenForRetry(first, { errorType: "CLIENT_ERROR" } as ErrorInfo),
      );
      const next = await strategy.refreshRetryTokenForRetry(first, throttled);
      assert.ok(next.getRetryDelay() < MAX_RETRY_DELAY_MS);
    });
  });

  describe("against the local endpoint", () => {
    it("signs with the default credential chain and the resource's region", async () => {
      await withSmsVoiceClient(env.clientInputs("ap-southeast-2"), (client) =>
        client.send(new DescribeSpendLimitsCommand({})),
      );
      assert.deepEqual(
        env.aws.requests.map((r) => [r.region, r.service, r.operation]),
        [["ap-southeast-2", "sms-voice", "DescribeSpendLimits"]],
      );
    });

    it("fails a silent endpoint after requestTimeoutMs instead of hanging", async () => {
      env.aws.faults.set("eu-west-1", { mode: "silence" });
      await assert.rejects(
        callSmsVoice(
          { ...env.clientInputs(), maxAttempts: 1, requestTimeoutMs: 200 },
          "DescribeSpendLimits",
          (client) => client.send(new DescribeSpendLimitsCommand({})),
        ),
        /DescribeSpendLimits in eu-west-1 failed: TimeoutError/,
      );
    });

    it("retries throttling with the SDK's own standard mode when no base delay is set", async () => {
      env.aws.faults.set("eu-west-1", { mode: "throttle", times: 1 });
      const { retryBaseDelayMs: _unused, ...sdkBackoff } = env.clientInputs();
      const result = await withSmsVoiceClient(
        { ...sdkBackoff, maxAttempts: 2, retryMode: "standard" },
        (client) => client.send(new DescribeSpendLimitsCommand({})),
      );
      assert.equal(result.$metadata.attempts, 2);
    });

    it("retries 5xx answers like throttling", async () => {
      env.aws.faults.set("eu-west-1", { mode: "5xx", status: 503, times: 2 });
      const result = await withSmsVoiceClient(env.clientInputs(), (client) =>
        client.send(new DescribeSpendLimitsCommand({})),
      );
      assert.equal(result.$metadata.attempts, 3);
    });
  });
});
