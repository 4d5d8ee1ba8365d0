/**
 * What the estate knows about AWS End User Messaging registration types (the `RegistrationType`
 * of `CreateRegistration`): which originators a type registers, whether it needs a brand
 * registration, and the fields the articles say a reviewer needs. AWS's own form
 * (`DescribeRegistrationFieldDefinitions`) is the authority on field paths, requirements and
 * choices; the registration provider checks every value against it before anything is written.
 * This table lets the config validation catch, offline and before any AWS call, what the
 * articles name.
 *
 * Sources: "How to register for a US toll-free number with AWS End User Messaging", "10DLC
 * Registration Best Practices to Send SMS with AWS End User Messaging", "How to Register a
 * Sender ID Using APIs with AWS End User Messaging" (AWS Messaging & Targeting blog), and
 * the AWS End User Messaging SMS User Guide ("Registrations").
 */
import { own } from "../../lib/own";

/** Originators a registration type registers. */
export type RegisteredOriginator =
  | {
      readonly kind: "phoneNumber";
      readonly numberType: "TOLL_FREE" | "TEN_DLC";
      readonly country: string;
    }
  | { readonly kind: "senderId"; readonly country: string }
  | { readonly kind: "brand" };

/** A field the articles require, with the form's path for it. */
export interface RequiredField {
  readonly path: string;
  /** Words for messages, e.g. "the company's website". */
  readonly what: string;
}

/** What the estate knows of one registration type. */
export interface RegistrationTypeInfo {
  /** What it registers. */
  readonly registers: RegisteredOriginator;
  /** Its messages are reviewed: it names a use case and carries sample messages. */
  readonly carriesMessages: boolean;
  /** Needs a US 10DLC brand registration of the same Region associated before submission. */
  readonly needsBrand: boolean;
  /**
   * The originator must be associated before the registration is submitted
   * (`ASSOCIATE_BEFORE_SUBMIT`): US toll-free numbers. 10DLC numbers join a campaign after it
   * is complete (`ASSOCIATE_AFTER_COMPLETE`); sender IDs are provisioned on approval
   * (`ASSOCIATE_ON_APPROVAL`).
   */
  readonly associateBeforeSubmit: boolean;
  /** Fields the articles name as required (AWS's form may require more; the provider checks). */
  readonly requiredFields: readonly RequiredField[];
  /** Shortest opt-in workflow description reviewers accept. Default: no minimum. */
  readonly minOptInDescription?: number;
  /** The contact email must be a person's, not a shared mailbox or distribution list. */
  readonly personalContactEmail: boolean;
  /** Typical review time, for the docs and the `registrations` command. */
  readonly reviewTime: string;
  readonly source: string;
}

const TOLL_FREE_ARTICLE = "How to register for a US toll-free number with AWS End User Messaging";
const TEN_DLC_ARTICLE = "10DLC Registration Best Practices to Send SMS with AWS End User Messaging";
const SENDER_ID_REGISTRATION_ARTICLE =
  "How to Register a Sender ID Using APIs with AWS End User Messaging";

/** Registration types by name. Sender-ID types (`<country>_SENDER_ID_REGISTRATION`) come from {@link registrationTypeInfo}. */
export const REGISTRATION_TYPES: Readonly<Record<string, RegistrationTypeInfo>> = Object.freeze({
  US_TOLL_FREE_REGISTRATION: {
    registers: { kind: "phoneNumber", numberType: "TOLL_FREE", country: "US" },
    carriesMessages: true,
    needsBrand: false,
    associateBeforeSubmit: true,
    // The article's steps: company information, contact, use case, opt-in workflow and
    // image, sample messages.
    requiredFields: [
      { path: "companyInfo.companyName", what: "the company's legal name" },
      { path: "companyInfo.website", what: "the company's website" },
      { path: "companyInfo.address1", what: "the headquarters address" },
      { path: "companyInfo.city", what: "the headquarters city" },
      { path: "companyInfo.isoCountryCode", what: "the headquarters country" },
      { path: "contactInfo.firstName", what: "the contact's first name" },
      { path: "contactInfo.lastName", what: "the contact's last name" },
      { path: "contactInfo.supportEmail", what: "the contact's email" },
      { path: "contactInfo.supportPhoneNumber", what: "the contact's phone number" },
      { path: "messagingUseCase.monthlyMessageVolume", what: "the estimated monthly volume" },
      { path: "messagingUseCase.useCaseCategory", what: "the use case category" },
      { path: "messagingUseCase.useCaseDetails", what: "the use case details" },
      { path: "messagingUseCase.optInDescription", what: "the opt-in workflow description" },
      { path: "messagingUseCase.optInImage", what: "the opt-in workflow image" },
      { path: "messageSamples.messageSample1", what: "a sample message" },
    ],
    personalContactEmail: true,
    reviewTime:
      "weeks: a third-party registrar reviews it (not AWS); a rejection returns it as REQUIRES_UPDATES",
    source: TOLL_FREE_ARTICLE,
  },
  US_TEN_DLC_BRAND_REGISTRATION: {
    registers: { kind: "brand" },
    carriesMessages: false,
    needsBrand: false,
    associateBeforeSubmit: false,
    requiredFields: [
      { path: "companyInfo.companyName", what: "the company's legal name" },
      { path: "companyInfo.website", what: "the company's public website" },
    ],
    personalContactEmail: false,
    reviewTime:
      "days: The Campaign Registry checks the brand; a PUBLIC_PROFIT brand also gets a verification email within 1–3 days",
    source: TEN_DLC_ARTICLE,
  },
  US_TEN_DLC_BRAND_VETTING: {
    registers: { kind: "brand" },
    carriesMessages: false,
    needsBrand: true,
    associateBeforeSubmit: false,
    requiredFields: [],
    personalContactEmail: false,
    reviewTime: "days; the $40 vetting may raise or lower the brand's throughput",
    source: TEN_DLC_ARTICLE,
  },
  US_TEN_DLC_CAMPAIGN_REGISTRATION: {
    registers: { kind: "phoneNumber", numberType: "TEN_DLC", country: "US" },
    carriesMessages: true,
    needsBrand: true,
    associateBeforeSubmit: false,
    requiredFields: [
      { path: "campaignInfo.optInWorkflow", what: "the opt-in workflow description" },
      { path: "campaignInfo.helpMessage", what: "the HELP reply" },
      { path: "campaignInfo.stopMessage", what: "the STOP reply" },
      { path: "messageSamples.messageSample1", what: "a sample message" },
    ],
    // "Opt-in workflow description: at least 40 characters" (the 10DLC article).
    minOptInDescription: 40,
    personalContactEmail: false,
    reviewTime: "weeks: carriers review each campaign once its brand is complete",
    source: TEN_DLC_ARTICLE,
  },
});

