/** What every failover command is given: the stack, how to reach AWS, how to retry. */
import { callApi } from "../../lambda/lib/opt-out-sync";
import type { RetryOptions } from "../../lambda/lib/retry";
import { createRegionClients, type RegionClientOptions, type RegionClients } from "./clients";
import type { Call } from "./discovery";
import type { FailoverStack } from "./stack";

/** A command's surroundings. */
export interface FailoverContext {
  readonly stack: FailoverStack;
  /** Endpoint, timeouts, credentials. Default: the SDK's defaults with 3 s timeouts. */
  readonly clients?: Omit<RegionClientOptions, "forbiddenRegions">;
  /** Default: 3 attempts for transient failures, up to 8 while throttled. */
  readonly retry?: RetryOptions;
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
