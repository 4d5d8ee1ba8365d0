import { UNKNOWN } from "../../tools/check/analyzer-resources";
/**
 * Configuration-set policies: event destination count (aws-native inline and @pulumi/aws
 * separate destinations) and the trust policy of destination roles.
 */
import { strict as assert } from "node:assert";
import { smsConfigurationSetHasEventDestination } from "../../policies/sms/configuration-set-has-event-destination";
import { smsConfigurationSetMaxEventDestinations } from "../../policies/sms/configuration-set-max-event-destinations";
import { smsEventDestinationRoleSourceAccount } from "../../policies/sms/event-destination-role-source-account";
import type { AnalyzerResourceSpec } from "../../tools/check/analyzer-resources";
import { recordEstate, smsVoiceTrust, violations } from "./support";

const destination = (name: string) => ({
  eventDestinationName: name,
  enabled: true,
  matchingEventTypes: ["ALL"],
  snsDestination: { topicArn: `arn:aws:sns:us-east-1:111122223333:${name}` },
});

describe("policies: SMS configuration sets", () => {
  let compliant: AnalyzerResourceSpec[];
  before(async () => {
    compliant = await recordEstate();
  });

  describe("sms-configuration-set-max-event-destinations", () => {
    const policy = smsConfigurationSetMaxEventDestinations;
    const six = ["a", "b", "c", "d", "e", "f"].map(destination);

    it("passes sets with at most 5 destinations", async () => {
      assert.deepEqual(await violations(policy, compliant), []);
    });

    it("flags an aws-native set with 6 inline destinations", async () => {
      const specs = await recordEstate({ "use1-otp-config": { args: { eventDestinations: six } } });
      assert.deepEqual(await violations(policy, specs), [
        "use1-otp-config: Configuration set acme-otp has 6 event destinations; the limit is 5.",
      ]);
    });

    it("counts @pulumi/aws destinations declared as separate resources", async () => {
      // Each aws set has one separate destination resource; a limit of 0 makes it visible.
      assert.deepEqual(await violations(policy, compliant, { maxEventDestinations: 1 }), [
        "use1-otp-config: Configuration set acme-otp has 2 event destinations; the limit is 1.",
        "usw2-otp-config: Configuration set acme-otp has 2 event destinations; the limit is 1.",
      ]);
      assert.deepEqual((await violations(policy, compliant, { maxEventDestinations: 0 })).sort(), [
        "use1-alerts-config: Configuration set acme-alerts has 1 event destination; the limit is 0.",
        "use1-otp-config: Configuration set acme-otp has 2 event destinations; the limit is 0.",
        "usw2-alerts-config: Configuration set acme-alerts has 1 event destination; the limit is 0.",
        "usw2-otp-config: Configuration set acme-otp has 2 event destinations; the limit is 0.",
      ]);
    });

    it("rejects a limit above AWS's", async () => {
      await assert.rejects(
        violations(policy, compliant, { maxEventDestinations: 6 }),
        /maxEventDestinations: must be <= 5/,
      );
    });
  });

  describe("sms-configuration-set-has-event-destination", () => {
    const policy = smsConfigurationSetHasEventDestination;

    it("passes sets with a destination", async () => {
      assert.deepEqual(await violations(policy, compliant), []);
    });

    it("flags an aws-native set without destinations", async () => {
      const specs = await recordEstate({ "usw2-otp-config": { args: { eventDestinations: [] } } });
      assert.deepEqual(await violations(policy, specs), [
        "usw2-otp-config: Configuration set acme-otp has no enabled event destination; its delivery events are recorded nowhere.",
      ]);
    });

    it("does not call a set empty while its whole destination list is unknown (preview)", async () => {
      const specs = (await recordEstate({})).map((spec) =>
        spec.name === "usw2-otp-config"
          ? {
              ...spec,
              // Stack policies read the planned state: inputs and outputs both unknown.
              inputs: { ...spec.inputs, eventDestinations: UNKNOWN },
              outputs: { ...spec.outputs, eventDestinations: UNKNOWN },
            }
          : spec,
      );
      assert.deepEqual(await violations(policy, specs), []);
    });

    it("flags an @pulumi/aws set whose separate destination is gone", async () => {
      const specs = await recordEstate({ "use1-alerts-events": { omit: true } });
      assert.deepEqual(await violations(policy, specs), [
        "use1-alerts-config: Configuration set acme-alerts has no enabled event destination; its delivery events are recorded nowhere.",
      ]);
    });

    it("honours minEventDestinations", async () => {
      assert.deepEqual(await violations(policy, compliant, { minEventDestinations: 2 }), [
        "use1-alerts-config: Configuration set acme-alerts has 1 enabled event destination; it needs at least 2.",
        "usw2-alerts-config: Configuration set acme-alerts has 1 enabled event destination; it needs at least 2.",
      ]);
    });
  });

  describe("sms-event-destination-role-source-account", () => {
    const policy = smsEventDestinationRoleSourceAccount;

    it("passes roles (both providers) trusted with aws:SourceAccount of the set's account", async () => {
      assert.deepEqual(await violations(policy, compliant), []);
    });

    it("flags an @pulumi/aws role without a condition", async () => {
      const specs = await recordEstate({
        "use1-otp-events-role": { args: { assumeRolePolicy: smsVoiceTrust() } },
      });
      assert.deepEqual(await violations(policy, specs), [
        "use1-otp-events-role: Role use1-otp-events-role (event destination logs of configuration set acme-otp) trusts sms-voice.amazonaws.com without an aws:SourceAccount condition; add one naming the account that owns the configuration set.",
      ]);
    });

    it("flags a role pinned to another account", async () => {
      const specs = await recordEstate({
        "usw2-otp-events-role": {
          args: {
            assumeRolePolicy: smsVoiceTrust({
              StringEquals: { "aws:SourceAccount": "999999999999" },
            }),
          },
        },
      });
      assert.deepEqual(await violations(policy, specs), [
        "usw2-otp-events-role: Role usw2-otp-events-role (event destination logs of configuration set acme-otp) limits aws:SourceAccount to 999999999999, not to 111122223333, the account that owns the configuration set.",
      ]);
    });

    it("flags aws:SourceAccount conditions that let other accounts in: negated, ForAllValues, or naming another account too", async () => {
      const own = "111122223333";
      const cases: Array<[string, Record<string, unknown>]> = [
        // Every account but the owner may use the role.
        ["StringNotEquals", { StringNotEquals: { "aws:SourceAccount": own } }],
        ["StringNotLike", { StringNotLike: { "aws:SourceAccount": own } }],
        // ForAllValues holds when the request has no such key at all.
        [
          "ForAllValues:StringEquals",
          { "ForAllValues:StringEquals": { "aws:SourceAccount": own } },
        ],
        // Only says the key is present, whatever account it names.
        ["Null", { Null: { "aws:SourceAccount": "false" } }],
      ];
      for (const [operator, condition] of cases) {
        const specs = await recordEstate({
          "use1-otp-events-role": { args: { assumeRolePolicy: smsVoiceTrust(condition) } },
        });
        assert.deepEqual(
          await violations(policy, specs),
          [
            `use1-otp-events-role: Role use1-otp-events-role (event destination logs of configuration set acme-otp) trusts sms-voice.amazonaws.com without an aws:SourceAccount condition; add one naming the account that owns the configuration set (a ${operator} condition on aws:SourceAccount does not limit the role to one account).`,
          ],
          operator,
        );
      }
      const both = await recordEstate({
        "use1-otp-events-role": {
          args: {
            assumeRolePolicy: smsVoiceTrust({
              StringEquals: { "aws:SourceAccount": [own, "999999999999"] },
            }),
          },
        },
      });
      assert.deepEqual(await violations(policy, both), [
        "use1-otp-events-role: Role use1-otp-events-role (event destination logs of configuration set acme-otp) limits aws:SourceAccount to 111122223333 and 999999999999, not to 111122223333 alone, the account that owns the configuration set.",
      ]);
      // The positive forms pass: IfExists (End User Messaging always sends the key) and
      // ForAnyValue, which for a single-valued key is plain StringEquals.
      for (const condition of [
        { StringEqualsIfExists: { "aws:SourceAccount": own } },
        { "ForAnyValue:StringEquals": { "aws:SourceAccount": own } },
        {
          StringLike: { "aws:SourceAccount": own },
          StringNotEquals: { "aws:SourceAccount": "999999999999" },
        },
      ]) {
        const specs = await recordEstate({
          "use1-otp-events-role": { args: { assumeRolePolicy: smsVoiceTrust(condition) } },
        });
        assert.deepEqual(await violations(policy, specs), [], JSON.stringify(condition));
      }
    });

    it("follows @pulumi/aws separate destinations to an aws-native role", async () => {
      const specs = await recordEstate({
        "use1-alerts-events-role": {
          args: {
            assumeRolePolicyDocument: JSON.parse(
              smsVoiceTrust({ ArnLike: { "aws:SourceArn": "arn:aws:sms-voice:*" } }),
            ),
          },
        },
      });
      assert.deepEqual(await violations(policy, specs), [
        "use1-alerts-events-role: Role use1-alerts-events-role (event destination firehose of configuration set acme-alerts) trusts sms-voice.amazonaws.com without an aws:SourceAccount condition; add one naming the account that owns the configuration set.",
      ]);
      // Accepting aws:SourceArn as the pinning key makes it pass.
      assert.deepEqual(
        await violations(policy, specs, { conditionKeys: ["aws:SourceAccount", "aws:SourceArn"] }),
        [],
      );
    });
  });
});
