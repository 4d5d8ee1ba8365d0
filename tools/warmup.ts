/**
 * `npm run warmup -- --stack <name> [--format csv|json|svg] [--out <dir>] [--date yyyy-mm-dd]`
 *
 * Reads `stacks/Pulumi.<stack>.yaml`, validates `config["messaging:estate"].ses` with
 * the SES schema, and for every STANDARD pool with a warm-up plan writes
 * `<out>/<region>-<pool>.<format>` and prints a summary with today's caps. "Today" is
 * `--date`, else the stack file's `messaging:warmupAsOf` (the date its outputs use), else
 * the UTC date.
 *
 * Exit codes: 0 done (also when there is nothing to plan), 1 usage or file errors,
 * 2 invalid `ses` config. The core is {@link runWarmup} so tests run it in-process.
 */
import { Command, CommanderError, Option } from "commander";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import {
  MAILBOX_PROVIDERS,
  assertIsoDate,
  buildWarmupPlan,
  todaysCap,
  type WarmupPlan,
} from "../components/ses/warmup-plan";
import { planToCsv, planToJson, planToSvg } from "../components/ses/warmup-render";
import { WARMUP_AS_OF_CONFIG_KEY, sesConfigSchema } from "../stacks/config/ses-schema";
import { runAsEntryPoint } from "./exit";

/** Output formats the command can write. */
export const WARMUP_FORMATS = ["csv", "json", "svg"] as const;
/** One of {@link WARMUP_FORMATS}. */
export type WarmupFormat = (typeof WARMUP_FORMATS)[number];

/** Default output directory, relative to the working directory. */
export const DEFAULT_OUT_DIR = "warmup-out";

/** Process surroundings for {@link runWarmup}; every field is optional. */
export interface WarmupIo {
  /** Project root holding `stacks/`; relative `--out` resolves against it. Default `process.cwd()`. */
  cwd?: string;
  /** Clock for "today" when `--date` is absent (its UTC date is used). Default `() => new Date()`. */
  now?: () => Date;
  /** Normal output. Default: `process.stdout.write`. */
  stdout?: (text: string) => void;
  /** Error output. Default: `process.stderr.write`. */
  stderr?: (text: string) => void;
}

interface Options {
  stack: string;
  format?: WarmupFormat;
  out: string;
  date?: string;
}

/**
 * Run the warm-up command.
 *
 * @param argv - user arguments only, without `node` and the script path; no default.
 * @param io - see {@link WarmupIo}; default `{}` (the real process).
 * @returns the exit code: 0 success or nothing to do, 1 usage/file error, 2 invalid config.
 */
