/**
 * The arguments that describe an SMS estate, shared by the SMS, Protect, sharing and
 * failover components: use cases, their keywords and event destinations, the originators
 * of a Region and the account-level Protect settings.
 *
 * Every value that decides *which* resources exist or what they are called (use-case
 * names, Regions, countries, switches such as `twoWay`) is a plain value: Pulumi needs it
 * before anything is created. Values that only reach a resource property are
 * `pulumi.Input`s. Each optional field states its default; {@link resolveUseCase} applies
 * them, so a component never reads an absent field.
 */
import type {
  EventType,
  MessageType,
  NumberCapability,
  NumberType,
  RequestableNumberType,
} from "@aws-sdk/client-pinpoint-sms-voice-v2";
import type * as pulumi from "@pulumi/pulumi";
import type { RegistrationFieldInput } from "./registration";

export type { EventType, MessageType, NumberCapability, NumberType, RequestableNumberType };

/** Protect modes a country in use may have: FILTER blocks suspected pumping, MONITOR reports, ALLOW adds no Protect cost. */
export type ProtectMode = "FILTER" | "MONITOR" | "ALLOW";

/** Who confirms STOP (and answers HELP) when opt-outs are self-managed. */
export type StopConfirmation = "estate" | "application";

/** Replies to the keywords of a pool. Every reply is 20–160 characters (carrier rule). */
export interface PoolKeywords {
  /** Reply to HELP (mandatory keyword): brand or program name and a support contact. Required. */
  help: string;
  /** Reply to STOP (mandatory keyword): brand and confirmation that nothing more will be sent. Required. */
  stop: string;
  /** Opt-in keywords (upper case, e.g. `JOIN`) and their confirmations; at least one. Required. */
  optIn: Record<string, string>;
  /** Further keywords answered automatically (AUTOMATIC_RESPONSE). Default: none. */
  autoReply?: Record<string, string>;
}

/** An SNS topic receiving a configuration set's events. */
export interface SnsEventDestinationArgs {
  /** An existing topic (`{region}` stands for the declaring Region). Default: a topic is created per Region. */
  topicArn?: string;
}

/** A CloudWatch Logs log group receiving a configuration set's events. */
export interface CloudWatchLogsEventDestinationArgs {
  /** An existing log group (`{region}` stands for the declaring Region). Default: a log group is created per Region. */
  logGroupArn?: string;
  /** Days a created log group keeps events (a value CloudWatch Logs accepts). Default: 365. */
  retentionDays?: number;
}

/** A Firehose delivery stream receiving a configuration set's events. */
export interface FirehoseEventDestinationArgs {
  /** The delivery stream (`{region}` stands for the declaring Region); the estate creates none. Required. */
  deliveryStreamArn: string;
}

/** One event destination of a configuration set: exactly one of `sns`, `cloudwatchLogs`, `firehose`. */
export interface EventDestinationArgs {
  /** Event types to send there (TEXT_SENT is not supported by AWS). Default: `["ALL"]`. */
  events?: EventType[];
  /** Send events to an SNS topic. Default: none. */
  sns?: SnsEventDestinationArgs;
  /** Send events to a CloudWatch Logs log group. Default: none. */
  cloudwatchLogs?: CloudWatchLogsEventDestinationArgs;
  /** Send events to a Firehose delivery stream. Default: none. */
  firehose?: FirehoseEventDestinationArgs;
}

/** One use case of the estate (OTP, alerts, marketing…): its pool, list and configuration set in every Region. */
export interface UseCaseArgs {
  /** What the use case is for. Default: none. */
  description?: string;
  /** TRANSACTIONAL or PROMOTIONAL; every originator of the use case must match. Required. */
  messageType: MessageType;
  /** Destination countries (ISO 3166-1 alpha-2), e.g. `["US", "CA"]`. Required, at least one. */
  countries: string[];
  /** Receive replies through an SNS topic (two-way). Default: false. */
  twoWay?: boolean;
  /** The application keeps opt-outs itself; requires `twoWay`. Default: false (AWS-managed). */
  selfManagedOptOuts?: boolean;
  /**
   * Who confirms STOP and answers HELP when opt-outs are self-managed (AWS then sends
   * neither): `estate` (a function on the inbound topic replies) or `application`.
   * Default: none (AWS replies).
   */
  stopConfirmation?: StopConfirmation;
  /** Public web forms trigger these sends (OTP, sign-up): Protect filters them by default. Default: false. */
  publicFacing?: boolean;
  /** Protect mode for the use case's countries. Default: FILTER when `publicFacing`, else ALLOW. */
  protectMode?: ProtectMode;
  /** Keyword replies of the use case's pool. Required. */
  keywords: PoolKeywords;
  /** Event destinations of the use case's configuration set, by name (at most 5). Default: none. */
  eventDestinations?: Record<string, EventDestinationArgs>;
  /**
   * Message feedback on the use case's configuration set: the application reports each
   * message as received or failed (`PutMessageFeedback`). Default: false (left unset).
   */
  messageFeedback?: boolean;
}

