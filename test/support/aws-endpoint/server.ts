/**
 * The HTTP side of the local AWS endpoint: an AWS JSON 1.0/1.1 (and AWS Query, for STS) server
 * on loopback that routes `X-Amz-Target` (or the Query `Action`) to service handlers, keeps
 * per-region state, logs every request and applies faults, added latency and rate limits
 * before a handler runs. Optionally one listener per Region (transport.ts), so a Region can
 * fail at the transport level.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import {
  ANY_REGION,
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
import { queryErrorXml, queryInput, queryResponseXml } from "./query";
import type { ServiceDefinition } from "./service";
import { describeProblem, shapeProblems, validationWording } from "./shapes";
import { smsVoiceService } from "./sms-voice";
import { ssmService } from "./ssm";
import { EndpointState } from "./state";
import { stsService } from "./sts";
import { RegionalTransport, type TransportMode } from "./transport";

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
  /** The Region whose own listener the request arrived on; undefined for the shared port. */
  readonly via?: string;
}

/** Options for {@link startAwsEndpoint}; every field is optional. */
export interface AwsEndpointOptions {
  /** Account id used in ARNs. Default `123456789012`. */
  readonly accountId?: string;
  /** Clock (epoch ms) for timestamps and rate-limit refills; inject one for deterministic tests. Default `Date.now`. */
  readonly now?: () => number;
  /** Services to speak. Default SMS Voice v2, SSM, STS and DynamoDB. */
  readonly services?: readonly ServiceDefinition[];
  /**
   * Regions that get their own listener (a port each, see `regionUrls`), besides the shared
   * port every Region can use. Default: none.
   */
  readonly regions?: readonly string[];
  /**
   * Check request and answer bodies of JSON services against the SDK's shapes (shapes.ts): a
   * request that does not conform answers `ValidationException`, an answer that does not is
   * replaced by a 500 naming the problem. Default: true.
   */
  readonly checkShapes?: boolean;
}

/** Transport-level control of the Regions that have their own listener. */
export interface TransportControl {
  /** Switches a Region's listener (see {@link TransportMode}); resolves once it applies. */
  set(region: string, mode: TransportMode): Promise<void>;
  /** A Region's current mode. */
  mode(region: string): TransportMode;
  /** TCP connections a Region's listener has accepted, served or not (refused ones never arrive). */
  connections(region: string): number;
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
  /**
   * Delays every answer in `region` (or `"*"`, every Region) by `ms` before it is sent, as a
   * distant Region would; 0 removes it. A Region's own value wins over `"*"`.
   */
  setLatency(region: string, ms: number): void;
  /** Base URL of each Region's own listener (empty without `options.regions`). */
  readonly regionUrls: Readonly<Record<string, string>>;
  /** Transport-level faults of the Regions with their own listener. */
  readonly transport: TransportControl;
  /**
   * Calls `listener` with each request once it has been answered (its handler has run): a
   * test can act "between" two requests of a client, e.g. play another writer. Returns the
   * function that removes it; `reset` removes every listener.
   */
  onAnswered(listener: (record: RequestRecord) => void): () => void;
  /**
   * Clears state, the request log, faults, latencies and rate limits, and brings every
   * Region's listener back up (the promise resolves once they listen again); the server keeps
   * running.
   */
  reset(): Promise<void>;
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

/** SMS Voice v2 `ValidationExceptionReason` for each kind of shape problem. */
const VALIDATION_REASON = {
  missing: "MISSING_PARAMETER",
  type: "CANNOT_PARSE",
  unknown: "FIELD_VALIDATION_FAILED",
} as const;

function respondXml(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, {
    "content-type": "text/xml",
    "content-length": Buffer.byteLength(body),
    "x-amzn-requestid": randomUUID(),
  });
  response.end(body);
}

