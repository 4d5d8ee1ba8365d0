/**
 * `sms-pool-opt-in-keyword`: every pool answers at least one opt-in keyword.
 */
import { configSchema, isExempt, readConfig, type MessagingStackPolicy } from "../lib/policy-kit";
import { str } from "../lib/props";
import { poolView } from "../lib/sms-model";
import { AWS } from "../lib/types";

const schema = configSchema();

/**
 * Each use case's pool needs at least one opt-in keyword (`PutKeyword` with action OPT_IN)
 * so people can subscribe, and come back after STOP, by text (digest §2, §3.2, §14.3). A
 * stack policy: `@pulumi/aws` declares keywords as separate `Smsvoicev2Keyword` resources
 * pointing at the pool's ARN; aws-native pools carry them inline (`optionalKeywords`).
 * Advisory, medium (the digest's level; the prod config makes it mandatory). Config:
 * `exemptResources` (pools; default none).
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
    // Origination identities (pool ARNs or ids) that have an OPT_IN keyword resource.
    const withOptIn = new Set<string>();
    for (const resource of args.resources) {
      if (resource.type !== AWS.keyword) continue;
      if (str(resource.props, "keywordAction") !== "OPT_IN") continue;
      const target = str(resource.props, "originationIdentityArn");
      if (target) withOptIn.add(target);
    }
    for (const resource of args.resources) {
      const pool = poolView(resource);
      if (!pool || isExempt(config, resource)) continue;
      // A pool whose ARN is not known yet (preview of a new pool) cannot be matched to keywords.
      if (pool.ids.length === 0 && pool.inlineOptInKeywords.length === 0) continue;
      if (pool.inlineOptInKeywords.length > 0 || pool.ids.some((id) => withOptIn.has(id))) continue;
      reportViolation(
        `Pool ${resource.name} has no opt-in keyword; declare at least one keyword with action OPT_IN (e.g. JOIN).`,
        resource.urn,
      );
    }
  },
};
