/**
 * The first look at a raw `messaging:estate` value, before the schema sees it: a copy that
 * is safe to validate. A stack file (or `pulumi config`) can hand over keys that are
 * members of every JavaScript object (`__proto__` would silently vanish into an object's
 * prototype, `constructor` would answer lookups that should fail), YAML aliases that refer
 * to an enclosing node (a cycle the schema would recurse into forever), or nesting no real
 * estate has. Each is reported at its path; the copy leaves them out.
 */
import { OBJECT_MEMBER_NAMES } from "../../lib/own";
import type { ConfigIssue } from "./issues";
import { quote } from "./text";

/** The problem with a config key or name that every JavaScript object has as a member. */
export function objectMemberNameProblem(name: string): string {
  return `${quote(name)} is the name of a member of every JavaScript object (like constructor or toString); programs, tools and policies that look a config key up by name would find that member instead, so the estate reserves it: choose another name, e.g. ${quote(`${name}-1`)}`;
}

/** Deepest nesting a config can have (the estate's own is 8 levels). */
export const MAX_CONFIG_DEPTH = 24;

/**
 * A deep copy of `raw` without the entries described above, and a problem for each.
 *
 * @param raw - the value of `messaging:estate` as YAML or JSON gave it; no default.
 */
export function sanitizeRaw(raw: unknown): { value: unknown; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const ancestors = new Set<object>();

  const copy = (value: unknown, path: (string | number)[]): unknown => {
    if (value === null || typeof value !== "object") return value;
    if (ancestors.has(value)) {
      issues.push({
        path,
        message:
          "contains itself (a YAML alias that refers to an enclosing entry); write the value out instead",
      });
      return undefined;
    }
    if (path.length >= MAX_CONFIG_DEPTH) {
      issues.push({
        path,
        message: `nests deeper than ${MAX_CONFIG_DEPTH} levels, which no estate needs; check the indentation`,
      });
      return undefined;
    }
    ancestors.add(value);
    try {
      if (Array.isArray(value)) return value.map((item, index) => copy(item, [...path, index]));
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        if (OBJECT_MEMBER_NAMES.has(key)) {
          issues.push({ path: [...path, key], message: objectMemberNameProblem(key) });
          continue;
        }
        out[key] = copy((value as Record<string, unknown>)[key], [...path, key]);
      }
      return out;
    } finally {
      ancestors.delete(value);
    }
  };

  return { value: copy(raw, []), issues };
}
