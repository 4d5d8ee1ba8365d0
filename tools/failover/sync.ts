/**
 * `sync-opt-outs`: on demand, from the engineer's machine, what each Region's reconciler does
 * every minute (docs/opt-out-ledger.md), for every Region at once:
 *
 * 1. read every reachable Region's replica of the opt-out ledger (a replica may lack decisions
 *    a dead or lagging peer made: the union of the replicas is what is known);
 * 2. per Region and list, record the changes its list shows since its last pass (so a list
 *    whose reconciler is down or has never run, e.g. on an estate of the earlier union design,
 *    loses nothing: every entry is recorded before anything is decided);
 * 3. plan which numbers disagree with their decisions, write the plan to the state file;
 * 4. settle each one: read its entry and decisions live, then put or delete as the decisions
 *    say (`settleNumber`), appending a line to the state file.
 *
 * It never undoes an opt-in: a number is put on a list only when its latest decision is an
 * opt-out, and a copy is removed only when an opt-in supersedes it. Throttling is waited out
 * as long as it takes (the caller's retry settings cannot shorten that), with progress;
 * Regions that keep failing otherwise are given up and their numbers stay pending.
 */
import * as path from "node:path";
import {
  eventSortKey,
  eventsByNumber,
  type LedgerEvent,
  ledgerTableName,
  stateTableName,
} from "../../lambda/lib/ledger";
import { type ListMeta, readMeta } from "../../lambda/lib/list-state";
import {
  callApi,
  type CallOptions,
  errorText,
  readOptedOutNumbers,
} from "../../lambda/lib/opt-out-sync";
import { TokenBucket } from "../../lambda/lib/rate-limit";
import {
  captureList,
  type CapturedList,
  planRepairs,
  type RegionLists,
  settleNumber,
} from "../../lambda/lib/region-lists";
import type { RetryOptions } from "../../lambda/lib/retry";
import { clientsFor, INTERACTIVE_RETRY, type FailoverContext } from "./context";
import { presumedDownRegions } from "./presumed-down";
import { type ProgressSink, silentProgress } from "./progress";
import { type HeldWrites, type IndexedNumber, resumePlan } from "./resume";
import { useCasePhysicalName } from "./stack";
import {
  checkStateFile,
  defaultStateFile,
  Journal,
  type ListSummary,
  loadSyncState,
  type PlannedNumber,
  plannedKey,
  type SettleOutcome,
  SYNC_STATE_VERSION,
  type SyncPlan,
  type SyncState,
  writePlan,
} from "./state-file";
import { renderTable } from "./table";

/** The repository's root (this file lives in `tools/failover/`). */
const REPOSITORY = path.resolve(__dirname, "..", "..");

/** Default SMS API requests per second per Region: conservative, since sending applications share the quota. */
export const DEFAULT_SYNC_RATE = 10;

/** Options of {@link syncOptOuts}. */
export interface SyncOptions {
  /** SMS API requests per second per Region (reads and writes). Default: {@link DEFAULT_SYNC_RATE}. */
  readonly rate?: number;
  /**
   * Numbers settled at once per Region (each settlement is a few requests, some in parallel).
   * Default: enough to keep `rate` busy at 200 ms latency, between 2 and 8.
   */
  readonly concurrency?: number;
  /** The state file (personal data: phone numbers). Default: {@link defaultStateFile} for the stack. */
  readonly stateFile?: string;
  /** Stop before recording or writing anything when any Region cannot be read. Default: false (skip it, with a warning). */
  readonly requireAll?: boolean;
  /** Regions not to contact. Default: none. */
  readonly skipRegions?: readonly string[];
  /** Use cases whose lists to sync. Default: all. */
  readonly useCases?: readonly string[];
  /** Default: none. */
  readonly progress?: ProgressSink;
  /** Informational lines (reads, warnings). Default: discarded. */
  readonly log?: (line: string) => void;
  /** Stop starting numbers (e.g. Ctrl-C); the state file keeps the rest. Default: never. */
  readonly shouldStop?: () => boolean;
  /** Give up on a Region after this many numbers in a row failed (not throttled: failed). Default: 10. */
  readonly maxFailuresInARow?: number;
}

