/**
 * `sync-opt-outs`: makes every Region's copy of every use case's opt-out list the union of
 * all copies, on demand (the scheduled reconciler does the same continuously, one Region
 * pulling at a time). Only adds numbers, never removes one.
 *
 * Rate-limited per Region on the client (token bucket) and backing off when throttled;
 * idempotent (PutOptedOutNumber of a listed number changes nothing, and numbers already in a
 * copy are never planned); resumable through a state file.
 */
import {
  errorText,
  planUnion,
  readOptedOutNumbers,
  taskKey,
  type WriteTask,
  writeOptOuts,
} from "../../lambda/lib/opt-out-sync";
import { TokenBucket } from "../../lambda/lib/rate-limit";
import { clientsFor, INTERACTIVE_RETRY, type FailoverContext } from "./context";
import { presumedDownRegions } from "./presumed-down";
import { type ProgressSink, silentProgress } from "./progress";
import { type HeldWrites, resumePlan, type ResumePlan } from "./resume";
import { useCasePhysicalName } from "./stack";
import {
  type ListSummary,
  loadSyncState,
  remainingTasks,
  saveSyncState,
  SYNC_STATE_VERSION,
  type SyncState,
} from "./state-file";
import { renderTable } from "./table";

/** Default writes per second per Region: conservative, since sending applications share the quota. */
export const DEFAULT_SYNC_RATE = 10;

/** Options of {@link syncOptOuts}. */
export interface SyncOptions {
  /** Requests per second per Region (reads and writes). Default: {@link DEFAULT_SYNC_RATE}. */
  readonly rate?: number;
  /** Concurrent requests per Region. Default: enough for 200 ms latency at `rate` (2–32). */
  readonly concurrency?: number;
  /** Resumable record of the run. Default: none (a re-run re-reads the lists, still idempotent). */
  readonly stateFile?: string;
  /** Fail before writing when any Region cannot be read. Default: false (skip it, with a warning). */
  readonly requireAll?: boolean;
  /** Regions not to contact. Default: none. */
  readonly skipRegions?: readonly string[];
  /** Use cases whose lists to sync. Default: all. */
  readonly useCases?: readonly string[];
  /** Default: none. */
  readonly progress?: ProgressSink;
  /** Informational lines (reads, warnings). Default: discarded. */
  readonly log?: (line: string) => void;
  /** Stop starting writes (e.g. Ctrl-C); the state file keeps the rest. Default: never. */
  readonly shouldStop?: () => boolean;
  /** How often the state file is saved during writes. Default: 1,000 ms. */
  readonly saveEveryMs?: number;
}

/** What a sync did. */
export interface SyncReport {
  readonly stack: string;
  readonly lists: ListSummary[];
  /** Regions not read (skipped or failing), with the reason. */
  readonly unreadable: Record<string, string>;
  /** Planned writes in total, and how many an earlier run had already done. */
  readonly planned: number;
  readonly resumed: number;
  readonly written: WriteTask[];
  readonly failed: { task: WriteTask; error: string }[];
  /** Planned writes not attempted, including {@link SyncReport.held}. */
  readonly pending: number;
  /** Writes of a resumed plan left pending because of this run's flags (e.g. a skipped Region). */
  readonly held: HeldWrites[];
  /** Regions given up on during writes. */
  readonly abandoned: Record<string, string>;
  /** Every Region read and every planned write done. */
  readonly complete: boolean;
  /** Set when `requireAll` stopped the run before writing. */
  readonly aborted?: string;
  /** Time spent writing, for throughput figures. */
  readonly writeMs: number;
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
  const useCases = options.useCases?.length ? [...options.useCases].sort() : stack.useCases;
  const unknown = useCases.filter((u) => !stack.useCases.includes(u));
  if (unknown.length > 0) {
    throw new RangeError(
      `unknown use case ${unknown.join(", ")}; the estate has ${stack.useCases.join(", ")}`,
    );
  }
  const skipped = new Set(options.skipRegions ?? []);
  // Regions the estate presumes down (an unplanned promote left them) are not contacted.
  const presumed = await presumedDownRegions(ctx, skipped);
  for (const [region, why] of Object.entries(presumed)) {
    skipped.add(region);
    log(`WARNING: ${region} not contacted: ${why}`);
  }
  const clients = clientsFor(ctx, skipped);
  const limiters = new Map(stack.regions.map((r) => [r, new TokenBucket(rate)]));
  const retry = ctx.retry ?? INTERACTIVE_RETRY;
  const progress = options.progress ?? silentProgress;

