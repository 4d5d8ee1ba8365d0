/**
 * The estate diagram as a standalone SVG, drawn here (no browser, no layout engine): a grid
 * with a row per account and a column per Region; each cell stacks a card per use case
 * (pool and members by country, opt-out lists, configuration sets with their protect
 * configurations, the SSM pointer's Region); RAM shares are arrows in the column's gutter
 * from the owner's card to the secondary account's card of the same use case.
 */
import type { EstateDiagram, UseCaseNode } from "./model";

const FONT = "DejaVu Sans, Verdana, Arial, sans-serif";
const FONT_SIZE = 11;
/** Average advance of a character at {@link FONT_SIZE}, for wrapping and sizing. */
const CHAR_WIDTH = 6.4;
const LINE = 15;
const CARD_WIDTH = 430;
const GUTTER = 56;
const LABEL_WIDTH = 170;
const PAD = 10;
const HEADER = 36;

/** One line of a card: its text, and whether it is a heading or a note. */
interface Line {
  text: string;
  style?: "heading" | "strong" | "muted" | "ok" | "elsewhere";
  indent?: number;
}

function escape(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/** Splits a line into pieces that fit the card, at commas or spaces. */
function wrap(line: Line): Line[] {
  const indent = line.indent ?? 0;
  // Bold text runs wider.
  const charWidth = line.style && line.style !== "muted" ? CHAR_WIDTH * 1.1 : CHAR_WIDTH;
  const max = Math.floor((CARD_WIDTH - 2 * PAD - indent) / charWidth);
  if (line.text.length <= max) return [line];
  const out: Line[] = [];
  let rest = line.text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf(", ", max);
    cut = cut > max / 3 ? cut + 1 : rest.lastIndexOf(" ", max);
    if (cut <= 0) cut = max;
    out.push({ ...line, text: rest.slice(0, cut).trimEnd() });
    rest = rest.slice(cut).trimStart();
    line = { ...line, indent: indent + (out.length === 1 ? 12 : 0) };
  }
  out.push({ ...line, text: rest });
  return out;
}

function cardLines(node: UseCaseNode, region: string, shares: string[]): Line[] {
  const lines: Line[] = [];
  if (node.pointer) {
    const here = node.pointer.sendsFrom === region;
    lines.push({
      text: `sends from ${node.pointer.sendsFrom}${here ? " (this Region)" : ""} · SSM ${node.pointer.name}`,
      style: here ? "ok" : "elsewhere",
    });
  }
  if (node.pool) {
    lines.push({
      text: `pool ${node.pool.id} · ${node.pool.messageType}${node.pool.sharedRoutes ? " · SHARED ROUTES ON" : ""}`,
      style: "strong",
    });
    for (const { countries, members } of node.pool.byCountry) {
      lines.push({
        text: `${countries.includes("?") ? "adopted" : countries.join(", ")}: ${members.join(", ")}`,
        indent: 12,
      });
    }
  }
  for (const list of node.optOutLists)
    lines.push({ text: `opt-out list ${list}`, style: "strong" });
  for (const set of node.configurationSets) {
    lines.push({ text: `configuration set ${set.name}`, style: "strong" });
    if (set.protect) {
      const p = set.protect;
      lines.push({
        text: `protect ${p.id}: ${p.block} blocked · ${p.filter} filter · ${p.monitor} monitor · ${p.allow} allow`,
        indent: 12,
      });
    }
  }
  for (const share of shares) lines.push({ text: share, style: "muted" });
  return lines.flatMap(wrap);
}

const STYLE: Record<NonNullable<Line["style"]> | "plain", string> = {
  plain: `fill="#222"`,
  heading: `fill="#111" font-weight="bold" font-size="13"`,
  strong: `fill="#1f3b63" font-weight="bold"`,
  muted: `fill="#6b5b00"`,
  ok: `fill="#1e7b34" font-weight="bold"`,
  elsewhere: `fill="#b35900" font-weight="bold"`,
};

interface Card {
  account: string;
  region: string;
  useCase: string;
  x: number;
  y: number;
  height: number;
  lines: Line[];
}

/**
 * The diagram as an SVG document.
 *
 * @param diagram what to draw; no default
 */
