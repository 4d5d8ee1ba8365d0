/**
 * Evaluates policy objects in this process with the argument objects the policy SDK
 * builds from analyzer requests (`@pulumi/policy` server.js): properties deserialized
 * from the wire form (secrets unwrapped, unknowns kept and guarded by the SDK's own
 * unknown-checking proxy), options, provider, parents, dependencies and property
 * dependencies, and config with
 * schema defaults applied the way the CLI does. For unit tests, which must not start the
 * pack's gRPC server; the check tool itself goes through gRPC.
 */
import {
  isUnknownValueError,
  unknownCheckingProxy,
  type MessagingPolicy,
  type PolicyResource,
  type ResourceValidationArgs,
  type StackValidationArgs,
} from "../../policies/lib/policy-kit";
import {
  SECRET_SIG,
  SIG_KEY,
  type AnalyzerResourceSpec,
  type WireValue,
} from "./analyzer-resources";
import {
  reconcilePolicyConfig,
  type JsonSchema,
  type PolicyConfigEntry,
  type PolicyInfoLite,
} from "./policy-config";

/** A reported violation: the policy's own message (without the SDK's description prefix). */
export interface Violation {
  message: string;
  /** Stack policies may attach a violation to a resource. */
  urn?: string;
}

/** Outcome of one evaluation. */
export interface Evaluation {
  violations: Violation[];
  /** Reason given to `notApplicable`, when the policy declined. */
  notApplicable?: string;
  /** Message of an unknown value the policy tripped over (the SDK reports it as advisory). */
  unknown?: string;
}

class NotApplicableSignal extends Error {
  constructor(readonly reason?: string) {
    super(reason ?? "Policy does not apply");
  }
}

const throwNotApplicable = (reason?: string): never => {
  throw new NotApplicableSignal(reason);
};

/** The SDK's deserialization with `proxySecrets: false`: secrets become their values. */
function deserialize(value: WireValue): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(deserialize);
  if (value[SIG_KEY] === SECRET_SIG) return deserialize(value.value);
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) out[key] = deserialize(field);
  return out;
}

function props(wire: Record<string, WireValue>): Record<string, unknown> {
  return unknownCheckingProxy(deserialize(wire) as Record<string, unknown>) as Record<
    string,
    unknown
  >;
}

/** What GetAnalyzerInfo reports about a policy. */
export function policyInfoOf(policy: MessagingPolicy): PolicyInfoLite {
  return {
    name: policy.name,
    enforcementLevel: policy.enforcementLevel,
    configSchema: policy.configSchema as PolicyInfoLite["configSchema"] & {
      properties: Record<string, JsonSchema>;
    },
  };
}

/** The policy's config as Configure would deliver it: defaults, then `overrides`. */
export function configFor(
  policy: MessagingPolicy,
  overrides?: Record<string, unknown>,
): Record<string, unknown> {
  const given: Record<string, PolicyConfigEntry> = overrides
    ? { [policy.name]: { properties: overrides } }
    : {};
  const { config, errors } = reconcilePolicyConfig([policyInfoOf(policy)], given);
  if (errors.length > 0) throw new Error(`invalid config for ${policy.name}: ${errors.join("; ")}`);
  return config[policy.name].properties;
}

function providerOf(spec: AnalyzerResourceSpec) {
  return spec.provider
    ? {
        type: spec.provider.type,
        urn: spec.provider.urn,
        name: spec.provider.name,
        props: props(spec.provider.properties),
      }
    : undefined;
}

function optionsOf(spec: AnalyzerResourceSpec) {
  return {
    protect: spec.options.protect,
    ignoreChanges: spec.options.ignoreChanges,
    aliases: spec.options.aliases,
    customTimeouts: {
      createSeconds: spec.options.customTimeouts.create,
      updateSeconds: spec.options.customTimeouts.update,
      deleteSeconds: spec.options.customTimeouts.delete,
    },
    additionalSecretOutputs: spec.options.additionalSecretOutputs,
    ...(spec.options.deleteBeforeReplace !== undefined
      ? { deleteBeforeReplace: spec.options.deleteBeforeReplace }
      : {}),
    ...(spec.options.parent ? { parent: spec.options.parent } : {}),
  };
}

