/**
 * Carriers' and registrars' rules that are data: which sender IDs are generic, which
 * countries require a sender-ID registration, which link shorteners reviewers refuse, and
 * what HELP, STOP and opt-in replies (and a registration's opt-in description) must say.
 * Shared by the policy pack and the stack config validator (`stacks/config/carrier-rules.ts`
 * re-exports it), so the two never disagree. Dependency-free: the pack stays publishable.
 *
 * Every entry names its source: an AWS Messaging & Targeting blog post by its title, or the
 * rule it applies.
 */

/** An entry of a rule table and where it comes from. */
export interface Sourced {
  /** Title of the AWS article (or AWS documentation page) the entry comes from, and the rule. */
  readonly source: string;
}

const SENDER_ID_ARTICLE = "How to Send SMS Using a Sender ID with Amazon Pinpoint";

/**
 * Sender IDs that name no brand, which carriers refuse. The article's format rules say a
 * sender ID must reflect the company's brand or service, and name `OTP` and `2FA` on their own
 * as refused (`ANYCO-OTP` is fine); `NOTICE` is the generic ID AWS itself sends under when
 * none is given. The other entries are common words that, by the same rule, name no brand.
 */
export const GENERIC_SENDER_IDS: Readonly<Record<string, Sourced>> = Object.freeze({
  OTP: { source: `${SENDER_ID_ARTICLE}: generic strings such as OTP alone are refused` },
  "2FA": { source: `${SENDER_ID_ARTICLE}: generic strings such as 2FA alone are refused` },
  NOTICE: { source: `${SENDER_ID_ARTICLE}: NOTICE is the generic (shared) sender ID` },
  ...Object.fromEntries(
    [
      "INFO",
      "TEST",
      "SMS",
      "TEXT",
      "ALERT",
      "ALERTS",
      "VERIFY",
      "CODE",
      "AUTH",
      "MFA",
      "PIN",
      "BANK",
      "PROMO",
      "OFFER",
      "OFFERS",
      "SALE",
      "NEWS",
      "UPDATE",
      "SERVICE",
      "SUPPORT",
      "MESSAGE",
      "NOREPLY",
      "NO-REPLY",
    ].map((word) => [
      word,
      {
        source: `${SENDER_ID_ARTICLE}: a sender ID must reflect the brand; ${word} names none`,
      },
    ]),
  ),
});

/**
 * Why a sender ID is generic, or undefined when it is not. Compared upper-cased: AWS stores
 * sender IDs upper-cased.
 *
 * @param senderId the sender ID as declared
 * @param generic the refused words. Default: {@link GENERIC_SENDER_IDS}'s keys.
 */
export function genericSenderIdProblem(
  senderId: string,
  generic: readonly string[] = Object.keys(GENERIC_SENDER_IDS),
): string | undefined {
  const upper = senderId.toUpperCase();
  if (!generic.some((word) => word.toUpperCase() === upper)) return undefined;
  return `sender ID "${senderId}" is generic: carriers refuse a sender ID that names no brand (${SENDER_ID_ARTICLE}); use one that carries the brand, e.g. ACME-${upper.slice(0, 6)}`;
}

const SENDER_ID_REGISTRATION_ARTICLE =
  "How to Register a Sender ID Using APIs with AWS End User Messaging";

/**
 * Countries where a sender ID must be registered before it can send. The articles name
 * Jordan, the Philippines and Qatar "and others"; India (local routes need a registered
 * sender ID with its TRAI entity and template IDs) and Vietnam (at least six weeks) are named
 * with their registration lead times. Extend the table as AWS's country list grows (the
 * AWS End User Messaging SMS User Guide's "Supported countries and regions" tables).
 */
