/**
 * `npm run failover -- --stack <name> <command>`: the on-call engineer's failover tool
 * (runbook: docs/runbook.md). It needs no Pulumi state and no Pulumi CLI: names come from
 * the stack file, everything else from Describe calls.
 *
 *   status                      readiness of every Region for every use case
 *   promote --to <region>       point use cases at <region>; never contacts the Region left
 *   sync-opt-outs               bring every Region's opt-out lists in line with the opt-out ledger
 *
 * Exit codes: 0 done; 1 usage, stack-file or unexpected error; 2 refused or aborted before
 * any change; 3 incomplete (status: something not ready; promote/sync: re-run to finish).
 * The core is {@link runFailover}, so tests run it in-process.
 */
import { Command, CommanderError } from "commander";
import type { RetryOptions } from "../lambda/lib/retry";
import { ActiveRegionConfigError } from "../stacks/config/active-region";
import { EstateConfigError } from "../stacks/config/issues";
import type { Credentials } from "./failover/clients";
import type { FailoverContext } from "./failover/context";
import { progressFor, type ProgressSink } from "./failover/progress";
import { promote, PromoteUsageError, renderPromoteReport } from "./failover/promote";
import { loadFailoverStack } from "./failover/stack";
import { FailoverUsageError } from "./failover/usage-error";
import { readiness, renderReadiness } from "./failover/status";
import { DEFAULT_SYNC_RATE, renderSyncReport, syncOptOuts } from "./failover/sync";
import { EXIT as SHARED_EXIT, runAsEntryPoint } from "./exit";

/** Exit codes of the command. */
export const EXIT = { ok: 0, usage: 1, refused: 2, incomplete: 3 } as const;

