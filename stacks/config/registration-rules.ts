/**
 * Registration rules: which originators need a registration (US toll-free and 10DLC numbers,
 * sender IDs for countries that register them), references from originators to
 * registrations of their own Region, India's DLT IDs, and what reviewers reject in a
 * registration's form (sample messages, opt-in description, contact email, HELP/STOP texts
 * that differ from the pool's). Each rule cites its article; the form itself is AWS's, and
 * the registration provider checks it against AWS's field definitions before writing.
 *
 * Attachments (file type and size) need the file system: `attachments.ts`.
 */
import { own } from "../../lib/own";
import {
  brandsOf,
  publicShortenerIn,
  replyProblem,
  SENDER_ID_REGISTRATION_COUNTRIES,
} from "./carrier-rules";
import type { ConfigIssue } from "./issues";
import { isAttachmentValue, type RegistrationFieldValue } from "./registration-fields";
import {
  FIELD_ROLES,
  MIN_SAMPLE_LENGTH,
  registrationTypeInfo,
  SHARED_MAILBOX_NAMES,
  type RegisteredOriginator,
} from "./registration-types";
import type { EstateConfig, RegistrationConfig } from "./schema";
import { oneOf, quote } from "./text";

type Path = (string | number)[];

/** Checks every registration rule. */
export function checkRegistrationRules(config: EstateConfig): ConfigIssue[] {
  return [
    ...checkRegistrations(config),
    ...checkPhoneNumberRegistrations(config),
    ...checkSenderIdRegistrations(config),
    ...checkRawIdsPerRegion(config),
    ...checkIndia(config),
  ];
}

