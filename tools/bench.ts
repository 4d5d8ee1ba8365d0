/**
 * `npm run bench`: times the offline preview of the example stack and of a generated
 * estate about ten times larger, prints resources per second, then times the policy check
 * (`npm run check`: preview, pack start and analysis over gRPC) of both and its ratio to
 * the preview alone, and writes the figures into BENCHMARKS.md (between this benchmark's
 * markers, leaving other sections alone). Figures are measured here, on demand; the test
 * suite asserts no timings.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { runCheck, type CheckResult } from "./check/run-check";
import { TEN_TIMES_LABEL, writeTenTimesStack } from "./generate-estate";
import { REPO_ROOT, runStack } from "./stack-run";
import { runAsEntryPoint } from "./exit";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);

interface Figure {
  name: string;
  resources: number;
  coldMs: number;
  medianMs: number;
  perSecond: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function time(name: string, once: () => Promise<number>): Promise<Figure> {
  const samples: number[] = [];
  let resources = 0;
  for (let i = 0; i <= RUNS; i++) {
    const start = performance.now();
    resources = await once();
    samples.push(performance.now() - start);
  }
  const [coldMs, ...warm] = samples;
  const medianMs = median(warm);
  return { name, resources, coldMs, medianMs, perSecond: (resources / medianMs) * 1000 };
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

function writeGeneratedStack(): BenchStack {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "messaging-bench-"));
  return { label: TEN_TIMES_LABEL, stack: writeTenTimesStack(dir), stacksDir: dir };
}

interface CheckFigure {
  name: string;
  resources: number;
  violations: number;
  coldMs: number;
  medianMs: number;
  /** Medians of the check's phases over the warm runs. */
  phases: CheckResult["timings"];
  /** Median check time over median preview time of the same stack. */
  ratioToPreview: number;
}

async function timeCheck(target: BenchStack, previewMedianMs: number): Promise<CheckFigure> {
  const results: CheckResult[] = [];
  const samples: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const start = performance.now();
    results.push(await runCheck({ stack: target.stack, stacksDir: target.stacksDir }));
    samples.push(performance.now() - start);
  }
  const [coldMs, ...warm] = samples;
  const warmResults = results.slice(1);
  const phase = (key: keyof CheckResult["timings"]) =>
    median(warmResults.map((r) => r.timings[key]));
  const medianMs = median(warm);
  return {
    name: target.label,
    resources: results[0].resources,
    violations: results[0].violations.length,
    coldMs,
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
 * first of each only warms the caches (tsx's, V8's code cache, the transpiled pack).
 */
function timeFresh(): { startMs: number; checkMs: number; ratio: number } {
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

async function main(): Promise<void> {
  const example: BenchStack = {
    label: "example stack (`npm start`, program file)",
    stack: "example",
  };
  const generated = writeGeneratedStack();
  const targets = [example, generated];
  try {
    const figures: Figure[] = [];
    for (const target of targets) {
      figures.push(
        await time(target.label, async () => {
          const run = await runStack({ stack: target.stack, stacksDir: target.stacksDir });
          return run.resources.filter((r) => r.custom).length;
        }),
      );
    }
    const checks: CheckFigure[] = [];
    for (const [i, target] of targets.entries()) {
      checks.push(await timeCheck(target, figures[i].medianMs));
    }

    const rows = figures.map(
      (f) =>
        `| ${f.name} | ${f.resources} | ${f.coldMs.toFixed(0)} | ${f.medianMs.toFixed(0)} | ${f.perSecond.toFixed(0)} |`,
    );
    const table = [
      "| Offline preview of | Resources | First run (ms) | Median of next runs (ms) | Resources/s |",
      "|---|---:|---:|---:|---:|",
      ...rows,
    ].join("\n");
    const checkRows = checks.map(
      (c) =>
        `| ${c.name} | ${c.resources} | ${c.violations} | ${c.coldMs.toFixed(0)} | ${c.medianMs.toFixed(0)} | ${c.phases.packStart.toFixed(0)} | ${c.phases.program.toFixed(0)} | ${c.phases.analysis.toFixed(0)} | ${c.ratioToPreview.toFixed(1)}× |`,
    );
    const checkTable = [
      "| Policy check (`npm run check`) of | Resources | Violations | First run (ms) | Median of next runs (ms) | Pack start (ms) | Program (ms) | Analysis left after the program (ms) | Check / preview |",
      "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
      ...checkRows,
    ].join("\n");
    const fresh = timeFresh();
    const freshLine = `Fresh processes on the example stack (median of ${FRESH_RUNS}, alternating, after one warm-up each): \`npm start\` ${fresh.startMs.toFixed(0)} ms, \`npm run check\` ${fresh.checkMs.toFixed(0)} ms: **check / start = ${fresh.ratio.toFixed(2)}×** (the target is at most 1.3×).`;
    console.log(table);
    console.log();
    console.log(checkTable);
    console.log();
    console.log(freshLine);
    const body = [
      "## Offline preview and policy check (`npm run bench`)",
      "",
      `Measured ${new Date().toISOString().slice(0, 10)} on ${machineLine()}; ${RUNS} warm runs after one cold run, in one process.`,
      "",
      table,
      "",
      "The check runs the same preview, starts the policy pack as a child process (in parallel with the program; the phase columns are medians, so they need not add up to the total) and remediates and analyzes each resource over gRPC as the program registers it, then the stack through `AnalyzeStack`. The pack is transpiled once per source version (into `policies/bin/`), so a first run after a change to the pack takes longer than these.",
      "",
      checkTable,
      "",
      freshLine,
    ].join("\n");
    writeSection(path.join(REPO_ROOT, "BENCHMARKS.md"), "bench:preview", body);
    console.log("\nwritten to BENCHMARKS.md");
  } finally {
    if (generated.stacksDir) fs.rmSync(generated.stacksDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runAsEntryPoint(() => main().then(() => 0), { label: "bench failed", failureCode: 1 });
}