export async function runWarmup(argv: readonly string[], io: WarmupIo = {}): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  const out = io.stdout ?? ((text: string) => void process.stdout.write(text));
  const err = io.stderr ?? ((text: string) => void process.stderr.write(text));

  const program = new Command("warmup")
    .description("Write SES warm-up plans (CSV, JSON, SVG) for a stack's STANDARD IP pools")
    .requiredOption("--stack <name>", "stack name: reads stacks/Pulumi.<name>.yaml")
    .addOption(
      new Option("--format <format>", "write only this format (default: all three)").choices(
        WARMUP_FORMATS,
      ),
    )
    .option("--out <dir>", "output directory", DEFAULT_OUT_DIR)
    .option(
      "--date <yyyy-mm-dd>",
      "date for the 'today' caps (default: the stack's messaging:warmupAsOf, else today, UTC)",
    )
    .exitOverride()
    .configureOutput({ writeOut: out, writeErr: err });

  let options: Options;
  try {
    program.parse([...argv], { from: "user" });
    options = program.opts<Options>();
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    throw e;
  }

  // The stack name becomes part of a path, so keep it to Pulumi's stack-name alphabet.
  if (!/^[A-Za-z0-9_.-]+$/.test(options.stack) || options.stack.includes("..")) {
    err(
      `error: --stack must be a stack name (letters, digits, "-", "_", "."), got "${options.stack}"\n`,
    );
    return 1;
  }
  let today = options.date ?? (io.now ?? (() => new Date()))().toISOString().slice(0, 10);
  try {
    assertIsoDate(today, "--date");
  } catch (e) {
    err(`error: ${(e as Error).message}\n`);
    return 1;
  }

  const stackFile = path.join(cwd, "stacks", `Pulumi.${options.stack}.yaml`);
  let doc: unknown;
  try {
    doc = parseYaml(fs.readFileSync(stackFile, "utf8"));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    err(
      code === "ENOENT"
        ? `error: no stack file at ${stackFile}: check --stack (expected stacks/Pulumi.${options.stack}.yaml)\n`
        : `error: cannot read ${stackFile}: ${(e as Error).message}\n`,
    );
    return 1;
  }

  // Without --date, a stack that pins messaging:warmupAsOf gets the caps its outputs export.
  const pinned = configValue(doc, WARMUP_AS_OF_CONFIG_KEY);
  if (options.date === undefined && pinned !== undefined) {
    try {
      assertIsoDate(pinned, WARMUP_AS_OF_CONFIG_KEY);
    } catch (e) {
      err(`error: ${(e as Error).message} (in ${stackFile})\n`);
      return 1;
    }
    today = pinned;
  }

  const ses = sesSection(doc);
  if (ses === undefined) {
    out(
      `stack "${options.stack}" has no ses section under config["messaging:estate"]; nothing to plan\n`,
    );
    return 0;
  }
  const parsed = sesConfigSchema.safeParse(ses);
  if (!parsed.success) {
    err(`error: invalid ses config in ${stackFile}:\n`);
    for (const issue of parsed.error.issues) {
      err(`  ${formatPath(["ses", ...issue.path])}: ${issue.message}\n`);
    }
    return 2;
  }

  const outDir = path.resolve(cwd, options.out);
  const formats: readonly WarmupFormat[] = options.format ? [options.format] : WARMUP_FORMATS;
  const rows: SummaryRow[] = [];
  for (const [region, regionConfig] of Object.entries(parsed.data.regions)) {
    for (const [poolName, pool] of Object.entries(regionConfig.pools)) {
      if (pool.scalingMode !== "STANDARD" || pool.warmup === undefined) {
        if (pool.warmup !== undefined) {
          out(
            `note: ${region}/${poolName} is MANAGED, so SES warms it; its warmup plan is ignored\n`,
          );
        }
        continue;
      }
      const plan = buildWarmupPlan(pool.warmup);
      fs.mkdirSync(outDir, { recursive: true });
      for (const format of formats) {
        const file = path.join(outDir, `${region}-${poolName}.${format}`);
        fs.writeFileSync(file, await render(plan, format, `${region}/${poolName}`));
        out(`wrote ${path.relative(cwd, file) || file}\n`);
      }
      rows.push({ pool: `${region}/${poolName}`, plan });
    }
  }

  if (rows.length === 0) {
    out(`stack "${options.stack}" has no STANDARD pools with a warm-up plan; nothing to write\n`);
    return 0;
  }
  out(`\n${summaryTable(rows, today)}`);
  return 0;
}

interface SummaryRow {
  pool: string;
  plan: WarmupPlan;
}

async function render(plan: WarmupPlan, format: WarmupFormat, label: string): Promise<string> {
  switch (format) {
    case "csv":
      return planToCsv(plan);
    case "json":
      return planToJson(plan);
    case "svg":
      return planToSvg(plan, {
        title: `SES warm-up plan: ${label} (${plan.engagementTier}, from ${plan.startDate})`,
      });
  }
}

/** A top-level `config` value of a Pulumi stack file, or undefined when absent. */
function configValue(doc: unknown, key: string): unknown {
  const config = isRecord(doc) ? doc.config : undefined;
  return isRecord(config) ? config[key] : undefined;
}

/** `config["messaging:estate"].ses` of a Pulumi stack file, or undefined when absent. */
function sesSection(doc: unknown): unknown {
  const config = isRecord(doc) ? doc.config : undefined;
  const estate = isRecord(config) ? config["messaging:estate"] : undefined;
  return isRecord(estate) ? estate.ses : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
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

function summaryTable(rows: readonly SummaryRow[], today: string): string {
  const header = ["pool", "start", "target/day", "days to target", `day on ${today}`];
  const body = rows.map(({ pool, plan }) => {
    const cap = todaysCap(plan, today);
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
  const table = [[...header, ...MAILBOX_PROVIDERS, "total"], ...body];
  const widths = table[0].map((_, c) => Math.max(...table.map((r) => r[c].length)));
  // Left-align text columns, right-align numbers.
  const line = (r: string[]) =>
    r.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ");
  return (
    `today's caps (${today}, messages per day):\n` + table.map(line).join("\n").trimEnd() + "\n"
  );
}

if (require.main === module) {
  runAsEntryPoint(() => runWarmup(process.argv.slice(2)), { label: "error", failureCode: 1 });
}
