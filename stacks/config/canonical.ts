/**
 * The validated estate in a canonical order, so that how a stack file orders its lists
 * never reaches a resource input. Every list in the estate is a set (countries, Regions,
 * event types, capabilities, use cases shared with an account, dedicated IPs, from
 * addresses): reordering one must change nothing, and a component that forgets to sort
 * cannot reintroduce the order. Maps need no such care: components walk their keys sorted,
 * and names derive from keys.
 */
import type { EstateConfig } from "./schema";

/** A copy of `value` whose every list of strings or numbers is sorted (deeply). */
function sortLists(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(sortLists);
    return items.every((item) => typeof item === "string")
      ? [...(items as string[])].sort()
      : items.every((item) => typeof item === "number")
        ? [...(items as number[])].sort((a, b) => a - b)
        : items;
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([key, inner]) => [
        key,
        sortLists(inner),
      ]),
    );
  }
  return value;
}

/**
 * The estate with every list sorted. `primaryRegion` stays the primary; `standbyRegions`
 * comes out in alphabetical order, so the Regions every component receives are the primary
 * first, then the standbys alphabetically, whatever order the stack file lists them in.
 *
 * @param config - a validated estate; no default.
 */
export function canonicalEstate(config: EstateConfig): EstateConfig {
  return sortLists(config) as EstateConfig;
}
