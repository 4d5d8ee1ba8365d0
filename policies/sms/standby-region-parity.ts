/**
 * `sms-standby-region-parity`: every use case of the primary Region has a pool in each
 * standby Region serving the same countries.
 */
import {
  configSchema,
  equalsIgnoringCase,
  includesIgnoringCase,
  isExempt,
  listText,
  readConfig,
  type MessagingStackPolicy,
} from "../lib/policy-kit";
import { originatorIndex, poolView, resolveMembers, type PoolView } from "../lib/sms-model";

interface Config {
  useCaseTagKey: string;
  regionRoleTagKey: string;
  primaryRegion: string;
  standbyRegions: string[];
  exemptUseCases: string[];
}

const schema = configSchema({
  useCaseTagKey: {
    type: "string",
    default: "messaging:use-case",
    description: 'Tag naming a pool\'s use case. Default: "messaging:use-case".',
  },
  regionRoleTagKey: {
    type: "string",
    default: "messaging:region-role",
    description:
      'Tag whose value (primary or standby) tells the Regions apart when primaryRegion/standbyRegions are not set. Default: "messaging:region-role".',
  },
  primaryRegion: {
    type: "string",
    default: "",
    description: 'The Region that sends today. Default: "" (the Region of pools tagged primary).',
  },
  standbyRegions: {
    type: "array",
    items: { type: "string" },
    default: [],
    description:
      "Regions kept ready to take over. Default: none (the Regions of pools tagged standby).",
  },
  exemptUseCases: {
    type: "array",
    items: { type: "string" },
    default: [],
    description: "Use cases deliberately served from one Region only. Default: none.",
  },
});

/** Countries served by a pool's members that are declared in the stack. */
function countriesOf(
  pool: PoolView,
  index: ReturnType<typeof originatorIndex>,
): { countries: Set<string>; unresolved: number } {
  const { resolved, unresolved } = resolveMembers(pool, index);
  return {
    countries: new Set(resolved.map((m) => m.country).filter((c): c is string => !!c)),
    unresolved: unresolved.length,
  };
}

/**
 * Originators are bound to their Region and cannot be moved, so failing over during a
 * regional outage only works if every use case already has a pool in each standby Region
 * that reaches the same countries (digest §6, Region level). Pools are related to use
 * cases by the use-case tag (tag values compared ignoring case); members declared outside the stack (adopted by ARN) cannot be
 * checked and are mentioned in the message. Advisory, high (the digest rates missing
 * standby coverage advisory; the prod config makes it mandatory). Config: `useCaseTagKey`,
 * `regionRoleTagKey`, `primaryRegion`, `standbyRegions`, `exemptUseCases`,
 * `exemptResources` (pools; default none).
 */
export const smsStandbyRegionParity: MessagingStackPolicy = {
  name: "sms-standby-region-parity",
  description:
    "Every use case with a pool in the primary Region must have a pool in each standby Region that serves the same destination countries, so that sending can fail over during a regional outage: originators cannot be moved between Regions once it happens.",
  enforcementLevel: "advisory",
  severity: "high",
  remediationSteps:
    "In each standby Region, declare the use case's pool (tagged with its use case) with originators for every country its primary pool serves; register them there in advance, since registrations take days to weeks.",
  configSchema: schema,
  validateStack: (args, reportViolation) => {
    const config = readConfig<Config>(args, schema);
    const pools = args.resources
      .map(poolView)
      .filter((p): p is PoolView => !!p && !isExempt(config, p.resource));
    const roleOf = (p: PoolView) => p.tags[config.regionRoleTagKey];
    const primary =
      config.primaryRegion ||
      pools.find((p) => equalsIgnoringCase(roleOf(p), "primary") && p.region)?.region ||
      undefined;
    if (!primary) {
      args.notApplicable(
        `no primary Region: set primaryRegion or tag pools with ${config.regionRoleTagKey}: primary`,
      );
    }
    const standbys = config.standbyRegions.length
      ? config.standbyRegions.filter((r) => r !== primary)
      : [
          ...new Set(
            pools
              .filter((p) => equalsIgnoringCase(roleOf(p), "standby") && p.region)
              .map((p) => p.region!),
          ),
        ].filter((r) => r !== primary);
    if (standbys.length === 0) {
      args.notApplicable(
        `no standby Region: set standbyRegions or tag pools with ${config.regionRoleTagKey}: standby`,
      );
    }
    const index = originatorIndex(args.resources);
    for (const pool of pools.filter((p) => p.region === primary)) {
      const useCase = pool.tags[config.useCaseTagKey];
      if (useCase === undefined) {
        reportViolation(
          `Pool ${pool.resource.name} in the primary Region ${primary} has no ${config.useCaseTagKey} tag, so its standby coverage cannot be checked; tag it with its use case.`,
          pool.resource.urn,
        );
        continue;
      }
      if (includesIgnoringCase(config.exemptUseCases, useCase)) continue;
      const wanted = countriesOf(pool, index).countries;
      for (const standby of standbys) {
        const peers = pools.filter(
          (p) => p.region === standby && equalsIgnoringCase(p.tags[config.useCaseTagKey], useCase),
        );
        if (peers.length === 0) {
          reportViolation(
            `Use case ${useCase} has a pool in the primary Region ${primary} but none in the standby Region ${standby}; declare one there so sending can fail over.`,
            pool.resource.urn,
          );
          continue;
        }
        // Originators created by this update have unknown ARNs during preview: judge after it.
        if (peers.some((peer) => peer.unknownMembers > 0) || pool.unknownMembers > 0) continue;
        const covered = new Set<string>();
        let unresolved = 0;
        for (const peer of peers) {
          const found = countriesOf(peer, index);
          found.countries.forEach((c) => covered.add(c));
          unresolved += found.unresolved;
        }
        const missing = [...wanted].filter((c) => !covered.has(c)).sort();
        if (missing.length > 0) {
          const note =
            unresolved > 0
              ? ` (${unresolved} member(s) not declared in this stack could not be checked)`
              : "";
          reportViolation(
            `Use case ${useCase}'s pool in the standby Region ${standby} does not serve ${listText(missing)}, which its pool in the primary Region ${primary} serves${note}; add originators for them in ${standby}.`,
            peers[0].resource.urn,
          );
        }
      }
    }
  },
};
