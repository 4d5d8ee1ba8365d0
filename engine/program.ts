/**
 * Running a Pulumi program *file* offline, the way the Node.js language host would
 * (`@pulumi/pulumi/cmd/run`): the module is loaded fresh inside the stack; a module that
 * exports a function (`export =` / `module.exports =`, sync or async) is called and what it
 * returns is the stack's outputs; otherwise its exports are. A module whose only export is
 * `default` is treated as an ES module's default export (the host unwraps it the same way).
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

/** What the language host runs: the module's default export when it is the only one, else the module. */
function programExport(exported: unknown): unknown {
  if (exported && typeof exported === "object") {
    const keys = Object.keys(exported).filter((key) => key !== "__esModule");
    if (keys.length === 1 && keys[0] === "default")
      return (exported as { default: unknown }).default;
  }
  return exported;
}

/**
 * Runs the program in `file` (TypeScript needs a TS loader in this process, e.g. tsx).
 *
 * @param file path of the program's entry module
 * @param options as {@link runOffline}; `rootDir` limits which cached modules are reloaded
 *   and is where the program's provider packages resolve from. Default rootDir: the
 *   program file's directory.
 */
export async function runProgramFile(
  file: string,
  options: RunOfflineOptions & { rootDir?: string } = {},
): Promise<OfflineRun> {
  const entry = path.resolve(file);
  const root = path.resolve(options.rootDir ?? path.dirname(entry));
  forgetProgramModules(root);
  return runOffline(
    async () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const exported = programExport(require(entry));
      const result = typeof exported === "function" ? (exported as () => unknown)() : exported;
      const outputs = await result;
      // A module's exports object is its own; hand the runtime a copy.
      return outputs && typeof outputs === "object" ? { ...outputs } : outputs;
    },
    { resolveFrom: root, ...options },
  );
}
