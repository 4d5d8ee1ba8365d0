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
 * Pools with shared routes on send through AWS's shared one-way originators to any country
 * no member serves: traffic escapes the pool's country allow-list, replies are lost and
 * costs are uncapped (digest §2). AWS creates pools with shared routes off (the API's
 * default is false), but a pool that leaves the flag unset does not manage it: turning it
 * on outside the program (console, CLI, another tool) is then neither shown as drift nor
 * undone, so the policy asks for an explicit false. Mandatory, high. Config:
 * `exemptResources` (default none).
 */
export const smsPoolSharedRoutesDisabled: MessagingResourcePolicy = {
  name: "sms-pool-shared-routes-disabled",
  description:
    "Phone pools must set sharedRoutesEnabled to false explicitly. With shared routes on, AWS sends to countries no member serves through shared one-way originators, which bypasses the pool's country allow-list, loses replies and uncaps cost.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Set `sharedRoutesEnabled: false` on the pool (`aws.pinpoint.Smsvoicev2Pool` or `aws-native.smsvoice.Pool`), so the program keeps shared routes off rather than leaving the setting unmanaged. Add a member originator for every country the use case must reach.",
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
        "Pool leaves sharedRoutesEnabled unset: AWS creates pools with shared routes off, but the setting is then unmanaged, so turning it on outside the program would go unnoticed and stay; set it to false explicitly.",
      );
    }
  },
};
