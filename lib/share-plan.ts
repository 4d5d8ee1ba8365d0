/**
 * Who receives which use case in which Region over AWS RAM: the plan the sharing
 * components declare and the config validation checks. Pure: no Pulumi, no I/O; it reads
 * any object shaped like the estate's `secondaryAccounts`.
 */
import { own, ownOrInit } from "./own";

/** One principal of a share: a secondary account's name and what RAM is given. */
export interface SharePrincipal {
  /** The secondary account's name (its key under `secondaryAccounts`). */
  name: string;
  /** A 12-digit account id, or an organization or OU ARN. */
  principal: string;
  /** The account is outside the owner's organization (the share must allow external principals). */
  external: boolean;
}

/** Per Region (estate order), per use case (sorted): the principals it is shared with (sorted by name). */
export type SharePlan = Record<string, Record<string, SharePrincipal[]>>;

/** What the plan needs to know of a secondary account. */
export interface SharingPrincipal {
  /** One account (12 digits); give this or `principal`. */
  readonly account?: string;
  /** An organization or OU ARN; give this or `account`. */
  readonly principal?: string;
  /** False when the account is outside the owner's organization. Default: true. */
  readonly inOrganization?: boolean;
  /** Per Region, the use cases it may send. */
  readonly regions: Readonly<Record<string, { readonly useCases: readonly string[] }>>;
}

/** What RAM is given for a secondary account: its account id or its organization/OU ARN. */
export function principalOf(secondary: SharingPrincipal): string {
  return secondary.account ?? secondary.principal ?? "";
}

/**
 * Who gets what, in which Region. Only Regions and use cases that something is shared in
 * appear, so a Region nobody receives has no share at all.
 *
 * @param secondaryAccounts - by name; no default.
 * @param regions - the estate's Regions in order (primary first); no default.
 */
export function sharePlan(
  secondaryAccounts: Readonly<Record<string, SharingPrincipal>>,
  regions: readonly string[],
): SharePlan {
  const plan: SharePlan = {};
  const names = Object.keys(secondaryAccounts).sort();
  for (const region of regions) {
    const byUseCase: Record<string, SharePrincipal[]> = {};
    for (const name of names) {
      const secondary = secondaryAccounts[name];
      for (const useCase of own(secondary.regions, region)?.useCases ?? []) {
        ownOrInit(byUseCase, useCase, (): SharePrincipal[] => []).push({
          name,
          principal: principalOf(secondary),
          external: secondary.inOrganization === false,
        });
      }
    }
    const useCases = Object.keys(byUseCase).sort();
    if (useCases.length > 0) {
      plan[region] = Object.fromEntries(useCases.map((u) => [u, byUseCase[u]]));
    }
  }
  return plan;
}

/** Use cases a secondary account receives in at least one Region, sorted. */
export function sharedUseCasesOf(secondary: SharingPrincipal): string[] {
  return [...new Set(Object.values(secondary.regions).flatMap((r) => r.useCases))].sort();
}
