/**
 * `promote --to <region>`: points every use case (or the chosen ones) at `<region>` by
 * rewriting its pointer parameter in every Region except those being left or presumed down,
 * which are never contacted (a failed Region could hang or, worse, half-succeed).
 *
 * In order:
 * 1. In the target alone (every other client is forbidden): take the lease, read the target's
 *    pointers, promotion records, opt-out freshness and the presumed-down record; beside it,
 *    find each use case's pool, members (per destination country), configuration set and
 *    protect configuration, and (unplanned) when each Region last completed an opt-out
 *    reconciliation that reached the target's replica of the ledger, to say which one-way
 *    decisions of the Regions being left the target may lack. Refuse, writing nothing, when the target cannot send a use case to
 *    one of its countries, when a promotional use case's opt-out list is behind (unless
 *    accepted), when another run holds the lease, or when the promote would leave a Region
 *    that a promote made the target minutes ago (unless confirmed).
 * 2. Take the lease in every other Region to write (by name), and read their values.
 * 3. Write what differs: the pointers (byte-identical to what `pulumi up` renders), the
 *    promotion records beside them, and the presumed-down record (an unplanned promote adds
 *    the Regions it leaves; any promote removes its target).
 * 4. Read everything back from every Region written: a value that is not this run's is a
 *    conflict (another writer), reported with the exact command to converge.
 * 5. Release the leases. Optionally (`--also-write-left-region`) try, once and briefly, to
 *    write the Regions being left too, for an outage where only SMS is down there.
 *
 * Re-running is safe: what already holds the value is not rewritten, and a re-run's records
 * keep the first run's promote id.
 */
import { randomUUID } from "node:crypto";
import { ledgerTableName, readHeartbeats } from "../../lambda/lib/ledger";
import { errorText } from "../../lambda/lib/opt-out-sync";
import {
  type ActivePointer,
  parsePointer,
  renderPointer,
} from "../../components/failover/pointer-document";
import { freshnessParameterName } from "../../components/failover/opt-out-freshness";
import {
  latestPresumedDown,
  NO_REGION_PRESUMED_DOWN,
  parsePresumedDown,
  type PresumedDownRecord,
  type PresumedDownRegion,
  presumedDownParameterName,
  renderPresumedDown,
} from "../../components/failover/presumed-down";
import {
  parsePromotion,
  pointerDigest,
  type Promotion,
  promotionParameterName,
  renderPromotion,
} from "../../components/failover/promotion";
import {
  type CountryThroughput,
  formatMps,
  type ThroughputSettings,
  throughputDrops,
} from "../../components/sms/throughput";
import { activeRegionOf, type ActiveRegions } from "../../stacks/config/active-region";
import { activeByUseCase, configCommands, normaliseActive, renderConfigHint } from "./config-hint";
import type { RegionClients } from "./clients";
import { callerFor, clientsFor, type FailoverContext, withCredentials } from "./context";
import { declaredThroughput } from "./declared";
import { type Call, discoverPointer, type DiscoveredPointer } from "./discovery";
import { describeFreshness, type FreshnessView, judgeFreshness } from "./freshness";
import {
  acquireLeaseOrWait,
  type Lease,
  LEASE_TTL_MS,
  LeaseHeldError,
  leaseParameterName,
  releaseLease,
} from "./lease";
import { configLagging, planLeaving } from "./leaving";
import { callerIdentity } from "./operator";
import { readParameters, writeParameter } from "./pointers";
import { pointerName, useCasePhysicalName } from "./stack";
import { renderTable } from "./table";
import { FailoverUsageError } from "./usage-error";

/** Options of {@link promote}. */
export interface PromoteOptions {
  /** Region to send from. */
  readonly to: string;
  /** Use cases to move. Default: all. */
  readonly useCases?: readonly string[];
  /** Further Regions not to contact (known to be down). Default: none. */
  readonly skipRegions?: readonly string[];
  /**
   * A planned move (e.g. failing back): the Region being left is healthy, so it is written
   * too, and nothing is presumed down. Default: false.
   */
  readonly planned?: boolean;
  /** Promote promotional use cases whose opt-out list in the target is behind or unknown. Default: false. */
  readonly acceptStaleOptOuts?: boolean;
  /**
   * Also try to write the Regions being left, once, with {@link leftRegionTimeoutMs}: for an
   * outage of SMS alone, so applications there read the new pointer. Default: false.
   */
  readonly alsoWriteLeftRegion?: boolean;
  /** Per-request timeout of those writes. Default: 2,000 ms. */
  readonly leftRegionTimeoutMs?: number;
  /** Regions a recent promote made the target that this promote may leave anyway. Default: none. */
  readonly confirmLeaving?: readonly string[];
  /** Take the lease even if another run holds it. Default: false. */
  readonly breakLease?: boolean;
  /** Throughput figures to use instead of the defaults. Default: `{}`. */
  readonly throughput?: ThroughputSettings;
}

/** A promote that made a Region the target this recently is not undone silently. */
export const RECENT_PROMOTE_MS = 15 * 60_000;

/** Outcome of one parameter write, per Region and use case. */
export type PointerWrite = "written" | "unchanged" | "failed" | "conflict" | "not contacted";

/** Per country: what the target carries, next to what the Region left was built to carry. */
export interface CountryComparison {
  readonly target: CountryThroughput;
  /** The Region the use case moves away from, and its declared figure (from the stack config). */
  readonly left?: { readonly region: string; readonly throughput: CountryThroughput };
}