/** What a sync did. */
export interface SyncReport {
  readonly stack: string;
  readonly stateFile: string;
  readonly lists: ListSummary[];
  /** Regions not read (skipped or failing), with the reason. */
  readonly unreadable: Record<string, string>;
  /** Numbers planned in total, and how many an earlier run had already settled. */
  readonly planned: number;
  readonly resumed: number;
  /** Numbers settled by this run, by what was done. */
  readonly settled: Record<SettleOutcome, number>;
  readonly failed: { key: string; error: string }[];
  /** Planned numbers not attempted, including {@link SyncReport.held}. */
  readonly pending: number;
  /** Numbers of a resumed plan left pending because of this run's flags (e.g. a skipped Region). */
  readonly held: HeldWrites[];
  /** Regions given up on while settling. */
  readonly abandoned: Record<string, string>;
  /** Every Region read and every planned number settled. */
  readonly complete: boolean;
  /** Set when `requireAll` stopped the run before it recorded or wrote anything. */
  readonly aborted?: string;
  /** Time spent settling, for throughput figures. */
  readonly writeMs: number;
}

interface Wiring {
  regionLists(region: string): RegionLists;
  destroy(): void;
}

/** Clients, rate limits and retries per Region. */
function wire(
  ctx: FailoverContext,
  skipped: ReadonlySet<string>,
  rate: number,
  progress: ProgressSink,
): Wiring {
  const clients = clientsFor(ctx, skipped);
  const base: RetryOptions = ctx.retry ?? INTERACTIVE_RETRY;
  const limiters = new Map<string, TokenBucket>();
  const lists = new Map<string, RegionLists>();
  // Throttling is the server pacing us, never a failure: wait it out, whatever the caller's
  // retry settings say (they only bound transient failures).
  const patient = (region: string, limiter?: TokenBucket): CallOptions => ({
    limiter,
    retry: {
      ...base,
      maxThrottledAttempts: Number.POSITIVE_INFINITY,
      onRetry: (info) => {
        if (info.throttled) progress.waiting?.(region, info.delayMs);
        base.onRetry?.(info);
      },
    },
  });
  return {
    regionLists(region) {
      let r = lists.get(region);
      if (!r) {
        let limiter = limiters.get(region);
        if (!limiter) limiters.set(region, (limiter = new TokenBucket(rate)));
        r = {
          region,
          sms: clients.sms(region),
          dynamo: clients.dynamodb(region),
          ledgerTable: ledgerTableName(ctx.stack.estate.namePrefix),
          stateTable: stateTableName(ctx.stack.estate.namePrefix),
          smsCall: patient(region, limiter),
          dynamoCall: patient(region),
        };
        lists.set(region, r);
      }
      return r;
    },
    destroy: () => clients.destroy(),
  };
}

