/**
 * The offline preview's text view: account, then Region, then component, then resource,
 * each resource with its key properties.
 */
import { componentSummary, keyProperties, shortType } from "./describe";
import { createHash } from "node:crypto";
import { recordedAssetKind, type RecordedAsset, type RecordedResource } from "./recording-monitor";

const GLOBAL = "global";

/** Options of {@link renderTree}. */
export interface RenderTreeOptions {
  /** Account line at the top. */
  account: string;
  /** Stack name for the heading. */
  stack: string;
  /** Region order (e.g. primary first); others follow alphabetically. Default: alphabetical. */
  regionOrder?: string[];
  /** Label per Region, e.g. "primary". Default: none. */
  regionLabels?: Record<string, string>;
}

/** Regions a resource spans: its own, or for components, its descendants'. */
function regionSets(resources: RecordedResource[]): Map<string, Set<string>> {
  const children = new Map<string, RecordedResource[]>();
  for (const r of resources) {
    if (!children.has(r.parent)) children.set(r.parent, []);
    children.get(r.parent)!.push(r);
  }
  const memo = new Map<string, Set<string>>();
  const visit = (r: RecordedResource): Set<string> => {
    const cached = memo.get(r.urn);
    if (cached) return cached;
    const own =
      r.region ??
      (r.type.startsWith("pulumi:providers:")
        ? (r.inputs.region as string | undefined)
        : undefined);
    const set = new Set<string>(own ? [own] : []);
    for (const child of children.get(r.urn) ?? [])
      for (const region of visit(child)) set.add(region);
    memo.set(r.urn, set);
    return set;
  };
  resources.forEach(visit);
  return memo;
}

/** Renders the tree as text lines. */
export function renderTree(resources: RecordedResource[], options: RenderTreeOptions): string {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const regions = regionSets(resources);
  const children = new Map<string, RecordedResource[]>();
  for (const r of resources) {
    if (!children.has(r.parent)) children.set(r.parent, []);
    children.get(r.parent)!.push(r);
  }
  // A resource with no Region of its own (IAM) belongs to its parent's single Region.
  const regionOf = (r: RecordedResource): string => {
    const set = regions.get(r.urn)!;
    if (set.size === 1) return [...set][0];
    if (set.size === 0) {
      const parent = byUrn.get(r.parent);
      return parent ? regionOf(parent) : GLOBAL;
    }
    return "";
  };
  // Region roots: single-Region resources whose parent spans several Regions (or none).
  const roots = new Map<string, RecordedResource[]>();
  for (const r of resources) {
    if (r.type === "pulumi:pulumi:Stack") continue;
    const region = regionOf(r);
    if (!region) continue;
    const parent = byUrn.get(r.parent);
    if (parent && parent.type !== "pulumi:pulumi:Stack" && regionOf(parent) === region) continue;
    if (!roots.has(region)) roots.set(region, []);
    roots.get(region)!.push(r);
  }

  const custom = resources.filter((r) => r.custom).length;
  const lines = [`Stack ${options.stack} · account ${options.account} · ${custom} resources`];
  const order = [
    ...(options.regionOrder ?? []).filter((region) => roots.has(region)),
    ...[...roots.keys()].filter((region) => !(options.regionOrder ?? []).includes(region)).sort(),
  ];
  order.forEach((region, index) => {
    const last = index === order.length - 1;
    const label = options.regionLabels?.[region];
    const count = resources.filter((r) => r.custom && regionOf(r) === region).length;
    lines.push(`${last ? "└─" : "├─"} ${region}${label ? ` (${label})` : ""} · ${count} resources`);
    printChildren(roots.get(region)!, last ? "   " : "│  ");
  });
  return lines.join("\n");

  function printChildren(unordered: RecordedResource[], indent: string): void {
    // Registration order depends on when outputs resolve; sort so output is reproducible.
    const list = [...unordered].sort(
      (a, b) =>
        Number(a.custom) - Number(b.custom) ||
        a.type.localeCompare(b.type) ||
        a.name.localeCompare(b.name),
    );
    list.forEach((r, index) => {
      const last = index === list.length - 1;
      const props = r.custom ? keyProperties(r) : componentSummary(r, children.get(r.urn) ?? []);
      // Resources declared in another account (a secondary account's side) say which.
      if (r.custom && r.account && r.account !== options.account)
        props.push(`account=${r.account}`);
      const kind = r.custom ? shortType(r.type) : `[${r.type}]`;
      lines.push(
        `${indent}${last ? "└─" : "├─"} ${kind} ${r.name}${props.length ? `  ${props.join(" ")}` : ""}`,
      );
      printChildren(children.get(r.urn) ?? [], indent + (last ? "   " : "│  "));
    });
  }
}

/** The machine-readable list: every resource with type, name, URN, parent, Region, inputs and options. */
export function resourceList(resources: RecordedResource[]) {
  return resources.map((r) => ({
    type: r.type,
    name: r.name,
    urn: r.urn,
    parent: r.parent || null,
    region: r.region ?? null,
    custom: r.custom,
    id: r.id || null,
    provider: r.provider || null,
    protect: r.protect,
    retainOnDelete: r.retainOnDelete,
    // Secret inputs (e.g. Protect override numbers: personal data) never leave the engine.
    inputs: Object.fromEntries(
      Object.entries(r.inputs).map(([key, value]) => [
        key,
        r.secretInputs.includes(key)
          ? "[secret]"
          : // A dynamic resource's provider is its serialized code: tens of kilobytes of noise.
            key === "__provider" && typeof value === "string"
            ? `[serialized dynamic provider, ${value.length} characters]`
            : jsonValue(value),
      ]),
    ),
    secretInputs: r.secretInputs,
  }));
}

/**
 * An input as JSON for other tools: assets and archives by content, as
 * `{ "asset": { "text" | "path" | "uri", "sha256" } }` or `{ "archive": { "assets" | "path" | "uri" } }`.
 */
function jsonValue(value: unknown): unknown {
  const kind = recordedAssetKind(value);
  if (kind) {
    const { text, path, uri, assets } = value as RecordedAsset;
    const digest =
      text === undefined ? {} : { sha256: createHash("sha256").update(text).digest("hex") };
    return {
      [kind]: {
        ...(text !== undefined && { text, ...digest }),
        ...(path !== undefined && { path }),
        ...(uri !== undefined && { uri }),
        ...(assets && { assets: jsonValue(assets) }),
      },
    };
  }
  if (Array.isArray(value)) return value.map(jsonValue);
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonValue(v)]));
  }
  return value;
}
