/**
 * The promote part of `npm run bench:failover`: wall time of `promote --to us-west-2` for the
 * example stack, in process and as a fresh CLI process, with the primary black-holed at the
 * transport (its listener accepts connections and never answers), without and with 100 ms
 * added to every AWS call. The floor is measured in the same run: a fresh process that loads
 * the CLI and exits (`--help`), so the figures separate Node/TypeScript start-up from the
 * promote's own round trips.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import type { EstateConfig } from "../../stacks/config/schema";
import { type AwsEndpoint, startAwsEndpoint } from "../../test/support/aws-endpoint";
import { endpointArgs, seedEstate, TEST_CREDENTIALS } from "../../test/support/failover-estate";
import { machineLine } from "../bench";
import { runFailover } from "../failover";

const ROOT = path.resolve(__dirname, "..", "..");

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** GNU time, when present, reports a process's CPU time: a figure a shared machine's load does not inflate. */
const GNU_TIME = "/usr/bin/time";
const CPU_MARK = "__bench_cpu_seconds";

/**
 * Runs the CLI as a fresh process; resolves with its exit code, output and, when GNU time is
 * available, the CPU time (user + system, ms) it and its children used.
 */
function runProcess(
  args: string[],
): Promise<{ code: number | null; output: string; cpuMs?: number }> {
  const node = [
    process.execPath,
    path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs"),
    "tools/failover.ts",
    ...args,
  ];
  const timed = fs.existsSync(GNU_TIME);
  const [command, ...commandArgs] = timed ? [GNU_TIME, "-f", `${CPU_MARK} %U %S`, ...node] : node;
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, {
      cwd: ROOT,
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
        AWS_EC2_METADATA_DISABLED: "true",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const mark = new RegExp(`${CPU_MARK} ([0-9.]+) ([0-9.]+)`).exec(output);
      resolve({
        code,
        output: output.replace(new RegExp(`${CPU_MARK}.*\\n?`), ""),
        ...(mark ? { cpuMs: (Number(mark[1]) + Number(mark[2])) * 1000 } : {}),
      });
    });
  });
}

interface Scenario {
  readonly label: string;
  readonly latencyMs: number;
}

const SCENARIOS: readonly Scenario[] = [
  { label: "black-holed primary", latencyMs: 0 },
  { label: "black-holed primary, +100 ms per AWS call", latencyMs: 100 },
];

/** Options of {@link promoteBench}. */
export interface PromoteBenchOptions {
  /** In-process runs after the first. Default: 5. */
  readonly runs?: number;
  /** Fresh-process runs (the first is reported apart). Default: 3. */
  readonly processes?: number;
  /** Progress lines. Default: discarded. */
  readonly progress?: (line: string) => void;
}

