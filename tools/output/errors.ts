/**
 * How a command reports a failure: a problem the user can fix (a bad flag, a missing or
 * broken stack file, an invalid configuration) is one message and exit code 2, never a
 * stack trace; anything else is a bug, reported with its message and, with `--debug`, its
 * stack trace.
 */
import { EstateConfigError } from "../../stacks/config/issues";

/** A problem with the command line or its inputs: printed alone, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * Errors of the project's own modules that describe a user's mistake, by name: tools reload
 * the program's modules for every run, so `instanceof` would miss a fresh copy's errors.
 */
const USER_ERROR_NAMES = new Set([
  "UsageError",
  "CommanderError",
  "ActiveRegionConfigError",
  "CheckUsageError",
  "FailoverUsageError",
  "PromoteUsageError",
  "PolicyConfigError",
]);

/**
 * The error a program failure wraps: the offline engine's `OfflineProgramError` carries what
 * the program threw (matched by name, so that this module does not load the Pulumi SDK).
 */
export function rootCause(error: unknown): unknown {
  return error instanceof Error && error.name === "OfflineProgramError" ? error.cause : error;
}

/** True when `error` is the user's to fix (see {@link UsageError}). */
export function isUserError(error: unknown): boolean {
  const cause = rootCause(error);
  return (
    EstateConfigError.is(cause) || (cause instanceof Error && USER_ERROR_NAMES.has(cause.name))
  );
}

/**
 * True when the user asked for stack traces: `--debug` on the command line (the `messaging`
 * entry point turns it into this variable) or `MESSAGING_DEBUG=1`.
 *
 * @param env environment to read. Default: `process.env`.
 */
export function debugEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.MESSAGING_DEBUG === "1" || env.MESSAGING_DEBUG === "true";
}

/**
 * A failure as the user should read it: a user error's message alone; for anything else the
 * message and, with `--debug`, the stack trace (else a hint how to get it).
 *
 * @param error what was thrown; no default
 * @param debug show stack traces. Default: {@link debugEnabled}.
 */
export function describeError(error: unknown, debug: boolean = debugEnabled()): string {
  const cause = rootCause(error);
  if (isUserError(cause)) {
    return debug && cause instanceof Error && cause.stack ? cause.stack : (cause as Error).message;
  }
  if (!(cause instanceof Error)) return `unexpected failure: ${String(cause)}`;
  if (debug) return `unexpected failure: ${cause.stack ?? cause.message}`;
  return `unexpected failure: ${cause.message}\n(this is a bug; run again with --debug for the stack trace)`;
}
