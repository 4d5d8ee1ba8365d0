/**
 * Keeping one Region's opt-out lists in step with the ledger, through that Region's own
 * endpoints only (its SMS API, its ledger replica, its state table): no call here ever
 * crosses to another Region, so a dead peer cannot fail it.
 *
 * - {@link settleNumber}: observe one number's entry, record what changed, then put or delete
 *   it as the number's decisions require (the applier, and every repair of a pass);
 * - {@link reconcileList}: a full pass over one list (the scheduled reconciler, and the sync
 *   tool): capture every change since the last pass, then settle every number whose entry
 *   disagrees with the ledger, and report how far the list is from the ledger.
 */
import {
  DeleteOptedOutNumberCommand,
  DescribeOptedOutNumbersCommand,
  PutOptedOutNumberCommand,
} from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { BatchWriteItemCommand } from "@aws-sdk/client-dynamodb";
import { observe, planAction, type ListAction } from "./decide";
import {
  type DynamoClient,
  effectiveDecision,
  eventsByNumber,
  eventItem,
  eventsOf,
  type LedgerEvent,
  recordEvent,
  type CaptureChannel,
} from "./ledger";
import {
  type AppliedChange,
  completePut,
  type ListEntry,
  type ListMeta,
  readListState,
  readNumberState,
  recordIntent,
  type SeenEntry,
  writeMeta,
  writeSeen,
} from "./list-state";
import {
  callApi,
  type CallOptions,
  errorText,
  OPT_OUT_PAGE_SIZE,
  type SmsClient,
} from "./opt-out-sync";
import type { Clock, TokenBucket } from "./rate-limit";
import type { RetryOptions } from "./retry";

/** One Region's endpoints and pacing. */
export interface RegionLists {
  readonly region: string;
  /** This Region's SMS Voice v2 client. */
  readonly sms: SmsClient;
  /** This Region's DynamoDB client (its ledger replica and its state table). */
  readonly dynamo: DynamoClient;
  readonly ledgerTable: string;
  readonly stateTable: string;
  /** Pacing and retries of SMS calls (the Region's shared rate limit). Default: none, default retries. */
  readonly smsCall?: CallOptions;
  /** Retries of DynamoDB calls. Default: default retries. */
  readonly dynamoCall?: CallOptions;
  /** Default: `Date.now`. */
  readonly now?: Clock;
}

/**
 * A Lambda handler's own Region: its clients and tables, SMS calls paced by `limiter` (the
 * Region's API budget, shared with sending applications) and retried through throttling for
 * as long as it lasts, DynamoDB calls with the caller's retries.
 */
export function handlerRegionLists(
  settings: { region: string; ledgerTable: string; stateTable: string },
  deps: {
    sms: SmsClient;
    dynamo: DynamoClient;
    retry?: RetryOptions;
    now?: Clock;
  },
  limiter: TokenBucket,
): RegionLists {
  return {
    region: settings.region,
    sms: deps.sms,
    dynamo: deps.dynamo,
    ledgerTable: settings.ledgerTable,
    stateTable: settings.stateTable,
    smsCall: { limiter, retry: { maxThrottledAttempts: Number.POSITIVE_INFINITY, ...deps.retry } },
    dynamoCall: { retry: deps.retry },
    now: deps.now,
  };
}

function callers(r: RegionLists) {
  return {
    sms: <T>(fn: () => Promise<T>) => callApi(fn, r.smsCall),
    ddb: <T>(fn: () => Promise<T>) => callApi(fn, r.dynamoCall),
    now: r.now ?? Date.now,
  };
}

const isNotFound = (error: unknown) =>
  (error as { name?: string })?.name === "ResourceNotFoundException";

/** One number's entry on a list, read live; undefined when the number is not on it. */
export async function readEntry(
  r: RegionLists,
  listName: string,
  number: string,
): Promise<ListEntry | undefined> {
  const { sms } = callers(r);
  try {
    const answer = await sms(() =>
      r.sms.send(
        new DescribeOptedOutNumbersCommand({ OptOutListName: listName, OptedOutNumbers: [number] }),
      ),
    );
    const found = answer.OptedOutNumbers?.find((e) => e.OptedOutNumber === number);
    return found ? entryOf(found) : undefined;
  } catch (error) {
    if (isNotFound(error) && (error as { ResourceType?: string }).ResourceType !== "opt-out-list")
      return undefined;
    throw error;
  }
}

function entryOf(found: {
  OptedOutNumber?: string;
  OptedOutTimestamp?: Date;
  EndUserOptedOut?: boolean;
}): ListEntry {
  return {
    number: found.OptedOutNumber!,
    at: found.OptedOutTimestamp?.getTime() ?? 0,
    endUser: found.EndUserOptedOut === true,
  };
}

