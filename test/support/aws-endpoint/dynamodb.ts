/**
 * DynamoDB (`DynamoDB_20120810.*`, JSON 1.0, signing name `dynamodb`) as the local endpoint
 * speaks it: tables per Region with a hash and optional range key, the item operations the
 * opt-out ledger uses (PutItem, GetItem, UpdateItem, DeleteItem, Query, BatchWriteItem,
 * BatchGetItem) with condition, key-condition and update expressions
 * (`dynamodb-expressions.ts`), a stream per table, and **global tables**: a write to one
 * replica reaches the others through a replication queue the test controls (delivered at
 * once by default; held, delayed, delivered out of order or dropped on demand), resolved
 * last-writer-wins as DynamoDB does.
 *
 * Every request and answer is checked against the installed `@aws-sdk/client-dynamodb`
 * schemas (`sdk-shapes.ts`); an answer that does not conform is the endpoint's own bug and
 * answers 500 with the problems, so a test cannot pass on a shape the SDK would not read.
 *
 * Tables are created by tests (the estate creates them with Pulumi in real life):
 *
 * ```ts
 * const ddb = dynamoDb(aws.state);
 * ddb.createTable({ name: "ledger", hashKey: "pk", rangeKey: "sk", regions: ["us-east-1", "eu-west-1"] });
 * ddb.replication.hold(); // from now on, replicate only when told
 * ddb.replication.deliver({ to: "eu-west-1" });
 * ddb.streamRecords("eu-west-1", "ledger"); // what Lambda would be given
 * ```
 */
import { createHash } from "node:crypto";
import * as ddbSdk from "@aws-sdk/client-dynamodb";
import {
  type AttributeMap,
  type AttributeValue,
  applyUpdate,
  compareValues,
  type Condition,
  ddbValidation,
  evaluate,
  parseCondition,
  parseKeyCondition,
  parseUpdate,
  Placeholders,
  typeOf,
} from "./dynamodb-expressions";
import { AwsError, type JsonObject } from "./protocol";
import { operationShapes, shapeProblems, type StaticSchema } from "./sdk-shapes";
import type { OperationContext, OperationHandler, ServiceDefinition } from "./service";
import type { EndpointState, RegionState } from "./state";

export type { AttributeMap, AttributeValue } from "./dynamodb-expressions";

/** A table's key attribute. */
export interface KeyAttribute {
  readonly name: string;
  /** Default `S`. */
  readonly type?: "S" | "N";
}

/** What {@link DynamoDbAccount.createTable} creates. */
export interface TableSpec {
  readonly name: string;
  readonly hashKey: string | KeyAttribute;
  /** Default: none (hash key only). */
  readonly rangeKey?: string | KeyAttribute;
  /** Regions holding a replica; more than one makes it a global table. */
  readonly regions: readonly string[];
}

/** One change as a DynamoDB stream (and Lambda) reports it. */
export interface StreamRecord {
  readonly eventID: string;
  readonly eventName: "INSERT" | "MODIFY" | "REMOVE";
  readonly eventVersion: "1.1";
  readonly eventSource: "aws:dynamodb";
  readonly awsRegion: string;
  readonly eventSourceARN: string;
  readonly dynamodb: {
    readonly ApproximateCreationDateTime: number;
    readonly Keys: AttributeMap;
    readonly NewImage?: AttributeMap;
    readonly OldImage?: AttributeMap;
    readonly SequenceNumber: string;
    readonly SizeBytes: number;
    readonly StreamViewType: "NEW_AND_OLD_IMAGES";
  };
}

/** A write travelling from one replica to another. */
export interface ReplicationMessage {
  readonly table: string;
  readonly from: string;
  readonly to: string;
  readonly key: AttributeMap;
  /** The item after the write; undefined for a delete. */
  readonly image?: AttributeMap;
  /** When the write happened (endpoint clock), for last-writer-wins. */
  readonly writtenAt: number;
}

interface StoredItem {
  item: AttributeMap;
  writtenAt: number;
  writer: string;
}

interface Partition {
  /** Items by range-key JSON (or "" without a range key). */
  readonly items: Map<string, StoredItem>;
  /** Range-key values in key order. */
  readonly order: AttributeValue[];
}

