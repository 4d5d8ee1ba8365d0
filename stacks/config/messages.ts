/**
 * Turns the schema's findings into problems a person can act on: each names the field (its
 * path), says what was found and what is expected, and gives an example. Zod's own wording
 * ("Invalid input: expected string, received undefined") never reaches the user: the
 * schema is parsed with an error map that marks every message zod would have invented, and
 * {@link explainIssue} writes those from the issue's details and the schema itself (which
 * field it is, its allowed values or keys, the example in its metadata).
 */
import { closest, distance } from "fastest-levenshtein";
import { z } from "zod";
import type { ConfigIssue } from "./issues";
import { describeValue, oneOf, quote, quoteName } from "./text";

/** Prefix of the messages zod would have invented (see {@link GENERIC_ERROR_MAP}). */
const GENERIC = "\u0000generic:";

/** Error map for `safeParse`: marks the issues that carry no message of the schema's own. */
export const GENERIC_ERROR_MAP = (issue: { code?: string }): string => `${GENERIC}${issue.code}`;

type Schema = z.core.$ZodType;
type Def = { type: string } & Record<string, unknown>;
const defOf = (schema: Schema): Def => schema._zod.def as unknown as Def;

/** Wrappers that do not change what a field holds. */
const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "readonly", "catch"]);

/** The example in a schema's metadata (or a wrapper's), if any. */
function exampleOf(schema: Schema | undefined): string | undefined {
  let current = schema;
  while (current) {
    const meta = z.globalRegistry.get(current) as { example?: unknown } | undefined;
    if (typeof meta?.example === "string") return meta.example;
    const def = defOf(current);
    if (WRAPPERS.has(def.type)) current = def.innerType as Schema;
    else if (def.type === "pipe") current = def.in as Schema;
    else return undefined;
  }
  return undefined;
}

/** The schema itself, without optional/default wrappers. */
function unwrap(schema: Schema): Schema {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    if (WRAPPERS.has(def.type)) current = def.innerType as Schema;
    else if (def.type === "pipe") current = def.in as Schema;
    else return current;
  }
}

/** Values a literal or enum schema allows, or undefined for other schemas. */
function allowedValues(schema: Schema): string[] | undefined {
  const def = defOf(unwrap(schema));
  if (def.type === "enum") return Object.values(def.entries as Record<string, string>);
  if (def.type === "literal") return (def.values as unknown[]).map(String);
  return undefined;
}

/** For a discriminated union and the raw object, the option the object's discriminator picks. */
function pickOption(union: Def, raw: unknown): Schema | undefined {
  const discriminator = union.discriminator as string | undefined;
  const options = union.options as Schema[];
  if (!discriminator) return undefined;
  const tag =
    raw && typeof raw === "object" ? (raw as Record<string, unknown>)[discriminator] : undefined;
  return options.find((option) => {
    const shape = defOf(unwrap(option)).shape as Record<string, Schema> | undefined;
    const values = shape?.[discriminator] ? allowedValues(shape[discriminator]) : undefined;
    return values?.includes(String(tag));
  });
}

/** The schema of one step into `schema`, given the raw value it validates. */
function childOf(schema: Schema, step: PropertyKey, raw: unknown): Schema | undefined {
  const inner = unwrap(schema);
  const def = defOf(inner);
  switch (def.type) {
    case "object": {
      const shape = def.shape as Record<string, Schema>;
      return Object.hasOwn(shape, String(step)) ? shape[String(step)] : undefined;
    }
    case "record":
      return def.valueType as Schema;
    case "array":
      return def.element as Schema;
    case "union": {
      const picked = pickOption(def, raw);
      return picked ? childOf(picked, step, raw) : undefined;
    }
    default:
      return undefined;
  }
}

/** Walks `path` from the root schema and value. */
function locate(
  root: Schema,
  rawRoot: unknown,
  path: readonly PropertyKey[],
): { schema?: Schema; raw: unknown } {
  let schema: Schema | undefined = root;
  let raw = rawRoot;
  for (const step of path) {
    if (!schema) return { raw: undefined };
    const next = childOf(schema, step, raw);
    raw =
      raw && typeof raw === "object" && Object.hasOwn(raw, step)
        ? (raw as Record<PropertyKey, unknown>)[step]
        : undefined;
    schema = next;
  }
  return { schema, raw };
}

/** True when the entry at `path` is a value of a record (a name the user chose), not a field. */
function parentIsRecord(root: Schema, raw: unknown, path: readonly PropertyKey[]): boolean {
  const parent = locate(root, raw, path.slice(0, -1)).schema;
  return parent !== undefined && defOf(unwrap(parent)).type === "record";
}

/** Keys an object schema accepts (after picking a union's option by the raw value). */
function allowedKeys(schema: Schema | undefined, raw: unknown): string[] {
  if (!schema) return [];
  const inner = unwrap(schema);
  const def = defOf(inner);
  if (def.type === "object") return Object.keys(def.shape as object);
  if (def.type === "union") {
    const picked = pickOption(def, raw);
    return picked ? allowedKeys(picked, raw) : [];
  }
  return [];
}

