/**
 * The opt-out replication core, shared by the Lambda handlers and the `failover` CLI:
 * read an opt-out list page by page, compute what each Region lacks of the union, and write
 * the missing numbers rate-limited with retries.
 *
 * It only ever ADDS numbers (`PutOptedOutNumber`, idempotent). There is deliberately no
 * code path that removes an opt-out: a number wrongly kept costs a re-subscription, a
 * number wrongly dropped costs $500–$1,500 per message (TCPA, digest §11).
 */
import {
  DescribeOptedOutNumbersCommand,
  PutOptedOutNumberCommand,
  type PinpointSMSVoiceV2Client,
} from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { type Clock, TokenBucket } from "./rate-limit";
import { isThrottlingError, type RetryOptions, withRetry } from "./retry";

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
 */
export async function readOptedOutNumbers(
  client: SmsClient,
  listName: string,
  options: CallOptions & { onPage?: (count: number) => void } = {},
): Promise<string[]> {
  const numbers: string[] = [];
  let nextToken: string | undefined;
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
  } while (nextToken);
  return numbers;
}

/** The union of several Regions' copies of one list, and what each copy lacks. */
export interface UnionPlan {
  /** Every number in any copy, sorted. */
  readonly union: string[];
  /** Per Region, the numbers of the union it lacks, sorted. */
  readonly missing: Record<string, string[]>;
}

/** Pure: the union of `copies` (Region → numbers) and each Region's shortfall. */
export function planUnion(copies: Readonly<Record<string, Iterable<string>>>): UnionPlan {
  const sets = Object.fromEntries(
    Object.entries(copies).map(([region, numbers]) => [region, new Set(numbers)]),
  );
  const all = new Set<string>();
  for (const set of Object.values(sets)) for (const number of set) all.add(number);
  const union = [...all].sort();
  const missing = Object.fromEntries(
    Object.entries(sets).map(([region, set]) => [region, union.filter((n) => !set.has(n))]),
  );
  return { union, missing };
}

/** One number to add to one Region's copy of a list. */
export interface WriteTask {
  readonly region: string;
  readonly listName: string;
  readonly number: string;
}

/** Stable identity of a task, for state files and de-duplication. */
export function taskKey(task: WriteTask): string {
  return `${task.region}/${task.listName}/${task.number}`;
}

/** Options of {@link writeOptOuts}. */
export interface WriteOptions {
  /** Client for a Region. */
  clientFor: (region: string) => SmsClient;
  /** The Region's shared rate limit. Default: none. */
  limiterFor?: (region: string) => TokenBucket | undefined;
  /** Concurrent requests per Region (enough to keep the rate limit busy). Default: 4. */
  concurrency?: number;
  /** Default: see {@link RetryOptions}. */
  retry?: RetryOptions;
  /** Give up on a Region after this long without one successful write. Default: 60,000 ms. */
  stallTimeoutMs?: number;
  /** Give up on a Region after this many tasks in a row failed for good. Default: 10. */
  maxConsecutiveFailures?: number;
  /** Stop starting tasks (e.g. near a Lambda deadline); the rest stay pending. Default: never. */
  shouldStop?: () => boolean;
  /** Told after each successful write. Default: nothing. */
  onWritten?: (task: WriteTask) => void;
  /** Told after a task failed for good. Default: nothing. */
  onFailed?: (task: WriteTask, error: unknown) => void;
  /** Default: `Date.now`. */
  now?: Clock;
}

/** What {@link writeOptOuts} did. */
export interface WriteResult {
  readonly written: WriteTask[];
  readonly failed: { task: WriteTask; error: unknown }[];
  /** Tasks never attempted (Region given up, or stopped). */
  readonly pending: WriteTask[];
  /** Regions given up on, with the reason. */
  readonly abandoned: Record<string, string>;
}

/** Short text of an error for reports. */
export function errorText(error: unknown): string {
  const e = error as { name?: string; message?: string };
  return e?.name && e?.message ? `${e.name}: ${e.message}` : String(error);
}

/**
 * Writes every task with PutOptedOutNumber: Regions in parallel, `concurrency` workers per
 * Region behind the Region's rate limit. Throttling never fails a task while the Region
 * still makes progress; a Region that stalls or keeps failing is given up (its tasks stay
 * pending), so one failed Region never stops the others.
 */
export async function writeOptOuts(
  tasks: readonly WriteTask[],
  options: WriteOptions,
): Promise<WriteResult> {
  const now = options.now ?? Date.now;
  const stallMs = options.stallTimeoutMs ?? 60_000;
  const maxFailures = options.maxConsecutiveFailures ?? 10;
  const shouldStop = options.shouldStop ?? (() => false);
  const result: WriteResult = { written: [], failed: [], pending: [], abandoned: {} };

  const byRegion = new Map<string, WriteTask[]>();
  for (const task of tasks) {
    const queue = byRegion.get(task.region) ?? [];
    queue.push(task);
    byRegion.set(task.region, queue);
  }

  await Promise.all(
    [...byRegion].map(async ([region, queue]) => {
      const client = options.clientFor(region);
      const limiter = options.limiterFor?.(region);
      let lastProgress = now();
      let failuresInARow = 0;
      const giveUp = (reason: string) => {
        result.abandoned[region] ??= reason;
      };
      const alive = () => !(region in result.abandoned) && !shouldStop();
      const worker = async () => {
        while (queue.length > 0 && alive()) {
          const task = queue.shift()!;
          try {
            await callApi(
              () =>
                client.send(
                  new PutOptedOutNumberCommand({
                    OptOutListName: task.listName,
                    OptedOutNumber: task.number,
                  }),
                ),
              {
                limiter,
                retry: { maxThrottledAttempts: Number.POSITIVE_INFINITY, ...options.retry },
                shouldContinue: () => {
                  if (now() - lastProgress > stallMs) {
                    giveUp(`no successful write for ${Math.round(stallMs / 1000)} s`);
                  }
                  return alive();
                },
              },
            );
            lastProgress = now();
            failuresInARow = 0;
            limiter?.recover();
            result.written.push(task);
            options.onWritten?.(task);
          } catch (error) {
            if (!alive() && isThrottlingError(error)) {
              // Given up while throttled: the task was not refused, it simply was not done.
              result.pending.push(task);
              continue;
            }
            failuresInARow++;
            result.failed.push({ task, error });
            options.onFailed?.(task, error);
            if (failuresInARow >= maxFailures) {
              giveUp(`${failuresInARow} writes in a row failed, last: ${errorText(error)}`);
            }
          }
        }
      };
      const workers = Math.max(1, Math.min(options.concurrency ?? 4, queue.length));
      await Promise.all(Array.from({ length: workers }, worker));
      result.pending.push(...queue.splice(0));
    }),
  );
  return result;
}