interface Table {
  readonly name: string;
  readonly arn: string;
  readonly region: string;
  readonly hashKey: Required<KeyAttribute>;
  readonly rangeKey?: Required<KeyAttribute>;
  readonly regions: readonly string[];
  readonly partitions: Map<string, Partition>;
  readonly stream: StreamRecord[];
  size: number;
}

/** Largest Query page DynamoDB returns. */
const PAGE_BYTES = 1024 * 1024;
/** DynamoDB's item size limit. */
const ITEM_BYTES = 400 * 1024;

function keyAttribute(spec: string | KeyAttribute): Required<KeyAttribute> {
  return typeof spec === "string"
    ? { name: spec, type: "S" }
    : { name: spec.name, type: spec.type ?? "S" };
}

/** Approximate item size: names plus values, as DynamoDB counts them. */
export function itemSize(item: AttributeMap): number {
  let size = 0;
  for (const [name, value] of Object.entries(item))
    size += name.length + JSON.stringify(value).length;
  return size;
}

const valueJson = (value: AttributeValue | undefined) =>
  value === undefined ? "" : JSON.stringify(value);

/**
 * The replication between replicas of every global table of one account: immediate by
 * default; when held, writes wait in {@link ReplicationQueue.pending} until delivered.
 */
export class ReplicationQueue {
  readonly pending: ReplicationMessage[] = [];
  private held = false;
  /** Delivered messages, in delivery order (for assertions). */
  delivered = 0;
  /** Dropped messages (a Region lost before they left it). */
  dropped = 0;

  constructor(private readonly apply: (message: ReplicationMessage) => void) {}

  /** From now on, keep writes pending until {@link deliver} (the default is immediate). */
  hold(): void {
    this.held = true;
  }

  /** Back to immediate replication, delivering whatever is pending first. */
  release(): void {
    this.held = false;
    this.deliver();
  }

  /** True while writes wait to be delivered. */
  get isHeld(): boolean {
    return this.held;
  }

  /** Queues a write (or applies it at once when not held). */
  enqueue(message: ReplicationMessage): void {
    if (this.held) this.pending.push(message);
    else this.applyOne(message);
  }

  /**
   * Delivers pending messages matching `filter` (all by default), in order, at most `max`.
   * @returns how many were delivered
   */
  deliver(
    filter: { from?: string; to?: string; max?: number; writtenBefore?: number } = {},
  ): number {
    let count = 0;
    for (let i = 0; i < this.pending.length && count < (filter.max ?? Infinity);) {
      const message = this.pending[i];
      if (this.matches(message, filter)) {
        this.pending.splice(i, 1);
        this.applyOne(message);
        count++;
      } else i++;
    }
    return count;
  }

  /** Drops pending messages matching `filter` (a Region lost with writes not yet replicated). */
  drop(filter: { from?: string; to?: string } = {}): number {
    const before = this.pending.length;
    for (let i = this.pending.length - 1; i >= 0; i--) {
      if (this.matches(this.pending[i], filter)) this.pending.splice(i, 1);
    }
    this.dropped += before - this.pending.length;
    return before - this.pending.length;
  }

  /** Forgets everything. */
  reset(): void {
    this.pending.length = 0;
    this.held = false;
    this.delivered = 0;
    this.dropped = 0;
  }

  private matches(
    message: ReplicationMessage,
    filter: { from?: string; to?: string; writtenBefore?: number },
  ): boolean {
    return (
      (filter.from === undefined || message.from === filter.from) &&
      (filter.to === undefined || message.to === filter.to) &&
      (filter.writtenBefore === undefined || message.writtenAt < filter.writtenBefore)
    );
  }

  private applyOne(message: ReplicationMessage): void {
    this.delivered++;
    this.apply(message);
  }
}

/** DynamoDB state of one endpoint (one AWS account): tables per Region and their replication. */
export class DynamoDbAccount {
  private readonly tables = new Map<string, Table>();
  private readonly regionStates = new Map<string, RegionState>();
  private sequence = 0;
  readonly replication: ReplicationQueue;

  constructor(private readonly state: EndpointState) {
    this.replication = new ReplicationQueue((message) => this.applyReplicated(message));
  }

