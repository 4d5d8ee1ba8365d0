/**
 * AWS's own rules for the values a stack config passes to AWS, so that a config AWS would
 * refuse fails validation instead of `pulumi up` halfway through.
 *
 * Enums come from the installed SMS Voice v2 SDK (`@aws-sdk/client-pinpoint-sms-voice-v2`),
 * so an SDK upgrade brings new values; list sizes and name formats are those of the SMS
 * Voice v2 API model (AWS End User Messaging SMS API Reference), the CloudWatch Logs,
 * Firehose, SNS and IAM API references, and the AWS tagging rules ("Tagging AWS
 * resources", AWS General Reference).
 */
import {
  EventType,
  MessageType,
  NumberCapability,
  NumberType,
  RequestableNumberType,
} from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { Region as AWS_REGION_CODES } from "@pulumi/aws/types/enums";
import { REGION_PLACEHOLDER } from "../../lib/arns";
import { partitionOf } from "./regions";
import { quote } from "./text";

export { REGION_PLACEHOLDER };

type NonEmpty<T> = [T, ...T[]];
const values = <T extends string>(enumObject: Record<string, T>): NonEmpty<T> =>
  Object.values(enumObject).sort() as NonEmpty<T>;

/** `MessageType` of the SMS Voice v2 API. */
export const MESSAGE_TYPES = values(MessageType);
/** `RequestableNumberType`: the number types `RequestPhoneNumber` sells. */
export const REQUESTABLE_NUMBER_TYPES = values(RequestableNumberType);
/** `NumberType`: every type a phone number can have (short codes come through AWS Support). */
export const PHONE_NUMBER_TYPES = values(NumberType);
/** `NumberCapability`. */
export const NUMBER_CAPABILITIES = values(NumberCapability);
/** `NumberCapabilityList` holds 1–2 capabilities. */
export const MAX_NUMBER_CAPABILITIES = 2;

/**
 * `EventType` values an event destination may match. The API reference says of
 * `MatchingEventTypes`: "The TEXT_SENT event type is not supported", so it is left out.
 */
export const EVENT_TYPES = values(EventType).filter((type) => type !== "TEXT_SENT") as NonEmpty<
  Exclude<EventType, "TEXT_SENT">
>;
/** `EventTypeList` holds 1–25 event types. */
export const MAX_EVENT_TYPES = 25;

/**
 * The retention periods CloudWatch Logs accepts (`PutRetentionPolicy`'s `retentionInDays`),
 * in days. Any other number is refused by the API.
 */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
] as const;

/** Tags one AWS resource may carry (the limit of IAM, SNS, SQS, Lambda, CloudWatch Logs, RAM). */
export const MAX_TAGS_PER_RESOURCE = 50;
/** Tag key: 1–128 Unicode letters, digits, spaces and `_ . : / = + - @`. */
export const TAG_KEY_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
/** Tag value: 0–256 of the same characters. */
export const TAG_VALUE_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;
/** AWS reserves tag keys starting with `aws:` (any case) for its own tags. */
export const RESERVED_TAG_PREFIX = /^aws:/i;

/** AWS Region codes the installed AWS provider knows (`aws.Region`). */
export const KNOWN_AWS_REGIONS: ReadonlySet<string> = new Set(Object.values(AWS_REGION_CODES));

/** Partitions an ARN may name. */
export const PARTITIONS = ["aws", "aws-cn", "aws-us-gov"] as const;

/** An ARN split into its six fields. */
export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

/** Splits an ARN into its fields, or undefined when it does not have six of them. */
export function parseArn(arn: string): ParsedArn | undefined {
  const match = /^arn:([^:]*):([^:]*):([^:]*):([^:]*):(.*)$/s.exec(arn);
  if (!match) return undefined;
  const [, partition, service, region, account, resource] = match;
  return { partition, service, region, account, resource };
}

/** What an ARN field of the config must point at. */
export interface ArnKind {
  /** Service field, e.g. `sns`. */
  service: string;
  /** Words for messages, e.g. "an SNS topic". */
  what: string;
  /** Example ARN for messages. */
  example: string;
  /** Whether the ARN names a Region (IAM and Organizations ARNs do not). Default: true. */
  regional?: boolean;
  /** The resource field's rule, and what to say when it is broken. */
  resource: { pattern: RegExp; expected: string };
  /** Longest ARN the API takes. */
  maxLength: number;
}

