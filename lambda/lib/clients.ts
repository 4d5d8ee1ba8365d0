/**
 * SMS Voice v2 clients for the handlers: one per Region, short timeouts, and no SDK-level
 * retries (retry.ts is the only retry layer).
 */
import {
  PinpointSMSVoiceV2Client,
  type PinpointSMSVoiceV2ClientConfig,
} from "@aws-sdk/client-pinpoint-sms-voice-v2";

/** Options of {@link smsClientFactory}. */
export interface SmsClientOptions {
  /** Per-request timeout, so a silent Region fails fast instead of eating the invocation. Default: 3,000 ms. */
  requestTimeoutMs?: number;
  /** Endpoint override (tests). Default: the SDK's own resolution, which honours `AWS_ENDPOINT_URL_*`. */
  endpoint?: string;
  /** Default: the SDK's chain (in Lambda: the execution role's credentials from the environment). */
  credentials?: PinpointSMSVoiceV2ClientConfig["credentials"];
}

/** A cached client per Region. */
export function smsClientFactory(
  options: SmsClientOptions = {},
): (region: string) => PinpointSMSVoiceV2Client {
  const clients = new Map<string, PinpointSMSVoiceV2Client>();
  const timeout = options.requestTimeoutMs ?? 3_000;
  return (region) => {
    let client = clients.get(region);
    if (!client) {
      client = new PinpointSMSVoiceV2Client({
        region,
        maxAttempts: 1,
        ...(options.endpoint ? { endpoint: options.endpoint } : {}),
        ...(options.credentials ? { credentials: options.credentials } : {}),
        requestHandler: {
          requestTimeout: timeout,
          connectionTimeout: timeout,
          throwOnRequestTimeout: true,
        },
      });
      clients.set(region, client);
    }
    return client;
  };
}