/** The text of a text field, or undefined for choices and attachments. */
function textOf(value: RegistrationFieldValue | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** The text a field holds for rules that read it: text, or the choices joined. */
function wordsOf(value: RegistrationFieldValue): string {
  return Array.isArray(value) ? value.join(" ") : isAttachmentValue(value) ? "" : value;
}

/** Fields of a registration whose path has `role`, in path order. */
function fieldsWithRole(
  registration: RegistrationConfig,
  role: keyof typeof FIELD_ROLES,
): [string, RegistrationFieldValue][] {
  return Object.keys(registration.fields)
    .sort()
    .filter((path) => FIELD_ROLES[role].test(path))
    .map((path) => [path, registration.fields[path]]);
}

/** `originatorSummary` words, e.g. "US toll-free numbers". */
function registersWhat(registers: RegisteredOriginator): string {
  if (registers.kind === "brand") return "a 10DLC brand";
  if (registers.kind === "senderId") return `sender IDs for ${registers.country}`;
  return `${registers.country} ${registers.numberType === "TOLL_FREE" ? "toll-free" : "10DLC"} numbers`;
}

/** The host of a website field's URL, without `www.`; undefined when it is not a URL. */
function hostOf(url: string): string | undefined {
  const parsed = URL.parse(/^[a-z]+:\/\//i.test(url) ? url : `https://${url}`);
  return parsed?.hostname ? parsed.hostname.toLowerCase().replace(/^www\./, "") : undefined;
}

/** Two domains are the company's: equal, or one a subdomain of the other. */
function sameCompanyDomain(a: string, b: string): boolean {
  return a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);
}

const MARKETING_CATEGORY = /MARKETING|PROMOTION/i;
const NEUTRAL_CATEGORY = /MIXED|LOW_VOLUME|OTHER/i;

/** What reviewers reject in one registration's form, and its links to use case and brand. */
function checkRegistrations(config: EstateConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const region of Object.keys(config.regions).sort()) {
    const block = config.regions[region];
    for (const key of Object.keys(block.registrations).sort()) {
      const registration = block.registrations[key];
      const at = (...rest: Path): Path => ["regions", region, "registrations", key, ...rest];
      const push = (path: Path, message: string) => issues.push({ path, message });
      const info = registrationTypeInfo(registration.type);
      const useCase = registration.useCase ? own(config.useCases, registration.useCase) : undefined;

      if (registration.useCase && !useCase) {
        push(
          at("useCase"),
          `unknown use case ${quote(registration.useCase)}; use one of ${oneOf(Object.keys(config.useCases).sort())}`,
        );
      }
      if (info?.carriesMessages && !registration.useCase) {
        push(
          at("useCase"),
          `missing: a ${registration.type} registers the messages of one use case; name it, e.g. useCase: ${Object.keys(config.useCases).sort()[0]}`,
        );
      }
      if (info?.needsBrand) {
        const brandKey = registration.brandRegistration;
        const brand = brandKey ? own(block.registrations, brandKey) : undefined;
        if (!brandKey) {
          push(
            at("brandRegistration"),
            `missing: a ${registration.type} is submitted with its 10DLC brand registration (10DLC Registration Best Practices to Send SMS with AWS End User Messaging); name the US_TEN_DLC_BRAND_REGISTRATION of ${region}, e.g. brandRegistration: brand`,
          );
        } else if (!brand) {
          push(
            at("brandRegistration"),
            `no registration ${quote(brandKey)} in ${region}; registrations are per Region, so declare the brand under regions.${region}.registrations`,
          );
        } else if (brand.type !== "US_TEN_DLC_BRAND_REGISTRATION") {
          push(
            at("brandRegistration"),
            `registrations.${brandKey} is a ${brand.type}; a 10DLC campaign's brand is a US_TEN_DLC_BRAND_REGISTRATION`,
          );
        }
      } else if (registration.brandRegistration) {
        push(
          at("brandRegistration"),
          `only a 10DLC campaign or brand vetting names a brand registration; remove it from this ${registration.type}`,
        );
      }
      if (info?.registers.kind === "senderId" && useCase) {
        const country = info.registers.country;
        if (!useCase.countries.includes(country)) {
          push(
            at("type"),
            `a ${registration.type} registers sender IDs for ${country}, but use case ${registration.useCase} does not send to ${country}`,
          );
        }
      }

      for (const field of info?.requiredFields ?? []) {
        if (!own(registration.fields, field.path)) {
          push(
            at("fields"),
            `missing ${field.path} (${field.what}): reviewers of a ${registration.type} need it (${info!.source})`,
          );
        }
      }

      const brands = registration.useCase ? brandsOf(config, registration.useCase) : [config.brand];
      const samples = fieldsWithRole(registration, "sample");
      for (const [path, value] of samples) {
        const text = textOf(value);
        if (text === undefined) {
          push(at("fields", path), "a sample message is text: the exact message you will send");
          continue;
        }
        // "Each sample message must be at least 20 characters" and "ensure that all messages
        // include your brand name" (How to register for a US toll-free number…); the 10DLC
        // article asks it of at least one sample: the stricter rule applies to every one.
        if (text.length < MIN_SAMPLE_LENGTH) {
          push(
            at("fields", path),
            `a sample message is at least ${MIN_SAMPLE_LENGTH} characters (How to register for a US toll-free number with AWS End User Messaging); this one is ${text.length}`,
          );
        }
        if (!brands.some((brand) => text.toLowerCase().includes(brand.toLowerCase()))) {
          push(
            at("fields", path),
            `every sample message names the brand (${quote(brands[0])}) as the messages will (How to register for a US toll-free number with AWS End User Messaging); e.g. "${brands[0]}: your code is [code]"`,
          );
        }
        const shortener = publicShortenerIn(text);
        if (shortener) {
          push(
            at("fields", path),
            `the sample links through ${shortener}, a public link shortener carriers filter (A Guide to SMS Short Codes with AWS End User Messaging); use a branded short domain or the full link`,
          );
        }
      }
      if (registration.type === "US_TEN_DLC_CAMPAIGN_REGISTRATION" && samples.length > 0) {
        // "At least one sample contains opt-out language" (10DLC Registration Best Practices).
        const optOut = samples.some(([, value]) =>
          /\b(stop|opt[- ]?out|unsubscribe)\b/i.test(wordsOf(value)),
        );
        if (!optOut) {
          push(
            at("fields", samples[0][0]),
            'at least one sample message of a 10DLC campaign says how to opt out, e.g. "Reply STOP to opt out" (10DLC Registration Best Practices to Send SMS with AWS End User Messaging)',
          );
        }
      }

      for (const [path, value] of fieldsWithRole(registration, "optInDescription")) {
        const text = textOf(value);
        if (text === undefined) continue;
        const problem = replyProblem("optInDescription", text, brands);
        if (problem) push(at("fields", path), problem);
        if (info?.minOptInDescription !== undefined && text.length < info.minOptInDescription) {
          push(
            at("fields", path),
            `the opt-in workflow description is at least ${info.minOptInDescription} characters (${info.source}); this one is ${text.length}`,
          );
        }
      }

      // The texts a campaign registers are the ones the pool must answer with: reviewers
      // text HELP and STOP to the number and compare.
      const keywords = useCase?.keywords;
      const registered: [keyof typeof FIELD_ROLES, "help" | "stop" | "optIn"][] = [
        ["helpMessage", "help"],
        ["stopMessage", "stop"],
        ["optInMessage", "optIn"],
      ];
      for (const [role, kind] of registered) {
        for (const [path, value] of fieldsWithRole(registration, role)) {
          const text = textOf(value);
          if (text === undefined) continue;
          const problem = replyProblem(kind, text, brands);
          if (problem) push(at("fields", path), problem);
          if (!keywords) continue;
          const answers = kind === "optIn" ? Object.values(keywords.optIn) : [keywords[kind]];
          if (!answers.some((answer) => answer.trim() === text.trim())) {
            const where =
              kind === "optIn"
                ? `useCases.${registration.useCase}.keywords.optIn`
                : `useCases.${registration.useCase}.keywords.${kind}`;
            push(
              at("fields", path),
              `the registered ${kind === "optIn" ? "opt-in confirmation" : `${kind.toUpperCase()} reply`} differs from what the pool answers (${where}); reviewers test the number, so register the same text`,
            );
          }
        }
      }

      // The contact email is on the company's domain (How to register for a US toll-free
      // number…; 10DLC Registration Best Practices: names must match email and website domains).
      const websites = fieldsWithRole(registration, "website")
        .map(([, value]) => textOf(value))
        .filter((text): text is string => text !== undefined);
      const host = websites.length > 0 ? hostOf(websites[0]) : undefined;
      for (const [path, value] of fieldsWithRole(registration, "email")) {
        const email = textOf(value);
        if (email === undefined) continue;
        const match = /^([^\s@]+)@([^\s@]+\.[A-Za-z]{2,})$/.exec(email);
        if (!match) {
          push(
            at("fields", path),
            `expected an email address, e.g. jordan.lee@example.com; found ${quote(email)}`,
          );
          continue;
        }
        const domain = match[2].toLowerCase();
        if (host && !sameCompanyDomain(domain, host)) {
          push(
            at("fields", path),
            `the contact email is on ${domain}, but the company's website is ${host}; reviewers require an address on the company's domain (How to register for a US toll-free number with AWS End User Messaging)`,
          );
        }
        if (info?.personalContactEmail && SHARED_MAILBOX_NAMES.includes(match[1].toLowerCase())) {
          push(
            at("fields", path),
            `${quote(email)} looks like a shared mailbox; a ${registration.type}'s contact email may not be a distribution list, contact group or mailing list (${info.source}): give a person's address`,
          );
        }
      }

      if (useCase) {
        for (const [path, value] of fieldsWithRole(registration, "category")) {
          const words = wordsOf(value);
          if (NEUTRAL_CATEGORY.test(words)) continue;
          const marketing = MARKETING_CATEGORY.test(words);
          if (marketing !== (useCase.messageType === "PROMOTIONAL")) {
            push(
              at("fields", path),
              `the category ${quote(words)} ${marketing ? "is marketing" : "is not marketing"}, but use case ${registration.useCase} sends ${useCase.messageType}; the category must match the messages (How to register for a US toll-free number with AWS End User Messaging)`,
            );
          }
        }
      }
    }
  }
  return issues;
}