  /** Creates a table (and its replicas in `spec.regions`). */
  createTable(spec: TableSpec): void {
    this.checkReset();
    if (spec.regions.length === 0)
      throw new Error(`createTable ${spec.name}: name at least one Region`);
    for (const region of spec.regions) {
      const key = `${region}/${spec.name}`;
      if (this.tables.has(key))
        throw new Error(`createTable: ${spec.name} already exists in ${region}`);
      this.regionStates.set(region, this.state.region(region));
      this.tables.set(key, {
        name: spec.name,
        arn: this.state.arn(region, "dynamodb", `table/${spec.name}`),
        region,
        hashKey: keyAttribute(spec.hashKey),
        rangeKey: spec.rangeKey === undefined ? undefined : keyAttribute(spec.rangeKey),
        regions: [...spec.regions],
        partitions: new Map(),
        stream: [],
        size: 0,
      });
    }
  }

  /** Every item of a table in a Region, in key order. */
  items(region: string, table: string): AttributeMap[] {
    const t = this.requireTable(region, table);
    const out: AttributeMap[] = [];
    for (const hash of [...t.partitions.keys()].sort()) {
      const partition = t.partitions.get(hash)!;
      for (const range of partition.order) out.push(partition.items.get(valueJson(range))!.item);
    }
    return out;
  }

  /** Number of items of a table in a Region. */
  count(region: string, table: string): number {
    return this.requireTable(region, table).size;
  }

  /** The table's stream in a Region (every change, local or replicated), optionally after a sequence number. */
  streamRecords(region: string, table: string, afterSequence?: string): StreamRecord[] {
    const stream = this.requireTable(region, table).stream;
    if (afterSequence === undefined) return [...stream];
    return stream.filter((r) => BigInt(r.dynamodb.SequenceNumber) > BigInt(afterSequence));
  }

  /** The table's ARN in a Region (as a stream's `eventSourceARN` names it, plus `/stream/…`). */
  tableArn(region: string, table: string): string {
    return this.requireTable(region, table).arn;
  }

  /** Forgets every table and pending replication. */
  reset(): void {
    this.tables.clear();
    this.regionStates.clear();
    this.replication.reset();
    this.sequence = 0;
  }

  // --- internals shared with the handlers -----------------------------------------------------

  /** `aws.reset()` replaces every RegionState: when that happened, forget the tables too. */
  checkReset(): void {
    for (const [region, regionState] of this.regionStates) {
      if (this.state.regions().includes(region) && this.state.region(region) === regionState)
        continue;
      this.reset();
      return;
    }
  }

  table(region: string, name: string): Table {
    this.checkReset();
    const table = this.tables.get(`${region}/${name}`);
    if (!table) {
      throw new AwsError("ResourceNotFoundException", "Requested resource not found");
    }
    return table;
  }

  private requireTable(region: string, name: string): Table {
    this.checkReset();
    const table = this.tables.get(`${region}/${name}`);
    if (!table) throw new Error(`no table ${name} in ${region}`);
    return table;
  }

  /** Validates a key against the table's schema and returns [hash JSON, range JSON, key]. */
  keyOf(
    table: Table,
    source: AttributeMap,
    what: string,
  ): { hash: string; range: string; key: AttributeMap } {
    const key: AttributeMap = {};
    for (const attribute of [table.hashKey, table.rangeKey]) {
      if (!attribute) continue;
      const value = source[attribute.name];
      if (value === undefined) {
        throw ddbValidation(
          `One or more parameter values were invalid: Missing the key ${attribute.name} in the ${what}`,
        );
      }
      if (typeOf(value) !== attribute.type) {
        throw ddbValidation(
          `One or more parameter values were invalid: Type mismatch for key ${attribute.name} expected: ${attribute.type} actual: ${typeOf(value)}`,
        );
      }
      if (attribute.type === "S" && String(value.S).length === 0) {
        throw ddbValidation(
          `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: ${attribute.name}`,
        );
      }
      key[attribute.name] = value;
    }
    return {
      hash: valueJson(key[table.hashKey.name]),
      range: valueJson(table.rangeKey ? key[table.rangeKey.name] : undefined),
      key,
    };
  }

