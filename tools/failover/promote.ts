/**
 * `promote --to <region>`: points every use case (or the chosen ones) at `<region>` by
 * rewriting the pointer parameter in every Region except the one being left, which is never
 * contacted (it is presumed failed: a call could hang or, worse, half-succeed). The Regions
 * being left are those the stack's config names and those the target's live pointers name
 * (see leaving.ts): the config lags the pointers until `pulumi config set` is run.
 *
 * The pointer is built from the target Region's own resources (Describe calls there), so
 * it is refused, with nothing written, when the target cannot send the use case. Regions
 * are written independently; a Region that fails is reported and the others proceed.
 * Re-running is safe: a pointer that already holds the value is not rewritten.
 */
import { errorText } from "../../lambda/lib/opt-out-sync";
import { type ActivePointer, renderPointer } from "../../components/failover/pointer-document";
import type { ActiveRegions } from "../../stacks/config/active-region";
import { activeByUseCase, configCommands, normaliseActive, renderConfigHint } from "./config-hint";
import type { RegionClients } from "./clients";
import { callerFor, clientsFor, type FailoverContext } from "./context";
import { discoverPointer } from "./discovery";
import { configLagging, regionsBeingLeft } from "./leaving";
import { writeParameterIfChanged } from "./pointers";
import { pointerName, useCasePhysicalName } from "./stack";
import { renderTable } from "./table";
import { FailoverUsageError } from "./usage-error";

/** Options of {@link promote}. */
export interface PromoteOptions {
  /** Region to send from. */
  readonly to: string;
  /** Use cases to move. Default: all. */
  readonly useCases?: readonly string[];
  /**
   * Further Regions not to contact (known to be down). The Region each moved use case is
   * leaving is never contacted regardless. Default: none.
   */
  readonly skipRegions?: readonly string[];
  /**
   * A planned move (e.g. failing back): the Region being left is healthy, so its pointer is
   * rewritten too. Default: false (it is presumed failed and never contacted).
   */
  readonly planned?: boolean;
}

/** Outcome of one pointer write. */
export type PointerWrite = "written" | "unchanged" | "failed" | "not contacted";

