/**
 * Config problems, collected rather than thrown one at a time, so a user fixes a bad
 * stack file in one pass.
 */

/** Pulumi config key the estate object lives under. */
export const ESTATE_CONFIG_KEY = "messaging:estate";

/** One problem in the stack configuration. */
export interface ConfigIssue {
  /** Path inside the estate object, e.g. ["useCases", "otp", "countries", 2]. */
  path: ReadonlyArray<string | number>;
  /** What is wrong and how to fix it. */
  message: string;
}

/** Renders a path the way a user would find it in YAML: `useCases.otp.countries[2]`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = ESTATE_CONFIG_KEY;
  for (const part of path) {
    out += typeof part === "number" ? `[${part}]` : `.${String(part)}`;
  }
  return out;
}

/**
 * Thrown before any resource is declared when the stack configuration is invalid. Its
 * message lists every problem, one per line, each with its config path.
 */
export class EstateConfigError extends Error {
  constructor(
    readonly issues: readonly ConfigIssue[],
    readonly source = "stack configuration",
  ) {
    super(
      `${source} has ${issues.length} problem${issues.length === 1 ? "" : "s"}:\n` +
        issues.map((issue) => `  - ${formatPath(issue.path)}: ${issue.message}`).join("\n"),
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
