/**
 * AWS clients for the handlers: one per service and Region, short timeouts, and no SDK-level
 * retries (retry.ts is the only retry layer).
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  PinpointSMSVoiceV2Client,
  type PinpointSMSVoiceV2ClientConfig,
} from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { SSMClient } from "@aws-sdk/client-ssm";

/** Options of the client factories. */
export interface SmsClientOptions {
  /** Per-request timeout, so a silent Region fails fast instead of eating the invocation. Default: 3,000 ms. */
  requestTimeoutMs?: number;
  /** Endpoint override (tests). Default: the SDK's own resolution, which honours `AWS_ENDPOINT_URL_*`. */
  endpoint?: string;
  /** Default: the SDK's chain (in Lambda: the execution role's credentials from the environment). */
  credentials?: PinpointSMSVoiceV2ClientConfig["credentials"];
}

function factory<C extends { destroy(): void }>(
  options: SmsClientOptions,
  create: (config: ReturnType<typeof commonConfig>) => C,
): (region: string) => C {
  const clients = new Map<string, C>();
  return (region) => {
    let client = clients.get(region);
    if (!client) clients.set(region, (client = create(commonConfig(region, options))));
    return client;
  };
}

function commonConfig(region: string, options: SmsClientOptions) {
  const timeout = options.requestTimeoutMs ?? 3_000;
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
}

/** A cached SMS Voice v2 client per Region. */
export function smsClientFactory(
  options: SmsClientOptions = {},
): (region: string) => PinpointSMSVoiceV2Client {
  return factory(options, (config) => new PinpointSMSVoiceV2Client(config));
}

/** A cached DynamoDB client per Region (the ledger replica and the state table of that Region). */
export function dynamoClientFactory(
  options: SmsClientOptions = {},
): (region: string) => DynamoDBClient {
  return factory(options, (config) => new DynamoDBClient(config));
}

/** A cached SSM client per Region (freshness parameters). */
export function ssmClientFactory(options: SmsClientOptions = {}): (region: string) => SSMClient {
  return factory(options, (config) => new SSMClient(config));
}