/** Runs the sync. */
export async function syncOptOuts(
  ctx: FailoverContext,
  options: SyncOptions = {},
): Promise<SyncReport> {
  const { stack } = ctx;
  const log = options.log ?? (() => undefined);
  const rate = options.rate ?? DEFAULT_SYNC_RATE;
  if (!(rate > 0)) throw new RangeError(`--rate must be a positive number, got ${rate}`);
  const useCases = options.useCases?.length
    ? [...new Set(options.useCases)].sort()
    : stack.useCases;
  const unknown = useCases.filter((u) => !stack.useCases.includes(u));
  if (unknown.length > 0) {
    throw new RangeError(
      `unknown use case ${unknown.join(", ")}; the estate has ${stack.useCases.join(", ")}`,
    );
  }
  const skipped = new Set(options.skipRegions ?? []);
  const unknownRegions = [...skipped].filter((r) => !stack.regions.includes(r));
  if (unknownRegions.length > 0) {
    throw new RangeError(
      `unknown Region ${unknownRegions.join(", ")}; the estate has ${stack.regions.join(", ")}`,
    );
  }
  const stateFile = options.stateFile ?? defaultStateFile(stack.stack);
  checkStateFile(stateFile);
  if (path.resolve(stateFile).startsWith(`${REPOSITORY}${path.sep}`)) {
    log(
      `WARNING: the state file ${stateFile} is inside the repository; it holds phone numbers (personal data): never commit it, or leave --state-file out to keep it in ${path.dirname(defaultStateFile(stack.stack))}`,
    );
  }
  // Regions the estate presumes down (an unplanned promote left them) are not contacted.
  const presumed = await presumedDownRegions(ctx, skipped);
  for (const [region, why] of Object.entries(presumed)) {
    skipped.add(region);
    log(`WARNING: ${region} not contacted: ${why}`);
  }
  const progress = options.progress ?? silentProgress;
  const wiring = wire(ctx, skipped, rate, progress);

  try {
    let state = loadSyncState(stateFile, stack.stack);
    if (state?.completedAt) state = undefined;
    let runnable: IndexedNumber[];
    let held: HeldWrites[] = [];
    if (state) {
      log(
        `Resuming the run of ${state.plan.startedAt} from ${stateFile}: ${state.done.size} of ${state.plan.numbers.length} numbers already settled.`,
      );
      const resume = resumePlan(state, stack, {
        skipRegions: skipped,
        useCases: options.useCases ?? [],
        requireAll: options.requireAll ?? false,
      });
      for (const warning of resume.warnings) log(`WARNING: ${warning}`);
      runnable = resume.runnable;
      held = resume.held;
    } else {
      const made = await plan(ctx, wiring, useCases, skipped, presumed, options, log);
      if (made.aborted) {
        return report(stack.stack, stateFile, made.plan, undefined, {
          settled: { put: 0, delete: 0, none: 0 },
          failed: [],
          pending: 0,
          held: [],
          abandoned: {},
          resumed: 0,
          writeMs: 0,
          aborted: made.aborted,
        });
      }
      writePlan(stateFile, made.plan);
      state = { plan: made.plan, done: new Map() };
      runnable = made.plan.numbers.map((p, index) => ({ ...p, index }));
    }

    const resumed = state.done.size;
    const heldCount = held.reduce((sum, h) => sum + h.count, 0);
    progress.start(resumed + runnable.length, resumed);
    const journal = new Journal(stateFile);
    const started = Date.now();
    let outcome: Awaited<ReturnType<typeof settleAll>>;
    try {
      outcome = await settleAll(wiring, runnable, journal, progress, options, rate);
    } finally {
      progress.stop();
      if (outcome! && outcome.failed.length === 0 && outcome.pending === 0 && heldCount === 0) {
        // Finished even if a Region was unreadable: the next run then re-reads it afresh.
        journal.complete(new Date().toISOString());
      }
      journal.close();
    }
    return report(stack.stack, stateFile, state.plan, state, {
      ...outcome,
      pending: outcome.pending + heldCount,
      held,
      resumed,
      writeMs: Date.now() - started,
    });
  } finally {
    wiring.destroy();
  }
}

