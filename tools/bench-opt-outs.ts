/**
 * `npm run bench:opt-outs`: how long an end user's STOP takes to reach every healthy Region's
 * opt-out list, two-way and one-way, with the real handlers running on the local endpoint in
 * real time, each Region's SMS API rate-limited; and how many STOPs are lost (none may be)
 * when the endpoint throttles the functions hard.
 *
 * What is measured and what is modelled: the handlers' own work (recording, polling, applying,
 * under the rate limits) is measured in real time. AWS's own delays are modelled: the global
 * table's replication (REPLICATION_MS, AWS describes it as typically within a second), Lambda's
 * polling of the stream (every STREAM_POLL_MS) and the reconciler's schedule (every minute, as
 * deployed, each Region at its own phase).
 *
 * Environment (all optional): BENCH_LEDGER_LIST_SIZE (numbers already on every list, default
 * 2,000), BENCH_LEDGER_SAMPLES (STOPs per scenario, default 12), BENCH_LEDGER_SMS_RPS (the
 * endpoint's SMS API limit per Region, default 20), BENCH_LEDGER_THROTTLED_RPS (the limit in
 * the throttling scenarios, default 3), BENCH_LEDGER_BURST (STOPs within 10 s in the
 * throttling scenarios, default 40).
 */
import * as os from "node:os";
import * as path from "node:path";
import {
  DEFAULT_APPLIER_REQUESTS_PER_SECOND,
  DEFAULT_RECONCILER_REQUESTS_PER_SECOND,
} from "../components/failover/opt-out-replication";
import { type AwsEndpoint, dynamoDb, startAwsEndpoint } from "../test/support/aws-endpoint";
import { OptOutWorld } from "../test/support/opt-out-world";
import { machineLine, writeSection } from "./bench";
import { runAsEntryPoint } from "./exit";

const ROOT = path.resolve(__dirname, "..");
const REGIONS = ["us-east-1", "us-west-2", "eu-west-1"];
const LIST_SIZE = Number(process.env.BENCH_LEDGER_LIST_SIZE ?? 2_000);
const SAMPLES = Number(process.env.BENCH_LEDGER_SAMPLES ?? 12);
const SMS_RPS = Number(process.env.BENCH_LEDGER_SMS_RPS ?? 20);
const THROTTLED_RPS = Number(process.env.BENCH_LEDGER_THROTTLED_RPS ?? 3);
const BURST = Number(process.env.BENCH_LEDGER_BURST ?? 40);
const REPLICATION_MS = 1_000;
const STREAM_POLL_MS = 250;
const RECONCILE_EVERY_MS = 60_000;
/** A STOP not everywhere after this long counts as lost. */
const GIVE_UP_MS = 10 * 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Scenario {
  readonly label: string;
  readonly useCase: "marketing" | "otp";
  /** The endpoint's SMS API limit per Region. */
  readonly smsRps: number;
  /** STOPs sent within 10 s (a burst), instead of `SAMPLES` over two reconcile periods. */
  readonly burst?: number;
}

interface Figures {
  readonly latencies: number[];
  readonly lost: number;
  readonly throttled: number;
  readonly passMs: number[];
}

