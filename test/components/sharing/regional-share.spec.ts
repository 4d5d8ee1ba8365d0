/**
 * The owning account's side of RAM sharing, built for real from a small estate under the
 * offline engine: what is shared in each Region, to whom, that opt-out lists travel with
 * their pools, and that nothing crosses Regions.
 */
import { strict as assert } from "node:assert";
import * as fc from "fast-check";
import * as pulumi from "@pulumi/pulumi";
import { RegionalShare } from "../../../components/sharing/regional-share";
import { keyProperties } from "../../../engine/describe";
import type { RecordedResource } from "../../../engine/recording-monitor";
import { OfflineProgramError, runOffline } from "../../../engine/run";
import { minimalEstate, named, ofType, runEstate, TOKENS } from "../../support/estate";
import {
  arnParts,
  drSender,
  estateSharing,
  OU,
  OWNER,
  principalsOf,
  RAM,
  SECONDARY,
  sharedArns,
  shareOf,
} from "../../support/sharing";

const PARTNER = "777788889999";

/** dr-sender (otp, both Regions), an external partner (marketing, us-west-2), an OU (both use cases, us-east-1). */
function sharedEstate() {
  return estateSharing({
    "dr-sender": drSender(),
    partner: {
      account: PARTNER,
      inOrganization: false,
      regions: { "us-west-2": { useCases: ["marketing"] } },
    },
    "ops-ou": { principal: OU, regions: { "us-east-1": { useCases: ["otp", "marketing"] } } },
  });
}

/** Every invariant of a run's shares; used by the fixed and the generated cases. */
function assertShareInvariants(resources: RecordedResource[]): void {
  const byArn = new Map(resources.filter((r) => r.custom).map((r) => [r.outputs.arn, r]));
  for (const share of ofType(resources, RAM.share)) {
    assert.equal(arnParts(share.outputs.arn as string).account, OWNER, share.name);
    const arns = sharedArns(resources, share);
    // Nothing crosses Regions (or accounts): the share, its associations and their targets agree.
    for (const arn of arns) {
      assert.equal(arnParts(arn).region, share.region, `${share.name} holds ${arn}`);
      assert.equal(arnParts(arn).account, OWNER, `${share.name} holds ${arn}`);
    }
    // Opt-out lists travel with their pools, and every shared originator carries that list.
    const pools = arns.filter((a) => arnParts(a).resource.startsWith("pool/"));
    assert.equal(pools.length, 1, `${share.name} holds one pool`);
    const pool = byArn.get(pools[0])!;
    const list = ofType(resources, TOKENS.optOutList).find(
      (l) => l.region === share.region && l.inputs.name === pool.inputs.optOutListName,
    )!;
    assert.ok(
      arns.includes(list.outputs.arn as string),
      `${share.name} lacks the pool's opt-out list`,
    );
    for (const arn of arns) {
      const member = byArn.get(arn);
      if (member?.type === TOKENS.phoneNumber) {
        assert.equal(member.inputs.optOutListName, pool.inputs.optOutListName, member.name);
      }
    }
    assert.ok(principalsOf(resources, share).length > 0, `${share.name} is granted to someone`);
  }
  for (const r of [
    ...ofType(resources, RAM.resourceAssociation),
    ...ofType(resources, RAM.principalAssociation),
  ]) {
    assert.equal(r.region, shareOf(resources, r).region, r.name);
    assert.equal(r.inputs.region, r.region, `${r.name} names its Region`);
  }
}

