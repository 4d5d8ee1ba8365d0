/**
 * The application side of the estate's failover: a Node.js service sends a use case's SMS
 * through whatever Region the use case's pointer names, reading the pointer in the service's
 * own Region (the estate keeps a copy in every Region, so no other Region has to answer).
 *
 * - The pointer is cached for at most `maxAgeMs` (default one minute, as the runbook promises
 *   applications follow a promote within a minute); when SSM fails, the last good pointer is
 *   served, marked stale, and its age is exposed ({@link MessagingClient.pointer}).
 * - A send goes through SMS Voice v2 `SendTextMessage` in the pointer's Region, with the
 *   pointer's pool as `OriginationIdentity` and its configuration set.
 * - When a send fails, the pointer is read again at once (a promote may just have moved the
 *   use case). The send is retried once, in the new Region, only if the pointer changed and
 *   the failure proves the message was not accepted (the connection was refused, or AWS
 *   answered with a client error): a timeout or a server error may hide a message that was
 *   sent, and sending it twice is the application's call, not this module's
 *   ({@link SendError.delivered}). A refusal because of the destination (opted out, blocked
 *   by a protect configuration) is never retried elsewhere ({@link refusedForDestination}).
 *
 * The IAM policy a service role needs is exported by the stack (`applicationPolicies`).
 */
import {
  PinpointSMSVoiceV2Client,
  type PinpointSMSVoiceV2ClientConfig,
  SendTextMessageCommand,
} from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import {
  type ActivePointer,
  parsePointer,
  pointerParameterName,
} from "../components/failover/pointer-document";
import { BoundedCache, type Cached } from "./pointer-cache";

/** Options of {@link MessagingClient}. */
export interface MessagingClientOptions {
  /** The estate's `namePrefix` (pointer parameters are `/messaging/<namePrefix>/<useCase>/active`). No default. */
  readonly namePrefix: string;
  /** The use case to send. No default. */
  readonly useCase: string;
  /** The Region the service runs in: its copy of the pointer is the one read. No default. */
  readonly region: string;
  /** Longest a pointer is used before it is read again. Default: 60,000 ms. */
  readonly maxAgeMs?: number;
  /** Per-request timeout of SSM and SMS calls. Default: 3,000 ms. */
  readonly requestTimeoutMs?: number;
  /** Default: the SDK's default credential chain. */
  readonly credentials?: PinpointSMSVoiceV2ClientConfig["credentials"];
  /**
   * Where a Region's requests go: one URL, or a Region → URL map (tests). Default: the SDK's
   * own resolution.
   */
  readonly endpoint?: string | Readonly<Record<string, string>>;
  /** Clock (epoch ms). Default: `Date.now`. */
  readonly now?: () => number;
}

/** The pointer as the client holds it. */
export interface PointerState extends Cached<ActivePointer> {
  /** When the parameter was last written, as SSM reports it. */
  readonly modifiedAt?: Date;
}

/** One message. */
export interface SendRequest {
  /** Destination in E.164, e.g. `+12065550100`. */
  readonly to: string;
  readonly body: string;
  /** Default: the configuration set's (or pool's) message type. */
  readonly messageType?: "TRANSACTIONAL" | "PROMOTIONAL";
  /** Seconds the message may wait before AWS gives up on it. Default: AWS's. */
  readonly timeToLiveSeconds?: number;
  /** Passed to event destinations as `Context`. Default: none. */
  readonly context?: Record<string, string>;
}

/** A message AWS accepted. */
export interface SendResult {
  readonly messageId: string;
  /** Where it was sent from. */
  readonly region: string;
  readonly poolId: string;
  /** Age of the pointer used, and whether it was the last good value of a failing SSM. */
  readonly pointerAgeMs: number;
  readonly pointerStale: boolean;
  /** True when the first attempt failed and the message was sent after following a new pointer. */
  readonly followedPromote: boolean;
}

/** A send that failed. */
export class SendError extends Error {
  constructor(
    message: string,
    override readonly cause: unknown,
    /** Where the attempt went. */
    readonly region: string,
    /**
     * `no`: AWS certainly did not accept the message (refused connection, client error);
     * `unknown`: it may have (a timeout, a reset, a server error): retrying may send it twice.
     */
    readonly delivered: "no" | "unknown",
    /** The pointer named another Region or pool when read again after the failure. */
    readonly pointerChanged: boolean,
  ) {
    super(message);
    this.name = "SendError";
  }
}

const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);

/** Whether a failed SendTextMessage certainly did not send anything. */
export function certainlyNotSent(error: unknown): boolean {
  const e = (error ?? {}) as {
    code?: string;
    $fault?: string;
    $metadata?: { httpStatusCode?: number };
  };
  if (NOT_SENT_CODES.has(e.code ?? "")) return true;
  const status = e.$metadata?.httpStatusCode;
  // An error AWS answered in the 4xx range (validation, conflict, throttling, access) was not sent.
  return e.$fault === "client" && status !== undefined && status >= 400 && status < 500;
}

/**
 * Whether AWS refused the message because of its destination (a `ConflictException` whose
 * `Reason` is one of the `DESTINATION_*` reasons: the number opted out, a protect
 * configuration blocks it, ...). Such a refusal is a decision about the person, not about the
 * Region: sending it through another Region would go around it. A number that opted out in
 * the old Region may not have reached the new one's list yet (a one-way STOP takes up to a
 * minute), and a message to it there risks $500–$1,500 (TCPA).
 */
