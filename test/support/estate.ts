/**
 * Test support: a small valid estate to mutate, and a way to run any estate offline
 * through the real components.
 */
import { runOffline, type OfflineRun } from "../../engine/run";
import type { RecordedResource } from "../../engine/recording-monitor";
import { parseEstateConfig } from "../../stacks/config/load";
import type { EstateConfig, EstateConfigInput } from "../../stacks/config/schema";
import { deployEstate } from "../../stacks/estate";

export const TOKENS = {
  phoneNumber: "aws:pinpoint/smsvoicev2PhoneNumber:Smsvoicev2PhoneNumber",
  senderId: "aws:pinpoint/smsvoicev2SenderId:Smsvoicev2SenderId",
  pool: "aws:pinpoint/smsvoicev2Pool:Smsvoicev2Pool",
  optOutList: "aws:pinpoint/smsvoicev2OptOutList:Smsvoicev2OptOutList",
  keyword: "aws:pinpoint/smsvoicev2Keyword:Smsvoicev2Keyword",
  configurationSet: "aws-native:smsvoice:ConfigurationSet",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  topic: "aws:sns/topic:Topic",
  topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
} as const;

const HELP = "Acme: help at support@acme.example or +1-800-555-0199. Msg&data rates may apply.";
const STOP = "Acme: you are unsubscribed and will receive no more messages.";
const JOIN =
  "Acme: you're subscribed, up to 4 msgs/month. Msg&data rates may apply. Reply HELP for help, STOP to end.";

/** A fresh, valid two-Region estate (a new object every call, safe to mutate). */
export function minimalEstate(): EstateConfigInput & Record<string, unknown> {
  return {
    account: "111122223333",
    brand: "Acme",
    namePrefix: "acme",
    primaryRegion: "us-east-1",
    standbyRegions: ["us-west-2"],
    tags: { owner: "platform" },
    useCases: {
      otp: {
        messageType: "TRANSACTIONAL",
        publicFacing: true,
        countries: ["US", "GB"],
        keywords: { help: HELP, stop: STOP, optIn: { JOIN } },
        eventDestinations: { logs: { type: "cloudwatchLogs" } },
      },
      marketing: {
        messageType: "PROMOTIONAL",
        twoWay: true,
        countries: ["US"],
        keywords: { help: HELP, stop: STOP, optIn: { JOIN } },
        eventDestinations: {
          stream: {
            type: "firehose",
            deliveryStreamArn: "arn:aws:firehose:{region}:111122223333:deliverystream/sms",
          },
        },
      },
    },
    regions: {
      "us-east-1": {
        phoneNumbers: {
          "otp-us": {
            useCase: "otp",
            country: "US",
            numberType: "TOLL_FREE",
            registrationId: "registration-otp-use1",
          },
          "otp-us-spare": {
            useCase: "otp",
            spare: true,
            country: "US",
            numberType: "TOLL_FREE",
            registrationId: "registration-otp-spare-use1",
          },
          "marketing-us": {
            useCase: "marketing",
            country: "US",
            numberType: "TEN_DLC",
            registrationId: "registration-marketing-use1",
          },
        },
        senderIds: { "otp-brand": { useCase: "otp", senderId: "ACME", countries: ["GB"] } },
      },
      "us-west-2": {
        phoneNumbers: {
          "otp-us": { useCase: "otp", country: "US", numberType: "LONG_CODE" },
          "marketing-us": {
            useCase: "marketing",
            country: "US",
            numberType: "TEN_DLC",
            registrationId: "registration-marketing-usw2",
          },
        },
        senderIds: { "otp-brand": { useCase: "otp", senderId: "ACME", countries: ["GB"] } },
      },
    },
  };
}

/** Deep copy through JSON, for mutating fixtures. */
export function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * A copy of a Region's block for another Region. Registrations are per Region (AWS refuses
 * another Region's registration id, and so does the validation), so every registration id
 * in the copy gets the new Region as a suffix.
 */
export function regionCopy<T>(block: T, region: string): T {
  const copy = clone(block) as Record<string, Record<string, Record<string, unknown>>>;
  for (const entries of [copy.phoneNumbers, copy.existingOriginators]) {
    for (const entry of Object.values(entries ?? {})) {
      if (typeof entry.registrationId === "string") {
        entry.registrationId = `${entry.registrationId}-${region}`;
      }
    }
  }
  for (const sender of Object.values(copy.senderIds ?? {})) {
    const ids = sender.registrationIds as Record<string, string> | undefined;
    for (const country of Object.keys(ids ?? {})) ids![country] = `${ids![country]}-${region}`;
  }
  return copy as T;
}

/** Validates and runs an estate through `deployEstate` under the offline engine. */
export async function runEstate(raw: unknown): Promise<OfflineRun & { estate: EstateConfig }> {
  const estate = parseEstateConfig(raw);
  const run = await runOffline(() => deployEstate(estate).outputs, {
    account: estate.account,
    defaultRegion: estate.primaryRegion,
  });
  return { ...run, estate };
}

/** Resources of one type. */
export function ofType(resources: RecordedResource[], type: string): RecordedResource[] {
  return resources.filter((r) => r.type === type);
}

/** The one resource with this logical name (fails loudly otherwise). */
export function named(resources: RecordedResource[], name: string): RecordedResource {
  const found = resources.filter((r) => r.name === name);
  if (found.length !== 1)
    throw new Error(`expected one resource named ${name}, found ${found.length}`);
  return found[0];
}
