/**
 * One shape for SMS resources whichever provider declared them. `@pulumi/aws` and
 * aws-native name the same settings differently (`twoWayEnabled` vs `twoWay.enabled`,
 * keywords as separate resources vs inline `optionalKeywords`); policies read these views
 * and never the raw properties, so each rule is written once.
 */
import { singleAllowedAccount } from "./accounts";
import { known } from "./policy-kit";
import {
  bool,
  isUnknown,
  list,
  obj,
  parseArn,
  regionOf,
  str,
  strings,
  tagsOf,
  nameFromArnOrName,
  type ResourceLike,
} from "./props";
import { relatedThrough, type RelatableResource } from "./relations";
import {
  AWS,
  NATIVE,
  OPT_OUT_LIST_TYPES,
  ORIGINATOR_TYPES,
  PHONE_NUMBER_TYPES,
  POOL_TYPES,
  SENDER_ID_TYPES,
} from "./types";

/** AWS's opt-out list for resources that name none. */
export const DEFAULT_OPT_OUT_LIST = "Default";

/** What the views need of a resource (`PolicyResource` and `ResourceValidationArgs` both fit). */
export interface NamedResource extends ResourceLike {
  name: string;
  urn: string;
}

/** Identifiers a resource can be referenced by (ARN, id, aws-native's `*Id` outputs). */
function identifiers(resource: NamedResource, idKeys: string[]): string[] {
  const out: string[] = [];
  for (const key of ["arn", "id", ...idKeys]) {
    const value = str(resource.props, key);
    if (value) out.push(value);
  }
  return out;
}

/** Normalises an opt-out list reference (name or ARN) to its name; unset means AWS's `Default`. */
export function optOutListNameOf(value: string | undefined): string {
  return value ? nameFromArnOrName(value) : DEFAULT_OPT_OUT_LIST;
}

/**
 * The opt-out list a pool or phone number uses. AWS identifies a list by account, Region
 * and name: a name alone means the list of that name in the resource's own account and
 * Region, an ARN names another account's shared list (or this account's) explicitly.
 */
export interface OptOutListRef {
  /** Effective list name (`Default` when unset). */
  name: string;
  /** Account the list belongs to, when known. */
  account: string | undefined;
  /** Region the list lives in, when known. */
  region: string | undefined;
  /** False when it was inferred from the resource's dependencies as a whole. */
  certain: boolean;
}

/**
 * The account a resource belongs to: its ARN's, else its provider's single
 * `allowedAccountIds` entry (while the ARN is unknown during preview), else undefined.
 */
export function accountOfResource(resource: ResourceLike): string | undefined {
  const fromArn = parseArn(str(resource.props, "arn"))?.account;
  if (fromArn) return fromArn;
  const provider = resource.provider?.props;
  return provider ? singleAllowedAccount(known(() => provider.allowedAccountIds)) : undefined;
}

/** The list a reference (name or ARN) names, seen from `holder`. */
function listReference(
  holder: NamedResource,
  value: string | undefined,
): Omit<OptOutListRef, "certain"> {
  const arn = parseArn(value);
  if (arn) {
    return {
      name: nameFromArnOrName(value!),
      account: arn.account || accountOfResource(holder),
      region: arn.region || regionOf(holder),
    };
  }
  return {
    name: value || DEFAULT_OPT_OUT_LIST,
    account: accountOfResource(holder),
    region: regionOf(holder),
  };
}

/** Physical name of an opt-out list resource (`name` in @pulumi/aws, `optOutListName` in aws-native). */
function optOutListResourceName(resource: NamedResource): string | undefined {
  if (!OPT_OUT_LIST_TYPES.includes(resource.type)) return undefined;
  return str(resource.props, resource.type === AWS.optOutList ? "name" : "optOutListName");
}

/**
 * The opt-out list a pool or phone number uses: its `optOutListName` when known; when it
 * is unknown (computed from a list being created), the one opt-out list resource the
 * engine says it was computed from. Undefined when neither settles it.
 */
export function optOutListOf(resource: NamedResource): OptOutListRef | undefined {
  if (!isUnknown(resource.props, "optOutListName")) {
    return { ...listReference(resource, str(resource.props, "optOutListName")), certain: true };
  }
  const related = relatedThrough(
    resource as RelatableResource,
    ["optOutListName"],
    OPT_OUT_LIST_TYPES,
  );
  const lists = related.resources.filter((list) => optOutListResourceName(list));
  const names = new Set(lists.map(optOutListResourceName));
  if (names.size !== 1) return undefined;
  return {
    name: optOutListResourceName(lists[0])!,
    account: accountOfResource(lists[0]),
    region: regionOf(lists[0]),
    certain: related.certain,
  };
}