/** A phone number of a Region (requested or adopted): its key, config path and what counts here. */
type NumberEntry = [
  key: string,
  path: Path,
  number: {
    useCase: string;
    registration?: string;
    registrationId?: string;
    numberType?: string;
    countries: string[];
    requested: boolean;
  },
];

/** A requested number's registration: its reference and whether it must have one. */
function checkPhoneNumberRegistrations(config: EstateConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const region of Object.keys(config.regions).sort()) {
    const block = config.regions[region];
    const tollFreeUsers = new Map<string, string>();
    const entries: NumberEntry[] = [
      ...Object.keys(block.phoneNumbers)
        .sort()
        .map((key): NumberEntry => {
          const n = block.phoneNumbers[key];
          return [
            key,
            ["regions", region, "phoneNumbers", key],
            { ...n, countries: [n.country], requested: true },
          ];
        }),
      ...Object.keys(block.existingOriginators)
        .sort()
        .flatMap((key): NumberEntry[] => {
          const o = block.existingOriginators[key];
          if (o.kind !== "phoneNumber") {
            if (o.registration || o.registrationId) {
              issues.push({
                path: [
                  "regions",
                  region,
                  "existingOriginators",
                  key,
                  o.registration ? "registration" : "registrationId",
                ],
                message:
                  "an adopted sender ID's registration is per country: adopt it as a phone number, or leave the registration out (AWS provisions registered sender IDs on approval)",
              });
            }
            return [];
          }
          return [
            [key, ["regions", region, "existingOriginators", key], { ...o, requested: false }],
          ];
        }),
    ];
    for (const [, path, number] of entries) {
      if (number.registration && number.registrationId) {
        issues.push({
          path: [...path, "registrationId"],
          message:
            "give registration (a registration of this Region, by key) or registrationId (one made outside the estate), not both",
        });
        continue;
      }
      const usRegistered =
        number.countries.includes("US") &&
        (number.numberType === "TOLL_FREE" || number.numberType === "TEN_DLC");
      if (usRegistered && number.requested && !number.registration && !number.registrationId) {
        const what = number.numberType === "TOLL_FREE" ? "toll-free" : "10DLC";
        const type =
          number.numberType === "TOLL_FREE"
            ? "US_TOLL_FREE_REGISTRATION"
            : "US_TEN_DLC_CAMPAIGN_REGISTRATION";
        issues.push({
          path: [...path, "registration"],
          message: `a US ${what} number sends only once registered (How to build resilient SMS delivery with AWS End User Messaging: all US originator types require registration); declare a ${type} under regions.${region}.registrations and name it here (registration: <key>), or give the registrationId of one made outside the estate`,
        });
      }
      if (!number.registration) continue;
      const registration = own(block.registrations, number.registration);
      if (!registration) {
        const elsewhere = Object.keys(config.regions)
          .sort()
          .find(
            (other) =>
              other !== region && own(config.regions[other].registrations, number.registration!),
          );
        issues.push({
          path: [...path, "registration"],
          message: elsewhere
            ? `registration ${quote(number.registration)} is declared in ${elsewhere}, not ${region}; registrations are per Region (How to build resilient SMS delivery with AWS End User Messaging), so declare one under regions.${region}.registrations too`
            : `no registration ${quote(number.registration)} in ${region}; declare it under regions.${region}.registrations${Object.keys(block.registrations).length ? ` or use one of ${oneOf(Object.keys(block.registrations).sort())}` : ""}`,
        });
        continue;
      }
      const info = registrationTypeInfo(registration.type);
      const registers = info?.registers;
      if (
        registers &&
        !(
          registers.kind === "phoneNumber" &&
          registers.numberType === number.numberType &&
          number.countries.includes(registers.country)
        )
      ) {
        issues.push({
          path: [...path, "registration"],
          message: `registrations.${number.registration} is a ${registration.type}, which registers ${registersWhat(registers)}, not this ${number.numberType ?? "number"}`,
        });
        continue;
      }
      if (registration.useCase && registration.useCase !== number.useCase) {
        issues.push({
          path: [...path, "registration"],
          message: `registrations.${number.registration} registers the messages of ${registration.useCase}, but this number serves ${number.useCase}; carriers approve one use case per registration`,
        });
      }
      // A toll-free registration registers one number (AWS End User Messaging SMS User
      // Guide: each toll-free number is registered on its own, associated before submission).
      if (registration.type === "US_TOLL_FREE_REGISTRATION") {
        const first = tollFreeUsers.get(number.registration);
        if (first) {
          issues.push({
            path: [...path, "registration"],
            message: `registrations.${number.registration} already registers ${first}; each toll-free number needs its own US_TOLL_FREE_REGISTRATION`,
          });
        } else {
          tollFreeUsers.set(number.registration, path.slice(2).join("."));
        }
      }
    }
  }
  return issues;
}

