/**
 * `status`: the readiness report. Credentials are checked before anything else. The
 * presumed-down record is read first (presumed-down.ts), and those Regions are not contacted.
 * Then, for every use case in every other Region: exactly one pool on the use case's opt-out
 * list, ACTIVE, shared routes off, and a member that can send to each of the use case's
 * countries (coverage.ts); the opt-out list holds the active Region's numbers and its
 * reconciliation is fresh; the configuration set and its protect configuration exist; and
 * where the Region's pointer points, with the promotion that set it. "Ready" means that every
 * row is ready, every pointer agrees, the config matches them, and no Region is presumed
 * down, unreachable or held by a promote: each departure is stated with the command that
 * fixes it.
 */
import { errorText, readOptedOutNumbers } from "../../lambda/lib/opt-out-sync";
import { isThrottlingError, isTransientError } from "../../lambda/lib/retry";
import { freshnessParameterName } from "../../components/failover/opt-out-freshness";
import { parsePointer } from "../../components/failover/pointer-document";
import type { PresumedDownRegion } from "../../components/failover/presumed-down";
import {
  parsePromotion,
  pointerDigest,
  type Promotion,
  promotionParameterName,
} from "../../components/failover/promotion";
import {
  type CountryThroughput,
  formatMps,
  type ThroughputSettings,
  throughputDrops,
} from "../../components/sms/throughput";
import { activeRegionOf } from "../../stacks/config/active-region";
import { activeByUseCase, configCommands, normaliseActive, renderConfigHint } from "./config-hint";
import {
  callerFor,
  clientsFor,
  type FailoverContext,
  INTERACTIVE_RETRY,
  withCredentials,
} from "./context";
import { type CountryCoverage, poolCoverage } from "./coverage";
import {
  type Call,
  DiscoveryError,
  findConfigurationSet,
  findPool,
  poolMembers,
  protectConfigurationExists,
} from "./discovery";
import { describeFreshness, type FreshnessView, judgeFreshness } from "./freshness";
import type { Lease } from "./lease";
import { FailoverUsageError } from "./usage-error";
import { readParameters } from "./pointers";
import { readPresumedDown } from "./presumed-down";
import { promoteCommand } from "./promote";
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
  "countries",
  "sharedRoutes",
  "optOuts",
  "freshness",
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
  /** The promotion record that matches the pointer, if any. */
  readonly promotion?: Promotion;
  /** Per country of the use case: what the pool carries (empty when the pool was not read). */
  readonly throughput: Record<string, CountryThroughput>;
  /** Every check that must pass did. */
  readonly ready: boolean;
}

/** A state of the estate that is not ready, with the exact commands that fix it. */
export interface Finding {
  readonly text: string;
  readonly commands: readonly string[];
}

/** The report. */
export interface ReadinessReport {
  readonly stack: string;
  readonly rows: ReadinessRow[];
  /** Regions presumed down (not contacted), from the current record. */
  readonly presumedDown: Record<string, PresumedDownRegion>;
  /** Regions that did not answer (or were skipped), with the reason. */
  readonly unreachable: Record<string, string>;
  /**
   * Use cases whose readable pointers name different Regions (Region → Region named): a
   * promote that has not reached every Region yet. Applications in those Regions disagree.
   */
  readonly splitPointers: Record<string, Record<string, string>>;
  /** Config commands matching the pointers (empty when config and pointers agree or are split). */
  readonly commands: string[];
  /** Leases found: a promote running now, or one that died before releasing. */
  readonly leases: Record<string, Lease>;
  /** Everything that is not ready, each with its fix. */
  readonly findings: Finding[];
  /** Nothing to fix: every row ready and no finding. */
  readonly ready: boolean;
  /** Some Region could not be read at all (re-running may finish the picture). */
  readonly incomplete: boolean;
  /**
   * `ready`; `not ready` when something was found that needs a fix (a check that failed, a
   * finding); `incomplete` when nothing failed but not everything could be read.
   */
  readonly verdict: "ready" | "not ready" | "incomplete";
}

/** Options of {@link readiness}. */
export interface ReadinessOptions {
  /** Regions not to contact. Default: none. */
  readonly skipRegions?: readonly string[];
  /** Throughput figures to use instead of the defaults. Default: `{}`. */
  readonly throughput?: ThroughputSettings;
}

const pass = (text: string): Check => ({ ok: true, text });
const fail = (text: string): Check => ({ ok: false, text });
const unknown = (text: string): Check => ({ ok: undefined, text });

