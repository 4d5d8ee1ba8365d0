/**
 * Start-up as a user meets it: a command run as a fresh process, N times, median wall time.
 * The same command is timed as the `messaging` command runs it (compiled JavaScript from
 * `bin/`) and as every command used to run (tsx compiling the TypeScript at start), in the
 * same run, so the two compare on the same machine and load.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { performance } from "node:perf_hooks";

/** One command timed both ways. */
export interface StartupFigure {
  /** What was run, as the user types it after `messaging`. */
  command: string;
  /** Median wall time of `tsx tools/<tool>.ts …` (ms). */
  typescriptMs: number;
  /** Median wall time of `node tools/messaging.cjs …` (ms). */
  compiledMs: number;
  /** Exit code of the runs (the same both ways, or the figure is refused). */
  exitCode: number;
}

/** A command to time: the `messaging` arguments and the tool file tsx would run. */
export interface StartupCommand {
  args: string[];
  tool: string;
  /** How the command is shown (e.g. without a temporary directory). Default: the arguments. */
  label?: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timeProcess(root: string, argv: string[], runs: number): { ms: number; code: number } {
  const samples: number[] = [];
  let code = 0;
  // One untimed run first: file caches warm, a stale bin/ rebuilt, tsx's cache filled.
  for (let i = 0; i <= runs; i++) {
    const start = performance.now();
    const result = spawnSync(process.execPath, argv, {
      cwd: root,
      stdio: ["ignore", "ignore", "pipe"],
      // The child must not think it was started by an npm script (see adoptInvocationDirectory).
      env: { ...process.env, npm_lifecycle_script: undefined, INIT_CWD: undefined },
    });
    if (i > 0) samples.push(performance.now() - start);
    code = result.status ?? -1;
  }
  return { ms: median(samples), code };
}

/**
 * Times `commands` both ways.
 *
 * @param root the repository root; no default
 * @param commands what to run; no default
 * @param runs timed runs per command and way (after one untimed run); no default
 * @param progress called before each measurement with a line saying what runs. Default: none.
 * @throws Error when the two ways end with different exit codes (they would not be the same work)
 */
export function timeStartups(
  root: string,
  commands: readonly StartupCommand[],
  runs: number,
  progress: (line: string) => void = () => undefined,
): StartupFigure[] {
  const tsx = require.resolve("tsx/cli", { paths: [root] });
  const launcher = path.join(root, "tools", "messaging.cjs");
  return commands.map(({ args, tool, label }) => {
    const command = `messaging ${label ?? args.join(" ")}`;
    progress(`${command}: ${runs} fresh processes as TypeScript (tsx)`);
    const before = timeProcess(root, [tsx, tool, ...args.slice(1)], runs);
    progress(`${command}: ${runs} fresh processes as compiled JavaScript`);
    const after = timeProcess(root, [launcher, ...args], runs);
    if (before.code !== after.code) {
      throw new Error(`${command} exited ${before.code} under tsx but ${after.code} compiled`);
    }
    return { command, typescriptMs: before.ms, compiledMs: after.ms, exitCode: after.code };
  });
}
