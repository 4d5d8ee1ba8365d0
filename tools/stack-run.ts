/**
 * Runs this repository's stack program offline for a named stack file: the shared step of
 * the preview, the benchmark and the policy check.
 */
import * as path from "node:path";
import type { OfflineRun, RunOfflineOptions } from "../engine/run";
import { ESTATE_CONFIG_KEY } from "../stacks/config/issues";
import { parseEstateConfig, readStackConfig, stackFilePath } from "../stacks/config/load";
import type { EstateConfig } from "../stacks/config/schema";

/** Repository root (this file lives in `tools/`). */
export const REPO_ROOT = path.resolve(__dirname, "..");
/**
 * The program Pulumi.yaml names as `main`: `stacks/index.ts`, or its compiled `bin/stacks/index.js`
 * when this module runs compiled (the `messaging` command; see tools/build.cjs), so the program
 * loads without a TypeScript compile. The path is taken from this module's own file, which
 * is in the same tree as the program in either form.
 */
export const STACK_PROGRAM = path.join(
  path.dirname(__filename),
  "..",
  "stacks",
  `index${path.extname(__filename)}`,
);

/** A stack's run plus the validated estate it came from. */
export interface StackRun extends OfflineRun {
  stack: string;
  estate: EstateConfig;
}

/** Options of {@link runStack}. */
export interface RunStackOptions {
  /** Stack name: reads `Pulumi.<stack>.yaml`. */
  stack: string;
  /** Directory of stack files. Default: `stacks/`. */
  stacksDir?: string;
  /** Program file. Default: `stacks/index.ts`. */
  program?: string;
  /** See `RunOfflineOptions.onRegistered` (the policy check streams analysis). Default: none. */
  onRegistered?: RunOfflineOptions["onRegistered"];
}

/**
 * Validates a stack file's estate (throwing `EstateConfigError` before anything runs), then
 * runs the program offline with the file's whole config, as `pulumi preview` would.
 */
export async function runStack(options: RunStackOptions): Promise<StackRun> {
  const file = stackFilePath(options.stack, options.stacksDir);
  const config = readStackConfig(file);
  const estate = parseEstateConfig(config[ESTATE_CONFIG_KEY], path.basename(file));
  const awsRegion = config["aws:region"];
  // The engine (and with it the Pulumi SDK) loads only once the stack file is known good.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runProgramFile } = require("../engine/program") as typeof import("../engine/program");
  const program = path.resolve(options.program ?? STACK_PROGRAM);
  // Only the program's entry module loads afresh for each run, so its top level (which
  // declares the stack) runs again; the modules it imports (validation, components) load
  // once, as in a `pulumi preview` process. Reloading them cost every run their module
  // loads, their zod schemas' compilation and the serialization of each dynamic provider's
  // code (Pulumi caches it per provider object). The engine forgets the modules under
  // `rootDir`: given the entry file itself, that is none, and the entry is forgotten here.
  delete require.cache[program];
  const run = await runProgramFile(program, {
    stack: options.stack,
    config,
    account: estate.account,
    defaultRegion: typeof awsRegion === "string" ? awsRegion : estate.primaryRegion,
    rootDir: program,
    onRegistered: options.onRegistered,
  });
  return { ...run, stack: options.stack, estate };
}