/** Process surroundings of {@link runFailover}; every field is optional. */
export interface FailoverIo {
  /** Default: `process.stdout.write`. */
  stdout?: (text: string) => void;
  /** Default: `process.stderr.write`. */
  stderr?: (text: string) => void;
  /** Directory of stack files. Default: the repository's `stacks/`. */
  stacksDir?: string;
  /** Default: the SDK's default credential chain. */
  credentials?: Credentials;
  /** Default: see context.ts (interactive retries). */
  retry?: RetryOptions;
  /** Sync progress. Default: a bar when stderr is a TTY, lines otherwise. */
  progress?: ProgressSink;
  /** True once the user asked to stop (Ctrl-C): sync stops starting writes. Default: never. */
  interrupted?: () => boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

const positiveNumber = (flag: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new RangeError(`${flag} must be a positive number, got "${value}"`);
  return n;
};

interface GlobalOptions {
  stack?: string;
  endpointUrl?: string;
  timeoutMs: number;
}

/**
 * Runs the command.
 *
 * @param argv user arguments only (without `node` and the script); no default
 * @param io see {@link FailoverIo}; default `{}` (the real process)
 * @returns the exit code (see {@link EXIT})
 */
export async function runFailover(argv: readonly string[], io: FailoverIo = {}): Promise<number> {
  const out = io.stdout ?? ((text: string) => void process.stdout.write(text));
  const err = io.stderr ?? ((text: string) => void process.stderr.write(text));
  const println = (text: string) => out(`${text}\n`);
  let code: number = EXIT.ok;

  const program = new Command("failover")
    .description("Move SMS sending between Regions and keep opt-outs in step (docs/runbook.md)")
    .option(
      "--stack <name>",
      "stack name: reads stacks/Pulumi.<name>.yaml (default: $MESSAGING_STACK)",
    )
    .option("--endpoint-url <url>", "send every AWS call to this endpoint (testing)")
    .option("--timeout-ms <ms>", "per-request timeout", positiveNumber("--timeout-ms"), 3_000)
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: err })
    .showHelpAfterError();

  const context = (): FailoverContext => {
    const globals = program.opts<GlobalOptions>();
    const stackName = globals.stack ?? process.env.MESSAGING_STACK;
    if (!stackName)
      throw new PromoteUsageError("say which stack: --stack <name> (or set MESSAGING_STACK)");
    return {
      stack: loadFailoverStack(stackName, io.stacksDir),
      clients: {
        endpoint: globals.endpointUrl,
        requestTimeoutMs: globals.timeoutMs,
        credentials: io.credentials,
      },
      retry: io.retry,
    };
  };

  program
    .command("status")
    .description("readiness of every Region for every use case; exit 3 when anything is not ready")
    .option("--skip-region <region>", "do not contact this Region (repeatable)", collect, [])
    .action(async (options: { skipRegion: string[] }) => {
      const report = await readiness(context(), { skipRegions: options.skipRegion });
      println(renderReadiness(report));
      code = report.ready ? EXIT.ok : EXIT.incomplete;
    });

  program
    .command("promote")
    .description("point use cases at --to <region> in every Region except the one being left")
    .requiredOption("--to <region>", "the Region to send from")
    .option("--use-case <name>", "move only this use case (repeatable; default: all)", collect, [])
    .option("--skip-region <region>", "also do not contact this Region (repeatable)", collect, [])
    .option(
      "--planned",
      "planned move (e.g. failing back): the Region being left is healthy, update it too",
    )
    .action(
      async (options: {
        to: string;
        useCase: string[];
        skipRegion: string[];
        planned?: boolean;
      }) => {
        const report = await promote(context(), {
          to: options.to,
          useCases: options.useCase,
          skipRegions: options.skipRegion,
          planned: options.planned ?? false,
        });
        println(renderPromoteReport(report));
        code = report.refused ? EXIT.refused : report.complete ? EXIT.ok : EXIT.incomplete;
      },
    );

  program
    .command("sync-opt-outs")
    .description(
      "bring every Region's opt-out lists in line with the opt-out ledger (the latest decision of each end user)",
    )
    .option(
      "--rate <rps>",
      "SMS API requests per second per Region",
      positiveNumber("--rate"),
      DEFAULT_SYNC_RATE,
    )
    .option("--concurrency <n>", "concurrent requests per Region", positiveNumber("--concurrency"))
    .option(
      "--state-file <path>",
      "where progress is recorded (personal data, mode 0600); re-running with it resumes (default: ~/.local/state/messaging-estate/sync-opt-outs-<stack>.jsonl)",
    )
    .option(
      "--require-all",
      "stop before recording or writing anything when any Region cannot be read",
    )
    .option("--skip-region <region>", "do not contact this Region (repeatable)", collect, [])
    .option(
      "--use-case <name>",
      "sync only this use case's list (repeatable; default: all)",
      collect,
      [],
    )
    .option("--no-progress", "no progress bar")
    .action(
      async (options: {
        rate: number;
        concurrency?: number;
        stateFile?: string;
        requireAll?: boolean;
        skipRegion: string[];
        useCase: string[];
        progress: boolean;
      }) => {
        // sync-opt-outs answers with the shared exit codes (tools/exit.ts): 0 done, 1 a Region
        // not ready (--require-all), 2 usage (nothing was done), 3 incomplete (re-run finishes it).
        let report;
        try {
          report = await syncOptOuts(context(), {
            rate: options.rate,
            concurrency: options.concurrency,
            stateFile: options.stateFile,
            requireAll: options.requireAll ?? false,
            skipRegions: options.skipRegion,
            useCases: options.useCase,
            progress: options.progress
              ? (io.progress ?? progressFor(process.stderr, (line) => err(`${line}\n`)))
              : undefined,
            log: (line) => err(`${line}\n`),
            shouldStop: io.interrupted,
          });
        } catch (error) {
          if (
            EstateConfigError.is(error) ||
            error instanceof ActiveRegionConfigError ||
            error instanceof FailoverUsageError ||
            error instanceof RangeError
          ) {
            err(`error: ${(error as Error).message}\n`);
            code = SHARED_EXIT.usage;
            return;
          }
          throw error;
        }
        println(renderSyncReport(report));
        code = report.aborted
          ? SHARED_EXIT.findings
          : report.complete
            ? SHARED_EXIT.ok
            : SHARED_EXIT.incomplete;
      },
    );

  try {
    await program.parseAsync([...argv], { from: "user" });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (
      EstateConfigError.is(error) ||
      error instanceof ActiveRegionConfigError ||
      error instanceof FailoverUsageError ||
      error instanceof RangeError
    ) {
      err(`error: ${(error as Error).message}\n`);
      return EXIT.usage;
    }
    err(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.usage;
  }
}

if (require.main === module) {
  let interrupted = false;
  process.once("SIGINT", () => {
    interrupted = true;
    process.stderr.write("\nstopping after the writes in flight; the state file keeps the rest\n");
  });
  runAsEntryPoint(() => runFailover(process.argv.slice(2), { interrupted: () => interrupted }), {
    label: "error",
    failureCode: EXIT.usage,
  });
}
