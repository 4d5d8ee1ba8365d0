/**
 * Who moved a use case's pointer, when, and from which Region: a JSON document in an SSM
 * parameter beside the pointer, `/messaging/<namePrefix>/<useCase>/promotion`, in every
 * Region the promote wrote.
 *
 * It is separate from the pointer on purpose. The pointer is written by both `pulumi up` and
 * `npm run failover -- promote`, and both render it with `renderPointer`, so the same failover
 * stores the same bytes whichever wrote it and a later `pulumi up` has nothing to rewrite. Only
 * the tool knows who promoted and when; keeping that here, in a parameter Pulumi does not
 * manage, means `pulumi up` neither fights over it nor erases it. `pointerSha256` ties the
 * record to the exact pointer it describes: when Pulumi (or anything else) later writes a
 * different pointer, the record visibly no longer applies.
 */
import { createHash } from "node:crypto";

/** Version of the document's shape; bump it when a field changes meaning. */
export const PROMOTION_SCHEMA_VERSION = 1;

/** One promote of one use case, as recorded in each Region it wrote. */
export interface Promotion {
  readonly useCase: string;
  /**
   * Counts the promotes of this use case: one more than the generation the promote found in
   * its target Region. Among Regions, the higher generation is the later promote.
   */
  readonly generation: number;
  /** Unique per run of the tool; every Region a run writes holds the same id. */
  readonly promoteId: string;
  /** The AWS caller identity (ARN) of whoever ran it, or `user@host` when that was unknown. */
  readonly promotedBy: string;
  /** When the run decided what to write (ISO 8601, UTC). */
  readonly promotedAt: string;
  /** The Region the use case sent from before (its pointer in the target, else the config). */
  readonly from: string;
  /** The Region it sends from now (the pointer's `region`). */
  readonly to: string;
  /** A planned move (the Region left was healthy and was written too). */
  readonly planned: boolean;
  /** SHA-256 (hex) of the pointer value this record describes. */
  readonly pointerSha256: string;
}

/** SSM parameter of a use case's promotion record. */
export function promotionParameterName(namePrefix: string, useCase: string): string {
  return `/messaging/${namePrefix}/${useCase}/promotion`;
}

/** SHA-256 (hex) of a pointer value, as {@link Promotion.pointerSha256} holds it. */
export function pointerDigest(pointerValue: string): string {
  return createHash("sha256").update(pointerValue, "utf8").digest("hex");
}

/** The parameter value: compact JSON with a fixed key order. */
export function renderPromotion(promotion: Promotion): string {
  return JSON.stringify({
    schema: PROMOTION_SCHEMA_VERSION,
    useCase: promotion.useCase,
    generation: promotion.generation,
    promoteId: promotion.promoteId,
    promotedBy: promotion.promotedBy,
    promotedAt: promotion.promotedAt,
    from: promotion.from,
    to: promotion.to,
    planned: promotion.planned,
    pointerSha256: promotion.pointerSha256,
  });
}

/**
 * Reads a parameter value back.
 *
 * @throws Error naming the first field that is missing or malformed
 */
export function parsePromotion(value: string): Promotion {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(value) as Record<string, unknown>;
  } catch {
    throw new Error("the promotion record is not JSON");
  }
  if (parsed?.schema !== PROMOTION_SCHEMA_VERSION) {
    throw new Error(
      `the promotion record has schema ${JSON.stringify(parsed?.schema)}, expected ${PROMOTION_SCHEMA_VERSION}`,
    );
  }
  for (const field of [
    "useCase",
    "promoteId",
    "promotedBy",
    "promotedAt",
    "from",
    "to",
    "pointerSha256",
  ] as const) {
    if (typeof parsed[field] !== "string" || !parsed[field]) {
      throw new Error(`the promotion record lacks ${field}`);
    }
  }
  if (Number.isNaN(Date.parse(parsed.promotedAt as string))) {
    throw new Error("the promotion record's promotedAt is not a date");
  }
  const generation = parsed.generation;
  if (typeof generation !== "number" || !Number.isInteger(generation) || generation < 1) {
    throw new Error("the promotion record's generation is not a positive integer");
  }
  if (typeof parsed.planned !== "boolean") throw new Error("the promotion record lacks planned");
  return {
    useCase: parsed.useCase as string,
    generation,
    promoteId: parsed.promoteId as string,
    promotedBy: parsed.promotedBy as string,
    promotedAt: parsed.promotedAt as string,
    from: parsed.from as string,
    to: parsed.to as string,
    planned: parsed.planned,
    pointerSha256: parsed.pointerSha256 as string,
  };
}
