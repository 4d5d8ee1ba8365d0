/**
 * Test support: an opt-out estate of several Regions on the local endpoint, run by the real
 * ledger handlers the way AWS would run them, with nothing of ours replaced:
 *
 * - the ledger is a DynamoDB global table on the endpoint (replicas in every Region), each
 *   Region has its own state table;
 * - end users act as AWS would see them: a STOP or opt-in keyword on a number changes that
 *   Region's list (AWS-managed opt-outs) and, for two-way use cases, publishes the inbound
 *   message to the recorder;
 * - the applier of each Region receives its replica's stream as Lambda delivers it
 *   (`DynamoDBStreamEvent` records, filtered by the same pattern the component declares);
 * - the reconciler of each Region runs when the test says (its schedule);
 * - replication between replicas can be held, delivered, delayed or dropped, and a Region can
 *   be failed: its handlers stop and every request to it fails at the endpoint.
 */
import type { DynamoDBRecord, DynamoDBStreamEvent, SNSEvent } from "aws-lambda";
import { dynamoClientFactory, smsClientFactory, ssmClientFactory } from "../../lambda/lib/clients";
import { APPLIER_STREAM_FILTER } from "../../lambda/lib/ledger";
import type { RetryOptions } from "../../lambda/lib/retry";
import { createApplier } from "../../lambda/opt-out-applier";
import { createReconciler, type ReconcileResult } from "../../lambda/opt-out-reconciler";
import { createRecorder } from "../../lambda/opt-out-recorder";
import type { KeywordReplies } from "../../lambda/lib/settings";
import { type AwsEndpoint, dynamoDb, type StreamRecord } from "./aws-endpoint";
import { TEST_CREDENTIALS } from "./failover-estate";
import { matchesFilter } from "./lambda-filter";

/** How a use case is set up. */
export interface WorldUseCase {
  /** Replies reach the inbound topic (and the recorder). Default: false. */
  readonly twoWay?: boolean;
  /** AWS leaves the list alone on keywords; the estate records and applies. Default: false. */
  readonly selfManaged?: boolean;
  /** Opt-in keywords. Default: ["JOIN"]. */
  readonly optInKeywords?: readonly string[];
  /** Replies the estate sends (self-managed only). Default: none. */
  readonly replies?: KeywordReplies;
}

/** Options of {@link OptOutWorld}. */
export interface WorldOptions {
  readonly regions: readonly string[];
  readonly useCases: Readonly<Record<string, WorldUseCase>>;
  /** Default: "acme". */
  readonly namePrefix?: string;
  /** Clock shared with the endpoint (pass the same one to `startAwsEndpoint`). Default: `Date.now`. */
  readonly now?: () => number;
  /** Handlers' retries. Default: fast (1–5 ms backoff, 3 attempts). */
  readonly retry?: RetryOptions;
  /** Handlers' request timeout. Default: 2,000 ms (a loaded test machine can be slow to answer). */
  readonly requestTimeoutMs?: number;
  /** SMS requests per second of each reconciler. Default: 1,000. */
  readonly requestsPerSecond?: number;
  /** SMS requests per second of each applier. Default: `requestsPerSecond`. */
  readonly applierRequestsPerSecond?: number;
  /** Heartbeat age after which the reconcilers presume a peer down (s). Default: 300. */
  readonly peerSilenceSeconds?: number;
}

const FAST: RetryOptions = {
  baseDelayMs: 1,
  maxDelayMs: 5,
  maxAttempts: 3,
  maxThrottledAttempts: 50,
};

/** One Region's handlers. */
interface RegionHandlers {
  record: ReturnType<typeof createRecorder>;
  apply: ReturnType<typeof createApplier>;
  reconcile: ReturnType<typeof createReconciler>;
  /** Last stream sequence number delivered to the applier. */
  delivered?: string;
}

/** The estate under test. */
export class OptOutWorld {
  readonly regions: readonly string[];
  readonly namePrefix: string;
  readonly ledgerTable: string;
  readonly stateTable: string;
  readonly failed = new Set<string>();
  private readonly handlers = new Map<string, RegionHandlers>();
  private readonly destroyers: (() => void)[] = [];
  private serial = 0;