describe("RAM sharing: the owning account's shares", () => {
  let resources: RecordedResource[];
  const shareNamed = (region: string, useCase: string) =>
    named(resources, `${region}-sharing-${useCase}-share`);

  before(async () => {
    ({ resources } = await runEstate(sharedEstate()));
  });

  it("creates one share per Region and shared use case, in that Region, named after the use case", () => {
    const shares = ofType(resources, RAM.share).map((s) => `${s.region}/${s.inputs.name}`);
    assert.deepEqual(shares.sort(), [
      "us-east-1/acme-marketing",
      "us-east-1/acme-otp",
      "us-west-2/acme-marketing",
      "us-west-2/acme-otp",
    ]);
    for (const share of ofType(resources, RAM.share)) {
      assert.equal(share.inputs.region, share.region);
      assert.equal(share.account, OWNER);
      assert.equal(share.provider, "", "declared in the owning account (default provider)");
    }
  });

  it("grants each share to exactly the accounts and OUs listed for that use case in that Region", () => {
    assert.deepEqual(
      principalsOf(resources, shareNamed("us-east-1", "otp")),
      [OU, SECONDARY].sort(),
    );
    assert.deepEqual(principalsOf(resources, shareNamed("us-east-1", "marketing")), [OU]);
    assert.deepEqual(principalsOf(resources, shareNamed("us-west-2", "otp")), [SECONDARY]);
    assert.deepEqual(principalsOf(resources, shareNamed("us-west-2", "marketing")), [PARTNER]);
    assert.equal(
      named(resources, "us-west-2-sharing-marketing-to-partner").inputs.principal,
      PARTNER,
    );
  });

  it("allows external principals only on a share granted to an account outside the organization", () => {
    for (const share of ofType(resources, RAM.share)) {
      assert.ok("allowExternalPrincipals" in share.inputs, `${share.name} sets it explicitly`);
    }
    assert.equal(shareNamed("us-west-2", "marketing").inputs.allowExternalPrincipals, true);
    for (const [region, useCase] of [
      ["us-east-1", "otp"],
      ["us-east-1", "marketing"],
      ["us-west-2", "otp"],
    ]) {
      assert.equal(shareNamed(region, useCase).inputs.allowExternalPrincipals, false);
    }
  });

  it("shares the use case's pool, its members and spares, and its opt-out list: nothing else", () => {
    const arn = (name: string) => named(resources, name).outputs.arn as string;
    assert.deepEqual(
      sharedArns(resources, shareNamed("us-east-1", "otp")),
      [
        arn("us-east-1-otp-pool"),
        arn("us-east-1-otp-opt-out-list"),
        arn("us-east-1-originators-otp-us"),
        arn("us-east-1-originators-otp-us-spare"),
        arn("us-east-1-originators-otp-brand-gb"),
      ].sort(),
    );
    assert.deepEqual(
      sharedArns(resources, shareNamed("us-west-2", "marketing")),
      [
        arn("us-west-2-marketing-pool"),
        arn("us-west-2-marketing-opt-out-list"),
        arn("us-west-2-originators-marketing-us"),
      ].sort(),
    );
  });

  it("never shares anything across Regions and always shares a pool's opt-out list with it", () => {
    assertShareInvariants(resources);
  });

  it("associates a pool only after its opt-out list, and grants a share only after both", () => {
    for (const share of ofType(resources, RAM.share)) {
      const prefix = share.name.replace(/-share$/, "");
      const list = named(resources, `${prefix}-opt-out-list`);
      const pool = named(resources, `${prefix}-pool`);
      assert.ok(pool.dependencies.includes(list.urn), `${pool.name} waits for ${list.name}`);
      for (const grant of ofType(resources, RAM.principalAssociation).filter(
        (g) => g.inputs.resourceShareArn === share.outputs.arn,
      )) {
        assert.ok(grant.dependencies.includes(list.urn), grant.name);
        assert.ok(grant.dependencies.includes(pool.urn), grant.name);
      }
    }
  });

  it("shows each share's external-principal setting, each association's kind and each principal in the preview", () => {
    assert.deepEqual(keyProperties(shareNamed("us-west-2", "otp")), [
      "name=acme-otp",
      "allow-external-principals=off",
    ]);
    assert.deepEqual(keyProperties(named(resources, "us-east-1-sharing-otp-sender-otp-brand-gb")), [
      "kind=sender-id",
      "resource=ACME/GB",
    ]);
    assert.deepEqual(keyProperties(named(resources, "us-east-1-sharing-otp-opt-out-list")), [
      "kind=opt-out-list",
      "resource=acme-otp",
    ]);
    assert.deepEqual(keyProperties(named(resources, "us-west-2-sharing-otp-to-dr-sender")), [
      `principal=${SECONDARY}`,
    ]);
  });

  it("shares an adopted originator of the owning account by its ARN", async () => {
    const raw = sharedEstate();
    const shortCode = `arn:aws:sms-voice:us-east-1:${OWNER}:phone-number/phone-0123456789abcdef0123456789abcdef`;
    raw.regions["us-east-1"].existingOriginators = {
      "otp-short-code": {
        useCase: "otp",
        kind: "phoneNumber",
        numberType: "SHORT_CODE",
        arn: shortCode,
        countries: ["US"],
      },
    };
    const run = await runEstate(raw);
    assert.equal(
      named(run.resources, "us-east-1-sharing-otp-adopted-otp-short-code").inputs.resourceArn,
      shortCode,
    );
  });

  it("declares no sharing resource and no sharing output for an estate without secondary accounts", async () => {
    const run = await runEstate(minimalEstate());
    assert.equal(run.resources.filter((r) => r.type.startsWith("aws:ram/")).length, 0);
    assert.equal(run.resources.filter((r) => r.type.startsWith("messaging:sharing:")).length, 0);
    assert.equal(run.outputs.secondaryAccounts, undefined);
  });

  it("keeps every invariant for any assignment of use cases, Regions and organization membership", async function () {
    this.timeout(120_000);
    const useCases = fc.subarray(["otp", "marketing"], { minLength: 1 });
    const account = fc.record({
      inOrganization: fc.boolean(),
      east: fc.option(useCases, { nil: undefined }),
      west: fc.option(useCases, { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(account, { minLength: 1, maxLength: 3 }), async (accounts) => {
        const secondaryAccounts: Record<string, unknown> = {};
        const expected = new Map<string, string[]>();
        accounts.forEach((a, index) => {
          const regions: Record<string, { useCases: string[] }> = {};
          if (a.east) regions["us-east-1"] = { useCases: a.east };
          if (a.west) regions["us-west-2"] = { useCases: a.west };
          if (Object.keys(regions).length === 0) regions["us-east-1"] = { useCases: ["otp"] };
          const id = String(555500000000 + index);
          secondaryAccounts[`acct-${index}`] = {
            account: id,
            inOrganization: a.inOrganization,
            regions,
          };
          for (const [region, block] of Object.entries(regions)) {
            for (const u of block.useCases) {
              const key = `${region}-sharing-${u}-share`;
              expected.set(key, [...(expected.get(key) ?? []), id].sort());
            }
          }
        });
        const run = await runEstate(estateSharing(secondaryAccounts));
        assertShareInvariants(run.resources);
        const shares = ofType(run.resources, RAM.share);
        assert.deepEqual(shares.map((s) => s.name).sort(), [...expected.keys()].sort());
        for (const share of shares) {
          assert.deepEqual(principalsOf(run.resources, share), expected.get(share.name));
        }
      }),
      { numRuns: 8 },
    );
  });
});

describe("RegionalShare component guards", () => {
  const base = {
    region: "us-east-1",
    account: OWNER,
    namePrefix: "acme",
    principals: { otp: [{ name: "dr", principal: SECONDARY, external: false }] },
  };
  const pool = `arn:aws:sms-voice:us-east-1:${OWNER}:pool/pool-1`;
  const list = `arn:aws:sms-voice:us-east-1:${OWNER}:opt-out-list/acme-otp`;

  async function failure(useCase: {
    poolArn: pulumi.Input<string>;
    optOutListArn: string;
    originators: Record<string, pulumi.Input<string>>;
  }): Promise<string> {
    try {
      await runOffline(() => new RegionalShare("s", { ...base, useCases: { otp: useCase } }), {
        account: OWNER,
      });
    } catch (error) {
      assert.ok(error instanceof OfflineProgramError);
      return error.message;
    }
    return assert.fail("expected the share to be refused");
  }

  it("refuses a resource of another Region, known up front or once resolved", async () => {
    const west = `arn:aws:sms-voice:us-west-2:${OWNER}:phone-number/phone-1`;
    assert.match(
      await failure({ poolArn: pool, optOutListArn: list, originators: { "number-x": west } }),
      /is in us-west-2; RAM shares SMS resources only within one Region/,
    );
    assert.match(
      await failure({
        poolArn: pulumi.output(`arn:aws:sms-voice:eu-west-1:${OWNER}:pool/pool-2`),
        optOutListArn: list,
        originators: {},
      }),
      /is in eu-west-1; RAM shares SMS resources only within one Region/,
    );
  });

  it("refuses a resource of another account: a resource shared with you cannot be re-shared", async () => {
    assert.match(
      await failure({
        poolArn: pool,
        optOutListArn: list,
        originators: {
          "adopted-x": `arn:aws:sms-voice:us-east-1:${SECONDARY}:phone-number/phone-1`,
        },
      }),
      /cannot be re-shared/,
    );
  });

  it("refuses a shared use case nobody receives", async () => {
    try {
      await runOffline(
        () =>
          new RegionalShare("s", {
            ...base,
            principals: {},
            useCases: { otp: { poolArn: pool, optOutListArn: list, originators: {} } },
          }),
        { account: OWNER },
      );
      assert.fail("expected a refusal");
    } catch (error) {
      assert.match((error as Error).message, /otp has no principal/);
    }
  });
});
