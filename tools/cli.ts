/**
 * `messaging <command> [options]`: the one command line of the project. Each command is the
 * tool's own `main`, loaded only when it runs (so `messaging failover` never loads Pulumi):
 *
 *   preview                      what a stack declares, offline (`npm start`)
 *   check                        the policy pack over a stack, offline (`npm run check`)
 *   failover status|promote|sync-opt-outs|clear-presumed-down   the on-call failover tool (`npm run failover`)
 *   warmup                       SES warm-up plans as CSV, JSON and charts (`npm run warmup`)
 *   bench                        preview and check timings (`npm run bench`)
 *   diagram                      accounts × Regions × use cases as Mermaid or SVG
 *
 * `--debug` (anywhere before `--`) shows stack traces of unexpected failures. Exit codes are
 * the same for every command: see {@link EXIT} and the README.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Command, CommanderError } from "commander";
import { EXIT, runAsEntryPoint } from "./exit";
import { debugEnabled, describeError } from "./output/errors";
import { adoptInvocationDirectory, ignoreFfiExperimentalWarning } from "./output/invocation";
import { registerTypeScriptOnDemand } from "./output/typescript-on-demand";

/** Process surroundings of {@link runCli}; every field is optional. */
export interface CliIo {
  /** Default: `process.stdout.write`. */
  stdout?: (text: string) => void;
  /** Default: `process.stderr.write`. */
  stderr?: (text: string) => void;
}

/** One subcommand: its name, a line of help, and how to run it with the rest of argv. */
interface Subcommand {
  name: string;
  usage: string;
  description: string;
  run(argv: string[]): Promise<number>;
}

/* eslint-disable @typescript-eslint/no-require-imports -- each tool loads on demand */
const SUBCOMMANDS: Subcommand[] = [
  {
    name: "preview",
    usage: "[--stack <name>] [--format tree|json]",
    description: "what a stack declares, offline: no credentials, no Pulumi CLI",
    run: (argv) => (require("./preview") as typeof import("./preview")).main(argv),
  },
  {
    name: "check",
    usage: "[<program.ts>] [--stack <name>] [--format text|json|markdown|github|sarif]",
    description: "run the policy pack over a stack offline; exit 1 on a mandatory violation",
    run: (argv) => {
      // Ctrl-C or a cancelled CI job: exit through 'exit' handlers, which stop the pack process.
      for (const signal of ["SIGINT", "SIGTERM"] as const)
        process.once(signal, () => process.exit(130));
      return (require("./check") as typeof import("./check")).main(argv);
    },
  },
  {
    name: "failover",
    usage: "--stack <name> status|promote|sync-opt-outs|clear-presumed-down",
    description: "the on-call failover tool (docs/runbook.md)",
    run: (argv) => {
      const failover = require("./failover") as typeof import("./failover");
      return failover.runFailover(argv, { interrupted: failover.handleInterrupt(argv) });
    },
  },
  {
    name: "warmup",
    usage: "--stack <name> [--format csv|json|svg] [--out <dir>]",
    description: "write each STANDARD SES pool's warm-up plan as CSV, JSON and a chart",
    run: (argv) => (require("./warmup") as typeof import("./warmup")).runWarmup(argv),
  },
  {
    name: "bench",
    usage: "[--write] [--runs <n>]",
    description: "time the offline preview and the policy check; --write updates BENCHMARKS.md",
    run: (argv) => (require("./bench") as typeof import("./bench")).main(argv),
  },
  {
    name: "diagram",
    usage: "--stack <name> [--format mermaid|svg] [--out <file>]",
    description: "draw accounts × Regions × use cases from what the stack declares",
    run: (argv) => (require("./diagram") as typeof import("./diagram")).main(argv),
  },
];
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * Removes `--debug` (before a `--` separator) from `argv`, wherever it stands.
 *
 * @param argv user arguments; no default
 * @returns the other arguments and whether `--debug` was there
 */
export function takeDebugFlag(argv: readonly string[]): { argv: string[]; debug: boolean } {
  const separator = argv.indexOf("--");
  const end = separator === -1 ? argv.length : separator;
  const before = argv.slice(0, end);
  const rest = before.filter((arg) => arg !== "--debug");
  return { argv: [...rest, ...argv.slice(end)], debug: rest.length !== before.length };
}

function version(): string {
  const manifest = fs.readFileSync(path.join(__dirname, "..", "package.json"), "utf8");
  return (JSON.parse(manifest) as { version: string }).version;
}

/**
 * Runs `messaging` with user arguments (without `node` and the script).
 *
 * @param argv user arguments; no default
 * @param io see {@link CliIo}; default `{}` (the real process)
 * @returns the exit code (see {@link EXIT})
 */
export async function runCli(argv: readonly string[], io: CliIo = {}): Promise<number> {
  const out = io.stdout ?? ((text: string) => void process.stdout.write(text));
  const err = io.stderr ?? ((text: string) => void process.stderr.write(text));
  const { argv: args, debug } = takeDebugFlag(argv);
  if (debug) {
    process.env.MESSAGING_DEBUG = "1";
    // Stack traces then point into the TypeScript sources rather than the compiled bin/.
    process.setSourceMapsEnabled(true);
  }

  let code: number = EXIT.ok;
  const program = new Command("messaging")
    .description(
      "AWS End User Messaging SMS and SES estate: preview, policy check, failover, warm-up plans, diagrams",
    )
    .usage("[--debug] <command> [options]")
    .option("--debug", "show stack traces of unexpected failures (anywhere on the line)")
    .version(version(), "-V, --version")
    .enablePositionalOptions()
    .passThroughOptions()
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: err })
    .showSuggestionAfterError()
    .addHelpText(
      "after",
      [
        "",
        "Exit codes (every command): 0 done; 1 findings (a mandatory policy violation, a refused",
        "promote, a Region not ready); 2 usage or configuration error, nothing was done;",
        "3 incomplete, re-running finishes it.",
        "",
        "`messaging <command> --help` shows a command's options.",
      ].join("\n"),
    );
  for (const sub of SUBCOMMANDS) {
    program
      .command(sub.name)
      .usage(sub.usage)
      .description(sub.description)
      .helpOption(false) // --help belongs to the tool
      .allowUnknownOption()
      .allowExcessArguments()
      .passThroughOptions()
      .action(async (_options: unknown, command: Command) => {
        code = await sub.run(command.args);
      });
  }
  if (args.length === 0) {
    program.outputHelp({ error: true });
    return EXIT.usage;
  }
  try {
    await program.parseAsync(args, { from: "user" });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    err(`${describeError(error, debug)}\n`);
    return EXIT.usage;
  }
}

/**
 * Runs `messaging` as this process's entry point (what `bin/messaging` and the npm scripts
 * start): moves to the directory the user ran it from, hides Node 26's FFI warning, runs
 * {@link runCli} and exits with its code once the output is flushed.
 *
 * @param argv user arguments. Default: `process.argv.slice(2)`.
 */
export function start(argv: readonly string[] = process.argv.slice(2)): void {
  if (!takeDebugFlag(argv).debug && !debugEnabled()) {
    // Pulumi's SDK records a stack trace for every promise it creates, for a leak report the
    // offline engine never prints: a third of a preview's CPU time. Without --debug no stack
    // trace is ever shown (describeError prints messages), so none is captured.
    Error.stackTraceLimit = 0;
  }
  ignoreFfiExperimentalWarning();
  registerTypeScriptOnDemand();
  adoptInvocationDirectory();
  runAsEntryPoint(() => runCli(argv), { label: "messaging", failureCode: EXIT.usage });
}

if (require.main === module) start();
