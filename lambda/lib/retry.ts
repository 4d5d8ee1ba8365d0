/**
 * Retries with capped exponential backoff and full jitter. Our clients send with
 * `maxAttempts: 1` so this is the only retry layer: the SDK's own retries would multiply
 * ours and hide throttling from the shared rate limit.
 */
import { realSleep, type Sleep } from "./rate-limit";

/** Options of {@link withRetry}; every field has a default. */
export interface RetryOptions {
  /** Attempts for transient failures (5xx, timeouts, resets), the first included. Default: 4. */
  maxAttempts?: number;
  /** Attempts while throttled: throttling is the server pacing us, not a failure. Default: 12. */
  maxThrottledAttempts?: number;
  /** First backoff ceiling. Default: 100 ms. */
  baseDelayMs?: number;
  /** Largest backoff. Default: 5,000 ms. */
  maxDelayMs?: number;
  /** Default: real timers. */
  sleep?: Sleep;
  /** Uniform [0, 1). Default: `Math.random`. */
  random?: () => number;
  /** Told before each backoff, e.g. to pause a shared rate limit. Default: nothing. */
  onRetry?: (info: RetryInfo) => void;
}

/** What {@link RetryOptions.onRetry} is told. */
export interface RetryInfo {
  /** The attempt that failed, from 1. */
  readonly attempt: number;
  readonly delayMs: number;
  readonly throttled: boolean;
  readonly error: unknown;
}

interface SdkLikeError {
  name?: string;
  code?: string;
  $fault?: string;
  $retryable?: { throttling?: boolean };
  $metadata?: { httpStatusCode?: number };
}

const THROTTLING_NAMES = new Set([
  "ThrottlingException",
  "Throttling",
  "ThrottledException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  // DynamoDB's names for "slow down" (provisioned capacity, on-demand table limits).
  "ProvisionedThroughputExceededException",
]);

const TRANSIENT_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

/** True for an answer that means "slow down" (429 or a throttling exception). */
export function isThrottlingError(error: unknown): boolean {
  const e = (error ?? {}) as SdkLikeError;
  return (
    THROTTLING_NAMES.has(e.name ?? "") ||
    e.$retryable?.throttling === true ||
    e.$metadata?.httpStatusCode === 429
  );
}

/** True for failures worth retrying: server faults, timeouts and dropped connections. */
export function isTransientError(error: unknown): boolean {
  const e = (error ?? {}) as SdkLikeError;
  const status = e.$metadata?.httpStatusCode ?? 0;
  return (
    e.$fault === "server" ||
    status >= 500 ||
    e.name === "TimeoutError" ||
    e.name === "RequestTimeout" ||
    TRANSIENT_CODES.has(e.code ?? "")
  );
}

/** Runs `fn` until it succeeds, fails for good, or runs out of attempts. */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 4;
  const maxThrottled = options.maxThrottledAttempts ?? 12;
  const base = options.baseDelayMs ?? 100;
  const cap = options.maxDelayMs ?? 5_000;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  let transientFailures = 0;
  let throttles = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      const throttled = isThrottlingError(error);
      if (throttled) throttles++;
      else if (isTransientError(error)) transientFailures++;
      else throw error;
      if (throttles >= maxThrottled || transientFailures >= maxAttempts) throw error;
      const exponent = throttled ? throttles : transientFailures;
      const delayMs = Math.floor(random() * Math.min(cap, base * 2 ** exponent));
      options.onRetry?.({ attempt, delayMs, throttled, error });
      await sleep(delayMs);
    }
  }
}