/** Sender IDs for countries that register them name a registration per such country. */
function checkSenderIdRegistrations(config: EstateConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const region of Object.keys(config.regions).sort()) {
    const block = config.regions[region];
    for (const key of Object.keys(block.senderIds).sort()) {
      const sender = block.senderIds[key];
      const at = (...rest: Path): Path => ["regions", region, "senderIds", key, ...rest];
      const byKey = sender.registrations ?? {};
      const byId = sender.registrationIds ?? {};
      for (const [field, map] of [
        ["registrations", byKey],
        ["registrationIds", byId],
      ] as const) {
        for (const country of Object.keys(map).sort()) {
          if (!sender.countries.includes(country)) {
            issues.push({
              path: at(field, country),
              message: `sender ID ${sender.senderId} is not requested for ${country}; add ${country} to countries or remove this entry`,
            });
          } else if (field === "registrationIds" && own(byKey, country)) {
            issues.push({
              path: at(field, country),
              message: `${country} already names a registration under registrations; give one of the two`,
            });
          }
        }
      }
      for (const country of [...sender.countries].sort()) {
        const required = own(SENDER_ID_REGISTRATION_COUNTRIES, country);
        const ref = own(byKey, country);
        if (required && !ref && !own(byId, country)) {
          issues.push({
            path: at("registrations", country),
            message: `${country} registers sender IDs before they can send (${required.source}); declare a ${country}_SENDER_ID_REGISTRATION under regions.${region}.registrations and name it here (registrations: { ${country}: <key> }), or give the id of one made outside the estate under registrationIds`,
          });
        }
        if (!ref) continue;
        const registration = own(block.registrations, ref);
        if (!registration) {
          issues.push({
            path: at("registrations", country),
            message: `no registration ${quote(ref)} in ${region}; registrations are per Region, so declare it under regions.${region}.registrations`,
          });
          continue;
        }
        const registers = registrationTypeInfo(registration.type)?.registers;
        if (registers && !(registers.kind === "senderId" && registers.country === country)) {
          issues.push({
            path: at("registrations", country),
            message: `registrations.${ref} is a ${registration.type}, which registers ${registersWhat(registers)}, not sender IDs for ${country}`,
          });
        } else if (registration.useCase && registration.useCase !== sender.useCase) {
          issues.push({
            path: at("registrations", country),
            message: `registrations.${ref} registers the messages of ${registration.useCase}, but this sender ID serves ${sender.useCase}`,
          });
        }
      }
    }
  }
  return issues;
}

