/**
 * `sms-pool-opt-out-list-matches-members`: a pool's opt-out list and each member phone
 * number's must be the same list.
 */
import { configSchema, isExempt, readConfig, type MessagingStackPolicy } from "../lib/policy-kit";
import { isUnknown } from "../lib/props";
import { originatorIndex, poolView, resolveMembers } from "../lib/sms-model";

const schema = configSchema();

/**
 * AWS refuses to add a phone number to a pool on a different opt-out list, and a mismatch
 * splits who said STOP across two lists (digest §2, §14.2). A stack policy: members are
 * separate resources, related to pools through `originationIdentities` (ARNs or ids).
 * Members not declared in the stack (adopted by ARN) are not checked. Sender IDs carry no
 * opt-out list. Mandatory, high. Config: `exemptResources` (pools or numbers; default none).
 */
export const smsPoolOptOutListMatchesMembers: MessagingStackPolicy = {
  name: "sms-pool-opt-out-list-matches-members",
  description:
    "Every phone number in a pool must use the pool's opt-out list. AWS refuses to associate a number on another list, and split lists lose opt-outs: a STOP recorded on one list is not honoured by sends through the other.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Set the phone number's `optOutListName` to the pool's list (a number left unset uses the list named `Default`), before the number joins the pool.",
  configSchema: schema,
  validateStack: (args, reportViolation) => {
    const config = readConfig(args, schema);
    const index = originatorIndex(args.resources);
    for (const resource of args.resources) {
      const pool = poolView(resource);
      if (!pool || isExempt(config, resource) || isUnknown(resource.props, "optOutListName"))
        continue;
      for (const member of resolveMembers(pool, index).resolved) {
        if (member.kind !== "phoneNumber" || isExempt(config, member.resource)) continue;
        if (isUnknown(member.resource.props, "optOutListName")) continue;
        if (member.optOutListName !== pool.optOutListName) {
          reportViolation(
            `Phone number ${member.resource.name} uses opt-out list "${member.optOutListName}" but its pool ${resource.name} uses "${pool.optOutListName}"; both must use the same list.`,
            member.resource.urn,
          );
        }
      }
    }
  },
};
