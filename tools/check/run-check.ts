/**
 * The policy check: run a Pulumi program under the offline engine, then put every
 * resource and the stack through the policy pack over the analyzer gRPC protocol, in the
 * order the Pulumi CLI does: ConfigureStack (config, secret keys, tags, organization),
 * GetAnalyzerInfo, Configure (schema defaults, then the config file), then for every
 * registration, providers, components and the stack included, Remediate and Analyze with
 * the remediated inputs, and finally AnalyzeStack. Collects the violations with their
 * remediation steps and where the program declared each resource, and what could not be
 * verified offline.
 */
import * as path from "node:path";
import type { UnansweredInvoke } from "../../engine/aws-mocks";
import type { ProgramLog } from "../../engine/loopback-engine";
import type { SourcePosition } from "../../engine/recording-monitor";
import type { RecordedResource } from "../../engine/recording-monitor";
import {
  AnalyzerClient,
  type Diagnostic,
  type PackInfo,
  type Remediation,
} from "./analyzer-client";
import {
  AnalyzerSpecBuilder,
  analyzerResources,
  type AnalyzerResourceSpec,
} from "./analyzer-resources";
import {
  COULD_NOT_VERIFY,
  COULD_NOT_VERIFY_POLICY,
  COULD_NOT_VERIFY_REMEDIATION,
  unverifiedResources,
} from "./could-not-verify";
import { startPack, type RunningPack } from "./pack";
import {
  PolicyConfigError,
  readPolicyConfigFile,
  reconcilePolicyConfig,
  type EnforcementLevelName,
  type PolicyConfigEntry,
} from "./policy-config";
import { CheckUsageError, resolveTarget, type TargetOptions } from "./target";

export { CheckUsageError, DEFAULT_PROGRAM_STACK, DEFAULT_REPO_STACK } from "./target";

/** Options of {@link runCheck}. */
export interface CheckOptions extends TargetOptions {
  /** Policy config file in `--policy-pack-config` format. Default: none (schema defaults). */
  policyConfig?: string;
  /** Policy pack directory. Default: this repository's `policies/`. */
  packDir?: string;
  /**
   * A pack already running (several checks in one process, as tests run them): used
   * instead of starting one, and left running. Default: start the pack in `packDir`.
   */
  pack?: RunningPack;
  /** The Pulumi organization sent in ConfigureStack. Default: "" (none). */
  organization?: string;
  /** Stack tags added to those the project implies (`pulumi:project`...). Default: none. */
  stackTags?: Record<string, string>;
}

/** A place in the program, relative to the working directory. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
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
  /** What to change, from the policy's metadata. */
  remediationSteps: string;
  /** Where the program declared the resource, when known (stack-wide findings have none). */
  location?: SourceLocation;
}

/** A resource a remediation policy changed before it was analyzed. */
export interface CheckRemediation {
  policy: string;
  resourceType: string;
  resourceName: string;
  urn: string;
  description: string;
}

/** A policy as reports describe it (from the pack's GetAnalyzerInfo). */
export interface CheckPolicy {
  name: string;
  description: string;
  enforcementLevel: EnforcementLevelName;
  severity: string;
  remediationSteps: string;
  url: string;
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
  /** The pack's policies, with the check's own `could-not-verify`. */
  policies: CheckPolicy[];
  /** Custom resources the program declared (what the offline preview counts). */
  resources: number;
  violations: CheckViolation[];
  remediations: CheckRemediation[];
  /** Invokes the offline engine could not answer in full (the cause of `could-not-verify` findings). */
  unansweredInvokes: UnansweredInvoke[];
  /** Non-fatal notes (unknown policy names in the config file, the program's warnings...). */
  warnings: string[];
  /** Milliseconds spent per phase. */
  timings: { packStart: number; program: number; analysis: number; total: number };
}

/** The policy's own message: the SDK prefixes it with the description and a newline. */
function ownMessage(diagnostic: Diagnostic): string {
  const prefix = `${diagnostic.description}\n`;
  if (diagnostic.message.startsWith(prefix)) return diagnostic.message.slice(prefix.length);
  return diagnostic.message;
}

function locationOf(position: SourcePosition | undefined): SourceLocation | undefined {
  if (!position) return undefined;
  return {
    file: path.relative(process.cwd(), position.file).split(path.sep).join("/"),
    line: position.line,
    column: position.column,
  };
}

function programWarnings(logs: readonly ProgramLog[]): string[] {
  return logs
    .filter((log) => log.severity === "warning")
    .map((log) => `the program warned: ${log.message}`);
}

