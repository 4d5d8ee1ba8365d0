/**
 * `npm run failover -- --stack <name> <command>`: the on-call engineer's failover tool
 * (runbook: docs/runbook.md). It needs no Pulumi state and no Pulumi CLI: names come from
 * the stack file, everything else from Describe calls.
 *
 *   status                      readiness of every Region for every use case
 *   promote --to <region>       point use cases at <region>; never contacts the Region left
 *   sync-opt-outs               bring every Region's opt-out lists in line with the opt-out ledger
 *   clear-presumed-down <region> end an outage: contact <region> again
 *
 * Exit codes (tools/exit.ts, shared by every command): 0 done; 1 findings (status: not
 * ready; promote: refused or in conflict with another writer; sync: aborted by
 * --require-all); 2 usage or configuration error, including missing credentials (nothing was
 * contacted); 3 incomplete (a Region did not answer or a write failed: re-running finishes
 * it; also an unexpected error, after which re-running is safe).
 * The core is {@link runFailover}, so tests run it in-process.
 */
import { Command, CommanderError } from "commander";
import type { RetryOptions } from "../lambda/lib/retry";
import { ActiveRegionConfigError } from "../stacks/config/active-region";
import { EstateConfigError } from "../stacks/config/issues";
import { type Credentials, type EndpointChoice, parseRegionEndpoints } from "./failover/clients";
import { type FailoverContext, withCredentials } from "./failover/context";
import { progressFor, type ProgressSink } from "./failover/progress";
import { promote, PromoteUsageError, renderPromoteReport } from "./failover/promote";
import { clearPresumedDown, renderClearReport } from "./failover/recover";
import { loadFailoverStack } from "./failover/stack";
import { FailoverUsageError } from "./failover/usage-error";
import { readiness, renderReadiness } from "./failover/status";
import { DEFAULT_SYNC_RATE, renderSyncReport, syncOptOuts } from "./failover/sync";
import { EXIT, runAsEntryPoint } from "./exit";

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
  /** Clock (epoch ms) for records and leases. Default: `Date.now`. */
  now?: () => number;
  /** Who runs the command when STS cannot say. Default: `$USER@hostname`. */
  localOperator?: string;
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
  stacksDir?: string;
  endpointUrl?: string;
  regionEndpoints?: Record<string, string>;
  timeoutMs: number;
}