/** What {@link promote} did. */
export interface PromoteReport {
  readonly stack: string;
  readonly to: string;
  readonly useCases: string[];
  readonly planned: boolean;
  /** Who ran it (AWS caller ARN, or `user@host` when STS did not say). */
  readonly operator: string;
  readonly promoteId: string;
  /** Regions not contacted, sorted, and why. */
  readonly notContacted: string[];
  readonly notContactedBecause: Record<string, string[]>;
  /** Regions presumed down before and after this run. */
  readonly presumedDown: {
    readonly before: Record<string, PresumedDownRegion>;
    readonly after: Record<string, PresumedDownRegion>;
  };
  /** Use cases whose live pointer in the target names another Region than the config. */
  readonly configLagging: { useCase: string; config: string; pointer: string }[];
  /** Pointers in the target that were absent or unreadable (only the config was used). */
  readonly notes: string[];
  /** The pointers and promotion records written, by use case (empty when refused). */
  readonly pointers: Record<string, ActivePointer>;
  readonly promotions: Record<string, Promotion>;
  /** Per Region, per use case (the pointer and its promotion record together). */
  readonly writes: Record<string, Record<string, PointerWrite>>;
  /** Per use case, per country. */
  readonly throughput: Record<string, Record<string, CountryComparison>>;
  /** Per use case: the target's opt-out list. */
  readonly freshness: Record<string, FreshnessView>;
  /** With `alsoWriteLeftRegion`: per Region being left, `written` or why not. */
  readonly leftRegionWrites: Record<string, string>;
  /** Degraded but not blocking (a member that cannot send, a throughput drop, stale opt-outs accepted). */
  readonly warnings: string[];
  /** Why it was refused, or what failed. */
  readonly problems: string[];
  /** Values found after writing that are not this run's (another writer). */
  readonly conflicts: string[];
  /**
   * `refused`: nothing was written; `conflict`: Regions disagree because of another writer;
   * `incomplete`: some Region was not written (re-run); `done`: every contacted Region holds
   * this run's values, read back.
   */
  readonly outcome: "done" | "refused" | "conflict" | "incomplete";
  /** The commands that resolve a conflict or a refusal, exactly as to type them. */
  readonly commands: string[];
  /** The config matching the new pointers, and the commands to get there. */
  readonly config: { after: ActiveRegions; commands: string[] };
}

/** Thrown for arguments that name no Region or use case of the estate. */
export class PromoteUsageError extends FailoverUsageError {
  constructor(message: string) {
    super(message);
    this.name = "PromoteUsageError";
  }
}

/** The `npm run failover` command line of a promote, for the commands a report prints. */
export function promoteCommand(
  stack: string,
  to: string,
  extra: { useCases?: readonly string[]; planned?: boolean; flags?: readonly string[] } = {},
): string {
  return [
    `npm run failover -- --stack ${stack} promote --to ${to}`,
    ...(extra.planned ? ["--planned"] : []),
    ...(extra.useCases ?? []).map((u) => `--use-case ${u}`),
    ...(extra.flags ?? []),
  ].join(" ");
}

const ageText = (ms: number) =>
  ms < 90_000 ? `${Math.round(ms / 1000)} s ago` : `${Math.round(ms / 60_000)} min ago`;

/** Runs the promotion. */
export async function promote(
  baseCtx: FailoverContext,
  options: PromoteOptions,
): Promise<PromoteReport> {
  const { stack } = baseCtx;
  const { to } = options;
  const planned = options.planned ?? false;
  if (!stack.regions.includes(to)) {
    throw new PromoteUsageError(
      `--to ${to} is not a Region of the estate (${stack.regions.join(", ")})`,
    );
  }
  const selected = [
    ...(options.useCases?.length ? new Set(options.useCases) : stack.useCases),
  ].sort();
  const unknown = selected.filter((u) => !stack.useCases.includes(u));
  if (unknown.length > 0) {
    throw new PromoteUsageError(
      `unknown use case ${unknown.join(", ")}; the estate has ${stack.useCases.join(", ")}`,
    );
  }
  for (const region of [...(options.skipRegions ?? []), ...(options.confirmLeaving ?? [])]) {
    if (region === to) throw new PromoteUsageError(`${region} is the Region being promoted`);
    if (!stack.regions.includes(region)) {
      throw new PromoteUsageError(
        `${region} is not a Region of the estate (${stack.regions.join(", ")})`,
      );
    }
  }
  const ctx = await withCredentials(baseCtx);
  const now = ctx.now ?? Date.now;
  const run = new PromoteRun(ctx, { ...options, planned }, selected, randomUUID(), now);
  try {
    return await run.execute();
  } finally {
    // Normally released already; after an unexpected error, do not leave a lease behind.
    await run.releaseAll();
    run.destroy();
  }
}

/** Names of everything a promote reads and writes in one Region. */
function parameterNames(ctx: FailoverContext, useCases: readonly string[]) {
  const prefix = ctx.stack.estate.namePrefix;
  return {
    pointer: (u: string) => pointerName(ctx.stack, u),
    promotion: (u: string) => promotionParameterName(prefix, u),
    freshness: (u: string) => freshnessParameterName(prefix, u),
    record: presumedDownParameterName(prefix),
    lease: leaseParameterName(prefix),
    written: (): string[] => [
      ...useCases.flatMap((u) => [pointerName(ctx.stack, u), promotionParameterName(prefix, u)]),
      presumedDownParameterName(prefix),
    ],
  };
}

