/**
 * `messaging bench [--write] [--runs <n>]` (`npm run bench`): measures, on this machine,
 *
 * - start-up: commands run as fresh processes, compiled (`messaging`) against TypeScript
 *   compiled at start (tsx, how every command ran before), medians of N processes;
 * - the offline preview of the example stack and of a generated estate about ten times
 *   larger, against its floor: the same custom resources registered raw, without the
 *   program's components, under the same engine and mocks, in the same process;
 * - the policy check of both and its ratio to the preview alone.
 *
 * It prints the tables and a line of progress before each measurement (on stderr); with
 * `--write` it also replaces its section of BENCHMARKS.md (between its markers, leaving the
 * other sections alone). Figures are measured here, on demand; the test suite asserts no
 * timings. Exit codes: 0 done, 2 usage error.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { readStackConfig, stackFilePath } from "../stacks/config/load";
import { runFloor } from "./bench/floor";
import { timeStartups, type StartupFigure } from "./bench/fresh-process";
import { runCheck, type CheckResult } from "./check/run-check";
import { EXIT, runAsEntryPoint } from "./exit";
import { TEN_TIMES_LABEL, writeTenTimesStack } from "./generate-estate";
import { describeError } from "./output/errors";
import { REPO_ROOT, runStack, type StackRun } from "./stack-run";

/** Where the benchmark writes (swappable in tests). */
export interface BenchIo {
  /** The tables. Default: stdout. */
  out(text: string): void;
  /** Progress and errors. Default: stderr. */
  err(text: string): void;
}

const consoleIo: BenchIo = {
  out: (text) => process.stdout.write(text + "\n"),
  err: (text) => process.stderr.write(text + "\n"),
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Replaces the text between `<!-- name:start -->` and `<!-- name:end -->`, or appends it. */
export function writeSection(file: string, name: string, body: string): void {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const block = `${start}\n${body.trim()}\n${end}`;
  const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "# Benchmarks\n";
  const pattern = new RegExp(`${start}[\\s\\S]*?${end}`);
  fs.writeFileSync(
    file,
    pattern.test(current) ? current.replace(pattern, block) : `${current.trimEnd()}\n\n${block}\n`,
  );
}

/** The machine, for the record: CPUs, memory, Node.js and OS. */
export function machineLine(): string {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  return `${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

/** A stack the benchmark runs: its name and the directory holding its stack file. */
interface BenchStack {
  label: string;
  stack: string;
  stacksDir?: string;
}

/** Wall and CPU time of one call. */
interface Sample {
  wallMs: number;
  cpuMs: number;
}

async function measure<T>(once: () => Promise<T>): Promise<Sample & { value: T }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = await once();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { value, wallMs, cpuMs: (used.user + used.system) / 1000 };
}

/** A preview and its floor, first run and medians of the next runs. */
interface FloorFigure {
  name: string;
  resources: number;
  preview: { firstMs: number; wallMs: number; cpuMs: number };
  floor: { firstMs: number; wallMs: number; cpuMs: number };
}

/**
 * Runs the preview and its floor alternately (so machine load hits both alike): one first
 * run each, then `runs` timed pairs.
 */
async function timePreviewAndFloor(
  target: BenchStack,
  runs: number,
  progress: (line: string) => void,
): Promise<FloorFigure> {
  const config = readStackConfig(stackFilePath(target.stack, target.stacksDir));
  const preview = () => runStack({ stack: target.stack, stacksDir: target.stacksDir });
  progress(`${target.label}: first preview and first floor`);
  const firstPreview = await measure(preview);
  const run: StackRun = firstPreview.value;
  const firstFloor = await measure(() => runFloor(run, config));
  const previews: Sample[] = [];
  const floors: Sample[] = [];
  for (let i = 1; i <= runs; i++) {
    progress(`${target.label}: preview and floor, run ${i} of ${runs}`);
    previews.push(await measure(preview));
    floors.push(await measure(() => runFloor(run, config)));
  }
  return {
    name: target.label,
    resources: run.resources.filter((r) => r.custom).length,
    preview: {
      firstMs: firstPreview.wallMs,
      wallMs: median(previews.map((s) => s.wallMs)),
      cpuMs: median(previews.map((s) => s.cpuMs)),
    },
    floor: {
      firstMs: firstFloor.wallMs,
      wallMs: median(floors.map((s) => s.wallMs)),
      cpuMs: median(floors.map((s) => s.cpuMs)),
    },
  };
}

interface CheckFigure {
  name: string;
  resources: number;
  violations: number;
  firstMs: number;
  medianMs: number;
  /** Medians of the check's phases over the next runs. */
  phases: CheckResult["timings"];
  /** Median check time over median preview time of the same stack. */
  ratioToPreview: number;
}

async function timeCheck(
  target: BenchStack,
  previewMedianMs: number,
  runs: number,
  progress: (line: string) => void,
): Promise<CheckFigure> {
  const results: CheckResult[] = [];
  const samples: number[] = [];
  for (let i = 0; i <= runs; i++) {
    progress(`${target.label}: policy check, ${i === 0 ? "first run" : `run ${i} of ${runs}`}`);
    const start = performance.now();
    results.push(await runCheck({ stack: target.stack, stacksDir: target.stacksDir }));
    samples.push(performance.now() - start);
  }
  const [firstMs, ...next] = samples;
  const nextResults = results.slice(1);
  const phase = (key: keyof CheckResult["timings"]) =>
    median(nextResults.map((r) => r.timings[key]));
  const medianMs = median(next);
  return {
    name: target.label,
    resources: results[0].resources,
    violations: results[0].violations.length,
    firstMs,
    medianMs,
    phases: {
      packStart: phase("packStart"),
      program: phase("program"),
      analysis: phase("analysis"),
      total: phase("total"),
    },
    ratioToPreview: medianMs / previewMedianMs,
  };
}

/** How many fresh processes of each command the comparison times (after one warm-up each). */
const FRESH_RUNS = Number(process.env.BENCH_FRESH_RUNS ?? 5);

/** Wall time of one fresh `npm run <script>` on the example stack, output discarded. */
function freshMs(script: string): number {
  const start = performance.now();
  const result = spawnSync("npm", ["run", "--silent", script], {
    cwd: REPO_ROOT,
    stdio: "ignore",
    env: { ...process.env, GITHUB_STEP_SUMMARY: "" },
  });
  if (result.status !== 0) throw new Error(`npm run ${script} exited ${result.status}`);
  return performance.now() - start;
}

/**
 * A fresh `npm run check` against a fresh `npm start` on the example stack, each a new
 * process as a user starts them, run alternately so both see the same machine load; the
 * first of each only warms the caches (V8's code cache, the transpiled pack).
 */
function timeFresh(progress: (line: string) => void): {
  startMs: number;
  checkMs: number;
  ratio: number;
} {
  progress(`fresh npm start against fresh npm run check, ${FRESH_RUNS} each, alternating`);
  freshMs("start");
  freshMs("check");
  const starts: number[] = [];
  const checks: number[] = [];
  for (let i = 0; i < FRESH_RUNS; i++) {
    starts.push(freshMs("start"));
    checks.push(freshMs("check"));
  }
  const startMs = median(starts);
  const checkMs = median(checks);
  return { startMs, checkMs, ratio: checkMs / startMs };
}

const ms = (value: number) => value.toFixed(0);
const ratio = (value: number) => `${value.toFixed(2)}×`;

function startupTable(figures: readonly StartupFigure[]): string {
  return [
    "| Fresh process | TypeScript compiled at start (tsx), ms | Compiled JavaScript (`messaging`), ms | Saved |",
    "|---|---:|---:|---:|",
    ...figures.map(
      (f) =>
        `| \`${f.command}\` | ${ms(f.typescriptMs)} | ${ms(f.compiledMs)} | ${ms(f.typescriptMs - f.compiledMs)} ms (${((1 - f.compiledMs / f.typescriptMs) * 100).toFixed(0)}%) |`,
    ),
  ].join("\n");
}

