/**
 * `aws.iam.getPolicyDocument` rendered the way the AWS provider renders it (the Terraform
 * `aws_iam_policy_document` data source it bridges), so a trust policy written with the
 * invoke reaches the policies as the same JSON text `pulumi preview` would show:
 *
 * - the document is `Version`, `Id`, `Statement`; a statement is `Sid`, `Effect`, `Action`,
 *   `NotAction`, `Resource`, `NotResource`, `Principal`, `NotPrincipal`, `Condition`, empty
 *   ones left out except `Sid`, which is always there (`"Sid": ""` when none was given, as
 *   every plan of such a document shows); `Effect` defaults to `Allow`, `Version` to
 *   `2012-10-17`;
 * - a list of one string collapses to the string; longer lists of actions, resources and
 *   principal identifiers are de-duplicated (they are sets) and sorted in reverse order;
 *   condition values keep their order after the same reverse sort the provider applies;
 * - principals and conditions are objects keyed by type/test and variable, keys sorted; a
 *   single `*` principal of type `*` is the string `"*"`;
 * - `sourcePolicyDocuments` are merged first (their `Sid`s must be unique), then the
 *   statements, then each of `overridePolicyDocuments`, a statement with a `Sid` replacing
 *   the earlier one with the same `Sid`;
 * - `&{...}` becomes `${...}` (not allowed with version 2008-10-17);
 * - `json` is indented by two spaces, `minifiedJson` is compact, both escape `<`, `>` and
 *   `&` as `\u003c`, `\u003e`, `\u0026` (Go's encoder); `id` is the CRC-32 of `json`.
 */
import * as zlib from "node:zlib";

/** A policy statement as the invoke's arguments carry it. */
interface StatementArgs {
  sid?: string;
  effect?: string;
  actions?: string[];
  notActions?: string[];
  resources?: string[];
  notResources?: string[];
  principals?: PrincipalArgs[];
  notPrincipals?: PrincipalArgs[];
  conditions?: Array<{ test: string; variable: string; values: string[] }>;
}

interface PrincipalArgs {
  type: string;
  identifiers: string[];
}

/** Arguments of `aws:iam/getPolicyDocument:getPolicyDocument`. */
export interface PolicyDocumentArgs {
  statements?: StatementArgs[];
  policyId?: string;
  version?: string;
  sourcePolicyDocuments?: string[];
  overridePolicyDocuments?: string[];
  /** Deprecated single-document forms of the two lists. */
  sourceJson?: string;
  overrideJson?: string;
}

/** One string or several, as the provider's model holds list values. */
type StringOrList = string | string[];

interface Principal {
  type: string;
  identifiers: StringOrList;
}

interface Condition {
  test: string;
  variable: string;
  values: StringOrList;
}

interface Statement {
  sid: string;
  effect: string;
  actions?: unknown;
  notActions?: unknown;
  resources?: unknown;
  notResources?: unknown;
  principals: Principal[];
  notPrincipals: Principal[];
  conditions: Condition[];
}

interface Document {
  version: string;
  id: string;
  statements: Statement[];
}

/** The invoke failed the way the provider fails it (its message). */
export class PolicyDocumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PolicyDocumentError";
  }
}

const VERSIONS = ["2008-10-17", "2012-10-17"];

/** The provider's list decoding: one element stays a string, more are sorted in reverse. */
function decodeList(values: readonly string[]): StringOrList {
  if (values.length === 1) return values[0];
  return [...values].sort().reverse();
}

/** A Terraform set of strings: duplicates dropped, order irrelevant (decodeList sorts). */
function asSet(values: readonly unknown[] | undefined): string[] {
  return [...new Set((values ?? []).map(String))];
}

/** `&{var}` → `${var}`; version 2008-10-17 has no policy variables. */
function replaceVariables(value: StringOrList, version: string): StringOrList {
  const one = (item: string) => {
    if (item.includes("&{") && version === "2008-10-17") {
      throw new PolicyDocumentError(
        `found &{ sequence in (${item}), which is not supported in document version 2008-10-17`,
      );
    }
    return item.replaceAll("&{", "${");
  };
  return Array.isArray(value) ? value.map(one) : one(value);
}

function principalsOf(list: PrincipalArgs[] | undefined, version: string): Principal[] {
  const seen = new Set<string>();
  const out: Principal[] = [];
  for (const principal of list ?? []) {
    const identifiers = asSet(principal.identifiers);
    // The block is a set too: an identical block counts once.
    const key = JSON.stringify([principal.type, [...identifiers].sort()]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      type: String(principal.type),
      identifiers: replaceVariables(decodeList(identifiers), version),
    });
  }
  return out;
}

