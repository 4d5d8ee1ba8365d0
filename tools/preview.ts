/**
 * `npm start` / `npm run preview -- [--stack <name>] [--stacks-dir <dir>] [--json]`: what a stack declares,
 * without cloud credentials or the Pulumi CLI. Exit codes: 0 ok, 2 bad config or program error.
 */
import { Command } from "commander";
import { renderTree, resourceList } from "../engine/render-tree";
import { OfflineProgramError } from "../engine/run";
import { EstateConfigError } from "../stacks/config/issues";
import { estateRegions } from "../stacks/config/rules";
import { runStack, type StackRun } from "./stack-run";
import { runAsEntryPoint } from "./exit";

/** Where the preview writes (swappable in tests). */
export interface PreviewIo {
  out(text: string): void;
  err(text: string): void;
}

const consoleIo: PreviewIo = {
  out: (text) => process.stdout.write(text + "\n"),
  err: (text) => process.stderr.write(text + "\n"),
};

/** Renders a finished run as the preview's text. */
export function renderPreview(run: StackRun): string {
  const regions = estateRegions(run.estate);
  const labels = Object.fromEntries(
    regions.map((r) => [r, r === run.estate.primaryRegion ? "primary" : "standby"]),
  );
  return renderTree(run.resources, {
    account: run.estate.account,
    stack: run.stack,
    regionOrder: regions,
    regionLabels: labels,
  });
}

/** A config error as the user should read it; anything else with its stack. */
export function describeFailure(error: unknown): string {
  const cause = error instanceof OfflineProgramError ? error.cause : error;
  if (EstateConfigError.is(cause)) return cause.message;
  return `program failed: ${(cause as Error)?.stack ?? String(cause)}`;
}

/** Runs the preview command; returns the exit code. */
export async function main(argv: string[], io: PreviewIo = consoleIo): Promise<number> {
  const program = new Command()
    .name("preview")
    .description("Offline preview of a stack: every resource it declares, no credentials needed")
    .option("--stack <name>", "stack file stacks/Pulumi.<name>.yaml to preview", "example")
    .option("--stacks-dir <dir>", "directory holding the stack files (default: stacks/)")
    .option("--json", "print every resource as JSON instead of a tree")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s.trimEnd()),
      writeErr: (s) => io.err(s.trimEnd()),
    });
  try {
    program.parse(argv, { from: "user" });
  } catch (error) {
    const code = (error as { exitCode?: number }).exitCode;
    return code === 0 ? 0 : 2;
  }
  const options = program.opts<{ stack: string; json?: boolean; stacksDir?: string }>();
  let run: StackRun;
  try {
    run = await runStack({ stack: options.stack, stacksDir: options.stacksDir });
  } catch (error) {
    io.err(describeFailure(error));
    return 2;
  }
  io.out(
    options.json
      ? JSON.stringify({ stack: run.stack, resources: resourceList(run.resources) }, null, 2)
      : renderPreview(run),
  );
  return 0;
}

if (require.main === module) {
  runAsEntryPoint(() => main(process.argv.slice(2)), { label: "preview failed", failureCode: 2 });
}
