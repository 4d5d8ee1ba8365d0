/**
 * The promote lease: at most one promote of an estate writes a Region at a time.
 *
 * SSM Parameter Store has no compare-and-swap, but `PutParameter` with `Overwrite: false`
 * fails with `ParameterAlreadyExists` when the parameter exists: creating
 * `/messaging/<namePrefix>/_failover/lease` is an atomic "take it if free". A promote creates it
 * in every Region it will write, in a fixed order (the target first, then by name), and deletes
 * it when done; a promote that finds it held by another run writes nothing and says who holds
 * it. A lease carries its expiry, so a run killed halfway blocks others for at most
 * {@link LEASE_TTL_MS}; taking over an expired (or `--break-lease`) lease overwrites it and
 * reads it back. That takeover is the one step that is not atomic (two runs taking over the
 * same expired lease at the same instant could both believe they hold it); the read-back of
 * every pointer after writing (promote.ts) catches what it lets through.
 */
import type { SSMClient } from "@aws-sdk/client-ssm";
import type { Call } from "./discovery";
import { createParameter, deleteParameter, readParameter, writeParameter } from "./pointers";

/** How long a lease holds without being released: far longer than a promote takes. */
export const LEASE_TTL_MS = 120_000;

/** SSM parameter of the lease (the same name in every Region). */
export function leaseParameterName(namePrefix: string): string {
  return `/messaging/${namePrefix}/_failover/lease`;
}

/** Who holds the lease, for what, until when. */
export interface Lease {
  readonly promoteId: string;
  /** AWS caller ARN or `user@host`. */
  readonly owner: string;
  /** The promote's target and use cases, to tell a colleague what is running. */
  readonly to: string;
  readonly useCases: readonly string[];
  readonly acquiredAt: string;
  readonly expiresAt: string;
}

/** The parameter value. */
export function renderLease(lease: Lease): string {
  return JSON.stringify({
    schema: 1,
    promoteId: lease.promoteId,
    owner: lease.owner,
    to: lease.to,
    useCases: lease.useCases,
    acquiredAt: lease.acquiredAt,
    expiresAt: lease.expiresAt,
  });
}

/** The lease a value holds, or undefined when it is not a lease document. */
export function parseLease(value: string | undefined): Lease | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed = JSON.parse(value) as Record<string, unknown>;
    const strings = ["promoteId", "owner", "to", "acquiredAt", "expiresAt"] as const;
    if (parsed?.schema !== 1 || strings.some((f) => typeof parsed[f] !== "string")) {
      return undefined;
    }
    if (!Array.isArray(parsed.useCases) || Number.isNaN(Date.parse(parsed.expiresAt as string))) {
      return undefined;
    }
    return parsed as unknown as Lease;
  } catch {
    return undefined;
  }
}

/** The lease is held by another run (or was taken over under us). */
export class LeaseHeldError extends Error {
  constructor(
    readonly region: string,
    readonly holder: Lease | undefined,
  ) {
    super(
      holder
        ? `${region}: another promote holds the lease: ${holder.owner}, promoting ${holder.useCases.join(", ")} to ${holder.to} since ${holder.acquiredAt} (expires ${holder.expiresAt})`
        : `${region}: another promote took the lease at the same moment`,
    );
    this.name = "LeaseHeldError";
  }
}

/** Options of {@link acquireLease}. */
export interface AcquireOptions {
  /** Default: `Date.now`. */
  readonly now?: () => number;
  /** Take the lease even if another run holds it and it has not expired. Default: false. */
  readonly breakLease?: boolean;
}

/** How the lease was obtained in one Region. */
export interface Acquired {
  /** The lease replaced (expired, unreadable or broken), if any. */
  readonly replaced?: Lease | "unreadable";
}

/**
 * Takes the lease in one Region.
 *
 * @throws LeaseHeldError when another run holds it
 */
export async function acquireLease(
  ssm: SSMClient,
  region: string,
  name: string,
  lease: Lease,
  call: Call,
  options: AcquireOptions = {},
): Promise<Acquired> {
  const now = options.now ?? Date.now;
  const value = renderLease(lease);
  for (let attempt = 0; attempt < 2; attempt++) {
    if (await createParameter(ssm, name, value, call)) return {};
    const current = await readParameter(ssm, name, call);
    if (current === undefined) continue; // released between the two calls: try again
    const holder = parseLease(current);
    // A retried create whose first attempt did land finds our own lease.
    if (holder?.promoteId === lease.promoteId) return {};
    if (holder && !options.breakLease && Date.parse(holder.expiresAt) > now()) {
      throw new LeaseHeldError(region, holder);
    }
    await writeParameter(ssm, name, value, call);
    if ((await readParameter(ssm, name, call)) !== value) {
      throw new LeaseHeldError(region, parseLease(await readParameter(ssm, name, call)));
    }
    return { replaced: holder ?? "unreadable" };
  }
  throw new LeaseHeldError(region, undefined);
}

/** How long an older run waits for a younger run's lease to be released. */
export const LEASE_WAIT_MS = 20_000;

/** Whether lease `a`'s run is older than `b`'s (so `a` waits and `b` gives up). */
export function olderRun(a: Lease, b: Lease): boolean {
  return (
    a.acquiredAt < b.acquiredAt || (a.acquiredAt === b.acquiredAt && a.promoteId < b.promoteId)
  );
}

/** Options of {@link acquireLeaseOrWait}. */
export interface WaitOptions extends AcquireOptions {
  /** Longest wait for a younger run's lease. Default: {@link LEASE_WAIT_MS}. */
  readonly waitMs?: number;
  /** Pause between attempts. Default: 250 ms. */
  readonly pollMs?: number;
}

/**
 * Takes the lease in one Region; when a younger run holds it, waits (up to `waitMs`) for it to
 * be released.
 *
 * @throws LeaseHeldError when an older run holds it, or a younger one does not let go in time
 */
export async function acquireLeaseOrWait(
  ssm: SSMClient,
  region: string,
  name: string,
  lease: Lease,
  call: Call,
  options: WaitOptions = {},
): Promise<Acquired> {
  const deadline = Date.now() + (options.waitMs ?? LEASE_WAIT_MS);
  for (;;) {
    try {
      return await acquireLease(ssm, region, name, lease, call, options);
    } catch (error) {
      const holder = error instanceof LeaseHeldError ? error.holder : undefined;
      if (!holder || !olderRun(lease, holder) || Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 250));
    }
  }
}

/**
 * Releases the lease in one Region if it is still ours. While it is young, nobody can have
 * taken it over, so it is deleted without reading it first (one round trip, not two).
 */
export async function releaseLease(
  ssm: SSMClient,
  name: string,
  lease: Lease,
  call: Call,
  now: () => number = Date.now,
): Promise<void> {
  const young = now() < Date.parse(lease.acquiredAt) + LEASE_TTL_MS / 2;
  if (!young && parseLease(await readParameter(ssm, name, call))?.promoteId !== lease.promoteId) {
    return;
  }
  await deleteParameter(ssm, name, call);
}