/** Reads every Region, records what changed on its lists, and plans the numbers to settle. */
async function plan(
  ctx: FailoverContext,
  wiring: Wiring,
  useCases: readonly string[],
  skipped: ReadonlySet<string>,
  presumed: Readonly<Record<string, string>>,
  options: SyncOptions,
  log: (line: string) => void,
): Promise<{ plan: SyncPlan; aborted?: string }> {
  const { stack } = ctx;
  const unreadable: Record<string, string> = {};
  for (const region of skipped) {
    unreadable[region] = presumed[region] ?? "skipped (--skip-region)";
  }
  const reachable = stack.regions.filter((r) => !skipped.has(r));
  const listName = (useCase: string) => useCasePhysicalName(stack.estate.namePrefix, useCase);

  // 1. Every replica's decisions, and a first page of every list (read-only: --require-all
  //    must be able to stop before anything is recorded).
  const replicas = new Map<string, Map<string, Map<string, LedgerEvent[]>>>();
  await Promise.all(
    reachable.map(async (region) => {
      const r = wiring.regionLists(region);
      try {
        const byUseCase = new Map<string, Map<string, LedgerEvent[]>>();
        for (const useCase of useCases) {
          byUseCase.set(
            useCase,
            await eventsByNumber(r.dynamo, r.ledgerTable, useCase, (fn) =>
              callApi(fn, r.dynamoCall),
            ),
          );
          await readOptedOutNumbers(r.sms, listName(useCase), {
            ...r.smsCall,
            onPage: () => undefined,
            maxPages: 1,
          });
        }
        replicas.set(region, byUseCase);
      } catch (error) {
        unreadable[region] = errorText(error);
        log(`WARNING: ${region} skipped, it could not be read: ${unreadable[region]}`);
      }
    }),
  );
  const selection = { skipRegions: [...skipped].sort(), useCases: [...useCases].sort() };
  const base = {
    version: SYNC_STATE_VERSION,
    stack: stack.stack,
    startedAt: new Date().toISOString(),
    selection,
    unreadable,
  } as const;
  const failedReads = Object.keys(unreadable).filter((r) => !skipped.has(r));
  if (failedReads.length > 0 && options.requireAll) {
    const aborted = `not every Region could be read (--require-all): ${failedReads.map((r) => `${r}: ${unreadable[r]}`).join("; ")}`;
    return { plan: { ...base, lists: [], numbers: [] }, aborted };
  }

  // 2. Record what each list shows (changes since its last pass, or everything on a first).
  const captured = new Map<string, CapturedList[]>();
  await Promise.all(
    [...replicas.keys()].map(async (region) => {
      const r = wiring.regionLists(region);
      try {
        const lists: CapturedList[] = [];
        for (const useCase of useCases)
          lists.push(await captureList(r, useCase, listName(useCase), { via: "SYNC" }));
        captured.set(region, lists);
        log(`read ${region}: ${lists.map((l) => `${l.listName} ${l.entries.size}`).join(", ")}`);
      } catch (error) {
        unreadable[region] = errorText(error);
        replicas.delete(region);
        log(`WARNING: ${region} skipped, it could not be read: ${unreadable[region]}`);
      }
    }),
  );

  // 3. The union of every replica's decisions and everything just recorded, per use case.
  const known = new Map<string, Map<string, LedgerEvent[]>>();
  const seenKeys = new Set<string>();
  const add = (useCase: string, event: LedgerEvent) => {
    const key = `${useCase}\u0000${eventSortKey(event)}`;
    if (seenKeys.has(key)) return;
    seenKeys.add(key);
    let byNumber = known.get(useCase);
    if (!byNumber) known.set(useCase, (byNumber = new Map()));
    const list = byNumber.get(event.number);
    if (list) list.push(event);
    else byNumber.set(event.number, [event]);
  };
  for (const byUseCase of replicas.values()) {
    for (const [useCase, byNumber] of byUseCase)
      for (const events of byNumber.values()) events.forEach((e) => add(useCase, e));
  }
  for (const lists of captured.values())
    for (const l of lists) l.captured.forEach((e) => add(l.useCase, e));

  // 4. What each Region's lists lack or hold too long.
  const summaries: ListSummary[] = [];
  const numbers: PlannedNumber[] = [];
  for (const region of stack.regions.filter((r) => captured.has(r))) {
    const r = wiring.regionLists(region);
    for (const list of captured.get(region)!) {
      const knownHere = known.get(list.useCase) ?? new Map<string, LedgerEvent[]>();
      const repairs = await planRepairs(r, list, knownHere);
      summaries.push({
        region,
        useCase: list.useCase,
        listName: list.listName,
        listSize: list.entries.size,
        ledgerOptedOut: repairs.ledgerOptedOut,
        captured: list.captured.length,
        planned: repairs.repairs.length,
      });
      for (const number of repairs.repairs) {
        numbers.push({
          region,
          useCase: list.useCase,
          listName: list.listName,
          number,
          events: knownHere.get(number) ?? [],
        });
      }
    }
  }
  return { plan: { ...base, lists: summaries, numbers } };
}

/** Settles the numbers, Regions in parallel, `concurrency` at once per Region. */
async function settleAll(
  wiring: Wiring,
  numbers: readonly IndexedNumber[],
  journal: Journal,
  progress: ProgressSink,
  options: SyncOptions,
  rate: number,
): Promise<{
  settled: Record<SettleOutcome, number>;
  failed: { key: string; error: string }[];
  pending: number;
  abandoned: Record<string, string>;
}> {
  const settled: Record<SettleOutcome, number> = { put: 0, delete: 0, none: 0 };
  const failed: { key: string; error: string }[] = [];
  const abandoned: Record<string, string> = {};
  let pending = 0;
  const shouldStop = options.shouldStop ?? (() => false);
  const maxFailures = options.maxFailuresInARow ?? 10;
  const concurrency = options.concurrency ?? Math.min(8, Math.max(2, Math.ceil(rate / 10)));
  const byRegion = new Map<string, IndexedNumber[]>();
  for (const n of numbers) byRegion.set(n.region, [...(byRegion.get(n.region) ?? []), n]);
  await Promise.all(
    [...byRegion].map(async ([region, queue]) => {
      const r = wiring.regionLists(region);
      let failuresInARow = 0;
      // Each list's #meta, read once (a list this run captured was just polled).
      const metas = new Map<string, Promise<ListMeta | null>>();
      const metaOf = (listName: string) => {
        let meta = metas.get(listName);
        if (!meta)
          metas.set(
            listName,
            (meta = readMeta(r.dynamo, r.stateTable, listName, (fn) => callApi(fn, r.dynamoCall))),
          );
        return meta;
      };
      const alive = () => !(region in abandoned) && !shouldStop();
      const worker = async () => {
        while (queue.length > 0 && alive()) {
          const item = queue.shift()!;
          try {
            const result = await settleNumber(r, item.useCase, item.listName, item.number, {
              via: "SYNC",
              knownEvents: item.events,
              meta: await metaOf(item.listName),
            });
            const outcome: SettleOutcome = result.action.kind;
            settled[outcome]++;
            journal.done(item.index, outcome);
            failuresInARow = 0;
            progress.advance();
          } catch (error) {
            failed.push({ key: plannedKey(item), error: errorText(error) });
            if (++failuresInARow >= maxFailures) {
              abandoned[region] ??=
                `${failuresInARow} numbers in a row failed, last: ${errorText(error)}`;
            }
          }
        }
      };
      await Promise.all(
        Array.from({ length: Math.max(1, Math.min(concurrency, queue.length)) }, worker),
      );
      pending += queue.length;
    }),
  );
  return { settled, failed, pending, abandoned };
}

