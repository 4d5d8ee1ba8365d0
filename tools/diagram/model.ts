/**
 * What `messaging diagram` draws, read from the resources a stack's program registered under
 * the offline engine (not re-derived from its config, so the picture shows what the program
 * really declares): per account and Region, each use case's pool with its members by
 * country, its opt-out list, its configuration sets with their protect configurations, the
 * SSM pointer naming the Region it sends from, and the RAM shares to secondary accounts.
 */
import type { RecordedResource } from "../../engine/recording-monitor";

const TYPES = {
  pool: "aws:pinpoint/smsvoicev2Pool:Smsvoicev2Pool",
  phoneNumber: "aws:pinpoint/smsvoicev2PhoneNumber:Smsvoicev2PhoneNumber",
  senderId: "aws:pinpoint/smsvoicev2SenderId:Smsvoicev2SenderId",
  optOutList: "aws:pinpoint/smsvoicev2OptOutList:Smsvoicev2OptOutList",
  configurationSet: "aws-native:smsvoice:ConfigurationSet",
  protectConfiguration: "aws-native:smsvoice:ProtectConfiguration",
  resourceShare: "aws:ram/resourceShare:ResourceShare",
  principalAssociation: "aws:ram/principalAssociation:PrincipalAssociation",
  resourceAssociation: "aws:ram/resourceAssociation:ResourceAssociation",
  parameter: "aws:ssm/parameter:Parameter",
} as const;

const USE_CASE_TAG = "messaging:use-case";

/** Originators of a pool that serve the same countries. */
export interface CountryMembers {
  /** ISO country codes, sorted; `?` for an adopted originator the stack does not manage. */
  countries: string[];
  /** e.g. `TOLL_FREE otp-us-tfn`, `sender ID NORTHWIND`, `adopted phone-0a1b…`. */
  members: string[];
}

/** A pool and what it sends through. */
export interface PoolNode {
  id: string;
  messageType: string;
  optOutList?: string;
  sharedRoutes: boolean;
  byCountry: CountryMembers[];
}

/** Counts of the SMS country rules of a protect configuration. */
export interface ProtectSummary {
  id: string;
  block: number;
  filter: number;
  monitor: number;
  allow: number;
}

/** A configuration set and its protect configuration. */
export interface ConfigurationSetNode {
  name: string;
  protect?: ProtectSummary;
}

/** An SSM pointer: where applications in this Region send this use case from. */
export interface PointerNode {
  name: string;
  sendsFrom: string;
}

/** One use case in one account and Region. */
export interface UseCaseNode {
  useCase: string;
  pool?: PoolNode;
  /** Opt-out lists of the use case held here (the pool's, or a secondary account's own). */
  optOutLists: string[];
  configurationSets: ConfigurationSetNode[];
  pointer?: PointerNode;
}

/** A RAM share of a use case's resources from one account to another, in one Region. */
export interface ShareEdge {
  region: string;
  useCase: string;
  name: string;
  from: string;
  to: string[];
  /** What the share holds, counted by kind: pool, opt-out list, phone number, sender ID. */
  holds: Record<string, number>;
}

/** The whole picture. */
export interface EstateDiagram {
  stack: string;
  /** The owning account first. */
  accounts: string[];
  /** Primary first. */
  regions: string[];
  /** Use cases by `account` then `region`, each sorted by name. */
  cells: Record<string, Record<string, UseCaseNode[]>>;
  shares: ShareEdge[];
}

