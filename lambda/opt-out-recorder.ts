/**
 * Capture of two-way decisions as they arrive: subscribed to a Region's inbound topics, it
 * records each opt-out (STOP and the other required opt-out keywords) and each opt-in (the use
 * case's opt-in keywords) as a decision in **this Region's** replica of the ledger, dated by
 * SNS's publish time. It calls no other Region: the ledger's global-table replication carries
 * the decision to every peer, and a dead peer cannot fail an invocation.
 *
 * For a self-managed use case whose STOP confirmation the estate sends, it first sends the
 * confirmation (once: not when the decision is already recorded, e.g. on a retry) and answers
 * HELP, since AWS sends neither then. The confirmation goes out before the decision is
 * recorded, because once the number is on the opt-out list AWS would block it.
 *
 * A failed write fails the invocation after every record was tried; Lambda retries it
 * (recording is idempotent) and then keeps it in the dead-letter queue.
 */
import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { SendTextMessageCommand } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import type { SNSEvent, SNSEventRecord } from "aws-lambda";
import { own } from "../lib/own";
import { dynamoClientFactory, smsClientFactory } from "./lib/clients";
import { type InboundMessage, maskNumber, parseInboundRecord } from "./lib/inbound";
import { keywordOf, optOutKeywordOf } from "./lib/keywords";
import {
  type Decision,
  type DynamoClient,
  eventSortKey,
  type LedgerEvent,
  recordEvent,
} from "./lib/ledger";
import { callApi, errorText, type SmsClient } from "./lib/opt-out-sync";
import type { Clock } from "./lib/rate-limit";
import type { RetryOptions } from "./lib/retry";
import { type KeywordReplies, readRecorderSettings, type RecorderSettings } from "./lib/settings";

/** What happened to one SNS record. */
export interface RecordOutcome {
  readonly messageId: string;
  /** The keyword recognised, if any. */
  readonly keyword?: string;
  /** The decision recorded (or found already recorded). */
  readonly decision?: Decision;
  /** False when the decision was already in the ledger (a retry). */
  readonly recorded?: boolean;
  /** Replies the estate sent (`STOP`, `HELP`). */
  readonly replied: string[];
  /** Why the record failed, if it did. */
  readonly error?: string;
}

/** Some record could not be recorded; thrown after every record was tried. */
export class RecordError extends Error {
  constructor(readonly outcomes: RecordOutcome[]) {
    super(
      `decisions not recorded: ${outcomes
        .filter((o) => o.error)
        .map((o) => `${o.messageId} (${o.error})`)
        .join(", ")}; the invocation will be retried`,
    );
    this.name = "RecordError";
  }
}

/** What {@link createRecorder} needs. */
export interface RecorderDeps {
  readonly settings: RecorderSettings;
  /** This Region's DynamoDB client. */
  readonly dynamo: DynamoClient;
  /** This Region's SMS client (replies of self-managed use cases). */
  readonly sms: SmsClient;
  /** Default: {@link RetryOptions} defaults. */
  readonly retry?: RetryOptions;
  /** Default: `Date.now`. */
  readonly now?: Clock;
  /** Structured log line. Default: `console.log` of JSON. */
  readonly log?: (entry: Record<string, unknown>) => void;
}

const defaultLog = (entry: Record<string, unknown>) => console.log(JSON.stringify(entry));

/** The time SNS published the message (the end user's reply arrived just before), else now. */
function eventTime(record: SNSEventRecord, now: Clock): number {
  const at = Date.parse(record.Sns.Timestamp);
  return Number.isFinite(at) ? at : now();
}

