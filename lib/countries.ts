import * as isoCountries from "i18n-iso-countries";

/**
 * ISO 3166-1 alpha-2 country codes, from the maintained `i18n-iso-countries` package
 * rather than a hand-typed list, so that new or retired codes arrive with an upgrade.
 */
export const ISO_COUNTRY_CODES: readonly string[] = Object.keys(
  isoCountries.getAlpha2Codes(),
).sort();

const ISO_COUNTRY_SET = new Set(ISO_COUNTRY_CODES);

/** True when `code` is an upper-case ISO 3166-1 alpha-2 country code. */
export function isIsoCountryCode(code: string): boolean {
  return ISO_COUNTRY_SET.has(code);
}