export const SENDER_ID_REGISTRATION_COUNTRIES: Readonly<Record<string, Sourced>> = Object.freeze({
  JO: { source: `${SENDER_ID_REGISTRATION_ARTICLE}: Jordan requires registration` },
  PH: { source: `${SENDER_ID_REGISTRATION_ARTICLE}: the Philippines requires registration` },
  QA: { source: `${SENDER_ID_REGISTRATION_ARTICLE}: Qatar requires registration` },
  IN: {
    source: `${SENDER_ID_ARTICLE}: India's local routes need a registered sender ID, entity ID and template ID (registration within a week)`,
  },
  VN: {
    source: `${SENDER_ID_ARTICLE}: Vietnam sender IDs are registered (six weeks or more)`,
  },
});

/**
 * Public link shorteners, which carriers filter: "do not use unbranded link shorteners"
 * ("How to Register for a United States (US) SMS Short Code with AWS End User Messaging",
 * "A Guide to SMS Short Codes with AWS End User Messaging", "10DLC Registration Best
 * Practices…"; the first two name bit.ly and TinyURL). A branded short domain is fine.
 */
export const PUBLIC_LINK_SHORTENERS: readonly string[] = Object.freeze([
  "bit.ly",
  "tinyurl.com",
  "goo.gl",
  "ow.ly",
  "is.gd",
  "t.co",
  "buff.ly",
  "cutt.ly",
  "rb.gy",
  "shorturl.at",
  "tiny.cc",
]);

/** The public shortener a text links through, if any. */
export function publicShortenerIn(text: string): string | undefined {
  const lower = text.toLowerCase();
  return PUBLIC_LINK_SHORTENERS.find((domain) =>
    new RegExp(`(^|[^a-z0-9.-])${domain.replace(/\./g, "\\.")}/`).test(lower),
  );
}

/** One element a reply or description must carry, with how it is recognised. */
export interface ReplyElement extends Sourced {
  /** Words for a message: what is missing, e.g. `the "Msg & data rates may apply" disclosure`. */
  readonly what: string;
  /** True when `text` carries the element. `brands` are the program's names (any one will do). */
  readonly present: (text: string, brands: readonly string[]) => boolean;
}

const SHORT_CODE_ARTICLE =
  "How to Register for a United States (US) SMS Short Code with AWS End User Messaging";
const TEN_DLC_ARTICLE = "10DLC Registration Best Practices to Send SMS with AWS End User Messaging";
const TOLL_FREE_ARTICLE = "How to register for a US toll-free number with AWS End User Messaging";

const collapse = (text: string) => text.replace(/\s+/g, " ").toLowerCase();