/** True when two references certainly name different lists (what is unknown is not held against them). */
export function differentOptOutLists(a: OptOutListRef, b: OptOutListRef): boolean {
  if (a.name !== b.name) return true;
  if (a.account && b.account && a.account !== b.account) return true;
  return !!a.region && !!b.region && a.region !== b.region;
}

/** `"otp"`, or `"otp" in account 999988887777` when the account or Region sets it apart from `other`. */
export function optOutListLabel(list: OptOutListRef, other: OptOutListRef): string {
  const where: string[] = [];
  if (list.account && other.account && list.account !== other.account)
    where.push(`account ${list.account}`);
  if (list.region && other.region && list.region !== other.region) where.push(list.region);
  return `"${list.name}"${where.length > 0 ? ` in ${where.join(", ")}` : ""}`;
}

/** A pool, provider-independent. */
export interface PoolView {
  resource: NamedResource;
  ids: string[];
  /** Undefined when the pool leaves it to AWS (which creates pools with shared routes off). */
  sharedRoutesEnabled: boolean | undefined;
  /** Effective list name (`Default` when unset). */
  optOutListName: string;
  /** Member references as declared (ARNs or ids); unknown ones are left out. */
  members: string[];
  /** How many members are unknown until the update runs (preview of new originators); 1 when the whole list is. */
  unknownMembers: number;
  deletionProtectionEnabled: boolean | undefined;
  selfManagedOptOutsEnabled: boolean;
  twoWayEnabled: boolean;
  twoWayChannelArn: string | undefined;
  /** Opt-in keywords declared inline (aws-native `optionalKeywords` with action OPT_IN). */
  inlineOptInKeywords: string[];
  region: string | undefined;
  tags: Record<string, string>;
}

/** Elements of an array property that are unknown during preview (1 when the whole array is). */
export function unknownElements(props: Record<string, unknown>, key: string): number {
  if (isUnknown(props, key)) return 1;
  const items = list(props, key);
  let count = 0;
  for (let i = 0; i < items.length; i++) if (known(() => items[i]) === undefined) count++;
  return count;
}

/** Inline aws-native keywords with the given action. */
function inlineKeywords(props: Record<string, unknown>, action: string): string[] {
  const out: string[] = [];
  const items = list(props, "optionalKeywords");
  for (let i = 0; i < items.length; i++) {
    const item = known(() => items[i]) as Record<string, unknown> | undefined;
    if (item && str(item, "action") === action) {
      const keyword = str(item, "keyword");
      if (keyword) out.push(keyword);
    }
  }
  return out;
}

/** Two-way settings: `twoWayEnabled`/`twoWayChannelEnabled` + `twoWayChannelArn` (aws) or `twoWay` (aws-native). */
function twoWayOf(resource: NamedResource): { enabled: boolean; channelArn: string | undefined } {
  if (resource.type.startsWith("aws-native:")) {
    const twoWay = obj(resource.props, "twoWay");
    return {
      enabled: (twoWay && bool(twoWay, "enabled")) === true,
      channelArn: twoWay && str(twoWay, "channelArn"),
    };
  }
  const flag = resource.type === AWS.pool ? "twoWayEnabled" : "twoWayChannelEnabled";
  return {
    enabled: bool(resource.props, flag) === true,
    channelArn: str(resource.props, "twoWayChannelArn"),
  };
}

/** The pool view of a pool resource, or undefined for other types. */
export function poolView(resource: NamedResource): PoolView | undefined {
  if (!POOL_TYPES.includes(resource.type)) return undefined;
  const twoWay = twoWayOf(resource);
  return {
    resource,
    ids: identifiers(resource, ["poolId"]),
    sharedRoutesEnabled: bool(resource.props, "sharedRoutesEnabled"),
    optOutListName: optOutListNameOf(str(resource.props, "optOutListName")),
    members: strings(resource.props, "originationIdentities"),
    unknownMembers: unknownElements(resource.props, "originationIdentities"),
    deletionProtectionEnabled: bool(resource.props, "deletionProtectionEnabled"),
    selfManagedOptOutsEnabled: bool(resource.props, "selfManagedOptOutsEnabled") === true,
    twoWayEnabled: twoWay.enabled,
    twoWayChannelArn: twoWay.channelArn,
    inlineOptInKeywords:
      resource.type === NATIVE.pool ? inlineKeywords(resource.props, "OPT_IN") : [],
    region: regionOf(resource),
    tags: tagsOf(resource.props),
  };
}

/** Originator kinds, as the pack counts "originator types" (digest §6). */
export type OriginatorType =
  "LONG_CODE" | "TOLL_FREE" | "TEN_DLC" | "SHORT_CODE" | "SIMULATOR" | "SENDER_ID" | string;

