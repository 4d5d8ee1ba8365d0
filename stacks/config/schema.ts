/**
 * The structured stack configuration (`messaging:estate` in `stacks/Pulumi.<stack>.yaml`).
 *
 * This module holds the *shape* and every rule that concerns one value on its own (formats,
 * lengths, enums). Rules that relate values to each other live in `rules.ts`. Every map is
 * keyed by a name the user chose: resource names derive from those keys, never from list
 * positions, so reordering the YAML changes no URN.
 */
import { z } from "zod";
import { isIsoCountryCode } from "./countries";
import {
  ACCOUNT_ID_PATTERN,
  ARN_PATTERN,
  E164_PATTERN,
  ENCRYPTED_CONFIG_VALUE,
  CONFIG_KEY_PATTERN,
  IAM_ROLE_ARN_PATTERN,
  KEYWORD_PATTERN,
  ORGANIZATION_PRINCIPAL_PATTERN,
  KEYWORD_REPLY_MAX,
  KEYWORD_REPLY_MIN,
  SMS_RESOURCE_NAME_PATTERN,
  senderIdProblem,
} from "./formats";
import { isSmsRegion, SMS_REGIONS } from "./regions";
import { sesConfigSchema } from "./ses-schema";

/** Placeholder in ARNs of per-Region resources, replaced by each Region of the estate. */
export const REGION_PLACEHOLDER = "{region}";

/** Substitutes the declaring Region into an ARN template. */
export function arnForRegion(template: string, region: string): string {
  return template.replaceAll(REGION_PLACEHOLDER, region);
}

export const MESSAGE_TYPES = ["TRANSACTIONAL", "PROMOTIONAL"] as const;
export const NUMBER_TYPES = ["LONG_CODE", "TOLL_FREE", "TEN_DLC", "SIMULATOR"] as const;
/** Types an adopted originator may have: short codes only come through AWS Support. */
export const EXISTING_NUMBER_TYPES = ["SHORT_CODE", "LONG_CODE", "TOLL_FREE", "TEN_DLC"] as const;
export const NUMBER_CAPABILITIES = ["SMS", "VOICE"] as const;
/** `EventType` enum of the SMS Voice v2 model (text and voice events). */
export const EVENT_TYPES = [
  "ALL",
  "TEXT_ALL",
  "TEXT_SENT",
  "TEXT_PENDING",
  "TEXT_QUEUED",
  "TEXT_SUCCESSFUL",
  "TEXT_DELIVERED",
  "TEXT_INVALID",
  "TEXT_INVALID_MESSAGE",
  "TEXT_UNREACHABLE",
  "TEXT_CARRIER_UNREACHABLE",
  "TEXT_BLOCKED",
  "TEXT_CARRIER_BLOCKED",
  "TEXT_SPAM",
  "TEXT_UNKNOWN",
  "TEXT_TTL_EXPIRED",
  "VOICE_ALL",
  "VOICE_INITIATED",
  "VOICE_RINGING",
  "VOICE_ANSWERED",
  "VOICE_COMPLETED",
  "VOICE_BUSY",
  "VOICE_NO_ANSWER",
  "VOICE_FAILED",
  "VOICE_TTL_EXPIRED",
] as const;

/** Configuration sets hold 0–5 event destinations (digest §4). */
export const MAX_EVENT_DESTINATIONS = 5;

const configKey = (what: string) =>
  z
    .string()
    .regex(
      CONFIG_KEY_PATTERN,
      `${what} must start with a lower-case letter and hold only lower-case letters, digits and dashes (at most 32 characters)`,
    );

const region = z.string().refine(isSmsRegion, {
  message: `not a Region with an End User Messaging SMS endpoint; use one of ${SMS_REGIONS.join(", ")}`,
});

const country = z.string().refine(isIsoCountryCode, {
  message: "not an ISO 3166-1 alpha-2 country code; write two upper-case letters such as US or GB",
});

/** A list of countries with no repeats (a repeat is almost always a copy-paste slip). */
const countryList = z
  .array(country)
  .min(1, "list at least one destination country")
  .superRefine((codes, ctx) => {
    const seen = new Set<string>();
    codes.forEach((code, index) => {
      if (seen.has(code)) {
        ctx.addIssue({
          code: "custom",
          path: [index],
          message: `${code} is listed twice; remove the repeat`,
        });
      }
      seen.add(code);
    });
  });

