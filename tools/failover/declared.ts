/**
 * What a Region can carry per country according to the stack config (its non-spare
 * originators), for the Region a promote leaves: it is never contacted, so its live figures
 * are unknown, and the config says what it was built to carry.
 */
import {
  type CountryThroughput,
  type OriginatorKind,
  poolThroughput,
  type ThroughputOriginator,
  type ThroughputSettings,
} from "../../components/sms/throughput";
import type { EstateConfig } from "../../stacks/config/schema";

/** The non-spare originators `region` declares for `useCase`, one per country they serve. */
export function declaredOriginators(
  estate: EstateConfig,
  region: string,
  useCase: string,
): ThroughputOriginator[] {
  const block = estate.regions[region];
  if (!block) return [];
  const out: ThroughputOriginator[] = [];
  for (const [key, number] of Object.entries(block.phoneNumbers)) {
    if (number.useCase !== useCase || number.spare) continue;
    out.push({ kind: number.numberType, country: number.country, id: key });
  }
  for (const [key, sender] of Object.entries(block.senderIds)) {
    if (sender.useCase !== useCase || sender.spare) continue;
    for (const country of sender.countries) out.push({ kind: "SENDER_ID", country, id: key });
  }
  for (const [key, existing] of Object.entries(block.existingOriginators)) {
    if (existing.useCase !== useCase || existing.spare) continue;
    const kind: OriginatorKind =
      existing.kind === "senderId" ? "SENDER_ID" : (existing.numberType ?? "LONG_CODE");
    for (const country of existing.countries) out.push({ kind, country, id: key });
  }
  return out;
}

/**
 * Per country of `useCase`: the throughput `region`'s config declares.
 *
 * @param settings throughput overrides; default `{}`
 */
export function declaredThroughput(
  estate: EstateConfig,
  region: string,
  useCase: string,
  settings: ThroughputSettings = {},
): Record<string, CountryThroughput> {
  return poolThroughput(
    declaredOriginators(estate, region, useCase),
    estate.useCases[useCase].countries,
    settings,
  );
}
