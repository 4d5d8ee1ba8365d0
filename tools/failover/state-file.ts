/**
 * The resumable record of one `sync-opt-outs` run: the plan (every number to add where)
 * and which of those writes are done. Re-running with the same file continues an
 * unfinished run without re-reading the lists or repeating a write; a finished run's file
 * starts a fresh run. Written atomically (temp file + rename), so a crash leaves either
 * the old or the new record, never half of one.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { taskKey, type WriteTask } from "../../lambda/lib/opt-out-sync";
import { FailoverUsageError } from "./usage-error";

/** Shape version of the file. */
export const SYNC_STATE_VERSION = 1;

/** A list's figures when the plan was made. */
export interface ListSummary {
  readonly listName: string;
  /** Numbers per readable Region. */
  readonly counts: Record<string, number>;
  /** Size of the union of the readable copies. */
  readonly union: number;
}

/** The flags a plan was made with (what they select), for warnings when a resume differs. */
export interface SyncSelection {
  /** Regions skipped with `--skip-region`, sorted. */
  readonly skipRegions: string[];
  /** Use cases whose lists were planned, sorted. */
  readonly useCases: string[];
}

/** The file's content. */
export interface SyncState {
  readonly version: typeof SYNC_STATE_VERSION;
  readonly stack: string;
  readonly startedAt: string;
  completedAt?: string;
  /**
   * The plan's flags. Absent in files of earlier runs (an optional addition, so the version
   * stays 1): see `savedSelection` in resume.ts.
   */
  readonly selection?: SyncSelection;
  /** Regions that could not be read when the plan was made. */
  readonly unreadable: Record<string, string>;
  readonly lists: ListSummary[];
  /** Every planned write as [region, list, number]. */
  readonly tasks: [string, string, string][];
  /** Keys (`region/list/number`) of the writes done. */
  done: string[];
}

/** Reads a state file; undefined when it does not exist. @throws FailoverUsageError for a file of another stack or version */
export function loadSyncState(file: string, stack: string): SyncState | undefined {
  if (!fs.existsSync(file)) return undefined;
  const state = JSON.parse(fs.readFileSync(file, "utf8")) as SyncState;
  if (state.version !== SYNC_STATE_VERSION) {
    throw new FailoverUsageError(
      `${file} is a version ${state.version} state file; expected ${SYNC_STATE_VERSION}`,
    );
  }
  if (state.stack !== stack) {
    throw new FailoverUsageError(
      `${file} belongs to stack ${state.stack}, not ${stack}; use another --state-file`,
    );
  }
  return state;
}

/** Writes the state atomically. */
export function saveSyncState(file: string, state: SyncState): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify(state)}\n`);
  fs.renameSync(temp, file);
}

/** The planned writes not yet done. */
export function remainingTasks(state: SyncState): WriteTask[] {
  const done = new Set(state.done);
  return state.tasks
    .map(([region, listName, number]) => ({ region, listName, number }))
    .filter((task) => !done.has(taskKey(task)));
}