/** Reads the policy config file the user named. */
function policyConfigOf(file: string | undefined): Record<string, PolicyConfigEntry> {
  if (!file) return {};
  try {
    return readPolicyConfigFile(file);
  } catch (error) {
    if (error instanceof PolicyConfigError) throw new CheckUsageError(error.message);
    throw error;
  }
}

/** At most `limit` calls in flight; the rest wait their turn. */
function limiter(limit: number): <T>(fn: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/** The analyzer after ConfigureStack, GetAnalyzerInfo and Configure. */
interface Session {
  client: AnalyzerClient;
  info: PackInfo;
  reconciled: ReturnType<typeof reconcilePolicyConfig>;
  /** False when no policy is at the remediate level: the pack's Remediate then changes nothing. */
  remediating: boolean;
  warnings: string[];
}

/** What one registration's Remediate and Analyze calls returned. */
interface SpecAnalysis {
  spec: AnalyzerResourceSpec;
  diagnostics: Diagnostic[];
  remediations: Remediation[];
}

/**
 * Runs the check; throws on usage, program or pack errors (all exit code 2).
 *
 * As the CLI does, each resource is remediated and analyzed when the program registers it
 * (once the pack has been configured), so analysis overlaps the program; the stack is
 * analyzed as a whole at the end.
 */
export async function runCheck(options: CheckOptions = {}): Promise<CheckResult> {
  const started = Date.now();
  // Start the pack first: it is a child process and needs no input from the program.
  const given = options.pack;
  const packPromise = (
    given ? Promise.resolve(given) : startPack({ packDir: options.packDir })
  ).then((pack) => ({ pack, ms: Date.now() - started }));
  // Keep a failed start from becoming an unhandled rejection while the program runs.
  packPromise.catch(() => undefined);
  let client: AnalyzerClient | undefined;
  let session: Promise<Session> | undefined;
  try {
    const target = resolveTarget(options);
    const policyConfig = policyConfigOf(options.policyConfig);

    // The conversation up to Configure needs nothing from the program.
    session = packPromise.then(async ({ pack }) => {
      client = new AnalyzerClient(pack.address);
      await client.configureStack({
        stack: target.stack,
        project: target.project,
        organization: options.organization,
        dryRun: true,
        config: Object.fromEntries(
          Object.entries(target.config).map(([k, v]) => [
            k,
            typeof v === "string" ? v : JSON.stringify(v),
          ]),
        ),
        secretKeys: target.secretKeys,
        tags: { ...target.tags, ...options.stackTags },
      });
      const info = await client.getAnalyzerInfo();
      const reconciled = reconcilePolicyConfig(info.policies, policyConfig, info.initialConfig);
      if (reconciled.errors.length > 0) {
        throw new CheckUsageError(
          `policy config${options.policyConfig ? ` ${options.policyConfig}` : ""} is invalid:\n${reconciled.errors.map((e) => `  - ${e}`).join("\n")}`,
        );
      }
      const warnings: string[] = [];
      for (const name of reconciled.unknownPolicies)
        warnings.push(`policy config names an unknown policy "${name}"; it is ignored`);
      for (const name of reconciled.unknownProperties)
        warnings.push(
          `policy config sets "${name}", which the policy does not define; it is ignored`,
        );
      await client.configure(reconciled.config);
      const remediating = Object.values(reconciled.config).some(
        (entry) => entry.enforcementLevel === "remediate",
      );
      return { client, info, reconciled, remediating, warnings };
    });
    session.catch(() => undefined);

    const context = {
      stack: target.stack,
      project: target.project,
      config: target.config,
      resolveFrom: path.dirname(target.file),
    };
    const builder = new AnalyzerSpecBuilder(context);
    const inFlight = limiter(16);
    const analyze = async (spec: AnalyzerResourceSpec, s: Session): Promise<SpecAnalysis> => {
      const remediations = s.remediating ? await inFlight(() => s.client.remediate(spec)) : [];
      let analyzed = spec;
      for (const remediation of remediations) {
        if (!remediation.diagnostic && remediation.properties)
          analyzed = { ...analyzed, inputs: remediation.properties };
      }
      const diagnostics = await inFlight(() => s.client.analyze(analyzed));
      return { spec, diagnostics, remediations };
    };
    const analyses: Array<Promise<SpecAnalysis[]>> = [];
    const configured = session;
    const onRegistered = (record: RecordedResource) => {
      const analysis = Promise.all([builder.add(record), configured]).then(([specs, s]) =>
        Promise.all(specs.map((spec) => analyze(spec, s))),
      );
      analysis.catch(() => undefined);
      analyses.push(analysis);
    };

    const programStarted = Date.now();
    const run = await target.run(onRegistered);
    const programEnded = Date.now();
    const { client: analyzer, info, reconciled, warnings } = await session!;
    warnings.unshift(...programWarnings(run.logs));
    const perRegistration = (await Promise.all(analyses)).flat();
    // The stack as a whole, with every resource's final outputs (components' included).
    const specs = await analyzerResources(run.resources, context);
    const stackDiagnostics = await analyzer.analyzeStack(specs);
    const startedPack = await packPromise;

    const policies = new Map(info.policies.map((p) => [p.name, p]));
    const byUrn = new Map<string, AnalyzerResourceSpec>(specs.map((s) => [s.urn, s]));
    for (const { spec } of perRegistration) if (!byUrn.has(spec.urn)) byUrn.set(spec.urn, spec);
    const stackUrn =
      specs.find((s) => s.type === "pulumi:pulumi:Stack")?.urn ??
      `urn:pulumi:${target.stack}::${target.project}::pulumi:pulumi:Stack::${target.project}-${target.stack}`;
    const toViolation = (d: Diagnostic, fallbackUrn: string): CheckViolation => {
      // The CLI attributes a diagnostic to its URN when that resource is in the stack, else to the stack.
      const urn = d.urn && byUrn.has(d.urn) ? d.urn : fallbackUrn;
      const resource = byUrn.get(urn);
      const location = locationOf(
        resource?.type === "pulumi:pulumi:Stack" ? undefined : resource?.sourcePosition,
      );
      return {
        policy: d.policyName,
        enforcementLevel: d.enforcementLevel,
        severity: d.severity,
        resourceType: resource?.type ?? "pulumi:pulumi:Stack",
        resourceName: resource?.name ?? `${target.project}-${target.stack}`,
        urn,
        message: ownMessage(d),
        remediationSteps: policies.get(d.policyName)?.remediationSteps ?? "",
        ...(location ? { location } : {}),
      };
    };

    const violations: CheckViolation[] = [];
    const remediations: CheckRemediation[] = [];
    for (const { spec, diagnostics, remediations: changes } of perRegistration) {
      for (const remediation of changes) {
        if (remediation.diagnostic) {
          // A policy that could not remediate: the CLI shows it as an advisory.
          violations.push(
            toViolation(
              {
                policyName: remediation.policyName,
                policyPackName: remediation.policyPackName,
                policyPackVersion: remediation.policyPackVersion,
                description: remediation.description,
                message: remediation.diagnostic,
                enforcementLevel: "advisory",
                severity: policies.get(remediation.policyName)?.severity ?? "unspecified",
                urn: spec.urn,
              },
              spec.urn,
            ),
          );
        } else if (remediation.properties) {
          remediations.push({
            policy: remediation.policyName,
            resourceType: spec.type,
            resourceName: spec.name,
            urn: spec.urn,
            description: remediation.description,
          });
        }
      }
      for (const d of diagnostics) violations.push(toViolation(d, spec.urn));
    }
    for (const d of stackDiagnostics) violations.push(toViolation(d, stackUrn));
    for (const u of unverifiedResources(specs, run.unansweredInvokes)) {
      const location = locationOf(u.spec.sourcePosition);
      violations.push({
        policy: COULD_NOT_VERIFY,
        enforcementLevel: "advisory",
        severity: "medium",
        resourceType: u.spec.type,
        resourceName: u.spec.name,
        urn: u.spec.urn,
        message: u.message,
        remediationSteps: COULD_NOT_VERIFY_REMEDIATION,
        ...(location ? { location } : {}),
      });
    }

    return {
      stack: target.stack,
      project: target.project,
      program: path.relative(process.cwd(), target.file),
      stackFile: target.stackFile ? path.relative(process.cwd(), target.stackFile) : undefined,
      pack: { name: info.name, version: info.version },
      policies: [
        ...info.policies.map((p) => ({
          name: p.name,
          description: p.description,
          enforcementLevel: reconciled.config[p.name]?.enforcementLevel ?? p.enforcementLevel,
          severity: p.severity,
          remediationSteps: p.remediationSteps,
          url: p.url,
        })),
        COULD_NOT_VERIFY_POLICY,
      ],
      resources: specs.filter((s) => s.custom && !s.synthesized).length,
      violations,
      remediations,
      unansweredInvokes: run.unansweredInvokes,
      warnings,
      timings: {
        packStart: startedPack.ms,
        program: programEnded - programStarted,
        analysis: Date.now() - programEnded,
        total: Date.now() - started,
      },
    };
  } finally {
    // Whatever failed, let the pack's start and configuration settle first, so no channel
    // opens after this; then close the channel and (unless the caller owns it) the pack.
    const running = await packPromise.catch(() => undefined);
    await session?.catch(() => undefined);
    client?.close();
    if (!given) await running?.pack.close();
  }
}
