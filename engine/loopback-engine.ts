/**
 * The engine side of a Pulumi program's `Engine` RPCs, on loopback, for offline runs. The
 * SDK sends `pulumi.log.*` messages (and the stack's root URN) to the engine when it has
 * one; with only a mock monitor it prints them and keeps no record. The Pulumi CLI fails a
 * run whose program logged an error, so the offline engine needs the messages too.
 */
import * as grpc from "@grpc/grpc-js";
import * as engineRpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engineProto from "@pulumi/pulumi/proto/engine_pb";
import * as emptyProto from "google-protobuf/google/protobuf/empty_pb";

/** A message the program logged. */
export interface ProgramLog {
  severity: "debug" | "info" | "warning" | "error";
  message: string;
  /** URN of the resource the message is about, empty for the program as a whole. */
  urn: string;
}

const SEVERITIES: Record<number, ProgramLog["severity"]> = {
  [engineProto.LogSeverity.DEBUG]: "debug",
  [engineProto.LogSeverity.INFO]: "info",
  [engineProto.LogSeverity.WARNING]: "warning",
  [engineProto.LogSeverity.ERROR]: "error",
};

/** A running loopback engine. */
export interface LoopbackEngine {
  /** `127.0.0.1:<port>`. */
  address: string;
  /** Every message logged so far, in order. */
  logs: ProgramLog[];
  /** Stops the server at once; safe to call twice. */
  close(): void;
}

type Callback<T> = (error: grpc.ServiceError | null, response?: T) => void;

/** Starts the engine service on an ephemeral loopback port. */
export function startLoopbackEngine(): Promise<LoopbackEngine> {
  const logs: ProgramLog[] = [];
  let rootUrn = "";
  const server = new grpc.Server();
  server.addService(engineRpc.EngineService, {
    log(call: { request: engineProto.LogRequest }, callback: Callback<emptyProto.Empty>) {
      const request = call.request;
      logs.push({
        severity: SEVERITIES[request.getSeverity()] ?? "info",
        message: request.getMessage(),
        urn: request.getUrn(),
      });
      callback(null, new emptyProto.Empty());
    },
    getRootResource(_call: unknown, callback: Callback<engineProto.GetRootResourceResponse>) {
      const response = new engineProto.GetRootResourceResponse();
      response.setUrn(rootUrn);
      callback(null, response);
    },
    setRootResource(
      call: { request: engineProto.SetRootResourceRequest },
      callback: Callback<engineProto.SetRootResourceResponse>,
    ) {
      rootUrn = call.request.getUrn();
      callback(null, new engineProto.SetRootResourceResponse());
    },
  });
  return new Promise((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {
      if (error) return reject(error);
      let closed = false;
      resolve({
        address: `127.0.0.1:${port}`,
        logs,
        close: () => {
          if (closed) return;
          closed = true;
          server.forceShutdown();
        },
      });
    });
  });
}
