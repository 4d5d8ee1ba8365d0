/**
 * `messaging diagram --stack <name> [--format mermaid|svg] [--out <file>]`: a picture of what
 * a stack declares, accounts × Regions × use cases (pools with their members by country,
 * opt-out lists, configuration sets with protect configurations, RAM shares to secondary
 * accounts, the SSM pointers and the Region each use case sends from). It runs the stack's
 * program under the offline engine, like the preview, and draws what was registered.
 *
 * Output goes to stdout, or to `--out` (relative to the directory the command was run
 * from). Exit codes: 0 done; 2 usage, stack-file, configuration or program error.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Command, CommanderError, Option } from "commander";
import { displayPath } from "../stacks/config/stack-file";
import { buildDiagram } from "./diagram/model";
import { renderMermaid } from "./diagram/mermaid";
import { renderSvg } from "./diagram/svg";
import { EXIT, runAsEntryPoint } from "./exit";
import { describeError } from "./output/errors";

/** Formats the diagram comes in. */
export const DIAGRAM_FORMATS = ["mermaid", "svg"] as const;

/** Where the diagram command writes (swappable in tests). */
export interface DiagramIo {
  out(text: string): void;
  err(text: string): void;
}

const consoleIo: DiagramIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text + "\n"),
};

interface Options {
  stack: string;
  stacksDir?: string;
  format: (typeof DIAGRAM_FORMATS)[number];
  out?: string;
}

/**
 * Runs the diagram command.
 *
 * @param argv user arguments (without `node` and the script); no default
 * @param io see {@link DiagramIo}; default: stdout and stderr
 * @returns the exit code: 0 done, 2 usage or configuration error
 */
export async function main(argv: readonly string[], io: DiagramIo = consoleIo): Promise<number> {
  const command = new Command("diagram")
    .description("Draw a stack: accounts × Regions × use cases, from what its program declares")
    .option("--stack <name>", "stack file stacks/Pulumi.<name>.yaml to draw", "example")
    .option("--stacks-dir <dir>", "directory holding the stack files (default: stacks/)")
    .addOption(
      new Option("--format <format>", "mermaid (for Markdown) or svg (an image)")
        .choices(DIAGRAM_FORMATS)
        .default("mermaid"),
    )
    .option("--out <file>", "write to this file instead of stdout")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s),
      writeErr: (s) => io.err(s.trimEnd()),
    });
  try {
    command.parse([...argv], { from: "user" });
  } catch (error) {
    return error instanceof CommanderError && error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  const options = command.opts<Options>();
  let text: string;
  try {
    /* eslint-disable @typescript-eslint/no-require-imports -- the engine loads once the
       command line is valid */
    const { runStack } = require("./stack-run") as typeof import("./stack-run");
    const { estateRegions } =
      require("../stacks/config/rules") as typeof import("../stacks/config/rules");
    /* eslint-enable @typescript-eslint/no-require-imports */
    const run = await runStack({ stack: options.stack, stacksDir: options.stacksDir });
    const diagram = buildDiagram(run.stack, run.resources, {
      owner: run.estate.account,
      regions: estateRegions(run.estate),
    });
    text = options.format === "svg" ? renderSvg(diagram) : renderMermaid(diagram);
  } catch (error) {
    io.err(`diagram: ${describeError(error)}`);
    return EXIT.usage;
  }
  if (!options.out) {
    io.out(text);
    return EXIT.ok;
  }
  const file = path.resolve(options.out);
  try {
    fs.writeFileSync(file, text);
  } catch (error) {
    io.err(`diagram: cannot write ${options.out}: ${(error as Error).message}; check --out`);
    return EXIT.usage;
  }
  io.err(`wrote ${displayPath(file)}`);
  return EXIT.ok;
}

if (require.main === module) {
  runAsEntryPoint(() => main(process.argv.slice(2)), { label: "diagram", failureCode: EXIT.usage });
}
