/**
 * `sms-pool-opt-in-keyword`: every pool answers at least one opt-in keyword.
 */
import {
  configSchema,
  isExempt,
  listText,
  readConfig,
  reportUnverifiable,
  type MessagingStackPolicy,
} from "../lib/policy-kit";
import { isUnknown, str } from "../lib/props";
import { relatedThrough, type RelatableResource } from "../lib/relations";
import { poolView } from "../lib/sms-model";
import { AWS, NATIVE, POOL_TYPES } from "../lib/types";

const schema = configSchema();

/**
 * Each use case's pool needs at least one opt-in keyword (`PutKeyword` with action OPT_IN)
 * so people can subscribe, and come back after STOP, by text (digest §2, §3.2, §14.3). A
 * stack policy: `@pulumi/aws` declares keywords as separate `Smsvoicev2Keyword` resources
 * pointing at the pool's ARN; aws-native pools carry them inline (`optionalKeywords`).
 * During `pulumi preview` of a new pool its ARN is unknown, and so is the keyword's
 * `originationIdentityArn`; the keyword is then related to its pool through its
 * `propertyDependencies` (the pool that value was computed from). A pool with no keyword
 * at all still fails. When only a keyword's plain `dependencies` (or nothing) could relate
 * it, the pools it may belong to are reported as an advisory "cannot verify during
 * preview" diagnostic instead of passing silently or failing. Advisory, medium (the
 * digest's level; the prod config makes it mandatory). Config: `exemptResources` (pools;
 * default none).
 */
export const smsPoolOptInKeyword: MessagingStackPolicy = {
  name: "sms-pool-opt-in-keyword",
  description:
    "Every phone pool should answer at least one opt-in keyword (keyword action OPT_IN), so that recipients can subscribe, and rejoin after STOP, by text.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps:
    'Declare a keyword such as JOIN or START with `keywordAction: "OPT_IN"` on the pool (`aws.pinpoint.Smsvoicev2Keyword` with `originationIdentityArn` set to the pool\'s ARN, or an `optionalKeywords` entry with action OPT_IN on an aws-native pool), with a 20–160 character confirmation.',
  configSchema: schema,
  validateStack: (args, reportViolation) => {
    const config = readConfig(args, schema);
    const pools = args.resources.filter((r) => POOL_TYPES.includes(r.type));
    const poolById = new Map<string, string>();
    for (const resource of pools) {
      for (const id of poolView(resource)!.ids) poolById.set(id, resource.urn);
    }
    // Pools (by URN) that certainly have an OPT_IN keyword resource, and those that may.
    const covered = new Set<string>();
    const maybe = new Map<string, string[]>();
    const addMaybe = (urn: string, keyword: string) =>
      maybe.set(urn, [...(maybe.get(urn) ?? []), keyword]);
    for (const resource of args.resources) {
      if (resource.type !== AWS.keyword) continue;
      const actionUnknown = isUnknown(resource.props, "keywordAction");
      if (!actionUnknown && str(resource.props, "keywordAction") !== "OPT_IN") continue;
      let targets: string[];
      let certain = !actionUnknown;
      if (!isUnknown(resource.props, "originationIdentityArn")) {
        const target = str(resource.props, "originationIdentityArn");
        const pool = target ? poolById.get(target) : undefined;
        targets = pool ? [pool] : [];
      } else {
        const related = relatedThrough(
          resource as RelatableResource,
          ["originationIdentityArn"],
          POOL_TYPES,
        );
        targets = related.resources.map((r) => r.urn);
        certain &&= related.certain && targets.length === 1;
        // No dependency information at all: it may be any pool's keyword.
        if (targets.length === 0 && (resource.dependencies?.length ?? 0) === 0) {
          targets = pools.map((r) => r.urn);
          certain = false;
        }
      }
      for (const urn of targets) {
        if (certain) covered.add(urn);
        else addMaybe(urn, resource.name);
      }
    }
    const unverifiable: string[] = [];
    for (const resource of pools) {
      const pool = poolView(resource)!;
      if (isExempt(config, resource)) continue;
      if (pool.inlineOptInKeywords.length > 0 || covered.has(resource.urn)) continue;
      if (resource.type === NATIVE.pool && isUnknown(resource.props, "optionalKeywords")) {
        unverifiable.push(`the inline keywords of pool ${resource.name}`);
        continue;
      }
      const keywords = maybe.get(resource.urn);
      if (keywords) {
        unverifiable.push(
          `whether ${[...new Set(keywords)].length === 1 ? "keyword" : "keywords"} ${listText([...new Set(keywords)])} opt recipients in to pool ${resource.name}`,
        );
        continue;
      }
      reportViolation(
        `Pool ${resource.name} has no opt-in keyword; declare at least one keyword with action OPT_IN (e.g. JOIN).`,
        resource.urn,
      );
    }
    reportUnverifiable(unverifiable);
  },
};
