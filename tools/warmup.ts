/**
 * `messaging warmup --stack <name> [--format csv|json|svg] [--out <dir>] [--date yyyy-mm-dd]`
 * (`npm run warmup`)
 *
 * Reads `stacks/Pulumi.<stack>.yaml`, validates the whole stack as the program does (the
 * estate, the active Regions, the pinned warm-up date) and for every STANDARD SES pool with a
 * warm-up plan writes `<out>/<region>-<pool>.<format>` and prints each pool's caps on one
 * date: `--date`, else the stack's `messaging:warmupAsOf` (the date its outputs use, labelled
 * as pinned), else today (UTC).
 *
 * Exit codes: 0 done (also when there is nothing to plan); 2 usage, stack-file or
 * configuration error (nothing written). The core is {@link runWarmup} so tests run it
 * in-process.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Command, CommanderError, Option } from "commander";
import {
  MAILBOX_PROVIDERS,
  assertIsoDate,
  buildWarmupPlan,
  todaysCap,
  type WarmupPlan,
} from "../components/ses/warmup-plan";
import { planToCsv, planToJson, planToSvg, type AsOfMarker } from "../components/ses/warmup-render";
import { activeRegionsFromStackConfig } from "../stacks/config/active-region";
import { ESTATE_CONFIG_KEY } from "../stacks/config/issues";
import {
  parseEstateConfig,
  readStackConfig,
  STACKS_DIR,
  stackFilePath,
} from "../stacks/config/load";
import { WARMUP_AS_OF_CONFIG_KEY } from "../stacks/config/ses-schema";
import { EXIT, runAsEntryPoint } from "./exit";
import { describeError, UsageError } from "./output/errors";
import { renderTextTable } from "./output/table";

/** Output formats the command can write. */
export const WARMUP_FORMATS = ["csv", "json", "svg"] as const;
/** One of {@link WARMUP_FORMATS}. */
export type WarmupFormat = (typeof WARMUP_FORMATS)[number];

/** Default output directory, relative to the working directory. */
export const DEFAULT_OUT_DIR = "warmup-out";

/** Process surroundings for {@link runWarmup}; every field is optional. */
export interface WarmupIo {
  /** Directory a relative `--out` resolves against. Default `process.cwd()`. */
  cwd?: string;
  /** Directory of stack files when `--stacks-dir` is absent. Default: the repository's `stacks/`. */
  stacksDir?: string;
  /** Clock for "today" when `--date` is absent (its UTC date is used). Default `() => new Date()`. */
  now?: () => Date;
  /** Normal output. Default: `process.stdout.write`. */
  stdout?: (text: string) => void;
  /** Error output. Default: `process.stderr.write`. */
  stderr?: (text: string) => void;
}

interface Options {
  stack: string;
  stacksDir?: string;
  format?: WarmupFormat;
  out: string;
  date?: string;
}

/** The date the caps are shown for, and where it came from. */
export interface CapsDate {
  date: string;
  /** `--date`, the stack's pinned `messaging:warmupAsOf`, or the clock. */
  source: "flag" | "pinned" | "today";
}

/** How the summary and the chart name the date (a pinned date is never called "today"). */
export function describeCapsDate(asOf: CapsDate, today: string, stackFile: string): string {
  switch (asOf.source) {
    case "flag":
      return `${asOf.date} (--date)`;
    case "pinned":
      return `${asOf.date}, pinned by ${WARMUP_AS_OF_CONFIG_KEY} in ${path.basename(stackFile)}${asOf.date === today ? "" : ` (today is ${today})`}`;
    case "today":
      return `today, ${asOf.date} (UTC)`;
  }
}

/**
 * Run the warm-up command.
 *
 * @param argv - user arguments only, without `node` and the script path; no default.
 * @param io - see {@link WarmupIo}; default `{}` (the real process).
 * @returns the exit code: 0 success or nothing to do, 2 usage, stack-file or config error.
 */
