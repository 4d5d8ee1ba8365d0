/**
 * `npm run check -- [<program.ts>] [--stack <name>] [--stacks-dir <dir>] [--policy-config <file>] [--format text|json|markdown|github|sarif] [--markdown-file <file>] [--sarif-file <file>]`
 *
 * Runs a Pulumi TypeScript program (this repository's stack program by default, or any
 * program file) under the offline engine, then evaluates every resource and the stack
 * through the CrossGuard pack in `policies/` over the analyzer gRPC protocol the Pulumi CLI
 * uses. No cloud credentials and no Pulumi CLI are needed.
 *
 * Exit codes: 0 no mandatory violation; 1 at least one mandatory violation; 2 usage,
 * configuration, program or pack error (the program failing included: its error is
 * reported as such, never as a violation).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Command, Option } from "commander";
// Only light modules load before the pack starts: the engine, the SDK and the program's
// providers load while the pack's own process starts in parallel.
import { startPack } from "./check/pack";
import {
  FORMATS,
  hasMandatory,
  markdownReport,
  renderReport,
  sarifReport,
  type ReportFormat,
} from "./check/report";
import { exitWhenFlushed, runAsEntryPoint } from "./exit";
import { describeError } from "./output/errors";
import type * as Engine from "../engine/run";
import type * as Issues from "../stacks/config/issues";
import type * as RunCheck from "./check/run-check";

/** Stack checked when none is named (as `./check/target.ts` defines them). */
const DEFAULT_REPO_STACK = "example";
const DEFAULT_PROGRAM_STACK = "dev";

/** Where the check writes (swappable in tests). */
export interface CheckIo {
  out(text: string): void;
  err(text: string): void;
}

const consoleIo: CheckIo = {
  out: (text) => process.stdout.write(text + "\n"),
  err: (text) => process.stderr.write(text + "\n"),
};

interface Options {
  stack?: string;
  stacksDir?: string;
  policyConfig?: string;
  format: ReportFormat;
  markdownFile?: string;
  sarifFile?: string;
  organization?: string;
  stackTag: string[];
  awsOrganization?: string;
}

