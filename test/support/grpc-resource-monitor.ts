/**
 * A Pulumi resource monitor (and minimal engine) served over gRPC on loopback, so a program
 * started through `@pulumi/pulumi/cmd/run` — exactly as the CLI's Node.js language host
 * starts it — can register its resources without the Pulumi CLI. It answers like the
 * offline engine (same AWS mocks, same recording monitor), so the two can be compared.
 */
import * as grpc from "@grpc/grpc-js";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as engineGrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engineProto from "@pulumi/pulumi/proto/engine_pb";
import * as resourceGrpc from "@pulumi/pulumi/proto/resource_grpc_pb";
import * as resourceProto from "@pulumi/pulumi/proto/resource_pb";
import { AwsMocks, type AwsMocksOptions } from "../../engine/aws-mocks";
import { RecordingMonitor, type RecordedResource } from "../../engine/recording-monitor";

type Callback = (err: grpc.ServiceError | null, response?: unknown) => void;
type Call = { request: unknown };

/** A running monitor: its address, what it recorded, and how to stop it. */
export interface LoopbackMonitor {
  address: string;
  records: RecordedResource[];
  logs: string[];
  close(): Promise<void>;
}

/** Starts the monitor and engine services on 127.0.0.1 (a free port). */
export async function startLoopbackMonitor(options: AwsMocksOptions): Promise<LoopbackMonitor> {
  const monitor = new RecordingMonitor(new AwsMocks(options));
  const logs: string[] = [];
  let rootResource = "";
  // The mock monitor's callbacks type their error as `unknown`; gRPC wants a ServiceError.
  const forward =
    (method: (req: unknown, cb: (err: unknown, response: unknown) => void) => unknown) =>
    (call: Call, callback: Callback) =>
      void method.call(monitor, call.request, (err: unknown, response: unknown) =>
        callback(err as grpc.ServiceError | null, response),
      );

  const server = new grpc.Server();
  server.addService(resourceGrpc.ResourceMonitorService, {
    supportsFeature: (call: Call, callback: Callback) => {
      const id = (call.request as resourceProto.SupportsFeatureRequest).getId();
      const response = new resourceProto.SupportsFeatureResponse();
      // Same stance as the mock monitor: everything but output values.
      response.setHassupport(id !== "outputValues");
      callback(null, response);
    },
    getDeploymentInfo: forward(monitor.getDeploymentInfo),
    invoke: forward(monitor.invoke),
    readResource: forward(monitor.readResource),
    existsResource: forward(monitor.existsResource),
    registerResource: forward(monitor.registerResource),
    registerResourceOutputs: (call: Call, callback: Callback) =>
      monitor.registerResourceOutputs(call.request, (err) =>
        callback(err as grpc.ServiceError | null, new emptyproto.Empty()),
      ),
    // Transforms run where the engine runs them: the monitor calls the program's callback
    // server (in the program's process) for every later registration and invoke.
    registerStackTransform: (call: Call, callback: Callback) =>
      monitor.registerStackTransform(call.request, (err) =>
        callback(err as grpc.ServiceError | null, new emptyproto.Empty()),
      ),
    registerStackInvokeTransform: (call: Call, callback: Callback) =>
      monitor.registerStackInvokeTransform(call.request, (err) =>
        callback(err as grpc.ServiceError | null, new emptyproto.Empty()),
      ),
    registerPackage: forward(monitor.registerPackage),
    signalAndWaitForShutdown: (_call: Call, callback: Callback) =>
      callback(null, new emptyproto.Empty()),
    call: (_call: Call, callback: Callback) =>
      callback({
        code: grpc.status.UNIMPLEMENTED,
        message: "call is not supported offline",
      } as grpc.ServiceError),
  });
  server.addService(engineGrpc.EngineService, {
    log: (call: Call, callback: Callback) => {
      const request = call.request as engineProto.LogRequest;
      logs.push(`${request.getSeverity()}: ${request.getMessage()}`);
      callback(null, new emptyproto.Empty());
    },
    getRootResource: (_call: Call, callback: Callback) => {
      const response = new engineProto.GetRootResourceResponse();
      response.setUrn(rootResource);
      callback(null, response);
    },
    setRootResource: (call: Call, callback: Callback) => {
      rootResource = (call.request as engineProto.SetRootResourceRequest).getUrn();
      callback(null, new engineProto.SetRootResourceResponse());
    },
    requirePulumiVersion: (_call: Call, callback: Callback) =>
      callback(null, new engineProto.RequirePulumiVersionResponse()),
  });

  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, bound) =>
      err ? reject(err) : resolve(bound),
    ),
  );
  return {
    address: `127.0.0.1:${port}`,
    records: monitor.records,
    logs,
    close: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
        setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 2000).unref();
      }),
  };
}