function report(
  stack: string,
  stateFile: string,
  plan: SyncPlan,
  state: SyncState | undefined,
  result: Pick<
    SyncReport,
    "settled" | "failed" | "pending" | "held" | "abandoned" | "resumed" | "writeMs" | "aborted"
  >,
): SyncReport {
  return {
    stack,
    stateFile,
    lists: plan.lists,
    unreadable: plan.unreadable,
    planned: plan.numbers.length,
    ...result,
    complete:
      !result.aborted &&
      state !== undefined &&
      Object.keys(plan.unreadable).length === 0 &&
      result.failed.length === 0 &&
      result.pending === 0,
  };
}

/** The report for a terminal. */
export function renderSyncReport(report: SyncReport): string {
  const lines = [
    `Opt-out sync of stack ${report.stack}`,
    "",
    renderTable(
      [
        "Region",
        "opt-out list",
        "entries (before)",
        "opted out (ledger)",
        "changes recorded",
        "to settle",
      ],
      report.lists.map((l) => [
        l.region,
        l.listName,
        `${l.listSize}`,
        `${l.ledgerOptedOut}`,
        `${l.captured}`,
        `${l.planned}`,
      ]),
    ),
    "",
  ];
  for (const [region, reason] of Object.entries(report.unreadable)) {
    lines.push(`WARNING: ${region} was not synced: ${reason}`);
  }
  if (report.aborted) {
    lines.push(`ABORTED before recording or writing anything: ${report.aborted}`);
  } else {
    const seconds = report.writeMs / 1000;
    const done = report.settled.put + report.settled.delete + report.settled.none;
    lines.push(
      `Planned ${report.planned} numbers; ${report.resumed} settled by an earlier run, ${done} now` +
        (done > 0 && seconds > 0 ? ` (${(done / seconds).toFixed(1)}/s)` : "") +
        `: ${report.settled.put} put on a list, ${report.settled.delete} taken off after an opt-in, ${report.settled.none} already right; ${report.failed.length} failed, ${report.pending} not attempted.`,
    );
    for (const h of report.held) {
      lines.push(
        `WARNING: ${h.count} planned numbers for ${h.target} left pending (${h.reason}); not attempted, kept in the state file`,
      );
    }
    for (const [region, reason] of Object.entries(report.abandoned)) {
      lines.push(`WARNING: gave up on ${region}: ${reason}`);
    }
    for (const failure of report.failed.slice(0, 10)) {
      lines.push(
        `  failed: ${failure.key.replace(/\+\d+$/, (n) => `${n.slice(0, 5)}***${n.slice(-4)}`)}: ${failure.error}`,
      );
    }
    lines.push(
      report.complete
        ? "Complete: every Region's opt-out lists follow the ledger (the latest decision of each end user)."
        : `INCOMPLETE: re-run the same command (same --state-file ${report.stateFile} to resume); it settles each remaining number after checking it live, so no write is repeated.`,
    );
  }
  lines.push(
    "",
    `State file (holds phone numbers: personal data, mode 0600; delete it once the sync is complete): ${report.stateFile}`,
    "No `pulumi config` change is needed: opt-out lists are data, not stack config (the next `pulumi up` leaves them alone).",
  );
  return lines.join("\n");
}
