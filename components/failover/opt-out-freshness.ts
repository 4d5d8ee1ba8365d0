/**
 * How fresh a Region's opt-out list is: the contract between the opt-out ledger (which
 * keeps every Region's lists in step and publishes this document) and the failover tool
 * (which reads it, in the target Region only, before promoting).
 *
 * Per use case and Region, an SSM parameter in that Region,
 * `/messaging/<namePrefix>/<useCase>/opt-out-freshness`, holds one JSON document written by
 * that Region's own reconciliation each time it completes a full pass. It is not managed by
 * Pulumi (the reconciliation owns its value). A missing or unreadable document means
 * "freshness unknown", which readers must treat like "behind".
 */

/** Version of the document's shape; bump it when a field changes meaning. */
export const FRESHNESS_SCHEMA_VERSION = 1;

/** One Region's view of one use case's opt-outs, as of its last full reconciliation. */
export interface OptOutFreshness {
  readonly useCase: string;
  /** The Region whose list this describes (where the parameter lives). */
  readonly region: string;
  /** When this Region last completed a full reconciliation of the list (ISO 8601, UTC). */
  readonly reconciledAt: string;
  /** Numbers on this Region's opt-out list at `reconciledAt`. */
  readonly listSize: number;
  /** Numbers the ledger, as replicated to this Region, says must be opted out (the known union). */
  readonly ledgerOptedOut: number;
  /** Ledger decisions not yet applied to this Region's list at `reconciledAt`; 0 = in step. */
  readonly behind: number;
  /** Time of the newest decision this Region's ledger replica holds (ISO 8601), if any. */
  readonly newestDecisionAt?: string;
  /** Peer Regions this Region's replication currently treats as presumed down. */
  readonly peersPresumedDown: readonly string[];
}

/** SSM parameter of a use case's freshness document in each Region. */
export function freshnessParameterName(namePrefix: string, useCase: string): string {
  return `/messaging/${namePrefix}/${useCase}/opt-out-freshness`;
}

/** The parameter value: compact JSON with a fixed key order. */
export function renderFreshness(freshness: OptOutFreshness): string {
  return JSON.stringify({
    schema: FRESHNESS_SCHEMA_VERSION,
    useCase: freshness.useCase,
    region: freshness.region,
    reconciledAt: freshness.reconciledAt,
    listSize: freshness.listSize,
    ledgerOptedOut: freshness.ledgerOptedOut,
    behind: freshness.behind,
    ...(freshness.newestDecisionAt !== undefined && {
      newestDecisionAt: freshness.newestDecisionAt,
    }),
    peersPresumedDown: [...freshness.peersPresumedDown].sort(),
  });
}

/**
 * Reads a parameter value back.
 *
 * @throws Error naming the first field that is missing or malformed
 */
export function parseFreshness(value: string): OptOutFreshness {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(value) as Record<string, unknown>;
  } catch {
    throw new Error("the opt-out freshness document is not JSON");
  }
  if (parsed?.schema !== FRESHNESS_SCHEMA_VERSION) {
    throw new Error(
      `the opt-out freshness document has schema ${JSON.stringify(parsed?.schema)}, expected ${FRESHNESS_SCHEMA_VERSION}`,
    );
  }
  for (const field of ["useCase", "region", "reconciledAt"] as const) {
    if (typeof parsed[field] !== "string" || !parsed[field]) {
      throw new Error(`the opt-out freshness document lacks ${field}`);
    }
  }
  if (Number.isNaN(Date.parse(parsed.reconciledAt as string))) {
    throw new Error("the opt-out freshness document's reconciledAt is not a date");
  }
  for (const field of ["listSize", "ledgerOptedOut", "behind"] as const) {
    const n = parsed[field];
    if (typeof n !== "number" || !Number.isInteger(n) || n < 0) {
      throw new Error(`the opt-out freshness document's ${field} is not a count`);
    }
  }
  const newest = parsed.newestDecisionAt;
  if (newest !== undefined && (typeof newest !== "string" || Number.isNaN(Date.parse(newest)))) {
    throw new Error("the opt-out freshness document's newestDecisionAt is not a date");
  }
  const down = parsed.peersPresumedDown;
  if (!Array.isArray(down) || down.some((r) => typeof r !== "string")) {
    throw new Error("the opt-out freshness document's peersPresumedDown is not a list of Regions");
  }
  return {
    useCase: parsed.useCase as string,
    region: parsed.region as string,
    reconciledAt: parsed.reconciledAt as string,
    listSize: parsed.listSize as number,
    ledgerOptedOut: parsed.ledgerOptedOut as number,
    behind: parsed.behind as number,
    ...(newest !== undefined && { newestDecisionAt: newest as string }),
    peersPresumedDown: down as string[],
  };
}
