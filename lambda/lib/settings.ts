/**
 * What the deployed functions are told, through one JSON environment variable each. The
 * component (`components/failover/opt-out-replication.ts`) writes these shapes and the
 * handlers read them, so both sides share this module.
 */

/** Environment variable holding {@link ReplicatorSettings}. */
export const REPLICATOR_SETTINGS_ENV = "OPT_OUT_REPLICATOR_SETTINGS";
/** Environment variable holding {@link ReconcilerSettings}. */
export const RECONCILER_SETTINGS_ENV = "OPT_OUT_RECONCILER_SETTINGS";

/** A two-way use case's inbound topic, as the replicator sees it. */
export interface ReplicatedTopic {
  /** The use case's opt-out list (same name in every Region). */
  readonly optOutListName: string;
  /**
   * Write to the function's own Region too. True for self-managed opt-outs, where AWS
   * records nothing itself (digest §3.1); AWS-managed lists already hold the number.
   */
  readonly includeOwnRegion: boolean;
}

/** Settings of the real-time replicator (SNS → PutOptedOutNumber in the peer Regions). */
export interface ReplicatorSettings {
  /** The function's own Region. */
  readonly region: string;
  /** Every Region of the estate, the function's own included. */
  readonly regions: readonly string[];
  /** Inbound topics by ARN. */
  readonly topics: Readonly<Record<string, ReplicatedTopic>>;
}

/** Settings of the scheduled reconciler (pull every peer's opt-outs into the own Region). */
export interface ReconcilerSettings {
  /** The function's own Region: the only one it writes to. */
  readonly region: string;
  /** Every Region of the estate, the function's own included. */
  readonly regions: readonly string[];
  /** Every use case's opt-out list name. */
  readonly optOutListNames: readonly string[];
  /** Writes per second to the own Region. */
  readonly writesPerSecond: number;
}

const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === "string" && item.length > 0);

function readJson(env: Readonly<Record<string, string | undefined>>, name: string): unknown {
  const raw = env[name];
  if (!raw) throw new Error(`${name} is not set; the function was deployed without its settings`);
  try {
    return JSON.parse(raw);
  } catch {
    throw new Error(`${name} is not valid JSON`);
  }
}

/** Reads and checks the replicator's settings. @throws Error naming the variable */
export function readReplicatorSettings(
  env: Readonly<Record<string, string | undefined>>,
): ReplicatorSettings {
  const value = readJson(env, REPLICATOR_SETTINGS_ENV) as Partial<ReplicatorSettings>;
  const topics = value.topics ?? {};
  const ok =
    typeof value.region === "string" &&
    isStringList(value.regions) &&
    value.regions.includes(value.region) &&
    typeof topics === "object" &&
    Object.values(topics).every(
      (t) => typeof t?.optOutListName === "string" && typeof t.includeOwnRegion === "boolean",
    );
  if (!ok) throw new Error(`${REPLICATOR_SETTINGS_ENV} does not hold replicator settings`);
  return value as ReplicatorSettings;
}

/** Reads and checks the reconciler's settings. @throws Error naming the variable */
export function readReconcilerSettings(
  env: Readonly<Record<string, string | undefined>>,
): ReconcilerSettings {
  const value = readJson(env, RECONCILER_SETTINGS_ENV) as Partial<ReconcilerSettings>;
  const ok =
    typeof value.region === "string" &&
    isStringList(value.regions) &&
    value.regions.includes(value.region) &&
    isStringList(value.optOutListNames) &&
    typeof value.writesPerSecond === "number" &&
    value.writesPerSecond > 0;
  if (!ok) throw new Error(`${RECONCILER_SETTINGS_ENV} does not hold reconciler settings`);
  return value as ReconcilerSettings;
}