/** A phone number or sender ID, provider-independent. */
export interface OriginatorView {
  resource: NamedResource;
  kind: "phoneNumber" | "senderId";
  ids: string[];
  country: string | undefined;
  /** `numberType` of phone numbers; `SENDER_ID` for sender IDs. */
  originatorType: OriginatorType | undefined;
  /** Effective opt-out list of a phone number (`Default` when unset); undefined for sender IDs. */
  optOutListName: string | undefined;
  senderId: string | undefined;
  deletionProtectionEnabled: boolean | undefined;
  selfManagedOptOutsEnabled: boolean;
  twoWayEnabled: boolean;
  twoWayChannelArn: string | undefined;
  region: string | undefined;
  tags: Record<string, string>;
}

/** The originator view of a phone number or sender ID, or undefined for other types. */
export function originatorView(resource: NamedResource): OriginatorView | undefined {
  const isNumber = PHONE_NUMBER_TYPES.includes(resource.type);
  const isSender = SENDER_ID_TYPES.includes(resource.type);
  if (!isNumber && !isSender) return undefined;
  const twoWay = isNumber ? twoWayOf(resource) : { enabled: false, channelArn: undefined };
  return {
    resource,
    kind: isNumber ? "phoneNumber" : "senderId",
    ids: identifiers(resource, isNumber ? ["phoneNumberId"] : []),
    country: str(resource.props, "isoCountryCode"),
    originatorType: isNumber ? str(resource.props, "numberType") : "SENDER_ID",
    optOutListName: isNumber ? optOutListNameOf(str(resource.props, "optOutListName")) : undefined,
    senderId: isSender ? str(resource.props, "senderId") : undefined,
    deletionProtectionEnabled: bool(resource.props, "deletionProtectionEnabled"),
    selfManagedOptOutsEnabled: bool(resource.props, "selfManagedOptOutsEnabled") === true,
    twoWayEnabled: twoWay.enabled,
    twoWayChannelArn: twoWay.channelArn,
    region: regionOf(resource),
    tags: tagsOf(resource.props),
  };
}

/** Index of originators by every identifier they can be referenced by. */
export function originatorIndex(resources: readonly NamedResource[]): Map<string, OriginatorView> {
  const index = new Map<string, OriginatorView>();
  for (const resource of resources) {
    const view = originatorView(resource);
    if (view) for (const id of view.ids) index.set(id, view);
  }
  return index;
}

/** Members of a pool, related by identifier or, where identifiers are unknown, by the engine's dependencies. */
export interface PoolMembers {
  /**
   * Originators the pool certainly holds: matched by identifier, or named by the engine as
   * what `originationIdentities` was computed from (new originators during preview).
   */
  resolved: OriginatorView[];
  /**
   * Declared originators that may be the pool's unknown members: among the pool's
   * dependencies, when the engine sent no property dependencies. Not certain members.
   */
  candidates: OriginatorView[];
  /** Known references that match no originator declared in the stack (adopted by ARN). */
  unresolved: string[];
  /**
   * True when some members are unknown and the engine sent no dependency information that
   * could relate them (an unknown value always comes from some resource it depends on).
   */
  unrelatable: boolean;
}

/**
 * Members of a pool: known references matched through `index`, unknown ones related
 * through the pool's `propertyDependencies` (or, failing those, its `dependencies` as
 * candidates). Unknown members computed from resources that are not originators are
 * references to originators declared elsewhere, like {@link PoolMembers.unresolved}.
 */
export function poolMembers(pool: PoolView, index: Map<string, OriginatorView>): PoolMembers {
  const { resolved, unresolved } = resolveMembers(pool, index);
  const candidates: OriginatorView[] = [];
  let unrelatable = false;
  if (pool.unknownMembers > 0) {
    const resource = pool.resource as RelatableResource;
    const related = relatedThrough(resource, ["originationIdentities"], ORIGINATOR_TYPES);
    const known = new Set(resolved.map((view) => view.resource.urn));
    for (const source of related.resources) {
      const view = originatorView(source);
      if (!view || known.has(source.urn)) continue;
      known.add(source.urn);
      (related.certain ? resolved : candidates).push(view);
    }
    const sentAny =
      (resource.propertyDependencies?.originationIdentities?.length ?? 0) > 0 ||
      (resource.dependencies?.length ?? 0) > 0;
    unrelatable = !sentAny;
  }
  return { resolved, candidates, unresolved, unrelatable };
}

/** Members of a pool resolved to originators declared in the stack, and the references that are not. */
export function resolveMembers(
  pool: PoolView,
  index: Map<string, OriginatorView>,
): { resolved: OriginatorView[]; unresolved: string[] } {
  const resolved: OriginatorView[] = [];
  const unresolved: string[] = [];
  for (const member of pool.members) {
    const view = index.get(member);
    if (view) resolved.push(view);
    else unresolved.push(member);
  }
  return { resolved, unresolved };
}
