/**
 * Stack policies that relate resources by ARN during `pulumi preview` of resources that do
 * not exist yet: the ARNs are unknown, so the policies relate them through the engine's
 * `propertyDependencies` (and say so, at advisory level, when only plain `dependencies` or
 * nothing could relate them). Each case previews the fixture estate as all new, mutated
 * one property, and expects the exact violation or "cannot verify" message.
 */
import { strict as assert } from "node:assert";
import * as aws from "@pulumi/aws";
import * as awsnative from "@pulumi/aws-native";
import { smsProtectFilterPublicUseCases } from "../../policies/protect/public-use-case-filter";
import { ramShareSameRegion } from "../../policies/ram/share-same-region";
import { smsEventDestinationRoleSourceAccount } from "../../policies/sms/event-destination-role-source-account";
import { smsPoolOptInKeyword } from "../../policies/sms/pool-opt-in-keyword";
import { smsPoolOptOutListMatchesMembers } from "../../policies/sms/pool-opt-out-list-matches-members";
import { UNKNOWN, type AnalyzerResourceSpec } from "../../tools/check/analyzer-resources";
import { FIXTURE_ACCOUNT, type Mutations } from "../fixtures/policy-estate";
import {
  CONFIG,
  named,
  onStack,
  previewOfNewResources,
  record,
  recordEstate,
  type PreviewOptions,
  smsVoiceTrust,
} from "./support";

/** Stack config pinning the default aws provider to the fixture's account. */
const PINNED = { ...CONFIG, "aws:allowedAccountIds": [FIXTURE_ACCOUNT] };

/** The fixture estate, mutated, as a preview of all-new resources shows it. */
async function preview(
  mutations: Mutations = {},
  options: PreviewOptions = {},
  config: Record<string, unknown> = PINNED,
): Promise<AnalyzerResourceSpec[]> {
  return previewOfNewResources(await recordEstate(mutations, config), options);
}

/** The advisory message of {@link reportUnverifiable} for `items`. */
const cannotVerify = (items: string) =>
  `could not verify ${items}, because the values relating them are unknown until the update creates the resources; pulumi up checks them again once they exist.`;