/** `JO_SENDER_ID_REGISTRATION` and the like: a sender ID's registration for one country. */
const SENDER_ID_TYPE = /^([A-Z]{2})_SENDER_ID_REGISTRATION$/;

/**
 * What the estate knows of `type`, or undefined for a type it has no rules for (AWS's form
 * is then the only check).
 */
export function registrationTypeInfo(type: string): RegistrationTypeInfo | undefined {
  const known = own(REGISTRATION_TYPES, type);
  if (known) return known;
  const senderId = SENDER_ID_TYPE.exec(type);
  if (!senderId) return undefined;
  return {
    registers: { kind: "senderId", country: senderId[1] },
    carriesMessages: true,
    needsBrand: false,
    associateBeforeSubmit: false,
    // "Fields common to all sender-ID registrations" (the Jordan example): the sample is
    // required; the rest of the form differs by country and comes from AWS.
    requiredFields: [{ path: "messageSamples.messageSample1", what: "a sample message" }],
    personalContactEmail: false,
    reviewTime:
      "a week (India) to six weeks or more (Vietnam); reviews are first-in, first-out per country and cannot be expedited",
    source: SENDER_ID_REGISTRATION_ARTICLE,
  };
}

/** Form fields by role, recognised by their path (AWS's forms name them consistently). */
export const FIELD_ROLES = {
  /** Sample messages (`messageSamples.messageSample1`, …). */
  sample: /(^|\.)messageSample\d+$/i,
  /** The opt-in workflow description. */
  optInDescription: /(^|\.)(optInDescription|optInWorkflow)$/i,
  /** The company's website. */
  website: /(^|\.)(website|companyWebsite)$/i,
  /** Contact email addresses. */
  email: /email$/i,
  /** HELP, STOP and opt-in confirmation texts a campaign registers. */
  helpMessage: /(^|\.)helpMessage$/i,
  stopMessage: /(^|\.)stopMessage$/i,
  optInMessage: /(^|\.)optInMessage$/i,
  /** The use case category (a select field). */
  category: /(^|\.)(useCaseCategory|useCase)$/i,
} as const;

/** Shortest sample message reviewers accept ("each sample message must be at least 20 characters"). */
export const MIN_SAMPLE_LENGTH = 20;

/** Largest attachment AWS's registrations accept, in bytes (500 KB). */
export const MAX_ATTACHMENT_BYTES = 500 * 1024;

/** Attachment types registrations accept (PDF, JPEG, PNG), by their leading bytes. */
export const ATTACHMENT_TYPES: readonly { type: string; magic: readonly number[] }[] = [
  { type: "application/pdf", magic: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: "image/png", magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: "image/jpeg", magic: [0xff, 0xd8, 0xff] },
];

/** Local parts of shared mailboxes, which a toll-free contact email must not be. */
export const SHARED_MAILBOX_NAMES: readonly string[] = [
  "support",
  "info",
  "contact",
  "help",
  "admin",
  "sales",
  "team",
  "office",
  "hello",
  "marketing",
  "noreply",
  "no-reply",
  "sms",
  "messaging",
  "compliance",
];
