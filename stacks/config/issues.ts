/**
 * Config problems, collected rather than thrown one at a time, so a user fixes a bad
 * stack file in one pass.
 */
import { escapeInvisible, quote, truncate } from "./text";

/** Pulumi config key the estate object lives under. */
export const ESTATE_CONFIG_KEY = "messaging:estate";

/** One problem in the stack configuration. */
export interface ConfigIssue {
  /** Path inside the estate object, e.g. ["useCases", "otp", "countries", 2]. */
  path: ReadonlyArray<string | number>;
  /** What is wrong and how to fix it. */
  message: string;
}

/** A key that reads unambiguously after a dot: letters, digits, `_`, `-`, single inner spaces. */
const PLAIN_KEY = /^[A-Za-z0-9_-]+( [A-Za-z0-9_-]+)*$/;

/**
 * Renders a path the way a user would find it in YAML: `useCases.otp.countries[2]`. Keys
 * that are not plain names (a dot, a colon, a control character, 200 characters) appear
 * quoted, escaped and shortened: `tags["aws:owner"]`.
 */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = ESTATE_CONFIG_KEY;
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else {
      const key = String(part);
      out += PLAIN_KEY.test(key) && key.length <= 64 ? `.${key}` : `[${quote(key)}]`;
    }
  }
  return out;
}

/** Longest message kept for one problem: a safety net behind the messages' own limits. */
const MAX_MESSAGE_LENGTH = 2_000;

/** Most problems one error message lists; the rest are counted. */
export const MAX_LISTED_ISSUES = 100;

/** Issues in a stable order: by path as written, then message (so key order in YAML changes nothing). */
export function sortIssues(issues: readonly ConfigIssue[]): ConfigIssue[] {
  const keyed = issues.map((issue) => ({ issue, key: formatPath(issue.path) }));
  keyed.sort((a, b) =>
    a.key === b.key
      ? a.issue.message < b.issue.message
        ? -1
        : a.issue.message > b.issue.message
          ? 1
          : 0
      : a.key < b.key
        ? -1
        : 1,
  );
  return keyed.map((entry) => entry.issue);
}

/**
 * Thrown before any resource is declared when the stack configuration is invalid. Its
 * message lists every problem (the first {@link MAX_LISTED_ISSUES}), one per line, each
 * with its config path.
 */
export class EstateConfigError extends Error {
  constructor(
    readonly issues: readonly ConfigIssue[],
    readonly source = "stack configuration",
  ) {
    const listed = issues.slice(0, MAX_LISTED_ISSUES);
    const more = issues.length - listed.length;
    super(
      `${escapeInvisible(source)} has ${issues.length} problem${issues.length === 1 ? "" : "s"}:\n` +
        listed
          .map(
            (issue) =>
              `  - ${formatPath(issue.path)}: ${truncate(escapeInvisible(issue.message), MAX_MESSAGE_LENGTH)}`,
          )
          .join("\n") +
        (more > 0 ? `\n  … and ${more} more; fix these first` : ""),
    );
    this.name = "EstateConfigError";
  }

  /**
   * True for an EstateConfigError from any copy of this module: tools reload the program's
   * modules for every run, so `instanceof` alone would miss errors from a fresh copy.
   */
  static is(error: unknown): error is EstateConfigError {
    return (
      error instanceof Error &&
      error.name === "EstateConfigError" &&
      Array.isArray((error as EstateConfigError).issues)
    );
  }

  /** The rendered paths, handy for tests and tools. */
  get paths(): string[] {
    return this.issues.map((issue) => formatPath(issue.path));
  }
}
