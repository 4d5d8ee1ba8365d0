/**
 * Checks request and answer bodies against the shapes the AWS SDK itself was generated from
 * (the static schemas each `@aws-sdk/client-*` package exports as `<Operation>$`), so the
 * endpoint's handlers are held to an oracle they did not write: a member name the SDK does
 * not know, a missing required member or a value of the wrong type is reported with its path.
 *
 * Only what the static schemas carry is checked: member names, required members (a
 * structure's first `n` members, `n` being its last element) and value types. Length and
 * pattern constraints are not in them; handlers check those themselves.
 */
import { NormalizedSchema } from "@smithy/core/schema";

/** The input and output schema references of one operation, as the SDK exports them. */
export interface OperationShapes {
  readonly input: unknown;
  readonly output: unknown;
}

/**
 * The shapes of `operation` in an SDK client module, or undefined when the module has none.
 *
 * @param sdk the client module, e.g. `import * as sdk from "@aws-sdk/client-ssm"`
 */
export function operationShapes(
  sdk: Readonly<Record<string, unknown>>,
  operation: string,
): OperationShapes | undefined {
  const schema = sdk[`${operation}$`];
  // Operation schemas are [9, namespace, name, traits, input, output].
  if (!Array.isArray(schema) || schema[0] !== 9) return undefined;
  return { input: schema[4], output: schema[5] };
}

type Ref = Parameters<typeof NormalizedSchema.of>[0];

/** One way a value departs from its shape. */
export interface ShapeProblem {
  /** Member names and list indexes from the top of the body, e.g. `["PhoneNumbers", 0, "Status"]`. */
  readonly path: readonly (string | number)[];
  /** `missing`: a required member is absent; `unknown`: no such member; `type`: wrong kind of value. */
  readonly kind: "missing" | "unknown" | "type";
  /** For `type`: what was expected (`string`, `number`, `boolean`, `list`, `map`, `structure`). */
  readonly expected?: string;
}

/** `$.PhoneNumbers[0].Status: …`, for answers (a bug in the endpoint). */
export function describeProblem(problem: ShapeProblem): string {
  const path = problem.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("");
  const what =
    problem.kind === "missing"
      ? "required member missing"
      : problem.kind === "unknown"
        ? "not a member of the SDK's shape"
        : `expected a ${problem.expected}`;
  return `$${path}: ${what}`;
}

/**
 * A request problem in AWS's validation wording (`Value null at 'optOutListName' failed to
 * satisfy constraint: Member must not be null`), member names lower-camel as AWS writes them.
 */
export function validationWording(problem: ShapeProblem): string {
  const path = problem.path
    .map((p) =>
      typeof p === "number" ? `.${p + 1}.member` : p.charAt(0).toLowerCase() + p.slice(1),
    )
    .join(".")
    .replace(/\.\./g, ".");
  if (problem.kind === "missing") {
    return `Value null at '${path}' failed to satisfy constraint: Member must not be null`;
  }
  if (problem.kind === "unknown") return `'${path}' is not a member of the request`;
  return `Value at '${path}' failed to satisfy constraint: Member must be a ${problem.expected}`;
}

/** Every way `value` departs from `shape`; empty when it conforms. */
export function shapeProblems(
  shape: unknown,
  value: unknown,
  path: readonly (string | number)[] = [],
): ShapeProblem[] {
  const schema = NormalizedSchema.of(shape as Ref);
  if (value === undefined || value === null) return [];
  const wrong = (expected: string): ShapeProblem[] => [{ path, kind: "type", expected }];
  if (schema.isStructSchema()) {
    if (typeof value !== "object" || Array.isArray(value)) return wrong("structure");
    const members = schema.getMemberSchemas();
    const problems: ShapeProblem[] = [];
    const raw = schema.getSchema() as unknown as unknown[];
    const names = (Array.isArray(raw) && Array.isArray(raw[4]) ? raw[4] : []) as string[];
    const required = Array.isArray(raw) && typeof raw[6] === "number" ? raw[6] : 0;
    const record = value as Record<string, unknown>;
    for (const name of names.slice(0, required)) {
      if (record[name] === undefined || record[name] === null) {
        problems.push({ path: [...path, name], kind: "missing" });
      }
    }
    for (const [name, member] of Object.entries(record)) {
      if (member === undefined) continue;
      if (!(name in members)) {
        problems.push({ path: [...path, name], kind: "unknown" });
        continue;
      }
      problems.push(...shapeProblems(members[name], member, [...path, name]));
    }
    return problems;
  }
  if (schema.isListSchema()) {
    if (!Array.isArray(value)) return wrong("list");
    const item = schema.getValueSchema();
    return value.flatMap((entry, index) => shapeProblems(item, entry, [...path, index]));
  }
  if (schema.isMapSchema()) {
    if (typeof value !== "object" || Array.isArray(value)) return wrong("map");
    const item = schema.getValueSchema();
    return Object.entries(value as Record<string, unknown>).flatMap(([key, entry]) =>
      shapeProblems(item, entry, [...path, key]),
    );
  }
  // Timestamps travel as epoch seconds in the JSON protocols.
  if (schema.isTimestampSchema() || schema.isNumericSchema()) {
    return typeof value === "number" && Number.isFinite(value) ? [] : wrong("number");
  }
  if (schema.isBooleanSchema()) return typeof value === "boolean" ? [] : wrong("boolean");
  if (schema.isStringSchema()) return typeof value === "string" ? [] : wrong("string");
  return [];
}