/** Starts an endpoint on 127.0.0.1 on a free port. Close it in an `after` hook. */
export async function startAwsEndpoint(options: AwsEndpointOptions = {}): Promise<AwsEndpoint> {
  const now = options.now ?? Date.now;
  const services = options.services ?? [smsVoiceService, ssmService, stsService, dynamoDbService];
  const state = new EndpointState(options.accountId ?? DEFAULT_ACCOUNT_ID, now);
  const faults = new FaultInjector();
  const rateLimiter = new RateLimiter(now);
  const requests: RequestRecord[] = [];
  const sockets = new Set<Socket>();

  const latency = new Map<string, number>();
  const answeredListeners = new Set<(record: RequestRecord) => void>();
  const checkShapes = options.checkShapes ?? true;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = await readBody(request);
    const scope = parseCredentialScope(request.headers.authorization);
    const requestType = String(request.headers["content-type"] ?? "");
    const query = requestType.startsWith("application/x-www-form-urlencoded");
    let service: ServiceDefinition | undefined;
    let operation: string;
    let target: string;
    let input: JsonObject | undefined;
    if (query) {
      // AWS Query: the service is the one the request was signed for; the body names the Action.
      input = queryInput(raw);
      operation = String(input.Action ?? "");
      target = `${scope?.service ?? "unknown"}:${operation}`;
      service = services.find((s) => s.protocol === "query" && s.signingName === scope?.service);
      delete input.Action;
      delete input.Version;
    } else {
      target = String(request.headers["x-amz-target"] ?? "");
      const [prefix, name = ""] = target.split(".", 2);
      operation = name;
      service = services.find(
        (s) => (s.protocol ?? "json") === "json" && s.targetPrefix === prefix,
      );
      try {
        input = raw.length ? (JSON.parse(raw) as JsonObject) : {};
      } catch {
        input = undefined;
      }
    }
    // Answer in the JSON version the client spoke (SMS Voice v2 uses 1.0, SSM 1.1).
    const contentType = requestType.includes("1.1")
      ? "application/x-amz-json-1.1"
      : "application/x-amz-json-1.0";
    const via = regional.regionOf(request.socket);
    const record: RequestRecord = {
      region: scope?.region ?? "unknown",
      service: service?.signingName ?? scope?.service ?? "unknown",
      operation,
      input,
      status: null,
      at: new Date(now()),
      ...(via ? { via } : {}),
    };
    requests.push(record);

    const send = async (status: number, body: JsonObject, errorType?: string) => {
      const delay = latency.get(record.region) ?? latency.get(ANY_REGION) ?? 0;
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      record.status = status;
      if (query) {
        respondXml(
          response,
          status,
          errorType
            ? queryErrorXml(errorType, String(body.message ?? ""), status)
            : queryResponseXml(operation, body, service?.xmlNamespace),
        );
      } else respond(response, status, body, contentType, errorType);
      for (const listener of [...answeredListeners]) listener(record);
    };
    const fail = (error: AwsError) => send(error.status, error.body(), error.type);
    try {
      if (request.method !== "POST" || !service || !operation) throw unknownOperationError(target);
      if (!scope)
        throw new AwsError(
          "MissingAuthenticationTokenException",
          "Missing Authentication Token",
          403,
        );
      if (via && via !== scope.region) {
        // A client for one Region reached another Region's endpoint: a routing bug to surface.
        throw new AwsError(
          "MisroutedRequestException",
          `a request signed for ${scope.region} reached the ${via} endpoint`,
          421,
        );
      }
      if (input === undefined || typeof input !== "object" || Array.isArray(input)) {
        throw new AwsError("SerializationException", "The request body is not a JSON object.");
      }
      const shapes = checkShapes && !query ? service.shapes?.(operation) : undefined;
      if (shapes) {
        const problems = shapeProblems(shapes.input, input);
        if (problems.length > 0) {
          // AWS's wording, so a test cannot tell this check from the service's own.
          const count = `${problems.length} validation error${problems.length === 1 ? "" : "s"}`;
          throw new AwsError(
            "ValidationException",
            `${count} detected: ${problems.map(validationWording).join("; ")}`,
            400,
            service.signingName === "sms-voice"
              ? { Reason: VALIDATION_REASON[problems[0].kind] }
              : {},
          );
        }
      }
      const fault = faults.take(scope.region, operation, service.signingName);
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
        {
          region: scope.region,
          regionState: state.region(scope.region),
          state,
          accessKeyId: scope.accessKeyId,
        },
        input,
      );
      if (shapes) {
        const problems = shapeProblems(shapes.output, JSON.parse(JSON.stringify(output)));
        if (problems.length > 0) {
          throw new Error(
            `the answer to ${operation} does not match the SDK's shape: ${problems.map(describeProblem).join("; ")}`,
          );
        }
      }
      await send(200, output);
    } catch (error) {
      if (error instanceof AwsError) return fail(error);
      // A handler bug: answer like AWS would (a 500) but keep the cause visible to the test.
      const internal = service?.internalErrorType ?? "InternalFailure";
      await fail(
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
  // Started before the shared port listens, so no request can arrive before it exists.
  const regional = await RegionalTransport.start(server, options.regions ?? []);
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
    setLatency(region, ms) {
      if (!(ms >= 0)) throw new RangeError(`latency must be 0 or more ms, got ${ms}`);
      if (ms === 0) latency.delete(region);
      else latency.set(region, ms);
    },
    regionUrls: regional.urls(),
    transport: {
      set: (region, mode) => regional.set(region, mode),
      mode: (region) => regional.mode(region),
      connections: (region) => regional.accepted(region),
    },
    onAnswered(listener) {
      answeredListeners.add(listener);
      return () => void answeredListeners.delete(listener);
    },
    reset() {
      answeredListeners.clear();
      state.reset();
      requests.length = 0;
      faults.reset();
      rateLimiter.reset();
      latency.clear();
      return regional.reset();
    },
    close() {
      closing ??= Promise.all([
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Keep-alive and silenced sockets would otherwise hold close() (and mocha) open.
          for (const socket of sockets) socket.destroy();
        }),
        regional.close(),
      ]).then(() => undefined);
      return closing;
    },
  };
}