/** A phone number to request from AWS. */
export interface PhoneNumberArgs {
  /** The use case whose pool (or spare bench) the number serves. Required. */
  useCase: string;
  /** Held outside the pool, ready to swap in. Default: false. */
  spare?: boolean;
  /** ISO 3166-1 alpha-2 country of the number. Required. */
  country: string;
  /** TOLL_FREE, TEN_DLC, LONG_CODE or SIMULATOR. Required. */
  numberType: RequestableNumberType;
  /** SMS and/or VOICE. Default: `["SMS"]`. */
  capabilities?: NumberCapability[];
  /**
   * The registration (toll-free registration, 10DLC campaign) the number is attached to, by
   * its key under the Region's `registrations`; give this or `registrationId`. Default: none.
   */
  registration?: string;
  /** The id of a registration made outside the estate (in this Region). Default: none. */
  registrationId?: pulumi.Input<string>;
  /** Default: the use case's message type. */
  messageType?: MessageType;
}

/** A sender ID, requested once per listed country. */
export interface SenderIdArgs {
  /** The use case whose pool (or spare bench) the sender ID serves. Required. */
  useCase: string;
  /** Held outside the pool, ready to swap in. Default: false. */
  spare?: boolean;
  /** The sender ID, 3–11 letters, digits or dashes (6 for India). Required. */
  senderId: string;
  /** Countries to register it in (not US). Required, at least one. */
  countries: string[];
  /** Default: the use case's message type only. */
  messageTypes?: MessageType[];
}

/** Kinds of originator adopted by reference. */
export type ExistingOriginatorKind = "phoneNumber" | "senderId";

/** An originator obtained outside Pulumi (e.g. a short code through AWS Support), adopted by reference. */
export interface ExistingOriginatorArgs {
  /** The use case whose pool (or spare bench) it serves. Required. */
  useCase: string;
  /** Held outside the pool, ready to swap in. Default: false. */
  spare?: boolean;
  /** `phoneNumber` or `senderId`. Required. */
  kind: ExistingOriginatorKind;
  /** Phone number id (`phone-…`) or sender ID as AWS names it; give this or `arn`. Default: none. */
  id?: string;
  /** The originator's ARN; give this or `id`. Default: none. */
  arn?: string;
  /** The adopted number's type (e.g. SHORT_CODE). Default: none (required for phone numbers by the config). */
  numberType?: NumberType;
  /** Countries it serves; a sender ID joins the pool once per country. Required. */
  countries: string[];
  /** Default: the use case's message type. */
  messageType?: MessageType;
}

/** A registration of one Region (toll-free, 10DLC brand or campaign, sender ID) and its form. */
export interface RegionRegistrationArgs {
  /** AWS's `RegistrationType`, e.g. `US_TOLL_FREE_REGISTRATION`. Required; changing it replaces. */
  type: string;
  /** The form's values by AWS's field path: `{ text }`, `{ choices }` or `{ attachment }`. Required. */
  fields: Record<string, RegistrationFieldInput>;
  /** Submit it for review (each later version too, while true). Default: false (a draft). */
  submit?: boolean;
}

/** The originators of one Region, each keyed by a stable name (resource names derive from the keys). */
export interface RegionalOriginatorsArgs {
  /** Registrations of the Region, keyed by a stable name. Default: none. */
  registrations?: Record<string, RegionRegistrationArgs>;
  /** Numbers to request from AWS. Default: none. */
  phoneNumbers?: Record<string, PhoneNumberArgs>;
  /** Sender IDs, each requested for every listed country. Default: none. */
  senderIds?: Record<string, SenderIdArgs>;
  /** Originators adopted by reference. Default: none. */
  existingOriginators?: Record<string, ExistingOriginatorArgs>;
}

/** A Protect rule override for one destination number. */
export interface NumberOverrideArgs {
  /** The number in E.164 (personal data: kept secret in state). Required. */
  number: pulumi.Input<string>;
  /** ALLOW lets the number through whatever its country's rule; BLOCK stops it. Required. */
  action: "ALLOW" | "BLOCK";
  /** ISO date or date-time after which the override lapses. Default: never. */
  expiresAt?: pulumi.Input<string>;
  /** Apply to this use case's protect configuration. Default: the account-level one. */
  useCase?: string;
  /** Regions to apply it in. Default: every Region of the estate. */
  regions?: string[];
  /** Why the override exists (audit trail), e.g. a ticket. Required by the config; default: none. */
  reason?: string;
}

/** Account-level SMS pumping defences, in every Region of the estate. */
export interface ProtectArgs {
  /** Mode of every country some use case sends to, in the account-level configuration. Default: FILTER. */
  accountDefaultMode?: ProtectMode;
  /** Make the account-level configuration the account default. Default: true. */
  setAccountDefault?: boolean;
  /** Monthly text-message spend-limit override in whole USD. Default: leave AWS's limit. */
  monthlySpendLimitUsd?: pulumi.Input<number>;
  /** Phone-number overrides keyed by a stable name. Default: none. */
  numberOverrides?: Record<string, NumberOverrideArgs>;
}

/** A use case with every default applied. */
export type ResolvedUseCase = UseCaseArgs &
  Required<
    Pick<
      UseCaseArgs,
      "twoWay" | "selfManagedOptOuts" | "publicFacing" | "protectMode" | "eventDestinations"
    >
  >;

/** Applies the defaults stated on {@link UseCaseArgs}. */
export function resolveUseCase(useCase: UseCaseArgs): ResolvedUseCase {
  const publicFacing = useCase.publicFacing ?? false;
  return {
    ...useCase,
    twoWay: useCase.twoWay ?? false,
    selfManagedOptOuts: useCase.selfManagedOptOuts ?? false,
    publicFacing,
    protectMode: useCase.protectMode ?? (publicFacing ? "FILTER" : "ALLOW"),
    eventDestinations: useCase.eventDestinations ?? {},
  };
}
