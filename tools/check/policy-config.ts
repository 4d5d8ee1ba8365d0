/**
 * Policy pack configuration the way the Pulumi CLI handles `--policy-pack-config`: parse
 * the file (`{ "<policy>": "<level>" | { "enforcementLevel"?: ..., "<prop>": ... }, "all": ... }`),
 * fill every policy's config with its schema defaults, apply the file on top, validate the
 * result against each schema, and hand the analyzer the complete map. Mirrors
 * `pkg/resource/analyzer/config.go` (ReconcilePolicyPackConfig): the pack's own SDK does
 * not fill defaults, so this step is what makes `configSchema` defaults real.
 */
import * as fs from "node:fs";
import { own, setOwn } from "../../lib/own";

export const ENFORCEMENT_LEVELS = ["advisory", "mandatory", "remediate", "disabled"] as const;
export type EnforcementLevelName = (typeof ENFORCEMENT_LEVELS)[number];

/** A JSON schema, as far as policy config schemas use it. */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  items?: JsonSchema | boolean;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  properties?: Record<string, JsonSchema | boolean>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  default?: unknown;
  description?: string;
}

/** What the analyzer reports of one policy (`PolicyInfo`). */
export interface PolicyInfoLite {
  name: string;
  enforcementLevel: EnforcementLevelName;
  configSchema?: { properties: Record<string, JsonSchema>; required?: string[] };
}

/** One policy's entry in a config file, or the resolved config sent to the analyzer. */
export interface PolicyConfigEntry {
  enforcementLevel?: EnforcementLevelName;
  properties?: Record<string, unknown>;
}

/** A resolved entry: level always set. */
export interface ResolvedPolicyConfig {
  enforcementLevel: EnforcementLevelName;
  properties: Record<string, unknown>;
}

/** A config file that cannot be used; the message says why. */
export class PolicyConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PolicyConfigError";
  }
}

const isLevel = (value: unknown): value is EnforcementLevelName =>
  typeof value === "string" && (ENFORCEMENT_LEVELS as readonly string[]).includes(value);

/** Parses config text in the CLI's format. Empty text means no config. */
export function parsePolicyConfig(
  text: string,
  source = "policy config",
): Record<string, PolicyConfigEntry> {
  if (text.trim() === "") return {};
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new PolicyConfigError(`${source}: not valid JSON (${(error as Error).message})`);
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    throw new PolicyConfigError(`${source}: must be a JSON object keyed by policy name`);
  }
  const out: Record<string, PolicyConfigEntry> = {};
  for (const [policy, value] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof value === "string") {
      if (!isLevel(value)) {
        throw new PolicyConfigError(
          `${source}: "${policy}": "${value}" is not an enforcement level (${ENFORCEMENT_LEVELS.join(", ")})`,
        );
      }
      setOwn(out, policy, { enforcementLevel: value });
    } else if (value && typeof value === "object" && !Array.isArray(value)) {
      const { enforcementLevel, ...properties } = value as Record<string, unknown>;
      if (enforcementLevel !== undefined && !isLevel(enforcementLevel)) {
        throw new PolicyConfigError(
          `${source}: "${policy}".enforcementLevel: ${JSON.stringify(enforcementLevel)} is not an enforcement level (${ENFORCEMENT_LEVELS.join(", ")})`,
        );
      }
      const entry: PolicyConfigEntry = {};
      if (enforcementLevel !== undefined) entry.enforcementLevel = enforcementLevel;
      if (Object.keys(properties).length > 0) entry.properties = properties;
      if (entry.enforcementLevel || entry.properties) setOwn(out, policy, entry);
    } else {
      throw new PolicyConfigError(
        `${source}: "${policy}": must be an enforcement level or an object`,
      );
    }
  }
  return out;
}

/** Reads and parses a config file. */
export function readPolicyConfigFile(file: string): Record<string, PolicyConfigEntry> {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new PolicyConfigError(
      `cannot read policy config ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`,
    );
  }
  return parsePolicyConfig(text, file);
}

/** Each policy's config filled with its schema defaults and its own level. */
export function configWithDefaults(
  policies: readonly PolicyInfoLite[],
): Record<string, ResolvedPolicyConfig> {
  const result: Record<string, ResolvedPolicyConfig> = {};
  for (const policy of policies) {
    const properties: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
      if (schema.default !== undefined)
        properties[key] = JSON.parse(JSON.stringify(schema.default)) as unknown;
    }
    result[policy.name] = { enforcementLevel: policy.enforcementLevel, properties };
  }
  return result;
}

/** Applies entries on top of resolved config: `all` sets every level, then each policy's own entry. */
function applyConfig(
  result: Record<string, ResolvedPolicyConfig>,
  given: Record<string, PolicyConfigEntry>,
): void {
  const all = own(given, "all")?.enforcementLevel;
  if (all) for (const entry of Object.values(result)) entry.enforcementLevel = all;
  for (const [policy, entry] of Object.entries(given)) {
    // Names in the file are the user's: `constructor` is no policy, whatever `result` inherits.
    const target = own(result, policy);
    if (!target) continue;
    if (entry.enforcementLevel) target.enforcementLevel = entry.enforcementLevel;
    for (const [key, value] of Object.entries(entry.properties ?? {}))
      setOwn(target.properties, key, value);
  }
}

