/**
 * The surroundings every `messaging` command starts in: the directory the user ran it from,
 * and the Node.js warnings worth showing.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Makes relative paths (`--out`, `--stacks-dir`, a program file, `--state-file`) resolve
 * against the directory the user ran the command from. `npm run <script>` starts scripts in
 * the package's root whatever directory the user stood in, and tells where that was in
 * `INIT_CWD`; only a process started *as* one of this package's scripts moves there, so a
 * program started by another script (a test under `npm test`) keeps its own directory.
 *
 * @param env the process environment. Default: `process.env`.
 * @returns the directory moved to, or undefined when nothing changed
 */
export function adoptInvocationDirectory(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const from = env.INIT_CWD;
  const script = env.npm_lifecycle_script ?? "";
  if (!from || !/\bmessaging\.cjs\b/.test(script)) return undefined;
  if (path.resolve(from) === process.cwd()) return undefined;
  if (!fs.statSync(from, { throwIfNoEntry: false })?.isDirectory()) return undefined;
  process.chdir(from);
  return from;
}

/**
 * Hides one warning: Node.js 26 marks its `node:ffi` module experimental, and Pulumi's
 * closure serialization (used by the dynamic providers) loads every built-in module while
 * looking for captured ones, so each command printed "FFI is an experimental feature" though
 * nothing here uses FFI. Every other warning still prints.
 */
export function ignoreFfiExperimentalWarning(): void {
  const emitWarning = process.emitWarning;
  process.emitWarning = function (
    this: NodeJS.Process,
    warning: string | Error,
    ...rest: unknown[]
  ) {
    const message = typeof warning === "string" ? warning : warning.message;
    const options = rest[0];
    const type =
      typeof options === "string"
        ? options
        : ((options as { type?: string } | undefined)?.type ??
          (warning instanceof Error ? warning.name : undefined));
    if (type === "ExperimentalWarning" && message.startsWith("FFI is an experimental feature")) {
      return;
    }
    return (emitWarning as (...args: unknown[]) => void).call(this, warning, ...rest);
  } as typeof process.emitWarning;
}
