/** ISO country codes live below the components (`lib/countries.ts`); re-exported for the config. */
export { ISO_COUNTRY_CODES, isIsoCountryCode } from "../../lib/countries";
