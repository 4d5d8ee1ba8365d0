/**
 * The estate's sending capacity as declared: per Region, use case and destination country,
 * the message parts per second (MPS) its pool can send, from AWS's documented figures by
 * originator type (`components/sms/throughput.ts`) or the figures the stack configures where
 * AWS raised them; and the countries where a standby Region carries less than
 * `capacity.minStandbyShare` of the primary. Offline: AWS's own reported figures are the
 * failover tool's (`messaging failover status`), which asks AWS.
 *
 * Spares are left out (they join the pool only when swapped in), as are originators whose
 * type states no figure (long codes outside the US): the report never promises what AWS
 * does not.
 */
import {
  formatMps,
  poolThroughput,
  type CountryThroughput,
  type ThroughputOriginator,
  type ThroughputSettings,
} from "../components/sms/throughput";
import { estateRegions } from "./config/rules";

export { formatMps };
import type { EstateConfig } from "./config/schema";

/** One line of the capacity report. */
export interface CapacityRow {
  region: string;
  role: "primary" | "standby";
  useCase: string;
  country: string;
  /** MPS of the use case's pool to the country; undefined when no figure is stated. */
  mps: number | undefined;
  /** Where the figure comes from: `configured`, `default`, `unknown` (offline: never `aws`). */
  source: CountryThroughput["source"];
  /** Config key of the originator the figure is from, if any. */
  via?: string;
  /** Originators of the pool serving the country. */
  originators: number;
}

/** A country where a standby carries less than the configured share of the primary. */
export interface CapacityShortfall {
  useCase: string;
  country: string;
  standby: string;
  mps: number | undefined;
  primary: string;
  primaryMps: number | undefined;
  /** `standby / primary`, or undefined when either is unknown. */
  share: number | undefined;
}

/** The throughput settings the stack configures (`capacity`), with per-originator figures. */
function settingsOf(
  estate: EstateConfig,
  byOriginator: Record<string, number>,
): ThroughputSettings {
  return {
    byOriginator,
    byKind: estate.capacity.mpsByType,
    tenDlcCampaignMps: estate.capacity.tenDlcCampaignMps,
  };
}

/** The pool members of a use case in one Region, as the throughput model takes them. */
function membersOf(
  estate: EstateConfig,
  region: string,
  useCase: string,
  byOriginator: Record<string, number>,
): ThroughputOriginator[] {
  const block = estate.regions[region];
  if (!block) return [];
  const members: ThroughputOriginator[] = [];
  // Config keys identify the originators: `byOriginator` is keyed by them.
  for (const [key, number] of Object.entries(block.phoneNumbers)) {
    if (number.useCase !== useCase || number.spare) continue;
    if (number.mps !== undefined) byOriginator[key] = number.mps;
    members.push({ kind: number.numberType, country: number.country, id: key });
  }
  for (const [key, sender] of Object.entries(block.senderIds)) {
    if (sender.useCase !== useCase || sender.spare) continue;
    for (const country of sender.countries) members.push({ kind: "SENDER_ID", country, id: key });
  }
  for (const [key, adopted] of Object.entries(block.existingOriginators)) {
    if (adopted.useCase !== useCase || adopted.spare) continue;
    if (adopted.mps !== undefined) byOriginator[key] = adopted.mps;
    const kind = adopted.kind === "senderId" ? "SENDER_ID" : (adopted.numberType ?? "LONG_CODE");
    for (const country of adopted.countries) members.push({ kind, country, id: key });
  }
  return members;
}

/**
 * Capacity of every use case's pool in every Region of the estate, to each of the use case's
 * countries, in Region order (primary first), then use case and country.
 *
 * @param estate a validated estate
 */
export function estateCapacity(estate: EstateConfig): CapacityRow[] {
  const rows: CapacityRow[] = [];
  for (const region of estateRegions(estate)) {
    const role = region === estate.primaryRegion ? "primary" : "standby";
    for (const useCase of Object.keys(estate.useCases).sort()) {
      const byOriginator: Record<string, number> = {};
      const members = membersOf(estate, region, useCase, byOriginator);
      const countries = [...estate.useCases[useCase].countries].sort();
      const figures = poolThroughput(members, countries, settingsOf(estate, byOriginator));
      for (const country of countries) {
        const figure = figures[country];
        rows.push({
          region,
          role,
          useCase,
          country,
          mps: figure.mps,
          source: figure.source,
          via: figure.via?.id,
          originators: figure.originators,
        });
      }
    }
  }
  return rows;
}

/**
 * Countries where a standby's pool carries less than `estate.capacity.minStandbyShare` of
 * the primary's, or where the standby's figure is unknown while the primary's is not.
 *
 * @param estate a validated estate
 * @param rows its capacity. Default: {@link estateCapacity}(estate).
 */
export function standbyShortfalls(
  estate: EstateConfig,
  rows: readonly CapacityRow[] = estateCapacity(estate),
): CapacityShortfall[] {
  const share = estate.capacity.minStandbyShare;
  const primaryOf = new Map(
    rows.filter((r) => r.role === "primary").map((r) => [`${r.useCase}/${r.country}`, r] as const),
  );
  const out: CapacityShortfall[] = [];
  for (const row of rows) {
    if (row.role !== "standby") continue;
    const primary = primaryOf.get(`${row.useCase}/${row.country}`);
    if (!primary || primary.mps === undefined || primary.mps === 0) continue;
    const ratio = row.mps === undefined ? undefined : row.mps / primary.mps;
    if (ratio !== undefined && ratio >= share) continue;
    out.push({
      useCase: row.useCase,
      country: row.country,
      standby: row.region,
      mps: row.mps,
      primary: primary.region,
      primaryMps: primary.mps,
      share: ratio,
    });
  }
  return out;
}

/** One line per shortfall, for the preview. */
export function describeShortfall(shortfall: CapacityShortfall, minShare: number): string {
  const share =
    shortfall.share === undefined ? "an unknown share" : `${Math.round(shortfall.share * 100)}%`;
  return `${shortfall.useCase} to ${shortfall.country}: ${shortfall.standby} carries ${formatMps(shortfall.mps)}, ${share} of ${shortfall.primary}'s ${formatMps(shortfall.primaryMps)} (below ${Math.round(minShare * 100)}%); add or raise originators in ${shortfall.standby} before a failover needs them`;
}
