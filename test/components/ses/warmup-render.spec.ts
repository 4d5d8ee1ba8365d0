import * as assert from "node:assert/strict";
import { Resvg } from "@resvg/resvg-js";
import { MAILBOX_PROVIDERS, buildWarmupPlan } from "../../../components/ses/warmup-plan";
import {
  planToCsv,
  planToJson,
  planToSvg,
  planToVegaLiteSpec,
} from "../../../components/ses/warmup-render";

describe("SES warm-up plan rendering", () => {
  const plan = buildWarmupPlan({ startDate: "2025-03-01", targetDailyVolume: 1_000_000 });

  describe("planToCsv", () => {
    const lines = planToCsv(plan).split("\n");

    it("writes a header with every provider and the total", () => {
      assert.equal(
        lines[0],
        "day,date,gmail.com,hotmail.com,outlook.com,yahoo.com,icloud.com,aol.com,others,total",
      );
    });

    it("writes one row per day and ends with a newline", () => {
      assert.equal(lines.length, plan.days.length + 2);
      assert.equal(lines.at(-1), "");
      assert.equal(lines[1], "1,2025-03-01,150,150,150,150,150,150,150,1050");
      assert.equal(
        lines[11],
        "11,2025-03-11,142858,142857,142857,142857,142857,142857,142857,1000000",
      );
    });
  });

  describe("planToJson", () => {
    it("round-trips the whole plan", () => {
      const text = planToJson(plan);
      assert.ok(text.endsWith("}\n"));
      assert.deepEqual(JSON.parse(text), plan);
    });
  });

  describe("planToSvg", () => {
    it("renders an SVG document with the default title and every provider", async () => {
      const svg = await planToSvg(plan);
      assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      assert.ok(svg.includes("SES warm-up plan (standard, from 2025-03-01)"));
      assert.ok(svg.includes("target 1,000,000 messages/day, reached on day 11 (2025-03-11)"));
      for (const provider of MAILBOX_PROVIDERS) assert.ok(svg.includes(`>${provider}<`), provider);
    });

    it("uses a custom title, escaped for XML", async () => {
      const svg = await planToSvg(plan, { title: "Pool A & B", width: 300, height: 200 });
      assert.ok(svg.includes("Pool A &amp; B"));
    });

    it("stacks one area per provider in the Vega-Lite spec", () => {
      const spec = planToVegaLiteSpec(plan) as unknown as {
        vconcat: {
          layer: {
            mark: { type: string };
            encoding: { y: { stack?: string }; color?: { field: string } };
            data: { values: unknown[] };
          }[];
        }[];
      };
      const area = spec.vconcat[0].layer[0];
      assert.equal(area.mark.type, "area");
      assert.equal(area.encoding.y.stack, "zero");
      assert.equal(area.encoding.color?.field, "provider");
      // Every day, plus a closing point that gives the last day its width.
      assert.equal(area.data.values.length, (plan.days.length + 1) * MAILBOX_PROVIDERS.length);
    });
  });

  describe("the chart as a reader sees it", () => {
    // The example stack's plan: 12 days to 2,000,000 a day, marked on day 8.
    const example = buildWarmupPlan({ startDate: "2026-11-16", targetDailyVolume: 2_000_000 });
    let svg: string;
    let labels: string[];
    before(async () => {
      svg = await planToSvg(example, { asOf: { date: "2026-11-23", label: "pinned" } });
      // Leaf text: single-line labels, and each line of multi-line ones (tspans).
      labels = [...svg.matchAll(/>([^<>]+)<\/(?:text|tspan)>/g)].map((m) => m[1]);
    });

    it("prints axis values with thousands separators, never in scientific notation", () => {
      assert.ok(!labels.some((l) => /\de[+-]\d/.test(l)), labels.join(" | "));
      assert.ok(labels.includes("2,000,000"), "the linear axis reaches the target");
      assert.ok(labels.includes("1,000"), "the log axis starts at the first days' scale");
    });

    it("ticks whole days, naming the date and the day of the plan", () => {
      const days = labels.filter((l) => /^day -?\d+$/.test(l)).map((l) => Number(l.slice(4)));
      assert.ok(days.length >= 6, labels.join(" | "));
      assert.ok(days.every((d) => Number.isInteger(d) && d >= 1));
      assert.ok(labels.includes("Nov 16") && labels.includes("day 1"));
    });

    it("shows the first week on a logarithmic panel", () => {
      assert.ok(labels.some((l) => /logarithmic/.test(l)));
      // Day 1 (1,050 a day) is a thousandth of the target: only a log scale gives it height.
      assert.ok(labels.includes("1,000") && labels.includes("2,000"));
    });

    it("draws the target line with its value and marks the date with its day's cap", () => {
      assert.equal(labels.filter((l) => l === "target 2,000,000/day").length, 2);
      assert.equal(labels.filter((l) => l === "pinned 2026-11-23").length, 2);
      assert.ok(labels.includes("pinned 2026-11-23: day 8, 140,000/day"), labels.join(" | "));
    });

    it("widens the axis to a marked date a few days before the start", async () => {
      const early = await planToSvg(example, { asOf: { date: "2026-11-12", label: "today" } });
      assert.ok(early.includes("today 2026-11-12: before the plan starts"));
      assert.ok(early.includes(">Nov 12<"), "the axis starts at the marked date");
    });

    it("rasterizes to a chart with ink in both panels", () => {
      const image = new Resvg(svg, {
        background: "white",
        font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" },
      }).render();
      assert.ok(image.width >= 720 && image.height >= 450, `${image.width}×${image.height}`);
      const pixels = image.pixels;
      const inkIn = (top: number, bottom: number) => {
        let ink = 0;
        for (let y = Math.floor(top * image.height); y < bottom * image.height; y++) {
          for (let x = 0; x < image.width; x++) {
            const i = (y * image.width + x) * 4;
            if (pixels[i] < 200 || pixels[i + 1] < 200 || pixels[i + 2] < 200) ink++;
          }
        }
        return ink / (image.width * image.height * (bottom - top));
      };
      assert.ok(inkIn(0.1, 0.6) > 0.02, "the stacked panel is drawn");
      assert.ok(inkIn(0.65, 0.95) > 0.01, "the log panel is drawn");
    });
  });
});
