/**
 * Shared support of the policy tests: record a program under the offline engine and turn
 * the registrations into what the analyzer protocol carries, then evaluate policies on it.
 */
import { runOffline } from "../../engine/run";
import {
  analyzerResources,
  UNKNOWN,
  type AnalyzerResourceSpec,
  type WireValue,
} from "../../tools/check/analyzer-resources";
import {
  evaluateResourcePolicy,
  evaluatePolicy,
  evaluateStackPolicy,
  type Evaluation,
  type Violation,
} from "../../tools/check/policy-args";
import type { MessagingPolicy } from "../../policies/lib/policy-kit";
import { declarePolicyEstate, FIXTURE_ACCOUNT, type Mutations } from "../fixtures/policy-estate";

export const STACK = "test";
export const PROJECT = "messaging";
/** Stack config of the recorded runs: the default aws provider's Region. */
export const CONFIG = { "aws:region": "us-east-1" };

/**
 * Runs `program` offline and returns the analyzer's view of every resource. `config`
 * replaces the stack config (default {@link CONFIG}).
 */
export async function record(
  program: () => unknown,
  config: Record<string, unknown> = CONFIG,
): Promise<AnalyzerResourceSpec[]> {
  const run = await runOffline(program, {
    stack: STACK,
    project: PROJECT,
    config,
    account: FIXTURE_ACCOUNT,
    defaultRegion: "us-east-1",
  });
  return analyzerResources(run.resources, { stack: STACK, project: PROJECT, config });
}

/** The compliant fixture estate with `mutations` applied. */
export function recordEstate(
  mutations: Mutations = {},
  config?: Record<string, unknown>,
): Promise<AnalyzerResourceSpec[]> {
  return record(() => declarePolicyEstate(mutations), config);
}

/**
 * Output properties a create computes (identifiers AWS assigns), which `pulumi preview`
 * shows as unknown for a resource that does not exist yet.
 */
export const COMPUTED_IDENTIFIERS = [
  "arn",
  "id",
  "poolId",
  "phoneNumberId",
  "phoneNumber",
  "protectConfigurationId",
  "uniqueId",
];

/** Options of {@link previewOfNewResources}. */
export interface PreviewOptions {
  /** Names of the resources that are new. Default: every custom resource but providers. */
  only?: readonly string[];
  /** False models an engine that sends no `propertyDependencies`. Default: true. */
  propertyDependencies?: boolean;
  /** False models an engine that sends no `dependencies` either. Default: true. */
  dependencies?: boolean;
}

/**
 * The analyzer's view of a recorded run as `pulumi preview` sends it when the resources
 * do not exist yet: each new resource's computed identifiers are the engine's unknown
 * sentinel, and so is every property value of another resource that was computed from one
 * of them (found by value among the resource's recorded dependencies). For each such
 * top-level property, `propertyDependencies` names the resources it came from, as the
 * engine's state records them from the program's registration. (The offline engine itself
 * answers like an update: every identifier is known.)
 */
export function previewOfNewResources(
  specs: readonly AnalyzerResourceSpec[],
  options: PreviewOptions = {},
): AnalyzerResourceSpec[] {
  const copy = JSON.parse(JSON.stringify(specs)) as AnalyzerResourceSpec[];
  const isNew = (spec: AnalyzerResourceSpec) =>
    spec.custom &&
    !spec.type.startsWith("pulumi:providers:") &&
    (!options.only || options.only.includes(spec.name));
  // Identifier values of each new resource → its URN. A value that equals one of the
  // resource's own inputs (an id that is the name it was given) stays known.
  const sources = new Map<string, Map<string, string>>();
  for (const spec of copy.filter(isNew)) {
    const given = new Set(Object.values(spec.inputs).filter((v) => typeof v === "string"));
    const values = new Map<string, string>();
    for (const key of COMPUTED_IDENTIFIERS) {
      const value = spec.outputs[key];
      if (typeof value !== "string" || value === UNKNOWN) continue;
      if (!given.has(value)) values.set(value, spec.urn);
      if (!(key in spec.inputs)) spec.outputs[key] = UNKNOWN;
    }
    sources.set(spec.urn, values);
  }
  for (const spec of copy) {
    const feeding = spec.dependencies.map((urn) => sources.get(urn)).filter((m) => !!m);
    const urnOf = (value: string) => feeding.map((m) => m.get(value)).find((urn) => !!urn);
    const replace = (value: WireValue, found: Set<string>): WireValue => {
      if (typeof value === "string") {
        const urn = urnOf(value);
        if (!urn) return value;
        found.add(urn);
        return UNKNOWN;
      }
      if (Array.isArray(value)) return value.map((item) => replace(item, found));
      if (value && typeof value === "object") {
        return Object.fromEntries(
          Object.entries(value).map(([key, item]) => [key, replace(item, found)]),
        );
      }
      return value;
    };
    for (const key of new Set([...Object.keys(spec.inputs), ...Object.keys(spec.outputs)])) {
      const found = new Set<string>();
      if (key in spec.inputs) spec.inputs[key] = replace(spec.inputs[key], found);
      if (key in spec.outputs) spec.outputs[key] = replace(spec.outputs[key], found);
      if (found.size > 0) {
        spec.propertyDependencies[key] = [
          ...new Set([...(spec.propertyDependencies[key] ?? []), ...found]),
        ];
      }
    }
    if (options.propertyDependencies === false) spec.propertyDependencies = {};
    if (options.dependencies === false) spec.dependencies = [];
  }
  return copy;
}

/** The resource named `name`. */
export function named(specs: readonly AnalyzerResourceSpec[], name: string): AnalyzerResourceSpec {
  const spec = specs.find((s) => s.name === name);
  if (!spec) throw new Error(`no resource named ${name}`);
  return spec;
}

/** Runs a resource policy on the resource named `name`. */
export function onResource(
  policy: MessagingPolicy,
  specs: readonly AnalyzerResourceSpec[],
  name: string,
  config?: Record<string, unknown>,
): Promise<Evaluation> {
  return evaluateResourcePolicy(policy, named(specs, name), config);
}

/** Runs a stack policy. */
export function onStack(
  policy: MessagingPolicy,
  specs: readonly AnalyzerResourceSpec[],
  config?: Record<string, unknown>,
): Promise<Evaluation> {
  return evaluateStackPolicy(policy, specs, config);
}

/** Every violation of `policy` on the whole run, as `<resource name>: <message>`. */
export async function violations(
  policy: MessagingPolicy,
  specs: readonly AnalyzerResourceSpec[],
  config?: Record<string, unknown>,
): Promise<string[]> {
  const byUrn = new Map(specs.map((s) => [s.urn, s.name]));
  return (await evaluatePolicy(policy, specs, config)).map(
    (v: Violation) => `${(v.urn && byUrn.get(v.urn)) ?? "(stack)"}: ${v.message}`,
  );
}

/**
 * An IAM trust policy letting End User Messaging assume a role, with an optional
 * `Condition` block (the event-destination role policies check for one).
 */
export function smsVoiceTrust(condition?: Record<string, unknown>): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "sms-voice.amazonaws.com" },
        Action: "sts:AssumeRole",
        ...(condition ? { Condition: condition } : {}),
      },
    ],
  });
}
