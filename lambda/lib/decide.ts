/**
 * The two pure decisions of the opt-out ledger, shared by the poller, the applier and the
 * sync tool (docs/opt-out-ledger.md):
 *
 * - {@link observe}: what a change on a Region's list means (a new opt-out, an opt-in, or the
 *   estate's own doing), from the entry now, the entry last seen, and the estate's own changes;
 * - {@link planAction}: what to do to a Region's list given the number's decisions.
 *
 * No I/O here, so the property tests can check the rules directly as well as through the
 * handlers.
 */
import type { CaptureChannel, Effective, LedgerEvent } from "./ledger";
import {
  type AppliedChange,
  deletedByEstate,
  isEstateEntry,
  type ListEntry,
  type SeenEntry,
} from "./list-state";

/** Where and how an observation is made. */
export interface ObserveContext {
  readonly region: string;
  readonly useCase: string;
  /** The list has never been polled completely: entries of unknown origin are MIGRATION. */
  readonly firstPass: boolean;
  /**
   * When the last complete poll started: a removal noticed now happened after it (and after
   * the entry itself). Undefined before any complete poll.
   */
  readonly removedAfter?: number;
  /** Default: `LIST`, or `SEED` on a first pass. */
  readonly via?: CaptureChannel;
}

/** What an observation yields. */
export interface Observation {
  /** A decision to record, if the change was not the estate's own. */
  readonly event?: LedgerEvent;
  /** The new last view: an entry, `null` to forget it, undefined when unchanged. */
  readonly seen?: SeenEntry | null;
}

/**
 * Compares a list entry with its last view. An entry the end user created is an END_USER
 * opt-out at its own timestamp; one the estate put there is nothing new; any other API entry
 * is an OPERATOR opt-out (MIGRATION on a first pass). An entry gone that the estate did not
 * delete is an opt-in, dated at the earliest moment it can have happened (so that it never
 * wins against an opt-out it may not have followed).
 */
export function observe(
  number: string,
  entry: ListEntry | undefined,
  seen: SeenEntry | undefined,
  applied: readonly AppliedChange[],
  ctx: ObserveContext,
): Observation {
  const via = ctx.via ?? (ctx.firstPass ? "SEED" : "LIST");
  if (entry) {
    if (seen && seen.at === entry.at && seen.endUser === entry.endUser) return {};
    const base = {
      useCase: ctx.useCase,
      number,
      at: entry.at,
      origin: ctx.region,
      id: `entry-${entry.at}`,
      via,
    };
    if (entry.endUser) {
      return {
        event: { ...base, decision: "OPTED_OUT", source: "END_USER" },
        seen: { ...entry, source: "END_USER" },
      };
    }
    if (isEstateEntry(entry, applied)) return { seen: { ...entry, source: "ESTATE" } };
    const source = ctx.firstPass ? "MIGRATION" : "OPERATOR";
    return { event: { ...base, decision: "OPTED_OUT", source }, seen: { ...entry, source } };
  }
  if (!seen) return {};
  if (deletedByEstate(seen, applied)) return { seen: null };
  return {
    event: {
      useCase: ctx.useCase,
      number,
      decision: "OPTED_IN",
      at: Math.max(ctx.removedAfter ?? 0, seen.at + 1),
      origin: ctx.region,
      // An operator's own entry removed is the operator's release; anything else is the end user's.
      source: seen.source === "OPERATOR" ? "OPERATOR" : "END_USER",
      via: ctx.via ?? "LIST",
      id: `removed-${seen.at}`,
    },
    seen: null,
  };
}

/** What to do to one Region's list for one number. */
export type ListAction =
  | { readonly kind: "put" }
  | { readonly kind: "delete"; readonly entryAt: number }
  | { readonly kind: "none" };

const NONE: ListAction = { kind: "none" };

/**
 * The list must hold the number when the decision is an opt-out. When it is an opt-in, an
 * entry is removed only if the opt-in supersedes it: the estate's own copy always; an end
 * user's opt-out only when the end user opted in after it; any other entry only when some
 * opt-in is newer than it. An entry newer than every opt-in (an opt-out not yet in the
 * ledger, an operator's fresh entry) stays. With no decision at all, nothing changes.
 */
export function planAction(
  effective: Effective | undefined,
  entry: ListEntry | undefined,
  applied: readonly AppliedChange[],
): ListAction {
  if (!effective) return NONE;
  if (effective.decision === "OPTED_OUT") return entry ? NONE : { kind: "put" };
  if (!entry) return NONE;
  if (isEstateEntry(entry, applied)) return { kind: "delete", entryAt: entry.at };
  const endUserOptIn =
    effective.endUser?.decision === "OPTED_IN" ? effective.endUser.at : -Infinity;
  if (entry.endUser) return endUserOptIn > entry.at ? { kind: "delete", entryAt: entry.at } : NONE;
  const operatorOptIn =
    effective.operator?.decision === "OPTED_IN" ? effective.operator.at : -Infinity;
  return Math.max(endUserOptIn, operatorOptIn) > entry.at
    ? { kind: "delete", entryAt: entry.at }
    : NONE;
}
