/**
 * Running a Pulumi program *file* offline, the way the Node.js language host would: the
 * module is loaded fresh inside the stack, and its exports become the stack outputs.
 */
import * as path from "node:path";
import { runOffline, type OfflineRun, type RunOfflineOptions } from "./run";

/** Drops cached modules under `root` (outside node_modules) so a program's top level runs again. */
function forgetProgramModules(root: string): void {
  for (const id of Object.keys(require.cache)) {
    if (id.startsWith(root + path.sep) && !id.includes(`${path.sep}node_modules${path.sep}`)) {
      delete require.cache[id];
    }
  }
}

/**
 * Runs the program in `file` (TypeScript needs a TS loader in this process, e.g. tsx).
 *
 * @param file path of the program's entry module
 * @param options as {@link runOffline}; `rootDir` limits which cached modules are reloaded.
 *   Default rootDir: the program file's directory.
 */
export async function runProgramFile(
  file: string,
  options: RunOfflineOptions & { rootDir?: string } = {},
): Promise<OfflineRun> {
  const entry = path.resolve(file);
  const root = path.resolve(options.rootDir ?? path.dirname(entry));
  forgetProgramModules(root);
  return runOffline(async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported = require(entry) as Record<string, unknown> & { default?: unknown };
    // A default export that is a function is the program body (as the language host does).
    if (typeof exported.default === "function") return await (exported.default as () => unknown)();
    return { ...exported };
  }, options);
}
