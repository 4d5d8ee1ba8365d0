/**
 * The failover layer of a real estate under mocks: active pointers in every Region, and
 * opt-out replication with least-privilege roles, triggers and settings.
 */
import { strict as assert } from "node:assert";
import {
  recordedAssetKind,
  type RecordedAsset,
  type RecordedResource,
} from "../../../engine/recording-monitor";
import { runOffline } from "../../../engine/run";
import { parsePointer } from "../../../components/failover/pointer-document";
import { readReconcilerSettings, readReplicatorSettings } from "../../../lambda/lib/settings";
import { parseEstateConfig } from "../../../stacks/config/load";
import { deployEstate } from "../../../stacks/estate";
import { clone, minimalEstate, named, ofType, runEstate } from "../../support/estate";
import { useCasePhysicalName } from "../../../tools/failover/stack";
import { useCaseResourceName } from "../../../components/sms/messaging-region";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const T = {
  parameter: "aws:ssm/parameter:Parameter",
  fn: "aws:lambda/function:Function",
  policy: "aws:iam/rolePolicy:RolePolicy",
  replication: "messaging:failover:OptOutReplication",
};

/** Statements of a role policy, as `action → resources`. */
function grants(policy: RecordedResource): Record<string, string[]> {
  const doc = JSON.parse(policy.inputs.policy as string) as {
    Statement: { Action: string[]; Resource: string[] }[];
  };
  const out: Record<string, string[]> = {};
  for (const s of doc.Statement)
    for (const a of s.Action) out[a] = [...(out[a] ?? []), ...s.Resource].sort();
  return out;
}

const listArn = (region: string, list: string) =>
  `arn:aws:sms-voice:${region}:111122223333:opt-out-list/${list}`;