  constructor(
    readonly aws: AwsEndpoint,
    readonly options: WorldOptions,
  ) {
    this.regions = options.regions;
    this.namePrefix = options.namePrefix ?? "acme";
    this.ledgerTable = `${this.namePrefix}-opt-out-ledger`;
    this.stateTable = `${this.namePrefix}-opt-out-state`;
    const account = dynamoDb(aws.state);
    account.createTable({
      name: this.ledgerTable,
      hashKey: "pk",
      rangeKey: "sk",
      regions: this.regions,
    });
    for (const region of this.regions) {
      account.createTable({
        name: this.stateTable,
        hashKey: "pk",
        rangeKey: "sk",
        regions: [region],
      });
      aws.state.seed(region, {
        optOutLists: Object.keys(options.useCases).map((u) => ({ name: this.listName(u) })),
      });
    }
    const clientOptions = {
      endpoint: aws.url,
      credentials: TEST_CREDENTIALS,
      requestTimeoutMs: options.requestTimeoutMs ?? 2_000,
    };
    const sms = smsClientFactory(clientOptions);
    const ddb = dynamoClientFactory(clientOptions);
    const ssm = ssmClientFactory(clientOptions);
    const retry = options.retry ?? FAST;
    const rps = options.requestsPerSecond ?? 1_000;
    const useCases = Object.fromEntries(
      Object.keys(options.useCases).map((u) => [u, { listName: this.listName(u) }]),
    );
    for (const region of this.regions) {
      const topics = Object.fromEntries(
        Object.entries(options.useCases)
          .filter(([, u]) => u.twoWay)
          .map(([useCase, u]) => [
            this.topicArn(region, useCase),
            {
              useCase,
              optInKeywords: [...(u.optInKeywords ?? ["JOIN"])],
              ...(u.replies && { replies: u.replies }),
            },
          ]),
      );
      this.handlers.set(region, {
        record: createRecorder({
          settings: { region, ledgerTable: this.ledgerTable, topics },
          dynamo: ddb(region),
          sms: sms(region),
          retry,
          now: options.now,
          log: () => undefined,
        }),
        apply: createApplier({
          settings: {
            region,
            ledgerTable: this.ledgerTable,
            stateTable: this.stateTable,
            useCases,
            requestsPerSecond: options.applierRequestsPerSecond ?? rps,
          },
          sms: sms(region),
          dynamo: ddb(region),
          retry,
          now: options.now,
          log: () => undefined,
        }),
        reconcile: createReconciler({
          settings: {
            region,
            regions: [...this.regions],
            ledgerTable: this.ledgerTable,
            stateTable: this.stateTable,
            namePrefix: this.namePrefix,
            useCases,
            requestsPerSecond: rps,
            peerSilenceSeconds: options.peerSilenceSeconds ?? 300,
          },
          sms: sms(region),
          dynamo: ddb(region),
          ssm: ssm(region),
          retry,
          now: options.now,
          log: () => undefined,
        }),
      });
      this.destroyers.push(() => {
        sms(region).destroy();
        ddb(region).destroy();
        ssm(region).destroy();
      });
    }
  }

  /** Closes the handlers' clients. */
  destroy(): void {
    for (const destroy of this.destroyers) destroy();
  }

  listName(useCase: string): string {
    return `${this.namePrefix}-${useCase}`;
  }