/** One run of promote: its clients, leases and findings. */
class PromoteRun {
  private readonly call: Call;
  private readonly names: ReturnType<typeof parameterNames>;
  private readonly clientSets: RegionClients[] = [];
  private readonly held = new Map<string, RegionClients>();
  private lease?: Lease;
  private readonly problems: string[] = [];
  private readonly warnings: string[] = [];

  constructor(
    private readonly ctx: FailoverContext,
    private readonly options: PromoteOptions & { planned: boolean },
    private readonly useCases: string[],
    private readonly promoteId: string,
    private readonly now: () => number,
  ) {
    this.call = callerFor(ctx);
    this.names = parameterNames(ctx, useCases);
  }

  destroy(): void {
    for (const set of this.clientSets) set.destroy();
  }

  private clients(forbidden: Iterable<string>, timeoutMs?: number): RegionClients {
    const set = clientsFor(
      timeoutMs === undefined
        ? this.ctx
        : { ...this.ctx, clients: { ...this.ctx.clients, requestTimeoutMs: timeoutMs } },
      forbidden,
    );
    this.clientSets.push(set);
    return set;
  }

  async execute(): Promise<PromoteReport> {
    const { stack } = this.ctx;
    const { to } = this.options;
    const startedAt = new Date(this.now()).toISOString();

    // --- 1. The target alone: it is the one Region known to be needed, and which Regions are
    // being left is not known until it has answered.
    const target = this.clients(stack.regions.filter((r) => r !== to));
    const targetState = (async () => {
      const who = await callerIdentity(target.sts(to), this.ctx.localOperator);
      this.lease = {
        promoteId: this.promoteId,
        owner: who.operator,
        to,
        useCases: this.useCases,
        acquiredAt: startedAt,
        expiresAt: new Date(this.now() + LEASE_TTL_MS).toISOString(),
      };
      await acquireLeaseOrWait(target.ssm(to), to, this.names.lease, this.lease, this.call, {
        now: this.now,
        breakLease: this.options.breakLease,
      });
      this.held.set(to, target);
      const values = await readParameters(
        target.ssm(to),
        [
          ...this.useCases.flatMap((u) => [
            this.names.pointer(u),
            this.names.promotion(u),
            this.names.freshness(u),
          ]),
          this.names.record,
        ],
        this.call,
      );
      return { operator: who.operator, values };
    })();
    const discovered = Promise.allSettled(
      this.useCases.map((useCase) =>
        discoverPointer(
          target.sms(to),
          to,
          useCase,
          useCasePhysicalName(stack.estate.namePrefix, useCase),
          stack.estate.useCases[useCase],
          this.call,
          this.options.throughput,
        ),
      ),
    );
    // The ledger's heartbeats as the target's replica holds them: when each Region last
    // completed an opt-out reconciliation that reached the target (a planned move leaves a
    // healthy Region, whose reconciler keeps running: not needed then).
    const heartbeats: Promise<Map<string, number> | Error> =
      this.options.planned || stack.regions.length < 2
        ? Promise.resolve(new Map<string, number>())
        : readHeartbeats(
            target.dynamodb(to),
            ledgerTableName(stack.estate.namePrefix),
            this.call,
          ).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
    const [stateOutcome, discoveries] = await Promise.all([
      targetState.then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error }),
      ),
      discovered,
    ]);

    const pointers: Record<string, ActivePointer> = {};
    const found: Record<string, DiscoveredPointer> = {};
    discoveries.forEach((outcome, i) => {
      const useCase = this.useCases[i];
      if (outcome.status === "fulfilled") {
        found[useCase] = outcome.value;
        pointers[useCase] = outcome.value.pointer;
        this.warnings.push(...outcome.value.warnings);
      } else this.problems.push(`${useCase} cannot send from ${to}: ${errorText(outcome.reason)}`);
    });
    const operator = stateOutcome.ok ? stateOutcome.value.operator : (this.lease?.owner ?? "");
    const base = {
      operator,
      promoteId: this.promoteId,
    };
    if (!stateOutcome.ok) {
      const error = stateOutcome.error;
      this.problems.push(
        error instanceof LeaseHeldError
          ? `${error.message}. Wait for it to finish (or to expire), then run \`npm run failover -- --stack ${stack.stack} status\`; if that run is dead and you must not wait, re-run with --break-lease`
          : `cannot read the pointers and records in ${to}, so the Regions being left are unknown: ${errorText(error)}`,
      );
      return this.finish(await this.refusal(base, {}));
    }
    const values = stateOutcome.value.values;

    // --- Which Regions are left alone, and why.
    const pointerValues = Object.fromEntries(
      this.useCases.map((u) => [u, values.get(this.names.pointer(u))]),
    );
    const leaving = planLeaving(stack, to, this.useCases, pointerValues, this.options.planned);
    let targetRecord = NO_REGION_PRESUMED_DOWN;
    const recordValue = values.get(this.names.record);
    if (recordValue !== undefined) {
      try {
        targetRecord = parsePresumedDown(recordValue);
      } catch (error) {
        leaving.notes.push(
          `the presumed-down record in ${to} is unreadable (${(error as Error).message}); it is rewritten`,
        );
      }
    }
    const because = new Map<string, string[]>();
    const reason = (region: string, text: string) =>
      because.set(region, [...(because.get(region) ?? []), text]);
    for (const [region, why] of Object.entries(leaving.leaving))
      for (const w of why) reason(region, w);
    for (const [region, entry] of Object.entries(targetRecord.regions)) {
      if (region !== to) {
        reason(region, `presumed down since ${entry.since} (${entry.reason}, by ${entry.by})`);
      }
    }
    for (const region of this.options.skipRegions ?? []) reason(region, "--skip-region");

    if (!this.options.planned) {
      this.warnLeftRegionOptOuts(
        Object.keys(leaving.leaving).filter((r) => !targetRecord.regions[r]),
        leaving.livePointers,
        await heartbeats,
      );
    }

    // --- Refusals that need only what the target said.
    this.checkRecentPromote(values, leaving.leftByPointerOnly, targetRecord);
    const freshness = this.checkFreshness(values);
    const throughput = this.compareThroughput(found, leaving.livePointers);
    if (this.problems.length > 0) {
      return this.finish(
        await this.refusal(base, { because, leaving, targetRecord, freshness, throughput }),
      );
    }

    // --- 2. The other Regions to write: lease first (by name, so two runs contend in the same
    // order), then their current values.
    const notContacted = [...because.keys()].sort();
    const others = stack.regions.filter((r) => r !== to && !notContacted.includes(r)).sort();
    const writers = this.clients(notContacted);
    const current = new Map<string, Map<string, string>>([[to, values]]);
    const failed = new Map<string, string>();
    for (const region of others) {
      try {
        await acquireLeaseOrWait(
          writers.ssm(region),
          region,
          this.names.lease,
          this.lease!,
          this.call,
          { now: this.now, breakLease: this.options.breakLease },
        );
        this.held.set(region, writers);
      } catch (error) {
        if (error instanceof LeaseHeldError) {
          this.problems.push(
            `${error.message}; nothing was written. Agree with them who promotes, then run the command again`,
          );
          return this.finish(
            await this.refusal(base, { because, leaving, targetRecord, freshness, throughput }),
          );
        }
        failed.set(region, errorText(error));
      }
    }
    await Promise.all(
      others
        .filter((r) => !failed.has(r))
        .map(async (region) => {
          try {
            current.set(
              region,
              await readParameters(writers.ssm(region), this.names.written(), this.call),
            );
          } catch (error) {
            failed.set(region, errorText(error));
          }
        }),
    );

    // --- 3. What every contacted Region must hold.
    const copies = [...current.values()].flatMap((v) => {
      const raw = v.get(this.names.record);
      try {
        return raw === undefined ? [] : [parsePresumedDown(raw)];
      } catch {
        return [];
      }
    });
    const baseRecord = latestPresumedDown([targetRecord, ...copies]);
    const record = this.nextRecord(baseRecord, leaving.leaving, operator, startedAt);
    const desired = new Map<string, string>();
    const promotions: Record<string, Promotion> = {};
    for (const useCase of this.useCases) {
      const value = renderPointer(pointers[useCase]);
      desired.set(this.names.pointer(useCase), value);
      promotions[useCase] = this.promotionFor(useCase, value, values, leaving.livePointers, {
        operator,
        startedAt,
      });
      desired.set(this.names.promotion(useCase), renderPromotion(promotions[useCase]));
    }
    // Nothing was ever presumed down: no record to write.
    if (record.generation > 0) desired.set(this.names.record, renderPresumedDown(record));

    const writes: Record<string, Record<string, PointerWrite>> = {};
    for (const region of this.ctx.stack.regions) {
      writes[region] = Object.fromEntries(
        this.useCases.map((u): [string, PointerWrite] => [
          u,
          notContacted.includes(region) ? "not contacted" : "failed",
        ]),
      );
    }
    const writable = [to, ...others].filter((r) => !failed.has(r));
    const clientOf = (region: string) => (region === to ? target : writers);
    const attempted = new Map<string, Set<string>>();
    await Promise.all(
      writable.flatMap((region) => {
        const have = current.get(region)!;
        const names = [...desired.keys()].filter((name) => have.get(name) !== desired.get(name));
        attempted.set(region, new Set(names));
        return names.map(async (name) => {
          try {
            await writeParameter(clientOf(region).ssm(region), name, desired.get(name)!, this.call);
          } catch (error) {
            // The read-back below says whether it landed after all (a timeout can hide a success).
            this.warnings.push(`${region}: ${name} not written: ${errorText(error)}`);
          }
        });
      }),
    );

    // --- 4. Read back from every Region written: the only proof of what they hold now.
    const conflicts: string[] = [];
    const conflictRegions = new Set<string>([to]);
    await Promise.all(
      writable.map(async (region) => {
        let after: Map<string, string>;
        try {
          after = await readParameters(
            clientOf(region).ssm(region),
            [...desired.keys()],
            this.call,
          );
        } catch (error) {
          failed.set(region, `not read back: ${errorText(error)}`);
          return;
        }
        for (const useCase of this.useCases) {
          const names = [this.names.pointer(useCase), this.names.promotion(useCase)];
          const ours = names.every((n) => after.get(n) === desired.get(n));
          if (ours) {
            const touched = names.some((n) => attempted.get(region)!.has(n));
            writes[region][useCase] = touched ? "written" : "unchanged";
            continue;
          }
          const theirs = this.describeOther(after, useCase);
          if (theirs) {
            writes[region][useCase] = "conflict";
            conflicts.push(`${region}: ${useCase} → ${theirs.region} ${theirs.by}`);
            conflictRegions.add(theirs.region);
          } else writes[region][useCase] = "failed";
        }
        const recordNow = after.get(this.names.record);
        if (desired.has(this.names.record) && recordNow !== desired.get(this.names.record)) {
          let other: PresumedDownRecord | undefined;
          try {
            other = recordNow === undefined ? undefined : parsePresumedDown(recordNow);
          } catch {
            other = undefined;
          }
          if (other && other.generation >= record.generation) {
            conflicts.push(
              `${region}: the presumed-down record is generation ${other.generation} by ${other.updatedBy}, not this run's`,
            );
          } else failed.set(region, failed.get(region) ?? "presumed-down record not written");
        }
      }),
    );
    for (const [region, why] of failed) {
      this.problems.push(`${region}: not every value was written: ${why}`);
    }

    // --- 5. Release, then the optional best-effort writes where sending is being left.
    await this.releaseAll();
    const leftRegionWrites = this.options.alsoWriteLeftRegion
      ? await this.writeLeftRegions(Object.keys(leaving.leaving), desired)
      : {};

    const outcome: PromoteReport["outcome"] =
      conflicts.length > 0
        ? "conflict"
        : failed.size === 0 &&
            Object.values(writes).every((byUseCase) =>
              Object.values(byUseCase).every((w) => w !== "failed"),
            )
          ? "done"
          : "incomplete";
    const regionOf = { ...activeByUseCase(stack.active, stack.useCases) };
    for (const useCase of this.useCases) regionOf[useCase] = to;
    const after = normaliseActive(regionOf, stack.active.default);
    const commands =
      outcome === "conflict"
        ? [...conflictRegions].map((region) =>
            promoteCommand(stack.stack, region, { planned: true }),
          )
        : [];
    return this.finish({
      stack: stack.stack,
      to,
      useCases: this.useCases,
      planned: this.options.planned,
      ...base,
      notContacted,
      notContactedBecause: Object.fromEntries([...because].sort(([a], [b]) => a.localeCompare(b))),
      presumedDown: {
        before: baseRecord.regions as Record<string, PresumedDownRegion>,
        after: record.regions as Record<string, PresumedDownRegion>,
      },
      configLagging: configLagging(stack, leaving),
      notes: leaving.notes,
      pointers,
      promotions,
      writes,
      throughput,
      freshness,
      leftRegionWrites,
      warnings: this.warnings,
      problems: this.problems,
      conflicts: conflicts.sort(),
      outcome,
      commands,
      config: { after, commands: configCommands(stack.stack, stack.active, after) },
    });
  }

  private finish(report: PromoteReport): PromoteReport {
    return {
      ...report,
      problems: [...report.problems].sort(),
      warnings: [...report.warnings].sort(),
    };
  }

  /** A refused report: nothing was written; the leases taken so far are released. */
  private async refusal(
    base: { operator: string; promoteId: string },
    found: {
      because?: Map<string, string[]>;
      leaving?: ReturnType<typeof planLeaving>;
      targetRecord?: PresumedDownRecord;
      freshness?: Record<string, FreshnessView>;
      throughput?: Record<string, Record<string, CountryComparison>>;
    },
  ): Promise<PromoteReport> {
    const { stack } = this.ctx;
    await this.releaseAll();
    const because = found.because ?? new Map<string, string[]>();
    const regions = (found.targetRecord?.regions ?? {}) as Record<string, PresumedDownRegion>;
    return {
      stack: stack.stack,
      to: this.options.to,
      useCases: this.useCases,
      planned: this.options.planned,
      ...base,
      notContacted: [...because.keys()].sort(),
      notContactedBecause: Object.fromEntries([...because].sort(([a], [b]) => a.localeCompare(b))),
      presumedDown: { before: regions, after: regions },
      configLagging: found.leaving ? configLagging(stack, found.leaving) : [],
      notes: found.leaving?.notes ?? [],
      pointers: {},
      promotions: {},
      writes: {},
      throughput: found.throughput ?? {},
      freshness: found.freshness ?? {},
      leftRegionWrites: {},
      warnings: this.warnings,
      problems: this.problems,
      conflicts: [],
      outcome: "refused",
      commands: [],
      config: { after: stack.active, commands: [] },
    };
  }

  private releasing?: Promise<void>;

  /** Releases every lease held (once); a release that fails leaves a lease to expire. */
  releaseAll(): Promise<void> {
    this.releasing ??= Promise.all(
      [...this.held].map(async ([region, clients]) => {
        try {
          await releaseLease(
            clients.ssm(region),
            this.names.lease,
            this.lease!,
            this.call,
            this.now,
          );
        } catch (error) {
          this.warnings.push(
            `${region}: the lease was not released (${errorText(error)}); it expires at ${this.lease!.expiresAt}`,
          );
        }
      }),
    ).then(() => this.held.clear());
    return this.releasing;
  }

  /**
   * Refuses to leave a Region that a promote made the target within {@link RECENT_PROMOTE_MS}
   * unless confirmed: two engineers starting promotes to different Regions a few seconds
   * apart would otherwise have the second silently presume the first one's target down.
   */
  private checkRecentPromote(
    values: Map<string, string>,
    leftByPointerOnly: readonly string[],
    record: PresumedDownRecord,
  ): void {
    const confirmed = new Set(this.options.confirmLeaving ?? []);
    for (const region of leftByPointerOnly) {
      if (confirmed.has(region) || record.regions[region]) continue;
      for (const useCase of this.useCases) {
        const pointer = values.get(this.names.pointer(useCase));
        const raw = values.get(this.names.promotion(useCase));
        if (pointer === undefined || raw === undefined) continue;
        let promotion: Promotion;
        try {
          promotion = parsePromotion(raw);
        } catch {
          continue;
        }
        const age = this.now() - Date.parse(promotion.promotedAt);
        if (
          promotion.to === region &&
          promotion.pointerSha256 === pointerDigest(pointer) &&
          age < RECENT_PROMOTE_MS
        ) {
          this.problems.push(
            `${promotion.promotedBy} moved ${useCase} to ${region} ${ageText(age)} (promote ${promotion.promoteId}); this promote would presume ${region} down and never contact it. If ${region} has failed too, re-run with --confirm-leaving ${region}: ${promoteCommand(this.ctx.stack.stack, this.options.to, { useCases: this.options.useCases, flags: [...(this.options.confirmLeaving ?? []).map((r) => `--confirm-leaving ${r}`), `--confirm-leaving ${region}`] })}`,
          );
          break;
        }
      }
    }
  }

  /**
   * What the target may not know of the Regions this promote presumes down: the decisions
   * their reconcilers had not yet captured and replicated when they failed (for one-way use
   * cases, up to a poll interval; docs/opt-out-ledger.md, "What can still be lost"). Said, with
   * the time of the last pass the target knows of and how to recover them once they answer.
   */
  private warnLeftRegionOptOuts(
    left: readonly string[],
    livePointers: Record<string, string>,
    heartbeats: Map<string, number> | Error,
  ): void {
    const { stack } = this.ctx;
    const { to } = this.options;
    for (const region of [...left].sort()) {
      const oneWay = this.useCases.filter(
        (u) =>
          !stack.estate.useCases[u].twoWay &&
          (livePointers[u] === region || activeRegionOf(stack.active, u) === region),
      );
      if (oneWay.length === 0) continue;
      const recover = `once ${region} answers: \`npm run failover -- --stack ${stack.stack} clear-presumed-down ${region}\`, then \`npm run failover -- --stack ${stack.stack} sync-opt-outs\``;
      if (heartbeats instanceof Error) {
        this.warnings.push(
          `the opt-out ledger in ${to} could not be read (${errorText(heartbeats)}): one-way opt-outs and opt-ins made in ${region} in its last minutes (${oneWay.join(", ")}) may be missing from ${to}'s lists until ${region} answers again; ${recover}`,
        );
        continue;
      }
      const at = heartbeats.get(region);
      if (at === undefined) {
        this.warnings.push(
          `${to} has no record of an opt-out reconciliation in ${region}: one-way opt-outs and opt-ins made there (${oneWay.join(", ")}) may be missing from ${to}'s lists until ${region} answers again; ${recover}`,
        );
        continue;
      }
      const age = Math.max(0, this.now() - at);
      const ago =
        age < 90_000
          ? `${Math.round(age / 1000)} s before this promote`
          : `${Math.round(age / 60_000)} min before this promote`;
      this.warnings.push(
        `${region}'s last opt-out reconciliation known in ${to} completed at ${new Date(at).toISOString()} (${ago}): one-way opt-outs and opt-ins made there since then (${oneWay.join(", ")}) are not in ${to}'s lists until ${region} answers again; ${recover}`,
      );
    }
  }

  /** The opt-out gate: promotional use cases need a target list known to be complete. */
  private checkFreshness(values: Map<string, string>): Record<string, FreshnessView> {
    const views: Record<string, FreshnessView> = {};
    const stale: string[] = [];
    for (const useCase of this.useCases) {
      const view = judgeFreshness(
        useCase,
        this.options.to,
        values.get(this.names.freshness(useCase)),
        this.now(),
      );
      views[useCase] = view;
      if (view.state === "fresh") continue;
      const promotional = this.ctx.stack.estate.useCases[useCase].messageType === "PROMOTIONAL";
      const text = `${useCase}: the opt-out list in ${this.options.to} is ${describeFreshness(view)}`;
      if (promotional && !this.options.acceptStaleOptOuts) stale.push(useCase);
      else
        this.warnings.push(text + (promotional ? " (accepted with --accept-stale-opt-outs)" : ""));
      if (promotional && !this.options.acceptStaleOptOuts) this.problems.push(text);
    }
    if (stale.length > 0) {
      const others = this.useCases.filter((u) => !stale.includes(u));
      this.problems.push(
        `promotional messages to someone who opted out risk $500–$1,500 each (TCPA). Wait for the opt-out reconciliation in ${this.options.to} (npm run failover -- --stack ${this.ctx.stack.stack} status), or move the other use cases now: ${others.length > 0 ? promoteCommand(this.ctx.stack.stack, this.options.to, { useCases: others, planned: this.options.planned }) : "(none)"}; or accept the risk: ${promoteCommand(this.ctx.stack.stack, this.options.to, { useCases: this.options.useCases, planned: this.options.planned, flags: ["--accept-stale-opt-outs"] })}`,
      );
    }
    return views;
  }

  /** Per use case and country: the target's figure next to the Region being left's declared one. */
  private compareThroughput(
    found: Record<string, DiscoveredPointer>,
    livePointers: Record<string, string>,
  ): Record<string, Record<string, CountryComparison>> {
    const result: Record<string, Record<string, CountryComparison>> = {};
    for (const [useCase, discovered] of Object.entries(found)) {
      const from = livePointers[useCase] ?? activeRegionOf(this.ctx.stack.active, useCase);
      const left =
        from === this.options.to
          ? undefined
          : declaredThroughput(this.ctx.stack.estate, from, useCase, this.options.throughput);
      result[useCase] = {};
      for (const [country, coverage] of Object.entries(discovered.coverage)) {
        result[useCase][country] = {
          target: coverage.throughput,
          ...(left ? { left: { region: from, throughput: left[country] } } : {}),
        };
      }
      if (left) {
        const drops = throughputDrops(
          Object.fromEntries(
            Object.entries(discovered.coverage).map(([c, v]) => [c, v.throughput]),
          ),
          left,
        );
        if (drops.length > 0) {
          this.warnings.push(
            `${useCase}: ${this.options.to} carries less than ${from} was built for: ${drops
              .map((d) => `${d.country} ${formatMps(d.mps)} (was ${formatMps(d.referenceMps)})`)
              .join(", ")}; expect queueing or throttling at peak`,
          );
        }
      }
    }
    return result;
  }

  /**
   * The record after this run: the target is never presumed down (it answered and sends now);
   * an unplanned promote adds the Regions it leaves. Unchanged Regions keep the generation.
   */
  private nextRecord(
    base: PresumedDownRecord,
    leaving: Record<string, string[]>,
    operator: string,
    at: string,
  ): PresumedDownRecord {
    const regions: Record<string, PresumedDownRegion> = { ...base.regions };
    delete regions[this.options.to];
    if (!this.options.planned) {
      for (const region of Object.keys(leaving)) {
        regions[region] ??= {
          since: at,
          by: operator,
          promoteId: this.promoteId,
          reason: `promote --to ${this.options.to} (${this.useCases.join(", ")})`,
        };
      }
    }
    const same =
      Object.keys(regions).sort().join() === Object.keys(base.regions).sort().join() &&
      base.generation > 0;
    if (same || (Object.keys(regions).length === 0 && base.generation === 0)) return base;
    return { generation: base.generation + 1, updatedAt: at, updatedBy: operator, regions };
  }

  /** This run's record for a use case, or the one already there when it describes the same pointer. */
  private promotionFor(
    useCase: string,
    pointerValue: string,
    targetValues: Map<string, string>,
    livePointers: Record<string, string>,
    run: { operator: string; startedAt: string },
  ): Promotion {
    const digest = pointerDigest(pointerValue);
    let existing: Promotion | undefined;
    try {
      const raw = targetValues.get(this.names.promotion(useCase));
      existing = raw === undefined ? undefined : parsePromotion(raw);
    } catch {
      existing = undefined;
    }
    if (existing && existing.pointerSha256 === digest) return existing;
    return {
      useCase,
      generation: (existing?.generation ?? 0) + 1,
      promoteId: this.promoteId,
      promotedBy: run.operator,
      promotedAt: run.startedAt,
      from: livePointers[useCase] ?? activeRegionOf(this.ctx.stack.active, useCase),
      to: this.options.to,
      planned: this.options.planned,
      pointerSha256: digest,
    };
  }

  /** What another writer left for a use case: the Region it names and who; undefined if unreadable. */
  private describeOther(
    after: Map<string, string>,
    useCase: string,
  ): { region: string; by: string } | undefined {
    const pointer = after.get(this.names.pointer(useCase));
    if (pointer === undefined) return undefined;
    let region: string;
    try {
      region = parsePointer(pointer).region;
    } catch {
      return undefined;
    }
    let by = "written by something else (pulumi up?)";
    try {
      const promotion = parsePromotion(after.get(this.names.promotion(useCase)) ?? "");
      if (
        promotion.promoteId !== this.promoteId &&
        promotion.pointerSha256 === pointerDigest(pointer)
      ) {
        by = `by ${promotion.promotedBy} (promote ${promotion.promoteId})`;
      }
    } catch {
      // Keep the generic wording.
    }
    return { region, by };
  }

  /** One brief attempt per Region being left; no lease (it is presumed down), no retries. */
  private async writeLeftRegions(
    regions: readonly string[],
    desired: Map<string, string>,
  ): Promise<Record<string, string>> {
    const skipped = new Set(this.options.skipRegions ?? []);
    const left = this.clients(
      this.ctx.stack.regions.filter((r) => !regions.includes(r)),
      this.options.leftRegionTimeoutMs ?? 2_000,
    );
    const once: Call = (fn) => fn();
    const result: Record<string, string> = {};
    await Promise.all(
      regions
        .filter((r) => !skipped.has(r))
        .map(async (region) => {
          try {
            await Promise.all(
              [...desired].map(([name, value]) =>
                writeParameter(left.ssm(region), name, value, once),
              ),
            );
            result[region] = "written";
          } catch (error) {
            result[region] = `not written: ${errorText(error)}`;
            this.warnings.push(
              `${region}: --also-write-left-region could not write there (${errorText(error)}); applications in ${region} keep its old pointer until it answers: re-run this promote then`,
            );
          }
        }),
    );
    return result;
  }
}

