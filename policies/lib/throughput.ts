/**
 * How many message parts per second (MPS) an originator, and a pool per destination country,
 * can send: AWS's documented default figures by originator type, replaced by the figure AWS
 * reports for an originator (`MessagingLimits.RateLimits` of DescribePhoneNumbers /
 * DescribeSenderIds) or by one the caller configures where AWS has raised it.
 *
 * Pure data and arithmetic (no Pulumi, no SDK), for the failover tool's readiness report and
 * for previews and policies. A message longer than one part (161 GSM characters, or 71 in
 * UCS-2) uses one part per segment, so messages per second are MPS divided by parts per
 * message.
 *
 * Sources: the AWS End User Messaging SMS User Guide and the AWS blog posts "How to Manage
 * Global Sending of SMS with Amazon Pinpoint", "Toll-free number registration", "10DLC
 * registration best practices" and "Sender ID registration".
 */

/** Originator types: AWS's `NumberType` values, and sender IDs. */
export const ORIGINATOR_KINDS = [
  "SHORT_CODE",
  "TEN_DLC",
  "TOLL_FREE",
  "LONG_CODE",
  "SIMULATOR",
  "SENDER_ID",
] as const;

/** One of {@link ORIGINATOR_KINDS}. */
export type OriginatorKind = (typeof ORIGINATOR_KINDS)[number];

/**
 * Default MPS of one originator by type, and the countries the figure is documented for
 * (`"*"`: any destination country).
 *
 * - Short code: starts at 100 MPS in the US (can be raised to thousands through AWS Support).
 * - 10DLC: 1 MPS per number until an MPS increase is requested; the campaign's allowance (set
 *   by the brand's vetting score, {@link TEN_DLC_CAMPAIGN_MPS}) caps it.
 * - Toll-free: 3 MPS (US).
 * - Sender ID: 10 MPS, counted per destination country.
 * - Long codes outside the US and simulator numbers: AWS states no figure; unknown unless AWS
 *   reports one or it is configured.
 */
export const DEFAULT_MPS: Readonly<
  Record<OriginatorKind, { readonly mps: number; readonly countries: readonly string[] } | null>
> = {
  SHORT_CODE: { mps: 100, countries: ["US"] },
  TEN_DLC: { mps: 1, countries: ["US"] },
  TOLL_FREE: { mps: 3, countries: ["US"] },
  LONG_CODE: null,
  SIMULATOR: null,
  SENDER_ID: { mps: 10, countries: ["*"] },
};

/** 10DLC brand vetting tiers (The Campaign Registry's score bands). */
export type TenDlcVetting = "HIGH" | "MEDIUM_HIGH" | "MEDIUM_LOW" | "BASIC" | "UNVETTED";

/**
 * AT&T's per-campaign MPS by vetting score (the strictest carrier limit published per
 * campaign): High (75–100) 75, Medium-High (50–74) 40, Medium-Low (1–49) 4, Basic (0,
 * vetting skipped) 0.2. For an unvetted brand (and Low Volume or Mixed campaigns) the sources
 * disagree: 1.25 MPS (75 per minute) in "10DLC registration best practices", 0.2 MPS for
 * Basic in the 10DLC FAQ; the stricter, 0.2, is used.
 */
export const TEN_DLC_CAMPAIGN_MPS: Readonly<Record<TenDlcVetting, number>> = {
  HIGH: 75,
  MEDIUM_HIGH: 40,
  MEDIUM_LOW: 4,
  BASIC: 0.2,
  UNVETTED: 0.2,
};

/** Where a figure comes from. */
export type ThroughputSource = "aws" | "configured" | "default" | "unknown";

/** An originator's MPS to one country, or undefined when nothing states it. */
export interface ThroughputFigure {
  readonly mps: number | undefined;
  readonly source: ThroughputSource;
}

/** One originator as the figures need it. */
export interface ThroughputOriginator {
  readonly kind: OriginatorKind;
  /** ISO 3166-1 alpha-2 country it sends to (a sender ID is registered per country). */
  readonly country: string;
  /** Id (`phone-…`, or the sender ID) and ARN, matched against {@link ThroughputSettings.byOriginator}. */
  readonly id?: string;
  readonly arn?: string;
  /** AWS's own figure, `MessagingLimits.RateLimits.SMS`, when it reports one. Default: none. */
  readonly awsMps?: number;
}

/** Figures to use instead of the defaults, e.g. after AWS raised a limit. Every field is optional. */
export interface ThroughputSettings {
  /** MPS by originator id or ARN. Default: none. */
  readonly byOriginator?: Readonly<Record<string, number>>;
  /** MPS by originator type, replacing {@link DEFAULT_MPS} in every country. Default: none. */
  readonly byKind?: Readonly<Partial<Record<OriginatorKind, number>>>;
  /**
   * The 10DLC campaign's allowance (see {@link TEN_DLC_CAMPAIGN_MPS}): caps every 10DLC
   * number's figure. Default: no cap beyond the per-number figure.
   */
  readonly tenDlcCampaignMps?: number;
}