function conditionsOf(list: StatementArgs["conditions"], version: string): Condition[] {
  const seen = new Set<string>();
  const out: Condition[] = [];
  for (const condition of list ?? []) {
    const values = (condition.values ?? []).map(String);
    const key = JSON.stringify([condition.test, condition.variable, values]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({
      test: String(condition.test),
      variable: String(condition.variable),
      values: replaceVariables(decodeList(values), version),
    });
  }
  return out;
}

/** The statements the invoke's own arguments declare. */
function statementsOf(args: PolicyDocumentArgs, version: string): Statement[] {
  const sids = new Set<string>();
  return (args.statements ?? []).map((raw) => {
    const sid = raw.sid ?? "";
    if (sid) {
      if (sids.has(sid)) {
        throw new PolicyDocumentError(
          `duplicate Sid (${sid}). Remove the Sid or ensure the Sid is unique.`,
        );
      }
      sids.add(sid);
    }
    const effect = raw.effect ?? "Allow";
    if (effect !== "Allow" && effect !== "Deny") {
      throw new PolicyDocumentError(`expected effect to be one of ["Allow" "Deny"], got ${effect}`);
    }
    const list = (values: unknown[] | undefined, replace: boolean) => {
      const set = asSet(values);
      if (set.length === 0) return undefined;
      const decoded = decodeList(set);
      return replace ? replaceVariables(decoded, version) : decoded;
    };
    return {
      sid,
      effect,
      actions: list(raw.actions, false),
      notActions: list(raw.notActions, false),
      resources: list(raw.resources, true),
      notResources: list(raw.notResources, true),
      principals: principalsOf(raw.principals, version),
      notPrincipals: principalsOf(raw.notPrincipals, version),
      conditions: conditionsOf(raw.conditions, version),
    };
  });
}

/** Case-insensitive field lookup, as Go's JSON decoder matches struct fields. */
function field(object: Record<string, unknown>, name: string): unknown {
  const key = Object.keys(object).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : object[key];
}

function parsedPrincipals(value: unknown): Principal[] {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return [{ type: "*", identifiers: ["*"] }];
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new PolicyDocumentError(`Unsupported principal set: ${JSON.stringify(value)}`);
  }
  return Object.entries(value as Record<string, unknown>).map(([type, identifiers]) => ({
    type,
    identifiers: Array.isArray(identifiers) ? identifiers.map(String) : String(identifiers),
  }));
}

function parsedConditions(value: unknown): Condition[] {
  if (!value || typeof value !== "object") return [];
  const out: Condition[] = [];
  for (const [test, variables] of Object.entries(value as Record<string, unknown>)) {
    for (const [variable, values] of Object.entries((variables ?? {}) as Record<string, unknown>)) {
      out.push({
        test,
        variable,
        values: Array.isArray(values) ? values.map(String) : [String(values)],
      });
    }
  }
  return out;
}

/** A policy document given as JSON text (a source or override document). */
function parseDocument(text: string, what: string): Document {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new PolicyDocumentError(`${what}: ${(error as Error).message}`);
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) {
    throw new PolicyDocumentError(`${what}: not a JSON object`);
  }
  const document = raw as Record<string, unknown>;
  const statements = field(document, "Statement");
  const list = Array.isArray(statements) ? statements : statements ? [statements] : [];
  return {
    version: String(field(document, "Version") ?? ""),
    id: String(field(document, "Id") ?? ""),
    statements: list.map((item) => {
      const s = (item ?? {}) as Record<string, unknown>;
      return {
        sid: String(field(s, "Sid") ?? ""),
        effect: String(field(s, "Effect") ?? ""),
        // Source documents keep their own lists as written.
        actions: field(s, "Action"),
        notActions: field(s, "NotAction"),
        resources: field(s, "Resource"),
        notResources: field(s, "NotResource"),
        principals: parsedPrincipals(field(s, "Principal")),
        notPrincipals: parsedPrincipals(field(s, "NotPrincipal")),
        conditions: parsedConditions(field(s, "Condition")),
      };
    }),
  };
}

/** The provider's merge: later `Id` and higher `Version` win; a `Sid` replaces its namesake. */
function merge(into: Document, next: Document): void {
  if (next.id) into.id = next.id;
  if (next.version > into.version) into.version = next.version;
  for (const statement of next.statements) {
    const index = statement.sid ? into.statements.findIndex((s) => s.sid === statement.sid) : -1;
    if (index >= 0) into.statements[index] = statement;
    else into.statements.push(statement);
  }
}

const isEmpty = (value: unknown) =>
  value === undefined ||
  value === null ||
  value === "" ||
  (Array.isArray(value) && value.length === 0);