  try {
    let state = options.stateFile ? loadSyncState(options.stateFile, stack.stack) : undefined;
    if (state?.completedAt) state = undefined;
    // A fresh plan already leaves out skipped Regions; a saved one may not (see resume.ts).
    let resume: ResumePlan | undefined;
    if (state) {
      log(
        `Resuming the run of ${state.startedAt} from ${options.stateFile}: ${state.done.length} of ${state.tasks.length} writes already done.`,
      );
      resume = resumePlan(state, stack, {
        skipRegions: skipped,
        useCases: options.useCases ?? [],
        requireAll: options.requireAll ?? false,
      });
      for (const warning of resume.warnings) log(`WARNING: ${warning}`);
    } else {
      state = await plan(ctx, useCases, skipped, presumed, clients, limiters, retry, log);
      if (Object.keys(state.unreadable).length > 0 && options.requireAll) {
        const aborted = `not every Region could be read (--require-all): ${Object.entries(
          state.unreadable,
        )
          .map(([r, e]) => `${r}: ${e}`)
          .join("; ")}`;
        return report(
          stack.stack,
          state,
          { written: [], failed: [], pending: state.tasks.length, abandoned: {}, held: [] },
          0,
          0,
          aborted,
        );
      }
      if (options.stateFile) saveSyncState(options.stateFile, state);
    }

    const remaining = remainingTasks(state);
    const resumed = state.tasks.length - remaining.length;
    const tasks = resume?.runnable ?? remaining;
    const held = resume?.held ?? [];
    const heldCount = held.reduce((sum, h) => sum + h.count, 0);
    const current = state;
    const done = new Set(current.done);
    let lastSave = Date.now();
    const save = (force = false) => {
      if (!options.stateFile) return;
      if (!force && Date.now() - lastSave < (options.saveEveryMs ?? 1_000)) return;
      current.done = [...done];
      saveSyncState(options.stateFile, current);
      lastSave = Date.now();
    };

    progress.start(resumed + tasks.length, resumed);
    const started = Date.now();
    const result = await writeOptOuts(tasks, {
      clientFor: (region) => clients.sms(region),
      limiterFor: (region) => limiters.get(region),
      concurrency: options.concurrency ?? Math.min(32, Math.max(2, Math.ceil(rate / 5))),
      retry,
      shouldStop: options.shouldStop,
      onWritten: (task) => {
        done.add(taskKey(task));
        progress.advance();
        save();
      },
    });
    const writeMs = Date.now() - started;
    progress.stop();
    // The plan is finished even if a Region was unreadable: the next run with this file then
    // starts afresh and reads that Region again instead of resuming a plan that lacks it.
    if (result.failed.length === 0 && result.pending.length === 0 && heldCount === 0) {
      current.completedAt = new Date().toISOString();
    }
    save(true);
    return report(
      stack.stack,
      current,
      {
        written: result.written,
        failed: result.failed.map((f) => ({ task: f.task, error: errorText(f.error) })),
        pending: result.pending.length + heldCount,
        abandoned: result.abandoned,
        held,
      },
      resumed,
      writeMs,
    );
  } finally {
    clients.destroy();
  }
}