/**
 * The default MPS of one originator of `kind` sending to `country`, or undefined when no
 * figure is documented for that type and country.
 */
export function defaultMps(kind: OriginatorKind, country: string): number | undefined {
  const entry = DEFAULT_MPS[kind];
  if (!entry) return undefined;
  return entry.countries.includes("*") || entry.countries.includes(country) ? entry.mps : undefined;
}

/**
 * One originator's MPS: a configured figure first (by id or ARN, then by type), then AWS's
 * reported figure, then the default; a 10DLC number is capped by the campaign's allowance.
 *
 * @param settings default `{}` (defaults and AWS's figures only)
 */
export function originatorMps(
  originator: ThroughputOriginator,
  settings: ThroughputSettings = {},
): ThroughputFigure {
  const configured =
    (originator.id !== undefined ? settings.byOriginator?.[originator.id] : undefined) ??
    (originator.arn !== undefined ? settings.byOriginator?.[originator.arn] : undefined) ??
    settings.byKind?.[originator.kind];
  let figure: ThroughputFigure =
    configured !== undefined
      ? { mps: configured, source: "configured" }
      : originator.awsMps !== undefined
        ? { mps: originator.awsMps, source: "aws" }
        : (() => {
            const mps = defaultMps(originator.kind, originator.country);
            return { mps, source: mps === undefined ? "unknown" : "default" } as ThroughputFigure;
          })();
  if (
    originator.kind === "TEN_DLC" &&
    settings.tenDlcCampaignMps !== undefined &&
    figure.mps !== undefined &&
    figure.mps > settings.tenDlcCampaignMps
  ) {
    figure = { mps: settings.tenDlcCampaignMps, source: "configured" };
  }
  return figure;
}

/** A pool's throughput to one country. */
export interface CountryThroughput extends ThroughputFigure {
  /** The originator the figure is from (the fastest that serves the country), if any. */
  readonly via?: ThroughputOriginator;
  /** Originators serving the country. */
  readonly originators: number;
}

/**
 * A pool's MPS per destination country: the fastest of its originators serving each country.
 * A pool sends each message from the highest-throughput member that serves the destination's
 * country and moves to another only when that one cannot send, so its members' figures are
 * not added up (adding them would overstate it). A country no originator serves has
 * `mps: 0`; one whose only originators have no stated figure has `mps: undefined`.
 *
 * @param originators the usable members (callers leave out those that cannot send)
 * @param countries every country to report, e.g. the use case's
 * @param settings default `{}`
 */
export function poolThroughput(
  originators: readonly ThroughputOriginator[],
  countries: readonly string[],
  settings: ThroughputSettings = {},
): Record<string, CountryThroughput> {
  const result: Record<string, CountryThroughput> = {};
  for (const country of countries) {
    const serving = originators.filter((o) => o.country === country);
    const figures = serving.map((originator) => ({
      ...originatorMps(originator, settings),
      via: originator,
      originators: serving.length,
    }));
    // An originator with no stated figure may be faster, but the report must not promise it.
    const known = figures.filter((f) => f.mps !== undefined);
    result[country] =
      known.length > 0
        ? known.reduce((best, f) => (f.mps! > best.mps! ? f : best))
        : (figures[0] ?? { mps: 0, source: "default", originators: 0 });
  }
  return result;
}

/** A country whose throughput would fall. */
export interface ThroughputDrop {
  readonly country: string;
  /** MPS in the compared (e.g. standby) pool; undefined when unknown. */
  readonly mps: number | undefined;
  /** MPS in the reference (e.g. active) pool; undefined when unknown. */
  readonly referenceMps: number | undefined;
}

/**
 * Countries where `candidate` carries less than `reference`, or where either figure is
 * unknown while the other is not (a drop cannot be ruled out).
 */
export function throughputDrops(
  candidate: Readonly<Record<string, ThroughputFigure>>,
  reference: Readonly<Record<string, ThroughputFigure>>,
): ThroughputDrop[] {
  const drops: ThroughputDrop[] = [];
  for (const country of Object.keys(reference).sort()) {
    const mps = candidate[country]?.mps;
    const referenceMps = reference[country].mps;
    if (mps === undefined && referenceMps === undefined) continue;
    if (mps === undefined || referenceMps === undefined || mps < referenceMps) {
      drops.push({ country, mps, referenceMps });
    }
  }
  return drops;
}

/** `3 MPS`, `0.2 MPS`, `? MPS` for display. */
export function formatMps(mps: number | undefined): string {
  if (mps === undefined) return "? MPS";
  return `${Number.isInteger(mps) ? mps : Number(mps.toFixed(2))} MPS`;
}
