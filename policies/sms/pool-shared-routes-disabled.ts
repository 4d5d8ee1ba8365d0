/**
 * `sms-pool-shared-routes-disabled`: pools must set `sharedRoutesEnabled: false` explicitly.
 */
import {
  configSchema,
  isExempt,
  readConfig,
  type MessagingResourcePolicy,
} from "../lib/policy-kit";
import { isUnknown } from "../lib/props";
import { poolView } from "../lib/sms-model";
import { POOL_TYPES } from "../lib/types";

const schema = configSchema();

/**
 * Pools with shared routes on (or left to AWS, which turns them on) send through AWS's
 * shared one-way originators to any country no member serves: traffic escapes the pool's
 * country allow-list, replies are lost and costs are uncapped (digest §2). Mandatory,
 * high. Config: `exemptResources` (default none).
 */
export const smsPoolSharedRoutesDisabled: MessagingResourcePolicy = {
  name: "sms-pool-shared-routes-disabled",
  description:
    "Phone pools must set sharedRoutesEnabled to false explicitly. With shared routes on, AWS sends to countries no member serves through shared one-way originators, which bypasses the pool's country allow-list, loses replies and uncaps cost.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Set `sharedRoutesEnabled: false` on the pool (`aws.pinpoint.Smsvoicev2Pool` or `aws-native.smsvoice.Pool`); leaving it unset lets AWS turn shared routes on. Add a member originator for every country the use case must reach.",
  configSchema: schema,
  validateResource: (args, reportViolation) => {
    if (!POOL_TYPES.includes(args.type)) args.notApplicable("applies to SMS pools only");
    if (isExempt(readConfig(args, schema), args)) args.notApplicable("exempted by exemptResources");
    if (isUnknown(args.props, "sharedRoutesEnabled")) return;
    const pool = poolView(args)!;
    if (pool.sharedRoutesEnabled === true) {
      reportViolation("Pool has sharedRoutesEnabled: true; set it to false.");
    } else if (pool.sharedRoutesEnabled === undefined) {
      reportViolation(
        "Pool leaves sharedRoutesEnabled unset, and AWS then enables shared routes; set it to false explicitly.",
      );
    }
  },
};