export function renderSvg(diagram: EstateDiagram): string {
  const columnWidth = CARD_WIDTH + GUTTER;
  const width = LABEL_WIDTH + diagram.regions.length * columnWidth + PAD;
  const cards: Card[] = [];
  const rows: { account: string; y: number; height: number }[] = [];
  let y = HEADER + 28;
  for (const account of diagram.accounts) {
    const rowTop = y;
    let rowHeight = 40;
    for (const [c, region] of diagram.regions.entries()) {
      let cardY = rowTop + PAD;
      for (const node of diagram.cells[account]?.[region] ?? []) {
        const shares = diagram.shares
          .filter((s) => s.from === account && s.region === region && s.useCase === node.useCase)
          .map(
            (s) =>
              `RAM share ${s.name} → ${s.to.join(", ")}: ${Object.entries(s.holds)
                .map(([kind, n]) => `${n} ${kind}`)
                .join(", ")}`,
          );
        const lines = cardLines(node, region, shares);
        const height = LINE * (lines.length + 1) + PAD;
        cards.push({
          account,
          region,
          useCase: node.useCase,
          x: LABEL_WIDTH + c * columnWidth,
          y: cardY,
          height,
          lines,
        });
        cardY += height + PAD;
      }
      rowHeight = Math.max(rowHeight, cardY - rowTop);
    }
    rows.push({ account, y: rowTop, height: rowHeight });
    y += rowHeight + PAD;
  }
  const height = y + PAD;

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}" font-size="${FONT_SIZE}">`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#6b5b00"/></marker></defs>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${PAD}" y="22" font-size="15" font-weight="bold" fill="#111">Stack ${escape(diagram.stack)}: accounts × Regions × use cases</text>`,
  ];
  for (const [c, region] of diagram.regions.entries()) {
    out.push(
      `<text x="${LABEL_WIDTH + c * columnWidth}" y="${HEADER + 14}" font-size="13" font-weight="bold" fill="#111">${escape(region)}${c === 0 ? " (primary)" : " (standby)"}</text>`,
    );
  }
  for (const [r, row] of rows.entries()) {
    out.push(
      `<rect x="${PAD / 2}" y="${row.y}" width="${width - PAD}" height="${row.height}" rx="6" fill="${r === 0 ? "#eef3fa" : "#f6f1e4"}" stroke="#c9d2de"/>`,
      `<text x="${PAD + 2}" y="${row.y + 20}" font-size="13" font-weight="bold" fill="#111">account</text>`,
      `<text x="${PAD + 2}" y="${row.y + 36}" font-size="13" fill="#111">${escape(row.account)}</text>`,
      `<text x="${PAD + 2}" y="${row.y + 52}" fill="#555">${r === 0 ? "owner" : "secondary"}</text>`,
    );
  }
  for (const card of cards) {
    out.push(
      `<rect x="${card.x}" y="${card.y}" width="${CARD_WIDTH}" height="${card.height}" rx="5" fill="#ffffff" stroke="#7d8da3"/>`,
      `<text x="${card.x + PAD}" y="${card.y + LINE + 2}" ${STYLE.heading}>${escape(card.useCase)}</text>`,
    );
    for (const [i, line] of card.lines.entries()) {
      out.push(
        `<text x="${card.x + PAD + (line.indent ?? 0)}" y="${card.y + LINE * (i + 2) + 2}" ${STYLE[line.style ?? "plain"]}>${escape(line.text)}</text>`,
      );
    }
  }
  // Shares: from the owner's card down the column's gutter to the other account's card.
  const sharesByColumn = new Map<string, number>();
  for (const share of diagram.shares) {
    const from = cards.find(
      (c) => c.account === share.from && c.region === share.region && c.useCase === share.useCase,
    );
    for (const to of share.to) {
      const target =
        cards.find(
          (c) => c.account === to && c.region === share.region && c.useCase === share.useCase,
        ) ?? cards.find((c) => c.account === to && c.region === share.region);
      if (!from || !target) continue;
      const lane = sharesByColumn.get(share.region) ?? 0;
      sharesByColumn.set(share.region, lane + 1);
      const gutterX = from.x + CARD_WIDTH + 10 + (lane % 5) * 9;
      const fromY = from.y + from.height / 2;
      const toY = target.y + Math.min(target.height / 2, 20 + lane * 4);
      out.push(
        `<path d="M${from.x + CARD_WIDTH},${fromY} H${gutterX} V${toY} H${target.x + CARD_WIDTH + 2}" fill="none" stroke="#6b5b00" stroke-width="1.5" marker-end="url(#arrow)"/>`,
      );
    }
  }
  out.push("</svg>");
  return out.join("\n") + "\n";
}
