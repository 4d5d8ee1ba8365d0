/**
 * The resumable record of one `sync-opt-outs` run: a journal file holding the plan (which
 * numbers of which Region's list to settle, with the decisions known for them) on its first
 * line, then one line per number settled. Re-running with the same file continues an
 * unfinished run without re-reading the lists; a finished run's file starts a fresh run.
 *
 * **It holds phone numbers: personal data.** It is created with mode 0600 (owner only), by
 * default outside the repository (`$XDG_STATE_HOME/messaging-estate/`, else
 * `~/.local/state/messaging-estate/`), and a finished run's file can be deleted.
 *
 * Why a resume repeats no write: a line is appended (synchronously) after each number is
 * settled, and every number is settled by reading its entry and decisions live first
 * (`lambda/lib/region-lists.ts` `settleNumber`). A write that completed before a crash, even
 * one whose line never reached the file, is therefore seen on the list and not sent again;
 * the journal only spares re-reading what is already done. The header is written atomically
 * (temp file + rename), so a crash leaves no half plan; a torn last line is ignored.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { LedgerEvent } from "../../lambda/lib/ledger";
import { FailoverUsageError } from "./usage-error";

/** Shape version of the file (2: the ledger-era journal). */
export const SYNC_STATE_VERSION = 2;

/** A list's figures when the plan was made. */
export interface ListSummary {
  readonly region: string;
  readonly useCase: string;
  readonly listName: string;
  /** Entries on the list when read. */
  readonly listSize: number;
  /** Numbers the known decisions say must be opted out. */
  readonly ledgerOptedOut: number;
  /** Changes found on the list and recorded as decisions. */
  readonly captured: number;
  /** Numbers planned for settling. */
  readonly planned: number;
}

/** The flags a plan was made with (what they select), for warnings when a resume differs. */
export interface SyncSelection {
  /** Regions skipped with `--skip-region`, sorted. */
  readonly skipRegions: string[];
  /** Use cases whose lists were planned, sorted. */
  readonly useCases: string[];
}

/** One number of one Region's list to settle. */
export interface PlannedNumber {
  readonly region: string;
  readonly useCase: string;
  readonly listName: string;
  readonly number: string;
  /** Decisions about the number known from every replica read (the target's may lack some). */
  readonly events: LedgerEvent[];
}

/** The plan: the journal's first line. */
export interface SyncPlan {
  readonly version: typeof SYNC_STATE_VERSION;
  readonly stack: string;
  readonly startedAt: string;
  readonly selection: SyncSelection;
  /** Regions that could not be read when the plan was made, with the reason. */
  readonly unreadable: Record<string, string>;
  readonly lists: ListSummary[];
  readonly numbers: PlannedNumber[];
}

/** What a number's settlement came to. */
export type SettleOutcome = "put" | "delete" | "none";

/** A journal read back: the plan and what is done. */
export interface SyncState {
  readonly plan: SyncPlan;
  /** Outcome by plan index, for every number settled. */
  readonly done: Map<number, SettleOutcome>;
  /** Set once the run finished. */
  readonly completedAt?: string;
}

/** Key of a planned number, for reports and tests. */
export function plannedKey(p: Pick<PlannedNumber, "region" | "listName" | "number">): string {
  return `${p.region}/${p.listName}/${p.number}`;
}

/**
 * Where the state file goes by default: outside any repository, in the user's state
 * directory, one file per stack.
 */
export function defaultStateFile(stack: string, env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME || path.join(os.homedir(), ".local", "state");
  return path.join(base, "messaging-estate", `sync-opt-outs-${stack}.jsonl`);
}

function ensurePrivate(file: string): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
  if (fs.existsSync(file) && (fs.statSync(file).mode & 0o077) !== 0) fs.chmodSync(file, 0o600);
}

/**
 * Checks, before anything is read or recorded, that the state file can be kept: its folder
 * exists (created, mode 0700, when missing) and is writable, and an existing file is readable
 * and writable. A run that could not keep its state would record list changes in the ledger
 * and then fail before settling anything.
 *
 * @throws FailoverUsageError naming the file and the fix
 */
export function checkStateFile(file: string): void {
  try {
    ensurePrivate(file);
    fs.accessSync(path.dirname(path.resolve(file)), fs.constants.W_OK);
    if (fs.existsSync(file)) fs.accessSync(file, fs.constants.R_OK | fs.constants.W_OK);
  } catch (error) {
    throw new FailoverUsageError(
      `cannot write the state file ${file}: ${(error as Error).message}; pass another --state-file`,
    );
  }
}

/** Reads a journal; undefined when it does not exist. @throws FailoverUsageError for a file of another stack or version */
export function loadSyncState(file: string, stack: string): SyncState | undefined {
  if (!fs.existsSync(file)) return undefined;
  ensurePrivate(file);
  const lines = fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.length > 0);
  let plan: SyncPlan;
  try {
    plan = JSON.parse(lines[0] ?? "") as SyncPlan;
  } catch {
    throw new FailoverUsageError(
      `${file} is not a sync-opt-outs state file; pass another --state-file or delete it`,
    );
  }
  if (plan.version !== SYNC_STATE_VERSION) {
    throw new FailoverUsageError(
      `${file} is a version ${String(plan.version)} state file; expected ${SYNC_STATE_VERSION} (a file of an earlier release: delete it, the lists are re-read)`,
    );
  }
  if (plan.stack !== stack) {
    throw new FailoverUsageError(
      `${file} belongs to stack ${plan.stack}, not ${stack}; use another --state-file`,
    );
  }
  const done = new Map<number, SettleOutcome>();
  let completedAt: string | undefined;
  for (const line of lines.slice(1)) {
    let entry: { i?: number; o?: SettleOutcome; completedAt?: string };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      continue; // a line torn by a crash: that number is simply settled again (live-checked)
    }
    if (typeof entry.i === "number" && entry.o) done.set(entry.i, entry.o);
    if (entry.completedAt) completedAt = entry.completedAt;
  }
  return { plan, done, completedAt };
}

/** Starts a journal with its plan (atomically, mode 0600). */
export function writePlan(file: string, plan: SyncPlan): void {
  ensurePrivate(file);
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify(plan)}\n`, { mode: 0o600 });
  fs.renameSync(temp, file);
}

/** Appends lines to a journal, synchronously (a line survives the process being killed). */
export class Journal {
  private readonly fd: number;

  constructor(readonly file: string) {
    ensurePrivate(file);
    this.fd = fs.openSync(file, "a", 0o600);
  }

  /** Plan index `index` is settled. */
  done(index: number, outcome: SettleOutcome): void {
    fs.writeSync(this.fd, `${JSON.stringify({ i: index, o: outcome })}\n`);
  }

  /** The run finished: the next run with this file starts afresh. */
  complete(at: string): void {
    fs.writeSync(this.fd, `${JSON.stringify({ completedAt: at })}\n`);
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}
