/**
 * What the check runs: this repository's stack program with a stack file, or any program
 * file with the stack config, tags and secret keys of its nearest Pulumi project, the way
 * the Pulumi CLI would select them.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { runProgramFile } from "../../engine/program";
import type { OfflineRun, RunOfflineOptions } from "../../engine/run";
import { singleAllowedAccount } from "../../policies/lib/accounts";
import { ENCRYPTED_CONFIG_VALUE } from "../../stacks/config/formats";
import { assertStackName, readStackConfig, stackFilePath } from "../../stacks/config/stack-file";
import { runStack, STACK_PROGRAM } from "../stack-run";

/** Stack checked when none is named: the repository's example, or `dev` for other programs. */
export const DEFAULT_REPO_STACK = "example";
export const DEFAULT_PROGRAM_STACK = "dev";

/** A usage problem (bad config file, unknown stack): exit code 2 with this message. */
export class CheckUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CheckUsageError";
  }
}

/** Options that select what to run. */
export interface TargetOptions {
  /** Program file. Default: this repository's stack program (`stacks/index.ts`). */
  program?: string;
  /** Stack name (selects `Pulumi.<stack>.yaml`). Default: see {@link DEFAULT_REPO_STACK}. */
  stack?: string;
  /** Directory of this repository's stack files. Default: `stacks/`. */
  stacksDir?: string;
  /**
   * ARN of the AWS organization the program's `getOrganization` calls answer with.
   * Default: none (the organization is unknown offline).
   */
  organizationArn?: string;
}

/** A program, its stack and how to run it. */
export interface ProgramTarget {
  file: string;
  stack: string;
  project: string;
  stackFile?: string;
  config: Record<string, unknown>;
  /** Config keys whose values are secrets in the stack file. */
  secretKeys: string[];
  /** Tags the CLI derives from the project (`pulumi:project`, `pulumi:runtime`, `pulumi:description`). */
  tags: Record<string, string>;
  /** Runs the program offline, telling `onRegistered` of each resource as it registers. */
  run(onRegistered?: RunOfflineOptions["onRegistered"]): Promise<OfflineRun>;
}

/** Nearest directory at or above `dir` holding a Pulumi.yaml. */
function findProjectDir(dir: string): string | undefined {
  for (let current = dir; ; current = path.dirname(current)) {
    if (fs.existsSync(path.join(current, "Pulumi.yaml"))) return current;
    if (path.dirname(current) === current) return undefined;
  }
}

interface ProjectManifest {
  name?: string;
  description?: string;
  runtime?: string | { name?: string };
  stackConfigDir?: string;
}

function readManifest(projectDir: string | undefined): ProjectManifest {
  if (!projectDir) return {};
  return (YAML.parse(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8")) ??
    {}) as ProjectManifest;
}

/** The tags the CLI gives every stack of a project. */
function projectTags(manifest: ProjectManifest, project: string): Record<string, string> {
  const runtime = typeof manifest.runtime === "string" ? manifest.runtime : manifest.runtime?.name;
  return {
    "pulumi:project": project,
    ...(runtime ? { "pulumi:runtime": runtime } : {}),
    ...(manifest.description ? { "pulumi:description": manifest.description } : {}),
  };
}

/** Top-level config keys whose value (or a value inside it) was set with `--secret`. */
function secretKeysOf(config: Record<string, unknown>): string[] {
  // A YAML alias can make a value contain itself: visit each node once.
  const seen = new Set<object>();
  const holdsSecret = (value: unknown): boolean => {
    if (value === ENCRYPTED_CONFIG_VALUE) return true;
    if (value === null || typeof value !== "object" || seen.has(value)) return false;
    seen.add(value);
    return Object.values(value).some(holdsSecret);
  };
  return Object.keys(config)
    .filter((key) => holdsSecret(config[key]))
    .sort();
}

/** What to run: the repository's stack, or any program file with its project's stack config. */
export function resolveTarget(options: TargetOptions): ProgramTarget {
  const file = path.resolve(options.program ?? STACK_PROGRAM);
  if (!fs.existsSync(file)) throw new CheckUsageError(`program ${options.program} does not exist`);
  if (file === STACK_PROGRAM) {
    const stack = options.stack ?? DEFAULT_REPO_STACK;
    // Refuses a missing file (listing the stacks), and reading says what is wrong with any
    // other (a directory, a pipe, a symbolic-link loop), as for every other command.
    const stackFile = stackFilePath(stack, options.stacksDir);
    const config = readStackConfig(stackFile);
    const projectDir = findProjectDir(path.dirname(file));
    return {
      file,
      stack,
      project: "messaging",
      stackFile,
      config,
      secretKeys: secretKeysOf(config),
      tags: projectTags(readManifest(projectDir), "messaging"),
      run: (onRegistered) => runStack({ stack, stacksDir: options.stacksDir, onRegistered }),
    };
  }
  const stack = options.stack ?? DEFAULT_PROGRAM_STACK;
  const projectDir = findProjectDir(path.dirname(file));
  const manifest = readManifest(projectDir);
  const project = manifest.name ?? "check";
  const stackDir = projectDir
    ? path.resolve(projectDir, manifest.stackConfigDir ?? ".")
    : undefined;
  assertStackName(stack);
  const configDir = stackDir ?? path.dirname(file);
  const candidate = path.join(configDir, `Pulumi.${stack}.yaml`);
  // A stack named on the command line must have its file: with none, a typo would check the
  // program under no config at all. (Only the default stack may be without one.)
  const stackFile =
    options.stack !== undefined
      ? stackFilePath(stack, configDir)
      : fs.existsSync(candidate)
        ? candidate
        : undefined;
  const config = stackFile ? readStackConfig(stackFile) : {};
  const region = config["aws:region"];
  // The mocks answer for the only account `aws:allowedAccountIds` names, so programs that
  // build ARNs from getCallerIdentity agree with ARNs written into their config.
  const account = singleAllowedAccount(config["aws:allowedAccountIds"]);
  const secretKeys = secretKeysOf(config);
  return {
    file,
    stack,
    project,
    stackFile,
    config,
    secretKeys,
    tags: projectTags(manifest, project),
    run: (onRegistered) =>
      runProgramFile(file, {
        onRegistered,
        stack,
        project,
        config,
        secretKeys,
        defaultRegion: typeof region === "string" ? region : undefined,
        account,
        organizationArn: options.organizationArn,
        rootDir: projectDir ?? path.dirname(file),
      }),
  };
}
