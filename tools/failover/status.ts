/**
 * `status`: the readiness report. For every use case and Region: is there exactly one pool
 * on the use case's opt-out list, ACTIVE, with shared routes off and every member ACTIVE;
 * does the opt-out list hold the same numbers as the active Region's; do the configuration
 * set and its protect configuration exist; and where does the Region's pointer point.
 */
import { errorText, readOptedOutNumbers } from "../../lambda/lib/opt-out-sync";
import { isThrottlingError, isTransientError } from "../../lambda/lib/retry";
import { parsePointer } from "../../components/failover/pointer-document";
import { activeRegionOf } from "../../stacks/config/active-region";
import { activeByUseCase, configCommands, normaliseActive, renderConfigHint } from "./config-hint";
import { callerFor, clientsFor, INTERACTIVE_RETRY, type FailoverContext } from "./context";
import {
  type Call,
  DiscoveryError,
  findConfigurationSet,
  findPool,
  poolMembers,
  protectConfigurationExists,
} from "./discovery";
import { readParameter } from "./pointers";
import { pointerName, useCasePhysicalName } from "./stack";
import { renderTable } from "./table";

/** One check: passed, failed, or unknown (not reachable / not comparable). */
export interface Check {
  readonly ok: boolean | undefined;
  readonly text: string;
}

/** Names of the checks, in report order. */
export const CHECKS = [
  "pool",
  "members",
  "sharedRoutes",
  "optOuts",
  "configurationSet",
  "protect",
] as const;
export type CheckName = (typeof CHECKS)[number];

/** One use case in one Region. */
export interface ReadinessRow {
  readonly useCase: string;
  readonly region: string;
  readonly role: "active" | "standby";
  readonly checks: Record<CheckName, Check>;
  /** Region the Region's pointer names: ok when it is the config's active Region. */
  readonly pointer: Check;
  /** Every check passed. */
  readonly ready: boolean;
}

/** The report. */
export interface ReadinessReport {
  readonly stack: string;
  readonly rows: ReadinessRow[];
  /** Regions that did not answer (or were skipped), with the reason. */
  readonly unreachable: Record<string, string>;
  /** Every row is ready. */
  readonly ready: boolean;
  /** Config commands matching the pointers found (empty when config and pointers agree). */
  readonly commands: string[];
  /**
   * Use cases whose readable pointers name different Regions (Region → Region named): a
   * promote that has not reached every Region yet. Applications in those Regions disagree.
   */
  readonly splitPointers: Record<string, Record<string, string>>;
}

/** Options of {@link readiness}. */
export interface ReadinessOptions {
  /** Regions not to contact. Default: none. */
  readonly skipRegions?: readonly string[];
}

const pass = (text: string): Check => ({ ok: true, text });
const fail = (text: string): Check => ({ ok: false, text });
const unknown = (text: string): Check => ({ ok: undefined, text });

/** True when an error means the Region (not the resource) is the problem. */
function regionDown(error: unknown): boolean {
  return isTransientError(error) || isThrottlingError(error);
}

interface RegionFacts {
  pool?: { ok: boolean; text: string; sharedRoutes?: Check; members?: Check };
  configurationSet?: Check;
  protect?: Check;
  optOuts?: Set<string>;
  optOutError?: string;
  pointer?: Check;
}

