/**
 * Input handling shared by the Protect dynamic providers: the client-setting inputs every
 * resource takes, their validation in `check`, and the comparisons `diff` needs.
 *
 * Everything here ends up serialised with the providers, so it is plain data and functions.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { RetryMode, SmsVoiceClientSettings } from "./sdk-client";

/** The value Pulumi sends for an input not yet known during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when `value` is Pulumi's "unknown during preview" sentinel. */
export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

/** The full CRUD surface of a provider, so tests (and callers) need no optional chaining. */
export type CrudProvider<Inputs, Outputs> = Required<
  Pick<
    pulumi.dynamic.ResourceProvider<Inputs, Outputs>,
    "check" | "diff" | "create" | "read" | "update" | "delete"
  >
>;

/** Inputs every Protect resource takes to reach the API. Stored in state: never credentials. */
export interface ClientInputs {
  /** AWS Region of the setting, e.g. `eu-west-1`. Required; changing it replaces the resource. */
  region: string;
  /** Endpoint URL override. Default: none (the SDK honours `AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2`). */
  endpoint?: string;
  /** Attempts per API call. Default 5 (`DEFAULT_MAX_ATTEMPTS`). */
  maxAttempts?: number;
  /** SDK retry mode. Default `standard`. */
  retryMode?: RetryMode;
  /** Backoff base in ms for throttled/transient retries. Default: the SDK's own backoff. */
  retryBaseDelayMs?: number;
  /** Per-request time limit in ms. Default 30000. */
  requestTimeoutMs?: number;
}

/** {@link ClientInputs} as resource arguments. */
export interface ClientArgs {
  /** AWS Region, e.g. `eu-west-1`. Required; changing it replaces the resource. */
  region: pulumi.Input<string>;
  /**
   * Endpoint URL override, e.g. a local test endpoint. Default: none, so the SDK uses
   * `AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2`, `AWS_ENDPOINT_URL` or the Region's endpoint.
   * Changing it updates in place without an API call.
   */
  endpoint?: pulumi.Input<string>;
  /** Attempts per API call, first try included (throttling is retried with backoff). Default 5. */
  maxAttempts?: pulumi.Input<number>;
  /** SDK retry mode, `standard` or `adaptive`. Default `standard`. */
  retryMode?: pulumi.Input<RetryMode>;
  /** Backoff base in ms between retries. Default: none, so the SDK's own backoff applies. */
  retryBaseDelayMs?: pulumi.Input<number>;
  /** Time limit in ms for one HTTP request. Default 30000. */
  requestTimeoutMs?: pulumi.Input<number>;
}

/** Keys of {@link ClientInputs} that only say how to call AWS (changing them never replaces). */
export const CLIENT_SETTING_KEYS = [
  "endpoint",
  "maxAttempts",
  "retryMode",
  "retryBaseDelayMs",
  "requestTimeoutMs",
] as const;

const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const CREDENTIAL_LIKE = /credential|secret|accesskey|sessiontoken|password|profile/i;

/** A `check` failure. */
export type CheckFailure = pulumi.dynamic.CheckFailure;

/** Validates the {@link ClientInputs} of `news`; unknown values pass (they are checked again at `up`). */
export function checkClientInputs(inputs: object): CheckFailure[] {
  const news = inputs as Record<string, unknown>;
  const failures: CheckFailure[] = [];
  const known = (key: string) => news[key] !== undefined && !isUnknown(news[key]);
  if (news.region === undefined) {
    failures.push({ property: "region", reason: 'region is required, e.g. "eu-west-1"' });
  } else if (known("region") && (typeof news.region !== "string" || !REGION.test(news.region))) {
    failures.push({
      property: "region",
      reason: 'region must be an AWS Region name such as "eu-west-1"',
    });
  }
  if (known("endpoint")) {
    const url = typeof news.endpoint === "string" ? URL.parse(news.endpoint) : null;
    if (!url || !["http:", "https:"].includes(url.protocol)) {
      failures.push({ property: "endpoint", reason: "endpoint must be an http(s) URL" });
    }
  }
  if (
    known("maxAttempts") &&
    !(Number.isInteger(news.maxAttempts) && Number(news.maxAttempts) >= 1)
  ) {
    failures.push({
      property: "maxAttempts",
      reason: "maxAttempts must be an integer of at least 1",
    });
  }
  if (known("retryMode") && news.retryMode !== "standard" && news.retryMode !== "adaptive") {
    failures.push({ property: "retryMode", reason: 'retryMode must be "standard" or "adaptive"' });
  }
  for (const key of ["retryBaseDelayMs", "requestTimeoutMs"]) {
    if (known(key) && !(typeof news[key] === "number" && Number(news[key]) > 0)) {
      failures.push({ property: key, reason: `${key} must be a positive number of milliseconds` });
    }
  }
  return failures;
}

/**
 * Rejects inputs the resource does not define. Credential-looking keys get an explicit reason:
 * the providers use the default AWS credential chain so that no secret is ever stored in state.
 */
export function checkKnownKeys(inputs: object, allowed: readonly string[]): CheckFailure[] {
  return Object.keys(inputs)
    .filter((key) => key !== "__provider" && !allowed.includes(key))
    .map((key) => ({
      property: key,
      reason: CREDENTIAL_LIKE.test(key)
        ? `${key}: credentials are never accepted as inputs; the provider uses the default AWS credential chain`
        : `${key} is not an input of this resource`,
    }));
}

/** Copies the `keys` of `source` that are defined, dropping everything else (e.g. `__provider`). */
export function pick<T>(from: object, keys: readonly string[]): T {
  const source = from as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const key of keys) {
    if (source[key] !== undefined && source[key] !== null) result[key] = source[key];
  }
  return result as T;
}

/** The client settings stored in a resource's inputs or outputs. */
export function clientSettings(props: ClientInputs): SmsVoiceClientSettings {
  return {
    region: props.region,
    endpoint: props.endpoint,
    maxAttempts: props.maxAttempts,
    retryMode: props.retryMode,
    retryBaseDelayMs: props.retryBaseDelayMs,
    requestTimeoutMs: props.requestTimeoutMs,
  };
}

/** The `keys` whose values differ between old outputs and new inputs; an unknown new value counts as a change. */
export function changedKeys(before: object, after: object, keys: readonly string[]): string[] {
  const olds = before as Record<string, unknown>;
  const news = after as Record<string, unknown>;
  return keys.filter((key) => isUnknown(news[key]) || (olds[key] ?? null) !== (news[key] ?? null));
}