/** True when an error means the Region (not the resource) is the problem. */
function regionDown(error: unknown): boolean {
  return isTransientError(error) || isThrottlingError(error);
}

interface RegionFacts {
  pool?: {
    ok: boolean;
    text: string;
    sharedRoutes?: Check;
    coverage?: Record<string, CountryCoverage>;
  };
  configurationSet?: Check;
  protect?: Check;
  optOuts?: Set<string>;
  optOutError?: string;
  pointer?: Check;
  promotion?: Promotion;
  freshness?: FreshnessView;
}

/** Gathers one use case's facts in one Region; throws only when the Region itself fails. */
async function inspect(
  ctx: FailoverContext,
  clients: ReturnType<typeof clientsFor>,
  call: Call,
  region: string,
  useCase: string,
  parameters: Map<string, string>,
  settings: ThroughputSettings | undefined,
): Promise<RegionFacts> {
  const sms = clients.sms(region);
  const name = useCasePhysicalName(ctx.stack.estate.namePrefix, useCase);
  const config = ctx.stack.estate.useCases[useCase];
  const facts: RegionFacts = {};
  const soft = async (fn: () => Promise<void>, onProblem: (text: string) => void) => {
    try {
      await fn();
    } catch (error) {
      if (regionDown(error)) throw error;
      onProblem(error instanceof DiscoveryError ? error.message : errorText(error));
    }
  };
  await Promise.all([
    soft(
      async () => {
        const pool = await findPool(sms, name, call);
        const members = await poolMembers(sms, pool.poolId, call);
        facts.pool = {
          ok: pool.status === "ACTIVE",
          text: `${pool.poolId} ${pool.status}`,
          sharedRoutes: pool.sharedRoutesEnabled ? fail("ON") : pass("off"),
          coverage: poolCoverage(members, config.countries, config.messageType, settings),
        };
      },
      (text) => (facts.pool = { ok: false, text }),
    ),
    soft(
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
    ),
    soft(
      async () => {
        facts.optOuts = new Set(
          await readOptedOutNumbers(sms, name, { retry: ctx.retry ?? INTERACTIVE_RETRY }),
        );
      },
      (text) => (facts.optOutError = text),
    ),
  ]);
  const value = parameters.get(pointerName(ctx.stack, useCase));
  try {
    facts.pointer = value === undefined ? fail("absent") : pass(parsePointer(value).region);
  } catch (error) {
    facts.pointer = fail((error as Error).message);
  }
  try {
    const raw = parameters.get(promotionParameterName(ctx.stack.estate.namePrefix, useCase));
    const promotion = raw === undefined ? undefined : parsePromotion(raw);
    if (promotion && value !== undefined && promotion.pointerSha256 === pointerDigest(value)) {
      facts.promotion = promotion;
    }
  } catch {
    // A record that does not parse describes nothing.
  }
  facts.freshness = judgeFreshness(
    useCase,
    region,
    parameters.get(freshnessParameterName(ctx.stack.estate.namePrefix, useCase)),
    (ctx.now ?? Date.now)(),
  );
  return facts;
}