describe("estate failover layer", function () {
  this.timeout(60_000);
  let resources: RecordedResource[];

  before(async () => {
    resources = (await runEstate(minimalEstate())).resources;
  });

  describe("active pointers", () => {
    it("holds one String parameter per use case in every Region, named after the use case only", () => {
      const params = ofType(resources, T.parameter).filter((p) =>
        p.name.startsWith("failover-active-pointers-"),
      );
      assert.deepEqual(params.map((p) => [p.name, p.region, p.inputs.name]).sort(), [
        [
          "failover-active-pointers-us-east-1-marketing",
          "us-east-1",
          "/messaging/acme/marketing/active",
        ],
        ["failover-active-pointers-us-east-1-otp", "us-east-1", "/messaging/acme/otp/active"],
        [
          "failover-active-pointers-us-west-2-marketing",
          "us-west-2",
          "/messaging/acme/marketing/active",
        ],
        ["failover-active-pointers-us-west-2-otp", "us-west-2", "/messaging/acme/otp/active"],
      ]);
      for (const p of params) {
        assert.equal(p.inputs.type, "String");
        assert.equal(p.inputs.overwrite, true);
        assert.equal((p.inputs.tags as Loose)["messaging:use-case"], p.name.split("-").pop());
      }
    });

    it("points every Region at the primary's pool, configuration set and protect configuration by default", () => {
      for (const region of ["us-east-1", "us-west-2"]) {
        const pointer = parsePointer(
          named(resources, `failover-active-pointers-${region}-otp`).inputs.insecureValue as string,
        );
        const pool = named(resources, "us-east-1-otp-pool");
        assert.deepEqual(pointer, {
          useCase: "otp",
          region: "us-east-1",
          poolArn: pool.outputs.arn,
          poolId: pool.id,
          configurationSetName: "acme-otp",
          protectConfigurationId: named(resources, "us-east-1-protect-otp").outputs
            .protectConfigurationId,
        });
      }
    });

    it("follows the per-use-case override", async () => {
      const estate = parseEstateConfig(minimalEstate());
      const run = await runOffline(
        () =>
          deployEstate(estate, {
            activeRegions: { default: "us-east-1", overrides: { marketing: "us-west-2" } },
          }).outputs,
        { account: estate.account, defaultRegion: "us-east-1" },
      );
      const value = (name: string) =>
        parsePointer(named(run.resources, name).inputs.insecureValue as string);
      assert.equal(value("failover-active-pointers-us-east-1-marketing").region, "us-west-2");
      assert.equal(
        value("failover-active-pointers-us-east-1-marketing").poolArn,
        named(run.resources, "us-west-2-marketing-pool").outputs.arn,
      );
      assert.equal(value("failover-active-pointers-us-east-1-otp").region, "us-east-1");
      assert.deepEqual((run.outputs.activeRegions as Loose).marketing, {
        region: "us-west-2",
        parameterName: "/messaging/acme/marketing/active",
      });
    });
  });

  describe("opt-out replication", () => {
    it("uses the physical list names the CLI derives without Pulumi", () => {
      assert.equal(useCasePhysicalName("acme", "otp"), useCaseResourceName("acme", "otp"));
    });

    it("runs a replicator and a reconciler per Region, from the one bundle, on Node.js 22", () => {
      const fns = ofType(resources, T.fn).filter((f) => f.name.includes("opt-out-replication"));
      assert.deepEqual(
        fns.map((f) => [f.region, f.inputs.name, f.inputs.handler, f.inputs.runtime]).sort(),
        [
          ["us-east-1", "acme-opt-out-reconciler", "index.reconcile", "nodejs22.x"],
          ["us-east-1", "acme-opt-out-replicator", "index.replicate", "nodejs22.x"],
          ["us-west-2", "acme-opt-out-reconciler", "index.reconcile", "nodejs22.x"],
          ["us-west-2", "acme-opt-out-replicator", "index.replicate", "nodejs22.x"],
        ],
      );
      for (const f of fns) {
        // Recorded by content: the bundle's text itself, not an archive whose contents sit in a promise.
        const code = f.inputs.code as RecordedAsset;
        assert.equal(recordedAssetKind(code), "archive", f.name);
        assert.ok(code.assets!["index.js"].text!.includes("replicate"), f.name);
      }
    });

    it("lets the replicator only add numbers to the peer Regions' lists of two-way use cases", () => {
      const g = grants(named(resources, "us-east-1-opt-out-replication-replicator-role-policy"));
      assert.deepEqual(g["sms-voice:PutOptedOutNumber"], [listArn("us-west-2", "acme-marketing")]);
      assert.deepEqual(Object.keys(g).sort(), [
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        "sms-voice:PutOptedOutNumber",
        "sqs:SendMessage",
      ]);
      assert.deepEqual(g["logs:PutLogEvents"], [
        "arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/acme-opt-out-replicator:*",
      ]);
    });

    it("lets the reconciler read every copy and add only to its own Region's", () => {
      const g = grants(named(resources, "us-west-2-opt-out-replication-reconciler-role-policy"));
      assert.deepEqual(
        g["sms-voice:DescribeOptedOutNumbers"],
        ["us-east-1", "us-west-2"]
          .flatMap((r) => [listArn(r, "acme-marketing"), listArn(r, "acme-otp")])
          .sort(),
      );
      assert.deepEqual(g["sms-voice:PutOptedOutNumber"], [
        listArn("us-west-2", "acme-marketing"),
        listArn("us-west-2", "acme-otp"),
      ]);
    });

    it("grants no way to remove an opt-out, and no wildcard resource", () => {
      for (const policy of ofType(resources, T.policy).filter((p) =>
        p.name.includes("opt-out-replication"),
      )) {
        const g = grants(policy);
        for (const [action, resources] of Object.entries(g)) {
          assert.doesNotMatch(action, /Delete|\*/, `${policy.name}: ${action}`);
          assert.ok(!resources.includes("*"), `${policy.name}: ${action} on *`);
        }
      }
    });

    it("subscribes the replicator to the Region's inbound topic, allowed only from that topic", () => {
      const topic = named(resources, "us-west-2-marketing-inbound-topic");
      const fn = named(resources, "us-west-2-opt-out-replication-replicator");
      const sub = named(resources, "us-west-2-opt-out-replication-marketing-subscription");
      const permission = named(resources, "us-west-2-opt-out-replication-marketing-invoke");
      assert.deepEqual(
        [sub.inputs.topic, sub.inputs.protocol, sub.inputs.endpoint],
        [topic.outputs.arn, "lambda", fn.outputs.arn],
      );
      assert.deepEqual(
        [permission.inputs.principal, permission.inputs.sourceArn, permission.inputs.function],
        ["sns.amazonaws.com", topic.outputs.arn, "acme-opt-out-replicator"],
      );
      assert.ok(
        sub.dependencies.includes(permission.urn),
        "the permission exists before SNS first delivers",
      );
      const settings = readReplicatorSettings((fn.inputs.environment as Loose).variables);
      assert.deepEqual(settings, {
        region: "us-west-2",
        regions: ["us-east-1", "us-west-2"],
        topics: {
          [topic.outputs.arn as string]: {
            optOutListName: "acme-marketing",
            includeOwnRegion: false,
          },
        },
      });
      assert.deepEqual(
        (fn.inputs.deadLetterConfig as Loose).targetArn,
        named(resources, "us-west-2-opt-out-replication-replicator-dlq").outputs.arn,
      );
    });

    it("runs the reconciler every 15 minutes, one at a time, without Lambda retries", () => {
      const rule = named(resources, "us-east-1-opt-out-replication-reconciler-schedule");
      const fn = named(resources, "us-east-1-opt-out-replication-reconciler");
      assert.equal(rule.inputs.scheduleExpression, "rate(15 minutes)");
      assert.equal(
        named(resources, "us-east-1-opt-out-replication-reconciler-target").inputs.arn,
        fn.outputs.arn,
      );
      const permission = named(resources, "us-east-1-opt-out-replication-reconciler-invoke");
      assert.deepEqual(
        [permission.inputs.principal, permission.inputs.sourceArn],
        ["events.amazonaws.com", rule.outputs.arn],
      );
      assert.equal(fn.inputs.reservedConcurrentExecutions, 1);
      assert.equal(
        named(resources, "us-east-1-opt-out-replication-reconciler-invoke-config").inputs
          .maximumRetryAttempts,
        0,
      );
      assert.deepEqual(readReconcilerSettings((fn.inputs.environment as Loose).variables), {
        region: "us-east-1",
        regions: ["us-east-1", "us-west-2"],
        optOutListNames: ["acme-marketing", "acme-otp"],
        writesPerSecond: 10,
      });
    });

    it("writes the own Region too for self-managed opt-outs, and skips the replicator without two-way", async () => {
      const selfManaged = clone(minimalEstate()) as Loose;
      selfManaged.useCases.marketing.selfManagedOptOuts = true;
      const run = await runEstate(selfManaged);
      const g = grants(
        named(run.resources, "us-east-1-opt-out-replication-replicator-role-policy"),
      );
      assert.deepEqual(g["sms-voice:PutOptedOutNumber"], [
        listArn("us-east-1", "acme-marketing"),
        listArn("us-west-2", "acme-marketing"),
      ]);

      const oneWay = clone(minimalEstate()) as Loose;
      oneWay.useCases.marketing.twoWay = false;
      const names = (await runEstate(oneWay)).resources.map((r) => r.name);
      assert.ok(!names.some((n) => n.includes("replicator")));
      assert.ok(names.includes("us-east-1-opt-out-replication-reconciler"));
    });

    it("declares pointers but no replication for a one-Region estate", async () => {
      const single = clone(minimalEstate()) as Loose;
      single.standbyRegions = [];
      delete single.regions["us-west-2"];
      const run = await runEstate(single);
      assert.equal(ofType(run.resources, T.replication).length, 0);
      assert.equal(ofType(run.resources, T.fn).filter((f) => f.name.includes("opt-out")).length, 0);
      assert.equal(
        ofType(run.resources, T.parameter).filter((p) => p.name.startsWith("failover-")).length,
        2,
      );
    });
  });
});