/** An ARN; `{region}` stands for the Region the resource is declared in. */
const arn = (what: string) =>
  z
    .string()
    .refine((value) => ARN_PATTERN.test(value.replaceAll(REGION_PLACEHOLDER, "us-east-1")), {
      message: `${what} must be an ARN such as arn:aws:<service>:<region>:<account>:<resource> (write {region} for the declaring Region)`,
    });

const keywordReply = z
  .string()
  .refine((text) => text.length >= KEYWORD_REPLY_MIN && text.length <= KEYWORD_REPLY_MAX, {
    message: `keyword replies must be ${KEYWORD_REPLY_MIN}–${KEYWORD_REPLY_MAX} characters (carrier rule); shorten or expand the text`,
  });

const keywordMap = z.record(
  z
    .string()
    .regex(
      KEYWORD_PATTERN,
      "keywords must be upper case, 1–30 letters, digits, spaces, dashes or underscores",
    ),
  keywordReply,
);

const keywordsSchema = z.strictObject({
  /** Reply to HELP: brand or program name and a support contact (digest §3.2). */
  help: keywordReply,
  /** Reply to STOP: brand and confirmation that nothing more will be sent. */
  stop: keywordReply,
  /** Opt-in keywords (e.g. JOIN) and their confirmations; at least one per pool (digest §3.2). */
  optIn: keywordMap.refine((map) => Object.keys(map).length > 0, {
    message: 'declare at least one opt-in keyword, e.g. JOIN: "<Brand>: you\'re subscribed..."',
  }),
  /** Further keywords answered automatically (AUTOMATIC_RESPONSE). Default: none. */
  autoReply: keywordMap.default({}),
});

const eventDestinationSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("sns"),
    /** Existing topic; when absent the estate creates one per region. */
    topicArn: arn("topicArn").optional(),
    events: z.array(z.enum(EVENT_TYPES)).min(1).default(["ALL"]),
  }),
  z.strictObject({
    type: z.literal("cloudwatchLogs"),
    /** Existing log group; when absent the estate creates one per region. */
    logGroupArn: arn("logGroupArn").optional(),
    /** Days to keep events in a created log group. Default: 365. */
    retentionDays: z.number().int().positive().default(365),
    events: z.array(z.enum(EVENT_TYPES)).min(1).default(["ALL"]),
  }),
  z.strictObject({
    type: z.literal("firehose"),
    /** The delivery stream events go to; required, the estate does not create streams. */
    deliveryStreamArn: arn("deliveryStreamArn"),
    events: z.array(z.enum(EVENT_TYPES)).min(1).default(["ALL"]),
  }),
]);

const useCaseSchema = z.strictObject({
  description: z.string().optional(),
  messageType: z.enum(MESSAGE_TYPES),
  /** Destination countries (ISO alpha-2). */
  countries: countryList,
  /** Receive replies through an SNS topic. Default: false. */
  twoWay: z.boolean().default(false),
  /** The application keeps opt-outs itself; requires twoWay. Default: false (AWS-managed). */
  selfManagedOptOuts: z.boolean().default(false),
  /**
   * Who confirms STOP (and answers HELP) when opt-outs are self-managed, since AWS then sends
   * neither: `estate` (a function on the inbound topic replies with keywords.stop and
   * keywords.help through SendTextMessage) or `application` (your own service does). Required
   * with selfManagedOptOuts; not allowed without. Default: none.
   */
  stopConfirmation: z.enum(["estate", "application"]).optional(),
  /** Public web forms trigger these sends (OTP, sign-up, password reset). Default: false. */
  publicFacing: z.boolean().default(false),
  /**
   * Protect mode for the use case's countries in its own protect configuration: FILTER
   * blocks suspected pumping (Protect Filter fee per message), MONITOR only reports, ALLOW
   * adds no Protect cost. Every other country is blocked either way.
   * Default: FILTER when publicFacing, else ALLOW.
   */
  protectMode: z.enum(["FILTER", "MONITOR", "ALLOW"]).optional(),
  keywords: keywordsSchema,
  /** Event destinations of the use case's configuration set, keyed by name. Default: none. */
  eventDestinations: z
    .record(configKey("event destination name"), eventDestinationSchema)
    .default({})
    .refine((map) => Object.keys(map).length <= MAX_EVENT_DESTINATIONS, {
      message: `a configuration set holds at most ${MAX_EVENT_DESTINATIONS} event destinations; merge or remove some`,
    }),
});