function principalJson(principals: Principal[]): unknown {
  if (principals.length === 1) {
    const [only] = principals;
    const ids = only.identifiers;
    if (
      only.type === "*" &&
      (ids === "*" || (Array.isArray(ids) && ids.length === 1 && ids[0] === "*"))
    )
      return "*";
  }
  const raw: Record<string, StringOrList> = {};
  for (const principal of principals) {
    const existing = raw[principal.type];
    if (Array.isArray(principal.identifiers)) {
      const sorted = [...principal.identifiers].sort().reverse();
      raw[principal.type] = [
        ...(existing === undefined ? [] : Array.isArray(existing) ? existing : [existing]),
        ...sorted,
      ];
    } else if (existing === undefined) {
      raw[principal.type] = principal.identifiers;
    } else {
      raw[principal.type] = [
        ...(Array.isArray(existing) ? existing : [existing]),
        principal.identifiers,
      ];
    }
  }
  return sortedKeys(raw);
}

function conditionJson(conditions: Condition[]): unknown {
  const raw: Record<string, Record<string, StringOrList>> = {};
  for (const condition of conditions) {
    const byVariable = (raw[condition.test] ??= {});
    const existing = byVariable[condition.variable];
    if (Array.isArray(condition.values)) {
      byVariable[condition.variable] = [
        ...(existing === undefined ? [] : Array.isArray(existing) ? existing : [existing]),
        ...condition.values,
      ];
    } else if (existing === undefined) {
      byVariable[condition.variable] = condition.values;
    } else {
      byVariable[condition.variable] = [
        ...(Array.isArray(existing) ? existing : [existing]),
        condition.values,
      ];
    }
  }
  return sortedKeys(
    Object.fromEntries(Object.entries(raw).map(([test, vars]) => [test, sortedKeys(vars)])),
  );
}

/** Go marshals maps with their keys sorted (byte order). */
function sortedKeys<T>(object: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const key of Object.keys(object).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
    out[key] = object[key];
  return out;
}

/** The document in the provider's field order, empty fields left out. */
function documentJson(document: Document): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (document.version) out.Version = document.version;
  if (document.id) out.Id = document.id;
  if (document.statements.length > 0) {
    out.Statement = document.statements.map((s) => {
      const statement: Record<string, unknown> = {};
      const put = (key: string, value: unknown) => {
        if (!isEmpty(value)) statement[key] = value;
      };
      // The provider's model has no omitempty on Sid.
      statement.Sid = s.sid;
      put("Effect", s.effect);
      put("Action", s.actions);
      put("NotAction", s.notActions);
      put("Resource", s.resources);
      put("NotResource", s.notResources);
      if (s.principals.length > 0) statement.Principal = principalJson(s.principals);
      if (s.notPrincipals.length > 0) statement.NotPrincipal = principalJson(s.notPrincipals);
      if (s.conditions.length > 0) statement.Condition = conditionJson(s.conditions);
      return statement;
    });
  }
  return out;
}

/** JSON text as Go's encoder writes it: HTML-significant characters and U+2028/9 escaped. */
export function goJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** What the invoke returns. */
export interface PolicyDocumentResult {
  id: string;
  json: string;
  minifiedJson: string;
}

/**
 * Renders the invoke's arguments as the provider does.
 *
 * @throws PolicyDocumentError where the provider fails the invoke (duplicate `Sid`s, bad
 *   version or effect, unreadable source documents)
 */
export function renderPolicyDocument(args: PolicyDocumentArgs): PolicyDocumentResult {
  const version = args.version ?? "2012-10-17";
  if (!VERSIONS.includes(version)) {
    throw new PolicyDocumentError(
      `expected version to be one of ["2008-10-17" "2012-10-17"], got ${version}`,
    );
  }
  const merged: Document = { version: "", id: "", statements: [] };
  if (args.sourceJson) merge(merged, parseDocument(args.sourceJson, "source_json"));
  if (args.sourcePolicyDocuments?.length) {
    const sids = new Set(merged.statements.map((s) => s.sid).filter(Boolean));
    args.sourcePolicyDocuments.forEach((text, index) => {
      const source = parseDocument(text, `source_policy_documents[${index}]`);
      source.statements.forEach((statement, position) => {
        if (!statement.sid) return;
        if (sids.has(statement.sid)) {
          throw new PolicyDocumentError(
            `duplicate Sid (${statement.sid}) in source_policy_documents (item ${index}; statement ${position}). Remove the Sid or ensure Sids are unique.`,
          );
        }
        sids.add(statement.sid);
      });
      merge(merged, source);
    });
  }
  merge(merged, { version, id: args.policyId ?? "", statements: statementsOf(args, version) });
  if (args.overrideJson) merge(merged, parseDocument(args.overrideJson, "override_json"));
  (args.overridePolicyDocuments ?? []).forEach((text, index) =>
    merge(merged, parseDocument(text, `override_policy_documents[${index}]`)),
  );
  const document = documentJson(merged);
  const json = goJson(document, 2);
  return { id: String(zlib.crc32(json)), json, minifiedJson: goJson(document) };
}
