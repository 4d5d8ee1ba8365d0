/**
 * `messaging preview [--stack <name>] [--stacks-dir <dir>] [--format tree|json]` (`npm start`):
 * what a stack declares, without cloud credentials or the Pulumi CLI. `--json` is short for
 * `--format json`. Exit codes: 0 done; 2 usage, stack-file, configuration or program error.
 */
import { Command, Option } from "commander";
import { EXIT, runAsEntryPoint } from "./exit";
import { describeError } from "./output/errors";
import type { StackRun } from "./stack-run";

/** Where the preview writes (swappable in tests). */
export interface PreviewIo {
  out(text: string): void;
  err(text: string): void;
}

const consoleIo: PreviewIo = {
  out: (text) => process.stdout.write(text + "\n"),
  err: (text) => process.stderr.write(text + "\n"),
};

/** Output formats of the preview. */
export const PREVIEW_FORMATS = ["tree", "json"] as const;

/* eslint-disable @typescript-eslint/no-require-imports -- the engine and Pulumi load only
   once the command line is valid, so usage errors and --help answer at once */
const engine = () => require("./stack-run") as typeof import("./stack-run");
const tree = () => require("../engine/render-tree") as typeof import("../engine/render-tree");
const rules = () => require("../stacks/config/rules") as typeof import("../stacks/config/rules");
const capacity = () => require("../stacks/capacity") as typeof import("../stacks/capacity");
const table = () => require("./output/table") as typeof import("./output/table");
/* eslint-enable @typescript-eslint/no-require-imports */

/** Renders a finished run as the preview's text: the resource tree, then the capacity. */
export function renderPreview(run: StackRun): string {
  const regions = rules().estateRegions(run.estate);
  const labels = Object.fromEntries(
    regions.map((r) => [r, r === run.estate.primaryRegion ? "primary" : "standby"]),
  );
  const resources = tree().renderTree(run.resources, {
    account: run.estate.account,
    stack: run.stack,
    regionOrder: regions,
    regionLabels: labels,
  });
  return `${resources}\n\n${renderCapacity(run)}`;
}

/**
 * The capacity section: message parts per second per Region, use case and country, from
 * the declared originators (AWS's documented figures, or the configured ones), and every
 * country where a standby carries less than `capacity.minStandbyShare` of the primary.
 */
export function renderCapacity(run: StackRun): string {
  const { estateCapacity, standbyShortfalls, describeShortfall, formatMps } = capacity();
  const rows = estateCapacity(run.estate);
  const lines = [
    "Capacity (message parts per second of each use case's pool, by destination country; offline figures: AWS's documented defaults or capacity settings)",
    table().renderTextTable(
      ["Region", "Use case", "Country", "MPS", "From", "Originators"],
      rows.map((r) => [
        `${r.region} (${r.role})`,
        r.useCase,
        r.country,
        formatMps(r.mps).replace(/ MPS$/, ""),
        r.via ? `${r.via} (${r.source})` : r.source === "unknown" ? "no stated figure" : "-",
        String(r.originators),
      ]),
      { align: ["left", "left", "left", "right", "left", "right"] },
    ),
  ];
  const shortfalls = standbyShortfalls(run.estate, rows);
  const share = run.estate.capacity.minStandbyShare;
  if (shortfalls.length > 0) {
    lines.push("", `Standby capacity below ${Math.round(share * 100)}% of the primary (advisory):`);
    for (const shortfall of shortfalls) lines.push(`  ! ${describeShortfall(shortfall, share)}`);
  }
  return lines.join("\n");
}

/**
 * A failure as the user should read it: a configuration or stack-file problem alone, a
 * program failure with its message (and stack trace with `--debug`).
 */
export function describeFailure(error: unknown): string {
  return describeError(error);
}

/**
 * Runs the preview command.
 *
 * @param argv user arguments (without `node` and the script); no default
 * @param io see {@link PreviewIo}; default: stdout and stderr
 * @returns the exit code: 0 done, 2 usage or configuration error
 */
export async function main(argv: string[], io: PreviewIo = consoleIo): Promise<number> {
  const program = new Command()
    .name("preview")
    .description("Offline preview of a stack: every resource it declares, no credentials needed")
    .option("--stack <name>", "stack file stacks/Pulumi.<name>.yaml to preview", "example")
    .option("--stacks-dir <dir>", "directory holding the stack files (default: stacks/)")
    .addOption(
      new Option("--format <format>", "tree: by account and Region; json: every resource")
        .choices(PREVIEW_FORMATS)
        .default("tree"),
    )
    .addOption(new Option("--json", "same as --format json").implies({ format: "json" }))
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s.trimEnd()),
      writeErr: (s) => io.err(s.trimEnd()),
    });
  try {
    program.parse(argv, { from: "user" });
  } catch (error) {
    const code = (error as { exitCode?: number }).exitCode;
    return code === 0 ? EXIT.ok : EXIT.usage;
  }
  const options = program.opts<{
    stack: string;
    format: (typeof PREVIEW_FORMATS)[number];
    stacksDir?: string;
  }>();
  let run: StackRun;
  try {
    run = await engine().runStack({ stack: options.stack, stacksDir: options.stacksDir });
  } catch (error) {
    io.err(describeFailure(error));
    return EXIT.usage;
  }
  io.out(
    options.format === "json"
      ? JSON.stringify(
          {
            stack: run.stack,
            resources: tree().resourceList(run.resources),
            capacity: {
              minStandbyShare: run.estate.capacity.minStandbyShare,
              rows: capacity().estateCapacity(run.estate),
              standbyShortfalls: capacity().standbyShortfalls(run.estate),
            },
          },
          null,
          2,
        )
      : renderPreview(run),
  );
  return EXIT.ok;
}

if (require.main === module) {
  runAsEntryPoint(() => main(process.argv.slice(2)), {
    label: "preview failed",
    failureCode: EXIT.usage,
  });
}