/** What {@link promote} did. */
export interface PromoteReport {
  readonly stack: string;
  readonly to: string;
  readonly useCases: string[];
  /** Regions not contacted, sorted. */
  readonly notContacted: string[];
  /** Why each Region was not contacted (being left per config or live pointers, or skipped). */
  readonly notContactedBecause: Record<string, string[]>;
  /** Use cases whose live pointer in the target names another Region than the config. */
  readonly configLagging: { useCase: string; config: string; pointer: string }[];
  /** Pointers in the target that were absent or unreadable (only the config was used). */
  readonly notes: string[];
  /** The pointers written, by use case (empty when refused). */
  readonly pointers: Record<string, ActivePointer>;
  /** Per Region, per use case. */
  readonly writes: Record<string, Record<string, PointerWrite>>;
  /** What is degraded in the target but does not stop it sending (e.g. a pool member not ACTIVE). */
  readonly warnings: string[];
  /** Why the promotion was refused or a Region failed. */
  readonly problems: string[];
  /** Nothing was written because the target cannot send. */
  readonly refused: boolean;
  /** Every contacted Region now points at the target. */
  readonly complete: boolean;
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

/** Runs the promotion. */
export async function promote(
  ctx: FailoverContext,
  options: PromoteOptions,
): Promise<PromoteReport> {
  const { stack } = ctx;
  const { to } = options;
  if (!stack.regions.includes(to)) {
    throw new PromoteUsageError(
      `--to ${to} is not a Region of the estate (${stack.regions.join(", ")})`,
    );
  }
  const useCases = [
    ...(options.useCases?.length ? new Set(options.useCases) : stack.useCases),
  ].sort();
  const unknown = useCases.filter((u) => !stack.useCases.includes(u));
  if (unknown.length > 0) {
    throw new PromoteUsageError(
      `unknown use case ${unknown.join(", ")}; the estate has ${stack.useCases.join(", ")}`,
    );
  }
  for (const region of options.skipRegions ?? []) {
    if (region === to)
      throw new PromoteUsageError(`--skip-region ${to} is the Region being promoted`);
  }

  const call = callerFor(ctx);
  const problems: string[] = [];
  const warnings: string[] = [];
  const pointers: Record<string, ActivePointer> = {};
  const writes: Record<string, Record<string, PointerWrite>> = {};
  // Phase 1 talks to the target alone (every other Region is forbidden): it is the one Region
  // known to be healthy, and which Regions are being left is not known until it has answered.
  const targetOnly = clientsFor(
    ctx,
    stack.regions.filter((r) => r !== to),
  );
  const clientSets: RegionClients[] = [targetOnly];
  try {
    const [leaving, discovered] = await Promise.all([
      regionsBeingLeft(stack, to, useCases, targetOnly.ssm(to), call, {
        planned: options.planned,
        skipRegions: options.skipRegions,
      }),
      Promise.allSettled(
        useCases.map((useCase) =>
          discoverPointer(
            targetOnly.sms(to),
            to,
            useCase,
            useCasePhysicalName(stack.estate.namePrefix, useCase),
            call,
          ),
        ),
      ),
    ]);
    problems.push(...leaving.problems);
    discovered.forEach((outcome, i) => {
      if (outcome.status === "fulfilled") {
        pointers[useCases[i]] = outcome.value.pointer;
        warnings.push(...outcome.value.warnings);
      } else problems.push(`${useCases[i]} cannot send from ${to}: ${errorText(outcome.reason)}`);
    });
    const notContacted = Object.keys(leaving.notContacted);
    const writers = clientsFor(ctx, notContacted);
    clientSets.push(writers);
    const refused = problems.length > 0;
    const contacted = stack.regions.filter((r) => !notContacted.includes(r));
    for (const region of stack.regions) {
      writes[region] = Object.fromEntries(
        useCases.map((u): [string, PointerWrite] => [
          u,
          notContacted.includes(region) ? "not contacted" : "failed",
        ]),
      );
    }
    if (!refused) {
      // Every Region and use case at once: the critical path is one read and one write.
      await Promise.all(
        contacted.flatMap((region) =>
          useCases.map(async (useCase) => {
            try {
              writes[region][useCase] = await writeParameterIfChanged(
                writers.ssm(region),
                pointerName(stack, useCase),
                renderPointer(pointers[useCase]),
                call,
              );
            } catch (error) {
              problems.push(`${region}: pointer of ${useCase} not written: ${errorText(error)}`);
            }
          }),
        ),
      );
    }
    const regionOf = { ...activeByUseCase(stack.active, stack.useCases) };
    if (!refused) for (const useCase of useCases) regionOf[useCase] = to;
    const after = normaliseActive(regionOf, stack.active.default);
    return {
      stack: stack.stack,
      to,
      useCases,
      notContacted,
      notContactedBecause: leaving.notContacted,
      configLagging: configLagging(stack, leaving),
      notes: leaving.notes,
      pointers: refused ? {} : pointers,
      writes,
      problems: problems.sort(),
      warnings: warnings.sort(),
      refused,
      complete:
        !refused &&
        contacted.every((r) =>
          useCases.every((u) => ["written", "unchanged"].includes(writes[r][u])),
        ),
      config: { after, commands: refused ? [] : configCommands(stack.stack, stack.active, after) },
    };
  } finally {
    for (const set of clientSets) set.destroy();
  }
}

/** The report for a terminal. */
export function renderPromoteReport(report: PromoteReport): string {
  const lines = [
    `Promote ${report.useCases.join(", ")} of stack ${report.stack} to ${report.to}`,
    ...renderNotContacted(report),
    ...report.warnings.map((w) => `WARNING: ${w}`),
    "",
  ];
  if (report.refused) {
    lines.push(
      `REFUSED: nothing was written. ${report.to} cannot take over:`,
      ...report.problems.map((p) => `  - ${p}`),
      "",
      "Run `npm run failover -- status` for the full readiness report.",
    );
    return lines.join("\n");
  }
  lines.push(
    renderTable(
      ["use case", "pool", "configuration set", "protect configuration"],
      report.useCases.map((u) => [
        u,
        report.pointers[u].poolId,
        report.pointers[u].configurationSetName,
        report.pointers[u].protectConfigurationId,
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
  if (report.complete) {
    lines.push(
      `Done: every contacted Region now points ${report.useCases.join(", ")} at ${report.to}.`,
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
          `Not contacted: ${report.notContacted.join(", ")} (no request was sent there)`,
          ...Object.entries(report.notContactedBecause).map(
            ([region, why]) => `  - ${region}: ${why.join("; ")}`,
          ),
        ]
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
