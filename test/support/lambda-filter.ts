/**
 * Lambda's event filtering (the `FilterCriteria` of an event source mapping) for the parts of
 * its grammar the estate uses: nested objects, lists of exact values, `anything-but`,
 * `prefix` and `exists`. A record passes when every key of the pattern matches. Tests deliver
 * stream records to handlers through it, so what the component declares is what filters.
 */

type Pattern = { readonly [key: string]: unknown };

function matchesValue(rule: unknown, value: unknown): boolean {
  if (rule !== null && typeof rule === "object" && !Array.isArray(rule)) {
    const r = rule as Record<string, unknown>;
    if ("anything-but" in r) {
      const excluded = Array.isArray(r["anything-but"]) ? r["anything-but"] : [r["anything-but"]];
      return value !== undefined && !excluded.includes(value);
    }
    if ("prefix" in r) return typeof value === "string" && value.startsWith(String(r.prefix));
    if ("exists" in r) return r.exists ? value !== undefined : value === undefined;
    throw new Error(`filter rule ${JSON.stringify(rule)} is not supported by the test matcher`);
  }
  return value === rule;
}

/** True when `record` passes `pattern` (a parsed FilterCriteria pattern). */
export function matchesFilter(pattern: Pattern, record: unknown): boolean {
  const target = (record ?? {}) as Record<string, unknown>;
  return Object.entries(pattern).every(([key, rule]) => {
    const value = target[key];
    if (Array.isArray(rule)) return rule.some((r) => matchesValue(r, value));
    if (rule !== null && typeof rule === "object") {
      return value !== null && typeof value === "object" && matchesFilter(rule as Pattern, value);
    }
    throw new Error(`filter pattern at ${key} must be a list or an object`);
  });
}