/** Measures the promote figures; returns the BENCHMARKS.md section body. */
export async function promoteBench(
  estate: EstateConfig,
  options: PromoteBenchOptions = {},
): Promise<string> {
  const runs = options.runs ?? 5;
  const processes = options.processes ?? 3;
  const progress = options.progress ?? (() => undefined);
  const aws = await startAwsEndpoint({
    accountId: estate.account,
    regions: ["us-east-1", "us-west-2"],
  });
  const quiet = { stdout: () => undefined, stderr: () => undefined, credentials: TEST_CREDENTIALS };
  const args = (endpoint: AwsEndpoint) => [
    ...endpointArgs(endpoint),
    "--stack",
    "example",
    "promote",
    "--to",
    "us-west-2",
  ];
  const prepare = async (scenario: Scenario) => {
    await aws.reset();
    seedEstate(aws, estate);
    await aws.transport.set("us-east-1", "silent");
    aws.setLatency("*", scenario.latencyMs);
  };
  const check = (code: number | null, output = "") => {
    if (code !== 0) throw new Error(`promote exited ${code}: ${output}`);
    if (aws.transport.connections("us-east-1") > 0) {
      throw new Error("promote connected to the black-holed primary");
    }
  };
  try {
    progress("promote: floor (a fresh process that loads the CLI and exits)");
    const floor: number[] = [];
    const floorCpu: number[] = [];
    for (let i = 0; i < processes; i++) {
      const start = performance.now();
      const { code, output, cpuMs } = await runProcess(["--help"]);
      floor.push(performance.now() - start);
      if (cpuMs !== undefined) floorCpu.push(cpuMs);
      if (code !== 0) throw new Error(`--help exited ${code}: ${output}`);
    }
    const rows: string[] = [];
    let requests = 0;
    const inProcessMedian: number[] = [];
    for (const scenario of SCENARIOS) {
      const inProcess: number[] = [];
      for (let i = 0; i <= runs; i++) {
        progress(`promote: ${scenario.label}: in process, run ${i + 1} of ${runs + 1}`);
        await prepare(scenario);
        const start = performance.now();
        const code = await runFailover(args(aws), quiet);
        inProcess.push(performance.now() - start);
        check(code);
        requests = aws.requests.length;
      }
      const fresh: number[] = [];
      const freshCpu: number[] = [];
      for (let i = 0; i < processes; i++) {
        progress(`promote: ${scenario.label}: fresh process, run ${i + 1} of ${processes}`);
        await prepare(scenario);
        const start = performance.now();
        // Asynchronous on purpose: this process serves the endpoint the child talks to.
        const { code, output, cpuMs } = await runProcess(args(aws));
        fresh.push(performance.now() - start);
        if (cpuMs !== undefined) freshCpu.push(cpuMs);
        check(code, output);
      }
      const [cold, ...warm] = inProcess;
      inProcessMedian.push(median(warm));
      const cpu = (values: number[]) => (values.length > 0 ? median(values).toFixed(0) : "–");
      rows.push(
        `| ${scenario.label} | in process | ${cold.toFixed(0)} | ${median(warm).toFixed(0)} | – | – |`,
        `| ${scenario.label} | \`npm run failover -- promote\`, fresh process | ${fresh[0].toFixed(0)} | ${median(fresh.slice(1)).toFixed(0)} | ${(median(fresh.slice(1)) / median(floor)).toFixed(2)} × | ${cpu(freshCpu)} |`,
      );
    }
    const roundTrips = (inProcessMedian[1] - inProcessMedian[0]) / 100;
    return [
      "## Failover promote (`npm run bench:failover -- --promote-only`)",
      "",
      `Measured ${new Date().toISOString().slice(0, 10)} on ${machineLine()} (load average ${os.loadavg()[0].toFixed(1)} at the end: the machine was shared), against the local endpoint (test/support/aws-endpoint) with a listener per Region on loopback.`,
      "",
      `Promote of the example stack (3 use cases, 2 Regions) to us-west-2 with us-east-1 black-holed at the transport (its listener accepts connections and never answers): exit 0, ${requests} requests, all to us-west-2, and no connection to us-east-1 in any run. Each run starts from a freshly seeded estate. The floor, a fresh process that loads the CLI and prints \`--help\`, took ${median(floor).toFixed(0)} ms (median of ${processes}${floorCpu.length > 0 ? `; ${median(floorCpu).toFixed(0)} ms of CPU` : ""}); "Over the floor" is a fresh promote's median over it. CPU is the fresh process's user + system time (GNU time), which the machine's load does not inflate: on an idle machine a fresh promote takes about its CPU time plus its round trips. With 100 ms added to every answer, the in-process median grows by ${(inProcessMedian[1] - inProcessMedian[0]).toFixed(0)} ms: ${roundTrips.toFixed(1)} round trips on the critical path (identity → lease → reads in the target, beside discovery; then the writes, the read-back and the release). Goal: under 2 s for the CLI at 100 ms per call.`,
      "",
      "| Scenario | Command | First run (ms) | Median of next runs (ms) | Over the floor | CPU, median (ms) |",
      "|---|---|---:|---:|---:|---:|",
      ...rows,
    ].join("\n");
  } finally {
    await aws.close();
  }
}