  topicArn(region: string, useCase: string): string {
    return `arn:aws:sns:${region}:${this.aws.state.accountId}:${this.namePrefix}-${useCase}-inbound`;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** The numbers on a Region's list (what AWS would refuse to message). */
  listed(region: string, useCase: string): Set<string> {
    return new Set(
      this.aws.state.region(region).optOutLists.get(this.listName(useCase))?.numbers.keys() ?? [],
    );
  }

  /**
   * An end user texts a keyword to the use case's number in `region`. AWS-managed: the list
   * changes there (an opt-out adds an end-user entry, an opt-in removes the entry). Two-way:
   * the message is published to the recorder (its outcome is returned; a failed Region
   * publishes nothing).
   */
  async endUser(region: string, useCase: string, number: string, body: string): Promise<void> {
    const config = this.options.useCases[useCase];
    const upper = body.trim().toUpperCase();
    const optOut = /^(ARRET|CANCEL|END|OPT-OUT|OPTOUT|QUIT|REMOVE|STOP|TD|UNSUBSCRIBE)\b/.test(
      upper,
    );
    const optIn = (config.optInKeywords ?? ["JOIN"]).some(
      (k) => upper === k || upper.startsWith(`${k} `),
    );
    if (!config.selfManaged) {
      const list = this.aws.state.region(region).optOutLists.get(this.listName(useCase))!;
      if (optOut) {
        // Assumed (not verified against AWS): a STOP marks the number as the end user's own
        // opt-out at that moment even if the API had already put it on the list.
        const existing = list.numbers.get(number);
        list.numbers.set(number, {
          seq: existing?.seq ?? this.aws.state.nextSeq(),
          phoneNumber: number,
          optedOutAt: this.now(),
          endUserOptedOut: true,
        });
      }
      if (optIn) list.numbers.delete(number);
    }
    if (config.twoWay && !this.failed.has(region)) {
      await this.handlers.get(region)!.record(this.inbound(region, useCase, number, body));
    }
  }

  /** The SNS event of one inbound message. */
  inbound(region: string, useCase: string, number: string, body: string): SNSEvent {
    const id = `in-${++this.serial}`;
    return {
      Records: [
        {
          EventSource: "aws:sns",
          EventVersion: "1.0",
          EventSubscriptionArn: `${this.topicArn(region, useCase)}:sub`,
          Sns: {
            Type: "Notification",
            MessageId: `sns-${id}`,
            TopicArn: this.topicArn(region, useCase),
            Subject: "",
            Message: JSON.stringify({
              originationNumber: number,
              destinationNumber: "+18445550100",
              messageKeyword: "KEYWORD_123456789012",
              messageBody: body,
              inboundMessageId: id,
            }),
            Timestamp: new Date(this.now()).toISOString(),
            SignatureVersion: "1",
            Signature: "",
            SigningCertUrl: "",
            UnsubscribeUrl: "",
            MessageAttributes: {},
          },
        },
      ],
    };
  }

  /** Records of a Region's ledger stream not yet delivered, as Lambda's event source mapping would filter them. */
  pendingStream(region: string): DynamoDBRecord[] {
    const handlers = this.handlers.get(region)!;
    return dynamoDb(this.aws.state)
      .streamRecords(region, this.ledgerTable, handlers.delivered)
      .filter((r) => matchesFilter(APPLIER_STREAM_FILTER, r))
      .map(toLambdaRecord);
  }

  /**
   * Delivers a Region's pending stream records to its applier in batches (as Lambda does,
   * retrying from a reported failure up to `attempts` times). Nothing for a failed Region.
   */
  async deliverStream(region: string, batchSize = 100, attempts = 3): Promise<void> {
    if (this.failed.has(region)) return;
    const handlers = this.handlers.get(region)!;
    const all = dynamoDb(this.aws.state).streamRecords(
      region,
      this.ledgerTable,
      handlers.delivered,
    );
    for (let i = 0; i < all.length;) {
      const raw = all.slice(i, i + batchSize);
      const batch = raw.filter((r) => matchesFilter(APPLIER_STREAM_FILTER, r)).map(toLambdaRecord);
      let failedAt: string | undefined;
      for (let attempt = 0; attempt < attempts; attempt++) {
        const records = failedAt
          ? batch.filter((r) => BigInt(r.dynamodb!.SequenceNumber!) >= BigInt(failedAt!))
          : batch;
        if (records.length === 0) break;
        const response = await handlers.apply({ Records: records } as DynamoDBStreamEvent);
        failedAt = response.batchItemFailures[0]?.itemIdentifier;
        if (!failedAt) break;
      }
      // After the retries, Lambda moves on (the records' metadata go to the on-failure queue).
      handlers.delivered = raw[raw.length - 1].dynamodb.SequenceNumber;
      i += raw.length;
    }
  }

  /** Every healthy Region's stream, delivered. */
  async deliverStreams(): Promise<void> {
    for (const region of this.regions) await this.deliverStream(region);
  }

  /** Runs a Region's reconciler once (its schedule firing); undefined for a failed Region. */
  async reconcile(region: string): Promise<ReconcileResult | undefined> {
    if (this.failed.has(region)) return undefined;
    try {
      return await this.handlers.get(region)!.reconcile();
    } catch (error) {
      const result = (error as { result?: ReconcileResult }).result;
      if (result) return result;
      throw error;
    }
  }

  /** Every healthy Region's reconciler, once. */
  async reconcileAll(): Promise<void> {
    for (const region of this.regions) await this.reconcile(region);
  }

  /**
   * Fails a Region: its handlers stop, every request to it answers 500, and the writes it has
   * not replicated yet wait (a Region outage; `lose: true` drops them for good instead).
   */
  fail(region: string, options: { lose?: boolean } = {}): void {
    this.failed.add(region);
    this.aws.faults.set(region, { mode: "5xx" });
    if (options.lose) dynamoDb(this.aws.state).replication.drop({ from: region });
  }

  /** Brings a failed Region back. */
  recover(region: string): void {
    this.failed.delete(region);
    this.aws.faults.clear(region);
  }

  /** Delivers pending replication, except from or to a failed Region. */
  replicate(filter: { writtenBefore?: number } = {}): number {
    const queue = dynamoDb(this.aws.state).replication;
    let count = 0;
    for (const from of this.regions) {
      for (const to of this.regions) {
        if (from === to || this.failed.has(from) || this.failed.has(to)) continue;
        count += queue.deliver({ from, to, ...filter });
      }
    }
    return count;
  }

  /** Until nothing moves: replicate, deliver streams, reconcile everywhere healthy (twice, so removals are seen). */
  async settle(): Promise<void> {
    for (let round = 0; round < 3; round++) {
      this.replicate();
      await this.deliverStreams();
      await this.reconcileAll();
      this.replicate();
      await this.deliverStreams();
    }
  }
}

function toLambdaRecord(record: StreamRecord): DynamoDBRecord {
  return JSON.parse(JSON.stringify(record)) as DynamoDBRecord;
}