async function capture(
  run: (report: (message: string, urn?: string) => void) => Promise<void> | void,
): Promise<Evaluation> {
  const violations: Violation[] = [];
  try {
    await run((message, urn) => violations.push(urn ? { message, urn } : { message }));
  } catch (error) {
    if (error instanceof NotApplicableSignal)
      return { violations, notApplicable: error.reason ?? "" };
    if (isUnknownValueError(error)) return { violations, unknown: error.message };
    throw error;
  }
  return { violations };
}

/** Runs a resource policy on one resource's inputs, as `Analyze` would. */
export async function evaluateResourcePolicy(
  policy: MessagingPolicy,
  spec: AnalyzerResourceSpec,
  overrides?: Record<string, unknown>,
): Promise<Evaluation> {
  if (!("validateResource" in policy) || !policy.validateResource)
    throw new Error(`${policy.name} is not a resource policy`);
  const config = configFor(policy, overrides);
  const validations = Array.isArray(policy.validateResource)
    ? policy.validateResource
    : [policy.validateResource];
  const args: ResourceValidationArgs = {
    type: spec.type,
    props: props(spec.inputs),
    urn: spec.urn,
    name: spec.name,
    opts: optionsOf(spec),
    provider: providerOf(spec),
    stackTags: new Map(),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T extends object>() => ({ ...config }) as T,
    notApplicable: throwNotApplicable,
  };
  if (!args.provider) delete args.provider;
  return capture(async (report) => {
    for (const validate of validations) await validate(args, report);
  });
}

/** Runs a stack policy over every resource's outputs, as `AnalyzeStack` would. */
export async function evaluateStackPolicy(
  policy: MessagingPolicy,
  specs: readonly AnalyzerResourceSpec[],
  overrides?: Record<string, unknown>,
): Promise<Evaluation> {
  if (!("validateStack" in policy)) throw new Error(`${policy.name} is not a stack policy`);
  const config = configFor(policy, overrides);
  const resources: PolicyResource[] = specs.map((spec) => {
    const resource: PolicyResource = {
      type: spec.type,
      props: props(spec.outputs),
      urn: spec.urn,
      name: spec.name,
      opts: optionsOf(spec),
      dependencies: [],
      propertyDependencies: {},
      isType: () => false,
      asType: () => undefined,
    };
    const provider = providerOf(spec);
    if (provider) resource.provider = provider;
    return resource;
  });
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  specs.forEach((spec, i) => {
    const parent = byUrn.get(spec.parent);
    if (parent) resources[i].parent = parent;
    resources[i].dependencies = spec.dependencies
      .map((d) => byUrn.get(d))
      .filter((d): d is PolicyResource => !!d);
    for (const [key, urns] of Object.entries(spec.propertyDependencies)) {
      resources[i].propertyDependencies[key] = urns
        .map((d) => byUrn.get(d))
        .filter((d): d is PolicyResource => !!d);
    }
  });
  const args: StackValidationArgs = {
    resources,
    stackTags: new Map(),
    getConfig: <T extends object>() => ({ ...config }) as T,
    notApplicable: throwNotApplicable,
  };
  return capture((report) => policy.validateStack(args, report));
}

/**
 * Runs any policy the way the engine would for a whole run: a resource policy on every
 * custom resource (violations carry the resource's URN), a stack policy once.
 */
export async function evaluatePolicy(
  policy: MessagingPolicy,
  specs: readonly AnalyzerResourceSpec[],
  overrides?: Record<string, unknown>,
): Promise<Violation[]> {
  if ("validateStack" in policy)
    return (await evaluateStackPolicy(policy, specs, overrides)).violations;
  const out: Violation[] = [];
  for (const spec of specs.filter((s) => s.custom)) {
    const result = await evaluateResourcePolicy(policy, spec, overrides);
    out.push(...result.violations.map((v) => ({ message: v.message, urn: spec.urn })));
  }
  return out;
}
