/**
 * Shared set-up for the Protect provider specs: one local AWS endpoint per suite, test
 * credentials in the environment (the providers take none as inputs, by design) and client
 * settings with a tiny backoff so throttling retries finish quickly.
 */
import { type AwsEndpoint, startAwsEndpoint } from "../../support/aws-endpoint";

/** Access key the specs put in the environment; serialisation tests look for it. */
export const TEST_ACCESS_KEY_ID = "AKIAPROTECTSPECKEY01";
/** Secret key the specs put in the environment. */
export const TEST_SECRET_ACCESS_KEY = "protect-spec-secret-access-key-value";

const ENV_KEYS = [
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_PROFILE",
  "AWS_ENDPOINT_URL",
  "AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2",
  "AWS_MAX_ATTEMPTS",
  "AWS_RETRY_MODE",
] as const;

/** Handle on the suite's endpoint (valid inside tests and hooks). */
export interface ProtectEnv {
  readonly aws: AwsEndpoint;
  /** Client inputs for `region` pointing at the endpoint, 4 attempts, 1 ms backoff base. */
  clientInputs(region?: string): {
    region: string;
    endpoint: string;
    maxAttempts: number;
    retryBaseDelayMs: number;
  };
}

/** Registers before/afterEach/after hooks in the calling `describe` and returns the handle. */
export function useProtectEnv(): ProtectEnv {
  let endpoint: AwsEndpoint | undefined;
  const saved: Partial<Record<(typeof ENV_KEYS)[number], string>> = {};

  before(async () => {
    for (const key of ENV_KEYS) {
      saved[key] = process.env[key];
      delete process.env[key];
    }
    process.env.AWS_ACCESS_KEY_ID = TEST_ACCESS_KEY_ID;
    process.env.AWS_SECRET_ACCESS_KEY = TEST_SECRET_ACCESS_KEY;
    endpoint = await startAwsEndpoint();
  });

  afterEach(() => {
    endpoint?.reset();
    delete process.env.AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2;
  });

  after(async () => {
    await endpoint?.close();
    for (const key of ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  return {
    get aws() {
      if (!endpoint) throw new Error("the endpoint starts in a before hook");
      return endpoint;
    },
    clientInputs(region = "eu-west-1") {
      return { region, endpoint: this.aws.url, maxAttempts: 4, retryBaseDelayMs: 1 };
    },
  };
}
