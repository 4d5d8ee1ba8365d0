/**
 * Shared support of the policy tests: record a program under the offline engine and turn
 * the registrations into what the analyzer protocol carries, then evaluate policies on it.
 */
import { runOffline } from "../../engine/run";
import { analyzerResources, type AnalyzerResourceSpec } from "../../tools/check/analyzer-resources";
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

/** Runs `program` offline and returns the analyzer's view of every resource. */
export async function record(program: () => unknown): Promise<AnalyzerResourceSpec[]> {
  const run = await runOffline(program, {
    stack: STACK,
    project: PROJECT,
    config: CONFIG,
    account: FIXTURE_ACCOUNT,
    defaultRegion: "us-east-1",
  });
  return analyzerResources(run.resources, { stack: STACK, project: PROJECT, config: CONFIG });
}

/** The compliant fixture estate with `mutations` applied. */
export function recordEstate(mutations: Mutations = {}): Promise<AnalyzerResourceSpec[]> {
  return record(() => declarePolicyEstate(mutations));
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
