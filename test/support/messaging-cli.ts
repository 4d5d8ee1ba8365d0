/**
 * Test support: runs the `messaging` command as a user does, a fresh process of the package's
 * `bin` (tools/messaging.cjs, which rebuilds bin/ first when a source changed), and collects
 * what it printed.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";

/** Repository root. */
export const ROOT = path.resolve(__dirname, "..", "..");
/** The package's `bin`. */
export const MESSAGING = path.join(ROOT, "tools", "messaging.cjs");

/** What a finished run printed, and how it ended. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link runMessaging}. */
export interface RunMessagingOptions {
  /** Working directory. Default: the repository root. */
  cwd?: string;
  /** Variables added to the environment (undefined removes one). Default: none. */
  env?: Record<string, string | undefined>;
  /** Kill the process after this long (a hang fails the test instead of the suite). Default: 90 s. */
  timeoutMs?: number;
  /** Run this script instead of `messaging` (e.g. npm). Default: the `messaging` bin with node. */
  command?: string[];
}

/**
 * Runs `messaging <args>`; resolves once it exited (or was killed at the timeout).
 *
 * @param args arguments after `messaging`; no default
 * @param options see {@link RunMessagingOptions}; default `{}`
 */
export function runMessaging(
  args: string[],
  options: RunMessagingOptions = {},
): Promise<CliResult> {
  // Not started by an npm script, and no CI job summary to write into.
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of [
    "npm_lifecycle_script",
    "npm_lifecycle_event",
    "INIT_CWD",
    "GITHUB_STEP_SUMMARY",
    "MESSAGING_DEBUG",
  ])
    delete env[key];
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const [command, ...prefix] = options.command ?? [process.execPath, MESSAGING];
  const child = spawn(command, [...prefix, ...args], {
    cwd: options.cwd ?? ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 90_000);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Lines that look like a JavaScript stack trace frame. */
export function stackFrames(text: string): string[] {
  return text.split("\n").filter((line) => /^\s+at \S/.test(line));
}