describe("policies relating new resources during preview", () => {
  let compliant: AnalyzerResourceSpec[];
  before(async () => {
    compliant = await preview();
  });

  it("models the gap: every ARN the policies relate by is unknown", () => {
    assert.equal(named(compliant, "use1-otp-pool").outputs.arn, UNKNOWN);
    assert.equal(named(compliant, "use1-otp-keyword-join").outputs.originationIdentityArn, UNKNOWN);
    assert.deepEqual(named(compliant, "usw2-alerts-pool").outputs.originationIdentities, [
      UNKNOWN,
      UNKNOWN,
      UNKNOWN,
    ]);
    const destinations = named(compliant, "use1-otp-config").outputs.eventDestinations as Array<
      Record<string, Record<string, unknown>>
    >;
    assert.equal(destinations[0].cloudWatchLogsDestination.iamRoleArn, UNKNOWN);
    assert.deepEqual(named(compliant, "use1-otp-keyword-join").propertyDependencies, {
      originationIdentityArn: [named(compliant, "use1-otp-pool").urn],
    });
  });

  for (const policy of [
    smsPoolOptInKeyword,
    smsPoolOptOutListMatchesMembers,
    smsEventDestinationRoleSourceAccount,
    smsProtectFilterPublicUseCases,
    ramShareSameRegion,
  ]) {
    it(`${policy.name} passes the compliant estate without reporting anything unverifiable`, async () => {
      assert.deepEqual(await onStack(policy, compliant), { violations: [] });
    });
  }

  describe("sms-pool-opt-in-keyword", () => {
    const policy = smsPoolOptInKeyword;
    const noKeyword = (pool: string) =>
      `Pool ${pool} has no opt-in keyword; declare at least one keyword with action OPT_IN (e.g. JOIN).`;

    it("flags a new pool whose opt-in keyword is gone", async () => {
      const specs = await preview({ "use1-otp-keyword-join": { omit: true } });
      assert.deepEqual(await onStack(policy, specs), {
        violations: [
          { message: noKeyword("use1-otp-pool"), urn: named(specs, "use1-otp-pool").urn },
        ],
      });
    });

    it("does not count a keyword with another action on a new pool", async () => {
      const specs = await preview({
        "usw2-otp-keyword-join": { args: { keywordAction: "AUTOMATIC_RESPONSE" } },
      });
      assert.deepEqual(
        (await onStack(policy, specs)).violations.map((v) => v.message),
        [noKeyword("usw2-otp-pool")],
      );
    });

    it("says it cannot verify keywords only plain dependencies relate to a pool", async () => {
      const specs = await preview({}, { propertyDependencies: false });
      assert.deepEqual(await onStack(policy, specs), {
        violations: [],
        unknown: cannotVerify(
          "whether keyword use1-otp-keyword-join opt recipients in to pool use1-otp-pool and whether keyword usw2-otp-keyword-join opt recipients in to pool usw2-otp-pool",
        ),
      });
    });

    it("still flags a pool no keyword can belong to when only plain dependencies are sent", async () => {
      const specs = await preview(
        { "use1-otp-keyword-join": { omit: true } },
        { propertyDependencies: false },
      );
      assert.deepEqual(await onStack(policy, specs), {
        violations: [
          { message: noKeyword("use1-otp-pool"), urn: named(specs, "use1-otp-pool").urn },
        ],
        unknown: cannotVerify(
          "whether keyword usw2-otp-keyword-join opt recipients in to pool usw2-otp-pool",
        ),
      });
    });

    it("says it cannot verify any pool when the engine sends no dependencies at all", async () => {
      const specs = await preview(
        { "use1-otp-keyword-join": { omit: true } },
        { propertyDependencies: false, dependencies: false },
      );
      assert.deepEqual(await onStack(policy, specs), {
        violations: [],
        unknown: cannotVerify(
          "whether keyword usw2-otp-keyword-join opt recipients in to pool use1-otp-pool and whether keyword usw2-otp-keyword-join opt recipients in to pool usw2-otp-pool",
        ),
      });
    });
  });

  describe("sms-pool-opt-out-list-matches-members", () => {
    const policy = smsPoolOptOutListMatchesMembers;

    it("flags a new member left on the Default list", async () => {
      const specs = await preview({ "use1-otp-gb-long": { args: { optOutListName: undefined } } });
      assert.deepEqual(await onStack(policy, specs), {
        violations: [
          {
            message:
              'Phone number use1-otp-gb-long uses opt-out list "Default" but its pool use1-otp-pool uses "acme-otp"; both must use the same list.',
            urn: named(specs, "use1-otp-gb-long").urn,
          },
        ],
      });
    });

    it("flags a new aws-native member on another list", async () => {
      const specs = await preview({
        "usw2-alerts-ca-tfn": { args: { optOutListName: "acme-otp" } },
      });
      assert.deepEqual(
        (await onStack(policy, specs)).violations.map((v) => v.message),
        [
          'Phone number usw2-alerts-ca-tfn uses opt-out list "acme-otp" but its pool usw2-alerts-pool uses "acme-alerts"; both must use the same list.',
        ],
      );
    });

    it("says it cannot verify a mismatch only plain dependencies relate", async () => {
      const specs = await preview(
        { "use1-otp-gb-long": { args: { optOutListName: undefined } } },
        { propertyDependencies: false },
      );
      assert.deepEqual(await onStack(policy, specs), {
        violations: [],
        unknown: cannotVerify(
          'whether phone number use1-otp-gb-long (opt-out list "Default") is in pool use1-otp-pool (opt-out list "acme-otp")',
        ),
      });
    });

    it("says it cannot verify members when the engine sends no dependencies at all", async () => {
      const specs = await preview({}, { propertyDependencies: false, dependencies: false });
      assert.deepEqual(await onStack(policy, specs), {
        violations: [],
        unknown: cannotVerify(
          "which phone numbers pool use1-otp-pool holds, which phone numbers pool usw2-otp-pool holds, which phone numbers pool use1-alerts-pool holds and which phone numbers pool usw2-alerts-pool holds",
        ),
      });
    });

    it("follows an opt-out list referenced by its unknown ARN to the list's name", async () => {
      const specs = previewOfNewResources(
        await record(() => {
          const list = new aws.pinpoint.Smsvoicev2OptOutList("list", { name: "acme-otp" });
          const number = (name: string, optOutListName?: unknown) =>
            new aws.pinpoint.Smsvoicev2PhoneNumber(name, {
              isoCountryCode: "US",
              messageType: "TRANSACTIONAL",
              numberType: "TOLL_FREE",
              numberCapabilities: ["SMS"],
              optOutListName: optOutListName as string | undefined,
            });
          const same = number("same", list.arn);
          const other = number("other");
          new aws.pinpoint.Smsvoicev2Pool("pool", {
            messageType: "TRANSACTIONAL",
            optOutListName: list.arn,
            originationIdentities: [same.arn, other.arn],
            sharedRoutesEnabled: false,
          });
        }),
      );
      assert.equal(named(specs, "pool").outputs.optOutListName, UNKNOWN);
      assert.deepEqual(
        (await onStack(policy, specs)).violations.map((v) => v.message),
        [
          'Phone number other uses opt-out list "Default" but its pool pool uses "acme-otp"; both must use the same list.',
        ],
      );
    });
  });

  describe("sms-event-destination-role-source-account", () => {
    const policy = smsEventDestinationRoleSourceAccount;

    it("flags a new @pulumi/aws role without a condition", async () => {
      const specs = await preview({
        "use1-otp-events-role": { args: { assumeRolePolicy: smsVoiceTrust() } },
      });
      assert.deepEqual(await onStack(policy, specs), {
        violations: [
          {
            message:
              "Role use1-otp-events-role (event destination logs of configuration set acme-otp) trusts sms-voice.amazonaws.com without an aws:SourceAccount condition; add one naming the account that owns the configuration set.",
            urn: named(specs, "use1-otp-events-role").urn,
          },
        ],
      });
    });

    it("flags a new role pinned to another account, taking the account from the set's provider", async () => {
      const specs = await preview({
        "usw2-otp-events-role": {
          args: {
            assumeRolePolicy: smsVoiceTrust({
              StringEquals: { "aws:SourceAccount": "999999999999" },
            }),
          },
        },
      });
      assert.deepEqual(
        (await onStack(policy, specs)).violations.map((v) => v.message),
        [
          "Role usw2-otp-events-role (event destination logs of configuration set acme-otp) limits aws:SourceAccount to 999999999999, not to 111122223333, the account that owns the configuration set.",
        ],
      );
    });

    it("follows a new @pulumi/aws separate destination to a new aws-native role", async () => {
      const specs = await preview({
        "use1-alerts-events-role": {
          args: {
            assumeRolePolicyDocument: JSON.parse(
              smsVoiceTrust({ ArnLike: { "aws:SourceArn": "arn:aws:sms-voice:*" } }),
            ),
          },
        },
      });
      assert.deepEqual(
        (await onStack(policy, specs)).violations.map((v) => v.message),
        [
          "Role use1-alerts-events-role (event destination firehose of configuration set acme-alerts) trusts sms-voice.amazonaws.com without an aws:SourceAccount condition; add one naming the account that owns the configuration set.",
        ],
      );
    });

    it("says it cannot verify the account of a new set whose provider names none", async () => {
      const specs = await preview({}, {}, CONFIG);
      assert.deepEqual(await onStack(policy, specs), {
        violations: [],
        unknown: cannotVerify(
          "that aws:SourceAccount 111122223333 of role use1-alerts-events-role names the account of configuration set acme-alerts, whose ARN is not known yet and that aws:SourceAccount 111122223333 of role usw2-alerts-events-role names the account of configuration set acme-alerts, whose ARN is not known yet",
        ),
      });
    });

    it("says it cannot verify a role only plain dependencies relate to a set", async () => {
      const specs = await preview(
        { "use1-otp-events-role": { args: { assumeRolePolicy: smsVoiceTrust() } } },
        { propertyDependencies: false },
      );
      assert.deepEqual(await onStack(policy, specs), {
        violations: [],
        unknown: cannotVerify(
          "whether role use1-otp-events-role, which trusts sms-voice.amazonaws.com without an aws:SourceAccount condition, is a destination role of configuration set acme-otp",
        ),
      });
    });

    it("says it cannot verify destinations the engine relates to nothing", async () => {
      const specs = await preview({}, { propertyDependencies: false, dependencies: false });
      // One item per destination; both Regions' sets share their names.
      assert.deepEqual(await onStack(policy, specs), {
        violations: [],
        unknown: cannotVerify(
          "the role of event destination firehose of configuration set acme-alerts and the role of event destination logs of configuration set acme-otp",
        ),
      });
    });
  });

  describe("ram-share-same-region", () => {
    const policy = ramShareSameRegion;

    it("flags an association declared in another Region than its new share", async () => {
      const specs = await preview({ "usw2-otp-share-pool": { args: { region: "us-east-1" } } });
      assert.equal(named(specs, "usw2-otp-share-pool").outputs.resourceShareArn, UNKNOWN);
      assert.deepEqual(
        (await onStack(policy, specs)).violations.map((v) => v.message),
        [
          "Resource association is declared in us-east-1 but its share usw2-otp-share is in us-west-2; declare the association in us-west-2.",
        ],
      );
    });

    it("flags new shares holding new resources of another Region, both providers", async () => {
      const specs = previewOfNewResources(
        await record(() => {
          const number = (name: string, region: string) =>
            new aws.pinpoint.Smsvoicev2PhoneNumber(name, {
              region,
              isoCountryCode: "US",
              messageType: "TRANSACTIONAL",
              numberType: "TOLL_FREE",
              numberCapabilities: ["SMS"],
            });
          const west = number("west-number", "us-west-2");
          const east = number("east-number", "us-east-1");
          const share = new aws.ram.ResourceShare("east-share", {
            region: "us-east-1",
            name: "s",
            allowExternalPrincipals: false,
          });
          new aws.ram.ResourceAssociation("east-share-west-number", {
            region: "us-east-1",
            resourceShareArn: share.arn,
            resourceArn: west.arn,
          });
          const native = new awsnative.Provider("east-native", { region: "us-east-1" });
          new awsnative.ram.ResourceShare(
            "east-native-share",
            { name: "n", allowExternalPrincipals: false, resourceArns: [east.arn, west.arn] },
            { provider: native },
          );
        }),
      );
      assert.deepEqual(
        (await onStack(policy, specs)).violations.map((v) => v.message),
        [
          "Resource share east-share is in us-east-1 but would hold west-number from us-west-2; RAM shares SMS resources only within one Region, so share it from a share in us-west-2.",
          "Resource share east-native-share is in us-east-1 but would hold west-number from us-west-2; RAM shares SMS resources only within one Region, so share it from a share in us-west-2.",
        ],
      );
    });

    it("says it cannot verify associations the engine relates to nothing", async () => {
      const specs = await preview(
        { "usw2-otp-share-pool": { args: { region: "us-east-1" } } },
        { propertyDependencies: false, dependencies: false },
      );
      const result = await onStack(policy, specs);
      assert.deepEqual(result.violations, []);
      assert.match(
        result.unknown ?? "",
        /^could not verify what resourceShareArn of use1-otp-share-pool names, .*what resourceShareArn of usw2-otp-share-pool names/,
      );
    });
  });
});
