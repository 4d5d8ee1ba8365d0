/**
 * The estate diagram as a Mermaid flowchart (GitHub, GitLab and most wikis render it):
 * a subgraph per account, inside it one per Region, inside that one per use case; RAM
 * shares are arrows from a use case to the account it is shared with.
 */
import type { EstateDiagram, UseCaseNode } from "./model";

/** A Mermaid-safe node id from parts. */
function id(...parts: string[]): string {
  return parts.join("_").replace(/[^A-Za-z0-9_]/g, "_");
}

/** Text inside `["…"]`: quotes and angle brackets as entities (Mermaid reads them). */
function text(value: string): string {
  return value.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
}

function useCaseLines(node: UseCaseNode): string[] {
  const lines: string[] = [];
  if (node.pool) {
    lines.push(
      `<b>pool</b> ${node.pool.id} (${node.pool.messageType}${node.pool.sharedRoutes ? ", shared routes ON" : ""})`,
    );
    for (const { countries, members } of node.pool.byCountry) {
      lines.push(
        `${countries.includes("?") ? "adopted" : countries.join(", ")}: ${members.join(", ")}`,
      );
    }
  }
  for (const list of node.optOutLists) lines.push(`<b>opt-out list</b> ${list}`);
  for (const set of node.configurationSets) {
    const protect = set.protect
      ? ` · protect ${set.protect.id}: ${set.protect.block} blocked, ${set.protect.filter} filter, ${set.protect.monitor} monitor, ${set.protect.allow} allow`
      : "";
    lines.push(`<b>configuration set</b> ${set.name}${protect}`);
  }
  if (node.pointer) {
    lines.push(`<b>SSM</b> ${node.pointer.name} → sends from <b>${node.pointer.sendsFrom}</b>`);
  }
  return lines;
}

/**
 * The diagram as Mermaid source, ending with a newline.
 *
 * @param diagram what to draw; no default
 */
export function renderMermaid(diagram: EstateDiagram): string {
  const out = ["flowchart TB", `  %% stack ${diagram.stack}: accounts × Regions × use cases`];
  for (const [a, account] of diagram.accounts.entries()) {
    out.push(`  subgraph ${id("acct", account)}["account ${account}${a === 0 ? " (owner)" : ""}"]`);
    for (const [r, region] of diagram.regions.entries()) {
      const nodes = diagram.cells[account]?.[region] ?? [];
      if (nodes.length === 0) continue;
      out.push(
        `    subgraph ${id("region", account, region)}["${region}${r === 0 ? " (primary)" : ""}"]`,
      );
      for (const node of nodes) {
        out.push(
          `      ${id("uc", account, region, node.useCase)}["<b>${text(node.useCase)}</b><br/>${useCaseLines(
            node,
          )
            .map(text)
            .join("<br/>")
            .replace(/#lt;(\/?)b#gt;/g, "<$1b>")}"]`,
        );
      }
      out.push("    end");
    }
    out.push("  end");
  }
  for (const share of diagram.shares) {
    const holds = Object.entries(share.holds)
      .map(([kind, n]) => `${n} ${kind}`)
      .join(", ");
    for (const to of share.to) {
      const target = diagram.cells[to]?.[share.region]?.some((n) => n.useCase === share.useCase)
        ? id("uc", to, share.region, share.useCase)
        : id("acct", to);
      out.push(
        `  ${id("uc", share.from, share.region, share.useCase)} -- "RAM share ${text(share.name)}: ${holds}" --> ${target}`,
      );
    }
  }
  return out.join("\n") + "\n";
}
