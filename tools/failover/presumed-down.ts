/**
 * Reading the presumed-down record (components/failover/presumed-down.ts) when no Region is
 * known to be healthy (status, sync-opt-outs): every Region's copy is read at once, and the
 * wait ends as soon as every Region has either answered or is named presumed down by the
 * current record among the answers. A presumed-down Region's read is then abandoned: it costs
 * at most that one request, never a timeout, and nothing else is sent there. (A promote needs
 * none of this: it reads the record in its target, which must be healthy anyway.)
 */
import { GetParametersCommand } from "@aws-sdk/client-ssm";
import { errorText } from "../../lambda/lib/opt-out-sync";
import {
  latestPresumedDown,
  NO_REGION_PRESUMED_DOWN,
  parsePresumedDown,
  type PresumedDownRecord,
  presumedDownParameterName,
} from "../../components/failover/presumed-down";
import { callerFor, clientsFor, type FailoverContext } from "./context";
import { leaseParameterName, type Lease, parseLease } from "./lease";

/** What the Regions said. */
export interface PresumedDownView {
  /** The current record (highest generation among the copies read). */
  readonly record: PresumedDownRecord;
  /** Regions whose copy was read: its generation (0: none there). */
  readonly copies: Record<string, number>;
  /** Regions not presumed down whose copy could not be read, with the error. */
  readonly unreachable: Record<string, string>;
  /** Leases found (a promote running, or one that died before releasing), by Region. */
  readonly leases: Record<string, Lease>;
}

/**
 * Reads the record in every Region of the stack except `skipRegions`.
 *
 * @param skipRegions Regions not to contact at all; default none
 */
export async function readPresumedDown(
  ctx: FailoverContext,
  skipRegions: Iterable<string> = [],
): Promise<PresumedDownView> {
  const skipped = new Set(skipRegions);
  const regions = ctx.stack.regions.filter((r) => !skipped.has(r));
  const names = [
    presumedDownParameterName(ctx.stack.estate.namePrefix),
    leaseParameterName(ctx.stack.estate.namePrefix),
  ];
  const clients = clientsFor(ctx);
  const call = callerFor(ctx);
  const aborts = new Map(regions.map((r) => [r, new AbortController()]));
  const records = new Map<string, PresumedDownRecord>();
  const copies: Record<string, number> = {};
  const unreachable: Record<string, string> = {};
  const leases: Record<string, Lease> = {};
  const settled = new Set<string>();
  try {
    await new Promise<void>((resolve) => {
      const check = () => {
        const current = latestPresumedDown([...records.values()]);
        if (regions.every((r) => settled.has(r) || current.regions[r])) resolve();
      };
      for (const region of regions) {
        call(() =>
          clients.ssm(region).send(new GetParametersCommand({ Names: names }), {
            abortSignal: aborts.get(region)!.signal,
          }),
        ).then(
          (answer) => {
            const values = new Map(
              (answer.Parameters ?? []).map((p) => [p.Name ?? "", p.Value ?? ""]),
            );
            const raw = values.get(names[0]);
            let record = NO_REGION_PRESUMED_DOWN;
            try {
              record = raw === undefined ? record : parsePresumedDown(raw);
            } catch {
              // An unreadable copy says nothing; the others decide.
            }
            records.set(region, record);
            copies[region] = record.generation;
            const lease = parseLease(values.get(names[1]));
            if (lease) leases[region] = lease;
            settled.add(region);
            check();
          },
          (error: unknown) => {
            if (!aborts.get(region)!.signal.aborted) unreachable[region] = errorText(error);
            settled.add(region);
            check();
          },
        );
      }
      check();
    });
  } finally {
    const record = latestPresumedDown([...records.values()]);
    for (const region of regions) {
      if (!settled.has(region) || record.regions[region]) aborts.get(region)!.abort();
    }
    clients.destroy();
  }
  const record = latestPresumedDown([...records.values()]);
  for (const region of Object.keys(record.regions)) delete unreachable[region];
  return { record, copies, unreachable, leases };
}

/**
 * The Regions a command must leave alone because the estate presumes them down, each with a
 * one-line reason (for sync-opt-outs and any other command that contacts every Region).
 *
 * @param skipRegions Regions the command already skips (not contacted here either); default none
 */
export async function presumedDownRegions(
  ctx: FailoverContext,
  skipRegions: Iterable<string> = [],
): Promise<Record<string, string>> {
  const { record } = await readPresumedDown(ctx, skipRegions);
  return Object.fromEntries(
    Object.entries(record.regions).map(([region, entry]) => [
      region,
      `presumed down since ${entry.since} (${entry.reason}, by ${entry.by}); clear with \`npm run failover -- --stack ${ctx.stack.stack} clear-presumed-down ${region}\` once it is healthy`,
    ]),
  );
}