/** Every entry of a list, page by page. */
export async function readListEntries(
  r: RegionLists,
  listName: string,
  onPage?: (count: number) => void,
): Promise<Map<string, ListEntry>> {
  const { sms } = callers(r);
  const entries = new Map<string, ListEntry>();
  let nextToken: string | undefined;
  do {
    const page = await sms(() =>
      r.sms.send(
        new DescribeOptedOutNumbersCommand({
          OptOutListName: listName,
          MaxResults: OPT_OUT_PAGE_SIZE,
          NextToken: nextToken,
        }),
      ),
    );
    for (const found of page.OptedOutNumbers ?? []) {
      if (found.OptedOutNumber) entries.set(found.OptedOutNumber, entryOf(found));
    }
    onPage?.(entries.size);
    nextToken = page.NextToken;
  } while (nextToken);
  return entries;
}

/** What {@link settleNumber} did. */
export interface Settled {
  readonly number: string;
  /** A change noticed on the list and recorded first. */
  readonly captured?: LedgerEvent;
  /** What was done to the list. */
  readonly action: ListAction;
  /** The decision the list now follows (undefined: the ledger knows nothing of the number). */
  readonly decision?: "OPTED_OUT" | "OPTED_IN";
}

/** Options of {@link settleNumber}. */
export interface SettleOptions {
  /** Channel of a change captured on the way. Default: `LIST`. */
  readonly via?: CaptureChannel;
  /**
   * Decisions known from elsewhere (e.g. other Regions' replicas, read by the sync tool), added
   * to this replica's. Default: none.
   */
  readonly knownEvents?: readonly LedgerEvent[];
  /** The list's `#meta` when the caller has it (null: never polled). Default: read it. */
  readonly meta?: ListMeta | null;
}

/**
 * Brings one number of one list in line with its decisions, reading everything live first:
 * the entry, what the Region remembers of it, and the number's decisions in this Region's
 * replica. A change someone else made to the entry is recorded before anything is done, so
 * the estate never undoes a decision it has not seen. Each write to the list is preceded by
 * its intent in the state table.
 */
export async function settleNumber(
  r: RegionLists,
  useCase: string,
  listName: string,
  number: string,
  options: SettleOptions = {},
): Promise<Settled> {
  const { sms, ddb, now } = callers(r);
  const [entry, state, replicaEvents] = await Promise.all([
    readEntry(r, listName, number),
    readNumberState(r.dynamo, r.stateTable, listName, number, ddb, options.meta),
    eventsOf(r.dynamo, r.ledgerTable, useCase, number, ddb),
  ]);
  const observation = observe(number, entry, state.seen, state.applied, {
    region: r.region,
    useCase,
    firstPass: state.meta === undefined,
    removedAfter: state.meta?.passStartedAt,
    via: options.via,
  });
  if (observation.event)
    await ddb(() => recordEvent(r.dynamo, r.ledgerTable, observation.event!, now()));
  if (observation.seen !== undefined) {
    await writeSeen(
      r.dynamo,
      r.stateTable,
      listName,
      new Map([[number, observation.seen ?? undefined]]),
      ddb,
    );
  }
  const events = [
    ...replicaEvents,
    ...(observation.event ? [observation.event] : []),
    ...(options.knownEvents ?? []),
  ];
  const effective = effectiveDecision(events);
  const action = planAction(effective, entry, state.applied);
  if (action.kind === "put") {
    const sk = await recordIntent(
      r.dynamo,
      r.stateTable,
      listName,
      { number, action: "PUT", at: now() },
      ddb,
    );
    const answer = await sms(() =>
      r.sms.send(
        new PutOptedOutNumberCommand({ OptOutListName: listName, OptedOutNumber: number }),
      ),
    );
    const entryAt = answer.OptedOutTimestamp?.getTime();
    if (entryAt !== undefined)
      await completePut(r.dynamo, r.stateTable, listName, sk, entryAt, ddb);
  } else if (action.kind === "delete") {
    await recordIntent(
      r.dynamo,
      r.stateTable,
      listName,
      { number, action: "DELETE", at: now(), entryAt: action.entryAt },
      ddb,
    );
    try {
      await sms(() =>
        r.sms.send(
          new DeleteOptedOutNumberCommand({ OptOutListName: listName, OptedOutNumber: number }),
        ),
      );
    } catch (error) {
      if (!isNotFound(error)) throw error; // already gone: what was wanted
    }
  }
  return { number, captured: observation.event, action, decision: effective?.decision };
}

