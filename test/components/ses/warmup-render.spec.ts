import * as assert from "node:assert/strict";
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
      assert.ok(svg.includes("target 1,000,000 messages/day; 11 days"));
      for (const provider of MAILBOX_PROVIDERS) assert.ok(svg.includes(`>${provider}<`), provider);
    });

    it("uses a custom title, escaped for XML", async () => {
      const svg = await planToSvg(plan, { title: "Pool A & B", width: 300, height: 200 });
      assert.ok(svg.includes("Pool A &amp; B"));
    });

    it("stacks one area per provider in the Vega-Lite spec", () => {
      const spec = planToVegaLiteSpec(plan) as {
        mark: { type: string };
        encoding: { y: { stack: string }; color: { field: string } };
        data: { values: unknown[] };
      };
      assert.equal(spec.mark.type, "area");
      assert.equal(spec.encoding.y.stack, "zero");
      assert.equal(spec.encoding.color.field, "provider");
      assert.equal(spec.data.values.length, plan.days.length * MAILBOX_PROVIDERS.length);
    });
  });
});
