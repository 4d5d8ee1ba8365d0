/**
 * `sms-standby-capacity`: a standby Region's pool carries at least a share of the primary's
 * throughput to each country.
 */
import {
  configSchema,
  equalsIgnoringCase,
  isExempt,
  listText,
  readConfig,
  type MessagingStackPolicy,
} from "../lib/policy-kit";
import { originatorIndex, poolView, resolveMembers, type PoolView } from "../lib/sms-model";
import {
  formatMps,
  ORIGINATOR_KINDS,
  poolThroughput,
  type OriginatorKind,
  type ThroughputOriginator,
  type ThroughputSettings,
} from "../lib/throughput";

interface Config {
  minShare: number;
  mpsByType: Partial<Record<OriginatorKind, number>>;
  tenDlcCampaignMps: number;
  useCaseTagKey: string;
  regionRoleTagKey: string;
}

const schema = configSchema({
  minShare: {
    type: "number",
    minimum: 0,
    maximum: 1,
    default: 0.5,
    description:
      "Least share of the primary's message parts per second (per country) a standby pool should carry. Default: 0.5.",
  },
  mpsByType: {
    type: "object",
    additionalProperties: { type: "number", exclusiveMinimum: 0 },
    default: {},
    description:
      "MPS per originator type where AWS raised it (SHORT_CODE, TEN_DLC, TOLL_FREE, LONG_CODE, SENDER_ID), replacing AWS's documented defaults (100, 1, 3, none, 10). Default: {}.",
  },
  tenDlcCampaignMps: {
    type: "number",
    minimum: 0,
    default: 0,
    description:
      "The 10DLC campaigns' allowance, capping every 10DLC number; 0 means no cap. Default: 0.",
  },
  useCaseTagKey: {
    type: "string",
    default: "messaging:use-case",
    description: 'Tag naming a pool\'s use case. Default: "messaging:use-case".',
  },
  regionRoleTagKey: {
    type: "string",
    default: "messaging:region-role",
    description:
      'Tag whose value (primary or standby) tells the Regions apart. Default: "messaging:region-role".',
  },
});

/** A pool's members that the stack declares, as the throughput model takes them. */
function membersOf(
  pools: PoolView[],
  index: ReturnType<typeof originatorIndex>,
): ThroughputOriginator[] {
  const out: ThroughputOriginator[] = [];
  for (const pool of pools) {
    for (const member of resolveMembers(pool, index).resolved) {
      const kind = member.originatorType as OriginatorKind;
      if (!member.country || !ORIGINATOR_KINDS.includes(kind)) continue;
      out.push({ kind, country: member.country, id: member.resource.name });
    }
  }
  return out;
}

/**
 * Failing over moves a use case's traffic to its pool in a standby Region, which sends only
 * as fast as its originators: a US short code sends 100 message parts per second, a
 * toll-free number 3, a 10DLC number 1 until its campaign's allowance is raised ("How to
 * Manage Global Sending of SMS with Amazon Pinpoint"; the AWS End User Messaging SMS User
 * Guide). A standby that carries a small share of the primary queues and throttles the
 * moment it takes over. Per use case (its tag) and country the primary pool serves, the
 * standby's figure (its fastest declared member; pools send from one member at a time) is
 * compared with the primary's. Members adopted by ARN are not declared in the stack, so their
 * type is unknown: a pool whose figure rests on them is not judged. Advisory, medium.
 * Config: `minShare` (default 0.5), `mpsByType`, `tenDlcCampaignMps`, `useCaseTagKey`,
 * `regionRoleTagKey`, `exemptResources` (pools; default none).
 */
export const smsStandbyCapacity: MessagingStackPolicy = {
  name: "sms-standby-capacity",
  description:
    "A use case's pool in a standby Region should carry at least a configurable share (default half) of its primary pool's message parts per second to each country, so that a failover does not throttle sending.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps:
    "Give the standby pool an originator as fast as the primary's for the country (e.g. a short code, or more registered numbers with a raised limit), or request higher throughput from AWS for the standby's originators; then set mpsByType or tenDlcCampaignMps to the granted figures.",
  configSchema: schema,
  validateStack: (args, reportViolation) => {
    const config = readConfig<Config>(args, schema);
    const settings: ThroughputSettings = {
      byKind: config.mpsByType,
      tenDlcCampaignMps: config.tenDlcCampaignMps > 0 ? config.tenDlcCampaignMps : undefined,
    };
    const pools = args.resources
      .map(poolView)
      .filter((p): p is PoolView => !!p && !isExempt(config, p.resource));
    const roleOf = (p: PoolView) => p.tags[config.regionRoleTagKey];
    const useCaseOf = (p: PoolView) => p.tags[config.useCaseTagKey];
    const index = originatorIndex(args.resources);
    const primaries = pools.filter((p) => equalsIgnoringCase(roleOf(p), "primary"));
    const standbys = pools.filter((p) => equalsIgnoringCase(roleOf(p), "standby"));
    if (primaries.length === 0 || standbys.length === 0) {
      args.notApplicable(`no pools tagged ${config.regionRoleTagKey}: primary and standby`);
    }
    for (const primary of primaries) {
      const useCase = useCaseOf(primary);
      // Unknown members (new originators during preview): judge once they exist.
      if (useCase === undefined || primary.unknownMembers > 0) continue;
      const primaryMembers = membersOf([primary], index);
      const countries = [...new Set(primaryMembers.map((m) => m.country))].sort();
      const reference = poolThroughput(primaryMembers, countries, settings);
      const peersByRegion = new Map<string, PoolView[]>();
      for (const peer of standbys) {
        if (!equalsIgnoringCase(useCaseOf(peer), useCase) || !peer.region) continue;
        peersByRegion.set(peer.region, [...(peersByRegion.get(peer.region) ?? []), peer]);
      }
      for (const [region, peers] of [...peersByRegion].sort(([a], [b]) => a.localeCompare(b))) {
        if (peers.some((p) => p.unknownMembers > 0)) continue;
        const figures = poolThroughput(membersOf(peers, index), countries, settings);
        const short = countries.filter((country) => {
          const want = reference[country].mps;
          const have = figures[country].mps;
          // A country the standby does not serve at all is sms-standby-region-parity's.
          if (!want || have === undefined || figures[country].originators === 0) return false;
          return have < config.minShare * want;
        });
        if (short.length === 0) continue;
        const detail = short.map(
          (c) => `${c} ${formatMps(figures[c].mps)} against ${formatMps(reference[c].mps)}`,
        );
        reportViolation(
          `Use case ${useCase}'s pool in the standby Region ${region} carries less than ${Math.round(config.minShare * 100)}% of its primary pool's throughput to ${listText(short)} (${detail.join("; ")}); a failover would throttle sending there.`,
          peers[0].resource.urn,
        );
      }
    }
  },
};
