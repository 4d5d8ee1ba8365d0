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
import { APPLIER_STREAM_FILTER } from "../../../lambda/lib/ledger";
import {
  readApplierSettings,
  readReconcilerSettings,
  readRecorderSettings,
} from "../../../lambda/lib/settings";
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
  table: "aws:dynamodb/table:Table",
  mapping: "aws:lambda/eventSourceMapping:EventSourceMapping",
  alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
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

  describe("opt-out ledger", () => {
    const ledgerArn = (region: string) =>
      `arn:aws:dynamodb:${region}:111122223333:table/acme-opt-out-ledger`;
    const stateArn = (region: string) =>
      `arn:aws:dynamodb:${region}:111122223333:table/acme-opt-out-state`;

    it("uses the physical list names the CLI derives without Pulumi", () => {
      assert.equal(useCasePhysicalName("acme", "otp"), useCaseResourceName("acme", "otp"));
    });

    it("is one global table in the primary Region with a replica in each standby, kept like the lists themselves", () => {
      const tables = ofType(resources, T.table).filter(
        (t) => t.inputs.name === "acme-opt-out-ledger",
      );
      assert.equal(tables.length, 1);
      const [table] = tables;
      assert.equal(table.region, "us-east-1");
      assert.deepEqual(table.inputs.replicas, [
        {
          regionName: "us-west-2",
          pointInTimeRecovery: true,
          deletionProtectionEnabled: true,
          propagateTags: true,
        },
      ]);
      assert.deepEqual(
        [table.inputs.streamEnabled, table.inputs.streamViewType, table.inputs.billingMode],
        [true, "NEW_AND_OLD_IMAGES", "PAY_PER_REQUEST"],
      );
      assert.deepEqual(table.inputs.pointInTimeRecovery, { enabled: true });
      assert.equal(table.inputs.deletionProtectionEnabled, true);
      assert.equal(table.protect, true, "Pulumi refuses to delete it");
      assert.equal(table.retainOnDelete, true);
      // Each Region also keeps its own, unreplicated bookkeeping.
      const states = ofType(resources, T.table).filter(
        (t) => t.inputs.name === "acme-opt-out-state",
      );
      assert.deepEqual(states.map((t) => [t.region, t.inputs.replicas]).sort(), [
        ["us-east-1", undefined],
        ["us-west-2", undefined],
      ]);
    });

    it("runs a recorder, an applier and a reconciler per Region, from the one bundle, on Node.js 22", () => {
      const fns = ofType(resources, T.fn).filter((f) => f.name.includes("opt-out-replication"));
      assert.deepEqual(
        fns.map((f) => [f.region, f.inputs.name, f.inputs.handler, f.inputs.runtime]).sort(),
        [
          ["us-east-1", "acme-opt-out-applier", "index.apply", "nodejs22.x"],
          ["us-east-1", "acme-opt-out-reconciler", "index.reconcile", "nodejs22.x"],
          ["us-east-1", "acme-opt-out-replicator", "index.record", "nodejs22.x"],
          ["us-west-2", "acme-opt-out-applier", "index.apply", "nodejs22.x"],
          ["us-west-2", "acme-opt-out-reconciler", "index.reconcile", "nodejs22.x"],
          ["us-west-2", "acme-opt-out-replicator", "index.record", "nodejs22.x"],
        ],
      );
      for (const f of fns) {
        // Recorded by content: the bundle's text itself, not an archive whose contents sit in a promise.
        const code = f.inputs.code as RecordedAsset;
        assert.equal(recordedAssetKind(code), "archive", f.name);
        assert.ok(code.assets!["index.js"].text!.includes("reconcile"), f.name);
      }
    });

    it("lets the recorder only write and read decisions in its own Region's replica", () => {
      const g = grants(named(resources, "us-west-2-opt-out-replication-replicator-role-policy"));
      assert.deepEqual(g["dynamodb:PutItem"], [ledgerArn("us-west-2")]);
      assert.deepEqual(g["dynamodb:GetItem"], [ledgerArn("us-west-2")]);
      assert.deepEqual(Object.keys(g).sort(), [
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        "sqs:SendMessage",
      ]);
    });

    it("lets the applier and the reconciler change only their own Region's lists, tables and parameters", () => {
      for (const region of ["us-east-1", "us-west-2"]) {
        const applier = grants(
          named(resources, `${region}-opt-out-replication-applier-role-policy`),
        );
        const reconciler = grants(
          named(resources, `${region}-opt-out-replication-reconciler-role-policy`),
        );
        const ownLists = [listArn(region, "acme-marketing"), listArn(region, "acme-otp")];
        for (const g of [applier, reconciler]) {
          for (const action of [
            "DescribeOptedOutNumbers",
            "PutOptedOutNumber",
            "DeleteOptedOutNumber",
          ]) {
            assert.deepEqual(g[`sms-voice:${action}`], ownLists, `${region} ${action}`);
          }
          assert.deepEqual(g["dynamodb:UpdateItem"], [stateArn(region)]);
        }
        assert.deepEqual(applier["dynamodb:Query"], [ledgerArn(region), stateArn(region)].sort());
        assert.deepEqual(applier["dynamodb:GetRecords"], [
          `${ledgerArn(region)}/stream/2025-01-01T00:00:00.000`,
        ]);
        assert.deepEqual(
          reconciler["dynamodb:BatchWriteItem"],
          [ledgerArn(region), stateArn(region)].sort(),
        );
        assert.deepEqual(reconciler["ssm:PutParameter"], [
          `arn:aws:ssm:${region}:111122223333:parameter/messaging/acme/marketing/opt-out-freshness`,
          `arn:aws:ssm:${region}:111122223333:parameter/messaging/acme/otp/opt-out-freshness`,
        ]);
      }
    });

    it("grants nothing in another Region, no wildcard, and no way to remove an opt-out to the recorder", () => {
      for (const policy of ofType(resources, T.policy).filter((p) =>
        p.name.includes("opt-out-replication"),
      )) {
        const region = policy.name.startsWith("us-east-1") ? "us-east-1" : "us-west-2";
        const g = grants(policy);
        for (const [action, arns] of Object.entries(g)) {
          assert.ok(!arns.includes("*") && !action.includes("*"), `${policy.name}: ${action}`);
          for (const arn of arns)
            assert.equal(arn.split(":")[3], region, `${policy.name}: ${action} on ${arn}`);
        }
        if (policy.name.includes("replicator")) {
          assert.ok(!Object.keys(g).some((a) => /Delete/.test(a)), policy.name);
        }
      }
    });

    it("feeds each applier its own replica's stream, new decisions only, retrying from the failed record", () => {
      for (const region of ["us-east-1", "us-west-2"]) {
        const mapping = named(resources, `${region}-opt-out-replication-applier-stream`);
        assert.equal(mapping.region, region);
        assert.equal(
          mapping.inputs.eventSourceArn,
          `${ledgerArn(region)}/stream/2025-01-01T00:00:00.000`,
        );
        assert.deepEqual(
          JSON.parse((mapping.inputs.filterCriteria as Loose).filters[0].pattern),
          APPLIER_STREAM_FILTER,
        );
        assert.deepEqual(mapping.inputs.functionResponseTypes, ["ReportBatchItemFailures"]);
        assert.equal(mapping.inputs.bisectBatchOnFunctionError, true);
        assert.equal(
          (mapping.inputs.destinationConfig as Loose).onFailure.destinationArn,
          named(resources, `${region}-opt-out-replication-applier-dlq`).outputs.arn,
        );
        const settings = readApplierSettings(
          (named(resources, `${region}-opt-out-replication-applier`).inputs.environment as Loose)
            .variables,
        );
        assert.deepEqual(settings, {
          region,
          ledgerTable: "acme-opt-out-ledger",
          stateTable: "acme-opt-out-state",
          useCases: { marketing: { listName: "acme-marketing" }, otp: { listName: "acme-otp" } },
          requestsPerSecond: 5,
        });
      }
    });

    it("subscribes the recorder to the Region's inbound topic, allowed only from that topic", () => {
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
      assert.deepEqual(readRecorderSettings((fn.inputs.environment as Loose).variables), {
        region: "us-west-2",
        ledgerTable: "acme-opt-out-ledger",
        topics: {
          [topic.outputs.arn as string]: { useCase: "marketing", optInKeywords: ["JOIN"] },
        },
      });
      assert.deepEqual(
        (fn.inputs.deadLetterConfig as Loose).targetArn,
        named(resources, "us-west-2-opt-out-replication-replicator-dlq").outputs.arn,
      );
    });

    it("runs the reconciler every minute, one at a time, without Lambda retries", () => {
      const rule = named(resources, "us-east-1-opt-out-replication-reconciler-schedule");
      const fn = named(resources, "us-east-1-opt-out-replication-reconciler");
      assert.equal(rule.inputs.scheduleExpression, "rate(1 minute)");
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
      const invokeConfig = named(
        resources,
        "us-east-1-opt-out-replication-reconciler-invoke-config",
      );
      assert.deepEqual(
        [invokeConfig.inputs.maximumRetryAttempts, invokeConfig.inputs.maximumEventAgeInSeconds],
        [0, 60],
      );
      assert.deepEqual(readReconcilerSettings((fn.inputs.environment as Loose).variables), {
        region: "us-east-1",
        regions: ["us-east-1", "us-west-2"],
        ledgerTable: "acme-opt-out-ledger",
        stateTable: "acme-opt-out-state",
        namePrefix: "acme",
        useCases: { marketing: { listName: "acme-marketing" }, otp: { listName: "acme-otp" } },
        requestsPerSecond: 10,
        peerSilenceSeconds: 300,
      });
    });

    it("tells a peer presumed down from replication failing between healthy Regions, in separate alarms", () => {
      const alarms = ofType(resources, T.alarm).filter(
        (a) => a.region === "us-east-1" && String(a.inputs.name).startsWith("acme-opt-out-"),
      );
      const byName = Object.fromEntries(alarms.map((a) => [a.inputs.name as string, a]));
      const peer = byName["acme-opt-out-peer-us-west-2-presumed-down"];
      assert.deepEqual(
        [peer.inputs.namespace, peer.inputs.metricName, peer.inputs.dimensions],
        [
          "Messaging/OptOutLedger",
          "PeerSilenceSeconds",
          { Region: "us-east-1", Peer: "us-west-2" },
        ],
      );
      const applier = byName["acme-opt-out-applier-errors"];
      assert.equal((applier.inputs.dimensions as Loose).FunctionName, "acme-opt-out-applier");
      assert.match(applier.inputs.alarmDescription as string, /a peer outage never raises this/);
      const latency = byName["acme-opt-out-replication-to-us-west-2"];
      assert.deepEqual(latency.inputs.dimensions, {
        TableName: "acme-opt-out-ledger",
        ReceivingRegion: "us-west-2",
      });
      assert.ok(byName["acme-opt-out-otp-behind"] && byName["acme-opt-out-reconciler-not-running"]);
      const topic = named(resources, "us-east-1-opt-out-replication-alarms");
      for (const alarm of alarms)
        assert.deepEqual(
          alarm.inputs.alarmActions,
          [topic.outputs.arn],
          alarm.inputs.name as string,
        );
    });

    it("replies to STOP and HELP from the use case's own numbers when the estate confirms self-managed opt-outs", async () => {
      const selfManaged = clone(minimalEstate()) as Loose;
      selfManaged.useCases.marketing.selfManagedOptOuts = true;
      selfManaged.useCases.marketing.stopConfirmation = "estate";
      const run = await runEstate(selfManaged);
      const g = grants(
        named(run.resources, "us-east-1-opt-out-replication-replicator-role-policy"),
      );
      const number = named(run.resources, "us-east-1-originators-marketing-us");
      assert.deepEqual(
        g["sms-voice:SendTextMessage"],
        [
          number.outputs.arn as string,
          named(run.resources, "us-east-1-marketing-pool").outputs.arn as string,
          named(run.resources, "us-east-1-marketing-config-set").outputs.arn as string,
        ].sort(),
      );
      const settings = readRecorderSettings(
        (
          named(run.resources, "us-east-1-opt-out-replication-replicator").inputs
            .environment as Loose
        ).variables,
      );
      const [topic] = Object.values(settings.topics);
      assert.deepEqual(topic.replies, {
        stop: selfManaged.useCases.marketing.keywords.stop,
        help: selfManaged.useCases.marketing.keywords.help,
        configurationSetName: "acme-marketing",
      });

      const byApplication = clone(selfManaged) as Loose;
      byApplication.useCases.marketing.stopConfirmation = "application";
      const plain = await runEstate(byApplication);
      const pg = grants(
        named(plain.resources, "us-east-1-opt-out-replication-replicator-role-policy"),
      );
      assert.equal(
        pg["sms-voice:SendTextMessage"],
        undefined,
        "no send grant when the application replies",
      );
    });

    it("declares the reconciler and applier but no recorder without two-way use cases", async () => {
      const oneWay = clone(minimalEstate()) as Loose;
      oneWay.useCases.marketing.twoWay = false;
      const names = (await runEstate(oneWay)).resources.map((r) => r.name);
      assert.ok(!names.some((n) => n.includes("replicator")));
      assert.ok(names.includes("us-east-1-opt-out-replication-reconciler"));
      assert.ok(names.includes("us-east-1-opt-out-replication-applier"));
    });

    it("declares pointers but no ledger for a one-Region estate", async () => {
      const single = clone(minimalEstate()) as Loose;
      single.standbyRegions = [];
      delete single.regions["us-west-2"];
      const run = await runEstate(single);
      assert.equal(ofType(run.resources, T.replication).length, 0);
      assert.equal(ofType(run.resources, T.table).length, 0);
      assert.equal(ofType(run.resources, T.fn).filter((f) => f.name.includes("opt-out")).length, 0);
      assert.equal(
        ofType(run.resources, T.parameter).filter((p) => p.name.startsWith("failover-")).length,
        2,
      );
    });
  });
});
