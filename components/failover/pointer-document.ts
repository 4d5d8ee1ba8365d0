/**
 * The active-region pointer: per use case, a JSON document in an SSM parameter in every
 * Region of the estate, telling applications where to send from. The program and the
 * `failover` CLI both write it through {@link renderPointer}, so a failover done by the CLI
 * and the same failover done by `pulumi up` store byte-identical values.
 */

import { physicalNames } from "../../lib/naming";

/** Version of the document's shape; bump it when a field changes meaning. */
export const POINTER_SCHEMA_VERSION = 1;

/** Where a use case sends from. */
export interface ActivePointer {
  readonly useCase: string;
  /** The active Region. */
  readonly region: string;
  /** Pool to pass as `OriginationIdentity`. */
  readonly poolArn: string;
  readonly poolId: string;
  /** Configuration set to pass as `ConfigurationSetName`. */
  readonly configurationSetName: string;
  /** Protect configuration the set carries (applications may pass it explicitly). */
  readonly protectConfigurationId: string;
}

/** SSM parameter of a use case's pointer: `/messaging/<namePrefix>/<useCase>/active`. */
export function pointerParameterName(namePrefix: string, useCase: string): string {
  return physicalNames.pointerParameter(namePrefix, useCase);
}

/** The parameter value: compact JSON with a fixed key order, so equal pointers are equal strings. */
export function renderPointer(pointer: ActivePointer): string {
  return JSON.stringify({
    schema: POINTER_SCHEMA_VERSION,
    useCase: pointer.useCase,
    region: pointer.region,
    poolArn: pointer.poolArn,
    poolId: pointer.poolId,
    configurationSetName: pointer.configurationSetName,
    protectConfigurationId: pointer.protectConfigurationId,
  });
}

/**
 * Reads a parameter value back.
 *
 * @throws Error when the value is not a pointer of a known schema version
 */
export function parsePointer(value: string): ActivePointer {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(value) as Record<string, unknown>;
  } catch {
    throw new Error("the pointer is not JSON");
  }
  if (parsed?.schema !== POINTER_SCHEMA_VERSION) {
    throw new Error(
      `the pointer has schema ${JSON.stringify(parsed?.schema)}, expected ${POINTER_SCHEMA_VERSION}`,
    );
  }
  const fields = [
    "useCase",
    "region",
    "poolArn",
    "poolId",
    "configurationSetName",
    "protectConfigurationId",
  ] as const;
  for (const field of fields) {
    if (typeof parsed[field] !== "string" || !parsed[field]) {
      throw new Error(`the pointer lacks ${field}`);
    }
  }
  return Object.fromEntries(fields.map((f) => [f, parsed[f]])) as unknown as ActivePointer;
}
