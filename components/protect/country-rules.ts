/**
 * Protect country rules derived from the estate, so protection comes by construction: every
 * country no use case sends to is blocked on every channel, and the countries in use get
 * the mode their use case asks for. Pure: no Pulumi, no I/O.
 */
import { ISO_COUNTRY_CODES } from "../../lib/countries";
import type { ProtectMode } from "../sms/use-case";

/** Protect statuses (the `ProtectStatus` enum of the SMS Voice v2 API). */
export type ProtectStatus = "ALLOW" | "BLOCK" | "FILTER" | "MONITOR";
/** Statuses a country in use may have. */
export type InUseMode = Exclude<ProtectStatus, "BLOCK">;

/** Channels a protect configuration has rules for; SMS and voice rules may differ (digest §5). */
export const PROTECT_CHANNELS = ["sms", "mms", "voice"] as const;
export type ProtectChannel = (typeof PROTECT_CHANNELS)[number];

export interface CountryRule {
  countryCode: string;
  protectStatus: ProtectStatus;
}

/** A rule per country per channel, in the shape aws-native's `countryRuleSet` takes. */
export type CountryRuleSet = Record<ProtectChannel, CountryRule[]>;

/** The mode a use case's countries get in its own configuration. */
export function useCaseProtectMode(useCase: {
  readonly protectMode?: ProtectMode;
  readonly publicFacing?: boolean;
}): InUseMode {
  // Public web forms are where pumping comes from (digest §5): filter them by default;
  // service-initiated traffic gets no Filter fee unless asked for.
  return useCase.protectMode ?? (useCase.publicFacing ? "FILTER" : "ALLOW");
}

/**
 * Rules for every ISO country on every channel. The in-use mode applies to SMS: FILTER and
 * MONITOR are Protect's model for artificially inflated *text* traffic, so MMS and voice get
 * ALLOW for countries in use. Countries not in use are BLOCKed on all three channels.
 *
 * @param inUse countries in use and their SMS mode
 * @param countries the universe of countries. Default: every ISO 3166-1 alpha-2 code.
 */
export function deriveCountryRules(
  inUse: Readonly<Record<string, InUseMode>>,
  countries: readonly string[] = ISO_COUNTRY_CODES,
): CountryRuleSet {
  const universe = [...new Set([...countries, ...Object.keys(inUse)])].sort();
  const rule = (channel: ProtectChannel) =>
    universe.map((countryCode) => {
      const mode = inUse[countryCode];
      const protectStatus: ProtectStatus = !mode ? "BLOCK" : channel === "sms" ? mode : "ALLOW";
      return { countryCode, protectStatus };
    });
  return { sms: rule("sms"), mms: rule("mms"), voice: rule("voice") };
}

/** A use case's own rules: its countries at its mode, everything else blocked. */
export function useCaseCountryRules(useCase: {
  readonly countries: readonly string[];
  readonly protectMode?: ProtectMode;
  readonly publicFacing?: boolean;
}): CountryRuleSet {
  const mode = useCaseProtectMode(useCase);
  return deriveCountryRules(
    Object.fromEntries(useCase.countries.map((country) => [country, mode])),
  );
}

/**
 * The account-level rules: every country some use case sends to, at the account mode.
 *
 * @param estate - the use cases and, optionally, `protect.accountDefaultMode` (default FILTER).
 */
export function accountCountryRules(estate: {
  readonly useCases: Readonly<Record<string, { readonly countries: readonly string[] }>>;
  readonly protect?: { readonly accountDefaultMode?: ProtectMode };
}): CountryRuleSet {
  const mode = estate.protect?.accountDefaultMode ?? "FILTER";
  const inUse: Record<string, InUseMode> = {};
  for (const useCase of Object.values(estate.useCases)) {
    for (const country of useCase.countries) inUse[country] = mode;
  }
  return deriveCountryRules(inUse);
}

/** Counts per status on one channel, for summaries ("blocks 234 countries"). */
export function countByStatus(rules: CountryRule[]): Record<ProtectStatus, number> {
  const counts: Record<ProtectStatus, number> = { ALLOW: 0, BLOCK: 0, FILTER: 0, MONITOR: 0 };
  for (const rule of rules) counts[rule.protectStatus]++;
  return counts;
}
