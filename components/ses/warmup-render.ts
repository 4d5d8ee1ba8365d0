/**
 * Renderers for SES warm-up plans: CSV and JSON for spreadsheets and scripts, SVG for
 * reviews. The chart is declared in Vega-Lite and rendered by Vega headlessly, so the
 * drawing (axes, legend, stacking) is the libraries' job rather than string-building.
 */
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { MAILBOX_PROVIDERS, type WarmupPlan } from "./warmup-plan";

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

/** Options for {@link planToSvg}. */
export interface SvgOptions {
  /** Chart title. Default: "SES warm-up plan (<tier>, from <startDate>)". */
  title?: string;
  /** Plot width in pixels. Default 720. */
  width?: number;
  /** Plot height in pixels. Default 360. */
  height?: number;
}

/**
 * The Vega-Lite spec for a plan: a stacked area per provider over days, so the top
 * edge is the daily total and each band is one provider's cap.
 *
 * @param plan - plan to chart; no default.
 * @param options - see {@link SvgOptions}; default `{}`.
 */
export function planToVegaLiteSpec(plan: WarmupPlan, options: SvgOptions = {}): TopLevelSpec {
  const values = plan.days.flatMap((d) =>
    MAILBOX_PROVIDERS.map((provider) => ({
      day: d.day,
      date: d.date,
      provider,
      volume: d.perProvider[provider],
    })),
  );
  const title =
    options.title ?? `SES warm-up plan (${plan.engagementTier}, from ${plan.startDate})`;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: {
      text: title,
      subtitle: `target ${plan.targetDailyVolume.toLocaleString("en-US")} messages/day; ${plan.days.length} days${plan.reachedTarget ? "" : " (target not reached)"}`,
    },
    width: options.width ?? 720,
    height: options.height ?? 360,
    data: { values },
    mark: { type: "area", interpolate: "step-after", line: true },
    encoding: {
      x: { field: "day", type: "quantitative", title: "Day", axis: { tickMinStep: 1 } },
      y: {
        field: "volume",
        type: "quantitative",
        stack: "zero",
        title: "Daily cap (messages)",
        axis: { format: "," },
      },
      color: {
        field: "provider",
        type: "nominal",
        sort: [...MAILBOX_PROVIDERS],
        title: "Mailbox provider",
      },
      // Keep the stacking order equal to the legend order.
      order: { field: "providerOrder", type: "quantitative" },
      tooltip: [
        { field: "date", type: "nominal" },
        { field: "provider", type: "nominal" },
        { field: "volume", type: "quantitative", format: "," },
      ],
    },
    transform: [
      {
        calculate: `indexof(${JSON.stringify(MAILBOX_PROVIDERS)}, datum.provider)`,
        as: "providerOrder",
      },
    ],
  };
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
