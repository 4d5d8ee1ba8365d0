/**
 * Resuming a saved `sync-opt-outs` plan under the flags of the new run.
 *
 * The plan is not re-made on resume (that would re-read every list), so flags that shaped it
 * cannot change it. They still decide what this run may do: a Region skipped now is not
 * contacted even if the plan has writes for it (it may have failed since), and lists of use
 * cases not selected now are not written. Those writes stay pending in the state file, so a
 * later run with the same file finishes them; nothing is dropped, since dropping a planned
 * write could lose an opt-out. Every difference from the saved plan is a warning.
 */
import type { WriteTask } from "../../lambda/lib/opt-out-sync";
import { type FailoverStack, useCasePhysicalName } from "./stack";
import { remainingTasks, type SyncSelection, type SyncState } from "./state-file";

/** Writes of the saved plan this run leaves alone, grouped by why. */
export interface HeldWrites {
  /** A Region, or a list. */
  readonly target: string;
  /** E.g. `--skip-region`. */
  readonly reason: string;
  readonly count: number;
}

/** What a resumed run does with the saved plan. */
export interface ResumePlan {
  /** Remaining writes this run may do. */
  readonly runnable: WriteTask[];
  /** Remaining writes it leaves pending, by Region or list. */
  readonly held: HeldWrites[];
  /** How this run's flags differ from the saved plan's. */
  readonly warnings: string[];
}

/** This run's flags, as far as they concern the plan. */
export interface ResumeFlags {
  readonly skipRegions: ReadonlySet<string>;
  /** Use cases named with `--use-case`; empty for "all". */
  readonly useCases: readonly string[];
  readonly requireAll: boolean;
}

const names = (values: Iterable<string>) => [...values].sort().join(", ") || "none";

/**
 * The flags a plan was made with. Files written before the selection was recorded: the
 * skipped Regions from the plan's unreadable reasons, the use cases from its lists.
 */
export function savedSelection(state: SyncState, stack: FailoverStack): SyncSelection {
  if (state.selection) return state.selection;
  const listNames = new Set(state.lists.map((l) => l.listName));
  return {
    skipRegions: Object.entries(state.unreadable)
      .filter(([, reason]) => reason.includes("--skip-region"))
      .map(([region]) => region)
      .sort(),
    useCases: stack.useCases.filter((u) =>
      listNames.has(useCasePhysicalName(stack.estate.namePrefix, u)),
    ),
  };
}

/** Splits the saved plan's remaining writes by what this run's flags allow. */
export function resumePlan(state: SyncState, stack: FailoverStack, flags: ResumeFlags): ResumePlan {
  const saved = savedSelection(state, stack);
  const selectedLists = new Set(
    (flags.useCases.length > 0 ? flags.useCases : saved.useCases).map((u) =>
      useCasePhysicalName(stack.estate.namePrefix, u),
    ),
  );
  const runnable: WriteTask[] = [];
  const held = new Map<string, HeldWrites>();
  const hold = (target: string, reason: string) => {
    const key = `${target}\u0000${reason}`;
    held.set(key, { target, reason, count: (held.get(key)?.count ?? 0) + 1 });
  };
  for (const task of remainingTasks(state)) {
    if (flags.skipRegions.has(task.region)) hold(task.region, "--skip-region");
    else if (!selectedLists.has(task.listName)) hold(task.listName, "not selected by --use-case");
    else runnable.push(task);
  }

  const warnings: string[] = [];
  const newlySkipped = [...flags.skipRegions].filter((r) => !saved.skipRegions.includes(r));
  if (newlySkipped.length > 0) {
    warnings.push(
      `--skip-region ${newlySkipped.sort().join(", ")} differs from the saved plan (which skipped ${names(saved.skipRegions)}): the plan's remaining writes there stay pending; re-run with the same --state-file without it once the Region answers`,
    );
  }
  const noLongerSkipped = saved.skipRegions.filter((r) => !flags.skipRegions.has(r));
  if (noLongerSkipped.length > 0) {
    warnings.push(
      `the saved plan was made with --skip-region ${names(noLongerSkipped)}: resuming does not read or write it; once this plan is done, run again to include it`,
    );
  }
  if (flags.useCases.length > 0 && names(flags.useCases) !== names(saved.useCases)) {
    const outside = flags.useCases.filter((u) => !saved.useCases.includes(u));
    warnings.push(
      `--use-case ${names(flags.useCases)} differs from the saved plan (${names(saved.useCases)}): writes to other lists stay pending` +
        (outside.length > 0
          ? `; ${names(outside)} is not in the plan and is not synced until it is done`
          : ""),
    );
  }
  if (flags.requireAll && Object.keys(state.unreadable).length > 0) {
    warnings.push(
      `--require-all has no effect on resume: the saved plan was made without ${names(Object.keys(state.unreadable))}`,
    );
  }
  return {
    runnable,
    held: [...held.values()].sort(
      (a, b) => a.target.localeCompare(b.target) || a.reason.localeCompare(b.reason),
    ),
    warnings,
  };
}
