/**
 * Checks a JSON value against an operation's input or output shape as the installed AWS SDK
 * v3 client describes it (its static Smithy schemas, e.g. `PutItem$` exported by
 * `@aws-sdk/client-dynamodb`). The endpoint uses it on every request and answer of the
 * services it checks, so a handler that answers a shape the SDK would not send or expect
 * fails loudly instead of passing a test by accident.
 *
 * Static schema encoding (Smithy's `@smithy/core/schema`): simple types are numbers
 * (0 string, 1 numeric, 2 boolean, 4 timestamp, 21 blob, 15 document, `64 | t` a list of
 * `t`, `128 | t` a map of `t`); aggregates are arrays `[kind, namespace, name, traits, …]`
 * with kind 1 list, 2 map, 3 structure, 4 union, 9 operation, -3 error; members may be
 * lazy (`() => schema`).
 */

/** A static schema as the SDK exports it (opaque beyond the encoding above). */
export type StaticSchema = unknown;

const LIST = 64;
const MAP = 128;

function resolve(schema: StaticSchema): StaticSchema {
  return typeof schema === "function" ? (schema as () => StaticSchema)() : schema;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : `${typeof value} ${JSON.stringify(value)}`;
}

function checkSimple(code: number, value: unknown, path: string, problems: string[]): void {
  if (code & LIST) {
    if (!Array.isArray(value))
      return void problems.push(`${path}: expected a list, got ${describe(value)}`);
    value.forEach((item, i) => checkSimple(code & ~LIST, item, `${path}[${i}]`, problems));
    return;
  }
  if (code & MAP) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      return void problems.push(`${path}: expected a map, got ${describe(value)}`);
    }
    for (const [key, item] of Object.entries(value)) {
      checkSimple(code & ~MAP, item, `${path}.${key}`, problems);
    }
    return;
  }
  const ok =
    code === 0
      ? typeof value === "string"
      : code === 1 || code === 4
        ? typeof value === "number" && Number.isFinite(value)
        : code === 2
          ? typeof value === "boolean"
          : code === 21
            ? typeof value === "string"
            : true; // documents and anything newer: not checked
  if (!ok)
    problems.push(
      `${path}: expected ${["string", "number", "boolean"][code] ?? `type ${code}`}, got ${describe(value)}`,
    );
}

function check(schemaRef: StaticSchema, value: unknown, path: string, problems: string[]): void {
  const schema = resolve(schemaRef);
  if (typeof schema === "number") return checkSimple(schema, value, path, problems);
  if (!Array.isArray(schema)) return; // unknown encoding: accept rather than guess
  const kind = schema[0] as number;
  if (kind === 1) {
    if (!Array.isArray(value))
      return void problems.push(`${path}: expected a list, got ${describe(value)}`);
    value.forEach((item, i) => check(schema[4], item, `${path}[${i}]`, problems));
    return;
  }
  if (kind === 2) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      return void problems.push(`${path}: expected a map, got ${describe(value)}`);
    }
    for (const [key, item] of Object.entries(value))
      check(schema[5], item, `${path}.${key}`, problems);
    return;
  }
  if (kind === 3 || kind === 4 || kind === -3) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      return void problems.push(`${path}: expected a structure, got ${describe(value)}`);
    }
    const names = schema[4] as string[];
    const members = schema[5] as StaticSchema[];
    const required = kind === 3 ? ((schema[6] as number | undefined) ?? 0) : 0;
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (record[key] === undefined || record[key] === null) continue;
      const index = names.indexOf(key);
      if (index < 0) {
        // Error bodies carry protocol members (`__type`, `message`) beside the modelled ones.
        if (kind === -3 || key === "__type") continue;
        problems.push(`${path}.${key}: not a member of ${String(schema[2])}`);
        continue;
      }
      check(members[index], record[key], `${path}.${key}`, problems);
    }
    for (const name of names.slice(0, required)) {
      if (record[name] === undefined || record[name] === null) {
        problems.push(`${path}.${name}: required by ${String(schema[2])} but missing`);
      }
    }
    if (kind === 4) {
      const set = Object.keys(record).filter((k) => record[k] !== undefined && record[k] !== null);
      if (set.length !== 1) {
        problems.push(
          `${path}: a ${String(schema[2])} union must set exactly one member, got ${set.length} (${set.join(", ")})`,
        );
      }
    }
  }
}

/**
 * Problems of `value` against `schema` (an operation's input or output structure), each as
 * `<path>: <what>`; empty when it conforms.
 */
export function shapeProblems(schema: StaticSchema, value: unknown, root = "$"): string[] {
  const problems: string[] = [];
  check(schema, value, root, problems);
  return problems;
}

/** The input and output structures of an operation schema (`[9, ns, name, traits, input, output]`). */
export function operationShapes(operation: StaticSchema): {
  input: StaticSchema;
  output: StaticSchema;
} {
  const schema = resolve(operation);
  if (!Array.isArray(schema) || schema[0] !== 9) {
    throw new Error("not an operation schema; pass e.g. PutItem$ from @aws-sdk/client-dynamodb");
  }
  return { input: schema[4], output: schema[5] };
}
