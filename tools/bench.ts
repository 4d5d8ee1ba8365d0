/**
 * `npm run bench`: times the offline preview of the example stack and of a generated
 * estate about ten times larger, prints resources per second, and writes the figures into
 * BENCHMARKS.md (between this benchmark's markers, leaving other sections alone).
 * Figures are measured here, on demand; the test suite asserts no timings.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { runOffline } from "../engine/run";
import { parseEstateConfig } from "../stacks/config/load";
import { deployEstate } from "../stacks/estate";
import { generateEstate } from "./generate-estate";
import { REPO_ROOT, runStack } from "./stack-run";

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

async function main(): Promise<void> {
  const figures: Figure[] = [];
  figures.push(
    await time(
      "example stack (`npm start`, program file)",
      async () => (await runStack({ stack: "example" })).resources.filter((r) => r.custom).length,
    ),
  );
  const large = parseEstateConfig(
    generateEstate({
      regions: ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"],
      useCases: 6,
      senderIdCountries: 24,
    }),
  );
  figures.push(
    await time("generated estate (5 Regions, 6 use cases, 26 countries each)", async () => {
      const run = await runOffline(() => deployEstate(large).outputs, {
        account: large.account,
        defaultRegion: large.primaryRegion,
      });
      return run.resources.filter((r) => r.custom).length;
    }),
  );

  const rows = figures.map(
    (f) =>
      `| ${f.name} | ${f.resources} | ${f.coldMs.toFixed(0)} | ${f.medianMs.toFixed(0)} | ${f.perSecond.toFixed(0)} |`,
  );
  const table = [
    "| Offline preview of | Resources | First run (ms) | Median of next runs (ms) | Resources/s |",
    "|---|---:|---:|---:|---:|",
    ...rows,
  ].join("\n");
  console.log(table);
  const body = `## Offline preview (\`npm run bench\`)\n\nMeasured ${new Date().toISOString().slice(0, 10)} on ${machineLine()}; ${RUNS} warm runs after one cold run, in one process.\n\n${table}`;
  writeSection(path.join(REPO_ROOT, "BENCHMARKS.md"), "bench:preview", body);
  console.log("\nwritten to BENCHMARKS.md");
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