/**
 * Runs the command.
 *
 * @param argv user arguments only (without `node` and the script); no default
 * @param io see {@link FailoverIo}; default `{}` (the real process)
 * @returns the exit code (see `EXIT` in tools/exit.ts)
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
    .option("--stacks-dir <dir>", "read stack files from this directory (default: stacks/)")
    .option("--endpoint-url <url>", "send every AWS call to this endpoint (testing)")
    .option(
      "--region-endpoints <json>",
      'one endpoint per Region, e.g. \'{"us-east-1":"http://127.0.0.1:4566"}\' (testing)',
      parseRegionEndpoints,
    )
    .option("--timeout-ms <ms>", "per-request timeout", positiveNumber("--timeout-ms"), 3_000)
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: err })
    .showHelpAfterError();

  const context = (): FailoverContext => {
    const globals = program.opts<GlobalOptions>();
    const stackName = globals.stack ?? process.env.MESSAGING_STACK;
    if (!stackName)
      throw new PromoteUsageError("say which stack: --stack <name> (or set MESSAGING_STACK)");
    if (globals.endpointUrl && globals.regionEndpoints) {
      throw new FailoverUsageError("give --endpoint-url or --region-endpoints, not both");
    }
    const endpoint: EndpointChoice = globals.regionEndpoints ?? globals.endpointUrl;
    return {
      stack: loadFailoverStack(stackName, globals.stacksDir ?? io.stacksDir),
      clients: { endpoint, requestTimeoutMs: globals.timeoutMs, credentials: io.credentials },
      retry: io.retry,
      now: io.now,
      localOperator: io.localOperator,
    };
  };

  program
    .command("status")
    .description(
      "readiness of every Region for every use case; exit 1 when anything needs a fix, 3 when a Region did not answer",
    )
    .option("--skip-region <region>", "do not contact this Region (repeatable)", collect, [])
    .action(async (options: { skipRegion: string[] }) => {
      const report = await readiness(context(), { skipRegions: options.skipRegion });
      println(renderReadiness(report));
      code = { ready: EXIT.ok, "not ready": EXIT.findings, incomplete: EXIT.incomplete }[
        report.verdict
      ];
    });

  program
    .command("promote")
    .description("point use cases at --to <region> in every Region except those being left")
    .requiredOption("--to <region>", "the Region to send from")
    .option("--use-case <name>", "move only this use case (repeatable; default: all)", collect, [])
    .option("--skip-region <region>", "also do not contact this Region (repeatable)", collect, [])
    .option(
      "--planned",
      "planned move (e.g. failing back): the Region being left is healthy, update it too",
    )
    .option(
      "--accept-stale-opt-outs",
      "promote promotional use cases although the target's opt-out list is behind or unknown",
    )
    .option(
      "--also-write-left-region",
      "also try, once and briefly, to write the Regions being left (SMS down there, SSM up)",
    )
    .option(
      "--left-region-timeout-ms <ms>",
      "timeout of those writes",
      positiveNumber("--left-region-timeout-ms"),
      2_000,
    )
    .option(
      "--confirm-leaving <region>",
      "leave this Region although a promote made it the target minutes ago (repeatable)",
      collect,
      [],
    )
    .option("--break-lease", "take the promote lease even if another run holds it")
    .action(
      async (options: {
        to: string;
        useCase: string[];
        skipRegion: string[];
        planned?: boolean;
        acceptStaleOptOuts?: boolean;
        alsoWriteLeftRegion?: boolean;
        leftRegionTimeoutMs: number;
        confirmLeaving: string[];
        breakLease?: boolean;
      }) => {
        const report = await promote(context(), {
          to: options.to,
          useCases: options.useCase,
          skipRegions: options.skipRegion,
          planned: options.planned ?? false,
          acceptStaleOptOuts: options.acceptStaleOptOuts ?? false,
          alsoWriteLeftRegion: options.alsoWriteLeftRegion ?? false,
          leftRegionTimeoutMs: options.leftRegionTimeoutMs,
          confirmLeaving: options.confirmLeaving,
          breakLease: options.breakLease ?? false,
        });
        println(renderPromoteReport(report));
        code = {
          done: EXIT.ok,
          refused: EXIT.findings,
          conflict: EXIT.findings,
          incomplete: EXIT.incomplete,
        }[report.outcome];
      },
    );

  program
    .command("clear-presumed-down")
    .description("end an outage: after checking <region> answers, contact it again")
    .argument("<region>", "the Region that is healthy again")
    .action(async (region: string) => {
      const report = await clearPresumedDown(context(), region);
      println(renderClearReport(report));
      code = {
        done: EXIT.ok,
        "not presumed down": EXIT.ok,
        refused: EXIT.findings,
        incomplete: EXIT.incomplete,
      }[report.outcome];
    });

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
        const report = await syncOptOuts(await withCredentials(context()), {
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
        println(renderSyncReport(report));
        code = report.aborted ? EXIT.findings : report.complete ? EXIT.ok : EXIT.incomplete;
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
    // A bug, not the user's doing: keep the stack trace. Every command is safe to re-run.
    err(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT.incomplete;
  }
}

/** The failover command `argv` runs (the first argument naming one), if any. */
function commandOf(argv: readonly string[]): string | undefined {
  return argv.find((a) => FAILOVER_COMMANDS.includes(a));
}

const FAILOVER_COMMANDS = ["status", "promote", "sync-opt-outs", "clear-presumed-down"];

/**
 * What the first Ctrl-C does, per command: `sync-opt-outs` stops starting numbers and keeps
 * the rest in its state file; `promote` and `clear-presumed-down` finish what they started
 * (seconds) so that they release their lease rather than block everyone's next promote until
 * it expires; anything else (status, help) stops at once. A second Ctrl-C always stops.
 *
 * @param argv the command's arguments; no default
 * @returns `interrupted()`, true once a deferred Ctrl-C arrived (for {@link FailoverIo})
 */
export function handleInterrupt(argv: readonly string[]): () => boolean {
  const command = commandOf(argv);
  const message =
    command === "sync-opt-outs"
      ? "stopping after the writes in flight; the state file keeps the rest"
      : command === "promote" || command === "clear-presumed-down"
        ? "finishing this command (its writes and read-back take seconds) so that it releases its lease; Ctrl-C again abandons it (the lease then blocks promotes until it expires, within 2 minutes)"
        : undefined;
  if (message === undefined) return () => false;
  let interrupted = false;
  process.once("SIGINT", () => {
    interrupted = true;
    process.stderr.write(`\n${message}\n`);
  });
  return () => interrupted;
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const interrupted = handleInterrupt(argv);
  runAsEntryPoint(() => runFailover(argv, { interrupted }), {
    label: "error",
    failureCode: EXIT.incomplete,
  });
}
