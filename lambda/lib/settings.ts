/**
 * What the deployed functions are told, through one JSON environment variable each. The
 * component (`components/failover/opt-out-replication.ts`) writes these shapes and the
 * handlers read them, so both sides share this module.
 */

/** Environment variable holding {@link RecorderSettings}. */
export const RECORDER_SETTINGS_ENV = "OPT_OUT_RECORDER_SETTINGS";
/** Environment variable holding {@link ReconcilerSettings}. */
export const RECONCILER_SETTINGS_ENV = "OPT_OUT_RECONCILER_SETTINGS";
/** Environment variable holding {@link ApplierSettings}. */
export const APPLIER_SETTINGS_ENV = "OPT_OUT_APPLIER_SETTINGS";

/** Replies the estate sends itself for a self-managed use case (AWS sends none then). */
export interface KeywordReplies {
  /** Confirmation sent once to a number that opted out. */
  readonly stop: string;
  /** Answer to HELP. */
  readonly help: string;
  /** Configuration set the replies are sent with (its events and protect configuration). */
  readonly configurationSetName: string;
}

/** A two-way use case's inbound topic, as the recorder sees it. */
export interface RecordedTopic {
  readonly useCase: string;
  /** The use case's opt-in keywords (upper case): replies that opt a number back in. */
  readonly optInKeywords: readonly string[];
  /** Set when the estate confirms STOP (and answers HELP) itself. Default: AWS does. */
  readonly replies?: KeywordReplies;
}

/** Settings of the recorder (inbound SNS → decisions in this Region's ledger replica). */
export interface RecorderSettings {
  readonly region: string;
  /** The ledger (a global table; this function writes its own Region's replica). */
  readonly ledgerTable: string;
  /** Inbound topics by ARN. */
  readonly topics: Readonly<Record<string, RecordedTopic>>;
}

/** A use case's list in this Region. */
export interface ListSetting {
  readonly listName: string;
}

/** Settings of the scheduled reconciler (poll, capture, repair, publish freshness). */
export interface ReconcilerSettings {
  readonly region: string;
  /** Every Region of the estate, this one included (for peer heartbeats). */
  readonly regions: readonly string[];
  readonly ledgerTable: string;
  /** This Region's own state table. */
  readonly stateTable: string;
  /** For the freshness parameters `/messaging/<namePrefix>/<useCase>/opt-out-freshness`. */
  readonly namePrefix: string;
  readonly useCases: Readonly<Record<string, ListSetting>>;
  /** SMS API requests per second this function may make in its Region. */
  readonly requestsPerSecond: number;
  /** A peer whose heartbeat is older than this is presumed down. */
  readonly peerSilenceSeconds: number;
}

/** Settings of the applier (ledger stream → this Region's lists). */
export interface ApplierSettings {
  readonly region: string;
  readonly ledgerTable: string;
  readonly stateTable: string;
  readonly useCases: Readonly<Record<string, ListSetting>>;
  /** SMS API requests per second this function may make in its Region. */
  readonly requestsPerSecond: number;
}

const isString = (value: unknown): value is string => typeof value === "string" && value.length > 0;
const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every(isString);
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isPositive = (value: unknown): value is number => typeof value === "number" && value > 0;
const isListSettings = (value: unknown) =>
  isRecord(value) && Object.values(value).every((v) => isRecord(v) && isString(v.listName));

function readJson(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
): Record<string, unknown> {
  const raw = env[name];
  if (!raw) throw new Error(`${name} is not set; the function was deployed without its settings`);
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new Error(`${name} is not valid JSON`);
  }
  if (!isRecord(value)) throw new Error(`${name} is not a JSON object`);
  return value;
}

/** Reads and checks the recorder's settings. @throws Error naming the variable */
export function readRecorderSettings(
  env: Readonly<Record<string, string | undefined>>,
): RecorderSettings {
  const value = readJson(env, RECORDER_SETTINGS_ENV);
  const ok =
    isString(value.region) &&
    isString(value.ledgerTable) &&
    isRecord(value.topics) &&
    Object.values(value.topics).every(
      (t) =>
        isRecord(t) &&
        isString(t.useCase) &&
        isStringList(t.optInKeywords) &&
        (t.replies === undefined ||
          (isRecord(t.replies) &&
            isString(t.replies.stop) &&
            isString(t.replies.help) &&
            isString(t.replies.configurationSetName))),
    );
  if (!ok) throw new Error(`${RECORDER_SETTINGS_ENV} does not hold recorder settings`);
  return value as unknown as RecorderSettings;
}

/** Reads and checks the reconciler's settings. @throws Error naming the variable */
export function readReconcilerSettings(
  env: Readonly<Record<string, string | undefined>>,
): ReconcilerSettings {
  const value = readJson(env, RECONCILER_SETTINGS_ENV);
  const ok =
    isString(value.region) &&
    isStringList(value.regions) &&
    value.regions.includes(value.region) &&
    isString(value.ledgerTable) &&
    isString(value.stateTable) &&
    isString(value.namePrefix) &&
    isListSettings(value.useCases) &&
    isPositive(value.requestsPerSecond) &&
    isPositive(value.peerSilenceSeconds);
  if (!ok) throw new Error(`${RECONCILER_SETTINGS_ENV} does not hold reconciler settings`);
  return value as unknown as ReconcilerSettings;
}

/** Reads and checks the applier's settings. @throws Error naming the variable */
export function readApplierSettings(
  env: Readonly<Record<string, string | undefined>>,
): ApplierSettings {
  const value = readJson(env, APPLIER_SETTINGS_ENV);
  const ok =
    isString(value.region) &&
    isString(value.ledgerTable) &&
    isString(value.stateTable) &&
    isListSettings(value.useCases) &&
    isPositive(value.requestsPerSecond);
  if (!ok) throw new Error(`${APPLIER_SETTINGS_ENV} does not hold applier settings`);
  return value as unknown as ApplierSettings;
}
