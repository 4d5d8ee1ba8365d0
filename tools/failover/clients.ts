/**
 * AWS SDK v3 clients for the failover CLI: one per service and Region, short timeouts,
 * no SDK-level retries (lambda/lib/retry.ts is the one retry layer), and a guard that makes
 * calling a Region the command promised not to call a programming error rather than a
 * request.
 *
 * Where requests go is one seam, {@link EndpointChoice}: nothing (the SDK's own resolution,
 * which honours `AWS_ENDPOINT_URL` and `AWS_ENDPOINT_URL_<SERVICE>`), one URL for every
 * Region, or one URL per Region (`--region-endpoints`: a test endpoint with a listener per
 * Region, so a dead Region fails at the transport as it would in AWS).
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  PinpointSMSVoiceV2Client,
  type PinpointSMSVoiceV2ClientConfig,
} from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { SSMClient } from "@aws-sdk/client-ssm";
import { STSClient } from "@aws-sdk/client-sts";

/** Static credentials or a provider, as the SDK clients take them. */
export type Credentials = NonNullable<PinpointSMSVoiceV2ClientConfig["credentials"]>;

/**
 * Where a Region's requests go: one URL for every Region, or a Region → URL map (Regions
 * absent from the map use the SDK's own resolution). Undefined: the SDK's own resolution.
 */
export type EndpointChoice = string | Readonly<Record<string, string>> | undefined;

/** The URL for `region` under `choice`, or undefined for the SDK's own resolution. */
export function endpointFor(choice: EndpointChoice, region: string): string | undefined {
  if (choice === undefined || typeof choice === "string") return choice;
  return choice[region];
}

/**
 * Reads `--region-endpoints`: a JSON object of Region → URL.
 *
 * @throws RangeError naming the flag and the expected form
 */
export function parseRegionEndpoints(text: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const valid =
    typeof parsed === "object" &&
    parsed !== null &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every((url) => typeof url === "string" && /^https?:\/\//.test(url));
  if (!valid) {
    throw new RangeError(
      `--region-endpoints must be a JSON object of Region → URL, e.g. '{"us-east-1":"http://127.0.0.1:4566"}', got ${text}`,
    );
  }
  return parsed as Record<string, string>;
}

/** Options of {@link createRegionClients}. */
export interface RegionClientOptions {
  /** Where requests go (see {@link EndpointChoice}). Default: the SDK's own resolution. */
  endpoint?: EndpointChoice;
  /** Per-request timeout; a silent Region fails after this instead of hanging. Default: 3,000 ms. */
  requestTimeoutMs?: number;
  /** Default: the SDK's default credential chain. */
  credentials?: Credentials;
  /** Regions no client may be created for (the Region a promote leaves). Default: none. */
  forbiddenRegions?: Iterable<string>;
}

/** Clients by Region, created on first use. */
export interface RegionClients {
  sms(region: string): PinpointSMSVoiceV2Client;
  ssm(region: string): SSMClient;
  sts(region: string): STSClient;
  /** The Region's DynamoDB (its replica of the opt-out ledger, its state table). */
  dynamodb(region: string): DynamoDBClient;
  /** Closes every client's sockets. */
  destroy(): void;
}

/** A client for a forbidden Region was asked for. */
export class ForbiddenRegionError extends Error {
  constructor(readonly region: string) {
    super(`refusing to call ${region}: this command must not contact the Region it is leaving`);
    this.name = "ForbiddenRegionError";
  }
}

/** Creates the clients lazily, one per service and Region. */
export function createRegionClients(options: RegionClientOptions = {}): RegionClients {
  const forbidden = new Set(options.forbiddenRegions ?? []);
  const timeout = options.requestTimeoutMs ?? 3_000;
  const common = (region: string) => {
    if (forbidden.has(region)) throw new ForbiddenRegionError(region);
    const endpoint = endpointFor(options.endpoint, region);
    return {
      region,
      maxAttempts: 1,
      ...(endpoint ? { endpoint } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
      requestHandler: {
        requestTimeout: timeout,
        connectionTimeout: timeout,
        throwOnRequestTimeout: true,
      },
    };
  };
  const caches: Map<string, { destroy(): void }>[] = [];
  const cache = <T extends { destroy(): void }>(make: (region: string) => T) => {
    const byRegion = new Map<string, T>();
    caches.push(byRegion);
    return (region: string): T => {
      let client = byRegion.get(region);
      if (!client) byRegion.set(region, (client = make(region)));
      return client;
    };
  };
  return {
    sms: cache((region) => new PinpointSMSVoiceV2Client(common(region))),
    ssm: cache((region) => new SSMClient(common(region))),
    sts: cache((region) => new STSClient(common(region))),
    dynamodb: cache((region) => new DynamoDBClient(common(region))),
    destroy() {
      for (const byRegion of caches) {
        for (const client of byRegion.values()) client.destroy();
        byRegion.clear();
      }
    },
  };
}