/** Gathers one use case's facts in one Region; throws only when the Region itself fails. */
async function inspect(
  ctx: FailoverContext,
  clients: ReturnType<typeof clientsFor>,
  call: Call,
  region: string,
  useCase: string,
): Promise<RegionFacts> {
  const sms = clients.sms(region);
  const name = useCasePhysicalName(ctx.stack.estate.namePrefix, useCase);
  const facts: RegionFacts = {};
  const soft = async (fn: () => Promise<void>, onProblem: (text: string) => void) => {
    try {
      await fn();
    } catch (error) {
      if (regionDown(error)) throw error;
      onProblem(error instanceof DiscoveryError ? error.message : errorText(error));
    }
  };
  await soft(
    async () => {
      const pool = await findPool(sms, name, call);
      const members = await poolMembers(sms, pool.poolId, call);
      const inactive = members.filter((m) => m.status !== "ACTIVE");
      facts.pool = {
        ok: pool.status === "ACTIVE",
        text: `${pool.poolId} ${pool.status}`,
        sharedRoutes: pool.sharedRoutesEnabled ? fail("ON") : pass("off"),
        members:
          members.length === 0
            ? fail("none")
            : inactive.length > 0
              ? fail(
                  `${members.length - inactive.length}/${members.length} ACTIVE (${inactive.map((m) => `${m.id} ${m.status}`).join(", ")})`,
                )
              : pass(`${members.length}/${members.length} ACTIVE`),
      };
    },
    (text) => (facts.pool = { ok: false, text }),
  );
  await soft(
    async () => {
      const set = await findConfigurationSet(sms, name, call);
      facts.configurationSet = pass(set.name);
      facts.protect = !set.protectConfigurationId
        ? fail("none on the set")
        : (await protectConfigurationExists(sms, set.protectConfigurationId, call))
          ? pass(set.protectConfigurationId)
          : fail(`${set.protectConfigurationId} missing`);
    },
    (text) => {
      facts.configurationSet = fail(text);
      facts.protect = unknown("no set");
    },
  );
  await soft(
    async () => {
      facts.optOuts = new Set(
        await readOptedOutNumbers(sms, name, { retry: ctx.retry ?? INTERACTIVE_RETRY }),
      );
    },
    (text) => (facts.optOutError = text),
  );
  await soft(
    async () => {
      const value = await readParameter(clients.ssm(region), pointerName(ctx.stack, useCase), call);
      facts.pointer = value === undefined ? fail("absent") : pass(parsePointer(value).region);
    },
    (text) => (facts.pointer = fail(text)),
  );
  return facts;
}

