/**
 * The opt-out ledger: an append-only log of opt-out and opt-in decisions in a DynamoDB
 * global table, and the rule that turns a number's decisions into what its lists must say
 * (docs/opt-out-ledger.md).
 *
 * Every decision is its own item, keyed so that no two Regions ever write the same item:
 * `pk` = use case, `sk` = `<number>#<ISO time>#<origin Region>#<id>`. Global tables resolve
 * concurrent writes to one item last-writer-wins, without regard to conditions checked in
 * another Region; a log of distinct items has nothing to resolve, so every Region's replica
 * converges to the same set of decisions in any delivery order, and "the latest decision" is
 * the same everywhere once they have arrived. Writes are conditional on the item not
 * existing, so capturing the same event twice (an SNS retry, the poller and the sync tool
 * seeing the same list entry) records it once.
 */
import { physicalNames } from "../../lib/naming";
import {
  type AttributeValue,
  PutItemCommand,
  QueryCommand,
  type DynamoDBClient,
} from "@aws-sdk/client-dynamodb";

/** What a DynamoDB client must offer here. */
export type DynamoClient = Pick<DynamoDBClient, "send">;

/** An end user's (or an operator's) choice about one number. */
export type Decision = "OPTED_OUT" | "OPTED_IN";

/**
 * Who made a decision:
 * - `END_USER`: an opt-out or opt-in keyword (from the inbound topic), an end-user opt-out on a
 *   list, or an entry removed from a list by someone other than the estate (an opt-in keyword
 *   AWS applied, or a person deleting it);
 * - `OPERATOR`: a number put on a list through the API by someone other than the estate (an
 *   application's preference centre, a person), or such an entry removed again;
 * - `MIGRATION`: an entry found on a list when the ledger first looked at it, of unknown
 *   origin (e.g. a copy made by the earlier union replication).
 */
export type DecisionSource = "END_USER" | "OPERATOR" | "MIGRATION";

/** How a decision reached the ledger. */
export type CaptureChannel = "INBOUND" | "LIST" | "SEED" | "SYNC";

/** One decision. */
export interface LedgerEvent {
  readonly useCase: string;
  /** E.164. */
  readonly number: string;
  readonly decision: Decision;
  /** When it was made (epoch ms); for a removal seen by polling, the earliest it can have happened. */
  readonly at: number;
  /** The Region where it was made. */
  readonly origin: string;
  readonly source: DecisionSource;
  readonly via: CaptureChannel;
  /** Unique within the origin Region (an inbound message id, or derived from the list entry). */
  readonly id: string;
}

/** Name of the ledger table (the same in every Region: one global table). */
export function ledgerTableName(namePrefix: string): string {
  return physicalNames.optOutTable(namePrefix, "ledger");
}

/** Name of each Region's own state table (`list-state.ts`). */
export function stateTableName(namePrefix: string): string {
  return physicalNames.optOutTable(namePrefix, "state");
}

/** Value of `pk` for the Regions' heartbeats. */
export const HEARTBEAT_PK = "#heartbeat";

/** `kind` of an event item (stream filters select on it). */
export const EVENT_KIND = "event";
/** `kind` of a heartbeat item. */
export const HEARTBEAT_KIND = "heartbeat";

/**
 * The Lambda event filter of the applier's stream mapping: new decisions only (not
 * heartbeats, not changes to existing items), and not those of a first pass (`SEED`), which
 * the reconciler applies at its own pace. Lambda's filter grammar (exact values and
 * `anything-but`).
 */
export const APPLIER_STREAM_FILTER = {
  eventName: ["INSERT"],
  dynamodb: {
    NewImage: {
      kind: { S: [EVENT_KIND] },
      via: { S: [{ "anything-but": ["SEED"] }] },
    },
  },
} as const;

/** ISO 8601 with milliseconds, fixed width, so sort keys order by time. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** The event's sort key. */
export function eventSortKey(event: Pick<LedgerEvent, "number" | "at" | "origin" | "id">): string {
  return `${event.number}#${isoTime(event.at)}#${event.origin}#${event.id}`;
}

/** The event as a DynamoDB item. */
export function eventItem(event: LedgerEvent, recordedAt: number): Record<string, AttributeValue> {
  return {
    pk: { S: event.useCase },
    sk: { S: eventSortKey(event) },
    kind: { S: EVENT_KIND },
    number: { S: event.number },
    decision: { S: event.decision },
    at: { N: String(event.at) },
    origin: { S: event.origin },
    source: { S: event.source },
    via: { S: event.via },
    id: { S: event.id },
    recordedAt: { N: String(recordedAt) },
  };
}

const DECISIONS = new Set<string>(["OPTED_OUT", "OPTED_IN"]);
const SOURCES = new Set<string>(["END_USER", "OPERATOR", "MIGRATION"]);
const CHANNELS = new Set<string>(["INBOUND", "LIST", "SEED", "SYNC"]);

/** Reads an event item back; undefined for anything that is not a well-formed event. */
export function eventOf(item: Record<string, AttributeValue> | undefined): LedgerEvent | undefined {
  if (!item || item.kind?.S !== EVENT_KIND) return undefined;
  const decision = item.decision?.S;
  const source = item.source?.S;
  const via = item.via?.S;
  const at = Number(item.at?.N);
  if (
    !item.pk?.S ||
    !item.number?.S ||
    !item.origin?.S ||
    !item.id?.S ||
    !decision ||
    !DECISIONS.has(decision) ||
    !source ||
    !SOURCES.has(source) ||
    !via ||
    !CHANNELS.has(via) ||
    !Number.isFinite(at)
  ) {
    return undefined;
  }
  return {
    useCase: item.pk.S,
    number: item.number.S,
    decision: decision as Decision,
    at,
    origin: item.origin.S,
    source: source as DecisionSource,
    via: via as CaptureChannel,
    id: item.id.S,
  };
}

