/**
 * Test support: what the program registered, compared with what the config validation
 * planned (`stacks/config/resource-plan.ts`), and URN uniqueness read from the recording
 * itself (independent of the engine, which may or may not refuse duplicates).
 */
import type { RecordedResource } from "../../engine/recording-monitor";
import { TYPE } from "../../lib/naming";
import { planResources } from "../../stacks/config/resource-plan";
import type { EstateConfig } from "../../stacks/config/schema";

/** `type::name` of every registered resource but the stack itself. */
export function recordedNames(resources: readonly RecordedResource[]): string[] {
  return resources
    .filter((r) => r.type !== TYPE.stack)
    .map((r) => r.urn.split("::").slice(2).join("::"))
    .sort();
}

/** `type::name` of every resource the plan expects. */
export function plannedNames(config: EstateConfig): string[] {
  return planResources(config)
    .filter((r) => !r.type.startsWith("("))
    .map((r) => `${r.type}::${r.name}`)
    .sort();
}

/** URNs registered more than once. */
export function duplicateUrns(resources: readonly RecordedResource[]): string[] {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const r of resources) {
    if (seen.has(r.urn)) duplicates.add(r.urn);
    seen.add(r.urn);
  }
  return [...duplicates].sort();
}

/**
 * Differences between plan and program: URNs only one side has, and AWS names the plan
 * expects that the registered resource's input does not hold. Empty when they agree.
 */
export function planMismatches(
  config: EstateConfig,
  resources: readonly RecordedResource[],
): string[] {
  const problems: string[] = [];
  const recorded = recordedNames(resources);
  const planned = plannedNames(config);
  const recordedSet = new Set(recorded);
  const plannedSet = new Set(planned);
  for (const name of recorded) {
    if (!plannedSet.has(name)) {
      problems.push(`registered but not planned (add it to resource-plan.ts): ${name}`);
    }
  }
  for (const name of planned) {
    if (!recordedSet.has(name)) problems.push(`planned but not registered: ${name}`);
  }
  if (recorded.length !== new Set(recorded).size) problems.push("duplicate URNs registered");
  const byName = new Map(resources.map((r) => [r.urn.split("::").slice(2).join("::"), r] as const));
  for (const planned of planResources(config)) {
    if (!planned.physical?.input) continue;
    const resource = byName.get(`${planned.type}::${planned.name}`);
    const actual = resource?.inputs[planned.physical.input];
    if (resource && actual !== planned.physical.name) {
      problems.push(
        `${planned.type}::${planned.name}: ${planned.physical.input} is ${JSON.stringify(actual)}, planned ${JSON.stringify(planned.physical.name)}`,
      );
    }
  }
  return problems;
}
