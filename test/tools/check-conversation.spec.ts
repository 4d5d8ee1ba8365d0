/**
 * What the check tells a policy pack, checked on the other side of the analyzer protocol:
 * a loopback analyzer server records every request (it stands where the pack stands; the
 * check's own code runs unchanged). The conversation must be the CLI's: ConfigureStack with
 * config, secret keys, tags and organization; every registration remediated, then
 * analyzed with the remediated inputs (components and the stack included); aliases as
 * URNs and custom timeouts in seconds.
 */
import { strict as assert } from "node:assert";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as analyzerRpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerProto from "@pulumi/pulumi/proto/analyzer_pb";
import * as pluginProto from "@pulumi/pulumi/proto/plugin_pb";
import * as emptyProto from "google-protobuf/google/protobuf/empty_pb";
import * as structProto from "google-protobuf/google/protobuf/struct_pb";
import type { RunningPack } from "../../tools/check/pack";
import { runCheck } from "../../tools/check/run-check";

const PROGRAM = path.resolve(__dirname, "..", "fixtures", "programs", "conversation", "index.ts");

interface Recorded {
  method: string;
  type?: string;
  name?: string;
  urn?: string;
  properties?: Record<string, unknown>;
  options?: analyzerProto.AnalyzerResourceOptions.AsObject;
  stack?: analyzerProto.AnalyzerStackConfigureRequest;
}

type Unary<Req, Res> = (call: { request: Req }, callback: grpc.sendUnaryData<Res>) => void;

/** An analyzer that records what it is asked and remediates one property of pools. */
async function startRecordingAnalyzer(): Promise<{ pack: RunningPack; calls: Recorded[] }> {
  const calls: Recorded[] = [];
  const resource = (method: string, request: analyzerProto.AnalyzeRequest): Recorded => ({
    method,
    type: request.getType(),
    name: request.getName(),
    urn: request.getUrn(),
    properties: request.getProperties()?.toJavaScript() as Record<string, unknown>,
    options: request.getOptions()?.toObject(),
  });
  const server = new grpc.Server();
  const implementation: {
    configureStack: Unary<
      analyzerProto.AnalyzerStackConfigureRequest,
      analyzerProto.AnalyzerStackConfigureResponse
    >;
    getAnalyzerInfo: Unary<emptyProto.Empty, analyzerProto.AnalyzerInfo>;
    getPluginInfo: Unary<emptyProto.Empty, pluginProto.PluginInfo>;
    configure: Unary<analyzerProto.ConfigureAnalyzerRequest, emptyProto.Empty>;
    remediate: Unary<analyzerProto.AnalyzeRequest, analyzerProto.RemediateResponse>;
    analyze: Unary<analyzerProto.AnalyzeRequest, analyzerProto.AnalyzeResponse>;
    analyzeStack: Unary<analyzerProto.AnalyzeStackRequest, analyzerProto.AnalyzeResponse>;
  } = {
    configureStack: (call, callback) => {
      calls.push({ method: "configureStack", stack: call.request });
      callback(null, new analyzerProto.AnalyzerStackConfigureResponse());
    },
    getAnalyzerInfo: (_call, callback) => {
      calls.push({ method: "getAnalyzerInfo" });
      const info = new analyzerProto.AnalyzerInfo();
      info.setName("recorder");
      info.setVersion("1.2.3");
      const policy = new analyzerProto.PolicyInfo();
      policy.setName("pool-routes-fixed");
      policy.setDescription("Pools get shared routes turned off.");
      policy.setEnforcementlevel(analyzerProto.EnforcementLevel.REMEDIATE);
      info.setPoliciesList([policy]);
      callback(null, info);
    },
    getPluginInfo: (_call, callback) => callback(null, new pluginProto.PluginInfo()),
    configure: (_call, callback) => {
      calls.push({ method: "configure" });
      callback(null, new emptyProto.Empty());
    },
    remediate: (call, callback) => {
      calls.push(resource("remediate", call.request));
      const response = new analyzerProto.RemediateResponse();
      if (call.request.getType() === "aws:pinpoint/smsvoicev2Pool:Smsvoicev2Pool") {
        const remediation = new analyzerProto.Remediation();
        remediation.setPolicyname("pool-routes-fixed");
        remediation.setPolicypackname("recorder");
        remediation.setPolicypackversion("1.2.3");
        remediation.setDescription("Pools get shared routes turned off.");
        const properties = {
          ...(call.request.getProperties()?.toJavaScript() as Record<string, unknown>),
          remediated: true,
        };
        remediation.setProperties(
          structProto.Struct.fromJavaScript(
            properties as Record<string, structProto.JavaScriptValue>,
          ),
        );
        response.setRemediationsList([remediation]);
      }
      callback(null, response);
    },
    analyze: (call, callback) => {
      calls.push(resource("analyze", call.request));
      callback(null, new analyzerProto.AnalyzeResponse());
    },
    analyzeStack: (call, callback) => {
      calls.push({ method: "analyzeStack", name: String(call.request.getResourcesList().length) });
      callback(null, new analyzerProto.AnalyzeResponse());
    },
  };
  server.addService(
    analyzerRpc.AnalyzerService,
    implementation as unknown as grpc.UntypedServiceImplementation,
  );
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return {
    calls,
    pack: {
      address: `127.0.0.1:${port}`,
      pid: process.pid,
      stderr: () => "",
      close: async () => server.forceShutdown(),
    },
  };
}