/** A Protect rule override for one destination number (digest §5). */
const numberOverrideSchema = z.strictObject({
  /** E.164: `+`, then digits, no spaces or punctuation. Personal data: kept as a secret in state. */
  number: z.string().refine(
    // Offline tools cannot decrypt a number stored with `--secret --path`: they see a placeholder.
    (value) => value === ENCRYPTED_CONFIG_VALUE || E164_PATTERN.test(value),
    "write the number in E.164: + and digits only, e.g. +12065550142",
  ),
  /** ALLOW lets the number through whatever its country's rule; BLOCK stops it. */
  action: z.enum(["ALLOW", "BLOCK"]),
  /** ISO date or date-time after which the override lapses. Default: never. */
  expiresAt: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  /** Apply to this use case's protect configuration. Default: the account-level one. */
  useCase: configKey("useCase").optional(),
  /** Regions to apply it in. Default: every Region of the estate. */
  regions: z.array(z.string()).optional(),
  /** Why the override exists (audit trail), e.g. a ticket. */
  reason: z.string().min(1, "say why the override exists, e.g. a ticket reference"),
});

const protectSchema = z.strictObject({
  /**
   * Mode for every country some use case sends to, in the account-level configuration that
   * protects sends naming no configuration (SNS, Cognito, Connect). Countries no use case
   * sends to are always blocked. Default: FILTER (the quickest protection, digest §5).
   */
  accountDefaultMode: z.enum(["FILTER", "MONITOR", "ALLOW"]).default("FILTER"),
  /** Make the account-level configuration the account default. Default: true. */
  setAccountDefault: z.boolean().default(true),
  /** Monthly text-message spend-limit override in whole USD. Default: leave AWS's limit. */
  monthlySpendLimitUsd: z.number().int().positive().optional(),
  /** Phone-number overrides keyed by a stable name. Default: none. */
  numberOverrides: z.record(configKey("override name"), numberOverrideSchema).default({}),
});

const originatorRole = {
  /** The use case whose pool (or spare bench) the originator serves. */
  useCase: configKey("useCase"),
  /** Held outside the pool, ready to swap in when a member is filtered. Default: false. */
  spare: z.boolean().default(false),
};

const phoneNumberSchema = z.strictObject({
  ...originatorRole,
  country,
  numberType: z.enum(NUMBER_TYPES),
  /** Default: ["SMS"]. */
  capabilities: z.array(z.enum(NUMBER_CAPABILITIES)).min(1).default(["SMS"]),
  /** Registration (10DLC campaign, toll-free registration) the number is attached to. */
  registrationId: z
    .string()
    .regex(/^\S{1,64}$/, "registrationId must be 1–64 non-space characters")
    .optional(),
  /** Default: the use case's message type. */
  messageType: z.enum(MESSAGE_TYPES).optional(),
});

const senderIdSchema = z
  .strictObject({
    ...originatorRole,
    senderId: z.string(),
    countries: countryList,
    /** Default: the use case's message type only. */
    messageTypes: z.array(z.enum(MESSAGE_TYPES)).min(1).optional(),
  })
  .superRefine((entry, ctx) => {
    // Format depends on the destination (India needs exactly 6), so check per country.
    const reported = new Set<string>();
    for (const code of entry.countries.length ? entry.countries : [undefined]) {
      const problem = senderIdProblem(entry.senderId, code);
      if (problem && !reported.has(problem)) {
        reported.add(problem);
        ctx.addIssue({ code: "custom", path: ["senderId"], message: problem });
      }
    }
    entry.countries.forEach((code, index) => {
      if (code === "US") {
        ctx.addIssue({
          code: "custom",
          path: ["countries", index],
          message:
            "US handsets cannot receive sender IDs; serve US with a 10DLC, toll-free or short code number",
        });
      }
    });
  });

