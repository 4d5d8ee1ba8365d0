/**
 * The subset of DynamoDB expressions the local endpoint evaluates: condition and filter
 * expressions (comparisons, `AND`/`OR`/`NOT`, parentheses, `attribute_exists`,
 * `attribute_not_exists`, `begins_with`, `BETWEEN`), key conditions (a hash-key equality and
 * at most one range-key condition), and update expressions (`SET a = v | if_not_exists(a, v)`,
 * `REMOVE a`). Attribute paths are top-level names only. Anything else is answered with a
 * ValidationException naming what is unsupported, never silently mis-evaluated.
 *
 * Placeholders follow DynamoDB's rules: every `#name` and `:value` used must be defined, and
 * every one defined must be used (DynamoDB rejects unused ones).
 */
import { AwsError } from "./protocol";

/** A DynamoDB AttributeValue as it travels in JSON (`{ "S": "x" }`, `{ "N": "1" }`, …). */
export type AttributeValue = Record<string, unknown>;
/** An item or key: attribute name → value. */
export type AttributeMap = Record<string, AttributeValue>;

/** DynamoDB's ValidationException (no `Reason` member). */
export function ddbValidation(message: string): AwsError {
  return new AwsError("ValidationException", message);
}

type Token =
  | { kind: "name"; text: string }
  | { kind: "value"; text: string }
  | { kind: "word"; text: string }
  | { kind: "op"; text: string };

