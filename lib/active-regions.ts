/**
 * Which Region each use case sends from: one Region for every use case, with exceptions
 * per use case. Shared by the failover component (which writes the pointers) and the
 * config (which validates `messaging:activeRegion`). Pure: no Pulumi, no I/O.
 */
import { own } from "./own";

/** Where the use cases send from. */
export interface ActiveRegions {
  /** Region of every use case without an override. */
  readonly default: string;
  /** Exceptions by use case. Default: none. */
  readonly overrides: Readonly<Record<string, string>>;
}

/** Region a use case sends from. */
export function activeRegionOf(active: ActiveRegions, useCase: string): string {
  return own(active.overrides, useCase) ?? active.default;
}

/**
 * Primary first, then the standbys in alphabetical order, whatever order they were listed
 * in: this list reaches resource inputs (the opt-out functions' settings), so its order
 * must not depend on how the caller wrote it.
 *
 * @param primaryRegion - the Region that sends today.
 * @param standbyRegions - Regions kept ready to take over; default none.
 */
export function orderedRegions(
  primaryRegion: string,
  standbyRegions: readonly string[] = [],
): string[] {
  return [primaryRegion, ...[...new Set(standbyRegions)].filter((r) => r !== primaryRegion).sort()];
}
