import * as assert from "node:assert/strict";
import {
  registrableDomain,
  sesConfigSchema,
  sesPoolConfigPath,
  type SesConfigInput,
} from "../../stacks/config/ses-schema";

/** A valid config; each bad case below breaks exactly one thing in a fresh copy. */
function validConfig() {
  return {
    regions: {
      "us-east-1": {
        pools: {
          "bulk-1": {
            scalingMode: "STANDARD",
            dedicatedIps: ["198.51.100.7", "198.51.100.8"],
            warmup: { startDate: "2025-03-01", targetDailyVolume: 1_000_000 },
          } as Record<string, unknown>,
          managed: {} as Record<string, unknown>,
        } as Record<string, Record<string, unknown>>,
        useCases: {
          newsletters: {
            kind: "marketing",
            domain: "marketing.example.com",
            pool: "bulk-1",
          } as Record<string, unknown>,
          receipts: {
            kind: "transactional",
            domain: "transactional.example.com",
            pool: "managed",
            fromAddresses: ["receipts@transactional.example.com"],
          } as Record<string, unknown>,
        } as Record<string, Record<string, unknown>>,
      },
    } as Record<
      string,
      {
        pools: Record<string, Record<string, unknown>>;
        useCases: Record<string, Record<string, unknown>>;
      }
    >,
  };
}
type Config = ReturnType<typeof validConfig>;

const R = "us-east-1";
const pool = (c: Config, name = "bulk-1") => c.regions[R].pools[name];
const useCase = (c: Config, name = "newsletters") => c.regions[R].useCases[name];
const warmup = (c: Config) => pool(c).warmup as Record<string, unknown>;

