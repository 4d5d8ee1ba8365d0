/**
 * Wire-level pieces of the AWS JSON protocol (1.0 and 1.1) shared by every service the local
 * endpoint speaks: service errors, the SigV4 credential scope, input readers and timestamps.
 */

/**
 * A service error as the endpoint answers it: HTTP `status` (default 400), `__type` = `type`,
 * `message`, and any modelled members in `members` (e.g. `Reason`, `ResourceType`).
 *
 * The SDK's JSON-RPC deserializer reads the error code from `__type` first, then `code`, then the
 * `x-amzn-ErrorType` header, and the message from `message` (or `Message`); the endpoint sends
 * all of them so both SDK generations and raw HTTP tests see the same thing.
 */
export class AwsError extends Error {
  constructor(
    /** Exception shape name, e.g. `ResourceNotFoundException`. */
    readonly type: string,
    message: string,
    /** HTTP status code. Default 400. */
    readonly status: number = 400,
    /** Modelled members of the exception shape, copied into the JSON body. Default none. */
    readonly members: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = type;
  }

  /** The JSON body: `__type`, `message`, `Message` (SMS Voice v2 models it capitalised) and members. */
  body(): Record<string, unknown> {
    return { __type: this.type, message: this.message, Message: this.message, ...this.members };
  }
}

/** `ValidationException` with an SMS Voice v2 `Reason`. Default reason `FIELD_VALIDATION_FAILED`. */
export function validationError(message: string, reason = "FIELD_VALIDATION_FAILED"): AwsError {
  return new AwsError("ValidationException", message, 400, { Reason: reason });
}

/** `ResourceNotFoundException` naming the resource type and id, as SMS Voice v2 does. */
export function notFoundError(resourceType: string, resourceId: string): AwsError {
  return new AwsError(
    "ResourceNotFoundException",
    `The specified ${resourceType} ${resourceId} was not found.`,
    400,
    { ResourceType: resourceType, ResourceId: resourceId },
  );
}

/** `ConflictException` with an SMS Voice v2 `Reason`, resource type and id. */
export function conflictError(
  reason: string,
  resourceType: string,
  resourceId: string,
  message: string,
): AwsError {
  return new AwsError("ConflictException", message, 400, {
    Reason: reason,
    ResourceType: resourceType,
    ResourceId: resourceId,
  });
}

/** `ThrottlingException` (HTTP 400), which the SDK classifies as a throttling error and retries. */
export function throttlingError(message = "Rate exceeded"): AwsError {
  return new AwsError("ThrottlingException", message);
}

/** `UnknownOperationException` (HTTP 400), AWS's answer to a target it does not serve. */
export function unknownOperationError(target: string): AwsError {
  return new AwsError("UnknownOperationException", `Operation ${target} is not supported.`);
}

/** The SigV4 credential scope: `Credential=<akid>/<yyyymmdd>/<region>/<service>/aws4_request`. */
export interface CredentialScope {
  readonly accessKeyId: string;
  readonly date: string;
  readonly region: string;
  readonly service: string;
}

const CREDENTIAL_SCOPE = /Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/;

/** Reads the credential scope from an `Authorization` header; `undefined` when absent or malformed. */
export function parseCredentialScope(
  authorization: string | undefined,
): CredentialScope | undefined {
  const match = authorization ? CREDENTIAL_SCOPE.exec(authorization) : null;
  if (!match) return undefined;
  const [, accessKeyId, date, region, service] = match;
  return { accessKeyId, date, region, service };
}

/** A decoded JSON request body. */
export type JsonObject = Record<string, unknown>;

/** Epoch milliseconds → the epoch-seconds number the JSON protocols use for timestamps. */
export function epochSeconds(ms: number): number {
  return ms / 1000;
}

/** Epoch-seconds number (as the SDK serialises a `Date`) → epoch milliseconds. */
export function fromEpochSeconds(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw validationError(
      `Value at '${field}' failed to satisfy constraint: Member must be a timestamp`,
    );
  }
  return Math.round(value * 1000);
}

/** Lower-cases the first letter, as AWS names members in validation messages (`optOutListName`). */
function memberPath(field: string): string {
  return field.charAt(0).toLowerCase() + field.slice(1);
}

/** A required string member; a missing one answers AWS's "must not be null" ValidationException. */
export function requiredString(input: JsonObject, field: string): string {
  const value = input[field];
  if (value === undefined || value === null) {
    throw validationError(
      `1 validation error detected: Value null at '${memberPath(field)}' failed to satisfy constraint: Member must not be null`,
      "MISSING_PARAMETER",
    );
  }
  if (typeof value !== "string") {
    throw validationError(`Value at '${memberPath(field)}' must be a string`, "CANNOT_PARSE");
  }
  return value;
}

/** An optional string member. */
export function optionalString(input: JsonObject, field: string): string | undefined {
  return input[field] === undefined || input[field] === null
    ? undefined
    : requiredString(input, field);
}

/** An optional boolean member. */
export function optionalBoolean(input: JsonObject, field: string): boolean | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") {
    throw validationError(`Value at '${memberPath(field)}' must be a boolean`, "CANNOT_PARSE");
  }
  return value;
}

/** An optional integer member. */
export function optionalInteger(input: JsonObject, field: string): number | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw validationError(`Value at '${memberPath(field)}' must be an integer`, "CANNOT_PARSE");
  }
  return value;
}

/** A required integer member. */
export function requiredInteger(input: JsonObject, field: string): number {
  const value = optionalInteger(input, field);
  if (value === undefined) {
    throw validationError(
      `1 validation error detected: Value null at '${memberPath(field)}' failed to satisfy constraint: Member must not be null`,
      "MISSING_PARAMETER",
    );
  }
  return value;
}

/** An optional list of strings. */
export function optionalStringList(input: JsonObject, field: string): string[] | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
    throw validationError(
      `Value at '${memberPath(field)}' must be a list of strings`,
      "CANNOT_PARSE",
    );
  }
  return value as string[];
}

/** An optional list of structures. */
export function optionalObjectList(input: JsonObject, field: string): JsonObject[] | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== "object" || item === null)) {
    throw validationError(
      `Value at '${memberPath(field)}' must be a list of structures`,
      "CANNOT_PARSE",
    );
  }
  return value as JsonObject[];
}

/** Checks a string member against a model pattern, answering AWS's wording when it fails. */
export function requirePattern(value: string, field: string, pattern: RegExp): void {
  if (!pattern.test(value)) {
    // Coral-style services echo the rejected value; callers must not log these messages blindly.
    throw validationError(
      `1 validation error detected: Value '${value}' at '${memberPath(field)}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${pattern.source}`,
    );
  }
}
