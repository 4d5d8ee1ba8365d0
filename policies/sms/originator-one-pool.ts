/**
 * `sms-originator-one-pool`: an originator is a member of one pool at most.
 */
import {
  configSchema,
  isExempt,
  listText,
  readConfig,
  type MessagingStackPolicy,
} from "../lib/policy-kit";
import { nameFromArnOrName } from "../lib/props";
import { originatorIndex, poolView, resolveMembers } from "../lib/sms-model";
import { POOL_TYPES } from "../lib/types";

const schema = configSchema();

/**
 * AWS holds an origination identity in one pool at most (`AssociateOriginationIdentity`
 * refuses a second pool; AWS End User Messaging SMS User Guide, "Pools"), whatever the
 * pools' message types. Two pools naming the same number or sender ID, declared or adopted
 * by ARN or id, fail halfway through `pulumi up`, after the first pool took it. Members are
 * compared by the originator they resolve to (any of its ARN and ids), else by their id
 * (an ARN's last segment). Unknown members (new originators during preview) cannot be
 * compared and pass. Mandatory, high. Config: `exemptResources` (pools; default none).
 */
export const smsOriginatorOnePool: MessagingStackPolicy = {
  name: "sms-originator-one-pool",
  description:
    "An originator (phone number or sender ID) may belong to one pool only: AWS refuses to associate it with a second pool.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "List each phone number and sender ID in the originationIdentities of one pool only; to serve two use cases from one number, give them one pool, or request another number.",
  configSchema: schema,
  validateStack: (args, reportViolation) => {
    const config = readConfig(args, schema);
    const index = originatorIndex(args.resources);
    // Identity (an originator's URN, or the referenced id) → pools naming it, in stack order.
    const holders = new Map<string, { label: string; pools: { name: string; urn: string }[] }>();
    // Pools by name, so the first holder (the one not reported) does not depend on the
    // order the engine sends resources in.
    const pools = args.resources
      .filter((r) => POOL_TYPES.includes(r.type) && !isExempt(config, r))
      .sort((a, b) => a.name.localeCompare(b.name) || a.urn.localeCompare(b.urn));
    for (const resource of pools) {
      const pool = poolView(resource)!;
      const { resolved, unresolved } = resolveMembers(pool, index);
      const identities = [
        ...resolved.map((view) => ({ key: view.resource.urn, label: view.resource.name })),
        ...unresolved.map((ref) => ({
          key: nameFromArnOrName(ref),
          label: nameFromArnOrName(ref),
        })),
      ];
      for (const { key, label } of identities) {
        const entry = holders.get(key) ?? { label, pools: [] };
        if (!entry.pools.some((p) => p.urn === resource.urn)) {
          entry.pools.push({ name: resource.name, urn: resource.urn });
        }
        holders.set(key, entry);
      }
    }
    for (const { label, pools } of holders.values()) {
      if (pools.length < 2) continue;
      for (const pool of pools.slice(1)) {
        reportViolation(
          `Originator ${label} is already a member of pool ${pools[0].name}; AWS holds an originator in one pool only, so this pool's association fails. Members of ${listText(pools.map((p) => p.name))} must not overlap.`,
          pool.urn,
        );
      }
    }
  },
};