/**
 * Records many decisions in 25-item batches. Unlike {@link recordEvent} this is not
 * conditional: a decision already recorded is rewritten with the same content (its key
 * derives from the decision itself), which changes nothing the ledger means; streams report
 * it as a MODIFY, which the applier's filter ignores.
 */
async function recordEvents(r: RegionLists, events: readonly LedgerEvent[]): Promise<void> {
  const { ddb, now } = callers(r);
  const recordedAt = now();
  const requests = events.map((event) => ({ PutRequest: { Item: eventItem(event, recordedAt) } }));
  for (let i = 0; i < requests.length; i += 25) {
    let batch = requests.slice(i, i + 25);
    while (batch.length > 0) {
      const answer = await ddb(() =>
        r.dynamo.send(new BatchWriteItemCommand({ RequestItems: { [r.ledgerTable]: batch } })),
      );
      batch = (answer.UnprocessedItems?.[r.ledgerTable] ?? []) as typeof batch;
    }
  }
}

/** What a pass over one list found and did. */
export interface ListPass {
  readonly useCase: string;
  readonly listName: string;
  /** When the pass started and ended (epoch ms). */
  readonly startedAt: number;
  readonly completedAt: number;
  /** The list has never been polled before: its entries were recorded as they are (migration). */
  readonly firstPass: boolean;
  /** Changes noticed on the list and recorded as decisions. */
  readonly captured: number;
  readonly put: number;
  readonly deleted: number;
  /** Numbers whose settlement failed (the next pass retries them). */
  readonly failed: { number: string; error: string }[];
  /** Numbers left unsettled because the pass had to stop (deadline). */
  readonly notAttempted: number;
  /** Entries on the list after the pass. */
  readonly listSize: number;
  /** Numbers the ledger says must be opted out. */
  readonly ledgerOptedOut: number;
  /** Decisions not reflected on the list after the pass. */
  readonly behind: number;
  /** Time of the newest decision in this replica for the use case, if any. */
  readonly newestDecisionAt?: number;
}

/** Options of {@link reconcileList}. */
export interface PassOptions {
  /** Stop starting repairs (e.g. near a Lambda deadline). Default: never. */
  readonly shouldStop?: () => boolean;
  /** Repairs in flight at once. Default: 4. */
  readonly concurrency?: number;
  /** Channel of changes captured. Default: `LIST` (`SEED` on a first pass). */
  readonly via?: CaptureChannel;
  /** Decisions known from other replicas (the sync tool). Default: none. */
  readonly knownEvents?: ReadonlyMap<string, readonly LedgerEvent[]>;
  /** Told after each repair attempt. Default: nothing. */
  readonly onRepair?: (settled: Settled | { number: string; error: string }) => void;
  /** Told how many repairs the pass found necessary, before doing them. Default: nothing. */
  readonly onPlanned?: (count: number) => void;
  /** Told the running count of entries read. Default: nothing. */
  readonly onPage?: (count: number) => void;
}

/** Runs `work` on `items` with at most `concurrency` at once, until done or `shouldStop`. */
async function forEachLimited<T>(
  items: readonly T[],
  concurrency: number,
  shouldStop: () => boolean,
  work: (item: T) => Promise<void>,
): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !shouldStop()) await work(items[next++]);
  };
  await Promise.all(
    Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker),
  );
  return items.length - next;
}

/** What {@link captureList} read and recorded. */
export interface CapturedList {
  readonly useCase: string;
  readonly listName: string;
  readonly startedAt: number;
  readonly completedAt: number;
  readonly firstPass: boolean;
  /** The list's entries as read. */
  readonly entries: ReadonlyMap<string, ListEntry>;
  /** The estate's own recent changes to the list, by number. */
  readonly applied: ReadonlyMap<string, readonly AppliedChange[]>;
  /** Decisions recorded from changes since the last pass. */
  readonly captured: readonly LedgerEvent[];
}

/**
 * The capture half of a pass: read the list and what the Region remembers of it, record every
 * change since the last pass (a first pass records every entry as it stands: nothing is ever
 * removed because of what the ledger does not yet know), and remember the new view. The pass
 * is complete once this returns (`#meta` moves on).
 */
