/**
 * Zod schema for the `ses` section of a stack's `messaging:estate` config.
 *
 * Field-level rules live on the fields; rules that need more than one field (pool
 * references, STANDARD pools needing IPs and a plan, domain separation) live in one
 * superRefine so every issue carries the full path from the `ses` root and a message
 * that says how to fix it.
 */
import { Region as AWS_REGION_CODES } from "@pulumi/aws/types/enums";
import { z } from "zod";
import {
  ENGAGEMENT_TIERS,
  GUIDE_FINAL_DAILY_TOTAL,
  MAILBOX_PROVIDERS,
  type EngagementTier,
} from "../../components/ses/warmup-plan";
import { ESTATE_CONFIG_KEY } from "./issues";

/**
 * Stack config key (beside `messaging:estate`) naming the date, `yyyy-mm-dd`, for which the
 * stack exports warm-up caps and `npm run warmup` prints them. Unset: the run's UTC date.
 */
export const WARMUP_AS_OF_CONFIG_KEY = "messaging:warmupAsOf";

/**
 * Config path of one SES pool, as error messages name it, e.g.
 * `messaging:estate.ses.regions.us-east-1.pools.bulk`.
 *
 * @param region - the `ses.regions` key; no default.
 * @param poolName - the `pools` key (= SES pool name); no default.
 */
export function sesPoolConfigPath(region: string, poolName: string): string {
  return `${ESTATE_CONFIG_KEY}.ses.regions.${region}.pools.${poolName}`;
}

/** SES dedicated-IP pool names: letters, digits, dash and underscore, 1–64 characters. */
export const SES_POOL_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The pool SES keeps dedicated IPs in that no other pool holds; it cannot be declared, and
 * removing an IP assignment moves the IP back into it.
 */
export const SES_DEFAULT_POOL_NAME = "ses-default-dedicated-pool";

/** AWS region codes such as us-east-1, eu-west-2, us-gov-west-1. */
export const AWS_REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+$/;

/**
 * Every AWS Region code the installed AWS provider knows (`aws.Region`), so a typo such
 * as `us-esat-1`, which the pattern above accepts, still fails. Not a list of SES
 * Regions: AWS keeps adding SES Regions, and a stale hand-kept list would reject a good
 * one, so whether SES runs in a Region is left to AWS, which answers at preview time.
 */
export const KNOWN_AWS_REGIONS: ReadonlySet<string> = new Set(Object.values(AWS_REGION_CODES));

/**
 * SES use-case names become configuration set names (`<namePrefix>-email-<name>`), so they
 * follow the estate's key rule: a lower-case letter, then up to 31 lower-case letters,
 * digits or dashes.
 */
export const SES_USE_CASE_NAME_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;

/**
 * Two-label public suffixes under which registrations happen at the third label
 * (example.co.uk is registrable, so it is a "root" domain). Deliberately small and
 * hand-picked rather than the full Public Suffix List, which would be a large data
 * dependency for one check; domains under other multi-label suffixes are treated as
 * if the suffix were one label, i.e. this check may then miss a root domain.
 */
export const TWO_PART_PUBLIC_SUFFIXES: ReadonlySet<string> = new Set([
  "co.uk",
  "org.uk",
  "me.uk",
  "ac.uk",
  "gov.uk",
  "ltd.uk",
  "plc.uk",
  "net.uk",
  "com.au",
  "net.au",
  "org.au",
  "edu.au",
  "gov.au",
  "co.nz",
  "net.nz",
  "org.nz",
  "co.jp",
  "ne.jp",
  "or.jp",
  "co.kr",
  "co.in",
  "net.in",
  "org.in",
  "co.za",
  "org.za",
  "co.il",
  "com.br",
  "net.br",
  "org.br",
  "com.mx",
  "com.ar",
  "com.tr",
  "com.sg",
  "com.hk",
  "com.tw",
  "com.cn",
]);

/**
 * The registrable ("root") domain of a hostname: the last two labels, or the last
 * three under a suffix in {@link TWO_PART_PUBLIC_SUFFIXES}.
 *
 * @param domain - hostname, any case; no default.
 */
export function registrableDomain(domain: string): string {
  const labels = domain.toLowerCase().split(".");
  const suffixLabels = TWO_PART_PUBLIC_SUFFIXES.has(labels.slice(-2).join(".")) ? 2 : 1;
  return labels.slice(-(suffixLabels + 1)).join(".");
}

/**
 * A strict object whose unknown-key message names the allowed keys, because a typo
 * such as `scalingmode` would otherwise be silently ignored.
 */
function strictObject<Shape extends z.ZodRawShape>(shape: Shape, what: string) {
  const allowed = Object.keys(shape).join(", ");
  return z.strictObject(shape, {
    error: (iss) =>
      iss.code === "unrecognized_keys"
        ? `unknown ${iss.keys.length > 1 ? "keys" : "key"} ${iss.keys.map((k) => `"${k}"`).join(", ")} in ${what}: remove or correct it (allowed: ${allowed})`
        : undefined,
  });
}