/**
 * A registration id belongs to one Region: "country registrations must be completed
 * separately in every Region" (How to build resilient SMS delivery with AWS End User
 * Messaging). The same raw id under two Regions is a copy-paste slip that AWS refuses in the
 * second Region.
 */
function checkRawIdsPerRegion(config: EstateConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const firstUse = new Map<string, { region: string; path: string }>();
  for (const region of Object.keys(config.regions).sort()) {
    const block = config.regions[region];
    const uses: [Path, string][] = [];
    for (const key of Object.keys(block.phoneNumbers).sort()) {
      const id = block.phoneNumbers[key].registrationId;
      if (id) uses.push([["regions", region, "phoneNumbers", key, "registrationId"], id]);
    }
    for (const key of Object.keys(block.existingOriginators).sort()) {
      const id = block.existingOriginators[key].registrationId;
      if (id) uses.push([["regions", region, "existingOriginators", key, "registrationId"], id]);
    }
    for (const key of Object.keys(block.senderIds).sort()) {
      const ids = block.senderIds[key].registrationIds ?? {};
      for (const country of Object.keys(ids).sort()) {
        uses.push([
          ["regions", region, "senderIds", key, "registrationIds", country],
          ids[country],
        ]);
      }
    }
    for (const [path, id] of uses) {
      const first = firstUse.get(id);
      if (first && first.region !== region) {
        issues.push({
          path,
          message: `registration ${quote(id)} is ${first.region}'s (${first.path}); registrations are per Region and must be completed separately in every Region (How to build resilient SMS delivery with AWS End User Messaging): register in ${region} too and give that registration here`,
        });
      } else if (!first) {
        firstUse.set(id, { region, path: path.slice(2).join(".") });
      }
    }
  }
  return issues;
}

/**
 * India's local routes need the DLT entity and template IDs with every message ("How to
 * Send SMS Using a Sender ID with Amazon Pinpoint": supply the entity ID and template ID
 * registered with TRAI). A use case that reaches India through a sender ID declares them.
 */
function checkIndia(config: EstateConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const name of Object.keys(config.useCases).sort()) {
    const useCase = config.useCases[name];
    if (!useCase.countries.includes("IN") || useCase.india) continue;
    const regions = Object.keys(config.regions)
      .sort()
      .filter((region) => {
        const block = config.regions[region];
        return (
          Object.values(block.senderIds).some(
            (s) => s.useCase === name && s.countries.includes("IN"),
          ) ||
          Object.values(block.existingOriginators).some(
            (o) => o.kind === "senderId" && o.useCase === name && o.countries.includes("IN"),
          )
        );
      });
    if (regions.length === 0) continue;
    issues.push({
      path: ["useCases", name, "india"],
      message: `${name} sends to India through a sender ID (in ${regions.join(", ")}), and India's local routes take only messages carrying the DLT entity ID and template ID registered with TRAI (How to Send SMS Using a Sender ID with Amazon Pinpoint); declare india: { entityId: "<DLT entity ID>", templateIds: ["<DLT template ID>"] }, or stop sending ${name} to IN`,
    });
  }
  return issues;
}