/** The nearest of `candidates` to `word`, when it is close enough to be a likely typo. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0 || word.length > 100) return undefined;
  const lower = candidates.find((c) => c.toLowerCase() === word.toLowerCase());
  if (lower) return lower;
  const best = closest(word, candidates);
  return distance(word, best) <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

/** Words for what a schema holds, e.g. "one of TRANSACTIONAL or PROMOTIONAL". */
function expectedOf(schema: Schema | undefined, fallback: string): string {
  if (!schema) return fallback;
  const values = allowedValues(schema);
  if (values) return `one of ${oneOf(values)}`;
  switch (defOf(unwrap(schema)).type) {
    case "string":
      return "a text value";
    case "number":
      return "a number";
    case "boolean":
      return "true or false";
    case "array":
      return "a list";
    case "record":
      return "a mapping of names to entries";
    case "object":
      return "a mapping of keys to values";
    case "union": {
      const def = defOf(unwrap(schema));
      const discriminator = def.discriminator as string | undefined;
      if (!discriminator) return fallback;
      const tags = (def.options as Schema[]).flatMap((option) => {
        const shape = defOf(unwrap(option)).shape as Record<string, Schema> | undefined;
        return (shape?.[discriminator] && allowedValues(shape[discriminator])) || [];
      });
      return `a mapping with ${discriminator}: ${oneOf(tags)}`;
    }
    default:
      return fallback;
  }
}

/** An example for a field: its metadata's, else the first allowed value, else by type. */
function exampleFor(schema: Schema | undefined): string | undefined {
  if (!schema) return undefined;
  const own = exampleOf(schema);
  if (own) return own;
  const values = allowedValues(schema);
  if (values) return values[0];
  const def = defOf(unwrap(schema));
  if (def.type === "boolean") return "true";
  if (def.type === "array") {
    const element = def.element as Schema;
    const inner = exampleFor(element);
    return inner ? `[${inner}]` : undefined;
  }
  return undefined;
}

const withExample = (text: string, example: string | undefined): string =>
  example ? `${text}, e.g. ${example}` : text;

/** The name of the field a path ends in, for messages ("account", "countries[2]"). */
function fieldName(path: readonly PropertyKey[]): string {
  const last = path[path.length - 1];
  if (typeof last === "number") {
    const owner = path[path.length - 2];
    return `${owner === undefined ? "" : quoteName(String(owner))}[${last}]`;
  }
  return last === undefined ? "messaging:estate" : quoteName(String(last));
}

/** A hint for a scalar YAML typed differently from what the field expects. */
function yamlHint(
  path: readonly PropertyKey[],
  input: unknown,
  expected: string,
): string | undefined {
  if (expected !== "string") return undefined;
  const last = path[path.length - 1];
  // A list item is quoted on its own; a mapping entry is quoted after its key.
  const field = typeof last === "number" ? "" : `${fieldName(path)}: `;
  if (typeof input === "number") {
    // Only what someone meant as text looks like this: an id, a code, a string of digits.
    if (!Number.isSafeInteger(input) || input < 0) return undefined;
    const leadingZeros = /account/i.test(String(path[path.length - 1]))
      ? " (and drops an account id's leading zeros)"
      : "";
    return `YAML read this unquoted value as ${describeValue(input)}${leadingZeros}; quote it: ${field}"${input}"`;
  }
  if (typeof input === "boolean") {
    return `YAML read this unquoted value as ${input}; quote it: ${field}"${input}"`;
  }
  return undefined;
}

/** Appends what was found, unless the message already shows it. */
function withFound(message: string, input: unknown, code?: string): string {
  if (Array.isArray(input)) {
    return code === "too_big" || code === "too_small"
      ? `${message}; this lists ${input.length}`
      : message;
  }
  if (input === undefined || (typeof input === "object" && input !== null)) return message;
  if (
    typeof input === "string" &&
    (message.includes(quote(input)) ||
      (input.length > 0 && input.length <= 80 && message.includes(input)))
  ) {
    return message;
  }
  return `${message}; found ${describeValue(input)}`;
}

/** A zod issue (parsed with {@link GENERIC_ERROR_MAP} and `reportInput`). */
type Issue = z.core.$ZodIssue & { input?: unknown };

/**
 * The problems one zod issue stands for, in the user's terms.
 *
 * @param issue - from `estateSchema.safeParse(value, { error: GENERIC_ERROR_MAP, reportInput: true })`; no default.
 * @param root - the schema that was parsed; no default.
 * @param raw - the value that was parsed; no default.
 */