/** Collects repeated `--stack-tag key=value` options. */
function collectTag(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `key=value` pairs as a map; throws naming a malformed one. */
function parseTags(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    if (at <= 0) {
      throw new Error(`--stack-tag ${pair}: expected <key>=<value>, e.g. team=messaging`);
    }
    out[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return out;
}

/** The first frame of an error's stack in the program's own files (not the SDK, not this tool). */
function programFrame(error: unknown): string | undefined {
  const stack = error instanceof Error ? (error.stack ?? "") : "";
  const tool = path.resolve(__dirname, "..");
  for (const line of stack.split("\n").slice(1)) {
    const match = /\(?([^()\s]+):(\d+):(\d+)\)?$/.exec(line.trim());
    if (!match || match[1].includes("node_modules") || match[1].startsWith("node:")) continue;
    const file = match[1].replace(/^file:\/\//, "");
    if (file.startsWith(path.join(tool, "engine")) || file.startsWith(path.join(tool, "tools")))
      continue;
    return `${path.relative(process.cwd(), file)}:${match[2]}:${match[3]}`;
  }
  return undefined;
}

/** The check's own message for a program that failed under the offline engine. */
function programFailure(
  error: { cause: unknown; registered: unknown[] },
  program: string | undefined,
  isConfigError: (error: unknown) => error is Error,
): string {
  const cause = error.cause;
  if (isConfigError(cause)) return `check: ${cause.message}`;
  const message = cause instanceof Error ? cause.message : String(cause);
  const frame = programFrame(cause);
  return [
    `check: the program ${program ?? "stacks/index.ts"} failed before it could be checked (after ${error.registered.length} registrations): ${message}`,
    ...(frame ? [`  at ${frame}`] : []),
    "  Fix the program (pulumi preview fails the same way); no policy ran.",
  ].join("\n");
}

/** Runs the check command; resolves to the exit code. */
export async function main(argv: string[], io: CheckIo = consoleIo): Promise<number> {
  const command = new Command()
    .name("check")
    .description(
      "Offline policy check: run a Pulumi program under mocks and evaluate it with the CrossGuard pack",
    )
    .argument(
      "[program]",
      "Pulumi TypeScript program file (default: this repository's stacks/index.ts)",
    )
    .option(
      "--stack <name>",
      `stack whose Pulumi.<name>.yaml config the program runs with (default: ${DEFAULT_REPO_STACK} for this repository's program, ${DEFAULT_PROGRAM_STACK} for others)`,
    )
    .option("--stacks-dir <dir>", "directory holding the stack files (default: stacks/)")
    .option(
      "--policy-config <file>",
      "policy pack config, in the format of pulumi preview --policy-pack-config",
    )
    .addOption(
      new Option("--format <format>", "report format").choices([...FORMATS]).default("text"),
    )
    .option("--markdown-file <file>", "also write the markdown report (a PR comment) to this file")
    .option(
      "--sarif-file <file>",
      "also write the SARIF 2.1.0 report (for GitHub code scanning) to this file",
    )
    .option(
      "--organization <name>",
      "Pulumi organization sent to the pack with the stack (default: none)",
    )
    .option(
      "--stack-tag <key=value>",
      "stack tag sent to the pack, besides pulumi:project/runtime/description (repeatable)",
      collectTag,
      [],
    )
    .option(
      "--aws-organization <arn>",
      "organization ARN that aws.organizations.getOrganization answers with (default: unknown, reported as could-not-verify)",
    )
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s.trimEnd()),
      writeErr: (s) => io.err(s.trimEnd()),
    });
  try {
    command.parse(argv, { from: "user" });
  } catch (error) {
    return (error as { exitCode?: number }).exitCode === 0 ? 0 : 2;
  }
  const options = command.opts<Options>();
  const [program] = command.args as [string | undefined];

  // A bad --stack-tag is a usage error before anything starts.
  let stackTags: Record<string, string>;
  try {
    stackTags = parseTags(options.stackTag);
  } catch (error) {
    io.err(`check: ${(error as Error).message}`);
    return 2;
  }
  const pack = startPack();
  // Keep a failed start from becoming an unhandled rejection while the rest loads.
  pack.catch(() => undefined);
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { runCheck, CheckUsageError } = require("./check/run-check") as typeof RunCheck;
  const { OfflineProgramError } = require("../engine/run") as typeof Engine;
  const { EstateConfigError } = require("../stacks/config/issues") as typeof Issues;
  /* eslint-enable @typescript-eslint/no-require-imports */
  let result;
  try {
    result = await runCheck({
      pack: await pack,
      program,
      stack: options.stack,
      stacksDir: options.stacksDir,
      policyConfig: options.policyConfig,
      organization: options.organization,
      stackTags,
      organizationArn: options.awsOrganization,
    });
  } catch (error) {
    if (error instanceof CheckUsageError || error instanceof EstateConfigError) {
      io.err(`check: ${error.message}`);
    } else if (error instanceof OfflineProgramError) {
      io.err(programFailure(error, program, (e): e is Error => EstateConfigError.is(e)));
    } else {
      // A bug, not the user's mistake: its message, and the stack trace only with --debug.
      io.err(`check: ${describeError(error)}`);
    }
    return 2;
  } finally {
    await (await pack.catch(() => undefined))?.close();
  }

  io.out(renderReport(result, options.format));
  if (options.markdownFile) fs.writeFileSync(options.markdownFile, markdownReport(result) + "\n");
  if (options.sarifFile) fs.writeFileSync(options.sarifFile, sarifReport(result) + "\n");
  if (options.format === "github" && process.env.GITHUB_STEP_SUMMARY) {
    // The job summary shows the same table a PR comment would.
    fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY, markdownReport(result) + "\n");
  }
  if (options.format === "text") {
    const t = result.timings;
    io.err(
      `(pack start ${t.packStart} ms, program ${t.program} ms, analysis ${t.analysis} ms, total ${t.total} ms)`,
    );
  }
  return hasMandatory(result) ? 1 : 0;
}

if (require.main === module) {
  // Ctrl-C or a cancelled CI job: exit through 'exit' handlers, which stop the pack process.
  for (const signal of ["SIGINT", "SIGTERM"] as const)
    process.once(signal, () => process.exit(130));
  // A rejection nobody awaited (a program's late failure) is an error of the run, never a
  // violation: exit 2 with the check's own message rather than Node's exit code 1.
  process.on("unhandledRejection", (reason) => {
    process.stderr.write(
      `check: the program failed: ${reason instanceof Error ? reason.message : String(reason)}\n`,
    );
    void exitWhenFlushed(2);
  });
  runAsEntryPoint(() => main(process.argv.slice(2)), { label: "check failed", failureCode: 2 });
}