  get(table: Table, hash: string, range: string): StoredItem | undefined {
    return table.partitions.get(hash)?.items.get(range);
  }

  /** Writes (or deletes, with `image` undefined) an item locally, streams it and replicates it. */
  write(
    table: Table,
    key: AttributeMap,
    image: AttributeMap | undefined,
    writtenAt: number,
    writer: string,
  ): void {
    this.store(table, key, image, writtenAt, writer);
    for (const region of table.regions) {
      if (region === table.region) continue;
      this.replication.enqueue({
        table: table.name,
        from: table.region,
        to: region,
        key,
        image,
        writtenAt,
      });
    }
  }

  /** Range keys of a partition in order. */
  partition(table: Table, hash: string): Partition | undefined {
    return table.partitions.get(hash);
  }

  private applyReplicated(message: ReplicationMessage): void {
    const table = this.tables.get(`${message.to}/${message.table}`);
    if (!table) return; // the replica was removed meanwhile
    const { hash, range } = this.keyOf(table, message.key, "key");
    const current = this.get(table, hash, range);
    // Last writer wins: a newer local write is kept (it replicates the other way and wins there too).
    if (
      current &&
      (current.writtenAt > message.writtenAt ||
        (current.writtenAt === message.writtenAt && current.writer > message.from))
    ) {
      return;
    }
    this.store(table, message.key, message.image, message.writtenAt, message.from);
  }

  private store(
    table: Table,
    key: AttributeMap,
    image: AttributeMap | undefined,
    writtenAt: number,
    writer: string,
  ): void {
    const { hash, range } = this.keyOf(table, key, "key");
    let partition = table.partitions.get(hash);
    const old = partition?.items.get(range);
    if (!image && !old) return;
    if (
      image &&
      old &&
      JSON.stringify(sortedItem(image)) === JSON.stringify(sortedItem(old.item))
    ) {
      old.writtenAt = writtenAt; // unchanged data writes no stream record
      old.writer = writer;
      return;
    }
    if (!partition) {
      partition = { items: new Map(), order: [] };
      table.partitions.set(hash, partition);
    }
    const rangeValue = table.rangeKey ? key[table.rangeKey.name] : undefined;
    if (image) {
      if (!old) {
        insertSorted(partition.order, rangeValue);
        table.size++;
      }
      partition.items.set(range, { item: image, writtenAt, writer });
    } else {
      partition.items.delete(range);
      const index = findSorted(partition.order, rangeValue);
      if (index >= 0) partition.order.splice(index, 1);
      table.size--;
      if (partition.items.size === 0) table.partitions.delete(hash);
    }
    const sequence = String(++this.sequence).padStart(21, "0");
    table.stream.push({
      eventID: createHash("sha1").update(`${table.arn}/${sequence}`).digest("hex").slice(0, 32),
      eventName: !old ? "INSERT" : image ? "MODIFY" : "REMOVE",
      eventVersion: "1.1",
      eventSource: "aws:dynamodb",
      awsRegion: table.region,
      eventSourceARN: `${table.arn}/stream/1970-01-01T00:00:00.000`,
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(writtenAt / 1000),
        Keys: key,
        ...(image ? { NewImage: image } : {}),
        ...(old ? { OldImage: old.item } : {}),
        SequenceNumber: sequence,
        SizeBytes: itemSize(image ?? old!.item),
        StreamViewType: "NEW_AND_OLD_IMAGES",
      },
    });
  }
}

function sortedItem(item: AttributeMap): [string, AttributeValue][] {
  return Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function compareRange(a: AttributeValue | undefined, b: AttributeValue | undefined): number {
  if (a === undefined || b === undefined) return 0;
  return compareValues(a, b) ?? 0;
}

function findSorted(order: AttributeValue[], value: AttributeValue | undefined): number {
  let low = 0;
  let high = order.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const c = compareRange(order[mid], value);
    if (c === 0) return mid;
    if (c < 0) low = mid + 1;
    else high = mid - 1;
  }
  return -1;
}

