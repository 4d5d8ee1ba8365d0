/**
 * Runs this repository's stack program offline for a named stack file: the shared step of
 * the preview, the benchmark and the policy check.
 */
import * as path from "node:path";
import { runProgramFile } from "../engine/program";
import type { OfflineRun, RunOfflineOptions } from "../engine/run";
import { ESTATE_CONFIG_KEY } from "../stacks/config/issues";
import { parseEstateConfig, readStackConfig, stackFilePath } from "../stacks/config/load";
import type { EstateConfig } from "../stacks/config/schema";

/** Repository root (this file lives in `tools/`). */
export const REPO_ROOT = path.resolve(__dirname, "..");
/** The program Pulumi.yaml names as `main`. */
export const STACK_PROGRAM = path.join(REPO_ROOT, "stacks", "index.ts");

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
  const run = await runProgramFile(options.program ?? STACK_PROGRAM, {
    stack: options.stack,
    config,
    account: estate.account,
    defaultRegion: typeof awsRegion === "string" ? awsRegion : estate.primaryRegion,
    rootDir: REPO_ROOT,
    onRegistered: options.onRegistered,
  });
  return { ...run, stack: options.stack, estate };
}
