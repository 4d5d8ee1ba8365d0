/**
 * Builds SMS Voice v2 clients for the Protect dynamic providers.
 *
 * Pulumi serialises a dynamic provider's functions (and everything they capture) into the
 * stack's state. So this module never holds a client, credentials or the SDK module at load
 * time: the SDK is `require`d inside {@link withSmsVoiceClient}, a client lives only for one
 * provider operation, and credentials come from the SDK's default chain when a request is signed.
 */
import type {
  PinpointSMSVoiceV2Client,
  PinpointSMSVoiceV2ClientConfig,
} from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { providerError } from "./aws-errors";

/** The `@aws-sdk/client-pinpoint-sms-voice-v2` module's shape (type only; loaded lazily). */
export type SmsVoiceSdk = typeof import("@aws-sdk/client-pinpoint-sms-voice-v2");

/** SDK retry modes: `standard` (jittered exponential backoff) or `adaptive` (plus client-side rate limiting). */
export type RetryMode = "standard" | "adaptive";

/** How to reach SMS Voice v2 for one operation. Never contains credentials. */
export interface SmsVoiceClientSettings {
  /** AWS Region, e.g. `eu-west-1`. Required. */
  readonly region: string;
  /**
   * Endpoint URL override. Default: none, so the SDK resolves `AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2`,
   * then `AWS_ENDPOINT_URL`, then the Region's public endpoint.
   */
  readonly endpoint?: string;
  /** Attempts per API call, first try included. Default {@link DEFAULT_MAX_ATTEMPTS}. */
  readonly maxAttempts?: number;
  /** SDK retry mode. Default {@link DEFAULT_RETRY_MODE}. */
  readonly retryMode?: RetryMode;
  /**
   * Base delay in ms of the exponential backoff between retries of throttled or transient
   * failures. Default: none, so the SDK's own backoff applies (about 1 s base for throttling).
   * When set, retries use full-jitter backoff `random(0, min(20 s, base × 2^retry))` and
   * `retryMode` is not consulted.
   */
  readonly retryBaseDelayMs?: number;
  /** Time limit in ms for one HTTP request before it fails (and may be retried). Default {@link DEFAULT_REQUEST_TIMEOUT_MS}. */
  readonly requestTimeoutMs?: number;
}

/** Default attempts per call: throttling on account-level Protect APIs is common during bulk `up`s. */
export const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * Default retry mode. `standard`, because clients live for one provider operation: the
 * `adaptive` mode's learned sending rate would be thrown away with each client.
 */
export const DEFAULT_RETRY_MODE: RetryMode = "standard";

/** Default per-request time limit (30 s), so an unresponsive endpoint fails instead of hanging `pulumi up`. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** Upper bound of one backoff delay when `retryBaseDelayMs` is set (the SDK's own cap). */
export const MAX_RETRY_DELAY_MS = 20_000;

type ClientRetryStrategy = NonNullable<PinpointSMSVoiceV2ClientConfig["retryStrategy"]>;
type RetryStrategyV2 = Extract<ClientRetryStrategy, { acquireInitialRetryToken: unknown }>;
type RetryToken = Awaited<ReturnType<RetryStrategyV2["acquireInitialRetryToken"]>>;
type RetryErrorInfo = Parameters<RetryStrategyV2["refreshRetryTokenForRetry"]>[1];

/**
 * A retry strategy with the SDK's retry rules (retry throttling and transient errors until
 * `maxAttempts`) but a configurable backoff base. The SDK middleware sleeps for the token's delay.
 */
export function backoffRetryStrategy(maxAttempts: number, baseDelayMs: number): RetryStrategyV2 {
  const token = (retries: number, delay: number): RetryToken => ({
    getRetryCount: () => retries,
    getRetryDelay: () => delay,
  });
  return {
    acquireInitialRetryToken: async () => token(0, 0),
    refreshRetryTokenForRetry: async (previous: RetryToken, info: RetryErrorInfo) => {
      const retries = previous.getRetryCount();
      const retryable = info.errorType === "THROTTLING" || info.errorType === "TRANSIENT";
      if (!retryable || retries + 1 >= maxAttempts) {
        // The SDK rethrows the original error when no token is given.
        throw new Error("No retry token available");
      }
      const ceiling = Math.min(MAX_RETRY_DELAY_MS, baseDelayMs * 2 ** retries);
      return token(retries + 1, Math.floor(Math.random() * ceiling));
    },
    recordSuccess: () => undefined,
  };
}

/** The client configuration for `settings` (pure; exposed for tests). No `credentials` key, ever. */
export function smsVoiceClientConfig(
  settings: SmsVoiceClientSettings,
): PinpointSMSVoiceV2ClientConfig {
  const maxAttempts = settings.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const config: PinpointSMSVoiceV2ClientConfig = {
    region: settings.region,
    maxAttempts,
    retryMode: settings.retryMode ?? DEFAULT_RETRY_MODE,
    requestHandler: {
      requestTimeout: settings.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      // Without this the SDK only logs a warning when requestTimeout passes.
      throwOnRequestTimeout: true,
    },
  };
  if (settings.endpoint !== undefined) config.endpoint = settings.endpoint;
  if (settings.retryBaseDelayMs !== undefined) {
    config.retryStrategy = backoffRetryStrategy(maxAttempts, settings.retryBaseDelayMs);
  }
  return config;
}

/** Loads the SDK at call time, so serialising a provider captures a `require`, not the module. */
export function loadSmsVoiceSdk(): SmsVoiceSdk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose (see module doc)
  return require("@aws-sdk/client-pinpoint-sms-voice-v2") as SmsVoiceSdk;
}

/**
 * Runs `operation` with a fresh client for `settings` and destroys the client afterwards, so no
 * client (or resolved credentials) outlives the provider call.
 */
export async function withSmsVoiceClient<T>(
  settings: SmsVoiceClientSettings,
  operation: (client: PinpointSMSVoiceV2Client, sdk: SmsVoiceSdk) => Promise<T>,
): Promise<T> {
  const sdk = loadSmsVoiceSdk();
  const client = new sdk.PinpointSMSVoiceV2Client(smsVoiceClientConfig(settings));
  try {
    return await operation(client, sdk);
  } finally {
    client.destroy();
  }
}

/**
 * {@link withSmsVoiceClient}, with any failure rethrown as a provider error naming `action` and
 * the Region, keeping the AWS message and redacting `secrets`. Errors an operation wants to
 * tolerate (e.g. not-found on delete) must be caught inside `operation`.
 */
export async function callSmsVoice<T>(
  settings: SmsVoiceClientSettings,
  action: string,
  operation: (client: PinpointSMSVoiceV2Client, sdk: SmsVoiceSdk) => Promise<T>,
  secrets: readonly (string | undefined)[] = [],
): Promise<T> {
  try {
    return await withSmsVoiceClient(settings, operation);
  } catch (error) {
    throw providerError(action, settings.region, error, secrets);
  }
}