/** Index of the first element not less than `value`. */
function lowerBound(order: AttributeValue[], value: AttributeValue | undefined): number {
  let low = 0;
  let high = order.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (compareRange(order[mid], value) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Index of the first element greater than `value`. */
function upperBound(order: AttributeValue[], value: AttributeValue): number {
  let low = 0;
  let high = order.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (compareRange(order[mid], value) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The [low, high) run of sorted range keys a key condition's range part selects. */
function rangeInterval(
  order: AttributeValue[],
  condition: Condition | undefined,
  placeholders: Placeholders,
): [number, number] {
  if (!condition) return [0, order.length];
  const value = (operand: { value: string } | { path: string }) =>
    "value" in operand ? placeholders.values[operand.value] : undefined;
  if (condition.kind === "begins_with") {
    const prefix = value(condition.prefix);
    if (!prefix || typeOf(prefix) !== "S")
      throw ddbValidation("begins_with needs a string value in a KeyConditionExpression");
    const low = lowerBound(order, prefix);
    let high = low;
    while (high < order.length && String(order[high].S).startsWith(String(prefix.S))) high++;
    return [low, high];
  }
  if (condition.kind === "between") {
    const a = value(condition.low);
    const b = value(condition.high);
    if (!a || !b) throw ddbValidation("BETWEEN needs values in a KeyConditionExpression");
    return [lowerBound(order, a), upperBound(order, b)];
  }
  if (condition.kind === "compare") {
    const v = value(condition.right);
    if (!v) throw ddbValidation("a KeyConditionExpression compares the range key with a value");
    switch (condition.op) {
      case "=":
        return [lowerBound(order, v), upperBound(order, v)];
      case "<":
        return [0, lowerBound(order, v)];
      case "<=":
        return [0, upperBound(order, v)];
      case ">":
        return [upperBound(order, v), order.length];
      case ">=":
        return [lowerBound(order, v), order.length];
    }
  }
  throw ddbValidation("unsupported range condition in KeyConditionExpression");
}

function insertSorted(order: AttributeValue[], value: AttributeValue | undefined): void {
  if (value === undefined) {
    order.push(value as unknown as AttributeValue);
    return;
  }
  const at = lowerBound(order, value);
  // Appends are the common case (keys written in order): avoid the splice then.
  if (at === order.length) order.push(value);
  else order.splice(at, 0, value);
}

const accounts = new WeakMap<EndpointState, DynamoDbAccount>();

/** The DynamoDB state of an endpoint (`aws.state`), created on first use. */
export function dynamoDb(state: EndpointState): DynamoDbAccount {
  let account = accounts.get(state);
  if (!account) accounts.set(state, (account = new DynamoDbAccount(state)));
  return account;
}

// --- request helpers -------------------------------------------------------------------------------

function attributeMap(input: JsonObject, field: string, required = true): AttributeMap | undefined {
  const value = input[field];
  if (value === undefined || value === null) {
    if (required)
      throw ddbValidation(
        `1 validation error detected: Value null at '${field.charAt(0).toLowerCase()}${field.slice(1)}' failed to satisfy constraint: Member must not be null`,
      );
    return undefined;
  }
  const map = value as AttributeMap;
  for (const [name, attribute] of Object.entries(map)) {
    const types = Object.keys(attribute ?? {}).filter(
      (t) => (attribute as Record<string, unknown>)[t] !== undefined,
    );
    if (types.length !== 1) {
      throw ddbValidation(
        `Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes (attribute ${name})`,
      );
    }
    if (types[0] === "N" && !Number.isFinite(Number(attribute.N))) {
      throw ddbValidation(
        `The parameter cannot be converted to a numeric value: ${String(attribute.N)}`,
      );
    }
  }
  return map;
}

function placeholdersOf(input: JsonObject): Placeholders {
  return new Placeholders(
    (input.ExpressionAttributeNames as Record<string, string> | undefined) ?? {},
    (input.ExpressionAttributeValues as Record<string, AttributeValue> | undefined) ?? {},
  );
}

function rejectLegacy(input: JsonObject, ...fields: string[]): void {
  for (const field of fields) {
    if (input[field] !== undefined) {
      throw ddbValidation(
        `${field} is a legacy parameter the local endpoint does not support; use expressions`,
      );
    }
  }
}

function conditionOf(
  input: JsonObject,
  placeholders: Placeholders,
  field = "ConditionExpression",
): Condition | undefined {
  const expression = input[field];
  return typeof expression === "string"
    ? parseCondition(expression, placeholders, field)
    : undefined;
}

function checkCondition(
  condition: Condition | undefined,
  current: AttributeMap | undefined,
  placeholders: Placeholders,
): void {
  if (condition && !evaluate(condition, current, placeholders)) {
    throw new AwsError("ConditionalCheckFailedException", "The conditional request failed");
  }
}

function returnValues(input: JsonObject, allowed: string[]): string {
  const value = (input.ReturnValues as string | undefined) ?? "NONE";
  if (!allowed.includes(value)) {
    throw ddbValidation(
      `ReturnValues ${value} is not supported here by the local endpoint; use one of ${allowed.join(", ")}`,
    );
  }
  return value;
}

function context(ctx: OperationContext, input: JsonObject) {
  const account = dynamoDb(ctx.state);
  const name = input.TableName;
  if (typeof name !== "string")
    throw ddbValidation(
      "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null",
    );
  return {
    account,
    table: account.table(ctx.region, name),
    now: ctx.state.now(),
    region: ctx.region,
  };
}

// --- operations ----------------------------------------------------------------------------------

function putItem(ctx: OperationContext, input: JsonObject): JsonObject {
  rejectLegacy(input, "Expected", "ConditionalOperator");
  const { account, table, now, region } = context(ctx, input);
  const item = attributeMap(input, "Item")!;
  if (itemSize(item) > ITEM_BYTES)
    throw ddbValidation("Item size has exceeded the maximum allowed size");
  const { hash, range, key } = account.keyOf(table, item, "item");
  const placeholders = placeholdersOf(input);
  const condition = conditionOf(input, placeholders);
  placeholders.assertAllUsed();
  const mode = returnValues(input, ["NONE", "ALL_OLD"]);
  const current = account.get(table, hash, range)?.item;
  checkCondition(condition, current, placeholders);
  account.write(table, key, item, now, region);
  return mode === "ALL_OLD" && current ? { Attributes: current } : {};
}

function getItem(ctx: OperationContext, input: JsonObject): JsonObject {
  rejectLegacy(input, "AttributesToGet");
  if (input.ProjectionExpression !== undefined)
    throw ddbValidation("ProjectionExpression is not supported by the local endpoint");
  const { account, table } = context(ctx, input);
  const { hash, range } = account.keyOf(table, attributeMap(input, "Key")!, "key");
  placeholdersOf(input).assertAllUsed();
  const current = account.get(table, hash, range)?.item;
  return current ? { Item: current } : {};
}

function updateItem(ctx: OperationContext, input: JsonObject): JsonObject {
  rejectLegacy(input, "Expected", "ConditionalOperator", "AttributeUpdates");
  const { account, table, now, region } = context(ctx, input);
  const { hash, range, key } = account.keyOf(table, attributeMap(input, "Key")!, "key");
  const placeholders = placeholdersOf(input);
  const condition = conditionOf(input, placeholders);
  if (typeof input.UpdateExpression !== "string")
    throw ddbValidation("UpdateExpression is required by the local endpoint");
  const actions = parseUpdate(input.UpdateExpression, placeholders);
  placeholders.assertAllUsed();
  const mode = returnValues(input, ["NONE", "ALL_NEW", "ALL_OLD"]);
  const current = account.get(table, hash, range)?.item;
  checkCondition(condition, current, placeholders);
  const next = applyUpdate(current, key, actions, placeholders);
  if (itemSize(next) > ITEM_BYTES)
    throw ddbValidation("Item size to update has exceeded the maximum allowed size");
  account.write(table, key, next, now, region);
  if (mode === "ALL_NEW") return { Attributes: next };
  if (mode === "ALL_OLD" && current) return { Attributes: current };
  return {};
}

function deleteItem(ctx: OperationContext, input: JsonObject): JsonObject {
  rejectLegacy(input, "Expected", "ConditionalOperator");
  const { account, table, now, region } = context(ctx, input);
  const { hash, range, key } = account.keyOf(table, attributeMap(input, "Key")!, "key");
  const placeholders = placeholdersOf(input);
  const condition = conditionOf(input, placeholders);
  placeholders.assertAllUsed();
  const mode = returnValues(input, ["NONE", "ALL_OLD"]);
  const current = account.get(table, hash, range)?.item;
  checkCondition(condition, current, placeholders);
  if (current) account.write(table, key, undefined, now, region);
  return mode === "ALL_OLD" && current ? { Attributes: current } : {};
}

function query(ctx: OperationContext, input: JsonObject): JsonObject {
  rejectLegacy(input, "KeyConditions", "QueryFilter", "AttributesToGet", "ConditionalOperator");
  if (input.IndexName !== undefined)
    throw ddbValidation("IndexName: the local endpoint has no secondary indexes");
  if (input.ProjectionExpression !== undefined)
    throw ddbValidation("ProjectionExpression is not supported by the local endpoint");
  const select = (input.Select as string | undefined) ?? "ALL_ATTRIBUTES";
  if (select !== "ALL_ATTRIBUTES" && select !== "COUNT")
    throw ddbValidation(`Select ${select} is not supported by the local endpoint`);
  const { account, table } = context(ctx, input);
  if (typeof input.KeyConditionExpression !== "string")
    throw ddbValidation(
      "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.",
    );
  const placeholders = placeholdersOf(input);
  const keyCondition = parseKeyCondition(
    input.KeyConditionExpression,
    placeholders,
    table.hashKey.name,
    table.rangeKey?.name,
  );
  const filter = conditionOf(input, placeholders, "FilterExpression");
  placeholders.assertAllUsed();
  if (typeOf(keyCondition.hashValue) !== table.hashKey.type) {
    throw ddbValidation(
      `One or more parameter values were invalid: Condition parameter type does not match schema type`,
    );
  }
  const limit = input.Limit as number | undefined;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    throw ddbValidation(
      "1 validation error detected: Value at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
  }
  const forward = (input.ScanIndexForward as boolean | undefined) ?? true;
  const start = attributeMap(input, "ExclusiveStartKey", false);
  const partition = account.partition(table, valueJson(keyCondition.hashValue));
  const order = partition?.order ?? [];
  // The range condition selects a contiguous run of the sorted keys: find it by binary search.
  let [low, high] = rangeInterval(order, keyCondition.range, placeholders);
  if (start) {
    const { hash, range } = account.keyOf(table, start, "ExclusiveStartKey");
    if (hash !== valueJson(keyCondition.hashValue))
      throw ddbValidation(
        "The provided starting key is invalid: The provided key element does not match the schema",
      );
    const startValue = JSON.parse(range || "null") as AttributeValue | null;
    if (startValue) {
      if (forward) low = Math.max(low, upperBound(order, startValue));
      else high = Math.min(high, lowerBound(order, startValue));
    }
  }
  const items: AttributeMap[] = [];
  let scanned = 0;
  let bytes = 0;
  let lastKey: AttributeMap | undefined;
  for (let i = forward ? low : high - 1; forward ? i < high : i >= low; i += forward ? 1 : -1) {
    const stored = partition!.items.get(valueJson(order[i]))!;
    scanned++;
    bytes += itemSize(stored.item);
    if (!filter || evaluate(filter, stored.item, placeholders)) items.push(stored.item);
    if ((limit !== undefined && scanned >= limit) || bytes >= PAGE_BYTES) {
      lastKey = account.keyOf(table, stored.item, "item").key;
      break;
    }
  }
  // DynamoDB returns a LastEvaluatedKey when the page filled, even if nothing follows it.
  return {
    ...(select === "COUNT" ? {} : { Items: items }),
    Count: items.length,
    ScannedCount: scanned,
    ...(lastKey ? { LastEvaluatedKey: lastKey } : {}),
  };
}

function batchWriteItem(ctx: OperationContext, input: JsonObject): JsonObject {
  const requests = (input.RequestItems ?? {}) as Record<
    string,
    { PutRequest?: { Item: AttributeMap }; DeleteRequest?: { Key: AttributeMap } }[]
  >;
  const all = Object.entries(requests).flatMap(([name, list]) =>
    list.map((request) => ({ name, request })),
  );
  if (all.length === 0 || all.length > 25) {
    throw ddbValidation(
      "1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]",
    );
  }
  const account = dynamoDb(ctx.state);
  const now = ctx.state.now();
  const seen = new Set<string>();
  const planned: { table: Table; key: AttributeMap; image?: AttributeMap }[] = [];
  for (const { name, request } of all) {
    const table = account.table(ctx.region, name);
    const source = request.PutRequest?.Item ?? request.DeleteRequest?.Key;
    if (!source || (request.PutRequest && request.DeleteRequest))
      throw ddbValidation(
        "Supplied WriteRequest must have exactly one of PutRequest or DeleteRequest",
      );
    attributeMap({ source } as JsonObject, "source");
    const { hash, range, key } = account.keyOf(table, source, request.PutRequest ? "item" : "key");
    const id = `${name}\u0000${hash}\u0000${range}`;
    if (seen.has(id)) throw ddbValidation("Provided list of item keys contains duplicates");
    seen.add(id);
    if (request.PutRequest && itemSize(source) > ITEM_BYTES)
      throw ddbValidation("Item size has exceeded the maximum allowed size");
    planned.push({ table, key, image: request.PutRequest ? source : undefined });
  }
  for (const { table, key, image } of planned) account.write(table, key, image, now, ctx.region);
  return { UnprocessedItems: {} };
}

function batchGetItem(ctx: OperationContext, input: JsonObject): JsonObject {
  const requests = (input.RequestItems ?? {}) as Record<
    string,
    { Keys: AttributeMap[]; ProjectionExpression?: string }
  >;
  const total = Object.values(requests).reduce((n, r) => n + (r.Keys?.length ?? 0), 0);
  if (total === 0 || total > 100) {
    throw ddbValidation("Too many items requested for the BatchGetItem call (1 to 100 keys)");
  }
  const account = dynamoDb(ctx.state);
  const responses: Record<string, AttributeMap[]> = {};
  for (const [name, request] of Object.entries(requests)) {
    if (request.ProjectionExpression !== undefined)
      throw ddbValidation("ProjectionExpression is not supported by the local endpoint");
    const table = account.table(ctx.region, name);
    const seen = new Set<string>();
    responses[name] = [];
    for (const rawKey of request.Keys) {
      const { hash, range } = account.keyOf(table, rawKey, "key");
      if (seen.has(`${hash}\u0000${range}`))
        throw ddbValidation("Provided list of item keys contains duplicates");
      seen.add(`${hash}\u0000${range}`);
      const current = account.get(table, hash, range);
      if (current) responses[name].push(current.item);
    }
  }
  return { Responses: responses, UnprocessedKeys: {} };
}

/** Wraps a handler with request and answer checks against the SDK's schemas for the operation. */
function checked(operation: StaticSchema, handler: OperationHandler): OperationHandler {
  const { input: inputShape, output: outputShape } = operationShapes(operation);
  return (ctx, input) => {
    const requestProblems = shapeProblems(inputShape, input);
    if (requestProblems.length > 0) {
      throw new AwsError(
        "SerializationException",
        `request does not match the SDK's shape: ${requestProblems.join("; ")}`,
      );
    }
    const output = handler(ctx, input);
    const answerProblems = shapeProblems(outputShape, output);
    if (answerProblems.length > 0) {
      throw new Error(
        `the local endpoint's answer does not match the SDK's shape: ${answerProblems.join("; ")}`,
      );
    }
    return output;
  };
}

/** DynamoDB as the endpoint speaks it. */
export const dynamoDbService: ServiceDefinition = {
  targetPrefix: "DynamoDB_20120810",
  signingName: "dynamodb",
  internalErrorType: "InternalServerError",
  operations: {
    PutItem: checked(ddbSdk.PutItem$, putItem),
    GetItem: checked(ddbSdk.GetItem$, getItem),
    UpdateItem: checked(ddbSdk.UpdateItem$, updateItem),
    DeleteItem: checked(ddbSdk.DeleteItem$, deleteItem),
    Query: checked(ddbSdk.Query$, query),
    BatchWriteItem: checked(ddbSdk.BatchWriteItem$, batchWriteItem),
    BatchGetItem: checked(ddbSdk.BatchGetItem$, batchGetItem),
  },
};