/** The report for a terminal. */
export function renderPromoteReport(report: PromoteReport): string {
  const lines = [
    `Promote ${report.useCases.join(", ")} of stack ${report.stack} to ${report.to}${report.planned ? " (planned)" : ""}, by ${report.operator}`,
    ...renderNotContacted(report),
    ...report.warnings.map((w) => `WARNING: ${w}`),
    "",
  ];
  const freshness = Object.values(report.freshness);
  if (freshness.length > 0) {
    lines.push(
      `Opt-out lists in ${report.to}:`,
      renderTable(
        ["use case", "list", "known opt-outs", "behind", "reconciled at", "state"],
        freshness.map((f) => [
          f.useCase,
          `${f.document?.listSize ?? "?"}`,
          `${f.document?.ledgerOptedOut ?? "?"}`,
          `${f.document?.behind ?? "?"}`,
          f.document?.reconciledAt ?? "never",
          f.state === "fresh" ? "fresh" : `${f.state.toUpperCase()} (${f.reason})`,
        ]),
      ),
      "",
    );
  }
  const throughputRows = Object.entries(report.throughput).flatMap(([useCase, byCountry]) =>
    Object.entries(byCountry).map(([country, c]) => [
      useCase,
      country,
      formatMps(c.target.mps),
      c.left ? `${formatMps(c.left.throughput?.mps)} (${c.left.region}, declared)` : "-",
    ]),
  );
  if (throughputRows.length > 0) {
    lines.push(
      renderTable(["use case", "country", `${report.to} carries`, "before"], throughputRows),
      "",
    );
  }
  if (report.outcome === "refused") {
    lines.push(
      `REFUSED: nothing was written. ${report.to} cannot take over:`,
      ...report.problems.map((p) => `  - ${p}`),
      "",
      `Run \`npm run failover -- --stack ${report.stack} status\` for the full readiness report.`,
    );
    return lines.join("\n");
  }
  lines.push(
    renderTable(
      ["use case", "pool", "configuration set", "protect configuration", "generation"],
      report.useCases.map((u) => [
        u,
        report.pointers[u].poolId,
        report.pointers[u].configurationSetName,
        report.pointers[u].protectConfigurationId,
        `${report.promotions[u].generation}`,
      ]),
    ),
    "",
    renderTable(
      ["Region", ...report.useCases],
      Object.entries(report.writes).map(([region, byUseCase]) => [
        region,
        ...report.useCases.map((u) => byUseCase[u]),
      ]),
    ),
    "",
  );
  for (const [region, result] of Object.entries(report.leftRegionWrites)) {
    lines.push(`--also-write-left-region ${region}: ${result}`);
  }
  const downBefore = Object.keys(report.presumedDown.before).sort().join(", ");
  const downAfter = Object.keys(report.presumedDown.after).sort().join(", ");
  if (downAfter !== downBefore) {
    lines.push(
      `Presumed down from now on: ${downAfter || "none"} (was ${downBefore || "none"}). Later commands will not contact ${downAfter ? "it" : "any"} until a failback (promote --planned back to it, or clear-presumed-down).`,
    );
  } else if (downAfter) lines.push(`Presumed down: ${downAfter}.`);
  const leftAlone = Object.entries(report.notContactedBecause)
    .filter(
      ([region, why]) =>
        why.some((w) => w.startsWith("being left")) && !(region in report.leftRegionWrites),
    )
    .map(([region]) => region);
  if (!report.planned && leftAlone.length > 0) {
    lines.push(
      `NOTE: applications in ${leftAlone.join(", ")} still read the pointer there, which names where they sent from: if only SMS is down there (SSM answers), re-run this command with --also-write-left-region so that they follow.`,
    );
  }
  if (report.outcome === "done") {
    lines.push(
      `Done: every contacted Region now points ${report.useCases.join(", ")} at ${report.to} (read back).`,
    );
  } else if (report.outcome === "conflict") {
    lines.push(
      "CONFLICT: another writer changed the pointers while this promote ran; the Regions disagree:",
      ...report.conflicts.map((c) => `  - ${c}`),
      "Agree with them which Region sends, then run exactly one of:",
      ...report.commands.map((c) => `  ${c}`),
    );
  } else {
    lines.push(
      "INCOMPLETE: some Regions still hold the old pointer:",
      ...report.problems.map((p) => `  - ${p}`),
      "Re-run the same command when they answer; it rewrites only what differs.",
    );
  }
  lines.push("", renderConfigHint(report.config.commands));
  return lines.join("\n");
}

/** Which Regions were left alone and why; the config-lag warning; notes on the pointers read. */
function renderNotContacted(report: PromoteReport): string[] {
  const lines =
    report.notContacted.length > 0
      ? [
          `Not contacted: ${report.notContacted.join(", ")} (no request was sent there${Object.keys(report.leftRegionWrites).length > 0 ? " but the --also-write-left-region writes below" : ""})`,
          ...Object.entries(report.notContactedBecause).map(
            ([region, why]) => `  - ${region}: ${why.join("; ")}`,
          ),
        ]
      : report.outcome === "refused"
        ? [] // Refused before the other Regions were needed: nothing to say about them.
        : ["Every Region was contacted (none is being left)."];
  if (report.configLagging.length > 0) {
    lines.push(
      `WARNING: the stack config lags the live pointers in ${report.to} (an earlier promote's \`pulumi config set\` was not run): ${report.configLagging
        .map((l) => `${l.useCase} sends from ${l.pointer}, config says ${l.config}`)
        .join("; ")}. Both Regions were treated as being left.`,
    );
  }
  lines.push(...report.notes.map((n) => `NOTE: ${n}`));
  return lines;
}
