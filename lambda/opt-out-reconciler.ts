/**
 * Scheduled opt-out reconciliation, one function per Region: it reads every use case's
 * opt-out list in its own Region and in every peer, and adds to its OWN copy whatever the
 * union holds that the copy lacks. Each Region pulls for itself, so every copy becomes the
 * union without any function writing across Regions, and a failed Region only stops its own
 * pull. It never removes a number.
 */
import { smsClientFactory } from "./lib/clients";
import {
  errorText,
  planUnion,
  readOptedOutNumbers,
  type SmsClient,
  writeOptOuts,
} from "./lib/opt-out-sync";
import { type Clock, type Sleep, TokenBucket } from "./lib/rate-limit";
import type { RetryOptions } from "./lib/retry";
import { readReconcilerSettings, type ReconcilerSettings } from "./lib/settings";

/** What happened to one list. */
export interface ReconcileListResult {
  readonly listName: string;
  /** Numbers in the own copy before the run, or undefined when it could not be read. */
  readonly before?: number;
  /** Numbers the own copy lacked. */
  readonly missing: number;
  readonly added: number;
  /** Writes that failed or were not attempted (deadline, Region given up). */
  readonly notAdded: number;
  /** Regions that could not be read, with the error. */
  readonly unreadable: Record<string, string>;
}

/** A run's summary. */
export interface ReconcileResult {
  readonly region: string;
  readonly lists: ReconcileListResult[];
  /** True when every Region was read and every missing number written. */
  readonly complete: boolean;
}

/** The run did not finish; thrown after the summary is logged, so the Errors metric shows it. */
export class ReconcileIncompleteError extends Error {
  constructor(readonly result: ReconcileResult) {
    super(
      `opt-out reconciliation in ${result.region} is incomplete: ` +
        result.lists
          .filter((l) => l.notAdded > 0 || Object.keys(l.unreadable).length > 0)
          .map(
            (l) =>
              `${l.listName} (${l.notAdded} not added, unreadable: ${Object.keys(l.unreadable).join(", ") || "none"})`,
          )
          .join("; "),
    );
    this.name = "ReconcileIncompleteError";
  }
}

/** What {@link createReconciler} needs. */
export interface ReconcilerDeps {
  readonly settings: ReconcilerSettings;
  readonly clientFor: (region: string) => SmsClient;
  /** Default: {@link RetryOptions} defaults. */
  readonly retry?: RetryOptions;
  /** Stop starting writes when the invocation has less than this left. Default: 15,000 ms. */
  readonly safetyMarginMs?: number;
  /** Default: `Date.now`. */
  readonly now?: Clock;
  /** Default: real timers. */
  readonly sleep?: Sleep;
  /** Structured log line. Default: `console.log` of JSON. */
  readonly log?: (entry: Record<string, unknown>) => void;
}

/** The part of the Lambda context the reconciler uses. */
export interface DeadlineContext {
  getRemainingTimeInMillis(): number;
}

const defaultLog = (entry: Record<string, unknown>) => console.log(JSON.stringify(entry));

/** Builds the handler around its settings and clients (tests inject both). */
export function createReconciler(deps: ReconcilerDeps) {
  const { settings } = deps;
  const log = deps.log ?? defaultLog;
  const margin = deps.safetyMarginMs ?? 15_000;
  return async (_event?: unknown, context?: DeadlineContext): Promise<ReconcileResult> => {
    const limiters = new Map(
      settings.regions.map((region) => [
        region,
        new TokenBucket(settings.writesPerSecond, { now: deps.now, sleep: deps.sleep }),
      ]),
    );
    const shouldStop = () => (context ? context.getRemainingTimeInMillis() < margin : false);
    const lists: ReconcileListResult[] = [];
    for (const listName of settings.optOutListNames) {
      const copies: Record<string, string[]> = {};
      const unreadable: Record<string, string> = {};
      await Promise.all(
        settings.regions.map(async (region) => {
          try {
            copies[region] = await readOptedOutNumbers(deps.clientFor(region), listName, {
              limiter: limiters.get(region),
              retry: deps.retry,
            });
          } catch (error) {
            unreadable[region] = errorText(error);
          }
        }),
      );
      const own = copies[settings.region];
      if (!own) {
        lists.push({ listName, missing: 0, added: 0, notAdded: 0, unreadable });
        continue;
      }
      const missing = planUnion(copies).missing[settings.region];
      const written = await writeOptOuts(
        missing.map((number) => ({ region: settings.region, listName, number })),
        {
          clientFor: deps.clientFor,
          limiterFor: (region) => limiters.get(region),
          retry: deps.retry,
          shouldStop,
          now: deps.now,
        },
      );
      lists.push({
        listName,
        before: own.length,
        missing: missing.length,
        added: written.written.length,
        notAdded: written.failed.length + written.pending.length,
        unreadable,
      });
    }
    const result: ReconcileResult = {
      region: settings.region,
      lists,
      complete: lists.every((l) => l.notAdded === 0 && Object.keys(l.unreadable).length === 0),
    };
    log({ event: "opt-out-reconciled", ...result });
    if (!result.complete) throw new ReconcileIncompleteError(result);
    return result;
  };
}

let deployed: ReturnType<typeof createReconciler> | undefined;

/** The Lambda entry point (EventBridge schedule): settings from the environment. */
export async function handler(event: unknown, context?: DeadlineContext): Promise<ReconcileResult> {
  deployed ??= createReconciler({
    settings: readReconcilerSettings(process.env),
    clientFor: smsClientFactory(),
  });
  return deployed(event, context);
}
