/**
 * Reading IAM policy documents: `@pulumi/aws` roles hold the trust policy as a JSON string
 * (`assumeRolePolicy`), aws-native roles as an object or string (`assumeRolePolicyDocument`).
 */
import { known } from "./policy-kit";
import { str } from "./props";
import type { NamedResource } from "./sms-model";
import { AWS, NATIVE } from "./types";

/** One statement, normalised to arrays. */
export interface Statement {
  effect: string;
  actions: string[];
  servicePrincipals: string[];
  /**
   * Condition keys (lower-cased) with their values, across the operators that require the
   * key to hold one of the values (`StringEquals`, `StringLike`, `ArnLike`...; `IfExists`
   * and `ForAnyValue:` forms included).
   */
  conditions: Map<string, string[]>;
  /**
   * Condition keys (lower-cased) used only with operators that do not limit the key to its
   * values, with those operators: negations (`StringNotEquals`...), `Null`, and
   * `ForAllValues:`, which holds when the request has no such key at all.
   */
  looseConditions: Map<string, string[]>;
}

/** True when a condition operator lets requests through whose key holds none of the values. */
function isLooseOperator(operator: string): boolean {
  const name = operator.toLowerCase();
  return name.includes("not") || name === "null" || name.startsWith("forallvalues:");
}

const asArray = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined ? [] : [value];

/** Parses a policy document given as JSON text or as an object; undefined when unreadable. */
export function parsePolicyDocument(document: unknown): Statement[] | undefined {
  let parsed: unknown = document;
  if (typeof document === "string") {
    try {
      parsed = JSON.parse(document);
    } catch {
      return undefined;
    }
  }
  if (!parsed || typeof parsed !== "object") return undefined;
  // Plain copy: the document may be an SDK proxy; values inside are known once parsed here.
  const plain = JSON.parse(JSON.stringify(parsed)) as { Statement?: unknown };
  return asArray(plain.Statement).map((raw) => {
    const statement = (raw ?? {}) as Record<string, unknown>;
    const principal = (statement.Principal ?? {}) as Record<string, unknown>;
    const conditions = new Map<string, string[]>();
    const looseConditions = new Map<string, string[]>();
    for (const [operator, operands] of Object.entries(
      (statement.Condition ?? {}) as Record<string, unknown>,
    )) {
      for (const [key, value] of Object.entries((operands ?? {}) as Record<string, unknown>)) {
        if (isLooseOperator(operator)) {
          const operators = looseConditions.get(key.toLowerCase()) ?? [];
          looseConditions.set(key.toLowerCase(), [...operators, operator]);
          continue;
        }
        const values = conditions.get(key.toLowerCase()) ?? [];
        values.push(...asArray(value).map(String));
        conditions.set(key.toLowerCase(), values);
      }
    }
    return {
      effect: String(statement.Effect ?? ""),
      actions: asArray(statement.Action).map(String),
      servicePrincipals:
        typeof principal === "object" ? asArray(principal.Service).map(String) : [],
      conditions,
      looseConditions,
    };
  });
}

/** The trust policy of a role resource (either provider), or undefined when unknown or unreadable. */
export function trustPolicyOf(role: NamedResource): Statement[] | undefined {
  if (role.type === AWS.iamRole) return parsePolicyDocument(str(role.props, "assumeRolePolicy"));
  // An object document may hold unknown values deep inside during preview.
  if (role.type === NATIVE.iamRole)
    return known(() => parsePolicyDocument(role.props.assumeRolePolicyDocument));
  return undefined;
}

/**
 * True when an action pattern covers `action`. IAM matches actions case-insensitively, and
 * `*` and `?` are wildcards (`sts:assumerole`, `sts:Assume*`, `sts:*` and `*` all cover
 * `sts:AssumeRole`).
 */
export function actionCovers(pattern: string, action: string): boolean {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${escaped}$`, "i").test(action);
}

/** True when a statement lets its principals assume the role. */
export function allowsAssumeRole(statement: Statement): boolean {
  return (
    statement.effect === "Allow" &&
    statement.actions.some((action) => actionCovers(action, "sts:AssumeRole"))
  );
}
