/**
 * The receiving side of RAM sharing, declared from the owner's program: providers per
 * account (and per account and Region for aws-native), share accepters outside the
 * organization, the account's own configuration sets and Protect configurations, and the
 * stack outputs applications send with.
 */
import { strict as assert } from "node:assert";
import { renderTree } from "../../../engine/render-tree";
import type { RecordedResource } from "../../../engine/recording-monitor";
import { named, ofType, runEstate, TOKENS } from "../../support/estate";
import {
  drSender,
  estateSharing,
  OU,
  OWNER,
  RAM,
  SECONDARY,
  SECONDARY_ROLE,
} from "../../support/sharing";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const PARTNER = "777788889999";
const PARTNER_ROLE = `arn:aws:iam::${PARTNER}:role/messaging-deployer`;
const SHARED_ONLY = "222233334444";

/** The provider name a recorded resource is declared through ("" for the default provider). */
const providerName = (r: RecordedResource) => r.provider.split("::").at(-2) ?? "";
/** Provider inputs arrive JSON-encoded. */
const decoded = (value: unknown) => (typeof value === "string" ? JSON.parse(value) : value);

describe("RAM sharing: the secondary accounts' side", () => {
  let run: Awaited<ReturnType<typeof runEstate>>;
  let resources: RecordedResource[];
  const inAccount = (account: string) => resources.filter((r) => r.account === account);

  before(async () => {
    run = await runEstate(
      estateSharing({
        "dr-sender": drSender(),
        partner: {
          account: PARTNER,
          roleArn: PARTNER_ROLE,
          inOrganization: false,
          regions: { "us-west-2": { useCases: ["marketing"] } },
          // marketing's own destination is a Firehose stream of the owning account.
          eventDestinations: { marketing: { events: { type: "sns" } } },
        },
        "ops-ou": { principal: OU, regions: { "us-east-1": { useCases: ["otp"] } } },
        "shared-only": {
          account: SHARED_ONLY,
          regions: { "us-east-1": { useCases: ["otp"] } },
        },
      }),
    );
    resources = run.resources;
  });

  it("declares one aws provider per declared account, assuming its role (v7 assumeRoles) and guarded by allowedAccountIds", () => {
    const providers = ofType(resources, RAM.awsProvider);
    assert.deepEqual(providers.map((p) => p.name).sort(), ["dr-sender-aws", "partner-aws"]);
    const dr = named(resources, "dr-sender-aws");
    assert.deepEqual(decoded(dr.inputs.allowedAccountIds), [SECONDARY]);
    assert.deepEqual(decoded(dr.inputs.assumeRoles), [
      { roleArn: SECONDARY_ROLE, sessionName: "messaging-estate" },
    ]);
    assert.equal(dr.inputs.region, "us-east-1");
  });

  it("declares one aws-native provider per declared account and Region it receives in", () => {
    const native = ofType(resources, RAM.nativeProvider)
      .filter((p) => !/^us-(east-1|west-2)-aws-native$/.test(p.name))
      .map((p) => `${p.name}@${p.inputs.region}`);
    assert.deepEqual(native.sort(), [
      "dr-sender-us-east-1-aws-native@us-east-1",
      "dr-sender-us-west-2-aws-native@us-west-2",
      "partner-us-west-2-aws-native@us-west-2",
    ]);
    const p = named(resources, "partner-us-west-2-aws-native");
    assert.deepEqual(decoded(p.inputs.allowedAccountIds), [PARTNER]);
    assert.deepEqual(decoded(p.inputs.assumeRole), {
      roleArn: PARTNER_ROLE,
      sessionName: "messaging-estate",
    });
  });

  it("accepts a share only for an account outside the organization, through that account's provider, after the grant", () => {
    const accepters = ofType(resources, RAM.accepter);
    assert.deepEqual(
      accepters.map((a) => a.name),
      ["partner-us-west-2-marketing-accept"],
    );
    const [accepter] = accepters;
    const share = named(resources, "us-west-2-sharing-marketing-share");
    assert.equal(accepter.inputs.shareArn, share.outputs.arn);
    assert.equal(accepter.inputs.region, "us-west-2");
    assert.equal(providerName(accepter), "partner-aws");
    assert.equal(accepter.account, PARTNER);
    assert.equal(accepter.outputs.senderAccountId, OWNER);
    const grant = named(resources, "us-west-2-sharing-marketing-to-partner");
    assert.ok(
      accepter.dependencies.includes(grant.urn),
      "the invitation exists only after the grant",
    );
  });

  it("gives each declared account its own configuration set per shared use case and Region, in that account and Region", () => {
    const sets = ofType(resources, TOKENS.configurationSet).filter((s) => s.account !== OWNER);
    assert.deepEqual(
      sets.map((s) => `${s.account}/${s.region}/${s.inputs.configurationSetName}`).sort(),
      [
        `${PARTNER}/us-west-2/acme-marketing`,
        `${SECONDARY}/us-east-1/acme-otp`,
        `${SECONDARY}/us-west-2/acme-otp`,
      ].sort(),
    );
    for (const set of sets) {
      const owner = set.account === PARTNER ? "partner" : "dr-sender";
      assert.equal(providerName(set), `${owner}-${set.region}-aws-native`, set.name);
      assert.match(
        set.outputs.arn as string,
        new RegExp(`^arn:aws:sms-voice:${set.region}:${set.account}:configuration-set/`),
      );
    }
  });

  it("copies the use case's event destinations, with roles that trust only the secondary account's End User Messaging", () => {
    const set = named(resources, "dr-sender-us-east-1-otp-config-set");
    const [destination] = set.inputs.eventDestinations as Loose[];
    const role = named(resources, "dr-sender-us-east-1-otp-config-logs-role");
    const group = named(resources, "dr-sender-us-east-1-otp-config-logs-logs");
    assert.equal(destination.cloudWatchLogsDestination.iamRoleArn, role.outputs.arn);
    assert.equal(destination.cloudWatchLogsDestination.logGroupArn, group.outputs.arn);
    for (const r of [role, group]) {
      assert.equal(providerName(r), "dr-sender-aws", r.name);
      assert.equal(r.account, SECONDARY, r.name);
    }
    assert.deepEqual(JSON.parse(role.inputs.assumeRolePolicy as string).Statement[0].Condition, {
      StringEquals: { "aws:SourceAccount": SECONDARY },
      ArnLike: {
        "aws:SourceArn": `arn:aws:sms-voice:us-east-1:${SECONDARY}:configuration-set/acme-otp`,
      },
    });
  });

  it("uses an account's own destinations where it overrides the use case's", () => {
    const set = named(resources, "partner-us-west-2-marketing-config-set");
    const destinations = set.inputs.eventDestinations as Loose[];
    assert.deepEqual(
      destinations.map((d) => d.eventDestinationName),
      ["events"],
    );
    const topic = named(resources, "partner-us-west-2-marketing-config-events-topic");
    assert.equal(destinations[0].snsDestination.topicArn, topic.outputs.arn);
    assert.equal(topic.account, PARTNER);
    const policy = JSON.parse(
      named(resources, "partner-us-west-2-marketing-config-events-topic-policy").inputs
        .policy as string,
    );
    assert.deepEqual(policy.Statement[0].Condition, {
      StringEquals: { "aws:SourceAccount": PARTNER },
    });
  });

  it("protects the secondary account's sends with its own Protect configuration, with the use case's country rules", () => {
    const protect = named(resources, "dr-sender-us-west-2-otp-protect");
    assert.equal(protect.account, SECONDARY);
    assert.equal(protect.region, "us-west-2");
    assert.equal(protect.inputs.deletionProtectionEnabled, true);
    assert.deepEqual(
      protect.inputs.countryRuleSet,
      named(resources, "us-west-2-protect-otp").inputs.countryRuleSet,
    );
    assert.equal(
      named(resources, "dr-sender-us-west-2-otp-config-set").inputs.protectConfigurationId,
      protect.outputs.protectConfigurationId,
    );
  });

  it("declares nothing in an account the stack has no role for, nor for an OU", () => {
    assert.equal(inAccount(SHARED_ONLY).length, 0);
    const sides = resources
      .filter((r) => r.type === "messaging:sharing:SecondaryAccount")
      .map((r) => r.name);
    assert.deepEqual(sides.sort(), ["dr-sender", "partner"]);
  });

  it("exports, per secondary account, Region and use case, the shared pool and opt-out list and its own configuration set", () => {
    const out = run.outputs.secondaryAccounts as Loose;
    assert.deepEqual(Object.keys(out).sort(), ["dr-sender", "ops-ou", "partner", "shared-only"]);
    assert.deepEqual(Object.keys(out["dr-sender"].regions).sort(), ["us-east-1", "us-west-2"]);
    const dr = out["dr-sender"].regions["us-west-2"].otp;
    assert.deepEqual(dr, {
      poolArn: named(resources, "us-west-2-otp-pool").outputs.arn,
      optOutListArn: named(resources, "us-west-2-otp-opt-out-list").outputs.arn,
      shareArn: named(resources, "us-west-2-sharing-otp-share").outputs.arn,
      configurationSetName: "acme-otp",
      configurationSetArn: `arn:aws:sms-voice:us-west-2:${SECONDARY}:configuration-set/acme-otp`,
    });
    assert.equal(out["dr-sender"].principal, SECONDARY);
    assert.equal(out["ops-ou"].principal, OU);
    // No configuration set where the stack does not declare the account's side.
    assert.deepEqual(Object.keys(out["shared-only"].regions["us-east-1"].otp).sort(), [
      "optOutListArn",
      "poolArn",
      "shareArn",
    ]);
    assert.deepEqual(Object.keys(out.partner.regions), ["us-west-2"]);
  });

  it("marks resources of another account in the preview tree", () => {
    const text = renderTree(resources, { account: OWNER, stack: "test" });
    assert.match(
      text,
      new RegExp(`ConfigurationSet dr-sender-us-east-1-otp-config-set .*account=${SECONDARY}`),
    );
    assert.match(
      text,
      /ResourceShare us-east-1-sharing-otp-share {2}name=acme-otp allow-external-principals=off$/m,
    );
    assert.doesNotMatch(text, /ConfigurationSet us-east-1-otp-config-set .*account=/);
  });
});
