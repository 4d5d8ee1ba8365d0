/**
 * The `ses` section mounted in the estate schema: validated by `parseEstateConfig` with the
 * rest of the estate, every issue reported with its full config path.
 */
import { strict as assert } from "node:assert";
import { EstateConfigError } from "../../stacks/config/issues";
import { parseEstateConfig } from "../../stacks/config/load";
import { minimalEstate } from "../support/estate";
import { sesEstate } from "../support/ses";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const E = "messaging:estate.ses.regions";

/** Each case breaks one thing; the error must list exactly this path with this message. */
const cases: Array<{ name: string; mutate: (ses: Loose) => void; path: string; message: RegExp }> =
  [
    {
      name: "a region that is not an AWS region code",
      mutate: (s) => (s.regions["us-east1"] = {}),
      path: `${E}.us-east1`,
      message: /not an AWS region code/,
    },
    {
      name: "a region code that no AWS Region has",
      mutate: (s) => (s.regions["us-esat-1"] = {}),
      path: `${E}.us-esat-1`,
      message: /not an AWS Region the AWS provider knows/,
    },
    {
      name: "a pool name SES does not accept",
      mutate: (s) => (s.regions["us-east-1"].pools["bulk pool"] = {}),
      path: `${E}.us-east-1.pools.bulk pool`,
      message: /not valid for SES/,
    },
    {
      name: "a pool named like SES's default pool",
      mutate: (s) => (s.regions["us-east-1"].pools["ses-default-dedicated-pool"] = {}),
      path: `${E}.us-east-1.pools.ses-default-dedicated-pool`,
      message: /the pool SES keeps unassigned dedicated IPs in/,
    },
    {
      name: "an unknown scaling mode",
      mutate: (s) => (s.regions["us-east-1"].pools.transactional.scalingMode = "DEDICATED"),
      path: `${E}.us-east-1.pools.transactional.scalingMode`,
      message: /scalingMode must be MANAGED or STANDARD/,
    },
    {
      name: "a STANDARD pool without IPs",
      mutate: (s) => delete s.regions["us-east-1"].pools.bulk.dedicatedIps,
      path: `${E}.us-east-1.pools.bulk.dedicatedIps`,
      message: /STANDARD pool "bulk" has no dedicated IPs/,
    },
    {
      name: "a STANDARD pool without a warm-up plan",
      mutate: (s) => delete s.regions["us-east-1"].pools.bulk.warmup,
      path: `${E}.us-east-1.pools.bulk.warmup`,
      message: /STANDARD pool "bulk" has no warm-up plan/,
    },
    {
      name: "a MANAGED pool with IPs",
      mutate: (s) => (s.regions["us-east-1"].pools.transactional.dedicatedIps = ["203.0.113.9"]),
      path: `${E}.us-east-1.pools.transactional.dedicatedIps`,
      message: /SES allocates a managed pool's IPs itself/,
    },
    {
      name: "a use case on the root domain",
      mutate: (s) => (s.regions["us-east-1"].useCases.offers.domain = "acme.example"),
      path: `${E}.us-east-1.useCases.offers.domain`,
      message: /a root domain: send from a subdomain such as marketing\.acme\.example/,
    },
    {
      name: "a use case on a pool of another Region",
      mutate: (s) => (s.regions["eu-west-1"].useCases["eu-alerts"].pool = "bulk"),
      path: `${E}.eu-west-1.useCases.eu-alerts.pool`,
      message: /not defined in eu-west-1/,
    },
    {
      name: "a use case name that cannot be part of a configuration set name",
      mutate: (s) => {
        s.regions["us-east-1"].useCases.Offers_2024 = s.regions["us-east-1"].useCases.offers;
        delete s.regions["us-east-1"].useCases.offers;
      },
      path: `${E}.us-east-1.useCases.Offers_2024`,
      message: /becomes part of a configuration set name/,
    },
    {
      name: "a misspelt key, with the key it most likely meant",
      mutate: (s) => (s.regions["us-east-1"].pools.bulk.scalingmode = "STANDARD"),
      path: `${E}.us-east-1.pools.bulk.scalingmode`,
      message:
        /unknown key; did you mean scalingMode\? The keys allowed here are scalingMode, dedicatedIps/,
    },
  ];

describe("ses section of the estate config", () => {
  it("accepts the section and applies its defaults", () => {
    const estate = parseEstateConfig(sesEstate());
    assert.equal(estate.ses?.regions["eu-west-1"].pools["eu-transactional"].scalingMode, "MANAGED");
    assert.equal(estate.ses?.regions["us-east-1"].pools.bulk.warmup?.engagementTier, "standard");
  });

  it("is optional", () => {
    assert.equal(parseEstateConfig(minimalEstate()).ses, undefined);
  });

  it("takes SES Regions independently of the SMS Regions, including Regions without SMS", () => {
    const raw: Loose = sesEstate();
    raw.ses.regions["ap-southeast-5"] = { pools: { p: {} } }; // no SMS endpoint there
    const estate = parseEstateConfig(raw);
    assert.deepEqual(Object.keys(estate.ses!.regions).sort(), [
      "ap-southeast-5",
      "eu-west-1",
      "us-east-1",
    ]);
    assert.deepEqual(Object.keys(estate.regions).sort(), ["us-east-1", "us-west-2"]);
  });

  for (const c of cases) {
    it(`reports ${c.name} at ${c.path}`, () => {
      const raw: Loose = sesEstate();
      c.mutate(raw.ses);
      let error: unknown;
      try {
        parseEstateConfig(raw);
      } catch (e) {
        error = e;
      }
      assert.ok(EstateConfigError.is(error), `expected an EstateConfigError, got ${String(error)}`);
      assert.deepEqual(error.paths, [c.path], error.message);
      assert.match(error.issues[0].message, c.message);
      assert.ok(error.message.includes(`${c.path}: `), error.message);
    });
  }

  it("reports SES and SMS problems of one estate together", () => {
    const raw: Loose = sesEstate();
    raw.account = "12345";
    delete raw.ses.regions["us-east-1"].pools.bulk.dedicatedIps;
    assert.throws(
      () => parseEstateConfig(raw),
      (e: unknown) =>
        EstateConfigError.is(e) &&
        e.paths.join() ===
          ["messaging:estate.account", `${E}.us-east-1.pools.bulk.dedicatedIps`].join(),
    );
  });
});