/** Orders events as their sort keys do: by time, then origin, then id. */
export function compareEvents(a: LedgerEvent, b: LedgerEvent): number {
  const ka = eventSortKey(a);
  const kb = eventSortKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** What a number's decisions mean for every list. */
export interface Effective {
  readonly decision: Decision;
  /** Latest decision of the end user's track (END_USER and MIGRATION), if any. */
  readonly endUser?: LedgerEvent;
  /** Latest OPERATOR decision, if any. */
  readonly operator?: LedgerEvent;
  /** The newest decision of either track. */
  readonly newest: LedgerEvent;
}

function latest(events: readonly LedgerEvent[]): LedgerEvent | undefined {
  let best: LedgerEvent | undefined;
  for (const event of events) if (!best || compareEvents(event, best) > 0) best = event;
  return best;
}

/**
 * The rule: a number is opted out when the latest decision of the end user's track is an
 * opt-out (a MIGRATION entry counts as one until a later opt-in), or when the latest
 * OPERATOR decision is an opt-out (an operator's entry stays until an operator's removal,
 * whatever the end user texts). Undefined when the ledger knows nothing of the number: then
 * nothing is changed on any list.
 */
export function effectiveDecision(events: readonly LedgerEvent[]): Effective | undefined {
  if (events.length === 0) return undefined;
  const endUser = latest(events.filter((e) => e.source !== "OPERATOR"));
  const operator = latest(events.filter((e) => e.source === "OPERATOR"));
  const optedOut = endUser?.decision === "OPTED_OUT" || operator?.decision === "OPTED_OUT";
  return {
    decision: optedOut ? "OPTED_OUT" : "OPTED_IN",
    endUser,
    operator,
    newest: latest(events)!,
  };
}

/** The condition error DynamoDB answers when the item already exists. */
export function isConditionalCheckFailed(error: unknown): boolean {
  return (error as { name?: string })?.name === "ConditionalCheckFailedException";
}

/**
 * Records one event in the ledger replica `client` talks to.
 * @returns false when the event was already recorded (nothing written)
 */
export async function recordEvent(
  client: DynamoClient,
  table: string,
  event: LedgerEvent,
  recordedAt: number,
): Promise<boolean> {
  try {
    await client.send(
      new PutItemCommand({
        TableName: table,
        Item: eventItem(event, recordedAt),
        ConditionExpression: "attribute_not_exists(sk)",
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
}

/** Follows a Query to its last page. */
export async function queryAll(
  client: DynamoClient,
  input: ConstructorParameters<typeof QueryCommand>[0],
  call: <T>(fn: () => Promise<T>) => Promise<T> = (fn) => fn(),
): Promise<Record<string, AttributeValue>[]> {
  const items: Record<string, AttributeValue>[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await call(() =>
      client.send(new QueryCommand({ ...input, ExclusiveStartKey: start })),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Every decision about one number, read consistently from the replica `client` talks to. */
export async function eventsOf(
  client: DynamoClient,
  table: string,
  useCase: string,
  number: string,
  call?: <T>(fn: () => Promise<T>) => Promise<T>,
): Promise<LedgerEvent[]> {
  const items = await queryAll(
    client,
    {
      TableName: table,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
      ExpressionAttributeValues: { ":pk": { S: useCase }, ":prefix": { S: `${number}#` } },
      ConsistentRead: true,
    },
    call,
  );
  return items.flatMap((item) => eventOf(item) ?? []);
}

/** Every decision of a use case, grouped by number. */
export async function eventsByNumber(
  client: DynamoClient,
  table: string,
  useCase: string,
  call?: <T>(fn: () => Promise<T>) => Promise<T>,
): Promise<Map<string, LedgerEvent[]>> {
  const items = await queryAll(
    client,
    {
      TableName: table,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": { S: useCase } },
      ConsistentRead: true,
    },
    call,
  );
  const byNumber = new Map<string, LedgerEvent[]>();
  for (const item of items) {
    const event = eventOf(item);
    if (!event) continue;
    const list = byNumber.get(event.number);
    if (list) list.push(event);
    else byNumber.set(event.number, [event]);
  }
  return byNumber;
}

/** Records that `region`'s reconciliation completed a pass at `at` (its own item: no conflicts). */
export async function writeHeartbeat(
  client: DynamoClient,
  table: string,
  region: string,
  at: number,
): Promise<void> {
  await client.send(
    new PutItemCommand({
      TableName: table,
      Item: {
        pk: { S: HEARTBEAT_PK },
        sk: { S: region },
        kind: { S: HEARTBEAT_KIND },
        at: { N: String(at) },
      },
    }),
  );
}

/** The latest heartbeat of every Region, as this replica has received them. */
export async function readHeartbeats(
  client: DynamoClient,
  table: string,
  call?: <T>(fn: () => Promise<T>) => Promise<T>,
): Promise<Map<string, number>> {
  const items = await queryAll(
    client,
    {
      TableName: table,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": { S: HEARTBEAT_PK } },
      ConsistentRead: true,
    },
    call,
  );
  return new Map(items.flatMap((i) => (i.sk?.S && i.at?.N ? [[i.sk.S, Number(i.at.N)]] : [])));
}