export function explainIssue(issue: Issue, root: Schema, raw: unknown): ConfigIssue[] {
  const path = issue.path.map((part) => (typeof part === "symbol" ? String(part) : part));
  const generic = issue.message.startsWith(GENERIC);
  const { schema } = locate(root, raw, path);
  const input = issue.input;

  switch (issue.code) {
    case "unrecognized_keys": {
      const parent = locate(root, raw, path);
      const allowed = allowedKeys(parent.schema, parent.raw);
      return issue.keys.map((key) => {
        const guess = nearest(key, allowed);
        return {
          path: [...path, key],
          message:
            (guess ? `unknown key; did you mean ${guess}?` : "unknown key") +
            (allowed.length
              ? `${guess ? " The" : "; the"} keys allowed here are ${oneOf(allowed, "and")}`
              : ""),
        };
      });
    }
    case "invalid_key": {
      const inner = issue.issues[0];
      const text = inner && !inner.message.startsWith(GENERIC) ? inner.message : "invalid name";
      return [{ path, message: withFound(text, input) }];
    }
    default:
      break;
  }
  if (!generic) return [{ path, message: withFound(issue.message, input, issue.code) }];

  const example = exampleFor(schema);
  switch (issue.code) {
    case "invalid_type": {
      const article = /^[aeiou]/.test(issue.expected) ? "an" : "a";
      const expected = expectedOf(schema, `${article} ${issue.expected}`);
      if (input === undefined) {
        const entry = typeof path[path.length - 1] === "number" || parentIsRecord(root, raw, path);
        return [
          {
            path,
            message: withExample(
              entry
                ? `has no value; expected ${expected}`
                : `missing: ${fieldName(path)} is required (${expected})`,
              example,
            ),
          },
        ];
      }
      if (input === null) {
        return [
          {
            path,
            message: withExample(
              `is empty (YAML reads a key with nothing after it as null); expected ${expected}`,
              example,
            ),
          },
        ];
      }
      const hint = yamlHint(path, input, issue.expected);
      return [
        {
          path,
          message:
            hint ?? withExample(`expected ${expected}, found ${describeValue(input)}`, example),
        },
      ];
    }
    case "invalid_value": {
      const values = issue.values.map(String);
      if (input === undefined) {
        return [
          {
            path,
            message: withExample(
              `missing: ${fieldName(path)} is required (${values.length === 1 ? values[0] : `one of ${oneOf(values)}`})`,
              example,
            ),
          },
        ];
      }
      const guess = typeof input === "string" ? nearest(input, values) : undefined;
      return [
        {
          path,
          message:
            `expected ${values.length === 1 ? values[0] : `one of ${oneOf(values)}`}, found ${describeValue(input)}` +
            (guess ? `; did you mean ${guess}?` : ""),
        },
      ];
    }
    case "invalid_union": {
      const details = issue as unknown as { discriminator?: string; options?: unknown[] };
      if (details.discriminator) {
        const options = (details.options ?? []).map(String);
        const found =
          input && typeof input === "object"
            ? (input as Record<string, unknown>)[details.discriminator]
            : undefined;
        const guess = typeof found === "string" ? nearest(found, options) : undefined;
        return [
          {
            path,
            message:
              `expected one of ${oneOf(options)}, found ${describeValue(found)}` +
              (guess ? `; did you mean ${guess}?` : ""),
          },
        ];
      }
      return [
        {
          path,
          message: withExample(`${describeValue(input)} is not accepted here`, example),
        },
      ];
    }
    case "too_small":
    case "too_big": {
      const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
      const word = issue.code === "too_small" ? "at least" : "at most";
      const unit =
        issue.origin === "string"
          ? " characters"
          : issue.origin === "array" || issue.origin === "set"
            ? " items"
            : "";
      const size =
        typeof input === "string" || Array.isArray(input) ? ` (this has ${input.length})` : "";
      return [
        {
          path,
          message: withExample(
            `expected ${word} ${String(bound)}${unit}${size}${issue.origin === "number" || issue.origin === "int" ? `, found ${describeValue(input)}` : ""}`,
            example,
          ),
        },
      ];
    }
    case "invalid_format": {
      const formats: Record<string, string> = {
        date: 'an ISO date, e.g. "2027-01-31"',
        datetime: 'an ISO date-time with a time zone, e.g. "2027-01-31T18:00:00Z"',
        email: "an email address, e.g. receipts@transactional.example.com",
        ipv4: "an IPv4 address, e.g. 198.51.100.7",
      };
      const expected = formats[issue.format] ?? `the ${issue.format} format`;
      return [{ path, message: `expected ${expected}, found ${describeValue(input)}` }];
    }
    case "not_multiple_of":
      return [
        {
          path,
          message: `expected a multiple of ${String(issue.divisor)}, found ${describeValue(input)}`,
        },
      ];
    default:
      return [
        {
          path,
          message: withExample(
            `${describeValue(input)} is not accepted here; expected ${expectedOf(schema, "another value")}`,
            example,
          ),
        },
      ];
  }
}

/** True when a message was invented by zod rather than written by the schema. */
export function isGenericMessage(message: string): boolean {
  return message.startsWith(GENERIC);
}