/** Result of {@link reconcilePolicyConfig}. */
export interface ReconciledConfig {
  config: Record<string, ResolvedPolicyConfig>;
  /** Schema violations, `<policy>: <path>: <problem>`; the CLI refuses to run with any. */
  errors: string[];
  /** Names in the file that match no policy (the CLI ignores them; so do we, with a warning). */
  unknownPolicies: string[];
  /** `<policy>.<property>` set in the file but absent from the policy's schema (likely typos). */
  unknownProperties: string[];
}

/**
 * Defaults, then the pack's initial config, then the user's file, then validation: what
 * the CLI sends in `Configure`.
 */
export function reconcilePolicyConfig(
  policies: readonly PolicyInfoLite[],
  given: Record<string, PolicyConfigEntry> = {},
  initial: Record<string, PolicyConfigEntry> = {},
): ReconciledConfig {
  const config = configWithDefaults(policies);
  applyConfig(config, initial);
  applyConfig(config, given);
  const errors: string[] = [];
  for (const policy of policies) {
    const schema: JsonSchema = {
      type: "object",
      properties: policy.configSchema?.properties ?? {},
      required: policy.configSchema?.required,
    };
    for (const problem of validateJson(schema, config[policy.name].properties, "")) {
      errors.push(`${policy.name}: ${problem}`);
    }
  }
  const names = new Set(policies.map((p) => p.name));
  const unknownPolicies = Object.keys(given).filter((name) => name !== "all" && !names.has(name));
  const unknownProperties: string[] = [];
  for (const policy of policies) {
    for (const key of Object.keys(own(given, policy.name)?.properties ?? {})) {
      if (!own(policy.configSchema?.properties, key))
        unknownProperties.push(`${policy.name}.${key}`);
    }
  }
  return { config, errors, unknownPolicies, unknownProperties };
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function typeMatches(expected: string, actual: string): boolean {
  return expected === actual || (expected === "number" && actual === "integer");
}

/**
 * Validates `value` against the subset of JSON schema that policy configs use (type,
 * enum, const, bounds, pattern, items, properties, required, additionalProperties).
 * Returns problems as `<path>: <message>` (path `(root)` for the top level).
 */
export function validateJson(schema: JsonSchema | boolean, value: unknown, at: string): string[] {
  const where = at || "(root)";
  if (schema === true) return [];
  if (schema === false) return [`${where}: no value is allowed here`];
  const problems: string[] = [];
  const actual = typeOf(value);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => typeMatches(t, actual))) {
      return [`${where}: expected ${types.join(" or ")}, got ${actual}`];
    }
  }
  if (
    schema.enum &&
    !schema.enum.some((option) => JSON.stringify(option) === JSON.stringify(value))
  ) {
    problems.push(
      `${where}: must be one of ${schema.enum.map((o) => JSON.stringify(o)).join(", ")}`,
    );
  }
  if (schema.const !== undefined && JSON.stringify(schema.const) !== JSON.stringify(value)) {
    problems.push(`${where}: must be ${JSON.stringify(schema.const)}`);
  }
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum)
      problems.push(`${where}: must be >= ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum)
      problems.push(`${where}: must be <= ${schema.maximum}`);
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) {
      problems.push(`${where}: must be > ${schema.exclusiveMinimum}`);
    }
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) {
      problems.push(`${where}: must be < ${schema.exclusiveMaximum}`);
    }
  }
  if (typeof value === "string") {
    if (schema.minLength !== undefined && value.length < schema.minLength) {
      problems.push(`${where}: must be at least ${schema.minLength} characters`);
    }
    if (schema.maxLength !== undefined && value.length > schema.maxLength) {
      problems.push(`${where}: must be at most ${schema.maxLength} characters`);
    }
    if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value)) {
      problems.push(`${where}: must match ${schema.pattern}`);
    }
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) {
      problems.push(`${where}: must have at least ${schema.minItems} items`);
    }
    if (schema.maxItems !== undefined && value.length > schema.maxItems) {
      problems.push(`${where}: must have at most ${schema.maxItems} items`);
    }
    if (schema.uniqueItems && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) {
      problems.push(`${where}: items must be unique`);
    }
    if (schema.items !== undefined) {
      value.forEach((item, index) =>
        problems.push(...validateJson(schema.items!, item, `${at}[${index}]`)),
      );
    }
  }
  if (actual === "object") {
    const object = value as Record<string, unknown>;
    for (const key of schema.required ?? []) {
      if (object[key] === undefined) problems.push(`${where}: ${key} is required`);
    }
    for (const [key, field] of Object.entries(object)) {
      const child = at ? `${at}.${key}` : key;
      const propertySchema = own(schema.properties, key);
      if (propertySchema !== undefined)
        problems.push(...validateJson(propertySchema, field, child));
      else if (schema.additionalProperties !== undefined) {
        problems.push(...validateJson(schema.additionalProperties, field, child));
      }
    }
  }
  return problems;
}
