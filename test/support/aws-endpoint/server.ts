/**
 * The HTTP side of the local AWS endpoint: an AWS JSON 1.0/1.1 server on loopback that routes
 * `X-Amz-Target` to service handlers, keeps per-region state, logs every request and applies
 * faults and rate limits before a handler runs.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import {
  FaultInjector,
  type FaultMode,
  RateLimiter,
  type RateLimitOptions,
  type RateLimitStats,
} from "./faults";
import {
  AwsError,
  type JsonObject,
  parseCredentialScope,
  throttlingError,
  unknownOperationError,
} from "./protocol";
import { dynamoDbService } from "./dynamodb";
import type { ServiceDefinition } from "./service";
import { smsVoiceService } from "./sms-voice";
import { ssmService } from "./ssm";
import { EndpointState } from "./state";

/** One request as the endpoint saw it. */
export interface RequestRecord {
  /** Region from the SigV4 credential scope; `unknown` for an unsigned request. */
  readonly region: string;
  /** Signing name of the targeted service (`sms-voice`, `ssm`); `unknown` for an unknown target. */
  readonly service: string;
  /** Operation from `X-Amz-Target`, e.g. `DescribePhoneNumbers`. */
  readonly operation: string;
  /** Decoded JSON body (undefined when it did not parse). */
  readonly input: unknown;
  /** HTTP status answered; null while unanswered (a `silence` fault never answers). */
  status: number | null;
  /** When the request arrived, by the endpoint's clock. */
  readonly at: Date;
  /** The fault or rate limit that decided the answer, if any. */
  fault?: FaultMode | "rate-limit";
}

/** Options for {@link startAwsEndpoint}; every field is optional. */
export interface AwsEndpointOptions {
  /** Account id used in ARNs. Default `123456789012`. */
  readonly accountId?: string;
  /** Clock (epoch ms) for timestamps and rate-limit refills; inject one for deterministic tests. Default `Date.now`. */
  readonly now?: () => number;
  /** Services to speak. Default SMS Voice v2, SSM and DynamoDB. */
  readonly services?: readonly ServiceDefinition[];
}

/** A running local endpoint. */
export interface AwsEndpoint {
  /** Base URL to pass as an SDK `endpoint`, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly port: number;
  /** The in-memory account: `state.seed(region, …)`, `state.region(region)`. */
  readonly state: EndpointState;
  /** Every request in arrival order (live array; `reset` empties it in place). */
  readonly requests: readonly RequestRecord[];
  /** Fault rules: `faults.set(region, { mode, operations?, times? })`. */
  readonly faults: FaultInjector;
  /**
   * Token-bucket limit of `rps` requests/second for `region` (null lifts it); returns its live
   * counters. Default: the bucket starts full (`options.initialTokens` = `rps`).
   */
  setRateLimit(region: string, rps: number | null, options?: RateLimitOptions): RateLimitStats;
  /** Live counters of `region`'s rate limit. */
  rateLimitStats(region: string, service?: string): RateLimitStats;
  /** Clears state, the request log, faults and rate limits; the server keeps running. */
  reset(): void;
  /** Stops the server, destroying open sockets (including silenced requests) so it ends promptly. */
  close(): Promise<void>;
}

/** Default account id in ARNs. */
export const DEFAULT_ACCOUNT_ID = "123456789012";

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function respond(
  response: ServerResponse,
  status: number,
  body: JsonObject,
  contentType: string,
  errorType?: string,
): void {
  const text = JSON.stringify(body);
  const headers: Record<string, string | number> = {
    "content-type": contentType,
    "content-length": Buffer.byteLength(text),
    "x-amzn-requestid": randomUUID(),
  };
  if (errorType) headers["x-amzn-errortype"] = errorType;
  response.writeHead(status, headers);
  response.end(text);
}

/** Starts an endpoint on 127.0.0.1 on a free port. Close it in an `after` hook. */
export async function startAwsEndpoint(options: AwsEndpointOptions = {}): Promise<AwsEndpoint> {
  const now = options.now ?? Date.now;
  const services = options.services ?? [smsVoiceService, ssmService, dynamoDbService];
  const state = new EndpointState(options.accountId ?? DEFAULT_ACCOUNT_ID, now);
  const faults = new FaultInjector();
  const rateLimiter = new RateLimiter(now);
  const requests: RequestRecord[] = [];
  const sockets = new Set<Socket>();

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = await readBody(request);
    const target = String(request.headers["x-amz-target"] ?? "");
    const [prefix, operation = ""] = target.split(".", 2);
    const service = services.find((s) => s.targetPrefix === prefix);
    const scope = parseCredentialScope(request.headers.authorization);
    // Answer in the JSON version the client spoke (SMS Voice v2 uses 1.0, SSM 1.1).
    const contentType = String(request.headers["content-type"] ?? "").includes("1.1")
      ? "application/x-amz-json-1.1"
      : "application/x-amz-json-1.0";
    let input: JsonObject | undefined;
    try {
      input = raw.length ? (JSON.parse(raw) as JsonObject) : {};
    } catch {
      input = undefined;
    }
    const record: RequestRecord = {
      region: scope?.region ?? "unknown",
      service: service?.signingName ?? scope?.service ?? "unknown",
      operation,
      input,
      status: null,
      at: new Date(now()),
    };
    requests.push(record);

    const fail = (error: AwsError): void => {
      record.status = error.status;
      respond(response, error.status, error.body(), contentType, error.type);
    };
    try {
      if (request.method !== "POST" || !service || !operation) throw unknownOperationError(target);
      if (!scope)
        throw new AwsError(
          "MissingAuthenticationTokenException",
          "Missing Authentication Token",
          403,
        );
      if (input === undefined || typeof input !== "object" || Array.isArray(input)) {
        throw new AwsError("SerializationException", "The request body is not a JSON object.");
      }
      const fault = faults.take(scope.region, operation);
      if (fault) {
        record.fault = fault.mode;
        if (fault.mode === "silence") return; // never answer; close() destroys the socket
        if (fault.mode === "throttle") throw throttlingError();
        throw new AwsError(service.internalErrorType, "Injected internal error.", fault.status);
      }
      if (!rateLimiter.take(scope.region, service.signingName)) {
        record.fault = "rate-limit";
        throw throttlingError();
      }
      const handler = service.operations[operation];
      if (!handler) throw unknownOperationError(target);
      const output = handler(
        { region: scope.region, regionState: state.region(scope.region), state },
        input,
      );
      record.status = 200;
      respond(response, 200, output, contentType);
    } catch (error) {
      if (error instanceof AwsError) return fail(error);
      // A handler bug: answer like AWS would (a 500) but keep the cause visible to the test.
      const internal = service?.internalErrorType ?? "InternalFailure";
      fail(
        new AwsError(
          internal,
          `local endpoint error: ${(error as Error).stack ?? String(error)}`,
          500,
        ),
      );
    }
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    state,
    requests,
    faults,
    setRateLimit: (region, rps, options) => rateLimiter.set(region, rps, options),
    rateLimitStats: (region, service) => rateLimiter.stats(region, service),
    reset() {
      state.reset();
      requests.length = 0;
      faults.reset();
      rateLimiter.reset();
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive and silenced sockets would otherwise hold close() (and mocha) open.
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