/** Builds the report; never throws for AWS errors (they become failed or unknown checks). */
export async function readiness(
  baseCtx: FailoverContext,
  options: ReadinessOptions = {},
): Promise<ReadinessReport> {
  for (const region of options.skipRegions ?? []) {
    if (!baseCtx.stack.regions.includes(region)) {
      // Ignoring it would contact the Region meant (e.g. a dead one) and wait on its timeouts.
      throw new FailoverUsageError(
        `--skip-region ${region} is not a Region of the estate (${baseCtx.stack.regions.join(", ")})`,
      );
    }
  }
  const ctx = await withCredentials(baseCtx);
  const { stack } = ctx;
  const skipped = new Set(options.skipRegions ?? []);
  const view = await readPresumedDown(ctx, skipped);
  const presumedDown = view.record.regions as Record<string, PresumedDownRegion>;
  const unreachable: Record<string, string> = { ...view.unreachable };
  for (const region of skipped) unreachable[region] = "skipped (--skip-region)";
  const contacted = stack.regions.filter(
    (r) => !skipped.has(r) && !presumedDown[r] && !unreachable[r],
  );
  const clients = clientsFor(ctx, [...skipped, ...Object.keys(presumedDown)]);
  const call = callerFor(ctx);
  const facts: Record<string, Record<string, RegionFacts>> = {};
  const prefix = stack.estate.namePrefix;
  try {
    await Promise.all(
      contacted.map(async (region) => {
        facts[region] = {};
        try {
          const parameters = await readParameters(
            clients.ssm(region),
            stack.useCases.flatMap((u) => [
              pointerName(stack, u),
              promotionParameterName(prefix, u),
              freshnessParameterName(prefix, u),
            ]),
            call,
          );
          await Promise.all(
            stack.useCases.map(async (useCase) => {
              facts[region][useCase] = await inspect(
                ctx,
                clients,
                call,
                region,
                useCase,
                parameters,
                options.throughput,
              );
            }),
          );
        } catch (error) {
          unreachable[region] = errorText(error);
        }
      }),
    );
  } finally {
    clients.destroy();
  }

  // Where each use case sends from: the Region every readable pointer names, else (pointers
  // split or unreadable) the config's. Rows are judged against it, the config separately.
  const pointed: Record<string, Record<string, { region: string; promotion?: Promotion }>> = {};
  const sending: Record<string, string> = {};
  for (const useCase of stack.useCases) {
    pointed[useCase] = {};
    for (const region of contacted) {
      const f = facts[region]?.[useCase];
      if (!unreachable[region] && f?.pointer?.ok) {
        pointed[useCase][region] = { region: f.pointer.text, promotion: f.promotion };
      }
    }
    const seen = new Set(Object.values(pointed[useCase]).map((p) => p.region));
    sending[useCase] = seen.size === 1 ? [...seen][0] : activeRegionOf(stack.active, useCase);
  }

  const rows: ReadinessRow[] = [];
  for (const useCase of stack.useCases) {
    const active = sending[useCase];
    const promotional = stack.estate.useCases[useCase].messageType === "PROMOTIONAL";
    const reference = unreachable[active] ? undefined : facts[active]?.[useCase]?.optOuts;
    for (const region of stack.regions) {
      const down = presumedDown[region]
        ? "presumed down"
        : unreachable[region]
          ? "unreachable"
          : undefined;
      const f = down ? undefined : facts[region]?.[useCase];
      const none = unknown(down ?? "?");
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
      const coverage = f?.pool?.coverage;
      const uncovered = coverage
        ? Object.values(coverage).filter((c) => c.usable.length === 0)
        : [];
      const degraded = coverage ? Object.values(coverage).flatMap((c) => c.unusable) : [];
      const countries: Check = !coverage
        ? none
        : uncovered.length > 0
          ? fail(
              `${Object.keys(coverage).length - uncovered.length}/${Object.keys(coverage).length} (${uncovered
                .map(
                  (c) =>
                    `${c.country}: ${c.unusable.map((u) => u.problem).join(", ") || "no member"}`,
                )
                .join("; ")})`,
            )
          : degraded.length > 0
            ? fail(
                `${Object.keys(coverage).length}/${Object.keys(coverage).length}, but ${degraded.map((u) => u.problem).join(", ")}`,
              )
            : pass(`${Object.keys(coverage).length}/${Object.keys(coverage).length}`);
      const freshness: Check = !f?.freshness
        ? none
        : f.freshness.state === "fresh"
          ? pass(
              `fresh (${f.freshness.document!.listSize}/${f.freshness.document!.ledgerOptedOut})`,
            )
          : promotional
            ? fail(describeFreshness(f.freshness))
            : unknown(describeFreshness(f.freshness));
      const checks: Record<CheckName, Check> = {
        pool: f?.pool ? (f.pool.ok ? pass(f.pool.text) : fail(f.pool.text)) : none,
        countries,
        sharedRoutes: f?.pool?.sharedRoutes ?? none,
        optOuts,
        freshness,
        configurationSet: f?.configurationSet ?? none,
        protect: f?.protect ?? none,
      };
      let pointer = f?.pointer ?? none;
      if (pointer.ok && pointer.text !== active) {
        pointer = fail(`${pointer.text} (others: ${active})`);
      }
      rows.push({
        useCase,
        region,
        role: region === active ? "active" : "standby",
        checks,
        pointer,
        promotion: f?.promotion,
        throughput: coverage
          ? Object.fromEntries(Object.values(coverage).map((c) => [c.country, c.throughput]))
          : {},
        // A transactional use case may be promoted with stale opt-outs (promote warns), so an
        // unknown freshness does not make it unready. When the sending Region cannot be read
        // (an outage: exactly when status is asked whether a standby can take over), its list
        // cannot be compared, and the ledger's freshness stands for it, as in promote: a list
        // reconciled moments ago with nothing behind holds every decision the Region knows of.
        // Every other check must pass.
        ready: CHECKS.every(
          (c) =>
            checks[c].ok === true ||
            (c === "freshness" && !promotional && checks[c].ok !== false) ||
            (c === "optOuts" &&
              checks[c].ok === undefined &&
              !reference &&
              region !== active &&
              checks.freshness.ok === true),
        ),
      });
    }
  }

  const findings: Finding[] = [];
  // Pointers: split between Regions, or agreeing on a Region the config does not name.
  const regionOf = { ...activeByUseCase(stack.active, stack.useCases), ...sending };
  const splitPointers: Record<string, Record<string, string>> = {};
  const converge = new Map<string, string[]>();
  for (const useCase of stack.useCases) {
    const named = pointed[useCase];
    const seen = new Set(Object.values(named).map((n) => n.region));
    if (seen.size > 1) {
      splitPointers[useCase] = Object.fromEntries(
        Object.entries(named).map(([r, n]) => [r, n.region]),
      );
      // The newest promotion wins; without any, the config's Region.
      const newest = Object.values(named)
        .filter((n) => n.promotion)
        .sort((a, b) => b.promotion!.generation - a.promotion!.generation)[0];
      const to = newest?.region ?? activeRegionOf(stack.active, useCase);
      converge.set(to, [...(converge.get(to) ?? []), useCase]);
    }
  }
  for (const [to, useCases] of converge) {
    findings.push({
      text: `the pointers of ${useCases.join(", ")} disagree (${useCases
        .map(
          (u) =>
            `${u}: ${Object.entries(splitPointers[u])
              .map(([r, n]) => `${r} → ${n}`)
              .join(", ")}`,
        )
        .join(
          "; ",
        )}): applications in different Regions send from different places. Make every Region agree on ${to}${
        useCases.length === stack.useCases.length ? "" : ` for ${useCases.join(", ")}`
      }`,
      commands: [
        promoteCommand(stack.stack, to, {
          planned: true,
          useCases: useCases.length === stack.useCases.length ? [] : useCases,
        }),
      ],
    });
  }
  const after = normaliseActive(regionOf, stack.active.default);
  const commands =
    Object.keys(splitPointers).length > 0 ? [] : configCommands(stack.stack, stack.active, after);
  if (commands.length > 0) {
    findings.push({
      text: "the stack config lags the pointers (a promote's `pulumi config set` was not run): the next `pulumi up` would undo the failover",
      commands,
    });
  }
  for (const [region, entry] of Object.entries(presumedDown)) {
    findings.push({
      text: `${region} is presumed down since ${entry.since} (${entry.reason}, by ${entry.by}); it was not contacted. Once it is healthy, clear the record, then run status again`,
      commands: [`npm run failover -- --stack ${stack.stack} clear-presumed-down ${region}`],
    });
  }
  for (const [region, lease] of Object.entries(view.leases)) {
    const expired = Date.parse(lease.expiresAt) <= (ctx.now ?? Date.now)();
    findings.push({
      text: `${region}: ${lease.owner} ${expired ? "started a promote that did not finish" : "is promoting"} ${lease.useCases.join(", ")} to ${lease.to} (since ${lease.acquiredAt}, lease ${expired ? "expired" : "expires"} ${lease.expiresAt})`,
      commands: expired
        ? [
            promoteCommand(stack.stack, lease.to, {
              useCases: lease.useCases.length === stack.useCases.length ? [] : lease.useCases,
            }),
          ]
        : [],
    });
  }
  const notReady = rows.filter(
    (r) => !r.ready && !presumedDown[r.region] && !unreachable[r.region],
  );
  if (notReady.some((r) => r.checks.optOuts.ok === false)) {
    findings.push({
      text: "opt-out lists differ between Regions",
      commands: [`npm run failover -- --stack ${stack.stack} sync-opt-outs`],
    });
  }
  for (const useCase of stack.useCases) {
    const active = activeRegionOf(stack.active, useCase);
    const reference = rows.find((r) => r.useCase === useCase && r.region === active)?.throughput;
    if (!reference || Object.keys(reference).length === 0) continue;
    for (const row of rows.filter((r) => r.useCase === useCase && r.region !== active)) {
      if (Object.keys(row.throughput).length === 0) continue;
      const drops = throughputDrops(row.throughput, reference);
      if (drops.length > 0) {
        findings.push({
          text: `WARNING: ${useCase} in ${row.region} carries less than in ${active}: ${drops
            .map((d) => `${d.country} ${formatMps(d.mps)} vs ${formatMps(d.referenceMps)}`)
            .join(", ")}`,
          commands: [],
        });
      }
    }
  }
  const blocking = findings.filter((f) => !f.text.startsWith("WARNING:"));
  const incomplete = Object.keys(unreachable).length > 0;
  const failed = rows.some(
    (r) => r.pointer.ok === false || CHECKS.some((c) => r.checks[c].ok === false),
  );
  const ready = rows.every((r) => r.ready) && blocking.length === 0 && !incomplete;
  return {
    stack: stack.stack,
    rows,
    presumedDown,
    unreachable,
    splitPointers,
    commands,
    leases: view.leases,
    findings,
    ready,
    incomplete,
    verdict: ready ? "ready" : failed || blocking.length > 0 ? "not ready" : "incomplete",
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
      "countries",
      "shared routes",
      "opt-outs",
      "opt-out freshness",
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
      mark(r.checks.countries),
      mark(r.checks.sharedRoutes),
      mark(r.checks.optOuts),
      mark(r.checks.freshness),
      mark(r.checks.configurationSet),
      mark(r.checks.protect),
      mark(r.pointer),
      r.ready ? "READY" : "NOT READY",
    ]),
  );
  const lines = [`Readiness of stack ${report.stack}`, "", table, ""];
  const promotions = new Map<string, Promotion>();
  for (const row of report.rows) {
    const seen = promotions.get(row.useCase);
    if (row.promotion && (!seen || row.promotion.generation > seen.generation)) {
      promotions.set(row.useCase, row.promotion);
    }
  }
  for (const [useCase, p] of [...promotions].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(
      `${useCase}: moved from ${p.from} to ${p.to} by ${p.promotedBy} at ${p.promotedAt}${p.planned ? " (planned)" : ""}, generation ${p.generation}`,
    );
  }
  if (promotions.size > 0) lines.push("");
  const regions = [...new Set(report.rows.map((r) => r.region))];
  const throughputRows = [...new Set(report.rows.map((r) => r.useCase))].flatMap((useCase) => {
    const byRegion = report.rows.filter((r) => r.useCase === useCase);
    const countries = [...new Set(byRegion.flatMap((r) => Object.keys(r.throughput)))];
    return countries.map((country) => [
      useCase,
      country,
      ...regions.map((region) => {
        const row = byRegion.find((r) => r.region === region);
        return row && row.throughput[country] ? formatMps(row.throughput[country].mps) : "-";
      }),
    ]);
  });
  if (throughputRows.length > 0) {
    lines.push(
      "Throughput per country (message parts per second; defaults from AWS's documentation unless AWS reports a figure):",
      renderTable(["use case", "country", ...regions], throughputRows),
      "",
    );
  }
  for (const [region, reason] of Object.entries(report.unreachable)) {
    lines.push(`${region} unreachable: ${reason}`);
  }
  for (const finding of report.findings) {
    lines.push(
      `${finding.text.startsWith("WARNING:") ? "" : "NOT READY: "}${finding.text}`,
      ...finding.commands.map((c) => `  ${c}`),
    );
  }
  const notReady = report.rows.filter((r) => !r.ready && !report.presumedDown[r.region]);
  if (report.ready) {
    lines.push(
      "Ready: every Region can send every use case, and every pointer and the config agree.",
    );
  } else {
    const blocking = report.findings.filter((f) => !f.text.startsWith("WARNING:")).length;
    const parts = [
      ...(notReady.length > 0
        ? [`${notReady.length} of ${report.rows.length} use case × Region pairs are not ready`]
        : []),
      ...(blocking > 0 ? [`${blocking} finding${blocking === 1 ? "" : "s"} above need a fix`] : []),
      ...(Object.keys(report.unreachable).length > 0
        ? [`${Object.keys(report.unreachable).join(", ")} could not be read (run status again)`]
        : []),
    ];
    lines.push(`NOT READY: ${parts.join("; ")}.`);
  }
  if (Object.keys(report.splitPointers).length > 0) {
    lines.push(
      "",
      "Stack config: settle the pointers first (command above); status then says which `pulumi config set` to run.",
    );
  } else if (report.commands.length === 0) {
    lines.push("", renderConfigHint(report.commands));
  }
  return lines.join("\n");
}