/** The ARNs the config takes, with the API's rules for each. */
export const ARN_KINDS = {
  snsTopic: {
    service: "sns",
    what: "an SNS topic",
    example: "arn:aws:sns:{region}:111122223333:sms-events",
    resource: {
      pattern: /^[A-Za-z0-9_-]{1,256}(\.fifo)?$/,
      expected: "a topic name of 1–256 letters, digits, - and _",
    },
    maxLength: 2048,
  },
  logGroup: {
    service: "logs",
    what: "a CloudWatch Logs log group",
    example: "arn:aws:logs:{region}:111122223333:log-group:/sms/events",
    resource: {
      pattern: /^log-group:[A-Za-z0-9._/#-]{1,512}(:\*)?$/,
      expected: "log-group:<name>, the name 1–512 letters, digits and . _ - / #",
    },
    maxLength: 2048,
  },
  deliveryStream: {
    service: "firehose",
    what: "a Firehose delivery stream",
    example: "arn:aws:firehose:{region}:111122223333:deliverystream/sms-events",
    resource: {
      pattern: /^deliverystream\/[A-Za-z0-9._-]{1,64}$/,
      expected: "deliverystream/<name>, the name 1–64 letters, digits and . _ -",
    },
    maxLength: 2048,
  },
  smsPhoneNumber: {
    service: "sms-voice",
    what: "an End User Messaging phone number",
    example: "arn:aws:sms-voice:us-east-1:111122223333:phone-number/phone-0123456789abcdef",
    resource: {
      pattern: /^phone-number\/[A-Za-z0-9_-]{1,64}$/,
      expected: "phone-number/<phone number id>",
    },
    maxLength: 256,
  },
  smsSenderId: {
    service: "sms-voice",
    what: "an End User Messaging sender ID",
    example: "arn:aws:sms-voice:eu-west-1:111122223333:sender-id/ACME/GB",
    resource: {
      pattern: /^sender-id\/[A-Za-z0-9_-]{1,11}\/[A-Z]{2}$/,
      expected: "sender-id/<sender ID>/<ISO country code>",
    },
    maxLength: 256,
  },
} satisfies Record<string, ArnKind>;

/**
 * The problem with `arn` as an ARN of `kind`, or undefined when AWS would accept it. The
 * Region field may be `{region}`; a Region it names must be a known AWS Region whose
 * partition is the ARN's.
 */
export function arnProblem(arn: string, kind: ArnKind): string | undefined {
  const expected = `expected ${kind.what} ARN such as ${kind.example}`;
  if (arn.length > kind.maxLength) {
    return `is ${arn.length} characters long; AWS accepts at most ${kind.maxLength}; ${expected}`;
  }
  const parsed = parseArn(arn);
  if (!parsed || /\s/.test(arn)) {
    return `is not an ARN (arn:<partition>:<service>:<region>:<account>:<resource>, no spaces); ${expected}`;
  }
  if (!(PARTITIONS as readonly string[]).includes(parsed.partition)) {
    return `has partition ${quote(parsed.partition)}; use aws, aws-cn or aws-us-gov; ${expected}`;
  }
  if (parsed.service !== kind.service) {
    return `is an ARN of service ${quote(parsed.service)}, not ${kind.service}; ${expected}`;
  }
  if (kind.regional === false) {
    if (parsed.region !== "") return `must name no Region (…:${kind.service}::<account>:…)`;
  } else if (parsed.region !== REGION_PLACEHOLDER) {
    if (!KNOWN_AWS_REGIONS.has(parsed.region)) {
      return `names Region ${quote(parsed.region)}, which is not an AWS Region; use a code such as us-east-1, or {region} for each Region of the estate`;
    }
    if (partitionOf(parsed.region) !== parsed.partition) {
      return `is in partition ${parsed.partition} but names ${parsed.region}, which is in ${partitionOf(parsed.region)}; write arn:${partitionOf(parsed.region)}:…`;
    }
  }
  if (!/^[0-9]{12}$/.test(parsed.account)) {
    return parsed.account === ""
      ? `has an empty account field; put the 12-digit account id between the Region and the resource; ${expected}`
      : `has account ${quote(parsed.account)}; the account field must be a 12-digit account id; ${expected}`;
  }
  if (!kind.resource.pattern.test(parsed.resource)) {
    return `has resource part ${quote(parsed.resource)}; expected ${kind.resource.expected}, e.g. ${kind.example}`;
  }
  return undefined;
}