export function refusedForDestination(error: unknown): boolean {
  const e = (error ?? {}) as { name?: string; Reason?: string };
  return e.name === "ConflictException" && (e.Reason ?? "").startsWith("DESTINATION_");
}

/** Sends one use case's messages through the Region its pointer names. */
export class MessagingClient {
  private readonly cache: BoundedCache<{ pointer: ActivePointer; modifiedAt?: Date }>;
  private readonly ssm: SSMClient;
  private readonly sms = new Map<string, PinpointSMSVoiceV2Client>();
  private readonly timeout: number;

  constructor(private readonly options: MessagingClientOptions) {
    this.timeout = options.requestTimeoutMs ?? 3_000;
    this.ssm = new SSMClient(this.clientConfig(options.region));
    const name = pointerParameterName(options.namePrefix, options.useCase);
    this.cache = new BoundedCache(
      async () => {
        const answer = await this.ssm.send(new GetParameterCommand({ Name: name }));
        const pointer = parsePointer(answer.Parameter?.Value ?? "");
        if (pointer.useCase !== options.useCase) {
          throw new Error(
            `${name} holds the pointer of ${pointer.useCase}, not ${options.useCase}`,
          );
        }
        return { pointer, modifiedAt: answer.Parameter?.LastModifiedDate };
      },
      { maxAgeMs: options.maxAgeMs ?? 60_000, now: options.now },
    );
  }

  /**
   * The pointer now: cached while younger than `maxAgeMs`, else read again; the last good
   * one (stale) when SSM fails.
   *
   * @throws NothingCachedError when it has never been read and cannot be
   */
  async pointer(): Promise<PointerState> {
    return this.view(await this.cache.get());
  }

  /**
   * Sends `message` through the pointer's Region, pool and configuration set.
   *
   * @throws SendError when AWS did not accept it (see {@link SendError.delivered})
   * @throws NothingCachedError when the pointer has never been read and cannot be
   */
  async send(message: SendRequest): Promise<SendResult> {
    const state = await this.pointer();
    try {
      return await this.sendWith(state, message, false);
    } catch (error) {
      const notSent = certainlyNotSent(error);
      let fresh: PointerState | undefined;
      try {
        fresh = this.view(await this.cache.refresh());
      } catch {
        fresh = undefined;
      }
      const changed =
        fresh !== undefined &&
        !fresh.stale &&
        (fresh.value.region !== state.value.region || fresh.value.poolArn !== state.value.poolArn);
      if (changed && notSent && !refusedForDestination(error)) {
        try {
          return await this.sendWith(fresh!, message, true);
        } catch (retryError) {
          throw new SendError(
            `sending ${this.options.useCase} from ${fresh!.value.region} (after the pointer moved from ${state.value.region}) failed: ${(retryError as Error)?.message ?? String(retryError)}`,
            retryError,
            fresh!.value.region,
            certainlyNotSent(retryError) ? "no" : "unknown",
            true,
          );
        }
      }
      throw new SendError(
        `sending ${this.options.useCase} from ${state.value.region} failed: ${(error as Error)?.message ?? String(error)}`,
        error,
        state.value.region,
        notSent ? "no" : "unknown",
        changed,
      );
    }
  }

  /** Closes every client's sockets. */
  destroy(): void {
    this.ssm.destroy();
    for (const client of this.sms.values()) client.destroy();
    this.sms.clear();
  }

  private async sendWith(
    state: PointerState,
    message: SendRequest,
    followedPromote: boolean,
  ): Promise<SendResult> {
    const pointer = state.value;
    const answer = await this.smsClient(pointer.region).send(
      new SendTextMessageCommand({
        DestinationPhoneNumber: message.to,
        OriginationIdentity: pointer.poolArn,
        ConfigurationSetName: pointer.configurationSetName,
        MessageBody: message.body,
        ...(message.messageType ? { MessageType: message.messageType } : {}),
        ...(message.timeToLiveSeconds ? { TimeToLive: message.timeToLiveSeconds } : {}),
        ...(message.context ? { Context: message.context } : {}),
      }),
    );
    return {
      messageId: answer.MessageId ?? "",
      region: pointer.region,
      poolId: pointer.poolId,
      pointerAgeMs: state.ageMs,
      pointerStale: state.stale,
      followedPromote,
    };
  }

  private view(cached: Cached<{ pointer: ActivePointer; modifiedAt?: Date }>): PointerState {
    return {
      ...cached,
      value: cached.value.pointer,
      ...(cached.value.modifiedAt ? { modifiedAt: cached.value.modifiedAt } : {}),
    };
  }

  private smsClient(region: string): PinpointSMSVoiceV2Client {
    let client = this.sms.get(region);
    if (!client)
      this.sms.set(region, (client = new PinpointSMSVoiceV2Client(this.clientConfig(region))));
    return client;
  }

  private clientConfig(region: string) {
    const endpoint =
      typeof this.options.endpoint === "string"
        ? this.options.endpoint
        : this.options.endpoint?.[region];
    return {
      region,
      // One attempt: a retried send can deliver a message twice (see SendError.delivered).
      maxAttempts: 1,
      ...(endpoint ? { endpoint } : {}),
      ...(this.options.credentials ? { credentials: this.options.credentials } : {}),
      requestHandler: {
        requestTimeout: this.timeout,
        connectionTimeout: this.timeout,
        throwOnRequestTimeout: true,
      },
    };
  }
}
