/**
 * The structured stack configuration (`messaging:estate` in `stacks/Pulumi.<stack>.yaml`).
 *
 * This module holds the *shape* and every rule that concerns one value on its own (formats,
 * lengths, enums). Rules that relate values to each other live in `rules.ts`. Every map is
 * keyed by a name the user chose: resource names derive from those keys, never from list
 * positions, so reordering the YAML changes no URN.
 */
import { z } from "zod";
import {
  TAG_MANAGED_BY,
  TAG_PUBLIC_FACING,
  TAG_REGION_ROLE,
  TAG_USE_CASE,
} from "../../components/tags";
import { arnForRegion } from "../../lib/arns";
import { OBJECT_MEMBER_NAMES } from "../../lib/own";
import {
  ARN_KINDS,
  arnProblem,
  EVENT_TYPES as SDK_EVENT_TYPES,
  LOG_RETENTION_DAYS,
  MAX_EVENT_TYPES,
  MAX_NUMBER_CAPABILITIES,
  MAX_TAGS_PER_RESOURCE,
  MESSAGE_TYPES as SDK_MESSAGE_TYPES,
  NUMBER_CAPABILITIES as SDK_NUMBER_CAPABILITIES,
  PHONE_NUMBER_TYPES,
  REGION_PLACEHOLDER,
  REQUESTABLE_NUMBER_TYPES,
  RESERVED_TAG_PREFIX,
  TAG_KEY_PATTERN,
  TAG_VALUE_PATTERN,
  type ArnKind,
} from "./aws-limits";
import { isIsoCountryCode } from "./countries";
import {
  ACCOUNT_ID_PATTERN,
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
import { objectMemberNameProblem } from "./raw";
import { genericSenderIdProblem } from "./carrier-rules";
import {
  registrationFieldValueProblem,
  REGISTRATION_FIELD_PATH,
  REGISTRATION_ID_PATTERN,
  REGISTRATION_TYPE_PATTERN,
  type RegistrationFieldValue,
} from "./registration-fields";
import { isSmsRegion, SMS_REGIONS } from "./regions";
import { sesConfigSchema } from "./ses-schema";
import { quoteName } from "./text";

export { arnForRegion, REGION_PLACEHOLDER };

/** `MessageType` of the installed SMS Voice v2 SDK. */
export const MESSAGE_TYPES = SDK_MESSAGE_TYPES;
/** Types of numbers the estate requests (`RequestableNumberType`). */
export const NUMBER_TYPES = REQUESTABLE_NUMBER_TYPES;
/** Types an adopted originator may have (`NumberType`): short codes only come through AWS Support. */
export const EXISTING_NUMBER_TYPES = PHONE_NUMBER_TYPES;
/** `NumberCapability`. */
export const NUMBER_CAPABILITIES = SDK_NUMBER_CAPABILITIES;
/** `EventType` values an event destination may match (TEXT_SENT is not supported there). */
export const EVENT_TYPES = SDK_EVENT_TYPES;

/** Configuration sets hold 0–5 event destinations (AWS End User Messaging SMS quotas). */
export const MAX_EVENT_DESTINATIONS = 5;

/**
 * Tags the estate sets on its own resources; a stack's `tags` may not set them, since the
 * estate's value would silently win.
 */
export const ESTATE_TAG_KEYS: readonly string[] = [
  TAG_MANAGED_BY,
  TAG_PUBLIC_FACING,
  TAG_REGION_ROLE,
  TAG_USE_CASE,
  "messaging:secondary-account",
  "messaging:ses-pool",
];
/** At most this many estate tags land on one resource (managed-by, region-role, use-case, public-facing). */
const ESTATE_TAGS_PER_RESOURCE = 4;
/** Stack tags one resource can take beside the estate's own. */
export const MAX_STACK_TAGS = MAX_TAGS_PER_RESOURCE - ESTATE_TAGS_PER_RESOURCE;

/** Longest free text (descriptions, reasons) kept in config. */
const MAX_TEXT_LENGTH = 1024;

/** India's DLT IDs (entity, template): the DLT platform issues them as digit strings. */
const DLT_ID_PATTERN = /^[A-Za-z0-9]{1,64}$/;

/** A program (brand) name as messages carry it. */
const brandName = z
  .string()
  .min(2, "a brand name is at least 2 characters")
  .max(100, "a brand name is at most 100 characters")
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  .refine((name) => name.trim() === name && !/[\u0000-\u001f]/.test(name), {
    message: "write the brand name without leading or trailing spaces or control characters",
  })
  .meta({ example: '"Northwind Pay"' });

const configKey = (what: string) =>
  z
    .string()
    .max(256, `${what} is too long: at most 32 characters`)
    .regex(
      CONFIG_KEY_PATTERN,
      `${what} must start with a lower-case letter and hold only lower-case letters, digits and dashes (at most 32 characters), e.g. otp or alerts-eu`,
    )
    .refine((name) => !OBJECT_MEMBER_NAMES.has(name), {
      error: (iss) => objectMemberNameProblem(String(iss.input)),
    });

const region = z.string().refine(isSmsRegion, {
  message: `not a Region with an End User Messaging SMS endpoint; use one of ${SMS_REGIONS.join(", ")}`,
});

const country = z.string().refine(isIsoCountryCode, {
  message: "not an ISO 3166-1 alpha-2 country code; write two upper-case letters such as US or GB",
});

/** A list whose repeats are reported at the repeat's index (a repeat is almost always a slip). */
function noRepeats<T extends string>(values: readonly T[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value)) {
      ctx.addIssue({
        code: "custom",
        path: [index],
        message: `${quoteName(value)} is listed twice; remove the repeat`,
      });
    }
    seen.add(value);
  });
}