const HOSTNAME =
  /^(?=.{1,253}$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

const warmupSchema = strictObject(
  {
    startDate: z.iso.date({
      error: "startDate must be a calendar date yyyy-mm-dd, e.g. 2025-03-01",
    }),
    targetDailyVolume: z
      .number({ error: "targetDailyVolume must be a number of messages per day" })
      .int({ error: "targetDailyVolume must be a whole number of messages per day" })
      .positive({ error: "targetDailyVolume must be greater than 0" })
      .default(GUIDE_FINAL_DAILY_TOTAL),
    engagementTier: z
      .enum(ENGAGEMENT_TIERS as [EngagementTier, ...EngagementTier[]], {
        error: `engagementTier must be one of: ${ENGAGEMENT_TIERS.join(", ")}`,
      })
      .default("standard"),
    providerMix: z
      .partialRecord(
        z.enum(MAILBOX_PROVIDERS, {
          error: `unknown mailbox provider: use one of ${MAILBOX_PROVIDERS.join(", ")}`,
        }),
        z
          .number({ error: "a provider weight must be a number" })
          .finite({ error: "a provider weight must be finite" })
          .nonnegative({ error: "a provider weight must be 0 or more" }),
        {
          // An enum-keyed record reports stray keys as "unrecognized_keys" at runtime,
          // although its issue type does not list that code; hence the widening.
          error: (raw) => {
            const iss = raw as { code: string; keys?: string[] };
            return iss.code === "unrecognized_keys"
              ? `unknown mailbox provider ${(iss.keys ?? []).map((k) => `"${k}"`).join(", ")}: use ${MAILBOX_PROVIDERS.join(", ")} (put everything else under "others")`
              : undefined;
          },
        },
      )
      .optional(),
  },
  "warmup",
);

const poolSchema = strictObject(
  {
    scalingMode: z
      .enum(["MANAGED", "STANDARD"], { error: "scalingMode must be MANAGED or STANDARD" })
      .default("MANAGED"),
    dedicatedIps: z
      .array(z.ipv4({ error: "dedicated IPs must be IPv4 addresses such as 198.51.100.7" }))
      .optional(),
    warmup: warmupSchema.optional(),
    // Set after converting a STANDARD pool to MANAGED in SES itself, so the scaling-mode
    // guard (components/ses/scaling-mode-guard.ts) lets that one change through.
    convertedFromStandard: z
      .boolean({ error: "convertedFromStandard must be true or false" })
      .optional(),
  },
  "pool",
);

const useCaseSchema = strictObject(
  {
    kind: z.enum(["transactional", "marketing"], {
      error: "kind must be transactional or marketing",
    }),
    domain: z
      .string({ error: "domain must be a hostname such as transactional.example.com" })
      .regex(HOSTNAME, { error: "domain must be a hostname such as transactional.example.com" }),
    pool: z.string({ error: "pool must name a pool defined in the same region" }),
    fromAddresses: z
      .array(z.email({ error: "fromAddresses entries must be email addresses" }))
      .optional(),
  },
  "use case",
);

const regionSchema = strictObject(
  {
    pools: z.record(z.string(), poolSchema).default({}),
    useCases: z.record(z.string(), useCaseSchema).default({}),
  },
  "region",
);

/** Schema for the `ses` key of `messaging:estate`. */
export const sesConfigSchema = strictObject(
  { regions: z.record(z.string(), regionSchema) },
  "ses",
).superRefine(
  (config, ctx) => {
    const issue = (path: PropertyKey[], message: string) =>
      ctx.addIssue({ code: "custom", path, message });
    // Domain (lowercased) -> first use case seen with it, across all regions: mailbox
    // providers keep reputation per domain, not per SES region.
    const domainOwners = new Map<string, { name: string; kind: string; region: string }>();

    for (const [region, regionConfig] of Object.entries(config.regions)) {
      const at = ["regions", region];
      if (!AWS_REGION_PATTERN.test(region)) {
        issue(at, `"${region}" is not an AWS region code: use a code such as us-east-1`);
      } else if (!KNOWN_AWS_REGIONS.has(region)) {
        issue(
          at,
          `"${region}" is not an AWS Region the AWS provider knows: check the spelling (e.g. us-east-1, eu-west-2)`,
        );
      }
      const ipOwners = new Map<string, string>();
      for (const [name, pool] of Object.entries(regionConfig.pools)) {
        const poolAt = [...at, "pools", name];
        if (!SES_POOL_NAME_PATTERN.test(name)) {
          issue(
            poolAt,
            `pool name "${name}" is not valid for SES: use 1-64 letters, digits, "-" or "_"`,
          );
        } else if (name.toLowerCase() === SES_DEFAULT_POOL_NAME) {
          issue(
            poolAt,
            `pool name "${name}" is the pool SES keeps unassigned dedicated IPs in: choose another name`,
          );
        }
        const ips = pool.dedicatedIps ?? [];
        if (pool.scalingMode === "STANDARD" && ips.length === 0) {
          issue(
            [...poolAt, "dedicatedIps"],
            `STANDARD pool "${name}" has no dedicated IPs: list its IPv4 addresses under dedicatedIps, or set scalingMode: MANAGED to let SES allocate them`,
          );
        }
        if (pool.scalingMode === "STANDARD" && pool.warmup === undefined) {
          issue(
            [...poolAt, "warmup"],
            `STANDARD pool "${name}" has no warm-up plan: add warmup with a startDate (yyyy-mm-dd), or set scalingMode: MANAGED so SES warms the IPs adaptively`,
          );
        }
        if (pool.scalingMode === "MANAGED" && ips.length > 0) {
          issue(
            [...poolAt, "dedicatedIps"],
            `MANAGED pool "${name}" lists dedicatedIps, but SES allocates a managed pool's IPs itself: remove dedicatedIps, or set scalingMode: STANDARD`,
          );
        }
        if (pool.convertedFromStandard === true && pool.scalingMode !== "MANAGED") {
          issue(
            [...poolAt, "convertedFromStandard"],
            `pool "${name}" is STANDARD but says convertedFromStandard: remove convertedFromStandard (it only marks a pool converted to MANAGED in SES; SES cannot convert back)`,
          );
        }
        ips.forEach((ip, index) => {
          const owner = ipOwners.get(ip);
          if (owner !== undefined) {
            issue(
              [...poolAt, "dedicatedIps", index],
              `IP ${ip} is already listed in pool "${owner}" in ${region}: a dedicated IP belongs to one pool, so list it once`,
            );
          } else {
            ipOwners.set(ip, name);
          }
        });
        const mix = pool.warmup?.providerMix;
        if (mix !== undefined && !(Object.values(mix).reduce((a, w) => a + (w ?? 0), 0) > 0)) {
          issue(
            [...poolAt, "warmup", "providerMix"],
            "providerMix weights sum to 0: give at least one provider a positive weight, or remove providerMix for equal weights",
          );
        }
      }

      const poolNames = Object.keys(regionConfig.pools);
      for (const [name, useCase] of Object.entries(regionConfig.useCases)) {
        const useAt = [...at, "useCases", name];
        if (!SES_USE_CASE_NAME_PATTERN.test(name)) {
          issue(
            useAt,
            `use case name "${name}" becomes part of a configuration set name: start with a lower-case letter and use only lower-case letters, digits and dashes (at most 32 characters)`,
          );
        }
        if (!poolNames.includes(useCase.pool)) {
          const known =
            poolNames.length > 0
              ? `or use one of: ${poolNames.join(", ")}`
              : "no pools exist there yet";
          issue(
            [...useAt, "pool"],
            `use case "${name}" uses pool "${useCase.pool}", which is not defined in ${region}: define it under regions.${region}.pools (${known})`,
          );
        }
        const domain = useCase.domain.toLowerCase();
        const root = registrableDomain(domain);
        if (domain === root || !domain.endsWith(`.${root}`)) {
          issue(
            [...useAt, "domain"],
            `use case "${name}" sends from "${useCase.domain}", a root domain: send from a subdomain such as ${useCase.kind}.${root} so its reputation stays separate`,
          );
        }
        const owner = domainOwners.get(domain);
        if (owner === undefined) {
          domainOwners.set(domain, { name, kind: useCase.kind, region });
        } else if (owner.kind !== useCase.kind) {
          issue(
            [...useAt, "domain"],
            `use case "${name}" (${useCase.kind}) shares domain "${useCase.domain}" with ${owner.kind} use case "${owner.name}" in ${owner.region}: give marketing and transactional mail separate subdomains, e.g. marketing.${root} and transactional.${root}`,
          );
        }
        (useCase.fromAddresses ?? []).forEach((address, index) => {
          const addressDomain = address.slice(address.lastIndexOf("@") + 1).toLowerCase();
          if (addressDomain !== domain && !addressDomain.endsWith(`.${domain}`)) {
            issue(
              [...useAt, "fromAddresses", index],
              `from address "${address}" is not in domain "${useCase.domain}": use an address @${useCase.domain} so mail is sent and authenticated as this use case's subdomain`,
            );
          }
        });
      }
    }
  },
  // Cross-field checks run once every field is valid, so they never reason about
  // half-parsed values (and never repeat a field error in other words).
  { when: (payload) => payload.issues.length === 0 },
);

/** The `ses` section as written in YAML (defaults not yet applied). */
export type SesConfigInput = z.input<typeof sesConfigSchema>;
/** The parsed `ses` section, defaults applied. */
export type SesConfig = z.output<typeof sesConfigSchema>;
/** One region of {@link SesConfig}. */
export type SesRegionConfig = SesConfig["regions"][string];
/** One dedicated-IP pool. */
export type SesPoolConfig = SesRegionConfig["pools"][string];
/** A pool's warm-up plan parameters. */
export type SesWarmupConfig = NonNullable<SesPoolConfig["warmup"]>;
/** One sending use case. */
export type SesUseCaseConfig = SesRegionConfig["useCases"][string];
