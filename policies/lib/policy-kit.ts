/**
 * What every policy of the pack shares: the metadata it must carry, the config properties
 * every policy accepts (exemptions), reading config with the schema's defaults, and reading
 * values that may be unknown during `pulumi preview`.
 */
import * as sdk from "@pulumi/policy";
import type {
  EnforcementLevel,
  PolicyConfigSchema,
  PolicyResource,
  ResourceValidationPolicy,
  Severity,
  StackValidationPolicy,
} from "@pulumi/policy";

/**
 * The SDK exports these at run time, but its typings strip them (`@internal`), so they
 * are typed here.
 */
const internals = sdk as unknown as {
  UnknownValueError: new (...args: never[]) => Error;
  unknownCheckingProxy<T extends object>(value: T): T;
};

/** The error the SDK's proxy throws when a policy reads a value unknown during preview. */
export const UnknownValueError = internals.UnknownValueError;

/** Wraps properties the way the SDK does before a policy sees them (tests use it). */
export const unknownCheckingProxy = internals.unknownCheckingProxy;

/** True for the SDK's unknown-value error. */
export function isUnknownValueError(error: unknown): error is Error {
  return error instanceof internals.UnknownValueError;
}

/** The engine's sentinel for an unknown string (the SDK's error needs a recognised one). */
const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * A stack policy could not relate some resources because what ties them together (ARNs,
 * ids) is unknown until the update creates them, and the engine's dependency information
 * did not settle it either. It is the SDK's own unknown-value error, so the SDK reports it
 * the way it reports any value a policy cannot read during preview: one diagnostic
 * `can't run policy '<name>' … during preview: <message>` at **advisory** level, whatever
 * the policy's level. Violations the policy reported before throwing keep their level.
 */
export class UnverifiableDuringPreview extends internals.UnknownValueError {
  constructor(readonly items: readonly string[]) {
    super(UNKNOWN_STRING as never, [] as never);
    this.name = "UnverifiableDuringPreview";
    this.message = `could not verify ${listText(items)}, because the values relating them are unknown until the update creates the resources; pulumi up checks them again once they exist.`;
  }
}

/**
 * Call last in a stack policy: when anything could not be verified, ends the policy with
 * {@link UnverifiableDuringPreview} (an advisory diagnostic), so an unverifiable relation
 * is never a silent pass and never a false mandatory failure.
 */
export function reportUnverifiable(items: readonly string[]): void {
  if (items.length > 0) throw new UnverifiableDuringPreview([...new Set(items)]);
}
export type {
  PolicyResource,
  ReportViolation,
  ResourceValidationArgs,
  StackValidationArgs,
} from "@pulumi/policy";

/** One property of a policy's config schema (a JSON schema). */
export type ConfigProperty = PolicyConfigSchema["properties"][string];

/** Metadata the pack requires of every policy (the SDK leaves most of it optional). */
export interface PolicyMetadata {
  /** kebab-case, `<area>-<resource>-<check>`. */
  name: string;
  /** One or more full sentences: what is checked and why it matters. */
  description: string;
  /** Default level; config files and `--policy-pack-config` may change it. */
  enforcementLevel: EnforcementLevel;
  severity: Severity;
  /** What to change, concretely, when the policy fires. */
  remediationSteps: string;
  /** Every property has a default, so the policy runs unconfigured. */
  configSchema: PolicyConfigSchema;
}

/** A resource policy of this pack. */
export type MessagingResourcePolicy = ResourceValidationPolicy & PolicyMetadata;
/** A stack policy of this pack. */
export type MessagingStackPolicy = StackValidationPolicy & PolicyMetadata;
/** Any policy of this pack. */
export type MessagingPolicy = MessagingResourcePolicy | MessagingStackPolicy;

/** Config every policy accepts. */
export interface CommonConfig {
  /** Resource names or URNs the policy skips; `*` matches any run of characters. Default: none. */
  exemptResources: string[];
}

/** Schema of {@link CommonConfig}. */
export const COMMON_CONFIG_PROPERTIES: Record<string, ConfigProperty> = {
  exemptResources: {
    type: "array",
    items: { type: "string" },
    default: [],
    description:
      "Resource names or URNs this policy skips (`*` matches any run of characters). Record why next to each entry in the config file's history.",
  },
};

/** A config schema with the common properties added. */
export function configSchema(properties: Record<string, ConfigProperty> = {}): PolicyConfigSchema {
  return { properties: { ...properties, ...COMMON_CONFIG_PROPERTIES } };
}

/**
 * The policy's config: each schema default, overlaid with what the engine configured.
 * The Pulumi CLI fills defaults itself; doing it here too keeps a policy correct when it
 * is driven by anything that does not (an older CLI, a test harness).
 */
export function readConfig<T extends object>(
  args: { getConfig<U extends object>(): U },
  schema: PolicyConfigSchema,
): T & CommonConfig {
  const defaults: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(schema.properties)) {
    if (typeof property === "object" && property.default !== undefined) {
      defaults[key] = JSON.parse(JSON.stringify(property.default)) as unknown;
    }
  }
  return { ...defaults, ...args.getConfig<Record<string, unknown>>() } as T & CommonConfig;
}

/** `*` glob to a whole-string regular expression. */
function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`);
}

/** True when the config exempts a resource by name or URN. */
export function isExempt(config: CommonConfig, resource: { name: string; urn: string }): boolean {
  return (config.exemptResources ?? []).some((pattern) => {
    const re = globToRegExp(pattern);
    return re.test(resource.name) || re.test(resource.urn);
  });
}

/**
 * Reads a value that may be unknown during preview (the SDK's proxy throws on access).
 * Returns undefined for unknowns so stack policies can skip what cannot be resolved yet
 * instead of failing as a whole.
 */
export function known<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (isUnknownValueError(error)) return undefined;
    throw error;
  }
}

/** Resources of the given types, exemptions removed. */
export function resourcesOfTypes(
  resources: readonly PolicyResource[],
  types: readonly string[],
  config?: CommonConfig,
): PolicyResource[] {
  return resources.filter((r) => types.includes(r.type) && !(config && isExempt(config, r)));
}

/**
 * True when `list` holds `value` ignoring case. Tag values are written by people (`OTP`,
 * `Primary`, `Marketing`); a rule keyed on them must not depend on capitalisation.
 */
export function includesIgnoringCase(list: readonly string[], value: string | undefined): boolean {
  if (value === undefined) return false;
  const wanted = value.toLowerCase();
  return list.some((item) => item.toLowerCase() === wanted);
}

/** True when two texts are equal ignoring case (both defined). */
export function equalsIgnoringCase(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
}

/**
 * Text for a list of things in a message: `a, b and c`.
 *
 * @param conjunction joins the last item. Default: "and".
 */
export function listText(items: readonly string[], conjunction = "and"): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${conjunction} ${items[items.length - 1]}`;
}

/** `1 event destination`, `2 event destinations`. */
export function countText(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
