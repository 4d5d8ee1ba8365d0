/**
 * The inbound two-way SMS as End User Messaging publishes it to SNS ("How to Implement
 * Self-Managed Opt-Outs for SMS with Amazon Pinpoint":
 * `originationNumber`, `destinationNumber`, `messageKeyword`, `messageBody`,
 * `previousPublishedMessageId`, `inboundMessageId`), read from an SNS Lambda record.
 */
import type { SNSEventRecord } from "aws-lambda";

/** One inbound message. */
export interface InboundMessage {
  /** The end user's number (E.164): the number that opts out. */
  readonly originationNumber: string;
  /** Our originator the user replied to. */
  readonly destinationNumber?: string;
  /** AWS's id of the matched keyword (`KEYWORD_…`), not the keyword text. */
  readonly messageKeyword?: string;
  readonly messageBody: string;
  readonly inboundMessageId?: string;
  readonly previousPublishedMessageId?: string;
}

/** The payload could not be read; the record should be retried or land in the dead-letter queue. */
export class InboundMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InboundMessageError";
  }
}

/** Same pattern as the API's `PhoneNumber` shape, but with the leading `+` required. */
const E164 = /^\+[1-9][0-9]{1,18}$/;

const optionalString = (value: unknown): string | undefined =>
  typeof value === "string" && value.length > 0 ? value : undefined;

/**
 * Parses the `Sns.Message` of one record.
 *
 * @throws InboundMessageError when the message is not JSON or lacks an E.164 originationNumber
 */
export function parseInboundRecord(record: Pick<SNSEventRecord, "Sns">): InboundMessage {
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(record.Sns.Message) as Record<string, unknown>;
  } catch {
    throw new InboundMessageError(
      `SNS message ${record.Sns.MessageId} is not JSON; not an inbound SMS`,
    );
  }
  if (!payload || typeof payload !== "object") {
    throw new InboundMessageError(`SNS message ${record.Sns.MessageId} is not a JSON object`);
  }
  const originationNumber = payload.originationNumber;
  if (typeof originationNumber !== "string" || !E164.test(originationNumber)) {
    throw new InboundMessageError(
      `SNS message ${record.Sns.MessageId} has no E.164 originationNumber`,
    );
  }
  return {
    originationNumber,
    destinationNumber: optionalString(payload.destinationNumber),
    messageKeyword: optionalString(payload.messageKeyword),
    messageBody: typeof payload.messageBody === "string" ? payload.messageBody : "",
    inboundMessageId: optionalString(payload.inboundMessageId),
    previousPublishedMessageId: optionalString(payload.previousPublishedMessageId),
  };
}

/** `+12065550142` → `+1206***0142`: enough to correlate in logs without logging personal data. */
export function maskNumber(number: string): string {
  return number.length <= 8 ? "***" : `${number.slice(0, 5)}***${number.slice(-4)}`;
}
