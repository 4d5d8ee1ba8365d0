/**
 * The project's one local AWS endpoint for SDK tests: AWS JSON protocol on 127.0.0.1, state per
 * region (taken from each request's SigV4 credential scope), a request log, fault injection and
 * rate limits.
 *
 * ```ts
 * const aws = await startAwsEndpoint();
 * aws.state.seed("eu-west-1", { protectConfigurations: [{ accountDefault: true }] });
 * aws.faults.set("us-east-1", { mode: "silence" });
 * const client = new PinpointSMSVoiceV2Client({ region: "eu-west-1", endpoint: aws.url, credentials });
 * // … assert on aws.requests, aws.state.region("eu-west-1") …
 * await aws.close();
 * ```
 */
export { startAwsEndpoint, DEFAULT_ACCOUNT_ID } from "./server";
export type { AwsEndpoint, AwsEndpointOptions, RequestRecord, TransportControl } from "./server";
export type { TransportMode } from "./transport";
export { describeProblem, operationShapes, shapeProblems, validationWording } from "./shapes";
export type { OperationShapes, ShapeProblem } from "./shapes";
export { stsService } from "./sts";
export { ANY_REGION, FaultInjector, RateLimiter } from "./faults";
export type {
  FaultMode,
  FaultRule,
  InjectedFault,
  RateLimitOptions,
  RateLimitStats,
} from "./faults";
export { AwsError, parseCredentialScope } from "./protocol";
export type { CredentialScope, JsonObject } from "./protocol";
export type { OperationContext, OperationHandler, ServiceDefinition } from "./service";
export { smsVoiceService } from "./sms-voice";
export { reviewRegistration, type ReviewOutcome } from "./registrations";
export { ssmService } from "./ssm";
export { dynamoDb, DynamoDbAccount, dynamoDbService, ReplicationQueue } from "./dynamodb";
export type { ReplicationMessage, StreamRecord, TableSpec } from "./dynamodb";
export { DEFAULT_SPEND_MAX_LIMIT, EndpointState, isoCountryOf, SPEND_LIMIT_NAMES } from "./state";
export type * from "./state";
