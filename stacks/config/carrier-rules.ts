/**
 * Carriers' rules that relate config values to each other: what HELP, STOP and opt-in replies
 * must say, self-managed opt-outs on US toll-free numbers, and one pool per adopted number.
 * The rule tables (generic sender IDs, countries that register sender IDs, reply elements)
 * are shared with the policy pack (`policies/lib/carrier-rules.ts`) and re-exported here.
 * Registrations have their own module (`registration-rules.ts`).
 */
import { optOutKeywordOf } from "../../lambda/lib/keywords";
import { own } from "../../lib/own";
import {
  missingElements,
  REQUIRED_ELEMENTS,
  ELEMENTS,
  type ReplyKind,
} from "../../policies/lib/carrier-rules";
import type { ConfigIssue } from "./issues";
import type { EstateConfig } from "./schema";
import { quote } from "./text";

export {
  ELEMENTS,
  GENERIC_SENDER_IDS,
  genericSenderIdProblem,
  missingElements,
  PUBLIC_LINK_SHORTENERS,
  publicShortenerIn,
  REQUIRED_ELEMENTS,
  SENDER_ID_REGISTRATION_COUNTRIES,
} from "../../policies/lib/carrier-rules";

/** Checks every rule of this module. */
export function checkCarrierRules(config: EstateConfig): ConfigIssue[] {
  return [
    ...checkKeywordReplies(config),
    ...checkTollFreeOptOuts(config),
    ...checkOnePoolPerNumber(config),
  ];
}

/** The program names a use case's texts must carry (its own brand, else the estate's). */
export function brandsOf(config: EstateConfig, useCase: string): string[] {
  const own_ = own(config.useCases, useCase);
  return [own_?.brand ?? config.brand];
}

const KIND_LABEL: Record<ReplyKind, string> = {
  help: "A HELP reply",
  stop: "A STOP reply",
  optIn: "An opt-in confirmation",
  optInDescription: "An opt-in workflow description",
};

const KIND_EXAMPLE: Record<Exclude<ReplyKind, "optInDescription">, (brand: string) => string> = {
  help: (brand) =>
    `"${brand}: help at support@example.com or +1-800-555-0199. Msg&data rates may apply."`,
  stop: (brand) => `"${brand}: you are unsubscribed and will receive no more messages."`,
  optIn: (brand) =>
    `"${brand}: you're subscribed, up to 4 msgs/month. Msg&data rates may apply. Reply HELP for help, STOP to cancel."`,
};

/**
 * The problem with a reply or description lacking required elements, or undefined.
 *
 * @param kind what the text is
 * @param text the text
 * @param brands program names, any of which counts as the brand
 */
export function replyProblem(
  kind: ReplyKind,
  text: string,
  brands: readonly string[],
): string | undefined {
  const missing = missingElements(kind, text, brands);
  if (missing.length === 0) return undefined;
  const needs = REQUIRED_ELEMENTS[kind].map((key) => ELEMENTS[key].what);
  const lacks = missing.map((element) => element.what);
  const example =
    kind === "optInDescription" ? "" : `; e.g. ${KIND_EXAMPLE[kind](brands[0] ?? "Acme")}`;
  return `${KIND_LABEL[kind]} must carry ${listAnd(needs)} (${missing[0].source}); this one lacks ${listAnd(lacks)}${example}`;
}

function listAnd(items: readonly string[]): string {
  return items.length <= 1
    ? items.join("")
    : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** HELP, STOP and every opt-in confirmation carry what carriers require of them. */
function checkKeywordReplies(config: EstateConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const name of Object.keys(config.useCases).sort()) {
    const { keywords } = config.useCases[name];
    const brands = brandsOf(config, name);
    const at = (...rest: string[]) => ["useCases", name, "keywords", ...rest];
    const check = (kind: ReplyKind, text: string, path: (string | number)[]) => {
      const problem = replyProblem(kind, text, brands);
      if (problem) issues.push({ path, message: problem });
    };
    check("help", keywords.help, at("help"));
    check("stop", keywords.stop, at("stop"));
    for (const word of Object.keys(keywords.optIn).sort()) {
      // An opt-out word declared as an opt-in keyword is refused on its own (rules.ts,
      // opt-out-rules.ts); its reply's wording does not matter then.
      if (optOutKeywordOf(word)) continue;
      check("optIn", keywords.optIn[word], at("optIn", word));
    }
  }
  return issues;
}

/** Where a use case's originators sit in one Region, normalised for the rules below. */
interface NumberEntry {
  path: (string | number)[];
  useCase: string;
  numberType: string | undefined;
  countries: string[];
  /** For adopted numbers: the phone number id, from the id or the ARN. */
  identity?: string;
}

function numbersOf(config: EstateConfig, region: string): NumberEntry[] {
  const block = own(config.regions, region);
  if (!block) return [];
  const out: NumberEntry[] = [];
  for (const key of Object.keys(block.phoneNumbers).sort()) {
    const number = block.phoneNumbers[key];
    out.push({
      path: ["regions", region, "phoneNumbers", key],
      useCase: number.useCase,
      numberType: number.numberType,
      countries: [number.country],
    });
  }
  for (const key of Object.keys(block.existingOriginators).sort()) {
    const adopted = block.existingOriginators[key];
    if (adopted.kind !== "phoneNumber") continue;
    out.push({
      path: ["regions", region, "existingOriginators", key],
      useCase: adopted.useCase,
      numberType: adopted.numberType,
      countries: adopted.countries,
      identity: adopted.id ?? adopted.arn?.split("/").pop(),
    });
  }
  return out;
}

/**
 * US toll-free numbers are not eligible for self-managed opt-outs: US carriers handle STOP
 * on toll-free themselves, answer it with their own network message and block the number
 * for that recipient ("How to Implement Self-Managed Opt-Outs for SMS with Amazon Pinpoint";
 * "How to register for a US toll-free number with AWS End User Messaging").
 */
function checkTollFreeOptOuts(config: EstateConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const region of Object.keys(config.regions).sort()) {
    for (const entry of numbersOf(config, region)) {
      const useCase = own(config.useCases, entry.useCase);
      if (!useCase?.selfManagedOptOuts) continue;
      if (entry.numberType === "TOLL_FREE" && entry.countries.includes("US")) {
        issues.push({
          path: [...entry.path, "numberType"],
          message: `use case ${entry.useCase} keeps opt-outs itself (selfManagedOptOuts), but US toll-free numbers are not eligible: US carriers answer STOP on toll-free numbers themselves (How to Implement Self-Managed Opt-Outs for SMS with Amazon Pinpoint); serve US with a 10DLC or short code number for ${entry.useCase}, or set selfManagedOptOuts: false`,
        });
      }
    }
  }
  return issues;
}

/**
 * An originator belongs to one pool at most (AWS's `AssociateOriginationIdentity` refuses a
 * second), so a number adopted twice, even for two use cases, cannot work: the second pool
 * association fails halfway through `pulumi up`.
 */
function checkOnePoolPerNumber(config: EstateConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const region of Object.keys(config.regions).sort()) {
    const seen = new Map<string, NumberEntry>();
    for (const entry of numbersOf(config, region)) {
      if (!entry.identity) continue;
      const first = seen.get(entry.identity);
      if (first) {
        issues.push({
          path: entry.path,
          message: `phone number ${quote(entry.identity)} is already adopted as ${first.path.slice(2).join(".")} (use case ${first.useCase}); AWS holds a number in one pool only, so adopt it once`,
        });
      } else {
        seen.set(entry.identity, entry);
      }
    }
  }
  return issues;
}
