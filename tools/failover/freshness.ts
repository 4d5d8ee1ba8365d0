/**
 * Reading the opt-out freshness documents (components/failover/opt-out-freshness.ts) a
 * Region's reconciliation publishes, and judging them: a Region's list is `fresh` when its
 * last full reconciliation applied every ledger decision it knew of and is recent, `behind`
 * when it did not, and `unknown` when there is no readable, recent document (treated like
 * behind: nobody can say the list is complete).
 */
import { type OptOutFreshness, parseFreshness } from "../../components/failover/opt-out-freshness";

/** A reconciliation older than this says nothing about the list now. */
export const FRESHNESS_MAX_AGE_MS = 30 * 60_000;

/** One use case's list in one Region. */
export interface FreshnessView {
  readonly useCase: string;
  readonly region: string;
  readonly state: "fresh" | "behind" | "unknown";
  /** The document, when readable. */
  readonly document?: OptOutFreshness;
  /** Why it is not fresh. */
  readonly reason?: string;
}

/**
 * Judges the document `value` (undefined: the parameter does not exist) read in `region`.
 *
 * @param now epoch ms; default `Date.now()`
 */
export function judgeFreshness(
  useCase: string,
  region: string,
  value: string | undefined,
  now: number = Date.now(),
): FreshnessView {
  if (value === undefined) {
    return { useCase, region, state: "unknown", reason: "no freshness document" };
  }
  let document: OptOutFreshness;
  try {
    document = parseFreshness(value);
  } catch (error) {
    return { useCase, region, state: "unknown", reason: (error as Error).message };
  }
  if (document.useCase !== useCase || document.region !== region) {
    return {
      useCase,
      region,
      state: "unknown",
      document,
      reason: `the document describes ${document.useCase} in ${document.region}`,
    };
  }
  const age = now - Date.parse(document.reconciledAt);
  if (age > FRESHNESS_MAX_AGE_MS) {
    return {
      useCase,
      region,
      state: "unknown",
      document,
      reason: `last reconciled ${Math.round(age / 60_000)} min ago`,
    };
  }
  if (document.behind > 0 || document.listSize < document.ledgerOptedOut) {
    return {
      useCase,
      region,
      state: "behind",
      document,
      reason: `${document.behind} ledger decision${document.behind === 1 ? "" : "s"} not applied; list ${document.listSize} of ${document.ledgerOptedOut} known opt-outs`,
    };
  }
  return { useCase, region, state: "fresh", document };
}

/** `list 120 / known 120, reconciled 2025-…` for reports. */
export function describeFreshness(view: FreshnessView): string {
  const d = view.document;
  const facts = d
    ? `list ${d.listSize} / known ${d.ledgerOptedOut}, behind ${d.behind}, reconciled ${d.reconciledAt}`
    : "no document";
  return view.state === "fresh" ? facts : `${view.state.toUpperCase()}: ${view.reason} (${facts})`;
}