function floorTable(figures: readonly FloorFigure[]): string {
  return [
    "| Offline preview of | Resources | Preview: first run, ms | Preview: median, ms (CPU ms) | Floor: first run, ms | Floor: median, ms (CPU ms) | Preview / floor, wall (CPU) | Resources/s |",
    "|---|---:|---:|---:|---:|---:|---:|---:|",
    ...figures.map(
      (f) =>
        `| ${f.name} | ${f.resources} | ${ms(f.preview.firstMs)} | ${ms(f.preview.wallMs)} (${ms(f.preview.cpuMs)}) | ${ms(f.floor.firstMs)} | ${ms(f.floor.wallMs)} (${ms(f.floor.cpuMs)}) | ${ratio(f.preview.wallMs / f.floor.wallMs)} (${ratio(f.preview.cpuMs / f.floor.cpuMs)}) | ${((f.resources / f.preview.wallMs) * 1000).toFixed(0)} |`,
    ),
  ].join("\n");
}

function checkTable(figures: readonly CheckFigure[]): string {
  return [
    "| Policy check (`messaging check`) of | Resources | Violations | First run (ms) | Median of next runs (ms) | Pack start (ms) | Program (ms) | Analysis over gRPC (ms) | Check / preview |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...figures.map(
      (c) =>
        `| ${c.name} | ${c.resources} | ${c.violations} | ${ms(c.firstMs)} | ${ms(c.medianMs)} | ${ms(c.phases.packStart)} | ${ms(c.phases.program)} | ${ms(c.phases.analysis)} | ${c.ratioToPreview.toFixed(1)}× |`,
    ),
  ].join("\n");
}

