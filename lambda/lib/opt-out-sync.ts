/**
 * Calling AWS from the opt-out code, shared by the Lambda handlers and the `failover` CLI: one
 * call through the Region's rate limit with retries ({@link callApi}), reading an opt-out
 * list page by page, and error texts for reports. What to write where is decided elsewhere
 * (`decide.ts`, `region-lists.ts`).
 */
import {
  DescribeOptedOutNumbersCommand,
  type PinpointSMSVoiceV2Client,
} from "@aws-sdk/client-pinpoint-sms-voice-v2";
import type { TokenBucket } from "./rate-limit";
import { type RetryOptions, withRetry } from "./retry";

/** What the core needs of an SMS Voice v2 client. */
export type SmsClient = Pick<PinpointSMSVoiceV2Client, "send">;

/** How one API call is paced and retried. */
export interface CallOptions {
  /** The Region's shared rate limit. Default: none. */
  limiter?: TokenBucket;
  /** Default: see {@link RetryOptions}. */
  retry?: RetryOptions;
  /** Checked before each backoff; false gives up with the last error. Default: always go on. */
  shouldContinue?: () => boolean;
}

/** Runs one call through the rate limit, retrying throttling and transient failures. */
export async function callApi<T>(fn: () => Promise<T>, options: CallOptions = {}): Promise<T> {
  const { limiter, retry, shouldContinue } = options;
  return withRetry(
    async () => {
      await limiter?.take();
      return fn();
    },
    {
      ...retry,
      onRetry: (info) => {
        if (shouldContinue && !shouldContinue()) throw info.error;
        if (info.throttled) {
          // Every worker of the Region backs off together, and the pace drops below the server's.
          limiter?.slowDown();
          limiter?.pause(info.delayMs);
        }
        retry?.onRetry?.(info);
      },
    },
  );
}

/** Largest page DescribeOptedOutNumbers returns. */
export const OPT_OUT_PAGE_SIZE = 100;

/**
 * Every number of one opt-out list, following NextToken to the end.
 *
 * @param onPage told the running count after each page. Default: nothing.
 * @param maxPages stop after this many pages (e.g. 1 to check a list can be read). Default: all.
 */
export async function readOptedOutNumbers(
  client: SmsClient,
  listName: string,
  options: CallOptions & { onPage?: (count: number) => void; maxPages?: number } = {},
): Promise<string[]> {
  const numbers: string[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const page = await callApi(
      () =>
        client.send(
          new DescribeOptedOutNumbersCommand({
            OptOutListName: listName,
            MaxResults: OPT_OUT_PAGE_SIZE,
            NextToken: nextToken,
          }),
        ),
      options,
    );
    for (const entry of page.OptedOutNumbers ?? []) {
      if (entry.OptedOutNumber) numbers.push(entry.OptedOutNumber);
    }
    options.onPage?.(numbers.length);
    nextToken = page.NextToken;
  } while (nextToken && ++pages < (options.maxPages ?? Number.POSITIVE_INFINITY));
  return numbers;
}

/** Short text of an error for reports. */
export function errorText(error: unknown): string {
  const e = error as { name?: string; message?: string };
  return e?.name && e?.message ? `${e.name}: ${e.message}` : String(error);
}
