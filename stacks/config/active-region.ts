/**
 * Which Region each use case sends from: `messaging:activeRegion` (one Region for every use
 * case) and `messaging:activeRegionOverrides` (use case → Region). Plain config keys beside
 * `messaging:estate`, so an on-call engineer flips them with one `pulumi config set` and the
 * estate object stays untouched. Validated before any resource is declared.
 */
import { activeRegionOf, type ActiveRegions } from "../../lib/active-regions";
import { own, setOwn } from "../../lib/own";
import { estateRegions } from "./rules";
import type { EstateConfig } from "./schema";
import { describeValue, quote, quoteName } from "./text";

/** Config key of the Region every use case sends from. Default: the estate's primaryRegion. */
export const ACTIVE_REGION_KEY = "messaging:activeRegion";
/** Config key of per-use-case exceptions (use case → Region). Default: none. */
export const ACTIVE_REGION_OVERRIDES_KEY = "messaging:activeRegionOverrides";

export { activeRegionOf, type ActiveRegions };

/** The active-region keys are invalid; the message names each key and the fix. */
export class ActiveRegionConfigError extends Error {
  constructor(
    readonly problems: readonly string[],
    readonly source = "stack configuration",
  ) {
    super(
      `${source} has ${problems.length} active-region problem${problems.length === 1 ? "" : "s"}:\n` +
        problems.map((p) => `  - ${p}`).join("\n"),
    );
    this.name = "ActiveRegionConfigError";
  }
}

/** The primary Region for every use case: what a stack without the keys gets. */
export function defaultActiveRegions(estate: EstateConfig): ActiveRegions {
  return { default: estate.primaryRegion, overrides: {} };
}

/**
 * Validates the two keys against the estate.
 *
 * @param raw `activeRegion` as a string (absent: the primary Region) and `overrides` as an
 *   object (absent: none), as `pulumi.Config` or a stack file gives them
 * @param source names the stack in the error. Default: "stack configuration".
 * @throws ActiveRegionConfigError listing every problem with its key
 */
export function parseActiveRegions(
  estate: EstateConfig,
  raw: { activeRegion?: unknown; overrides?: unknown },
  source?: string,
): ActiveRegions {
  const regions = estateRegions(estate);
  const problems: string[] = [];
  const checkRegion = (key: string, value: unknown): value is string => {
    if (typeof value === "string" && regions.includes(value)) return true;
    problems.push(
      `${key}: ${describeValue(value)} is not a Region of the estate; use one of ${regions.join(", ")} ` +
        `(pulumi config set ${key.startsWith(ACTIVE_REGION_OVERRIDES_KEY) ? `--path '${key}'` : key} ${regions[0]})`,
    );
    return false;
  };

  let active = estate.primaryRegion;
  if (raw.activeRegion !== undefined && raw.activeRegion !== "") {
    if (checkRegion(ACTIVE_REGION_KEY, raw.activeRegion)) active = raw.activeRegion;
  }

  const overrides: Record<string, string> = {};
  if (raw.overrides !== undefined && raw.overrides !== null) {
    if (typeof raw.overrides !== "object" || Array.isArray(raw.overrides)) {
      problems.push(
        `${ACTIVE_REGION_OVERRIDES_KEY}: must be an object of use case → Region, e.g. { otp: ${regions[0]} }`,
      );
    } else {
      for (const [useCase, region] of Object.entries(raw.overrides as Record<string, unknown>)) {
        const key = `${ACTIVE_REGION_OVERRIDES_KEY}.${quoteName(useCase)}`;
        if (!own(estate.useCases, useCase)) {
          problems.push(
            `${key}: unknown use case ${quote(useCase)}; use one of ${Object.keys(estate.useCases).sort().join(", ")}`,
          );
        } else if (checkRegion(key, region)) {
          setOwn(overrides, useCase, region);
        }
      }
    }
  }
  if (problems.length > 0) throw new ActiveRegionConfigError(problems, source);
  return { default: active, overrides };
}

/** Reads the two keys from a stack file's flat `config:` map and validates them. */
export function activeRegionsFromStackConfig(
  estate: EstateConfig,
  config: Readonly<Record<string, unknown>>,
  source?: string,
): ActiveRegions {
  return parseActiveRegions(
    estate,
    { activeRegion: config[ACTIVE_REGION_KEY], overrides: config[ACTIVE_REGION_OVERRIDES_KEY] },
    source,
  );
}
