/**
 * The applier, one per Region: fed by the stream of **this Region's** replica of the ledger,
 * it brings this Region's lists in line with each new decision, whichever Region made it,
 * within seconds of the decision arriving. It calls only its own Region (its SMS API, its
 * replica, its state table), so replication into a healthy Region keeps working while a peer
 * is down, and its errors always mean this Region is failing, never a peer.
 *
 * For each number in a batch it reads the number's decisions and its entry live (not the
 * stream image, which may already be superseded), then puts or deletes as `decide.ts` says.
 * Decisions captured by a first pass (`SEED`, the migration of existing lists) are left to the
 * reconciler's pace rather than flooding the stream. A failure reports the earliest failed
 * record, so Lambda retries from there (ReportBatchItemFailures); settling is idempotent.
 */
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { hasOwn, own } from "../lib/own";
import { dynamoClientFactory, smsClientFactory } from "./lib/clients";
import { maskNumber } from "./lib/inbound";
import { type DynamoClient, EVENT_KIND } from "./lib/ledger";
import { errorText, type SmsClient } from "./lib/opt-out-sync";
import { type Clock, type Sleep, TokenBucket } from "./lib/rate-limit";
import { handlerRegionLists, settleNumber } from "./lib/region-lists";
import type { RetryOptions } from "./lib/retry";
import { type ApplierSettings, readApplierSettings } from "./lib/settings";

/** What {@link createApplier} needs. */
export interface ApplierDeps {
  readonly settings: ApplierSettings;
  readonly sms: SmsClient;
  readonly dynamo: DynamoClient;
  /** Default: {@link RetryOptions} defaults. */
  readonly retry?: RetryOptions;
  /** Numbers settled at once. Default: 4. */
  readonly concurrency?: number;
  /** Default: `Date.now`. */
  readonly now?: Clock;
  /** Default: real timers. */
  readonly sleep?: Sleep;
  /** Structured log line. Default: `console.log` of JSON. */
  readonly log?: (entry: Record<string, unknown>) => void;
}

const defaultLog = (entry: Record<string, unknown>) => console.log(JSON.stringify(entry));

/** A decision in a stream record worth applying now, or undefined. */
export function decisionOf(
  record: DynamoDBRecord,
): { useCase: string; number: string } | undefined {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== "INSERT" || image?.kind?.S !== EVENT_KIND) return undefined;
  if (image.via?.S === "SEED") return undefined;
  const useCase = image.pk?.S;
  const number = image.number?.S;
  return useCase && number ? { useCase, number } : undefined;
}

/** Builds the handler around its settings and clients (tests inject both). */
export function createApplier(deps: ApplierDeps) {
  const { settings } = deps;
  const log = deps.log ?? defaultLog;
  const limiter = new TokenBucket(settings.requestsPerSecond, { now: deps.now, sleep: deps.sleep });
  const region = handlerRegionLists(settings, deps, limiter);

  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    // One settlement per number, at the position of its first record in the batch.
    const work = new Map<string, { useCase: string; number: string; first: number }>();
    (event.Records ?? []).forEach((record, index) => {
      const decision = decisionOf(record);
      // The use case comes from the global table, which other writers share: own entries only.
      if (!decision || !hasOwn(settings.useCases, decision.useCase)) return;
      const key = `${decision.useCase}\u0000${decision.number}`;
      if (!work.has(key)) work.set(key, { ...decision, first: index });
    });
    const items = [...work.values()];
    const failed: number[] = [];
    let next = 0;
    const worker = async () => {
      while (next < items.length) {
        const item = items[next++];
        const listName = own(settings.useCases, item.useCase)!.listName;
        try {
          const settled = await settleNumber(region, item.useCase, listName, item.number);
          log({
            event: "opt-out-applied",
            useCase: item.useCase,
            number: maskNumber(item.number),
            decision: settled.decision,
            action: settled.action.kind,
            captured: settled.captured?.decision,
          });
        } catch (error) {
          failed.push(item.first);
          log({
            event: "opt-out-apply-failed",
            useCase: item.useCase,
            number: maskNumber(item.number),
            error: errorText(error),
          });
        }
      }
    };
    await Promise.all(
      Array.from({ length: Math.max(1, Math.min(deps.concurrency ?? 4, items.length)) }, worker),
    );
    if (failed.length === 0) return { batchItemFailures: [] };
    const earliest = event.Records[Math.min(...failed)];
    return { batchItemFailures: [{ itemIdentifier: earliest.dynamodb?.SequenceNumber ?? "" }] };
  };
}

let deployed: ReturnType<typeof createApplier> | undefined;

/** The Lambda entry point: settings from the environment, clients from the Lambda's role. */
export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  if (!deployed) {
    const settings = readApplierSettings(process.env);
    deployed = createApplier({
      settings,
      sms: smsClientFactory()(settings.region),
      dynamo: dynamoClientFactory()(settings.region),
    });
  }
  return deployed(event);
}
