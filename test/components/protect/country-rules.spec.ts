import { strict as assert } from "node:assert";
import * as fc from "fast-check";
import {
  accountCountryRules,
  PROTECT_CHANNELS,
  useCaseCountryRules,
  useCaseProtectMode,
  type InUseMode,
} from "../../../components/protect/country-rules";
import { ISO_COUNTRY_CODES } from "../../../stacks/config/countries";
import { parseEstateConfig } from "../../../stacks/config/load";
import { minimalEstate } from "../../support/estate";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const modes: InUseMode[] = ["ALLOW", "FILTER", "MONITOR"];

/** Arbitrary estates: 1–4 use cases over random ISO countries, random modes. */
const estateArb = fc
  .array(
    fc.record({
      countries: fc.uniqueArray(fc.constantFrom(...ISO_COUNTRY_CODES), {
        minLength: 1,
        maxLength: 30,
      }),
      publicFacing: fc.boolean(),
      protectMode: fc.option(fc.constantFrom(...modes), { nil: undefined }),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .chain((useCases) =>
    fc.record({ useCases: fc.constant(useCases), accountDefaultMode: fc.constantFrom(...modes) }),
  );

/** Builds an estate config object directly (coverage rules are not under test here). */
function estateOf(spec: { useCases: Loose[]; accountDefaultMode: InUseMode }): Loose {
  const base = parseEstateConfig(minimalEstate()) as Loose;
  return {
    ...base,
    protect: { ...base.protect, accountDefaultMode: spec.accountDefaultMode },
    useCases: Object.fromEntries(
      spec.useCases.map((u, i) => [`uc-${i}`, { ...base.useCases.otp, ...u }]),
    ),
  };
}

describe("Protect country rules", () => {
  it("for any estate, every ISO country is in use or blocked on every channel, and no country in use is blocked", () => {
    fc.assert(
      fc.property(estateArb, (spec) => {
        const estate = estateOf(spec);
        const inUse = new Set(spec.useCases.flatMap((u) => u.countries));
        const sets = [
          accountCountryRules(estate),
          ...Object.values(estate.useCases).map((u: Loose) => useCaseCountryRules(u)),
        ];
        for (const [index, rules] of sets.entries()) {
          const own = index === 0 ? inUse : new Set(spec.useCases[index - 1].countries);
          for (const channel of PROTECT_CHANNELS) {
            assert.deepEqual(
              rules[channel].map((r) => r.countryCode),
              [...ISO_COUNTRY_CODES].sort(),
              "one rule per ISO country",
            );
            for (const rule of rules[channel]) {
              if (own.has(rule.countryCode))
                assert.notEqual(rule.protectStatus, "BLOCK", `${channel} ${rule.countryCode}`);
              else assert.equal(rule.protectStatus, "BLOCK", `${channel} ${rule.countryCode}`);
            }
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it("filters public-facing use cases and allows service-initiated ones by default", () => {
    assert.equal(useCaseProtectMode({ publicFacing: true }), "FILTER");
    assert.equal(useCaseProtectMode({ publicFacing: false }), "ALLOW");
    assert.equal(useCaseProtectMode({ publicFacing: true, protectMode: "MONITOR" }), "MONITOR");
  });

  it("applies FILTER and MONITOR to SMS only; MMS and voice allow the countries in use", () => {
    const estate = parseEstateConfig(minimalEstate());
    const otp = useCaseCountryRules(estate.useCases.otp);
    const status = (channel: "sms" | "mms" | "voice", country: string) =>
      otp[channel].find((r) => r.countryCode === country)?.protectStatus;
    assert.deepEqual(
      [status("sms", "GB"), status("mms", "GB"), status("voice", "GB")],
      ["FILTER", "ALLOW", "ALLOW"],
    );
    assert.deepEqual(
      [status("sms", "FR"), status("mms", "FR"), status("voice", "FR")],
      ["BLOCK", "BLOCK", "BLOCK"],
    );
  });

  it("gives the account-level configuration the account mode for every country any use case sends to", () => {
    const raw = minimalEstate() as Loose;
    raw.protect = { accountDefaultMode: "MONITOR" };
    const rules = accountCountryRules(parseEstateConfig(raw));
    assert.deepEqual(
      rules.sms.filter((r) => r.protectStatus !== "BLOCK"),
      [
        { countryCode: "GB", protectStatus: "MONITOR" },
        { countryCode: "US", protectStatus: "MONITOR" },
      ],
    );
  });
});