function tagsOf(record: RecordedResource): Record<string, string> {
  const tags = record.inputs.tags;
  if (Array.isArray(tags)) {
    return Object.fromEntries(
      (tags as { key?: unknown; value?: unknown }[]).map((t) => [String(t.key), String(t.value)]),
    );
  }
  return tags && typeof tags === "object" ? (tags as Record<string, string>) : {};
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** The last segment of an ARN's resource part, e.g. `phone-0a1b…`. */
function arnResource(arn: string): string {
  return arn.split(":").slice(5).join(":").split("/").slice(1).join("/");
}

function protectSummary(record: RecordedResource): ProtectSummary {
  const rules = ((record.inputs.countryRuleSet as { sms?: unknown[] } | undefined)?.sms ?? []) as {
    protectStatus?: string;
  }[];
  const count = (status: string) => rules.filter((r) => r.protectStatus === status).length;
  return {
    id: record.id,
    block: count("BLOCK"),
    filter: count("FILTER"),
    monitor: count("MONITOR"),
    allow: count("ALLOW"),
  };
}

/**
 * Countries served by the same originators share a line (a sender ID registered in twelve
 * countries is one line, not twelve); lines sorted by their first country, adopted last.
 */
function groupCountries(members: Map<string, string[]>): CountryMembers[] {
  const byMembers = new Map<string, CountryMembers>();
  for (const [country, labels] of members) {
    const sorted = [...labels].sort();
    const key = sorted.join("\n");
    const group = byMembers.get(key) ?? { countries: [], members: sorted };
    group.countries.push(country);
    byMembers.set(key, group);
  }
  const adopted = (g: CountryMembers) => g.countries.includes("?");
  return [...byMembers.values()]
    .map((g) => ({ ...g, countries: g.countries.sort() }))
    .sort((a, b) =>
      adopted(a) !== adopted(b)
        ? Number(adopted(a)) - Number(adopted(b))
        : a.countries[0].localeCompare(b.countries[0]),
    );
}

/** Everything arranged for drawing; `owner` and `regions` order the accounts and Regions. */
export function buildDiagram(
  stack: string,
  resources: readonly RecordedResource[],
  options: { owner: string; regions: readonly string[] },
): EstateDiagram {
  const custom = resources.filter((r) => r.custom && r.region);
  const byArn = new Map<string, RecordedResource>();
  for (const r of custom) {
    const arn = str(r.outputs.arn);
    if (arn) byArn.set(arn, r);
  }
  const protectById = new Map(
    custom.filter((r) => r.type === TYPES.protectConfiguration).map((r) => [r.id, r]),
  );

  const cells: EstateDiagram["cells"] = {};
  const node = (account: string, region: string, useCase: string): UseCaseNode => {
    const list = ((cells[account] ??= {})[region] ??= []);
    let found = list.find((n) => n.useCase === useCase);
    if (!found) {
      found = { useCase, optOutLists: [], configurationSets: [] };
      list.push(found);
    }
    return found;
  };
  const accountOf = (r: RecordedResource) => r.account ?? options.owner;

  for (const r of custom) {
    const useCase = tagsOf(r)[USE_CASE_TAG];
    const region = r.region!;
    if (r.type === TYPES.pool && useCase) {
      const members = new Map<string, string[]>();
      for (const arn of (r.inputs.originationIdentities as string[] | undefined) ?? []) {
        const member = byArn.get(arn);
        let country = "?";
        let label = `${arnResource(arn)} (adopted: not managed by this stack)`;
        if (member?.type === TYPES.phoneNumber) {
          country = str(member.inputs.isoCountryCode) ?? "?";
          label = `${str(member.inputs.numberType) ?? "number"} ${member.name.replace(/^.*-originators-/, "")}`;
        } else if (member?.type === TYPES.senderId) {
          country = str(member.inputs.isoCountryCode) ?? "?";
          label = `sender ID ${str(member.inputs.senderId)}`;
        }
        members.set(country, [...(members.get(country) ?? []), label]);
      }
      node(accountOf(r), region, useCase).pool = {
        id: r.id,
        messageType: str(r.inputs.messageType) ?? "",
        optOutList: str(r.inputs.optOutListName),
        sharedRoutes: r.inputs.sharedRoutesEnabled === true,
        byCountry: groupCountries(members),
      };
    } else if (r.type === TYPES.optOutList && useCase) {
      node(accountOf(r), region, useCase).optOutLists.push(str(r.inputs.name) ?? r.id);
    } else if (r.type === TYPES.configurationSet && useCase) {
      const protectId = str(r.inputs.protectConfigurationId);
      const protect = protectId ? protectById.get(protectId) : undefined;
      node(accountOf(r), region, useCase).configurationSets.push({
        name: str(r.inputs.configurationSetName) ?? r.id,
        protect: protect ? protectSummary(protect) : undefined,
      });
    } else if (r.type === TYPES.parameter && /\/active$/.test(str(r.inputs.name) ?? "")) {
      const pointerUseCase = useCase ?? (str(r.inputs.name) ?? "").split("/").at(-2)!;
      let sendsFrom = "?";
      try {
        sendsFrom = String(
          (JSON.parse(str(r.inputs.insecureValue) ?? "{}") as { region?: string }).region ?? "?",
        );
      } catch {
        // an unreadable pointer shows as "?"
      }
      node(accountOf(r), region, pointerUseCase).pointer = {
        name: str(r.inputs.name)!,
        sendsFrom,
      };
    }
  }

  const shares: ShareEdge[] = [];
  for (const share of custom.filter((r) => r.type === TYPES.resourceShare)) {
    const arn = str(share.outputs.arn) ?? share.id;
    const to = custom
      .filter((r) => r.type === TYPES.principalAssociation && r.inputs.resourceShareArn === arn)
      .map((r) => String(r.inputs.principal));
    const holds: Record<string, number> = {};
    // Shown in this order: what senders use first.
    for (const association of custom.filter(
      (r) => r.type === TYPES.resourceAssociation && r.inputs.resourceShareArn === arn,
    )) {
      const kind = (str(association.inputs.resourceArn) ?? "").split(":")[5]?.split("/")[0] ?? "?";
      holds[kind] = (holds[kind] ?? 0) + 1;
    }
    const order = ["pool", "opt-out-list", "phone-number", "sender-id"];
    const rank = (kind: string) => order.indexOf(kind) + 1 || order.length + 1;
    shares.push({
      region: share.region!,
      useCase: tagsOf(share)[USE_CASE_TAG] ?? "?",
      name: str(share.inputs.name) ?? share.name,
      from: accountOf(share),
      to,
      holds: Object.fromEntries(Object.entries(holds).sort(([a], [b]) => rank(a) - rank(b))),
    });
  }

  for (const byRegion of Object.values(cells)) {
    for (const list of Object.values(byRegion)) {
      list.sort((a, b) => a.useCase.localeCompare(b.useCase));
      for (const n of list) n.optOutLists.sort();
    }
  }
  const accounts = [
    options.owner,
    ...Object.keys(cells)
      .filter((a) => a !== options.owner)
      .sort(),
    ...new Set(shares.flatMap((s) => s.to).filter((a) => a !== options.owner && !cells[a])),
  ];
  const regions = [
    ...options.regions,
    ...new Set(
      Object.values(cells)
        .flatMap((byRegion) => Object.keys(byRegion))
        .filter((r) => !options.regions.includes(r))
        .sort(),
    ),
  ];
  return { stack, accounts, regions, cells, shares };
}