/** Builds the report; never throws for AWS errors (they become failed or unknown checks). */
export async function readiness(
  ctx: FailoverContext,
  options: ReadinessOptions = {},
): Promise<ReadinessReport> {
  const { stack } = ctx;
  const skipped = new Set(options.skipRegions ?? []);
  const clients = clientsFor(ctx, skipped);
  const call = callerFor(ctx);
  const unreachable: Record<string, string> = {};
  for (const region of skipped) unreachable[region] = "skipped (--skip-region)";
  const facts: Record<string, Record<string, RegionFacts>> = {};
  try {
    await Promise.all(
      stack.regions
        .filter((r) => !skipped.has(r))
        .map(async (region) => {
          facts[region] = {};
          try {
            for (const useCase of stack.useCases) {
              facts[region][useCase] = await inspect(ctx, clients, call, region, useCase);
            }
          } catch (error) {
            unreachable[region] = errorText(error);
          }
        }),
    );
  } finally {
    clients.destroy();
  }

  const rows: ReadinessRow[] = [];
  const pointed: Record<string, string> = {};
  for (const useCase of stack.useCases) {
    const active = activeRegionOf(stack.active, useCase);
    const reference = unreachable[active] ? undefined : facts[active]?.[useCase]?.optOuts;
    for (const region of stack.regions) {
      const down = unreachable[region];
      const f = down ? undefined : facts[region]?.[useCase];
      const none = unknown(down ? "unreachable" : "?");
      let optOuts: Check = none;
      if (f?.optOuts) {
        if (region === active) optOuts = pass(`${f.optOuts.size}`);
        else if (!reference) optOuts = unknown(`${f.optOuts.size} (active ${active} not readable)`);
        else {
          const lacking = [...reference].filter((n) => !f.optOuts!.has(n)).length;
          const extra = [...f.optOuts].filter((n) => !reference.has(n)).length;
          optOuts =
            lacking === 0 && extra === 0
              ? pass(`${f.optOuts.size} (= ${active})`)
              : fail(
                  `${f.optOuts.size} vs ${reference.size} in ${active} (lacks ${lacking}, extra ${extra})`,
                );
        }
      } else if (f?.optOutError) optOuts = fail(f.optOutError);
      const checks: Record<CheckName, Check> = {
        pool: f?.pool ? (f.pool.ok ? pass(f.pool.text) : fail(f.pool.text)) : none,
        members: f?.pool?.members ?? none,
        sharedRoutes: f?.pool?.sharedRoutes ?? none,
        optOuts,
        configurationSet: f?.configurationSet ?? none,
        protect: f?.protect ?? none,
      };
      let pointer = f?.pointer ?? none;
      if (pointer.ok) {
        pointed[`${region}/${useCase}`] = pointer.text;
        if (pointer.text !== active) pointer = fail(`${pointer.text} (config: ${active})`);
      }
      rows.push({
        useCase,
        region,
        role: region === active ? "active" : "standby",
        checks,
        pointer,
        ready: CHECKS.every((c) => checks[c].ok === true),
      });
    }
  }

  // If every readable pointer of a use case agrees on a Region other than the config's,
  // a promote ran without the config change that should follow it.
  const regionOf = activeByUseCase(stack.active, stack.useCases);
  const splitPointers: Record<string, Record<string, string>> = {};
  for (const useCase of stack.useCases) {
    const named = Object.fromEntries(
      stack.regions.flatMap((r) =>
        pointed[`${r}/${useCase}`] ? [[r, pointed[`${r}/${useCase}`]]] : [],
      ),
    );
    const seen = new Set(Object.values(named));
    if (seen.size === 1) regionOf[useCase] = [...seen][0];
    if (seen.size > 1) splitPointers[useCase] = named;
  }
  const after = normaliseActive(regionOf, stack.active.default);
  return {
    stack: stack.stack,
    rows,
    unreachable,
    ready: rows.every((r) => r.ready),
    commands: configCommands(stack.stack, stack.active, after),
    splitPointers,
  };
}

const mark = (check: Check) =>
  `${check.ok === true ? "ok" : check.ok === false ? "NO" : "??"} ${check.text}`;

/** The report for a terminal. */
export function renderReadiness(report: ReadinessReport): string {
  const table = renderTable(
    [
      "use case",
      "Region",
      "role",
      "pool",
      "members",
      "shared routes",
      "opt-outs",
      "config set",
      "protect",
      "pointer →",
      "ready",
    ],
    report.rows.map((r) => [
      r.useCase,
      r.region,
      r.role,
      mark(r.checks.pool),
      mark(r.checks.members),
      mark(r.checks.sharedRoutes),
      mark(r.checks.optOuts),
      mark(r.checks.configurationSet),
      mark(r.checks.protect),
      mark(r.pointer),
      r.ready ? "READY" : "NOT READY",
    ]),
  );
  const lines = [`Readiness of stack ${report.stack}`, "", table, ""];
  for (const [region, reason] of Object.entries(report.unreachable)) {
    lines.push(`${region} unreachable: ${reason}`);
  }
  for (const [useCase, named] of Object.entries(report.splitPointers)) {
    lines.push(
      `WARNING: the ${useCase} pointers disagree (${Object.entries(named)
        .map(([r, to]) => `${r} → ${to}`)
        .join(", ")}); re-run the promote once every Region answers.`,
    );
  }
  const notReady = report.rows.filter((r) => !r.ready);
  lines.push(
    notReady.length === 0
      ? "Every Region is ready to send every use case."
      : `${notReady.length} of ${report.rows.length} use case × Region pairs are NOT READY` +
          (notReady.some((r) => r.checks.optOuts.ok === false)
            ? "; opt-out lists differ: run `npm run failover -- sync-opt-outs`."
            : "."),
    "",
    renderConfigHint(report.commands),
  );
  return lines.join("\n");
}
