/**
 * SSM Parameter Store (`AmazonSSM.*`, JSON 1.1, signing name `ssm`) operations the endpoint
 * serves: versioned parameters with Overwrite semantics, version selectors and path queries.
 */
import * as sdk from "@aws-sdk/client-ssm";
import { paginate } from "./pagination";
import {
  AwsError,
  epochSeconds,
  type JsonObject,
  optionalBoolean,
  optionalObjectList,
  optionalString,
  optionalStringList,
  requiredString,
  requirePattern,
} from "./protocol";
import type { OperationContext, OperationHandler, ServiceDefinition } from "./service";
import { operationShapes } from "./shapes";
import type { ParameterRecord, ParameterVersionRecord, RegionState } from "./state";

const PARAMETER_NAME = /^[a-zA-Z0-9_.\-/]+$/;
const PARAMETER_TYPES = ["String", "StringList", "SecureString"];

/** SSM's own validation error has no `Reason` member. */
function ssmValidation(message: string): AwsError {
  return new AwsError("ValidationException", message);
}

function parameterNotFound(name: string): AwsError {
  return new AwsError("ParameterNotFound", `Parameter ${name} not found.`);
}

/** Splits `name:selector`; only numeric version selectors are supported (labels are not modelled). */
function parseSelector(raw: string): { name: string; version?: number } {
  const colon = raw.lastIndexOf(":");
  if (colon <= 0) return { name: raw };
  const selector = raw.slice(colon + 1);
  if (!/^[0-9]+$/.test(selector)) {
    throw ssmValidation(`Parameter labels are not supported by the local endpoint: ${selector}`);
  }
  return { name: raw.slice(0, colon), version: Number(selector) };
}

/** The version a (possibly selected) name refers to, or a not-found error. */
function resolve(
  state: RegionState,
  raw: string,
): { record: ParameterRecord; version: ParameterVersionRecord; selector?: string } {
  const { name, version } = parseSelector(raw);
  const record = state.parameters.get(name);
  if (!record) throw parameterNotFound(name);
  if (version === undefined) return { record, version: record.history[record.history.length - 1] };
  const selected = record.history.find((entry) => entry.version === version);
  if (!selected) {
    throw new AwsError(
      "ParameterVersionNotFound",
      `Version ${version} of parameter ${name} was not found.`,
    );
  }
  return { record, version: selected, selector: `:${version}` };
}

/**
 * The `Parameter` output shape. A SecureString read without `WithDecryption` returns an opaque
 * stand-in for KMS ciphertext (base64 of the value), so tests can tell the two apart.
 */
function parameterInfo(
  record: ParameterRecord,
  version: ParameterVersionRecord,
  withDecryption: boolean,
  selector?: string,
): JsonObject {
  const hidden = version.type === "SecureString" && !withDecryption;
  return {
    Name: record.name,
    Type: version.type,
    Value: hidden ? Buffer.from(version.value, "utf8").toString("base64") : version.value,
    Version: version.version,
    Selector: selector,
    LastModifiedDate: epochSeconds(version.modifiedAt),
    ARN: record.arn,
    DataType: record.dataType,
  };
}

function putParameter({ regionState, state }: OperationContext, input: JsonObject): JsonObject {
  const name = requiredString(input, "Name");
  requirePattern(name, "Name", PARAMETER_NAME);
  if (name.includes("/") && !name.startsWith("/")) {
    throw ssmValidation(`Parameter name must be a fully qualified name (begin with '/'): ${name}`);
  }
  const value = requiredString(input, "Value");
  if (value.length === 0) {
    throw ssmValidation(
      "1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  }
  const type = optionalString(input, "Type");
  if (type !== undefined && !PARAMETER_TYPES.includes(type)) {
    throw ssmValidation(
      `1 validation error detected: Value '${type}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [${PARAMETER_TYPES.join(", ")}]`,
    );
  }
  const existing = regionState.parameters.get(name);
  if (existing && optionalBoolean(input, "Overwrite") !== true) {
    throw new AwsError(
      "ParameterAlreadyExists",
      "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.",
    );
  }
  const current = existing?.history[existing.history.length - 1];
  const record = state.putParameter(regionState, name, value, type ?? current?.type ?? "String", {
    dataType: optionalString(input, "DataType"),
    description: optionalString(input, "Description"),
  });
  return { Version: record.history.length, Tier: "Standard" };
}

function getParameter({ regionState }: OperationContext, input: JsonObject): JsonObject {
  const { record, version, selector } = resolve(regionState, requiredString(input, "Name"));
  return {
    Parameter: parameterInfo(
      record,
      version,
      optionalBoolean(input, "WithDecryption") ?? false,
      selector,
    ),
  };
}

function getParameters({ regionState }: OperationContext, input: JsonObject): JsonObject {
  const names = optionalStringList(input, "Names") ?? [];
  if (names.length < 1 || names.length > 10) {
    throw ssmValidation(
      "1 validation error detected: Value at 'names' failed to satisfy constraint: Member must have length between 1 and 10",
    );
  }
  const withDecryption = optionalBoolean(input, "WithDecryption") ?? false;
  const parameters: JsonObject[] = [];
  const invalid: string[] = [];
  for (const name of names) {
    try {
      const { record, version, selector } = resolve(regionState, name);
      parameters.push(parameterInfo(record, version, withDecryption, selector));
    } catch (error) {
      if (!(error instanceof AwsError) || error.type === "ValidationException") throw error;
      invalid.push(name);
    }
  }
  return { Parameters: parameters, InvalidParameters: invalid };
}

function getParametersByPath({ regionState }: OperationContext, input: JsonObject): JsonObject {
  const path = requiredString(input, "Path");
  if (!path.startsWith("/")) throw ssmValidation(`The parameter path must begin with '/': ${path}`);
  if (optionalObjectList(input, "ParameterFilters")?.length) {
    throw ssmValidation("ParameterFilters are not supported by the local endpoint.");
  }
  const prefix = path.endsWith("/") ? path : `${path}/`;
  const recursive = optionalBoolean(input, "Recursive") ?? false;
  const matches = [...regionState.parameters.values()]
    .filter(
      (p) => p.name.startsWith(prefix) && (recursive || !p.name.slice(prefix.length).includes("/")),
    )
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const page = paginate(matches, (p) => p.name, input, {
    operation: "GetParametersByPath",
    maxPageSize: 10,
    invalidToken: () => new AwsError("InvalidNextToken", "The specified token is not valid."),
  });
  const withDecryption = optionalBoolean(input, "WithDecryption") ?? false;
  return {
    Parameters: page.items.map((p) =>
      parameterInfo(p, p.history[p.history.length - 1], withDecryption),
    ),
    NextToken: page.nextToken,
  };
}

function deleteParameter({ regionState }: OperationContext, input: JsonObject): JsonObject {
  const name = requiredString(input, "Name");
  if (!regionState.parameters.delete(name)) throw parameterNotFound(name);
  return {};
}

const operations: Record<string, OperationHandler> = {
  PutParameter: putParameter,
  GetParameter: getParameter,
  GetParameters: getParameters,
  GetParametersByPath: getParametersByPath,
  DeleteParameter: deleteParameter,
};

/** SSM Parameter Store as the endpoint speaks it. */
export const ssmService: ServiceDefinition = {
  targetPrefix: "AmazonSSM",
  signingName: "ssm",
  internalErrorType: "InternalServerError",
  operations,
  shapes: (operation) => operationShapes(sdk, operation),
};