/** A list of countries with no repeats. */
const countryList = z
  .array(country)
  .min(1, "list at least one destination country, e.g. [US, CA]")
  .max(300, "list each country once: there are fewer than 300")
  .superRefine(noRepeats);

/** An ARN of `kind` as AWS's API accepts it; `{region}` stands for the Region it is declared in. */
const arn = (field: string, kind: ArnKind) =>
  z
    .string()
    .superRefine((value, ctx) => {
      const problem = arnProblem(value, kind);
      if (problem) ctx.addIssue({ code: "custom", message: `${field} ${problem}` });
    })
    .meta({ example: kind.example });

const keywordReply = z
  .string()
  // The API's KeywordMessage pattern refuses a message of whitespace only.
  .refine((text) => text.trim() !== "", {
    error: () =>
      "keyword replies must not be blank (AWS refuses a reply of spaces only): write the brand and what the reply confirms",
    abort: true,
  })
  .refine((text) => text.length >= KEYWORD_REPLY_MIN && text.length <= KEYWORD_REPLY_MAX, {
    error: (iss) =>
      `keyword replies must be ${KEYWORD_REPLY_MIN}–${KEYWORD_REPLY_MAX} characters (carrier rule); this one is ${String(iss.input).length}: shorten or expand the text`,
  })
  .meta({
    example: '"Acme: help at support@acme.example or +1-800-555-0199. Msg&data rates may apply."',
  });

const keywordMap = z.record(
  z
    .string()
    .regex(
      KEYWORD_PATTERN,
      "keywords must be upper case, 1–30 letters, digits, spaces, dashes or underscores, e.g. JOIN",
    ),
  keywordReply,
);

const keywordsSchema = z.strictObject({
  /** Reply to HELP: brand or program name and a support contact (digest §3.2). */
  help: keywordReply,
  /** Reply to STOP: brand and confirmation that nothing more will be sent. */
  stop: keywordReply,
  /** Opt-in keywords (e.g. JOIN) and their confirmations; at least one per pool (digest §3.2). */
  optIn: keywordMap
    .refine((map) => Object.keys(map).length > 0, {
      message: 'declare at least one opt-in keyword, e.g. JOIN: "<Brand>: you\'re subscribed..."',
    })
    .meta({ example: '{ JOIN: "Acme: you\'re subscribed. Reply HELP for help, STOP to end." }' }),
  /** Further keywords answered automatically (AUTOMATIC_RESPONSE). Default: none. */
  autoReply: keywordMap.default({}),
});

const eventTypes = z
  .array(z.enum(EVENT_TYPES))
  .min(1, "list at least one event type, or leave events out for ALL")
  .max(MAX_EVENT_TYPES, `an event destination matches at most ${MAX_EVENT_TYPES} event types`)
  .superRefine(noRepeats)
  .default(["ALL"])
  .meta({ example: "[TEXT_DELIVERED, TEXT_BLOCKED]" });

const eventDestinationSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("sns"),
    /** Existing topic; when absent the estate creates one per region. */
    topicArn: arn("topicArn", ARN_KINDS.snsTopic).optional(),
    events: eventTypes,
  }),
  z.strictObject({
    type: z.literal("cloudwatchLogs"),
    /** Existing log group; when absent the estate creates one per region. */
    logGroupArn: arn("logGroupArn", ARN_KINDS.logGroup).optional(),
    /** Days to keep events in a created log group: a value CloudWatch Logs accepts. Default: 365. */
    retentionDays: z
      .number()
      .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
        message: `CloudWatch Logs keeps events for one of ${LOG_RETENTION_DAYS.join(", ")} days`,
      })
      .default(365)
      .meta({ example: "365" }),
    events: eventTypes,
  }),
  z.strictObject({
    type: z.literal("firehose"),
    /** The delivery stream events go to; required, the estate does not create streams. */
    deliveryStreamArn: arn("deliveryStreamArn", ARN_KINDS.deliveryStream),
    events: eventTypes,
  }),
]);

const eventDestinationMap = z
  .record(
    configKey("event destination name"),
    eventDestinationSchema.meta({ example: "{ type: cloudwatchLogs, retentionDays: 365 }" }),
  )
  .refine((map) => Object.keys(map).length <= MAX_EVENT_DESTINATIONS, {
    message: `a configuration set holds at most ${MAX_EVENT_DESTINATIONS} event destinations; merge or remove some`,
  });

/** India's DLT registration of a use case's messages (TRAI: entity and content templates). */
const indiaSchema = z.strictObject({
  /** The principal entity ID the DLT platform issued to the company. */
  entityId: z
    .string()
    .regex(DLT_ID_PATTERN, "entityId is the DLT principal entity ID: 1–64 letters or digits")
    .meta({ example: '"1101456789012345678"' }),
  /** The DLT content-template IDs of the use case's messages (one per template). */
  templateIds: z
    .array(z.string().regex(DLT_ID_PATTERN, "a DLT template ID is 1–64 letters or digits"))
    .min(1, "list the DLT template ID of every message template the use case sends to India")
    .superRefine(noRepeats)
    .meta({ example: '["1107456789012345678"]' }),
});

const useCaseSchema = z.strictObject({
  description: z.string().max(MAX_TEXT_LENGTH).optional(),
  /**
   * The program (brand) name its HELP, STOP and opt-in replies, and its registrations' sample
   * messages, must carry. Default: the estate's `brand`.
   */
  brand: brandName.optional(),
  /**
   * Turn on message feedback on the use case's configuration set in every Region (the set's
   * default for every message sent through it): the application then reports each message
   * as received or failed with `PutMessageFeedback`, e.g. when the one-time passcode it
   * carried is used (OTP conversion tracking); a message without feedback within an hour
   * counts as failed. Default: false (AWS's default; the set's input stays unset).
   */
  messageFeedback: z.boolean().default(false),
  /**
   * India's DLT entity and template IDs, required when the use case reaches India through a
   * sender ID (local routes); the application passes them with each send
   * (`DestinationCountryParameters` IN_ENTITY_ID, IN_TEMPLATE_ID). Default: none.
   */
  india: indiaSchema.optional(),
  messageType: z.enum(MESSAGE_TYPES).meta({ example: "TRANSACTIONAL" }),
  /** Destination countries (ISO alpha-2). */
  countries: countryList.meta({ example: "[US, CA, GB]" }),
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
  eventDestinations: eventDestinationMap.default({}),
});

