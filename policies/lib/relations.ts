/**
 * Relating resources when the values that tie them together are unknown.
 *
 * Stack policies relate resources by identifier: a keyword names its pool's ARN, a pool
 * its members' ARNs, an event destination its role's ARN. During `pulumi preview` of
 * resources about to be created those ARNs and ids are unknown (the engine's sentinel), so
 * matching by value finds nothing. `AnalyzeStack` carries what the engine knows instead:
 * for every resource, the URNs each top-level property was computed from
 * (`propertyDependencies`, which the SDK turns into `PolicyResource`s) and all the
 * resources it depends on (`dependencies`, including `dependsOn`). An unknown value was
 * computed from another resource's output, so the resource it came from is in the
 * property's dependencies.
 */
import type { NamedResource } from "./sms-model";

/** What a relation needs of a resource beyond its name and properties (stack policies get both; `Analyze` gets neither). */
export interface RelatableResource extends NamedResource {
  dependencies?: readonly RelatableResource[];
  propertyDependencies?: Record<string, readonly RelatableResource[]>;
}

/** Resources a property was computed from. */
export interface Related {
  /** Resources of the wanted types. */
  resources: RelatableResource[];
  /**
   * True when the engine sent the property's own dependencies, so each resource did feed
   * the property. False when only the resource's dependencies as a whole were available
   * (an engine that sends no `propertyDependencies`): each is then only a candidate, which
   * may satisfy a check but must not fail one.
   */
  certain: boolean;
}

/**
 * Resources of `types` that `resource`'s top-level properties `keys` were computed from:
 * from `propertyDependencies` when the engine sent any for those keys, else every
 * dependency of those types as candidates.
 */
export function relatedThrough(
  resource: RelatableResource,
  keys: readonly string[],
  types: readonly string[],
): Related {
  const byProperty = resource.propertyDependencies ?? {};
  const sent = keys.filter((key) => (byProperty[key]?.length ?? 0) > 0);
  const pick = (list: readonly RelatableResource[]) => {
    const seen = new Set<string>();
    return list.filter((r) => types.includes(r.type) && !seen.has(r.urn) && !!seen.add(r.urn));
  };
  if (sent.length > 0)
    return { resources: pick(sent.flatMap((key) => byProperty[key])), certain: true };
  return { resources: pick(resource.dependencies ?? []), certain: false };
}