const existingOriginatorSchema = z
  .strictObject({
    ...originatorRole,
    kind: z.enum(["phoneNumber", "senderId"]),
    /** Phone number id (`phone-…`) or sender ID as AWS names it; give this or `arn`. */
    id: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, "id must be the originator's id, e.g. phone-0123456789abcdef")
      .optional(),
    arn: arn("arn").optional(),
    numberType: z.enum(EXISTING_NUMBER_TYPES).optional(),
    countries: countryList,
    /** Default: the use case's message type. */
    messageType: z.enum(MESSAGE_TYPES).optional(),
  })
  .superRefine((entry, ctx) => {
    if (!entry.id === !entry.arn) {
      ctx.addIssue({
        code: "custom",
        path: [],
        message: "give exactly one of id or arn for an existing originator",
      });
    }
    if (entry.kind === "phoneNumber" && !entry.numberType) {
      ctx.addIssue({
        code: "custom",
        path: ["numberType"],
        message: "say which numberType the adopted number is (e.g. SHORT_CODE)",
      });
    }
  });

const regionOriginatorsSchema = z.strictObject({
  /** Numbers to request from AWS, keyed by a stable name. Default: none. */
  phoneNumbers: z.record(configKey("phone number name"), phoneNumberSchema).default({}),
  /** Sender IDs, each requested for every listed country. Default: none. */
  senderIds: z.record(configKey("sender ID name"), senderIdSchema).default({}),
  /** Originators obtained outside Pulumi (e.g. short codes through AWS Support), adopted by reference. */
  existingOriginators: z
    .record(configKey("existing originator name"), existingOriginatorSchema)
    .default({}),
});

/** What one secondary account may send in one Region of the estate. */
const secondaryRegionSchema = z.strictObject({
  /** Use cases whose pool, originators (spares included) and opt-out list are shared here. */
  useCases: z
    .array(configKey("use case name"))
    .min(1, "list at least one use case to share, or remove this Region")
    .superRefine((names, ctx) => {
      names.forEach((name, index) => {
        if (names.indexOf(name) !== index) {
          ctx.addIssue({
            code: "custom",
            path: [index],
            message: `${name} is listed twice; remove the repeat`,
          });
        }
      });
    }),
});

/**
 * A secondary account (or a whole organization or OU) that may send through the owning
 * account's originators when that account is degraded (digest §6, account level). Keyed
 * by a stable name: resource names derive from it. Guide: docs/sharing.md.
 */
const secondaryAccountSchema = z
  .strictObject({
    description: z.string().optional(),
    /** One account (12 digits). Give this or `principal`. */
    account: z
      .string()
      .regex(ACCOUNT_ID_PATTERN, "account must be a 12-digit AWS account id, quoted in YAML")
      .optional(),
    /** An organization or OU ARN: every account in it may send. Give this or `account`. */
    principal: z
      .string()
      .regex(
        ORGANIZATION_PRINCIPAL_PATTERN,
        "principal must be an organization ARN (arn:aws:organizations::<management account>:organization/o-…) or an OU ARN (…:ou/o-…/ou-…); write a single account under account",
      )
      .optional(),
    /**
     * Role in `account` the stack assumes to declare the account's own side (share
     * accepter, configuration sets). Default: none — the resources are only shared, and
     * the account's team declares its side itself.
     */
    roleArn: z
      .string()
      .regex(
        IAM_ROLE_ARN_PATTERN,
        "roleArn must be an IAM role ARN: arn:aws:iam::<account>:role/<name>",
      )
      .optional(),
    /** The account is in the owner's AWS Organization (RAM then needs no invitation). Default: true. */
    inOrganization: z.boolean().default(true),
    /** Per Region of the estate, the use cases it may send. Shares never cross Regions. */
    regions: z
      .record(z.string(), secondaryRegionSchema)
      .refine((map) => Object.keys(map).length > 0, {
        message: "share at least one Region, e.g. regions: { us-east-1: { useCases: [otp] } }",
      }),
    /**
     * Event destinations of this account's own configuration sets, per use case, replacing
     * the use case's. Default: the use case's (created topics and log groups are created in
     * this account).
     */
    eventDestinations: z
      .record(
        configKey("use case name"),
        z
          .record(configKey("event destination name"), eventDestinationSchema)
          .refine((map) => Object.keys(map).length <= MAX_EVENT_DESTINATIONS, {
            message: `a configuration set holds at most ${MAX_EVENT_DESTINATIONS} event destinations; merge or remove some`,
          }),
      )
      .default({}),
  })
  .superRefine((entry, ctx) => {
    if (!entry.account === !entry.principal) {
      ctx.addIssue({
        code: "custom",
        path: [],
        message:
          "give exactly one of account (a 12-digit account id) or principal (an organization or OU ARN)",
      });
    }
  });