/** Recognisers of the elements; `present` errs towards accepting wording it cannot judge. */
export const ELEMENTS = {
  brand: {
    what: "the program (brand) name",
    source: `${SHORT_CODE_ARTICLE} and ${TEN_DLC_ARTICLE}: HELP, STOP and confirmation messages name the program (brand)`,
    present: (text, brands) => brands.some((brand) => collapse(text).includes(collapse(brand))),
  },
  contact: {
    what: "a support phone number or email address",
    source: `${SHORT_CODE_ARTICLE}: a HELP reply must give a phone number and/or email for end-user support`,
    present: (text) =>
      /[^\s@]+@[^\s@]+\.[a-z]{2,}/i.test(text) || /\+?\d[\d\s().-]{6,}\d/.test(text),
  },
  rates: {
    what: 'the "Msg & data rates may apply" disclosure',
    source: `${SHORT_CODE_ARTICLE}: include "Msg & data rates may apply"`,
    present: (text) => /\b(msg|message)s?\s*(&|and)\s*data\s+rates\s+may\s+apply\b/i.test(text),
  },
  frequency: {
    what: 'the message frequency (e.g. "up to 4 msgs/month", "one per sign-in", "message frequency varies")',
    source: `${SHORT_CODE_ARTICLE}: a confirmation says how often recipients will receive messages`,
    present: (text) =>
      /\bfrequency\b|\brecurring\b|\bup to \d+|\b\d+\s*(msgs?|messages?|texts?)\b|\b(msgs?|messages?|texts?)\s*(\/|per|a|an|each)\s*(mo|month|wk|week|day)\b|\b(per|a|an|each|every)\s+(month|week|day|login|log-in|sign[- ]?in|transaction|purchase|order|request|payment|alert)\b|\bonce an?\b|\bone (code|message|msg|text|alert) (per|for|a|each)\b/i.test(
        text,
      ),
  },
  help: {
    what: 'how to get help (e.g. "Reply HELP for help")',
    source: `${SHORT_CODE_ARTICLE}: a confirmation says how to get help`,
    present: (text) => /\bhelp\b/i.test(text),
  },
  optOut: {
    what: 'how to opt out (e.g. "Reply STOP to cancel")',
    source: `${SHORT_CODE_ARTICLE}: a confirmation says how to opt out`,
    present: (text) => /\b(stop|unsubscribe|opt[- ]?out|cancel)\b/i.test(text),
  },
  stopConfirmation: {
    what: 'the confirmation that no further messages will be sent (e.g. "you will receive no more messages")',
    source: `${SHORT_CODE_ARTICLE}: a STOP reply confirms that no further messages will be delivered`,
    present: (text) =>
      /\b(unsubscribed|opted[- ]?out|removed|no (more|further|longer)|(will|shall) not (receive|get|be sent)|won'?t (receive|get|be sent)|(are|is) (now )?(off|stopped|turned off|cancell?ed))\b/i.test(
        text,
      ),
  },
  termsLink: {
    what: "a link to the public terms and conditions",
    source: `${TOLL_FREE_ARTICLE}: opt-in element 8, a link to publicly accessible terms and conditions`,
    present: (text) => /\bterms\b/i.test(text) && /(https?:\/\/|www\.|\.[a-z]{2,}\/)/i.test(text),
  },
  privacyLink: {
    what: "a link to the public privacy policy",
    source: `${TOLL_FREE_ARTICLE}: opt-in element 9, a link to a publicly accessible privacy policy`,
    present: (text) => /\bprivacy\b/i.test(text) && /(https?:\/\/|www\.|\.[a-z]{2,}\/)/i.test(text),
  },
} as const satisfies Record<string, ReplyElement>;

/** What a keyword reply or opt-in description is, for the elements it must carry. */
export type ReplyKind = "help" | "stop" | "optIn" | "optInDescription";

/**
 * Elements each kind must carry:
 *
 * - HELP: program name, support contact, rates disclosure;
 * - STOP: program name, confirmation that nothing more will be sent;
 * - opt-in confirmation: program name, rates, frequency, help and opt-out information;
 * - a registration's opt-in workflow description: every element the call to action must
 *   show (the toll-free article's list; purpose and unchecked boxes cannot be read from text).
 */
export const REQUIRED_ELEMENTS: Readonly<Record<ReplyKind, readonly (keyof typeof ELEMENTS)[]>> =
  Object.freeze({
    help: ["brand", "contact", "rates"],
    stop: ["brand", "stopConfirmation"],
    optIn: ["brand", "rates", "frequency", "help", "optOut"],
    optInDescription: ["brand", "frequency", "help", "optOut", "rates", "termsLink", "privacyLink"],
  });

/**
 * The elements `text` lacks, in the order of {@link REQUIRED_ELEMENTS}; empty when it has
 * them all.
 *
 * @param kind what the text is
 * @param text the reply or description
 * @param brands the program's names; the brand element is not judged when empty
 */
export function missingElements(
  kind: ReplyKind,
  text: string,
  brands: readonly string[],
): ReplyElement[] {
  return REQUIRED_ELEMENTS[kind]
    .filter((key) => !(key === "brand" && brands.length === 0))
    .map((key) => ELEMENTS[key] as ReplyElement)
    .filter((element) => !element.present(text, brands));
}