/** Reads every copy of every list and plans the writes. */
async function plan(
  ctx: FailoverContext,
  useCases: readonly string[],
  skipped: ReadonlySet<string>,
  presumed: Readonly<Record<string, string>>,
  clients: ReturnType<typeof clientsFor>,
  limiters: ReadonlyMap<string, TokenBucket>,
  retry: NonNullable<FailoverContext["retry"]>,
  log: (line: string) => void,
): Promise<SyncState> {
  const { stack } = ctx;
  const unreadable: Record<string, string> = {};
  for (const region of skipped) {
    unreadable[region] = presumed[region] ?? "skipped (--skip-region)";
  }
  const copies: Record<string, Record<string, string[]>> = {};
  await Promise.all(
    stack.regions
      .filter((r) => !skipped.has(r))
      .map(async (region) => {
        const lists: Record<string, string[]> = {};
        try {
          for (const useCase of useCases) {
            const listName = useCasePhysicalName(stack.estate.namePrefix, useCase);
            lists[listName] = await readOptedOutNumbers(clients.sms(region), listName, {
              limiter: limiters.get(region),
              retry,
            });
          }
          copies[region] = lists;
          log(
            `read ${region}: ${Object.entries(lists)
              .map(([l, n]) => `${l} ${n.length}`)
              .join(", ")}`,
          );
        } catch (error) {
          // One unreadable list makes the Region's copies incomparable: skip the whole Region.
          unreadable[region] = errorText(error);
          log(`WARNING: ${region} skipped, it could not be read: ${unreadable[region]}`);
        }
      }),
  );
  const tasks: [string, string, string][] = [];
  const lists: ListSummary[] = [];
  for (const useCase of useCases) {
    const listName = useCasePhysicalName(stack.estate.namePrefix, useCase);
    const byRegion = Object.fromEntries(
      stack.regions.filter((r) => copies[r]).map((r) => [r, copies[r][listName]]),
    );
    const { union, missing } = planUnion(byRegion);
    lists.push({
      listName,
      counts: Object.fromEntries(Object.entries(byRegion).map(([r, n]) => [r, n.length])),
      union: union.length,
    });
    for (const region of Object.keys(missing)) {
      for (const number of missing[region]) tasks.push([region, listName, number]);
    }
  }
  return {
    version: SYNC_STATE_VERSION,
    stack: stack.stack,
    startedAt: new Date().toISOString(),
    selection: { skipRegions: [...skipped].sort(), useCases: [...useCases].sort() },
    unreadable,
    lists,
    tasks,
    done: [],
  };
}

function report(
  stack: string,
  state: SyncState,
  result: Pick<SyncReport, "written" | "failed" | "pending" | "abandoned" | "held">,
  resumed: number,
  writeMs: number,
  aborted?: string,
): SyncReport {
  return {
    stack,
    lists: state.lists,
    unreadable: state.unreadable,
    planned: state.tasks.length,
    resumed,
    ...result,
    complete:
      !aborted &&
      Object.keys(state.unreadable).length === 0 &&
      result.failed.length === 0 &&
      result.pending === 0,
    aborted,
    writeMs,
  };
}

/** The report for a terminal. */
export function renderSyncReport(report: SyncReport, stateFile?: string): string {
  const regions = [...new Set(report.lists.flatMap((l) => Object.keys(l.counts)))];
  const lines = [
    `Opt-out sync of stack ${report.stack}`,
    "",
    renderTable(
      ["opt-out list", ...regions.map((r) => `${r} (before)`), "union"],
      report.lists.map((l) => [
        l.listName,
        ...regions.map((r) => `${l.counts[r] ?? "?"}`),
        `${l.union}`,
      ]),
    ),
    "",
  ];
  for (const [region, reason] of Object.entries(report.unreadable)) {
    lines.push(`WARNING: ${region} was not synced: ${reason}`);
  }
  if (report.aborted) {
    lines.push(`ABORTED before writing: ${report.aborted}`);
  } else {
    const seconds = report.writeMs / 1000;
    lines.push(
      `Planned ${report.planned} writes; ${report.resumed} done by an earlier run, ${report.written.length} now` +
        (report.written.length > 0 && seconds > 0
          ? ` (${(report.written.length / seconds).toFixed(1)}/s)`
          : "") +
        `, ${report.failed.length} failed, ${report.pending} not attempted.`,
    );
    for (const h of report.held) {
      lines.push(
        `WARNING: ${h.count} planned writes for ${h.target} left pending (${h.reason}); not attempted, kept in the state file`,
      );
    }
    for (const [region, reason] of Object.entries(report.abandoned)) {
      lines.push(`WARNING: gave up on ${region}: ${reason}`);
    }
    for (const failure of report.failed.slice(0, 10)) {
      lines.push(`  failed: ${failure.task.region} ${failure.task.listName}: ${failure.error}`);
    }
    lines.push(
      report.complete
        ? "Complete: every Region's copy of every list is the union of all copies."
        : `INCOMPLETE: re-run the same command${stateFile ? ` (same --state-file ${stateFile} to resume)` : ""}; it never repeats a done write.`,
    );
  }
  lines.push(
    "",
    "No `pulumi config` change is needed: opt-out lists are data, not stack config (the next `pulumi up` leaves them alone).",
  );
  return lines.join("\n");
}