export const estateSchema = z.strictObject({
  /** The account that owns the originators (12 digits). */
  account: z
    .string()
    .regex(ACCOUNT_ID_PATTERN, "account must be a 12-digit AWS account id, quoted in YAML"),
  /** Prefix of physical names (opt-out lists, configuration sets). Default: "messaging". */
  namePrefix: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,19}$/, "namePrefix must be 1–20 lower-case letters, digits or dashes")
    .default("messaging"),
  primaryRegion: region,
  /** Regions kept ready to take over sending. Default: none. */
  standbyRegions: z.array(region).default([]),
  /** Tags on every taggable resource. Default: none. */
  tags: z.record(z.string().min(1).max(128), z.string().max(256)).default({}),
  /** Account-level SMS pumping defences, per Region of the estate. Default: see protectSchema. */
  protect: protectSchema.default({
    accountDefaultMode: "FILTER",
    setAccountDefault: true,
    numberOverrides: {},
  }),
  useCases: z
    .record(configKey("use case name"), useCaseSchema)
    .refine((map) => Object.keys(map).length > 0, {
      message: "declare at least one use case",
    }),
  /** Originators per Region, keyed by Region name. */
  regions: z.record(z.string(), regionOriginatorsSchema),
  /**
   * Secondary accounts that may send through the estate's originators over AWS RAM, keyed
   * by a stable name (docs/sharing.md). Default: none.
   */
  secondaryAccounts: z
    .record(configKey("secondary account name"), secondaryAccountSchema)
    .default({}),
  /**
   * Amazon SES warming: dedicated IP pools, sending use cases and warm-up plans, per SES
   * Region (schema and cross-field rules in `ses-schema.ts`; guide in docs/ses.md).
   *
   * SES Regions are independent of the SMS Regions above: `ses.regions` need not list
   * `primaryRegion` or any standby, and may name Regions that have no End User Messaging
   * SMS endpoint. Email does not fail over with SMS: a dedicated IP's reputation, its
   * warm-up and a domain's identity all live in one SES Region, so a second SES Region is a
   * second warm-up, declared on purpose. Each key must be an AWS Region code that the AWS
   * provider knows (typos fail here); whether SES runs in that Region is checked by AWS at
   * preview time, because AWS keeps adding SES Regions. Default: absent (no SES resources).
   */
  ses: sesConfigSchema.optional(),
});

/** The estate config as the user wrote it (before defaults). */
export type EstateConfigInput = z.input<typeof estateSchema>;
/** The validated estate config, defaults applied. */
export type EstateConfig = z.output<typeof estateSchema>;
export type UseCaseConfig = EstateConfig["useCases"][string];
export type RegionOriginatorsConfig = EstateConfig["regions"][string];
export type PhoneNumberConfig = RegionOriginatorsConfig["phoneNumbers"][string];
export type SenderIdConfig = RegionOriginatorsConfig["senderIds"][string];
export type ExistingOriginatorConfig = RegionOriginatorsConfig["existingOriginators"][string];
export type EventDestinationConfig = UseCaseConfig["eventDestinations"][string];
export type MessageType = (typeof MESSAGE_TYPES)[number];
export type ProtectConfig = EstateConfig["protect"];
export type NumberOverrideConfig = ProtectConfig["numberOverrides"][string];
export type SecondaryAccountConfig = EstateConfig["secondaryAccounts"][string];

export { SMS_RESOURCE_NAME_PATTERN };
