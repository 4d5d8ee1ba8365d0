/** What every failover command is given: the stack, how to reach AWS, how to retry. */
import { defaultProvider } from "@aws-sdk/credential-provider-node";
import { callApi } from "../../lambda/lib/opt-out-sync";
import type { RetryOptions } from "../../lambda/lib/retry";
import { createRegionClients, type RegionClientOptions, type RegionClients } from "./clients";
import type { Call } from "./discovery";
import type { FailoverStack } from "./stack";
import { FailoverUsageError } from "./usage-error";

/** A command's surroundings. */
export interface FailoverContext {
  readonly stack: FailoverStack;
  /** Endpoint, timeouts, credentials. Default: the SDK's defaults with 3 s timeouts. */
  readonly clients?: Omit<RegionClientOptions, "forbiddenRegions">;
  /** Default: 3 attempts for transient failures, up to 8 while throttled. */
  readonly retry?: RetryOptions;
  /** Clock (epoch ms) for records and leases. Default: `Date.now`. */
  readonly now?: () => number;
  /** Who runs the command when STS cannot say. Default: `$USER@hostname`. */
  readonly localOperator?: string;
}

/** Retries for interactive commands: a dead Region should cost seconds, not minutes. */
export const INTERACTIVE_RETRY: RetryOptions = {
  maxAttempts: 3,
  maxThrottledAttempts: 8,
  maxDelayMs: 2_000,
};

/** Clients that refuse `forbidden` Regions. */
export function clientsFor(ctx: FailoverContext, forbidden: Iterable<string> = []): RegionClients {
  return createRegionClients({ ...ctx.clients, forbiddenRegions: forbidden });
}

/** The command's {@link Call}: retried with the context's retry options. */
export function callerFor(ctx: FailoverContext): Call {
  return (fn) => callApi(fn, { retry: ctx.retry ?? INTERACTIVE_RETRY });
}

/** No AWS credentials could be found: nothing was contacted. */
export class CredentialsError extends FailoverUsageError {
  constructor(cause: string) {
    super(
      `no AWS credentials: ${cause}. Sign in for the estate's account first (for example ` +
        "`aws sso login --profile <profile>` and `export AWS_PROFILE=<profile>`, or set " +
        "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY), then run the command again.",
    );
    this.name = "CredentialsError";
  }
}

/**
 * The context with its credentials resolved once, before any Region is contacted: without
 * credentials every request would fail the same way, and a report built from those failures
 * would draw conclusions from data it never read. The resolved (memoized) provider is handed
 * to every client, so the chain is not walked again per client.
 *
 * @throws CredentialsError when the SDK's default chain finds none
 */
export async function withCredentials(ctx: FailoverContext): Promise<FailoverContext> {
  if (ctx.clients?.credentials) return ctx;
  const provider = defaultProvider();
  try {
    await provider();
  } catch (error) {
    throw new CredentialsError((error as Error).message.split("\n")[0]);
  }
  return { ...ctx, clients: { ...ctx.clients, credentials: provider } };
}
