/**
 * `clear-presumed-down <region>`: the deliberate end of an outage for one Region. It checks
 * that the Region answers (SSM and SMS), then writes the presumed-down record without it into
 * every Region not presumed down, the recovered one included, under the promote lease, and
 * reads it back. Pointers are not touched: the Region's own pointers may still name where it
 * sent from before the outage; `status` then says so and which promote makes them agree.
 */
import { randomUUID } from "node:crypto";
import { DescribePoolsCommand } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { errorText } from "../../lambda/lib/opt-out-sync";
import {
  presumedDownParameterName,
  renderPresumedDown,
} from "../../components/failover/presumed-down";
import { callerFor, clientsFor, type FailoverContext, withCredentials } from "./context";
import {
  acquireLeaseOrWait,
  type Lease,
  LEASE_TTL_MS,
  LeaseHeldError,
  leaseParameterName,
  releaseLease,
} from "./lease";
import { callerIdentity } from "./operator";
import { readParameters, writeParameter } from "./pointers";
import { readPresumedDown } from "./presumed-down";
import { PromoteUsageError } from "./promote";

/** What {@link clearPresumedDown} did. */
export interface ClearReport {
  readonly stack: string;
  readonly region: string;
  /** `done`: every Region reached holds the cleared record; `not presumed down`: nothing to do. */
  readonly outcome: "done" | "not presumed down" | "refused" | "incomplete";
  /** Per Region: `written`, `unchanged`, or why not. */
  readonly writes: Record<string, string>;
  /** Regions still presumed down afterwards. */
  readonly stillDown: string[];
  readonly problems: string[];
}

/** Clears `region` from the presumed-down record. */
export async function clearPresumedDown(
  baseCtx: FailoverContext,
  region: string,
): Promise<ClearReport> {
  const { stack } = baseCtx;
  if (!stack.regions.includes(region)) {
    throw new PromoteUsageError(
      `${region} is not a Region of the estate (${stack.regions.join(", ")})`,
    );
  }
  const ctx = await withCredentials(baseCtx);
  const now = ctx.now ?? Date.now;
  const call = callerFor(ctx);
  const view = await readPresumedDown(ctx);
  const base = { stack: stack.stack, region, writes: {} as Record<string, string> };
  const stillDown = Object.keys(view.record.regions)
    .filter((r) => r !== region)
    .sort();
  if (!view.record.regions[region]) {
    return { ...base, outcome: "not presumed down", stillDown, problems: [] };
  }
  const targets = stack.regions.filter((r) => !stillDown.includes(r)).sort();
  const clients = clientsFor(ctx, stillDown);
  const recordName = presumedDownParameterName(stack.estate.namePrefix);
  const leaseName = leaseParameterName(stack.estate.namePrefix);
  const held: string[] = [];
  const problems: string[] = [];
  let lease: Lease | undefined;
  try {
    // The Region must answer both services before anyone is told it is healthy.
    try {
      await Promise.all([
        call(() => clients.sms(region).send(new DescribePoolsCommand({ MaxResults: 1 }))),
        readParameters(clients.ssm(region), [recordName], call),
      ]);
    } catch (error) {
      return {
        ...base,
        outcome: "refused",
        stillDown: [...stillDown, region].sort(),
        problems: [`${region} does not answer yet (${errorText(error)}); nothing was changed`],
      };
    }
    const who = await callerIdentity(clients.sts(region), ctx.localOperator);
    const at = new Date(now()).toISOString();
    lease = {
      promoteId: randomUUID(),
      owner: who.operator,
      to: region,
      useCases: [],
      acquiredAt: at,
      expiresAt: new Date(now() + LEASE_TTL_MS).toISOString(),
    };
    const regions = { ...view.record.regions };
    delete regions[region];
    const value = renderPresumedDown({
      generation: view.record.generation + 1,
      updatedAt: at,
      updatedBy: who.operator,
      regions,
    });
    for (const target of targets) {
      try {
        await acquireLeaseOrWait(clients.ssm(target), target, leaseName, lease, call, { now });
        held.push(target);
      } catch (error) {
        if (error instanceof LeaseHeldError) {
          return {
            ...base,
            outcome: "refused",
            stillDown: [...stillDown, region].sort(),
            problems: [`${error.message}; nothing was changed. Run this again once it is done`],
          };
        }
        base.writes[target] = `not written: ${errorText(error)}`;
      }
    }
    await Promise.all(
      held.map(async (target) => {
        try {
          await writeParameter(clients.ssm(target), recordName, value, call);
          const back = await readParameters(clients.ssm(target), [recordName], call);
          base.writes[target] = back.get(recordName) === value ? "written" : "changed meanwhile";
        } catch (error) {
          base.writes[target] = `not written: ${errorText(error)}`;
        }
      }),
    );
  } finally {
    await Promise.all(
      held.map((target) =>
        releaseLease(clients.ssm(target), leaseName, lease!, call, now).catch(() => undefined),
      ),
    );
    clients.destroy();
  }
  for (const [target, result] of Object.entries(base.writes)) {
    if (result !== "written") problems.push(`${target}: ${result}`);
  }
  return {
    ...base,
    outcome: problems.length === 0 ? "done" : "incomplete",
    stillDown,
    problems: problems.sort(),
  };
}

/** The report for a terminal. */
export function renderClearReport(report: ClearReport): string {
  const lines = [`Clear ${report.region} from the presumed-down record of stack ${report.stack}`];
  for (const [region, result] of Object.entries(report.writes).sort()) {
    lines.push(`  ${region}: ${result}`);
  }
  if (report.outcome === "not presumed down") {
    lines.push(`${report.region} is not presumed down: nothing to do.`);
  } else if (report.outcome === "refused") {
    lines.push("REFUSED:", ...report.problems.map((p) => `  - ${p}`));
  } else if (report.outcome === "incomplete") {
    lines.push(
      "INCOMPLETE: some Regions still hold the old record:",
      ...report.problems.map((p) => `  - ${p}`),
      "Run the same command again when they answer.",
    );
  } else {
    lines.push(
      `Done: ${report.region} is no longer presumed down; commands contact it again.`,
      `Next: \`npm run failover -- --stack ${report.stack} status\` (its pointers may still name the Region it sent from before the outage; status gives the promote that makes every Region agree).`,
    );
  }
  if (report.stillDown.length > 0)
    lines.push(`Still presumed down: ${report.stillDown.join(", ")}.`);
  return lines.join("\n");
}
