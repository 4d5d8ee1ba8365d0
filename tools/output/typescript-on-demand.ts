/**
 * TypeScript for programs outside this package (`messaging check their/program.ts`): the
 * compiled command has no TypeScript loader, and loading one at every start is the cost
 * the compiled build removes. So the first `.ts` file required registers tsx, which then
 * compiles that program and everything it imports; commands that load no TypeScript never
 * pay for it.
 */
import Module from "node:module";

type ExtensionHandler = (module: NodeJS.Module, filename: string) => void;

/** Installs the on-demand loader; does nothing when running from the TypeScript sources. */
export function registerTypeScriptOnDemand(): void {
  if (!__filename.endsWith(".js")) return; // under tsx already
  const extensions = (Module as unknown as { _extensions: Record<string, ExtensionHandler> })
    ._extensions;
  const native = extensions[".ts"];
  const onDemand: ExtensionHandler = (module, filename) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { register } = require("tsx/cjs/api") as typeof import("tsx/cjs/api");
    register();
    const handler = extensions[".ts"];
    // tsx replaces the handler; should it not, fall back to what Node.js had.
    (handler !== onDemand ? handler : native)(module, filename);
  };
  extensions[".ts"] = onDemand;
}