describe("check: the analyzer conversation", function () {
  this.timeout(120_000);
  let calls: Recorded[];
  let pack: RunningPack;
  let result: Awaited<ReturnType<typeof runCheck>>;

  before(async () => {
    ({ calls, pack } = await startRecordingAnalyzer());
    result = await runCheck({
      program: PROGRAM,
      pack,
      organization: "acme",
      stackTags: { team: "payments" },
    });
  });
  after(async () => pack?.close());

  it("configures the stack with config, secret keys, tags and organization, before anything else", () => {
    assert.deepEqual(
      calls.slice(0, 3).map((c) => c.method),
      ["configureStack", "getAnalyzerInfo", "configure"],
    );
    const stack = calls[0].stack!;
    assert.equal(stack.getStack(), "dev");
    assert.equal(stack.getProject(), "notifications");
    assert.equal(stack.getOrganization(), "acme");
    assert.equal(stack.getDryRun(), true);
    assert.deepEqual(stack.getConfigSecretKeysList(), ["notifications:webhookToken"]);
    assert.equal(stack.getConfigMap().get("notifications:owner"), "payments");
    assert.deepEqual(Object.fromEntries(stack.getTagsMap().entries()), {
      "pulumi:project": "notifications",
      "pulumi:runtime": "nodejs",
      "pulumi:description": "Notification numbers of the payments team.",
      team: "payments",
    });
  });

  it("remediates, then analyzes, every registration: stack, component, providers and resources", () => {
    const analyzed = calls
      .filter((c) => c.method === "analyze")
      .map((c) => c.type)
      .sort();
    assert.deepEqual(analyzed, [
      "aws:pinpoint/smsvoicev2PhoneNumber:Smsvoicev2PhoneNumber",
      "aws:pinpoint/smsvoicev2Pool:Smsvoicev2Pool",
      "payments:sms:Notifications",
      "pulumi:providers:aws",
      "pulumi:pulumi:Stack",
    ]);
    for (const analyze of calls.filter((c) => c.method === "analyze")) {
      const remediate = calls.findIndex((c) => c.method === "remediate" && c.urn === analyze.urn);
      assert.ok(
        remediate >= 0 && remediate < calls.indexOf(analyze),
        `${analyze.urn} remediated first`,
      );
    }
    assert.equal(calls[calls.length - 1].method, "analyzeStack");
  });

  it("analyzes the inputs a remediation returned, and reports the remediation", () => {
    const pool = calls.find(
      (c) => c.method === "analyze" && c.type === "aws:pinpoint/smsvoicev2Pool:Smsvoicev2Pool",
    )!;
    assert.equal(pool.properties?.remediated, true);
    assert.deepEqual(
      result.remediations.map((r) => [r.policy, r.resourceName]),
      [["pool-routes-fixed", "notifications"]],
    );
  });

  it("sends aliases as URNs and custom timeouts in seconds", () => {
    const number = calls.find((c) => c.method === "analyze" && c.name === "notifications-us")!;
    assert.deepEqual(number.options?.aliasesList, [
      "urn:pulumi:dev::notifications::payments:sms:Notifications$aws:pinpoint/smsvoicev2PhoneNumber:Smsvoicev2PhoneNumber::payments-us",
    ]);
    assert.deepEqual(number.options?.customtimeouts, {
      create: 1200,
      update: 0,
      pb_delete: 0,
      read: 0,
    });
    assert.equal(number.options?.protect, true);
    assert.equal(
      number.options?.parent,
      "urn:pulumi:dev::notifications::payments:sms:Notifications::notifications",
    );
  });
});
