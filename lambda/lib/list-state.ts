/**
 * What one Region remembers about its own opt-out lists, in a DynamoDB table of that Region
 * only (not replicated): the poller's last view of each list, and every change the estate
 * itself made to a list. Together they tell a change someone else made (an end user's
 * keyword, a person at the console) from one the estate made, which is what keeps the
 * estate's own deletions from being read back as opt-ins, and its own copies as new opt-outs.
 *
 * Items (`pk` = list name, `sk`), a number's items side by side so one Query reads them all:
 * - `n#<number>#seen`: the entry as last observed (its OptedOutTimestamp, EndUserOptedOut, and
 *   how it was classified);
 * - `n#<number>#applied#<ISO time>#<PUT|DELETE>`: one change the estate made, written BEFORE
 *   the API call (an intent), so a poll that sees the change always finds its record; the
 *   PUT's entry time is added once AWS answers. Kept `APPLIED_RETENTION_MS` (DynamoDB TTL on
 *   `expiresAt`);
 * - `#meta`: when the last complete poll started.
 */
import {
  type AttributeValue,
  BatchWriteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { type DecisionSource, type DynamoClient, isoTime, queryAll } from "./ledger";

/** How long the estate's own changes are remembered (longer than any gap between polls). */
export const APPLIED_RETENTION_MS = 7 * 24 * 3600 * 1000;

/** How the poller classified an entry it saw. `ESTATE`: the estate put it there. */
export type SeenSource = DecisionSource | "ESTATE";

/** One list entry as AWS reports it. */
export interface ListEntry {
  readonly number: string;
  /** OptedOutTimestamp, epoch ms. */
  readonly at: number;
  /** EndUserOptedOut: true when the end user opted out (a keyword), false when added through the API. */
  readonly endUser: boolean;
}

/** An entry as the poller last saw it. */
export interface SeenEntry extends ListEntry {
  readonly source: SeenSource;
}

/** One change the estate made to a list. */
export interface AppliedChange {
  readonly number: string;
  readonly action: "PUT" | "DELETE";
  /** When the change was decided (written before the API call). */
  readonly at: number;
  /** PUT: the entry's OptedOutTimestamp once AWS answered; DELETE: that of the entry deleted. */
  readonly entryAt?: number;
}

/** A list's bookkeeping. */
export interface ListMeta {
  /** When the last complete poll started (epoch ms). */
  readonly passStartedAt: number;
  readonly passCompletedAt: number;
}

/**
 * True when `entry` is the estate's own copy: a PUT it made whose answer named this entry,
 * or (the answer was lost) a PUT decided shortly before the entry appeared.
 */
export function isEstateEntry(entry: ListEntry, applied: readonly AppliedChange[]): boolean {
  return applied.some(
    (change) =>
      change.action === "PUT" &&
      (change.entryAt !== undefined
        ? change.entryAt === entry.at
        : change.at <= entry.at && entry.at - change.at <= 60_000),
  );
}

/** True when the estate deleted exactly this entry (same OptedOutTimestamp). */
export function deletedByEstate(seen: ListEntry, applied: readonly AppliedChange[]): boolean {
  return applied.some((change) => change.action === "DELETE" && change.entryAt === seen.at);
}

const NUMBER = "n#";
const META = "#meta";
const seenKey = (number: string) => `${NUMBER}${number}#seen`;
const appliedPrefix = (number: string) => `${NUMBER}${number}#applied#`;

function seenOf(item: Record<string, AttributeValue>): SeenEntry | undefined {
  const sk = item.sk?.S ?? "";
  if (!sk.startsWith(NUMBER) || !sk.endsWith("#seen")) return undefined;
  return {
    number: sk.slice(NUMBER.length, -"#seen".length),
    at: Number(item.at?.N),
    endUser: item.endUser?.BOOL === true,
    source: (item.source?.S ?? "MIGRATION") as SeenSource,
  };
}

function appliedOf(item: Record<string, AttributeValue>): AppliedChange | undefined {
  if (!(item.sk?.S ?? "").includes("#applied#") || !item.number?.S) return undefined;
  const action = item.action?.S;
  if (action !== "PUT" && action !== "DELETE") return undefined;
  return {
    number: item.number.S,
    action,
    at: Number(item.at?.N),
    ...(item.entryAt?.N !== undefined && { entryAt: Number(item.entryAt.N) }),
  };
}

type Call = <T>(fn: () => Promise<T>) => Promise<T>;

/** Reads a list's whole remembered view. */
export async function readListState(
  client: DynamoClient,
  table: string,
  listName: string,
  call?: Call,
): Promise<{
  seen: Map<string, SeenEntry>;
  applied: Map<string, AppliedChange[]>;
  meta?: ListMeta;
}> {
  const items = await queryAll(
    client,
    {
      TableName: table,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": { S: listName } },
      ConsistentRead: true,
    },
    call,
  );
  const seen = new Map<string, SeenEntry>();
  const applied = new Map<string, AppliedChange[]>();
  let meta: ListMeta | undefined;
  for (const item of items) {
    const s = seenOf(item);
    if (s) {
      seen.set(s.number, s);
      continue;
    }
    const a = appliedOf(item);
    if (a) {
      const list = applied.get(a.number);
      if (list) list.push(a);
      else applied.set(a.number, [a]);
      continue;
    }
    if (item.sk?.S === META) {
      meta = {
        passStartedAt: Number(item.passStartedAt?.N),
        passCompletedAt: Number(item.passCompletedAt?.N),
      };
    }
  }
  return { seen, applied, meta };
}

/** What the table remembers about one number of one list (one Query; `#meta` too unless given). */
export async function readNumberState(
  client: DynamoClient,
  table: string,
  listName: string,
  number: string,
  call: Call = (fn) => fn(),
  knownMeta?: ListMeta | null,
): Promise<{ seen?: SeenEntry; applied: AppliedChange[]; meta?: ListMeta }> {
  const [items, metaItem] = await Promise.all([
    queryAll(
      client,
      {
        TableName: table,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
        ExpressionAttributeValues: {
          ":pk": { S: listName },
          ":prefix": { S: `${NUMBER}${number}#` },
        },
        ConsistentRead: true,
      },
      call,
    ),
    knownMeta !== undefined
      ? undefined
      : call(() =>
          client.send(
            new GetItemCommand({
              TableName: table,
              Key: { pk: { S: listName }, sk: { S: META } },
              ConsistentRead: true,
            }),
          ),
        ),
  ]);
  const meta =
    knownMeta !== undefined
      ? (knownMeta ?? undefined)
      : metaItem?.Item
        ? {
            passStartedAt: Number(metaItem.Item.passStartedAt?.N),
            passCompletedAt: Number(metaItem.Item.passCompletedAt?.N),
          }
        : undefined;
  return {
    seen: items.map(seenOf).find((s) => s !== undefined),
    applied: items.flatMap((i) => appliedOf(i) ?? []),
    meta,
  };
}

/** A list's `#meta`, or null when the list was never polled completely. */
export async function readMeta(
  client: DynamoClient,
  table: string,
  listName: string,
  call: Call = (fn) => fn(),
): Promise<ListMeta | null> {
  const answer = await call(() =>
    client.send(
      new GetItemCommand({
        TableName: table,
        Key: { pk: { S: listName }, sk: { S: META } },
        ConsistentRead: true,
      }),
    ),
  );
  return answer.Item
    ? {
        passStartedAt: Number(answer.Item.passStartedAt?.N),
        passCompletedAt: Number(answer.Item.passCompletedAt?.N),
      }
    : null;
}

function seenItem(listName: string, entry: SeenEntry): Record<string, AttributeValue> {
  return {
    pk: { S: listName },
    sk: { S: seenKey(entry.number) },
    at: { N: String(entry.at) },
    endUser: { BOOL: entry.endUser },
    source: { S: entry.source },
  };
}

/** Writes (or, with `undefined`, forgets) the last view of some numbers, 25 per request. */
export async function writeSeen(
  client: DynamoClient,
  table: string,
  listName: string,
  updates: ReadonlyMap<string, SeenEntry | undefined>,
  call: Call = (fn) => fn(),
): Promise<void> {
  const requests = [...updates].map(([number, entry]) =>
    entry
      ? { PutRequest: { Item: seenItem(listName, entry) } }
      : { DeleteRequest: { Key: { pk: { S: listName }, sk: { S: seenKey(number) } } } },
  );
  for (let i = 0; i < requests.length; i += 25) {
    let batch: typeof requests = requests.slice(i, i + 25);
    // UnprocessedItems are DynamoDB's way of saying "later": resend them until none are left.
    while (batch.length > 0) {
      const answer = await call(() =>
        client.send(new BatchWriteItemCommand({ RequestItems: { [table]: batch } })),
      );
      batch = (answer.UnprocessedItems?.[table] ?? []) as typeof requests;
    }
  }
}

/** Writes the intent of a change before the API call (see the module comment). */
export async function recordIntent(
  client: DynamoClient,
  table: string,
  listName: string,
  change: AppliedChange,
  call: Call = (fn) => fn(),
): Promise<string> {
  const sk = `${appliedPrefix(change.number)}${isoTime(change.at)}#${change.action}`;
  await call(() =>
    client.send(
      new PutItemCommand({
        TableName: table,
        Item: {
          pk: { S: listName },
          sk: { S: sk },
          number: { S: change.number },
          action: { S: change.action },
          at: { N: String(change.at) },
          ...(change.entryAt !== undefined && { entryAt: { N: String(change.entryAt) } }),
          expiresAt: { N: String(Math.floor((change.at + APPLIED_RETENTION_MS) / 1000)) },
        },
      }),
    ),
  );
  return sk;
}

/** Adds the entry time AWS answered to a PUT intent. */
export async function completePut(
  client: DynamoClient,
  table: string,
  listName: string,
  sk: string,
  entryAt: number,
  call: Call = (fn) => fn(),
): Promise<void> {
  await call(() =>
    client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { pk: { S: listName }, sk: { S: sk } },
        UpdateExpression: "SET entryAt = :at",
        ExpressionAttributeValues: { ":at": { N: String(entryAt) } },
      }),
    ),
  );
}

/** Records a completed poll. */
export async function writeMeta(
  client: DynamoClient,
  table: string,
  listName: string,
  meta: ListMeta,
  call: Call = (fn) => fn(),
): Promise<void> {
  await call(() =>
    client.send(
      new PutItemCommand({
        TableName: table,
        Item: {
          pk: { S: listName },
          sk: { S: META },
          passStartedAt: { N: String(meta.passStartedAt) },
          passCompletedAt: { N: String(meta.passCompletedAt) },
        },
      }),
    ),
  );
}
