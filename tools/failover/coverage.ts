/**
 * Which countries a pool can reach, and how fast, from its members as AWS describes them:
 * per country, the members that can send there (ACTIVE, registered where registration is
 * required) and why the others cannot. Pure, so promote and status judge a Region alike.
 */
import {
  type CountryThroughput,
  type OriginatorKind,
  poolThroughput,
  type ThroughputOriginator,
  type ThroughputSettings,
} from "../../components/sms/throughput";

/** A pool member as DescribePhoneNumbers / DescribeSenderIds report it. */
export interface MemberInfo {
  readonly arn: string;
  /** Phone-number id, or the sender ID. */
  readonly id: string;
  readonly kind: "phone-number" | "sender-id";
  /** ISO country the member sends to (a sender ID exists once per country). */
  readonly country: string;
  /** A phone number's Status; sender IDs have none and read `ACTIVE`. */
  readonly status: string;
  /** A phone number's NumberType. */
  readonly numberType?: string;
  /** The registration the member is attached to, if any. */
  readonly registrationId?: string;
  /** A sender ID's `Registered`. */
  readonly registered?: boolean;
  /** Message types it may carry (a number's MessageType, a sender ID's MessageTypes). */
  readonly messageTypes: readonly string[];
  /** AWS's `MessagingLimits.RateLimits.SMS`, when reported. */
  readonly awsMps?: number;
}

/**
 * Countries where a sender ID must be registered before it delivers. AWS's list is longer
 * (see "Supported countries and regions" in the AWS End User Messaging SMS User Guide); these
 * are the ones its sender-ID guides name. Elsewhere a sender ID counts unless a registration
 * was started for it and is not complete.
 */
export const SENDER_ID_REGISTRATION_COUNTRIES: ReadonlySet<string> = new Set([
  "IN",
  "JO",
  "PH",
  "QA",
  "SA",
  "VN",
]);

/** US number types carriers accept only once registered (toll-free verification, 10DLC campaign). */
const US_REGISTERED_TYPES = new Set(["TOLL_FREE", "TEN_DLC"]);

/** Why `member` cannot send `messageType`, or undefined when it can. */
export function memberProblem(member: MemberInfo, messageType: string): string | undefined {
  if (member.kind === "phone-number") {
    if (member.status !== "ACTIVE") return `${member.id} ${member.status}`;
    if (
      member.country === "US" &&
      US_REGISTERED_TYPES.has(member.numberType ?? "") &&
      !member.registrationId
    ) {
      return `${member.id} ${member.numberType} is not attached to a registration`;
    }
    return undefined;
  }
  if (member.messageTypes.length > 0 && !member.messageTypes.includes(messageType)) {
    return `sender ID ${member.id} (${member.country}) is not enabled for ${messageType}`;
  }
  if (member.registered) return undefined;
  if (SENDER_ID_REGISTRATION_COUNTRIES.has(member.country)) {
    return `sender ID ${member.id} is not registered for ${member.country}`;
  }
  if (member.registrationId) {
    return `sender ID ${member.id} (${member.country}): registration ${member.registrationId} is not complete`;
  }
  return undefined;
}

/** One country of a use case in one pool. */
export interface CountryCoverage {
  readonly country: string;
  /** Members that can send there. */
  readonly usable: readonly MemberInfo[];
  /** Members for the country that cannot, each with why. */
  readonly unusable: readonly { readonly member: MemberInfo; readonly problem: string }[];
  /** What the usable members carry (see components/sms/throughput.ts). */
  readonly throughput: CountryThroughput;
}

/** The throughput module's view of a member. */
export function asOriginator(member: MemberInfo): ThroughputOriginator {
  const kind: OriginatorKind =
    member.kind === "sender-id"
      ? "SENDER_ID"
      : ((member.numberType ?? "LONG_CODE") as OriginatorKind);
  return {
    kind,
    country: member.country,
    id: member.id,
    arn: member.arn,
    ...(member.awsMps !== undefined ? { awsMps: member.awsMps } : {}),
  };
}

/**
 * Per country of `countries`: the members that can send there and how fast.
 *
 * @param settings throughput overrides; default `{}`
 */
export function poolCoverage(
  members: readonly MemberInfo[],
  countries: readonly string[],
  messageType: string,
  settings: ThroughputSettings = {},
): Record<string, CountryCoverage> {
  const usable = members.filter((m) => memberProblem(m, messageType) === undefined);
  const throughput = poolThroughput(usable.map(asOriginator), countries, settings);
  return Object.fromEntries(
    countries.map((country) => [
      country,
      {
        country,
        usable: usable.filter((m) => m.country === country),
        unusable: members
          .filter((m) => m.country === country && !usable.includes(m))
          .map((member) => ({ member, problem: memberProblem(member, messageType)! })),
        throughput: throughput[country],
      },
    ]),
  );
}

/** Countries with no usable member, each with what was found there. */
export function uncoveredCountries(coverage: Readonly<Record<string, CountryCoverage>>): string[] {
  return Object.values(coverage)
    .filter((c) => c.usable.length === 0)
    .map((c) =>
      c.unusable.length === 0
        ? `${c.country}: no member`
        : `${c.country}: ${c.unusable.map((u) => u.problem).join(", ")}`,
    );
}
