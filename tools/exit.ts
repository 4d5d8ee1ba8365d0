/**
 * Ending a command-line process without losing output.
 *
 * Node.js writes to a pipe asynchronously: `process.exit()` right after a large
 * `process.stdout.write` drops whatever the reader has not taken yet (exactly 64 KiB
 * arrives through a pipe). Every entry point ends through {@link exitWhenFlushed}, which
 * waits until stdout and stderr have handed everything to the operating system.
 */
import { describeError } from "./output/errors";

/** Resolves once everything written so far to `stream` has been flushed (or it failed). */
export function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed || !stream.writable) return resolve();
    // Writes complete in order: the callback of an empty write runs after every earlier one.
    // A closed reader (EPIPE) ends the wait too: there is nobody left to deliver to.
    stream.once("error", () => resolve());
    stream.write("", () => resolve());
  });
}

/**
 * Sets the exit code, waits for stdout and stderr to drain, then exits. The hard exit is
 * deliberate: some commands leave handles open (a policy pack's child process, gRPC
 * channels) whose 'exit' handlers are how they are stopped.
 */
export async function exitWhenFlushed(code: number): Promise<never> {
  process.exitCode = code;
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
}

/**
 * Runs a command's `main` as the process's entry point: its resolved value is the exit
 * code; a rejection prints `label: <message>` (the stack trace too with `--debug`, see
 * `describeError`) and exits with `failureCode`.
 */
export function runAsEntryPoint(
  main: () => Promise<number>,
  options: { label: string; failureCode: number },
): void {
  main().then(
    (code) => exitWhenFlushed(code),
    (error: unknown) => {
      process.stderr.write(`${options.label}: ${describeError(error)}\n`);
      return exitWhenFlushed(options.failureCode);
    },
  );
}

/**
 * The exit codes every command shares (documented in the README):
 * 0 done; 1 findings (a mandatory policy violation, a refused promote, a Region not ready);
 * 2 usage or configuration error (nothing was done); 3 incomplete (some work is left, e.g. a
 * Region that did not answer; re-running finishes it).
 */
export const EXIT = { ok: 0, findings: 1, usage: 2, incomplete: 3 } as const;