describe("SES config schema", () => {
  it("accepts a valid config and applies defaults", () => {
    const parsed = sesConfigSchema.parse(validConfig());
    const region = parsed.regions[R];
    assert.equal(region.pools.managed.scalingMode, "MANAGED");
    assert.deepEqual(region.pools["bulk-1"].warmup, {
      startDate: "2025-03-01",
      targetDailyVolume: 1_000_000,
      engagementTier: "standard",
    });
  });

  it("defaults the warm-up target to the guide's 21,000,000 and pools/useCases to empty", () => {
    const input: SesConfigInput = {
      regions: {
        "eu-west-1": {
          pools: {
            p: {
              scalingMode: "STANDARD",
              dedicatedIps: ["203.0.113.4"],
              warmup: { startDate: "2025-01-01" },
            },
          },
        },
        "eu-west-2": {},
      },
    };
    const parsed = sesConfigSchema.parse(input);
    assert.equal(parsed.regions["eu-west-1"].pools.p.warmup?.targetDailyVolume, 21_000_000);
    assert.deepEqual(parsed.regions["eu-west-1"].useCases, {});
    assert.deepEqual(parsed.regions["eu-west-2"], { pools: {}, useCases: {} });
  });

  it("accepts convertedFromStandard on a MANAGED pool (converted in SES, see the scaling-mode guard)", () => {
    const config = validConfig();
    pool(config, "managed").convertedFromStandard = true;
    const parsed = sesConfigSchema.parse(config);
    assert.equal(parsed.regions[R].pools.managed.convertedFromStandard, true);
    assert.equal(
      sesConfigSchema.parse(validConfig()).regions[R].pools.managed.convertedFromStandard,
      undefined,
    );
  });

  it("names a pool's config path as the estate's config key spells it", () => {
    assert.equal(
      sesPoolConfigPath("eu-west-1", "bulk_2"),
      "messaging:estate.ses.regions.eu-west-1.pools.bulk_2",
    );
  });

  it("accepts a subdomain under a two-part public suffix", () => {
    const c = validConfig();
    useCase(c).domain = "news.example.co.uk";
    assert.equal(sesConfigSchema.safeParse(c).success, true);
  });

  const badInputs: Array<{
    name: string;
    mutate: (c: Config) => void;
    path: PropertyKey[];
    message: string;
  }> = [
    {
      name: "a region that is not an AWS region code",
      mutate: (c) => {
        c.regions["virginia"] = { pools: {}, useCases: {} };
      },
      path: ["regions", "virginia"],
      message: '"virginia" is not an AWS region code: use a code such as us-east-1',
    },
    {
      name: "a pool name with a space",
      mutate: (c) => {
        c.regions[R].pools["bulk pool"] = {};
      },
      path: ["regions", R, "pools", "bulk pool"],
      message: 'pool name "bulk pool" is not valid for SES: use 1-64 letters, digits, "-" or "_"',
    },
    {
      name: "a pool name longer than 64 characters",
      mutate: (c) => {
        c.regions[R].pools["p".repeat(65)] = {};
      },
      path: ["regions", R, "pools", "p".repeat(65)],
      message: `pool name "${"p".repeat(65)}" is not valid for SES: use 1-64 letters, digits, "-" or "_"`,
    },
    {
      name: "a STANDARD pool without dedicated IPs",
      mutate: (c) => {
        delete pool(c).dedicatedIps;
      },
      path: ["regions", R, "pools", "bulk-1", "dedicatedIps"],
      message:
        'STANDARD pool "bulk-1" has no dedicated IPs: list its IPv4 addresses under dedicatedIps, or set scalingMode: MANAGED to let SES allocate them',
    },
    {
      name: "a STANDARD pool with an empty IP list",
      mutate: (c) => {
        pool(c).dedicatedIps = [];
      },
      path: ["regions", R, "pools", "bulk-1", "dedicatedIps"],
      message:
        'STANDARD pool "bulk-1" has no dedicated IPs: list its IPv4 addresses under dedicatedIps, or set scalingMode: MANAGED to let SES allocate them',
    },
    {
      name: "a STANDARD pool without a warm-up plan",
      mutate: (c) => {
        delete pool(c).warmup;
      },
      path: ["regions", R, "pools", "bulk-1", "warmup"],
      message:
        'STANDARD pool "bulk-1" has no warm-up plan: add warmup with a startDate (yyyy-mm-dd), or set scalingMode: MANAGED so SES warms the IPs adaptively',
    },
    {
      name: "a MANAGED pool listing IPs",
      mutate: (c) => {
        pool(c, "managed").dedicatedIps = ["198.51.100.9"];
      },
      path: ["regions", R, "pools", "managed", "dedicatedIps"],
      message:
        'MANAGED pool "managed" lists dedicatedIps, but SES allocates a managed pool\'s IPs itself: remove dedicatedIps, or set scalingMode: STANDARD',
    },
    {
      name: "one IP in two pools",
      mutate: (c) => {
        c.regions[R].pools["bulk-2"] = {
          scalingMode: "STANDARD",
          dedicatedIps: ["198.51.100.1", "198.51.100.8"],
          warmup: { startDate: "2025-03-01" },
        };
      },
      path: ["regions", R, "pools", "bulk-2", "dedicatedIps", 1],
      message:
        'IP 198.51.100.8 is already listed in pool "bulk-1" in us-east-1: a dedicated IP belongs to one pool, so list it once',
    },
    {
      name: "an IP that is not IPv4",
      mutate: (c) => {
        pool(c).dedicatedIps = ["198.51.100.7", "2001:db8::1"];
      },
      path: ["regions", R, "pools", "bulk-1", "dedicatedIps", 1],
      message: "dedicated IPs must be IPv4 addresses such as 198.51.100.7",
    },
    {
      name: "an unknown scaling mode",
      mutate: (c) => {
        pool(c).scalingMode = "DEDICATED";
      },
      path: ["regions", R, "pools", "bulk-1", "scalingMode"],
      message: "scalingMode must be MANAGED or STANDARD",
    },
    {
      name: "a misspelt pool key",
      mutate: (c) => {
        pool(c, "managed").scalingmode = "STANDARD";
      },
      path: ["regions", R, "pools", "managed"],
      message:
        'unknown key "scalingmode" in pool: remove or correct it (allowed: scalingMode, dedicatedIps, warmup, convertedFromStandard)',
    },
    {
      name: "convertedFromStandard on a STANDARD pool",
      mutate: (c) => {
        pool(c).convertedFromStandard = true;
      },
      path: ["regions", R, "pools", "bulk-1", "convertedFromStandard"],
      message:
        'pool "bulk-1" is STANDARD but says convertedFromStandard: remove convertedFromStandard (it only marks a pool converted to MANAGED in SES; SES cannot convert back)',
    },
    {
      name: "a convertedFromStandard that is not a boolean",
      mutate: (c) => {
        pool(c, "managed").convertedFromStandard = "yes";
      },
      path: ["regions", R, "pools", "managed", "convertedFromStandard"],
      message: "convertedFromStandard must be true or false",
    },
    {
      name: "an impossible start date",
      mutate: (c) => {
        warmup(c).startDate = "2025-02-30";
      },
      path: ["regions", R, "pools", "bulk-1", "warmup", "startDate"],
      message: "startDate must be a calendar date yyyy-mm-dd, e.g. 2025-03-01",
    },
    {
      name: "a negative target",
      mutate: (c) => {
        warmup(c).targetDailyVolume = -100;
      },
      path: ["regions", R, "pools", "bulk-1", "warmup", "targetDailyVolume"],
      message: "targetDailyVolume must be greater than 0",
    },
    {
      name: "a fractional target",
      mutate: (c) => {
        warmup(c).targetDailyVolume = 1000.5;
      },
      path: ["regions", R, "pools", "bulk-1", "warmup", "targetDailyVolume"],
      message: "targetDailyVolume must be a whole number of messages per day",
    },
    {
      name: "an unknown engagement tier",
      mutate: (c) => {
        warmup(c).engagementTier = "aggressive";
      },
      path: ["regions", R, "pools", "bulk-1", "warmup", "engagementTier"],
      message: "engagementTier must be one of: standard, conservative",
    },
    {
      name: "an unknown mailbox provider in the mix",
      mutate: (c) => {
        warmup(c).providerMix = { "gmail.com": 1, "gmx.de": 1 };
      },
      path: ["regions", R, "pools", "bulk-1", "warmup", "providerMix"],
      message:
        'unknown mailbox provider "gmx.de": use gmail.com, hotmail.com, outlook.com, yahoo.com, icloud.com, aol.com, others (put everything else under "others")',
    },
    {
      name: "a negative provider weight",
      mutate: (c) => {
        warmup(c).providerMix = { "gmail.com": -1, others: 2 };
      },
      path: ["regions", R, "pools", "bulk-1", "warmup", "providerMix", "gmail.com"],
      message: "a provider weight must be 0 or more",
    },
    {
      name: "provider weights summing to 0",
      mutate: (c) => {
        warmup(c).providerMix = { "gmail.com": 0, others: 0 };
      },
      path: ["regions", R, "pools", "bulk-1", "warmup", "providerMix"],
      message:
        "providerMix weights sum to 0: give at least one provider a positive weight, or remove providerMix for equal weights",
    },
    {
      name: "a use case referencing an unknown pool",
      mutate: (c) => {
        useCase(c).pool = "bulk-9";
      },
      path: ["regions", R, "useCases", "newsletters", "pool"],
      message:
        'use case "newsletters" uses pool "bulk-9", which is not defined in us-east-1: define it under regions.us-east-1.pools (or use one of: bulk-1, managed)',
    },
    {
      name: "a use case on a root domain",
      mutate: (c) => {
        useCase(c).domain = "example.com";
      },
      path: ["regions", R, "useCases", "newsletters", "domain"],
      message:
        'use case "newsletters" sends from "example.com", a root domain: send from a subdomain such as marketing.example.com so its reputation stays separate',
    },
    {
      name: "a use case on a root domain under a two-part suffix",
      mutate: (c) => {
        useCase(c, "receipts").domain = "example.co.uk";
        useCase(c, "receipts").fromAddresses = ["receipts@example.co.uk"];
      },
      path: ["regions", R, "useCases", "receipts", "domain"],
      message:
        'use case "receipts" sends from "example.co.uk", a root domain: send from a subdomain such as transactional.example.co.uk so its reputation stays separate',
    },
    {
      name: "a domain that is not a hostname",
      mutate: (c) => {
        useCase(c).domain = "https://marketing.example.com";
      },
      path: ["regions", R, "useCases", "newsletters", "domain"],
      message: "domain must be a hostname such as transactional.example.com",
    },
    {
      name: "marketing and transactional sharing a subdomain",
      mutate: (c) => {
        useCase(c, "receipts").domain = "Marketing.example.com";
        useCase(c, "receipts").fromAddresses = ["receipts@marketing.example.com"];
      },
      path: ["regions", R, "useCases", "receipts", "domain"],
      message:
        'use case "receipts" (transactional) shares domain "Marketing.example.com" with marketing use case "newsletters" in us-east-1: give marketing and transactional mail separate subdomains, e.g. marketing.example.com and transactional.example.com',
    },
    {
      name: "marketing and transactional sharing a subdomain across regions",
      mutate: (c) => {
        c.regions["eu-west-1"] = {
          pools: { eu: {} },
          useCases: {
            "eu-receipts": { kind: "transactional", domain: "marketing.example.com", pool: "eu" },
          },
        };
      },
      path: ["regions", "eu-west-1", "useCases", "eu-receipts", "domain"],
      message:
        'use case "eu-receipts" (transactional) shares domain "marketing.example.com" with marketing use case "newsletters" in us-east-1: give marketing and transactional mail separate subdomains, e.g. marketing.example.com and transactional.example.com',
    },
    {
      name: "a from address outside the use case's domain",
      mutate: (c) => {
        useCase(c, "receipts").fromAddresses = [
          "receipts@transactional.example.com",
          "billing@example.com",
        ];
      },
      path: ["regions", R, "useCases", "receipts", "fromAddresses", 1],
      message:
        'from address "billing@example.com" is not in domain "transactional.example.com": use an address @transactional.example.com so mail is sent and authenticated as this use case\'s subdomain',
    },
    {
      name: "a from address that is not an email address",
      mutate: (c) => {
        useCase(c, "receipts").fromAddresses = ["receipts"];
      },
      path: ["regions", R, "useCases", "receipts", "fromAddresses", 0],
      message: "fromAddresses entries must be email addresses",
    },
    {
      name: "an unknown use-case kind",
      mutate: (c) => {
        useCase(c).kind = "promotional";
      },
      path: ["regions", R, "useCases", "newsletters", "kind"],
      message: "kind must be transactional or marketing",
    },
  ];

  for (const { name, mutate, path, message } of badInputs) {
    it(`rejects ${name}`, () => {
      const config = validConfig();
      mutate(config);
      const result = sesConfigSchema.safeParse(config);
      assert.equal(result.success, false, "expected a validation failure");
      assert.deepEqual(
        result.error?.issues.map((i) => ({ path: i.path, message: i.message })),
        [{ path, message }],
      );
    });
  }

  describe("registrableDomain", () => {
    const cases: Array<[string, string]> = [
      ["example.com", "example.com"],
      ["mail.Example.com", "example.com"],
      ["a.b.example.co.uk", "example.co.uk"],
      ["shop.example.com.au", "example.com.au"],
      ["example.co.uk", "example.co.uk"],
    ];
    for (const [domain, root] of cases) {
      it(`${domain} -> ${root}`, () => assert.equal(registrableDomain(domain), root));
    }
  });
});
