/**
 * Renderers for SES warm-up plans: CSV and JSON for spreadsheets and scripts, SVG for
 * reviews. The chart is declared in Vega-Lite and rendered by Vega headlessly (no browser),
 * so the drawing (axes, legend, stacking) is the libraries' job rather than string-building.
 */
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { MAILBOX_PROVIDERS, addDays, daysBetween, todaysCap, type WarmupPlan } from "./warmup-plan";

/**
 * The plan as CSV: header `day,date,<providers…>,total`, one row per day, `\n` line
 * endings and a trailing newline. No field needs quoting (dates, provider names and
 * integers only).
 *
 * @param plan - plan to render; no default.
 */
export function planToCsv(plan: WarmupPlan): string {
  const header = ["day", "date", ...MAILBOX_PROVIDERS, "total"].join(",");
  const rows = plan.days.map((d) =>
    [d.day, d.date, ...MAILBOX_PROVIDERS.map((p) => d.perProvider[p]), d.total].join(","),
  );
  return [header, ...rows].join("\n") + "\n";
}

/**
 * The whole plan (parameters, days, totals) as pretty-printed JSON with a trailing
 * newline, so the file diffs cleanly.
 *
 * @param plan - plan to render; no default.
 */
export function planToJson(plan: WarmupPlan): string {
  return JSON.stringify(plan, null, 2) + "\n";
}

/** A date to mark on the chart, e.g. today or the stack's pinned date. */
export interface AsOfMarker {
  /** ISO `yyyy-mm-dd`. */
  date: string;
  /** What the date is, shown beside it: e.g. `today`, `pinned`. */
  label: string;
}

/** Options for {@link planToSvg}. */
export interface SvgOptions {
  /** Chart title. Default: "SES warm-up plan (<tier>, from <startDate>)". */
  title?: string;
  /** Plot width in pixels. Default 720. */
  width?: number;
  /** Height of the stacked chart in pixels (the log-scale chart below is half as high). Default 300. */
  height?: number;
  /** A date to mark with a vertical line and its day's cap. Default: none. */
  asOf?: AsOfMarker;
}

const DAY_FORMAT = "%b %-d";
/** A y encoding of one field, with the panel's scale and axis. */
type YEncoding = (field: string) => Record<string, unknown> & { field: string };
const TARGET_COLOR = "#c0392b";
const MARKER_COLOR = "#1f2d3d";
const thousands = (n: number) => n.toLocaleString("en-US");

/** A whole number of days between ticks that keeps about a dozen labels on the axis. */
function dayTickStep(days: number): number {
  return [1, 2, 7, 14, 28, 56].find((step) => days / step <= 14) ?? 91;
}

/** Log-axis ticks: 1, 2 and 5 times the powers of ten from `min` to `max`. */
function logTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let power = 10 ** Math.floor(Math.log10(Math.max(min, 1))); power <= max * 10; power *= 10) {
    for (const m of [1, 2, 5]) {
      const value = m * power;
      if (value >= min / 2 && value <= max * 2) ticks.push(value);
    }
  }
  return ticks;
}

/**
 * The Vega-Lite spec for a plan: on top, a stacked area per provider over the days, so the
 * top edge is the daily total and each band is one provider's cap, with the target as a
 * dashed line; below, the daily total on a logarithmic scale, so the first week (a
 * thousandth of the target) reads as well as the last. Both share a date axis with a tick
 * on whole days, and mark `asOf` (e.g. today) when it falls on or near the plan.
 *
 * @param plan - plan to chart; no default.
 * @param options - see {@link SvgOptions}; default `{}`.
 */