/** A Protect rule override for one destination number (digest §5). */
const numberOverrideSchema = z.strictObject({
  /** E.164: `+`, then digits, no spaces or punctuation. Personal data: kept as a secret in state. */
  number: z
    .string()
    .refine(
      // Offline tools cannot decrypt a number stored with `--secret --path`: they see a placeholder.
      (value) => value === ENCRYPTED_CONFIG_VALUE || E164_PATTERN.test(value),
      "write the number in E.164: + and digits only, e.g. +12065550142",
    )
    .meta({ example: '"+12065550142"' }),
  /** ALLOW lets the number through whatever its country's rule; BLOCK stops it. */
  action: z.enum(["ALLOW", "BLOCK"]),
  /** ISO date or date-time after which the override lapses. Default: never. */
  expiresAt: z
    .union([z.iso.datetime({ offset: true }), z.iso.date()], {
      error:
        'expiresAt must be an ISO date such as "2027-01-31" or a date-time with a time zone such as "2027-01-31T18:00:00Z"',
    })
    .optional(),
  /** Apply to this use case's protect configuration. Default: the account-level one. */
  useCase: configKey("useCase").optional(),
  /** Regions to apply it in. Default: every Region of the estate. */
  regions: z
    .array(region)
    .min(1, "list at least one Region, or leave regions out for every Region")
    .superRefine(noRepeats)
    .optional(),
  /** Why the override exists (audit trail), e.g. a ticket. */
  reason: z
    .string()
    .min(1, "say why the override exists, e.g. a ticket reference")
    .max(MAX_TEXT_LENGTH)
    .meta({ example: "OPS-1234" }),
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
  monthlySpendLimitUsd: z
    .number()
    .int("a whole number of US dollars")
    .positive()
    .max(Number.MAX_SAFE_INTEGER, "at most 9007199254740991 US dollars")
    .optional()
    .meta({ example: "5000" }),
  /** Phone-number overrides keyed by a stable name. Default: none. */
  numberOverrides: z.record(configKey("override name"), numberOverrideSchema).default({}),
});

const originatorRole = {
  /** The use case whose pool (or spare bench) the originator serves. */
  useCase: configKey("useCase").meta({ example: "otp" }),
  /** Held outside the pool, ready to swap in when a member is filtered. Default: false. */
  spare: z.boolean().default(false),
};

/** MPS AWS granted one originator (after a limit increase). */
const originatorMps = z
  .number()
  .positive("mps is the originator's message parts per second, more than 0")
  .max(100_000, "mps above 100,000 is not an SMS figure; check the value")
  .meta({ example: "250" });

/** Sending capacity settings (`capacity`). */
const capacitySchema = z.strictObject({
  /**
   * A standby Region whose throughput to a country is below this share of the primary's is
   * reported by the preview (and by the pack's `sms-standby-capacity`). Default: 0.5.
   */
  minStandbyShare: z
    .number()
    .min(0, "minStandbyShare is a share from 0 to 1, e.g. 0.5")
    .max(1, "minStandbyShare is a share from 0 to 1, e.g. 0.5")
    .default(0.5),
  /**
   * MPS per originator type where AWS raised it for the whole account, replacing AWS's
   * documented defaults (short code 100, toll-free 3, 10DLC 1 per number, sender ID 10).
   * Default: none.
   */
  mpsByType: z
    .partialRecord(
      z.enum(["SHORT_CODE", "TEN_DLC", "TOLL_FREE", "LONG_CODE", "SIMULATOR", "SENDER_ID"]),
      originatorMps,
    )
    .optional()
    .meta({ example: "{ TOLL_FREE: 25 }" }),
  /**
   * The 10DLC campaigns' allowance, which caps every 10DLC number (set by the brand's
   * vetting score; e.g. 75 for a high score, 0.2 unvetted). Default: no cap.
   */
  tenDlcCampaignMps: originatorMps.optional(),
});

/** Id of a registration made outside the estate. */
const registrationId = z
  .string()
  .regex(
    REGISTRATION_ID_PATTERN,
    "a registration id is 1–64 letters, digits, dashes or underscores, e.g. registration-0123456789abcdef",
  )
  .meta({ example: "registration-0123456789abcdef" });

const phoneNumberSchema = z.strictObject({
  ...originatorRole,
  country: country.meta({ example: "US" }),
  numberType: z.enum(NUMBER_TYPES).meta({ example: "TOLL_FREE" }),
  /** `NumberCapabilityList`: 1–2 capabilities. Default: ["SMS"]. */
  capabilities: z
    .array(z.enum(NUMBER_CAPABILITIES))
    .min(1, "list at least one capability, e.g. [SMS]")
    .max(
      MAX_NUMBER_CAPABILITIES,
      `a phone number has at most ${MAX_NUMBER_CAPABILITIES} capabilities (NumberCapabilityList)`,
    )
    .superRefine(noRepeats)
    .default(["SMS"])
    .meta({ example: "[SMS, VOICE]" }),
  /**
   * The registration (toll-free registration, 10DLC campaign) the number is attached to, by
   * its key under this Region's `registrations`. Give this or `registrationId`.
   */
  registration: configKey("registration").optional().meta({ example: "otp-toll-free" }),
  /**
   * The id of a registration made outside the estate (in this Region), e.g. in the console.
   * Give this or `registration`.
   */
  registrationId: registrationId.optional(),
  /** Default: the use case's message type. */
  messageType: z.enum(MESSAGE_TYPES).optional(),
  /** The number's MPS where AWS raised it. Default: the type's documented figure. */
  mps: originatorMps.optional(),
});