export async function runWarmup(argv: readonly string[], io: WarmupIo = {}): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  const out = io.stdout ?? ((text: string) => void process.stdout.write(text));
  const err = io.stderr ?? ((text: string) => void process.stderr.write(text));

  const program = new Command("warmup")
    .description("Write SES warm-up plans (CSV, JSON, SVG) for a stack's STANDARD IP pools")
    .requiredOption("--stack <name>", "stack name: reads stacks/Pulumi.<name>.yaml")
    .option("--stacks-dir <dir>", "directory holding the stack files (default: stacks/)")
    .addOption(
      new Option("--format <format>", "write only this format (default: all three)").choices(
        WARMUP_FORMATS,
      ),
    )
    .option("--out <dir>", "output directory", DEFAULT_OUT_DIR)
    .option(
      "--date <yyyy-mm-dd>",
      "date of the caps shown (default: the stack's messaging:warmupAsOf, else today, UTC)",
    )
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: err });

  let options: Options;
  try {
    program.parse([...argv], { from: "user" });
    options = program.opts<Options>();
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    throw e;
  }

  const today = (io.now ?? (() => new Date()))().toISOString().slice(0, 10);
  let stackFile: string;
  let plans: PoolPlan[];
  let asOf: CapsDate;
  try {
    if (options.date !== undefined) assertUsage(() => assertIsoDate(options.date, "--date"));
    stackFile = stackFilePath(
      options.stack,
      options.stacksDir ? path.resolve(cwd, options.stacksDir) : (io.stacksDir ?? STACKS_DIR),
    );
    const config = readStackConfig(stackFile);
    const source = path.basename(stackFile);
    // The whole stack, as the program checks it: a stack `pulumi up` would refuse gets no plan.
    const estate = parseEstateConfig(config[ESTATE_CONFIG_KEY], source);
    activeRegionsFromStackConfig(estate, config, source);
    const pinned = config[WARMUP_AS_OF_CONFIG_KEY];
    if (pinned !== undefined) {
      assertUsage(() => assertIsoDate(pinned, WARMUP_AS_OF_CONFIG_KEY), ` (in ${source})`);
    }
    asOf =
      options.date !== undefined
        ? { date: options.date, source: "flag" }
        : pinned !== undefined
          ? { date: pinned as string, source: "pinned" }
          : { date: today, source: "today" };
    plans = poolPlans(estate.ses, (note) => out(`${note}\n`));
  } catch (error) {
    err(`error: ${describeError(error)}\n`);
    return EXIT.usage;
  }

  if (!plans.length) {
    out(
      `stack "${options.stack}" has no STANDARD SES pool with a warm-up plan; nothing to write\n`,
    );
    return EXIT.ok;
  }
  const asOfLabel = describeCapsDate(asOf, today, stackFile);
  const marker: AsOfMarker = {
    date: asOf.date,
    label: asOf.source === "pinned" ? "pinned" : asOf.source === "flag" ? "--date" : "today",
  };
  const outDir = path.resolve(cwd, options.out);
  const formats: readonly WarmupFormat[] = options.format ? [options.format] : WARMUP_FORMATS;
  try {
    fs.mkdirSync(outDir, { recursive: true });
    for (const { pool, plan } of plans) {
      for (const format of formats) {
        const file = path.join(outDir, `${pool.replace("/", "-")}.${format}`);
        fs.writeFileSync(file, await render(plan, format, pool, marker));
        out(`wrote ${path.relative(cwd, file) || file}\n`);
      }
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!code) throw error;
    err(
      `error: cannot write into ${path.relative(cwd, outDir) || outDir}: ${(error as Error).message}; check --out\n`,
    );
    return EXIT.usage;
  }
  out(`\n${summaryTable(plans, asOf.date, asOfLabel)}`);
  return EXIT.ok;
}

/** Runs a check that throws a RangeError (a bad date) as a usage error. */
function assertUsage(check: () => void, suffix = ""): void {
  try {
    check();
  } catch (error) {
    throw new UsageError(`${(error as Error).message}${suffix}`);
  }
}

interface PoolPlan {
  /** `<region>/<pool>`. */
  pool: string;
  plan: WarmupPlan;
}

/** Every STANDARD pool's plan; MANAGED pools with a plan get a note (SES warms them). */
function poolPlans(
  ses: ReturnType<typeof parseEstateConfig>["ses"],
  note: (text: string) => void,
): PoolPlan[] {
  const plans: PoolPlan[] = [];
  for (const [region, regionConfig] of Object.entries(ses?.regions ?? {})) {
    for (const [poolName, pool] of Object.entries(regionConfig.pools)) {
      if (pool.warmup === undefined) continue;
      if (pool.scalingMode !== "STANDARD") {
        note(`note: ${region}/${poolName} is MANAGED, so SES warms it; its warmup plan is ignored`);
        continue;
      }
      plans.push({ pool: `${region}/${poolName}`, plan: buildWarmupPlan(pool.warmup) });
    }
  }
  return plans;
}

async function render(
  plan: WarmupPlan,
  format: WarmupFormat,
  label: string,
  asOf: AsOfMarker,
): Promise<string> {
  switch (format) {
    case "csv":
      return planToCsv(plan);
    case "json":
      return planToJson(plan);
    case "svg":
      return planToSvg(plan, {
        title: `SES warm-up plan: ${label} (${plan.engagementTier}, from ${plan.startDate})`,
        asOf,
      });
  }
}

/**
 * Render an issue path as `ses.regions.us-east-1.pools.a.dedicatedIps[0]`.
 *
 * @param segments - path segments from the `ses` root; no default.
 */
export function formatPath(segments: readonly PropertyKey[]): string {
  return segments
    .map((s, i) => (typeof s === "number" ? `[${s}]` : `${i === 0 ? "" : "."}${String(s)}`))
    .join("");
}

function summaryTable(rows: readonly PoolPlan[], date: string, dateLabel: string): string {
  const headers = ["pool", "start", "target/day", "days to target", `day on ${date}`];
  const body = rows.map(({ pool, plan }) => {
    const cap = todaysCap(plan, date);
    const day =
      cap.phase === "before-start"
        ? "not started"
        : cap.phase === "complete"
          ? "complete"
          : String(cap.day);
    const days = plan.reachedTarget ? String(plan.days.length) : `not within ${plan.days.length}`;
    return [
      pool,
      plan.startDate,
      plan.targetDailyVolume.toLocaleString("en-US"),
      days,
      day,
      ...MAILBOX_PROVIDERS.map((p) => cap.perProvider[p].toLocaleString("en-US")),
      cap.total.toLocaleString("en-US"),
    ];
  });
  const allHeaders = [...headers, ...MAILBOX_PROVIDERS, "total"];
  const table = renderTextTable(allHeaders, body, {
    // Text on the left, numbers on the right.
    align: allHeaders.map((_, c) => (c < 2 ? "left" : "right")),
  });
  return `caps on ${dateLabel}, messages per day:\n${table}\n`;
}

if (require.main === module) {
  runAsEntryPoint(() => runWarmup(process.argv.slice(2)), {
    label: "error",
    failureCode: EXIT.usage,
  });
}
