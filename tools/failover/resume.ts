/**
 * Resuming a saved `sync-opt-outs` plan under the flags of the new run.
 *
 * The plan is not re-made on resume (that would re-read every list), so flags that shaped it
 * cannot change it. They still decide what this run may do: a Region skipped now is not
 * contacted even if the plan has numbers for it (it may have failed since), and lists of use
 * cases not selected now are not touched. Those numbers stay pending in the state file, so a
 * later run with the same file finishes them; nothing is dropped, since dropping a planned
 * number could lose an opt-out. Every difference from the saved plan is a warning.
 */
import type { FailoverStack } from "./stack";
import type { PlannedNumber, SyncSelection, SyncState } from "./state-file";

/** Numbers of the saved plan this run leaves alone, grouped by why. */
export interface HeldWrites {
  /** A Region, or a list. */
  readonly target: string;
  /** E.g. `--skip-region`. */
  readonly reason: string;
  readonly count: number;
}

/** A planned number with its index in the plan. */
export interface IndexedNumber extends PlannedNumber {
  readonly index: number;
}

/** What a resumed run does with the saved plan. */
export interface ResumePlan {
  /** Remaining numbers this run may settle. */
  readonly runnable: IndexedNumber[];
  /** Remaining numbers it leaves pending, by Region or list. */
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

/** The flags a plan was made with. */
export function savedSelection(state: SyncState): SyncSelection {
  return state.plan.selection;
}

/** Splits the saved plan's remaining writes by what this run's flags allow. */
export function resumePlan(
  state: SyncState,
  _stack: FailoverStack,
  flags: ResumeFlags,
): ResumePlan {
  const saved = savedSelection(state);
  const selected = new Set(flags.useCases.length > 0 ? flags.useCases : saved.useCases);
  const runnable: IndexedNumber[] = [];
  const held = new Map<string, HeldWrites>();
  const hold = (target: string, reason: string) => {
    const key = `${target}\u0000${reason}`;
    held.set(key, { target, reason, count: (held.get(key)?.count ?? 0) + 1 });
  };
  state.plan.numbers.forEach((planned, index) => {
    if (state.done.has(index)) return;
    if (flags.skipRegions.has(planned.region)) hold(planned.region, "--skip-region");
    else if (!selected.has(planned.useCase)) hold(planned.listName, "not selected by --use-case");
    else runnable.push({ ...planned, index });
  });

  const warnings: string[] = [];
  const newlySkipped = [...flags.skipRegions].filter((r) => !saved.skipRegions.includes(r));
  if (newlySkipped.length > 0) {
    warnings.push(
      `--skip-region ${newlySkipped.sort().join(", ")} differs from the saved plan (which skipped ${names(saved.skipRegions)}): the plan's remaining numbers there stay pending; re-run with the same --state-file without it once the Region answers`,
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
      `--use-case ${names(flags.useCases)} differs from the saved plan (${names(saved.useCases)}): other lists' numbers stay pending` +
        (outside.length > 0
          ? `; ${names(outside)} is not in the plan and is not synced until it is done`
          : ""),
    );
  }
  if (flags.requireAll && Object.keys(state.plan.unreadable).length > 0) {
    warnings.push(
      `--require-all has no effect on resume: the saved plan was made without ${names(Object.keys(state.plan.unreadable))}`,
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