/** Longest sender ID handed to the format rules (longer ones are refused before). */
const SENDER_ID_CHECKED_LENGTH = 64;

const senderIdSchema = z
  .strictObject({
    ...originatorRole,
    senderId: z
      .string()
      .max(SENDER_ID_CHECKED_LENGTH, "a sender ID is 3 to 11 letters, digits or dashes, e.g. ACME")
      .meta({ example: "ACME" }),
    countries: countryList.meta({ example: "[GB, DE]" }),
    /** Default: the use case's message type only. */
    messageTypes: z
      .array(z.enum(MESSAGE_TYPES))
      .min(1)
      .superRefine(noRepeats)
      .optional()
      .meta({ example: "[TRANSACTIONAL]" }),
    /**
     * Per country, the key of this Region's sender-ID registration for it (required for
     * countries that register sender IDs, e.g. IN, JO, PH, QA, VN). Default: none.
     */
    registrations: z
      .record(country, configKey("registration"))
      .optional()
      .meta({ example: "{ IN: otp-india }" }),
    /** Per country, the id of a sender-ID registration made outside the estate. Default: none. */
    registrationIds: z
      .record(country, registrationId)
      .optional()
      .meta({ example: '{ IN: "registration-0123456789abcdef" }' }),
  })
  .superRefine((entry, ctx) => {
    // A sender ID the schema already found too long is not worth the format rules' words.
    if (entry.senderId.length > SENDER_ID_CHECKED_LENGTH) return;
    const generic = genericSenderIdProblem(entry.senderId);
    if (generic) {
      ctx.addIssue({ code: "custom", path: ["senderId"], message: generic, input: entry.senderId });
    }
    // Format depends on the destination (India needs exactly 6), so check per country.
    const reported = new Set<string>();
    // Refinements run even when a country failed its own check: judge only real codes.
    const countries = entry.countries.filter(isIsoCountryCode);
    for (const code of countries.length ? countries : [undefined]) {
      const problem = senderIdProblem(entry.senderId, code);
      if (problem && !reported.has(problem)) {
        reported.add(problem);
        ctx.addIssue({
          code: "custom",
          path: ["senderId"],
          message: problem,
          input: entry.senderId,
        });
      }
    }
    entry.countries.forEach((code, index) => {
      if (code === "US") {
        ctx.addIssue({
          code: "custom",
          path: ["countries", index],
          message:
            "US handsets cannot receive sender IDs; serve US with a 10DLC, toll-free or short code number",
          input: code,
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
    /** The originator's ARN (`phone-number/<id>` or `sender-id/<sender ID>/<country>`). */
    arn: z.string().max(2048, "an ARN is at most 2048 characters").optional(),
    numberType: z.enum(EXISTING_NUMBER_TYPES).optional().meta({ example: "SHORT_CODE" }),
    countries: countryList.meta({ example: "[US]" }),
    /** Default: the use case's message type. */
    messageType: z.enum(MESSAGE_TYPES).optional(),
    /** The registration of an adopted number, by key under this Region's `registrations`. Default: none. */
    registration: configKey("registration").optional(),
    /** The id of an adopted number's registration made outside the estate. Default: none. */
    registrationId: registrationId.optional(),
    /** The originator's MPS where AWS raised it (short codes often are). Default: the type's documented figure. */
    mps: originatorMps.optional(),
  })
  .superRefine((entry, ctx) => {
    if (!entry.id === !entry.arn) {
      ctx.addIssue({
        code: "custom",
        path: [],
        message: "give exactly one of id or arn for an existing originator",
      });
    }
    if (entry.arn !== undefined) {
      const kind = entry.kind === "phoneNumber" ? ARN_KINDS.smsPhoneNumber : ARN_KINDS.smsSenderId;
      const problem = arnProblem(entry.arn, kind);
      if (problem) {
        ctx.addIssue({
          code: "custom",
          path: ["arn"],
          message: `arn ${problem}`,
          input: entry.arn,
        });
      } else if (entry.arn.includes(REGION_PLACEHOLDER)) {
        ctx.addIssue({
          code: "custom",
          path: ["arn"],
          message:
            "an adopted originator lives in one Region: write its Region in the ARN, not {region}",
          input: entry.arn,
        });
      }
    }
    if (entry.kind === "phoneNumber" && !entry.numberType) {
      ctx.addIssue({
        code: "custom",
        path: ["numberType"],
        message: "say which numberType the adopted number is (e.g. SHORT_CODE)",
      });
    }
  });

/**
 * A registration of this Region (registrations are per Region: every Region that sends
 * needs its own, even with the same content). The form is AWS's: `fields` are keyed by its
 * field paths (`aws pinpoint-sms-voice-v2 describe-registration-field-definitions
 * --registration-type <type>` lists them). Guide: docs/registrations.md.
 */
const registrationSchema = z.strictObject({
  /** `RegistrationType`, e.g. US_TOLL_FREE_REGISTRATION, US_TEN_DLC_CAMPAIGN_REGISTRATION, JO_SENDER_ID_REGISTRATION. */
  type: z
    .string()
    .regex(
      REGISTRATION_TYPE_PATTERN,
      "a registration type is AWS's RegistrationType in upper case, e.g. US_TOLL_FREE_REGISTRATION",
    )
    .meta({ example: "US_TOLL_FREE_REGISTRATION" }),
  description: z.string().max(MAX_TEXT_LENGTH).optional(),
  /** The use case whose messages it registers (toll-free, 10DLC campaign, sender ID). Default: none. */
  useCase: configKey("useCase").optional().meta({ example: "otp" }),
  /** A 10DLC campaign's (or vetting's) brand registration: its key in this Region. Default: none. */
  brandRegistration: configKey("brandRegistration").optional().meta({ example: "brand" }),
  /**
   * Submit the registration for review. Submitting is a decision: until it is true, `pulumi
   * up` only fills in a draft. A change after submission creates a new version, submitted
   * only while this stays true. Default: false.
   */
  submit: z.boolean().default(false),
  /**
   * The form's values by field path: text, a list of choices (a select field), or
   * `{ file: <path> }` for an attachment (PDF, PNG or JPEG of at most 500 KB, in the
   * repository, path relative to the repository root).
   */
  fields: z
    .record(
      z
        .string()
        .regex(
          REGISTRATION_FIELD_PATH,
          "a field path is AWS's FieldPath, dot-separated letters and digits, e.g. companyInfo.companyName",
        ),
      z
        .unknown()
        .superRefine((value, ctx) => {
          const problem = registrationFieldValueProblem(value);
          if (problem) ctx.addIssue({ code: "custom", message: problem, input: value });
        })
        .transform((value) => value as RegistrationFieldValue),
    )
    .refine((map) => Object.keys(map).length > 0, {
      message:
        "fill in the form: fields keyed by AWS's field paths, e.g. companyInfo.companyName: Acme Inc.",
    })
    .meta({ example: '{ companyInfo.companyName: "Acme Inc." }' }),
});

const regionOriginatorsSchema = z.strictObject({
  /** Registrations of this Region, keyed by a stable name (resource names derive from it). Default: none. */
  registrations: z.record(configKey("registration name"), registrationSchema).default({}),
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
    .superRefine(noRepeats)
    .meta({ example: "[otp]" }),
});

/**
 * A secondary account (or a whole organization or OU) that may send through the owning
 * account's originators when that account is degraded (digest §6, account level). Keyed
 * by a stable name: resource names derive from it. Guide: docs/sharing.md.
 */
const secondaryAccountSchema = z
  .strictObject({
    description: z.string().max(MAX_TEXT_LENGTH).optional(),
    /** One account (12 digits). Give this or `principal`. */
    account: z
      .string()
      .regex(ACCOUNT_ID_PATTERN, "account must be a 12-digit AWS account id, quoted in YAML")
      .optional()
      .meta({ example: '"444455556666"' }),
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
        "roleArn must be an IAM role ARN: arn:aws:iam::<account>:role/<name>, the name at most 64 letters, digits and + = , . @ _ -",
      )
      .optional()
      .meta({ example: '"arn:aws:iam::444455556666:role/messaging-deployer"' }),
    /** The account is in the owner's AWS Organization (RAM then needs no invitation). Default: true. */
    inOrganization: z.boolean().default(true),
    /** Per Region of the estate, the use cases it may send. Shares never cross Regions. */
    regions: z
      .record(z.string(), secondaryRegionSchema)
      .refine((map) => Object.keys(map).length > 0, {
        message: "share at least one Region, e.g. regions: { us-east-1: { useCases: [otp] } }",
      })
      .meta({ example: "{ us-east-1: { useCases: [otp] } }" }),
    /**
     * Event destinations of this account's own configuration sets, per use case, replacing
     * the use case's. Default: the use case's (created topics and log groups are created in
     * this account).
     */
    eventDestinations: z.record(configKey("use case name"), eventDestinationMap).default({}),
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

/** A stack tag: AWS's tag rules, minus the keys the estate sets itself. */
const tagMap = z
  .record(
    z
      .string()
      .regex(
        TAG_KEY_PATTERN,
        "tag keys are 1–128 letters, digits, spaces and _ . : / = + - @ (no tabs or line breaks), e.g. cost-center",
      )
      .refine((key) => !RESERVED_TAG_PREFIX.test(key), {
        message: "AWS reserves tag keys starting with aws: for its own tags; choose another key",
      })
      .refine((key) => !ESTATE_TAG_KEYS.includes(key), {
        message: `the estate sets this tag itself (its tags: ${ESTATE_TAG_KEYS.join(", ")}); choose another key`,
      })
      .refine((key) => !OBJECT_MEMBER_NAMES.has(key), {
        error: (iss) => objectMemberNameProblem(String(iss.input)),
      }),
    z
      .string()
      .regex(
        TAG_VALUE_PATTERN,
        "tag values are 0–256 letters, digits, spaces and _ . : / = + - @ (no tabs or line breaks)",
      )
      .meta({ example: "platform-messaging" }),
  )
  .refine((map) => Object.keys(map).length <= MAX_STACK_TAGS, {
    error: (iss) =>
      `AWS allows ${MAX_TAGS_PER_RESOURCE} tags per resource and the estate adds up to ${MAX_TAGS_PER_RESOURCE - MAX_STACK_TAGS} of its own, so a stack may set at most ${MAX_STACK_TAGS}; this one sets ${Object.keys(iss.input as object).length}`,
  })
  .meta({ example: "{ owner: platform-messaging }" });

export const estateSchema = z.strictObject({
  /** The account that owns the originators (12 digits). */
  account: z
    .string()
    .regex(ACCOUNT_ID_PATTERN, "account must be a 12-digit AWS account id, quoted in YAML")
    .meta({ example: '"111122223333"' }),
  /** Prefix of physical names (opt-out lists, configuration sets). Default: "messaging". */
  namePrefix: z
    .string()
    .regex(
      /^[a-z][a-z0-9-]{0,19}$/,
      "namePrefix must be 1–20 lower-case letters, digits or dashes, starting with a letter",
    )
    .default("messaging")
    .meta({ example: "northwind" }),
  /**
   * The program (brand) name recipients know the messages by: carriers require it in every
   * HELP, STOP and opt-in reply and in registrations' sample messages. A use case may name
   * its own (`useCases.<name>.brand`).
   */
  brand: brandName,
  primaryRegion: region.meta({ example: "us-east-1" }),
  /** Regions kept ready to take over sending. Default: none. */
  standbyRegions: z
    .array(region)
    .max(SMS_REGIONS.length, "list each Region once")
    .default([])
    .meta({ example: "[us-west-2]" }),
  /** Tags on every taggable resource. Default: none. */
  tags: tagMap.default({}),
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
    })
    .meta({ example: "{ otp: { messageType: TRANSACTIONAL, countries: [US], keywords: {…} } }" }),
  /** Originators per Region, keyed by Region name. */
  regions: z
    .record(z.string(), regionOriginatorsSchema)
    .meta({ example: "{ us-east-1: { phoneNumbers: { otp-us: {…} } } }" }),
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
  /**
   * Sending capacity: the figures the preview and the failover tool report per Region, use
   * case and country (message parts per second), and when a standby counts as short of the
   * primary. Default: AWS's documented figures, a standby warned below half the primary.
   */
  capacity: capacitySchema.default({ minStandbyShare: 0.5 }),
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
export type RegistrationConfig = RegionOriginatorsConfig["registrations"][string];

export { SMS_RESOURCE_NAME_PATTERN };