export function planToVegaLiteSpec(plan: WarmupPlan, options: SvgOptions = {}): TopLevelSpec {
  const last = plan.days[plan.days.length - 1];
  // Each day's cap holds from its date to the next: a closing point one day after the last
  // gives the last day its width.
  const end = addDays(last.date, 1);
  const closing = { ...last, date: end };
  const days = [...plan.days, closing];
  const values = days.flatMap((d) =>
    MAILBOX_PROVIDERS.map((provider, order) => ({
      day: d.day,
      date: d.date,
      provider,
      order,
      volume: d.perProvider[provider],
    })),
  );
  const totals = days.map((d) => ({ day: d.day, date: d.date, total: d.total }));
  const title =
    options.title ?? `SES warm-up plan (${plan.engagementTier}, from ${plan.startDate})`;

  // The marked date, and whether it lies near enough to the plan to widen the axis for it.
  const span = plan.days.length;
  const slack = Math.max(7, Math.ceil(span / 4));
  const asOf = options.asOf;
  const offset = asOf ? daysBetween(plan.startDate, asOf.date) : 0;
  const markerShown = asOf !== undefined && offset >= -slack && offset <= span + slack;
  const domainStart = markerShown && offset < 0 ? asOf.date : plan.startDate;
  const domainEnd = markerShown && offset >= span ? addDays(asOf.date, 1) : end;
  const cap = asOf ? todaysCap(plan, asOf.date) : undefined;
  const capText = cap
    ? cap.phase === "before-start"
      ? "before the plan starts: no dedicated-IP sending yet"
      : cap.phase === "complete"
        ? `plan complete: ${thousands(cap.total)}/day (the target)`
        : `day ${cap.day}, ${thousands(cap.total)}/day`
    : "";
  const subtitle = [
    `target ${thousands(plan.targetDailyVolume)} messages/day, ${plan.reachedTarget ? `reached on day ${span} (${last.date})` : `not reached within ${span} days`}`,
    ...(asOf ? [`${asOf.label} ${asOf.date}: ${capText}`] : []),
  ];

  const width = options.width ?? 720;
  const height = options.height ?? 300;
  const tickStep = dayTickStep(daysBetween(domainStart, domainEnd));
  // Each tick names its date and its day of the plan: whole days (midnight UTC), every
  // `tickStep` days from the start, so day numbers run 1, 8, 15... rather than restarting
  // with each month.
  const startMs = Date.parse(`${plan.startDate}T00:00:00Z`);
  const firstTick = domainStart < plan.startDate ? daysBetween(plan.startDate, domainStart) : 0;
  const tickValues: number[] = [];
  for (let d = firstTick; d <= daysBetween(plan.startDate, domainEnd); d += tickStep) {
    tickValues.push(startMs + d * 86_400_000);
  }
  const x = (showTitle: boolean) => ({
    field: "date",
    type: "temporal" as const,
    timeUnit: "utcyearmonthdate" as const,
    title: showTitle ? "date (UTC) and day of the plan" : null,
    scale: { domain: [domainStart, domainEnd], type: "utc" as const },
    axis: {
      labelExpr: `[utcFormat(datum.value, '${DAY_FORMAT}'), (1 + round((datum.value - ${startMs}) / 86400000)) >= 1 ? 'day ' + (1 + round((datum.value - ${startMs}) / 86400000)) : 'before start']`,
      values: tickValues,
      labelAngle: 0,
      labelOverlap: true,
      grid: true,
    },
  });
  const markerLayers = (
    yLabel: number,
    baseline: "top" | "bottom",
    y: YEncoding,
    showTitle: boolean,
  ) =>
    markerShown && asOf
      ? [
          {
            data: { values: [{ date: asOf.date, text: `${asOf.label} ${asOf.date}` }] },
            mark: {
              type: "rule" as const,
              color: MARKER_COLOR,
              strokeWidth: 2,
              strokeDash: [4, 3],
            },
            encoding: { x: x(showTitle) },
          },
          {
            data: { values: [{ date: asOf.date, y: yLabel, text: `${asOf.label} ${asOf.date}` }] },
            mark: {
              type: "text" as const,
              color: MARKER_COLOR,
              align: "left" as const,
              baseline,
              dx: 4,
              dy: baseline === "top" ? 2 : -2,
              fontWeight: "bold" as const,
            },
            encoding: {
              x: x(showTitle),
              y: y("y"),
              text: { field: "text", type: "nominal" as const },
            },
          },
        ]
      : [];
  const targetLayers = (labelY: number, y: YEncoding, showTitle: boolean) => [
    {
      data: { values: [{ target: plan.targetDailyVolume }] },
      mark: { type: "rule" as const, color: TARGET_COLOR, strokeWidth: 2, strokeDash: [8, 4] },
      encoding: { y: y("target") },
    },
    {
      data: {
        values: [
          { date: domainStart, y: labelY, text: `target ${thousands(plan.targetDailyVolume)}/day` },
        ],
      },
      mark: {
        type: "text" as const,
        color: TARGET_COLOR,
        align: "left" as const,
        baseline: "bottom" as const,
        dx: 4,
        dy: -3,
        fontWeight: "bold" as const,
      },
      encoding: {
        x: x(showTitle),
        y: y("y"),
        text: { field: "text", type: "nominal" as const },
      },
    },
  ];

  const maxTotal = Math.max(...plan.days.map((d) => d.total), plan.targetDailyVolume);
  const linearTop = maxTotal * 1.15;
  const minTotal = Math.max(1, Math.min(...plan.days.map((d) => d.total).filter((t) => t > 0)));
  const ticks = logTicks(minTotal, maxTotal);
  const logTop = ticks[ticks.length - 1];
  // Every layer of a panel states the same scale and axis, so the merged axis keeps them.
  const yLinear: YEncoding = (field) => ({
    field,
    type: "quantitative",
    title: "messages per day",
    scale: { domain: [0, linearTop], nice: false },
    // ",.0f", not ",": with a bare "," Vega's tick formatter picks significant digits and
    // prints 2e+6.
    axis: { format: ",.0f", tickCount: 6 },
  });
  const yLog: YEncoding = (field) => ({
    field,
    type: "quantitative",
    title: "messages per day",
    scale: { type: "log", domain: [ticks[0], logTop], nice: false },
    axis: { format: ",.0f", values: ticks },
  });

  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: { text: title, subtitle, anchor: "start" },
    config: { view: { stroke: "#999" }, axis: { labelFontSize: 11, titleFontSize: 12 } },
    vconcat: [
      {
        title: { text: "Daily cap per mailbox provider (stacked)", fontSize: 13, anchor: "start" },
        width,
        height,
        layer: [
          {
            data: { values },
            mark: { type: "area", interpolate: "step-after", line: true, opacity: 0.85 },
            encoding: {
              x: x(false),
              y: { ...yLinear("volume"), stack: "zero" },
              color: {
                field: "provider",
                type: "nominal",
                sort: [...MAILBOX_PROVIDERS],
                title: "Mailbox provider",
              },
              // Keep the stacking order equal to the legend order.
              order: { field: "order", type: "quantitative" },
              tooltip: [
                { field: "day", type: "quantitative" },
                { field: "date", type: "temporal", timeUnit: "utcyearmonthdate" },
                { field: "provider", type: "nominal" },
                { field: "volume", type: "quantitative", format: "," },
              ],
            },
          },
          ...targetLayers(plan.targetDailyVolume, yLinear, false),
          ...markerLayers(linearTop, "top", yLinear, false),
        ],
      },
      {
        title: {
          text: "Daily total, logarithmic scale (every day readable)",
          fontSize: 13,
          anchor: "start",
        },
        width,
        height: Math.round(height / 2),
        layer: [
          {
            data: { values: totals },
            mark: {
              type: "line",
              interpolate: "step-after",
              color: "#2c6fbb",
              strokeWidth: 2,
              point: { filled: true, size: 18, color: "#2c6fbb" },
            },
            encoding: {
              x: x(true),
              y: yLog("total"),
              tooltip: [
                { field: "day", type: "quantitative" },
                { field: "total", type: "quantitative", format: "," },
              ],
            },
          },
          ...targetLayers(plan.targetDailyVolume, yLog, true),
          ...markerLayers(ticks[0], "bottom", yLog, true),
        ],
      },
    ],
  } as TopLevelSpec;
}

/**
 * Render the plan chart to an SVG document (headless: `renderer: "none"`).
 *
 * @param plan - plan to chart; no default.
 * @param options - see {@link SvgOptions}; default `{}`.
 */
export async function planToSvg(plan: WarmupPlan, options: SvgOptions = {}): Promise<string> {
  const { spec } = compile(planToVegaLiteSpec(plan, options));
  const view = new vega.View(vega.parse(spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