export async function captureList(
  r: RegionLists,
  useCase: string,
  listName: string,
  options: Pick<PassOptions, "via" | "onPage"> = {},
): Promise<CapturedList> {
  const { ddb, now } = callers(r);
  const startedAt = now();
  const entries = await readListEntries(r, listName, options.onPage);
  const state = await readListState(r.dynamo, r.stateTable, listName, ddb);
  const firstPass = state.meta === undefined;
  const numbers = new Set([...entries.keys(), ...state.seen.keys()]);
  const captured: LedgerEvent[] = [];
  const seenUpdates = new Map<string, SeenEntry | undefined>();
  for (const number of numbers) {
    const observation = observe(
      number,
      entries.get(number),
      state.seen.get(number),
      state.applied.get(number) ?? [],
      {
        region: r.region,
        useCase,
        firstPass,
        removedAfter: state.meta?.passStartedAt,
        via: firstPass ? "SEED" : options.via,
      },
    );
    if (observation.event) captured.push(observation.event);
    if (observation.seen !== undefined) seenUpdates.set(number, observation.seen ?? undefined);
  }
  await recordEvents(r, captured);
  await writeSeen(r.dynamo, r.stateTable, listName, seenUpdates, ddb);
  const completedAt = now();
  await writeMeta(
    r.dynamo,
    r.stateTable,
    listName,
    { passStartedAt: startedAt, passCompletedAt: completedAt },
    ddb,
  );
  return {
    useCase,
    listName,
    startedAt,
    completedAt,
    firstPass,
    entries,
    applied: state.applied,
    captured,
  };
}

/** The numbers of a captured list that disagree with their decisions. */
export interface RepairPlan {
  readonly repairs: string[];
  /** Numbers the decisions say must be opted out. */
  readonly ledgerOptedOut: number;
  readonly newestDecisionAt?: number;
}

/**
 * Compares a captured list with the use case's decisions in this Region's replica (plus
 * `knownEvents` from elsewhere): which numbers need settling.
 */
export async function planRepairs(
  r: RegionLists,
  list: CapturedList,
  knownEvents?: ReadonlyMap<string, readonly LedgerEvent[]>,
): Promise<RepairPlan> {
  const { ddb } = callers(r);
  const ledger = await eventsByNumber(r.dynamo, r.ledgerTable, list.useCase, ddb);
  for (const [number, events] of knownEvents ?? []) {
    ledger.set(number, [...(ledger.get(number) ?? []), ...events]);
  }
  let ledgerOptedOut = 0;
  let newestDecisionAt: number | undefined;
  const repairs: string[] = [];
  for (const number of new Set([...ledger.keys(), ...list.entries.keys()])) {
    const effective = effectiveDecision(ledger.get(number) ?? []);
    if (effective?.decision === "OPTED_OUT") ledgerOptedOut++;
    if (effective && (newestDecisionAt === undefined || effective.newest.at > newestDecisionAt)) {
      newestDecisionAt = effective.newest.at;
    }
    if (
      planAction(effective, list.entries.get(number), list.applied.get(number) ?? []).kind !==
      "none"
    ) {
      repairs.push(number);
    }
  }
  return { repairs: repairs.sort(), ledgerOptedOut, newestDecisionAt };
}

/**
 * One full pass over one list: {@link captureList}, {@link planRepairs}, then settle every
 * number that needs it ({@link settleNumber}, which re-reads it live first). Repairs that
 * fail are counted in `behind` and retried by the next pass.
 */
export async function reconcileList(
  r: RegionLists,
  useCase: string,
  listName: string,
  options: PassOptions = {},
): Promise<ListPass> {
  const { now } = callers(r);
  const list = await captureList(r, useCase, listName, options);
  const plan = await planRepairs(r, list, options.knownEvents);
  options.onPlanned?.(plan.repairs.length);
  let put = 0;
  let deleted = 0;
  const failed: { number: string; error: string }[] = [];
  const notAttempted = await forEachLimited(
    plan.repairs,
    options.concurrency ?? 4,
    options.shouldStop ?? (() => false),
    async (number) => {
      try {
        const settled = await settleNumber(r, useCase, listName, number, {
          via: options.via,
          knownEvents: options.knownEvents?.get(number),
          meta: { passStartedAt: list.startedAt, passCompletedAt: list.completedAt },
        });
        if (settled.action.kind === "put") put++;
        if (settled.action.kind === "delete") deleted++;
        options.onRepair?.(settled);
      } catch (error) {
        failed.push({ number, error: errorText(error) });
        options.onRepair?.({ number, error: errorText(error) });
      }
    },
  );
  return {
    useCase,
    listName,
    startedAt: list.startedAt,
    completedAt: now(),
    firstPass: list.firstPass,
    captured: list.captured.length,
    put,
    deleted,
    failed,
    notAttempted,
    listSize: list.entries.size + put - deleted,
    ledgerOptedOut: plan.ledgerOptedOut,
    behind: failed.length + notAttempted,
    newestDecisionAt: plan.newestDecisionAt,
  };
}
