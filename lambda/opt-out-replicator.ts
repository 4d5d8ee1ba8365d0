/**
 * Real-time opt-out replication: subscribed to a Region's two-way inbound topics, it reads
 * each inbound SMS and, when it is an opt-out (STOP and the other keywords of digest §3.1),
 * adds the sender to the same-named opt-out list in every peer Region, so a failover never
 * messages someone who opted out in the Region that failed.
 *
 * It never removes a number. A failure in one Region does not stop the others, but fails
 * the invocation so Lambda retries it (PutOptedOutNumber is idempotent) and, after the
 * retries, keeps it in the dead-letter queue.
 */
import { PutOptedOutNumberCommand } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import type { SNSEvent } from "aws-lambda";
import { smsClientFactory } from "./lib/clients";
import { maskNumber, parseInboundRecord } from "./lib/inbound";
import { optOutKeywordOf } from "./lib/keywords";
import { callApi, errorText, type SmsClient } from "./lib/opt-out-sync";
import type { RetryOptions } from "./lib/retry";
import { readReplicatorSettings, type ReplicatorSettings } from "./lib/settings";

/** What happened to one SNS record. */
export interface ReplicationOutcome {
  readonly messageId: string;
  /** The opt-out keyword recognised; undefined for any other reply. */
  readonly keyword?: string;
  /** Regions the number was written to. */
  readonly written: string[];
  /** Regions that failed, with the error. */
  readonly failed: Record<string, string>;
}

/** Some Region could not be written; thrown after every Region was tried. */
export class ReplicationError extends Error {
  constructor(readonly outcomes: ReplicationOutcome[]) {
    const failures = outcomes.flatMap((o) =>
      Object.entries(o.failed).map(([region, error]) => `${region} (${error})`),
    );
    super(`opt-out not replicated to ${failures.join(", ")}; the invocation will be retried`);
    this.name = "ReplicationError";
  }
}

/** What {@link createReplicator} needs. */
export interface ReplicatorDeps {
  readonly settings: ReplicatorSettings;
  readonly clientFor: (region: string) => SmsClient;
  /** Default: {@link RetryOptions} defaults (4 attempts for transient failures). */
  readonly retry?: RetryOptions;
  /** Structured log line. Default: `console.log` of JSON. */
  readonly log?: (entry: Record<string, unknown>) => void;
}

const defaultLog = (entry: Record<string, unknown>) => console.log(JSON.stringify(entry));

/** Builds the handler around its settings and clients (tests inject both). */
export function createReplicator(deps: ReplicatorDeps) {
  const { settings } = deps;
  const log = deps.log ?? defaultLog;
  return async (event: SNSEvent): Promise<ReplicationOutcome[]> => {
    const outcomes: ReplicationOutcome[] = [];
    for (const record of event.Records ?? []) {
      const topic = settings.topics[record.Sns.TopicArn];
      if (!topic) {
        // A subscription this function was not configured for: a deployment bug, so fail loudly.
        throw new Error(`no opt-out list is configured for topic ${record.Sns.TopicArn}`);
      }
      const message = parseInboundRecord(record);
      const keyword =
        optOutKeywordOf(message.messageBody) ?? optOutKeywordOf(message.messageKeyword);
      if (!keyword) {
        outcomes.push({ messageId: record.Sns.MessageId, written: [], failed: {} });
        continue;
      }
      const targets = settings.regions.filter(
        (region) => region !== settings.region || topic.includeOwnRegion,
      );
      const results = await Promise.allSettled(
        targets.map((region) =>
          callApi(
            () =>
              deps.clientFor(region).send(
                new PutOptedOutNumberCommand({
                  OptOutListName: topic.optOutListName,
                  OptedOutNumber: message.originationNumber,
                }),
              ),
            { retry: deps.retry },
          ),
        ),
      );
      const outcome: ReplicationOutcome = {
        messageId: record.Sns.MessageId,
        keyword,
        written: targets.filter((_, i) => results[i].status === "fulfilled"),
        failed: Object.fromEntries(
          results.flatMap((r, i) =>
            r.status === "rejected" ? [[targets[i], errorText(r.reason)]] : [],
          ),
        ),
      };
      log({
        event: "opt-out-replicated",
        messageId: outcome.messageId,
        inboundMessageId: message.inboundMessageId,
        number: maskNumber(message.originationNumber),
        keyword,
        list: topic.optOutListName,
        written: outcome.written,
        failed: outcome.failed,
      });
      outcomes.push(outcome);
    }
    if (outcomes.some((o) => Object.keys(o.failed).length > 0))
      throw new ReplicationError(outcomes);
    return outcomes;
  };
}

let deployed: ReturnType<typeof createReplicator> | undefined;

/** The Lambda entry point: settings from the environment, clients from the Lambda's role. */
export async function handler(event: SNSEvent): Promise<ReplicationOutcome[]> {
  deployed ??= createReplicator({
    settings: readReplicatorSettings(process.env),
    clientFor: smsClientFactory(),
  });
  return deployed(event);
}
