/**
 * The Regions an estate presumes down: written by an unplanned `npm run failover -- promote`
 * (which leaves a Region because it failed) into every Region it reaches, and cleared only by
 * a deliberate failback (`promote --planned` back to the Region, or `clear-presumed-down`).
 * Every later command honours it without contacting those Regions, so re-running any step of
 * the runbook while the Region is still down costs no request to it and no timeout.
 *
 * One SSM parameter per Region, `/messaging/<namePrefix>/_failover/presumed-down` (use-case
 * names start with a letter, so `_failover` cannot collide with one). Copies can differ when a
 * Region was unreachable at a write: the copy with the highest `generation` is the current
 * record. Pure: readable by the tool, applications and the opt-out functions alike.
 */

/** Version of the document's shape; bump it when a field changes meaning. */
export const PRESUMED_DOWN_SCHEMA_VERSION = 1;

/** Why one Region is presumed down. */
export interface PresumedDownRegion {
  /** When the promote that left it ran (ISO 8601, UTC). */
  readonly since: string;
  /** Who ran it (AWS caller ARN, or `user@host`). */
  readonly by: string;
  /** The run's id (see components/failover/promotion.ts). */
  readonly promoteId: string;
  /** What left it, e.g. `promote --to us-west-2 (otp, alerts)`. */
  readonly reason: string;
}

/** The record. */
export interface PresumedDownRecord {
  /** Increases with every change; the highest generation among copies is current. 0: never written. */
  readonly generation: number;
  /** When this generation was written (ISO 8601, UTC). */
  readonly updatedAt: string;
  /** Who wrote it. */
  readonly updatedBy: string;
  /** Regions presumed down, by name. */
  readonly regions: Readonly<Record<string, PresumedDownRegion>>;
}

/** The record no Region has written yet: nothing presumed down. */
export const NO_REGION_PRESUMED_DOWN: PresumedDownRecord = {
  generation: 0,
  updatedAt: "1970-01-01T00:00:00.000Z",
  updatedBy: "nobody",
  regions: {},
};

/** SSM parameter of the record (the same name in every Region). */
export function presumedDownParameterName(namePrefix: string): string {
  return `/messaging/${namePrefix}/_failover/presumed-down`;
}

/** The parameter value: compact JSON, Regions sorted, fixed key order. */
export function renderPresumedDown(record: PresumedDownRecord): string {
  return JSON.stringify({
    schema: PRESUMED_DOWN_SCHEMA_VERSION,
    generation: record.generation,
    updatedAt: record.updatedAt,
    updatedBy: record.updatedBy,
    regions: Object.fromEntries(
      Object.keys(record.regions)
        .sort()
        .map((region) => {
          const entry = record.regions[region];
          return [
            region,
            { since: entry.since, by: entry.by, promoteId: entry.promoteId, reason: entry.reason },
          ];
        }),
    ),
  });
}

/**
 * Reads a parameter value back.
 *
 * @throws Error naming the first field that is missing or malformed
 */
export function parsePresumedDown(value: string): PresumedDownRecord {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(value) as Record<string, unknown>;
  } catch {
    throw new Error("the presumed-down record is not JSON");
  }
  if (parsed?.schema !== PRESUMED_DOWN_SCHEMA_VERSION) {
    throw new Error(
      `the presumed-down record has schema ${JSON.stringify(parsed?.schema)}, expected ${PRESUMED_DOWN_SCHEMA_VERSION}`,
    );
  }
  const generation = parsed.generation;
  if (typeof generation !== "number" || !Number.isInteger(generation) || generation < 0) {
    throw new Error("the presumed-down record's generation is not a count");
  }
  for (const field of ["updatedAt", "updatedBy"] as const) {
    if (typeof parsed[field] !== "string")
      throw new Error(`the presumed-down record lacks ${field}`);
  }
  const regions = parsed.regions;
  if (typeof regions !== "object" || regions === null || Array.isArray(regions)) {
    throw new Error("the presumed-down record's regions is not an object");
  }
  const entries: Record<string, PresumedDownRegion> = {};
  for (const [region, raw] of Object.entries(regions as Record<string, unknown>)) {
    const entry = raw as Record<string, unknown>;
    for (const field of ["since", "by", "promoteId", "reason"] as const) {
      if (typeof entry?.[field] !== "string") {
        throw new Error(`the presumed-down record's entry for ${region} lacks ${field}`);
      }
    }
    entries[region] = {
      since: entry.since as string,
      by: entry.by as string,
      promoteId: entry.promoteId as string,
      reason: entry.reason as string,
    };
  }
  return {
    generation,
    updatedAt: parsed.updatedAt as string,
    updatedBy: parsed.updatedBy as string,
    regions: entries,
  };
}

/** The current record among copies: the highest generation (the first such copy on a tie). */
export function latestPresumedDown(copies: readonly PresumedDownRecord[]): PresumedDownRecord {
  return copies.reduce(
    (latest, copy) => (copy.generation > latest.generation ? copy : latest),
    NO_REGION_PRESUMED_DOWN,
  );
}
