/**
 * The policy check: run a Pulumi program under the offline engine, then put every
 * resource and the stack through the policy pack over the analyzer gRPC protocol, in the
 * order the Pulumi CLI does (ConfigureStack, GetAnalyzerInfo, Configure with schema
 * defaults, Analyze per custom resource, AnalyzeStack), and collect the violations.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { runProgramFile } from "../../engine/program";
import { singleAllowedAccount } from "../../policies/lib/accounts";
import type { OfflineRun } from "../../engine/run";
import { readStackConfig, stackFilePath } from "../../stacks/config/load";
import { runStack, STACK_PROGRAM } from "../stack-run";
import { AnalyzerClient, type Diagnostic, type PackInfo } from "./analyzer-client";
import { analyzerResources, type AnalyzerResourceSpec } from "./analyzer-resources";
import { startPack, type RunningPack } from "./pack";
import {
  PolicyConfigError,
  readPolicyConfigFile,
  reconcilePolicyConfig,
  type EnforcementLevelName,
  type PolicyConfigEntry,
} from "./policy-config";

/** Stack checked when none is named: the repository's example, or `dev` for other programs. */
export const DEFAULT_REPO_STACK = "example";
export const DEFAULT_PROGRAM_STACK = "dev";

/** Options of {@link runCheck}. */
export interface CheckOptions {
  /** Program file. Default: this repository's stack program (`stacks/index.ts`). */
  program?: string;
  /** Stack name (selects `Pulumi.<stack>.yaml`). Default: see {@link DEFAULT_REPO_STACK}. */
  stack?: string;
  /** Policy config file in `--policy-pack-config` format. Default: none (schema defaults). */
  policyConfig?: string;
  /** Policy pack directory. Default: this repository's `policies/`. */
  packDir?: string;
  /**
   * Directory of this repository's stack files, when checking its own program (the
   * benchmark points it at generated estates). Default: `stacks/`.
   */
  stacksDir?: string;
}

/** One violation, as the JSON report lists it. */
export interface CheckViolation {
  policy: string;
  enforcementLevel: EnforcementLevelName;
  severity: string;
  resourceType: string;
  resourceName: string;
  urn: string;
  message: string;
}

/** Everything a report needs. */
export interface CheckResult {
  stack: string;
  project: string;
  /** Program file, relative to the working directory. */
  program: string;
  /** The stack file the config came from, when there was one (relative). */
  stackFile?: string;
  pack: { name: string; version: string };
  /** Custom resources the program declared (what the offline preview counts). */
  resources: number;
  violations: CheckViolation[];
  /** Non-fatal notes (unknown policy names in the config file...). */
  warnings: string[];
  /** Milliseconds spent per phase. */
  timings: { packStart: number; program: number; analysis: number; total: number };
}

/** A usage problem (bad config file, unknown stack): exit code 2 with this message. */
export class CheckUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CheckUsageError";
  }
}

interface ProgramTarget {
  file: string;
  stack: string;
  project: string;
  stackFile?: string;
  config: Record<string, unknown>;
  run(): Promise<OfflineRun>;
}

/** Nearest directory at or above `dir` holding a Pulumi.yaml. */
function findProjectDir(dir: string): string | undefined {
  for (let current = dir; ; current = path.dirname(current)) {
    if (fs.existsSync(path.join(current, "Pulumi.yaml"))) return current;
    if (path.dirname(current) === current) return undefined;
  }
}

/**
 * The account the mocks answer for: the only entry of the stack's `aws:allowedAccountIds`
 * when it names exactly one, else the engine's default. Programs that build ARNs from
 * `getCallerIdentity` then agree with ARNs written into their config.
 */
function accountFromConfig(config: Record<string, unknown>): string | undefined {
  return singleAllowedAccount(config["aws:allowedAccountIds"]);
}

