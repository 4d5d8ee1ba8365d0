/**
 * NextToken/MaxResults pagination shared by every list operation.
 *
 * Tokens are key-based (the sort key of the last item returned), not offsets, so a page boundary
 * stays put when items are added or removed between calls — as with AWS, where a token is opaque
 * and tied to the operation that issued it.
 */
import {
  AwsError,
  type JsonObject,
  optionalInteger,
  optionalString,
  validationError,
} from "./protocol";

/** How one operation pages. */
export interface PageRules {
  /** Operation name, bound into the token so a token from another operation is rejected. */
  readonly operation: string;
  /** Largest MaxResults accepted (SMS Voice v2: 100; SSM GetParametersByPath: 10). */
  readonly maxPageSize: number;
  /** Page size when MaxResults is absent. Default `maxPageSize`. */
  readonly defaultPageSize?: number;
  /** Error for a token that does not decode. Default SMS Voice v2's ValidationException INVALID_NEXT_TOKEN. */
  readonly invalidToken?: () => AwsError;
}

/** One page and the token for the next one (absent on the last page). */
export interface Page<T> {
  readonly items: T[];
  readonly nextToken?: string;
}

interface TokenBody {
  readonly op: string;
  readonly after: string | number;
}

function encodeToken(body: TokenBody): string {
  return Buffer.from(JSON.stringify(body), "utf8").toString("base64url");
}

function decodeToken(token: string, operation: string): string | number | undefined {
  try {
    const body = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as Partial<TokenBody>;
    if (
      body.op === operation &&
      (typeof body.after === "string" || typeof body.after === "number")
    ) {
      return body.after;
    }
  } catch {
    // fall through: any undecodable token is simply invalid
  }
  return undefined;
}

/**
 * Returns the page of `items` (already in answer order, ascending by `keyOf`) that the request's
 * `NextToken` and `MaxResults` select.
 */
export function paginate<T>(
  items: readonly T[],
  keyOf: (item: T) => string | number,
  input: JsonObject,
  rules: PageRules,
): Page<T> {
  const maxResults = optionalInteger(input, "MaxResults");
  if (maxResults !== undefined && (maxResults < 1 || maxResults > rules.maxPageSize)) {
    throw validationError(
      `1 validation error detected: Value '${maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and ${rules.maxPageSize}`,
    );
  }
  const pageSize = maxResults ?? rules.defaultPageSize ?? rules.maxPageSize;
  const token = optionalString(input, "NextToken");
  let start = 0;
  if (token !== undefined) {
    const after = decodeToken(token, rules.operation);
    if (after === undefined) {
      throw (
        rules.invalidToken ??
        (() => validationError("The next token is invalid.", "INVALID_NEXT_TOKEN"))
      )();
    }
    start = items.findIndex((item) => keyOf(item) > after);
    if (start < 0) start = items.length;
  }
  const page = items.slice(start, start + pageSize);
  const hasMore = start + pageSize < items.length;
  return {
    items: page,
    nextToken: hasMore
      ? encodeToken({ op: rules.operation, after: keyOf(page[page.length - 1]) })
      : undefined,
  };
}