function tokenize(expression: string, what: string): Token[] {
  const tokens: Token[] = [];
  const pattern =
    /\s*(?:(#[A-Za-z0-9_]+)|(:[A-Za-z0-9_]+)|([A-Za-z_][A-Za-z0-9_]*)|(<>|<=|>=|=|<|>|\(|\)|,|\+|-))/y;
  let index = 0;
  while (index < expression.length) {
    if (/^\s*$/.test(expression.slice(index))) break;
    pattern.lastIndex = index;
    const match = pattern.exec(expression);
    if (!match) {
      throw ddbValidation(
        `Invalid ${what}: Syntax error; token: "${expression.slice(index).trim().split(/\s/)[0]}", near: "${expression.slice(Math.max(0, index - 5), index + 10)}"`,
      );
    }
    if (match[1]) tokens.push({ kind: "name", text: match[1] });
    else if (match[2]) tokens.push({ kind: "value", text: match[2] });
    else if (match[3]) tokens.push({ kind: "word", text: match[3] });
    else tokens.push({ kind: "op", text: match[4] });
    index = pattern.lastIndex;
  }
  return tokens;
}

/** An operand: an attribute path (resolved name) or a value placeholder. */
export type Operand = { path: string } | { value: string };

/** A parsed condition. */
export type Condition =
  | { kind: "and" | "or"; left: Condition; right: Condition }
  | { kind: "not"; operand: Condition }
  | { kind: "compare"; op: string; left: Operand; right: Operand }
  | { kind: "between"; subject: Operand; low: Operand; high: Operand }
  | { kind: "exists" | "not_exists"; path: string }
  | { kind: "begins_with"; subject: Operand; prefix: Operand };

const RESERVED = new Set(["AND", "OR", "NOT", "BETWEEN", "IN", "SET", "REMOVE", "ADD", "DELETE"]);

/** Expression attribute names and values, tracking which were used. */
export class Placeholders {
  readonly usedNames = new Set<string>();
  readonly usedValues = new Set<string>();
  constructor(
    readonly names: Record<string, string> = {},
    readonly values: Record<string, AttributeValue> = {},
  ) {}

  name(token: Token): string {
    if (token.kind === "name") {
      const resolved = this.names[token.text];
      if (resolved === undefined) {
        throw ddbValidation(
          `Value provided in ExpressionAttributeNames unused in expressions or an expression attribute name was not defined; attribute name: ${token.text}`,
        );
      }
      this.usedNames.add(token.text);
      return resolved;
    }
    if (token.kind === "word") {
      if (RESERVED.has(token.text.toUpperCase())) {
        throw ddbValidation(
          `Invalid expression: Attribute name is a reserved keyword; reserved keyword: ${token.text}`,
        );
      }
      return token.text;
    }
    throw ddbValidation(`Invalid expression: expected an attribute name, got "${token.text}"`);
  }

  value(text: string): AttributeValue {
    const value = this.values[text];
    if (value === undefined) {
      throw ddbValidation(
        `Invalid expression: An expression attribute value used in expression is not defined; attribute value: ${text}`,
      );
    }
    this.usedValues.add(text);
    return value;
  }

  /** DynamoDB rejects definitions no expression of the request used. */
  assertAllUsed(): void {
    const unusedNames = Object.keys(this.names).filter((n) => !this.usedNames.has(n));
    if (unusedNames.length > 0) {
      throw ddbValidation(
        `Value provided in ExpressionAttributeNames unused in expressions: keys: {${unusedNames.join(", ")}}`,
      );
    }
    const unusedValues = Object.keys(this.values).filter((v) => !this.usedValues.has(v));
    if (unusedValues.length > 0) {
      throw ddbValidation(
        `Value provided in ExpressionAttributeValues unused in expressions: keys: {${unusedValues.join(", ")}}`,
      );
    }
  }
}

class Parser {
  private index = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly placeholders: Placeholders,
    private readonly what: string,
  ) {}

  done(): boolean {
    return this.index >= this.tokens.length;
  }

  peek(): Token | undefined {
    return this.tokens[this.index];
  }

  next(): Token {
    const token = this.tokens[this.index++];
    if (!token) throw ddbValidation(`Invalid ${this.what}: Syntax error; token: <EOF>`);
    return token;
  }

  expectOp(text: string): void {
    const token = this.next();
    if (token.kind !== "op" || token.text !== text) {
      throw ddbValidation(
        `Invalid ${this.what}: Syntax error; token: "${token.text}", expected "${text}"`,
      );
    }
  }

  isWord(text: string): boolean {
    const token = this.peek();
    return token?.kind === "word" && token.text.toUpperCase() === text;
  }

  condition(): Condition {
    let left = this.conjunction();
    while (this.isWord("OR")) {
      this.next();
      left = { kind: "or", left, right: this.conjunction() };
    }
    return left;
  }

  private conjunction(): Condition {
    let left = this.negation();
    while (this.isWord("AND")) {
      this.next();
      left = { kind: "and", left, right: this.negation() };
    }
    return left;
  }

  private negation(): Condition {
    if (this.isWord("NOT")) {
      this.next();
      return { kind: "not", operand: this.negation() };
    }
    return this.primary();
  }

  private primary(): Condition {
    const token = this.peek();
    if (token?.kind === "op" && token.text === "(") {
      this.next();
      const inner = this.condition();
      this.expectOp(")");
      return inner;
    }
    if (token?.kind === "word" && this.tokens[this.index + 1]?.text === "(") {
      const fn = token.text;
      this.next();
      this.next();
      if (fn === "attribute_exists" || fn === "attribute_not_exists") {
        const path = this.placeholders.name(this.next());
        this.expectOp(")");
        return { kind: fn === "attribute_exists" ? "exists" : "not_exists", path };
      }
      if (fn === "begins_with") {
        const subject = this.operand();
        this.expectOp(",");
        const prefix = this.operand();
        this.expectOp(")");
        return { kind: "begins_with", subject, prefix };
      }
      throw ddbValidation(
        `Invalid ${this.what}: the function ${fn} is not supported by the local endpoint`,
      );
    }
    const left = this.operand();
    if (this.isWord("BETWEEN")) {
      this.next();
      const low = this.operand();
      if (!this.isWord("AND")) throw ddbValidation(`Invalid ${this.what}: BETWEEN needs AND`);
      this.next();
      return { kind: "between", subject: left, low, high: this.operand() };
    }
    if (this.isWord("IN"))
      throw ddbValidation(`Invalid ${this.what}: IN is not supported by the local endpoint`);
    const op = this.next();
    if (op.kind !== "op" || !["=", "<>", "<", "<=", ">", ">="].includes(op.text)) {
      throw ddbValidation(`Invalid ${this.what}: Syntax error; token: "${op.text}"`);
    }
    return { kind: "compare", op: op.text, left, right: this.operand() };
  }

  /** A bare attribute path (the target of an update action). */
  path(): string {
    const operand = this.operand();
    if (!("path" in operand))
      throw ddbValidation(`Invalid ${this.what}: expected an attribute path`);
    return operand.path;
  }

  operand(): Operand {
    const token = this.next();
    if (token.kind === "value") {
      this.placeholders.value(token.text);
      return { value: token.text };
    }
    const path = this.placeholders.name(token);
    const after = this.peek();
    if (after?.kind === "op" && (after.text === "." || after.text === "[")) {
      throw ddbValidation(
        "Invalid expression: nested attribute paths are not supported by the local endpoint",
      );
    }
    return { path };
  }
}

/** Parses a condition (or filter, or key condition) expression. */
export function parseCondition(
  expression: string,
  placeholders: Placeholders,
  what = "ConditionExpression",
): Condition {
  const parser = new Parser(tokenize(expression, what), placeholders, what);
  const condition = parser.condition();
  if (!parser.done()) {
    throw ddbValidation(`Invalid ${what}: Syntax error; token: "${parser.peek()!.text}"`);
  }
  return condition;
}

/** The single type key of an AttributeValue (`S`, `N`, `BOOL`, …). */
export function typeOf(value: AttributeValue): string {
  return Object.keys(value)[0];
}

/** Orders two scalar AttributeValues of the same type (S by UTF-8 bytes, N numerically); undefined when incomparable. */
export function compareValues(a: AttributeValue, b: AttributeValue): number | undefined {
  const type = typeOf(a);
  if (type !== typeOf(b)) return undefined;
  if (type === "N") {
    const diff = Number(a.N) - Number(b.N);
    return diff < 0 ? -1 : diff > 0 ? 1 : 0;
  }
  if (type === "S" || type === "B") {
    return compareStrings(String(a[type]), String(b[type]));
  }
  return undefined;
}

/** UTF-8 byte order, as DynamoDB sorts strings (equal to code-unit order for ASCII). */
export function compareStrings(a: string, b: string): number {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(a) && /^[\x00-\x7f]*$/.test(b)) return a < b ? -1 : a > b ? 1 : 0;
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

function equalValues(a: AttributeValue, b: AttributeValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function resolveOperand(
  operand: Operand,
  item: AttributeMap | undefined,
  placeholders: Placeholders,
): AttributeValue | undefined {
  return "path" in operand ? item?.[operand.path] : placeholders.values[operand.value];
}

/** Evaluates a condition on an item (undefined: the item does not exist). */
export function evaluate(
  condition: Condition,
  item: AttributeMap | undefined,
  placeholders: Placeholders,
): boolean {
  switch (condition.kind) {
    case "and":
      return (
        evaluate(condition.left, item, placeholders) &&
        evaluate(condition.right, item, placeholders)
      );
    case "or":
      return (
        evaluate(condition.left, item, placeholders) ||
        evaluate(condition.right, item, placeholders)
      );
    case "not":
      return !evaluate(condition.operand, item, placeholders);
    case "exists":
      return item?.[condition.path] !== undefined;
    case "not_exists":
      return item?.[condition.path] === undefined;
    case "begins_with": {
      const subject = resolveOperand(condition.subject, item, placeholders);
      const prefix = resolveOperand(condition.prefix, item, placeholders);
      if (!subject || !prefix || typeOf(subject) !== typeOf(prefix) || typeOf(subject) !== "S")
        return false;
      return String(subject.S).startsWith(String(prefix.S));
    }
    case "between": {
      const subject = resolveOperand(condition.subject, item, placeholders);
      const low = resolveOperand(condition.low, item, placeholders);
      const high = resolveOperand(condition.high, item, placeholders);
      if (!subject || !low || !high) return false;
      const a = compareValues(subject, low);
      const b = compareValues(subject, high);
      return a !== undefined && b !== undefined && a >= 0 && b <= 0;
    }
    case "compare": {
      const left = resolveOperand(condition.left, item, placeholders);
      const right = resolveOperand(condition.right, item, placeholders);
      if (!left || !right) return condition.op === "<>" ? left !== right : false;
      if (condition.op === "=") return equalValues(left, right);
      if (condition.op === "<>") return !equalValues(left, right);
      const order = compareValues(left, right);
      if (order === undefined) return false;
      return condition.op === "<"
        ? order < 0
        : condition.op === "<="
          ? order <= 0
          : condition.op === ">"
            ? order > 0
            : order >= 0;
    }
  }
}

/** A key condition split into its hash equality and optional range condition. */
export interface KeyCondition {
  readonly hashValue: AttributeValue;
  /** Tests a range-key value; absent when the query has no range condition. */
  readonly range?: Condition;
}

/**
 * Parses a KeyConditionExpression against the table's key names: exactly one equality on the
 * hash key, optionally AND one condition on the range key.
 */
export function parseKeyCondition(
  expression: string,
  placeholders: Placeholders,
  hashKey: string,
  rangeKey: string | undefined,
): KeyCondition {
  const condition = parseCondition(expression, placeholders, "KeyConditionExpression");
  const parts = condition.kind === "and" ? [condition.left, condition.right] : [condition];
  if (parts.some((p) => p.kind === "and" || p.kind === "or" || p.kind === "not")) {
    throw ddbValidation(
      "Invalid operator used in KeyConditionExpression: only one hash-key equality and one range-key condition joined by AND",
    );
  }
  let hashValue: AttributeValue | undefined;
  let range: Condition | undefined;
  for (const part of parts) {
    const subject =
      part.kind === "compare"
        ? part.left
        : part.kind === "between" || part.kind === "begins_with"
          ? part.subject
          : undefined;
    const path = subject && "path" in subject ? subject.path : undefined;
    if (path === hashKey && part.kind === "compare" && part.op === "=" && "value" in part.right) {
      hashValue = placeholders.values[part.right.value];
    } else if (
      rangeKey !== undefined &&
      path === rangeKey &&
      part.kind !== "exists" &&
      part.kind !== "not_exists" &&
      !(part.kind === "compare" && part.op === "<>")
    ) {
      if (range)
        throw ddbValidation("KeyConditionExpressions must only contain one condition per key");
      range = part;
    } else {
      throw ddbValidation(
        `Query condition missed key schema element or used an unsupported condition: ${path ?? "?"}`,
      );
    }
  }
  if (!hashValue) throw ddbValidation(`Query condition missed key schema element: ${hashKey}`);
  return { hashValue, range };
}

/** One action of an update expression. */
export type UpdateAction =
  | { kind: "set"; path: string; value: Operand; ifNotExists?: string }
  | { kind: "remove"; path: string };

/** Parses `SET a = :v, b = if_not_exists(b, :w) REMOVE c, d`. */
export function parseUpdate(expression: string, placeholders: Placeholders): UpdateAction[] {
  const parser = new Parser(
    tokenize(expression, "UpdateExpression"),
    placeholders,
    "UpdateExpression",
  );
  const actions: UpdateAction[] = [];
  const seenClauses = new Set<string>();
  while (!parser.done()) {
    const clause = parser.next();
    const word = clause.text.toUpperCase();
    if (clause.kind !== "word" || !["SET", "REMOVE", "ADD", "DELETE"].includes(word)) {
      throw ddbValidation(`Invalid UpdateExpression: Syntax error; token: "${clause.text}"`);
    }
    if (word === "ADD" || word === "DELETE") {
      throw ddbValidation(
        `Invalid UpdateExpression: ${word} is not supported by the local endpoint`,
      );
    }
    if (seenClauses.has(word)) {
      throw ddbValidation(
        `Invalid UpdateExpression: The "${word}" section can only be used once in an update expression`,
      );
    }
    seenClauses.add(word);
    for (let first = true; first || parser.peek()?.text === ","; first = false) {
      if (!first) parser.next();
      const path = parser.path();
      if (word === "REMOVE") {
        actions.push({ kind: "remove", path });
      } else {
        parser.expectOp("=");
        const token = parser.peek();
        if (token?.kind === "word" && token.text === "if_not_exists") {
          parser.next();
          parser.expectOp("(");
          const guarded = parser.path();
          parser.expectOp(",");
          const value = parser.operand();
          parser.expectOp(")");
          actions.push({ kind: "set", path, value, ifNotExists: guarded });
        } else {
          const value = parser.operand();
          const after = parser.peek();
          if (after?.kind === "op" && (after.text === "+" || after.text === "-")) {
            throw ddbValidation(
              "Invalid UpdateExpression: arithmetic is not supported by the local endpoint",
            );
          }
          actions.push({ kind: "set", path, value });
        }
      }
    }
  }
  const paths = actions.map((a) => a.path);
  const dup = paths.find((p, i) => paths.indexOf(p) !== i);
  if (dup) {
    throw ddbValidation(
      `Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [${dup}], path two: [${dup}]`,
    );
  }
  return actions;
}

/** Applies update actions to a copy of `item` (absent: a new item with only the key). */
export function applyUpdate(
  item: AttributeMap | undefined,
  key: AttributeMap,
  actions: readonly UpdateAction[],
  placeholders: Placeholders,
): AttributeMap {
  const next: AttributeMap = { ...(item ?? key) };
  for (const action of actions) {
    if (action.path in key) {
      throw ddbValidation(
        `One or more parameter values were invalid: Cannot update attribute ${action.path}. This attribute is part of the key`,
      );
    }
    if (action.kind === "remove") {
      delete next[action.path];
    } else if (action.ifNotExists !== undefined && item?.[action.ifNotExists] !== undefined) {
      next[action.path] = item[action.ifNotExists];
    } else {
      next[action.path] = resolveOperand(action.value, item, placeholders)!;
    }
  }
  return next;
}