/** What to run: the repository's stack, or any program file with its project's stack config. */
function resolveTarget(options: CheckOptions): ProgramTarget {
  const file = path.resolve(options.program ?? STACK_PROGRAM);
  if (!fs.existsSync(file)) throw new CheckUsageError(`program ${options.program} does not exist`);
  if (file === STACK_PROGRAM) {
    const stack = options.stack ?? DEFAULT_REPO_STACK;
    const stackFile = stackFilePath(stack, options.stacksDir);
    if (!fs.existsSync(stackFile)) {
      throw new CheckUsageError(
        `stack file ${path.relative(process.cwd(), stackFile)} does not exist; pick another --stack`,
      );
    }
    return {
      file,
      stack,
      project: "messaging",
      stackFile,
      config: readStackConfig(stackFile),
      run: () => runStack({ stack, stacksDir: options.stacksDir }),
    };
  }
  const stack = options.stack ?? DEFAULT_PROGRAM_STACK;
  const projectDir = findProjectDir(path.dirname(file));
  let project = "check";
  let stackDir = projectDir;
  if (projectDir) {
    const manifest = (YAML.parse(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8")) ??
      {}) as {
      name?: string;
      stackConfigDir?: string;
    };
    project = manifest.name ?? project;
    stackDir = path.resolve(projectDir, manifest.stackConfigDir ?? ".");
  }
  const candidate = path.join(stackDir ?? path.dirname(file), `Pulumi.${stack}.yaml`);
  const stackFile = fs.existsSync(candidate) ? candidate : undefined;
  const config = stackFile ? readStackConfig(stackFile) : {};
  const region = config["aws:region"];
  const account = accountFromConfig(config);
  return {
    file,
    stack,
    project,
    stackFile,
    config,
    run: () =>
      runProgramFile(file, {
        stack,
        project,
        config,
        defaultRegion: typeof region === "string" ? region : undefined,
        account,
        rootDir: projectDir ?? path.dirname(file),
      }),
  };
}

/** The policy's own message: the SDK prefixes it with the description and a newline. */
function ownMessage(diagnostic: Diagnostic): string {
  const prefix = `${diagnostic.description}\n`;
  if (diagnostic.message.startsWith(prefix)) return diagnostic.message.slice(prefix.length);
  return diagnostic.message;
}

/** Maps `items` through `fn` with at most `limit` calls in flight, keeping order. */
async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Runs the check; throws on usage, program or pack errors (all exit code 2). */
export async function runCheck(options: CheckOptions = {}): Promise<CheckResult> {
  const started = Date.now();
  const target = resolveTarget(options);
  let given: Record<string, PolicyConfigEntry> = {};
  if (options.policyConfig) {
    try {
      given = readPolicyConfigFile(options.policyConfig);
    } catch (error) {
      if (error instanceof PolicyConfigError) throw new CheckUsageError(error.message);
      throw error;
    }
  }

  // Start the pack while the program runs: one is a child process, the other in-process work.
  const packStarted = Date.now();
  let packStartMs = 0;
  const packPromise = startPack({ packDir: options.packDir }).then((pack) => {
    packStartMs = Date.now() - packStarted;
    return pack;
  });
  // Keep a failed start from becoming an unhandled rejection while the program runs.
  packPromise.catch(() => undefined);
  let pack: RunningPack | undefined;
  let client: AnalyzerClient | undefined;
  try {
    const programStarted = Date.now();
    const run = await target.run();
    const programMs = Date.now() - programStarted;
    const specs = await analyzerResources(run.resources, {
      stack: target.stack,
      project: target.project,
      config: target.config,
      resolveFrom: path.dirname(target.file),
    });

    pack = await packPromise;
    const analysisStarted = Date.now();
    client = new AnalyzerClient(pack.address);
    const warnings: string[] = [];
    await client.configureStack({
      stack: target.stack,
      project: target.project,
      dryRun: true,
      config: Object.fromEntries(
        Object.entries(target.config).map(([k, v]) => [
          k,
          typeof v === "string" ? v : JSON.stringify(v),
        ]),
      ),
    });
    const info: PackInfo = await client.getAnalyzerInfo();
    const reconciled = reconcilePolicyConfig(info.policies, given, info.initialConfig);
    if (reconciled.errors.length > 0) {
      throw new CheckUsageError(
        `policy config${options.policyConfig ? ` ${options.policyConfig}` : ""} is invalid:\n${reconciled.errors.map((e) => `  - ${e}`).join("\n")}`,
      );
    }
    for (const name of reconciled.unknownPolicies)
      warnings.push(`policy config names an unknown policy "${name}"; it is ignored`);
    for (const name of reconciled.unknownProperties)
      warnings.push(
        `policy config sets "${name}", which the policy does not define; it is ignored`,
      );
    await client.configure(reconciled.config);

    const byUrn = new Map<string, AnalyzerResourceSpec>(specs.map((s) => [s.urn, s]));
    const stackUrn =
      specs.find((s) => s.type === "pulumi:pulumi:Stack")?.urn ??
      `urn:pulumi:${target.stack}::${target.project}::pulumi:pulumi:Stack::${target.project}-${target.stack}`;
    const toViolation = (d: Diagnostic, fallbackUrn: string): CheckViolation => {
      // The CLI attributes a diagnostic to its URN when that resource is in the stack, else to the stack.
      const urn = d.urn && byUrn.has(d.urn) ? d.urn : fallbackUrn;
      const resource = byUrn.get(urn);
      return {
        policy: d.policyName,
        enforcementLevel: d.enforcementLevel,
        severity: d.severity,
        resourceType: resource?.type ?? "pulumi:pulumi:Stack",
        resourceName: resource?.name ?? `${target.project}-${target.stack}`,
        urn,
        message: ownMessage(d),
      };
    };

    const custom = specs.filter((s) => s.custom);
    const perResource = await mapLimited(custom, 8, async (spec) =>
      (await client!.analyze(spec)).map((d) => toViolation(d, spec.urn)),
    );
    const stackDiagnostics = (await client.analyzeStack(specs)).map((d) =>
      toViolation(d, stackUrn),
    );
    const analysisMs = Date.now() - analysisStarted;

    return {
      stack: target.stack,
      project: target.project,
      program: path.relative(process.cwd(), target.file),
      stackFile: target.stackFile ? path.relative(process.cwd(), target.stackFile) : undefined,
      pack: { name: info.name, version: info.version },
      resources: specs.filter((s) => s.custom && !s.synthesized).length,
      violations: [...perResource.flat(), ...stackDiagnostics],
      warnings,
      timings: {
        packStart: packStartMs,
        program: programMs,
        analysis: analysisMs,
        total: Date.now() - started,
      },
    };
  } finally {
    client?.close();
    // Close the pack whether or not it had started by the time something failed.
    await (pack ?? (await packPromise.catch(() => undefined)))?.close();
  }
}
