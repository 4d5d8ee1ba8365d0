/**
 * `sms-pool-opt-out-list-matches-members`: a pool's opt-out list and each member phone
 * number's must be the same list.
 */
import {
  configSchema,
  isExempt,
  readConfig,
  reportUnverifiable,
  type MessagingStackPolicy,
} from "../lib/policy-kit";
import {
  differentOptOutLists,
  optOutListLabel,
  optOutListOf,
  originatorIndex,
  poolMembers,
  poolView,
} from "../lib/sms-model";

const schema = configSchema();

/**
 * AWS refuses to add a phone number to a pool on a different opt-out list, and a mismatch
 * splits who said STOP across two lists (digest §2, §14.2). A list is identified by
 * account, Region and name: a pool on another account's shared list (named by ARN) and a
 * member on a local list of the same name are on different lists. A stack policy: members are
 * separate resources, related to pools through `originationIdentities` (ARNs or ids).
 * During `pulumi preview` of new numbers those ARNs are unknown; members are then related
 * through the pool's `propertyDependencies` (the resources `originationIdentities` was
 * computed from), and an unknown `optOutListName` through the opt-out list resource it was
 * computed from. A relation only the resource's plain `dependencies` suggest, or none at
 * all, is reported as an advisory "cannot verify during preview" diagnostic, never as a
 * mandatory violation. Members not declared in the stack (adopted by ARN) are not
 * checked. Sender IDs carry no opt-out list. Mandatory, high. Config: `exemptResources`
 * (pools or numbers; default none).
 */
export const smsPoolOptOutListMatchesMembers: MessagingStackPolicy = {
  name: "sms-pool-opt-out-list-matches-members",
  description:
    "Every phone number in a pool must use the pool's opt-out list. AWS refuses to associate a number on another list, and split lists lose opt-outs: a STOP recorded on one list is not honoured by sends through the other.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Set the phone number's `optOutListName` to the pool's list (a number left unset uses the list named `Default`; a pool on a list shared from another account names it by ARN, and so must its numbers), before the number joins the pool.",
  configSchema: schema,
  validateStack: (args, reportViolation) => {
    const config = readConfig(args, schema);
    const index = originatorIndex(args.resources);
    const unverifiable: string[] = [];
    for (const resource of args.resources) {
      const pool = poolView(resource);
      if (!pool || isExempt(config, resource)) continue;
      const members = poolMembers(pool, index);
      if (members.unrelatable) unverifiable.push(`which phone numbers pool ${resource.name} holds`);
      const numbers = [...members.resolved, ...members.candidates].filter(
        (m) => m.kind === "phoneNumber" && !isExempt(config, m.resource),
      );
      if (numbers.length === 0) continue;
      const poolList = optOutListOf(resource);
      if (!poolList) {
        unverifiable.push(`the opt-out list of pool ${resource.name}`);
        continue;
      }
      for (const member of numbers) {
        const name = member.resource.name;
        const memberList = optOutListOf(member.resource);
        if (!memberList) {
          unverifiable.push(`the opt-out list of phone number ${name} in pool ${resource.name}`);
          continue;
        }
        if (!differentOptOutLists(memberList, poolList)) continue;
        const memberLabel = optOutListLabel(memberList, poolList);
        const poolLabel = optOutListLabel(poolList, memberList);
        if (members.resolved.includes(member) && poolList.certain && memberList.certain) {
          reportViolation(
            `Phone number ${name} uses opt-out list ${memberLabel} but its pool ${resource.name} uses ${poolLabel}; both must use the same list.`,
            member.resource.urn,
          );
        } else {
          unverifiable.push(
            `whether phone number ${name} (opt-out list ${memberLabel}) is in pool ${resource.name} (opt-out list ${poolLabel})`,
          );
        }
      }
    }
    reportUnverifiable(unverifiable);
  },
};