/** Builds the handler around its settings and clients (tests inject both). */
export function createRecorder(deps: RecorderDeps) {
  const { settings } = deps;
  const log = deps.log ?? defaultLog;
  const now = deps.now ?? Date.now;
  const call = <T>(fn: () => Promise<T>) => callApi(fn, { retry: deps.retry });

  const reply = async (message: InboundMessage, body: string, replies: KeywordReplies) => {
    if (!message.destinationNumber)
      throw new Error("the inbound message names no destination number to reply from");
    await call(() =>
      deps.sms.send(
        new SendTextMessageCommand({
          DestinationPhoneNumber: message.originationNumber,
          OriginationIdentity: message.destinationNumber,
          MessageBody: body,
          MessageType: "TRANSACTIONAL",
          ConfigurationSetName: replies.configurationSetName,
        }),
      ),
    );
  };

  const alreadyRecorded = async (event: LedgerEvent) => {
    const answer = await call(() =>
      deps.dynamo.send(
        new GetItemCommand({
          TableName: settings.ledgerTable,
          Key: { pk: { S: event.useCase }, sk: { S: eventSortKey(event) } },
          ConsistentRead: true,
        }),
      ),
    );
    return answer.Item !== undefined;
  };

  const handleRecord = async (record: SNSEventRecord): Promise<RecordOutcome> => {
    const topic = own(settings.topics, record.Sns.TopicArn);
    if (!topic) {
      // A subscription this function was not configured for: a deployment bug, so fail loudly.
      throw new Error(`no use case is configured for topic ${record.Sns.TopicArn}`);
    }
    const message = parseInboundRecord(record);
    const optOut = optOutKeywordOf(message.messageBody);
    const optIn = optOut ? undefined : keywordOf(message.messageBody, topic.optInKeywords);
    const help = !optOut && !optIn ? keywordOf(message.messageBody, ["HELP"]) : undefined;
    const replied: string[] = [];
    const outcome = (extra: Partial<RecordOutcome>): RecordOutcome => ({
      messageId: record.Sns.MessageId,
      keyword: optOut ?? optIn ?? help,
      replied,
      ...extra,
    });
    if (help && topic.replies) {
      await reply(message, topic.replies.help, topic.replies);
      replied.push("HELP");
    }
    if (!optOut && !optIn) return outcome({});
    const event: LedgerEvent = {
      useCase: topic.useCase,
      number: message.originationNumber,
      decision: optOut ? "OPTED_OUT" : "OPTED_IN",
      at: eventTime(record, now),
      origin: settings.region,
      source: "END_USER",
      via: "INBOUND",
      id: message.inboundMessageId ?? record.Sns.MessageId,
    };
    if (optOut && topic.replies && !(await alreadyRecorded(event))) {
      try {
        await reply(message, topic.replies.stop, topic.replies);
        replied.push("STOP");
      } catch (error) {
        // The opt-out itself matters more than its confirmation: record it whatever happens.
        log({
          event: "stop-confirmation-failed",
          number: maskNumber(event.number),
          error: errorText(error),
        });
      }
    }
    const recorded = await call(() => recordEvent(deps.dynamo, settings.ledgerTable, event, now()));
    return outcome({ decision: event.decision, recorded });
  };

  return async (event: SNSEvent): Promise<RecordOutcome[]> => {
    const outcomes: RecordOutcome[] = [];
    for (const record of event.Records ?? []) {
      let outcome: RecordOutcome;
      try {
        outcome = await handleRecord(record);
      } catch (error) {
        if (!own(settings.topics, record.Sns.TopicArn)) throw error;
        outcome = { messageId: record.Sns.MessageId, replied: [], error: errorText(error) };
      }
      log({
        event: "opt-out-decision",
        messageId: outcome.messageId,
        topic: record.Sns.TopicArn,
        keyword: outcome.keyword,
        decision: outcome.decision,
        recorded: outcome.recorded,
        replied: outcome.replied,
        error: outcome.error,
      });
      outcomes.push(outcome);
    }
    if (outcomes.some((o) => o.error)) throw new RecordError(outcomes);
    return outcomes;
  };
}

let deployed: ReturnType<typeof createRecorder> | undefined;

/** The Lambda entry point: settings from the environment, clients from the Lambda's role. */
export async function handler(event: SNSEvent): Promise<RecordOutcome[]> {
  if (!deployed) {
    const settings = readRecorderSettings(process.env);
    deployed = createRecorder({
      settings,
      dynamo: dynamoClientFactory()(settings.region),
      sms: smsClientFactory()(settings.region),
    });
  }
  return deployed(event);
}
