/**
 * The contract between the HTTP server and a service module (`sms-voice.ts`, `ssm.ts`): which
 * `X-Amz-Target` prefix it answers and one synchronous handler per operation.
 */
import type { JsonObject } from "./protocol";
import type { OperationShapes } from "./shapes";
import type { EndpointState, RegionState } from "./state";

/** What a handler sees besides its input. */
export interface OperationContext {
  /** Region from the request's SigV4 credential scope. */
  readonly region: string;
  /** That region's state (created on first use). */
  readonly regionState: RegionState;
  /** The whole account, for ids, ARNs and the clock. */
  readonly state: EndpointState;
  /** Access key id the request was signed with (who is calling). */
  readonly accessKeyId: string;
}

/** Handles one operation: returns the output object or throws an `AwsError`. */
export type OperationHandler = (context: OperationContext, input: JsonObject) => JsonObject;

/** One AWS service the endpoint speaks. */
export interface ServiceDefinition {
  /** `X-Amz-Target` prefix, e.g. `PinpointSMSVoiceV2`. */
  readonly targetPrefix: string;
  /** SigV4 signing name, used in the request log, e.g. `sms-voice`. */
  readonly signingName: string;
  /** Exception name the service models for internal errors (5xx faults). */
  readonly internalErrorType: string;
  /** Handlers by operation name. */
  readonly operations: Readonly<Record<string, OperationHandler>>;
  /**
   * Wire protocol: AWS JSON (routed by `X-Amz-Target`) or AWS Query (form-encoded `Action`,
   * XML answers, routed by the signing name). Default: `json`.
   */
  readonly protocol?: "json" | "query";
  /** XML namespace of a Query service's answers, e.g. `https://sts.amazonaws.com/doc/2011-06-15/`. */
  readonly xmlNamespace?: string;
  /**
   * The SDK's shapes of an operation (see shapes.ts): requests and answers of a JSON service
   * are checked against them. Default: not checked.
   */
  readonly shapes?: (operation: string) => OperationShapes | undefined;
}
