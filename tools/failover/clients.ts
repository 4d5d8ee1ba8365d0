/**
 * AWS SDK v3 clients for the failover CLI: one per service and Region, short timeouts,
 * no SDK-level retries (lambda/lib/retry.ts is the one retry layer), and a guard that makes
 * calling a Region the command promised not to call a programming error rather than a
 * request.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  PinpointSMSVoiceV2Client,
  type PinpointSMSVoiceV2ClientConfig,
} from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { SSMClient } from "@aws-sdk/client-ssm";

/** Static credentials or a provider, as the SDK clients take them. */
export type Credentials = NonNullable<PinpointSMSVoiceV2ClientConfig["credentials"]>;

/** Options of {@link createRegionClients}. */
export interface RegionClientOptions {
  /** Endpoint for every service (tests: the local endpoint). Default: the SDK's own resolution, which honours `AWS_ENDPOINT_URL` and `AWS_ENDPOINT_URL_<SERVICE>`. */
  endpoint?: string;
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
    return {
      region,
      maxAttempts: 1,
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
      requestHandler: {
        requestTimeout: timeout,
        connectionTimeout: timeout,
        throwOnRequestTimeout: true,
      },
    };
  };
  const sms = new Map<string, PinpointSMSVoiceV2Client>();
  const ssm = new Map<string, SSMClient>();
  const dynamodb = new Map<string, DynamoDBClient>();
  return {
    sms(region) {
      let client = sms.get(region);
      if (!client) sms.set(region, (client = new PinpointSMSVoiceV2Client(common(region))));
      return client;
    },
    ssm(region) {
      let client = ssm.get(region);
      if (!client) ssm.set(region, (client = new SSMClient(common(region))));
      return client;
    },
    dynamodb(region) {
      let client = dynamodb.get(region);
      if (!client) dynamodb.set(region, (client = new DynamoDBClient(common(region))));
      return client;
    },
    destroy() {
      for (const client of [...sms.values(), ...ssm.values(), ...dynamodb.values()])
        client.destroy();
      sms.clear();
      ssm.clear();
      dynamodb.clear();
    },
  };
}