/** Runs one scenario: the estate live in real time, `SAMPLES` STOPs at random moments. */
async function run(
  aws: AwsEndpoint,
  scenario: Scenario,
  log: (line: string) => void,
): Promise<Figures> {
  aws.reset();
  const world = new OptOutWorld(aws, {
    regions: REGIONS,
    useCases: { marketing: { twoWay: true }, otp: {} },
    requestsPerSecond: DEFAULT_RECONCILER_REQUESTS_PER_SECOND,
    applierRequestsPerSecond: DEFAULT_APPLIER_REQUESTS_PER_SECOND,
    requestTimeoutMs: 3_000,
    retry: { baseDelayMs: 100, maxDelayMs: 5_000, maxAttempts: 4 },
  });
  const queue = dynamoDb(aws.state).replication;
  const existing = Array.from(
    { length: LIST_SIZE },
    (_, i) => `+1312${String(i).padStart(7, "0")}`,
  );
  for (const region of REGIONS) {
    aws.state.seed(region, {
      optOutLists: ["acme-marketing", "acme-otp"].map((name) => ({
        name,
        optedOutNumbers: existing,
      })),
    });
  }
  // The first passes (migration of the existing lists) happen before anything is timed.
  for (const region of REGIONS) await world.reconcile(region);
  await world.settle();
  queue.hold();
  for (const region of REGIONS)
    aws.setRateLimit(region, scenario.smsRps, { service: "sms-voice", initialTokens: 1 });

  let running = true;
  const passMs: number[] = [];
  const loops: Promise<void>[] = [];
  // Global-table replication: a write reaches the other replicas REPLICATION_MS later.
  loops.push(
    (async () => {
      while (running) {
        queue.deliver({ writtenBefore: Date.now() - REPLICATION_MS });
        await sleep(100);
      }
    })(),
  );
  // Lambda polling each replica's stream.
  loops.push(
    (async () => {
      while (running) {
        await world.deliverStreams();
        await sleep(STREAM_POLL_MS);
      }
    })(),
  );
  // Each Region's reconciler, every minute at its own phase (a long pass delays the next).
  REGIONS.forEach((region, i) => {
    loops.push(
      (async () => {
        let next = Date.now() + (RECONCILE_EVERY_MS * (i + 1)) / REGIONS.length;
        while (running) {
          while (running && Date.now() < next) await sleep(200);
          if (!running) break;
          next += RECONCILE_EVERY_MS;
          const started = Date.now();
          await world.reconcile(region);
          passMs.push(Date.now() - started);
        }
      })(),
    );
  });

  const latencies: number[] = [];
  let lost = 0;
  const count = scenario.burst ?? SAMPLES;
  // Spread over two reconcile periods, so one-way STOPs land at every point of the schedule;
  // a burst comes within 10 s, to load the rate limits.
  const spread = scenario.burst ? 10_000 : 2 * RECONCILE_EVERY_MS;
  const samples = Array.from({ length: count }, (_, i) => ({
    number: `+1206555${String(1000 + i)}`,
    region: REGIONS[i % REGIONS.length],
    at: Date.now() + Math.random() * spread,
  }));
  await Promise.all(
    samples.map(async (sample) => {
      await sleep(sample.at - Date.now());
      const t0 = Date.now();
      await world.endUser(sample.region, scenario.useCase, sample.number, "STOP");
      while (!REGIONS.every((r) => world.listed(r, scenario.useCase).has(sample.number))) {
        if (Date.now() - t0 > GIVE_UP_MS) {
          lost++;
          return;
        }
        await sleep(50);
      }
      latencies.push(Date.now() - t0);
      log(
        `  ${scenario.label}: ${latencies.length + lost}/${scenario.burst ?? SAMPLES} STOPs everywhere (last ${((Date.now() - t0) / 1000).toFixed(1)} s)`,
      );
    }),
  );
  running = false;
  await Promise.all(loops);
  const throttled = REGIONS.reduce(
    (sum, r) => sum + aws.rateLimitStats(r, "sms-voice").throttled,
    0,
  );
  world.destroy();
  return { latencies, lost, throttled, passMs };
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function main(): Promise<number> {
  const aws = await startAwsEndpoint();
  const log = (line: string) => process.stderr.write(`${line}\n`);
  try {
    const scenarios: Scenario[] = [
      { label: "two-way (inbound topic → recorder)", useCase: "marketing", smsRps: SMS_RPS },
      { label: "one-way (reconciler polls the list)", useCase: "otp", smsRps: SMS_RPS },
      {
        label: `two-way, ${BURST} STOPs in 10 s, endpoint at ${THROTTLED_RPS} req/s`,
        useCase: "marketing",
        smsRps: THROTTLED_RPS,
        burst: BURST,
      },
      {
        label: `one-way, ${BURST} STOPs in 10 s, endpoint at ${THROTTLED_RPS} req/s`,
        useCase: "otp",
        smsRps: THROTTLED_RPS,
        burst: BURST,
      },
    ];
    const rows: string[] = [];
    let lostTotal = 0;
    for (const scenario of scenarios) {
      log(
        `${scenario.label}: ${scenario.burst ?? SAMPLES} STOPs over ${scenario.burst ? 10 : (2 * RECONCILE_EVERY_MS) / 1000} s, lists of ${LIST_SIZE}…`,
      );
      const f = await run(aws, scenario, log);
      lostTotal += f.lost;
      const s = (ms: number) => (ms / 1000).toFixed(1);
      rows.push(
        `| ${scenario.label} | ${scenario.smsRps} | ${f.latencies.length + f.lost} | ${s(quantile(f.latencies, 0.5))} | ${s(quantile(f.latencies, 0.95))} | ${s(Math.max(...f.latencies))} | ${s(quantile(f.passMs, 0.5))} | ${f.throttled} | ${f.lost} |`,
      );
    }
    const body = [
      "## Opt-out ledger (`npm run bench:opt-outs`)",
      "",
      `Measured ${new Date().toISOString().slice(0, 10)} on ${machineLine()} (load average ${os.loadavg()[0].toFixed(1)} at the end: the machine may be shared), against the local endpoint on loopback, in real time.`,
      "",
      `Time from an end user's STOP in one Region to the number being on the use case's list in all three Regions. The handlers run as deployed: the recorder on each inbound message, the appliers on their replica's stream, each reconciler every ${RECONCILE_EVERY_MS / 1000} s at its own phase, the reconciler allowed ${DEFAULT_RECONCILER_REQUESTS_PER_SECOND} and the applier ${DEFAULT_APPLIER_REQUESTS_PER_SECOND} SMS requests/s (the defaults), every list already holding ${LIST_SIZE} numbers. The endpoint limits each Region's SMS API to the rate shown (shared by the functions; DynamoDB is not limited). Modelled, not measured: global-table replication (${REPLICATION_MS / 1000} s) and Lambda's stream polling (every ${STREAM_POLL_MS} ms). The first two rows: ${SAMPLES} STOPs at random moments over two reconcile periods, in turn in each Region; the throttling rows: a burst of ${BURST} STOPs within 10 s, with the endpoint allowing each Region fewer SMS requests than the functions' own rates, so they are throttled and back off. "Lost" counts STOPs not in every Region after ${GIVE_UP_MS / 60_000} minutes.`,
      "",
      "| Scenario | Endpoint SMS limit (req/s per Region) | STOPs | Median (s) | p95 (s) | Max (s) | Reconciler pass, median (s) | Throttled answers | Lost |",
      "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
      ...rows,
      "",
      `A one-way STOP waits for its Region's next pass (up to ${RECONCILE_EVERY_MS / 1000} s) plus the pass itself, then replication and the appliers; a pass reads the whole list at the reconciler's rate (${LIST_SIZE} numbers are ${LIST_SIZE / 100} pages), so on a list of 100,000 numbers at 10 requests/s a pass takes 100 s and a one-way STOP needs up to about 160 s. Raise the reconciler's rate for large lists (\`reconcilerRequestsPerSecond\`), within the account's SMS API quota.`,
    ].join("\n");
    console.log(body);
    writeSection(path.join(ROOT, "BENCHMARKS.md"), "bench:opt-outs", body);
    console.log("\nwritten to BENCHMARKS.md");
    if (lostTotal > 0) throw new Error(`${lostTotal} STOPs never reached every Region`);
    return 0;
  } finally {
    await aws.close();
  }
}

if (require.main === module) {
  runAsEntryPoint(main, { label: "bench failed", failureCode: 1 });
}
