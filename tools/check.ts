/**
 * `npm run check -- [<program.ts>] [--stack <name>] [--stacks-dir <dir>] [--policy-config <file>] [--format text|json|markdown|github] [--markdown-file <file>]`
 *
 * Runs a Pulumi TypeScript program (this repository's stack program by default, or any
 * program file) under the offline engine, then evaluates every resource and the stack
 * through the CrossGuard pack in `policies/` over the analyzer gRPC protocol the Pulumi CLI
 * uses. No cloud credentials and no Pulumi CLI are needed.
 *
 * Exit codes: 0 no mandatory violation; 1 at least one mandatory violation; 2 usage,
 * configuration, program or pack error.
 */
import * as fs from "node:fs";
import { Command, Option } from "commander";
import { EstateConfigError } from "../stacks/config/issues";
import {
  FORMATS,
  hasMandatory,
  markdownReport,
  renderReport,
  type ReportFormat,
} from "./check/report";
import {
  CheckUsageError,
  DEFAULT_PROGRAM_STACK,
  DEFAULT_REPO_STACK,
  runCheck,
} from "./check/run-check";
import { runAsEntryPoint } from "./exit";

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

  let result;
  try {
    result = await runCheck({
      program,
      stack: options.stack,
      stacksDir: options.stacksDir,
      policyConfig: options.policyConfig,
    });
  } catch (error) {
    if (error instanceof CheckUsageError || error instanceof EstateConfigError) {
      io.err(`check: ${error.message}`);
    } else {
      io.err(`check failed: ${(error as Error)?.stack ?? String(error)}`);
    }
    return 2;
  }

  io.out(renderReport(result, options.format));
  if (options.markdownFile) fs.writeFileSync(options.markdownFile, markdownReport(result) + "\n");
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
  runAsEntryPoint(() => main(process.argv.slice(2)), { label: "check failed", failureCode: 2 });
}