const positiveInteger = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError(`must be a whole number of at least 1, got "${value}"`);
  return n;
};

interface Options {
  write?: boolean;
  runs: number;
  startupRuns: number;
  skipCheck?: boolean;
  skipStartup?: boolean;
}

/**
 * Runs the benchmark.
 *
 * @param argv user arguments (without `node` and the script); no default
 * @param io see {@link BenchIo}; default: stdout and stderr
 * @returns the exit code: 0 done, 2 usage error
 */
export async function main(argv: readonly string[], io: BenchIo = consoleIo): Promise<number> {
  const command = new Command("bench")
    .description(
      "Time start-up, the offline preview against its floor, and the policy check, on this machine",
    )
    .option("--write", "also write the figures into BENCHMARKS.md (its bench:preview section)")
    .option(
      "--runs <n>",
      "timed in-process runs per figure, after a first run",
      positiveInteger,
      Number(process.env.BENCH_RUNS ?? 5),
    )
    .option("--startup-runs <n>", "fresh processes per start-up figure", positiveInteger, 5)
    .option("--skip-check", "leave out the policy check")
    .option("--skip-startup", "leave out the start-up figures")
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s.trimEnd()),
      writeErr: (s) => io.err(s.trimEnd()),
    });
  try {
    command.parse([...argv], { from: "user" });
  } catch (error) {
    return error instanceof CommanderError && error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  const options = command.opts<Options>();
  const started = performance.now();
  const progress = (line: string) =>
    io.err(`bench [${((performance.now() - started) / 1000).toFixed(0)} s] ${line}`);

  const example: BenchStack = { label: "example stack", stack: "example" };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "messaging-bench-"));
  const generated: BenchStack = {
    label: TEN_TIMES_LABEL,
    stack: writeTenTimesStack(dir),
    stacksDir: dir,
  };
  const targets = [example, generated];
  try {
    const startups = options.skipStartup
      ? []
      : timeStartups(
          REPO_ROOT,
          [
            { args: ["preview", "--help"], tool: "tools/preview.ts" },
            {
              args: ["warmup", "--stack", "example", "--format", "csv", "--out", dir],
              tool: "tools/warmup.ts",
              label: "warmup --stack example --format csv --out <temporary directory>",
            },
            { args: ["preview", "--stack", "example"], tool: "tools/preview.ts" },
          ],
          options.startupRuns,
          progress,
        );
    const floors: FloorFigure[] = [];
    for (const target of targets)
      floors.push(await timePreviewAndFloor(target, options.runs, progress));
    const checks: CheckFigure[] = [];
    if (!options.skipCheck) {
      for (const [i, target] of targets.entries()) {
        checks.push(await timeCheck(target, floors[i].preview.wallMs, options.runs, progress));
      }
    }

    const sections = [
      "## Start-up, offline preview and policy check (`npm run bench`)",
      "",
      `Measured ${new Date().toISOString().slice(0, 10)} on ${machineLine()}.`,
    ];
    if (startups.length > 0) {
      sections.push(
        "",
        `Start-up: each command as a fresh process, the median of ${options.startupRuns} (after one untimed run, so file caches are warm and tsx's own cache is filled: the best case for tsx).`,
        "",
        startupTable(startups),
      );
    }
    sections.push(
      "",
      `Preview against its floor, in one process: the floor registers the same custom resources (types, names, inputs, providers, protect options) directly, without the program's components, validation or module loading, under the same engine and mocks. Medians of ${options.runs} runs after a first run, preview and floor alternating; CPU time (user + system of this process) is less sensitive to the machine's other load than wall time.`,
      "",
      floorTable(floors),
    );
    if (checks.length > 0) {
      sections.push(
        "",
        "The check runs the same preview, starts the policy pack as a child process (in parallel with the program; the phase columns are medians, so they need not add up to the total) and sends every resource through `Analyze`, then the stack through `AnalyzeStack`.",
        "",
        checkTable(checks),
      );
      const fresh = timeFresh(progress);
      sections.push(
        "",
        `Fresh processes on the example stack (median of ${FRESH_RUNS}, alternating, after one warm-up each): \`npm start\` ${ms(fresh.startMs)} ms, \`npm run check\` ${ms(fresh.checkMs)} ms: **check / start = ${ratio(fresh.ratio)}**.`,
      );
    }
    const body = sections.join("\n");
    io.out(body);
    if (options.write) {
      writeSection(path.join(REPO_ROOT, "BENCHMARKS.md"), "bench:preview", body);
      io.err("written to BENCHMARKS.md");
    } else {
      io.err("(BENCHMARKS.md unchanged: --write records these figures there)");
    }
    return EXIT.ok;
  } catch (error) {
    io.err(`bench: ${describeError(error)}`);
    return EXIT.usage;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runAsEntryPoint(() => main(process.argv.slice(2)), { label: "bench", failureCode: EXIT.usage });
}
