/**
 * `messaging diagram`: the picture is read from what the example stack's program registered,
 * and follows it: a failover flips the Region each use case sends from; the SVG is drawn
 * without a browser and rasterizes to an image with a card per use case.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Resvg } from "@resvg/resvg-js";
import * as YAML from "yaml";
import { main as diagram } from "../../tools/diagram";
import { buildDiagram, type EstateDiagram } from "../../tools/diagram/model";
import { renderMermaid } from "../../tools/diagram/mermaid";
import { renderSvg } from "../../tools/diagram/svg";
import { runStack } from "../../tools/stack-run";
import { estateRegions } from "../../stacks/config/rules";

const OWNER = "111122223333";
const SECONDARY = "444455556666";

async function diagramOf(stack: string, stacksDir?: string): Promise<EstateDiagram> {
  const run = await runStack({ stack, stacksDir });
  return buildDiagram(run.stack, run.resources, {
    owner: run.estate.account,
    regions: estateRegions(run.estate),
  });
}

describe("messaging diagram", function () {
  this.timeout(240_000);
  let example: EstateDiagram;
  before(async () => {
    example = await diagramOf("example");
  });

  it("lays out accounts × Regions × use cases from the recorded resources", () => {
    assert.deepEqual(example.accounts, [OWNER, SECONDARY]);
    assert.deepEqual(example.regions, ["us-east-1", "us-west-2"]);
    assert.deepEqual(
      example.cells[OWNER]["us-east-1"].map((n) => n.useCase),
      ["alerts", "marketing", "otp"],
    );
    // The secondary account holds its own configuration sets, for the shared use cases only.
    assert.deepEqual(
      example.cells[SECONDARY]["us-west-2"].map((n) => [n.useCase, n.configurationSets[0].name]),
      [
        ["alerts", "northwind-alerts"],
        ["otp", "northwind-otp"],
      ],
    );
  });

  it("shows each pool's members by country, its opt-out list and its protect configuration", () => {
    const otp = example.cells[OWNER]["us-east-1"].find((n) => n.useCase === "otp")!;
    assert.equal(otp.pool?.messageType, "TRANSACTIONAL");
    assert.equal(otp.pool?.optOutList, "northwind-otp");
    assert.deepEqual(otp.optOutLists, ["northwind-otp"]);
    const byCountry = Object.fromEntries(
      otp.pool!.byCountry.map((g) => [g.countries.join(","), g.members]),
    );
    assert.deepEqual(byCountry["US"], ["TOLL_FREE otp-us-tfn"], "the spare is not a member");
    assert.deepEqual(byCountry["IN"], ["sender ID NWNDPY"]);
    assert.deepEqual(byCountry["AU,DE,DK,ES,FR,GB,IE,IT,NL,NO,SE,SG"], ["sender ID NORTHWIND"]);
    assert.match(byCountry["?"][0], /^phone-0a1b2c3d4e5f60718293a4b5c6d7e8f9 \(adopted/);
    const protect = otp.configurationSets[0].protect!;
    assert.deepEqual([protect.filter, protect.allow], [15, 0], "otp filters its 15 countries");
    assert.equal(protect.block + protect.filter + protect.monitor + protect.allow, 250);
  });

  it("shares each shared use case's pool and opt-out list with the secondary account", () => {
    const shares = example.shares.filter((s) => s.useCase === "otp");
    assert.deepEqual(
      shares.map((s) => [s.region, s.from, s.to]),
      [
        ["us-east-1", OWNER, [SECONDARY]],
        ["us-west-2", OWNER, [SECONDARY]],
      ],
    );
    for (const share of shares) {
      assert.equal(share.holds.pool, 1);
      assert.equal(share.holds["opt-out-list"], 1);
    }
    assert.ok(!example.shares.some((s) => s.useCase === "marketing"), "marketing is not shared");
  });

  it("follows the SSM pointers: after a failover every Region points at the new one", async () => {
    for (const region of example.regions) {
      for (const node of example.cells[OWNER][region]) {
        assert.equal(node.pointer?.sendsFrom, "us-east-1", `${region} ${node.useCase}`);
      }
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "diagram-failover-"));
    try {
      const file = path.join(__dirname, "..", "..", "stacks", "Pulumi.example.yaml");
      const doc = YAML.parse(fs.readFileSync(file, "utf8"));
      doc.config["messaging:activeRegionOverrides"] = { otp: "us-west-2" };
      fs.writeFileSync(path.join(dir, "Pulumi.flipped.yaml"), YAML.stringify(doc));
      const flipped = await diagramOf("flipped", dir);
      for (const region of flipped.regions) {
        const sends = Object.fromEntries(
          flipped.cells[OWNER][region].map((n) => [n.useCase, n.pointer?.sendsFrom]),
        );
        assert.deepEqual(sends, { alerts: "us-east-1", marketing: "us-east-1", otp: "us-west-2" });
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("writes Mermaid with a subgraph per account and Region and an edge per share", () => {
    const text = renderMermaid(example);
    assert.match(text, /^flowchart TB\n/);
    assert.match(text, /subgraph acct_111122223333\["account 111122223333 \(owner\)"\]/);
    assert.match(text, /subgraph region_444455556666_us_west_2\["us-west-2"\]/);
    assert.equal((text.match(/ -- "RAM share /g) ?? []).length, 4);
    assert.match(
      text,
      /uc_111122223333_us_east_1_otp -- "RAM share northwind-otp: 1 pool, 1 opt-out-list, 4 phone-number, 13 sender-id" --> uc_444455556666_us_east_1_otp/,
    );
  });

  it("draws an SVG that rasterizes to a card per use case", () => {
    const svg = renderSvg(example);
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const image = new Resvg(svg, {
      background: "white",
      font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" },
    }).render();
    const width = Number(/width="(\d+)"/.exec(svg)![1]);
    assert.equal(image.width, width);
    // Cards are white rectangles with a border: count the border's top edges down a column.
    const cards = (svg.match(/<rect [^>]*fill="#ffffff" stroke="#7d8da3"/g) ?? []).length;
    assert.equal(cards, 3 + 3 + 2 + 2);
    const pixels = image.pixels; // a copy per access: read it once
    let ink = 0;
    for (let i = 0; i < pixels.length; i += 4) if (pixels[i] < 128) ink++;
    assert.ok(ink / (image.width * image.height) > 0.01, "text and lines are drawn");
    assert.equal((svg.match(/marker-end="url\(#arrow\)"/g) ?? []).length, 4, "one arrow per share");
  });

  it("writes to --out and refuses an unknown format with exit 2", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "diagram-out-"));
    const messages: string[] = [];
    const io = { out: (t: string) => messages.push(t), err: (t: string) => messages.push(t) };
    try {
      const file = path.join(dir, "estate.mmd");
      assert.equal(await diagram(["--out", file], io), 0, messages.join(""));
      assert.match(fs.readFileSync(file, "utf8"), /^flowchart TB/);
      assert.equal(await diagram(["--format", "png"], io), 2);
      assert.match(messages.join(""), /argument 'png' is invalid/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
