/**
 * `ram-share-principal-allow-list`: RAM shares name only allow-listed principals.
 */
import {
  configSchema,
  isExempt,
  readConfig,
  type MessagingResourcePolicy,
} from "../lib/policy-kit";
import { isUnknown, str, strings } from "../lib/props";
import { AWS, NATIVE } from "../lib/types";

interface Config {
  allowedPrincipals: string[];
}

const schema = configSchema({
  allowedPrincipals: {
    type: "array",
    items: { type: "string" },
    default: [],
    description:
      "Account ids, OU or organization ARNs that may receive shares (`*` matches any run of characters). Default: none, which leaves the policy inactive until an allow-list is configured (the prod and dev configs set one).",
  },
});

/** `*` glob match of a whole string. */
function matches(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
  return re.test(value);
}

/**
 * Every principal a share grants to (aws `ram.PrincipalAssociation`, aws-native
 * `ram.ResourceShare.principals`) must be on a reviewed allow-list: sharing a pool or an
 * opt-out list gives the receiver sending rights on the estate's numbers (digest §6,
 * account-level resiliency). The allow-list lives in the environment's policy config
 * (`policies/config/<env>.json`); with none configured the policy is not applicable, since
 * the pack cannot know an organization's accounts. Mandatory, high. Config:
 * `allowedPrincipals` (default none: inactive), `exemptResources` (default none).
 */
export const ramSharePrincipalAllowList: MessagingResourcePolicy = {
  name: "ram-share-principal-allow-list",
  description:
    "AWS RAM shares may only grant access to principals on the policy's allow-list (the organization's messaging accounts), because a receiver can send from the shared numbers and read the shared opt-out lists.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Share only with the reviewed secondary accounts, OUs or the organization, and list each one in this policy's `allowedPrincipals` in the policy config (policies/config/<env>.json).",
  configSchema: schema,
  validateResource: (args, reportViolation) => {
    if (args.type !== AWS.ramPrincipalAssociation && args.type !== NATIVE.ramShare) {
      args.notApplicable(
        "applies to RAM principal associations and aws-native resource shares only",
      );
    }
    const config = readConfig<Config>(args, schema);
    if (isExempt(config, args)) args.notApplicable("exempted by exemptResources");
    const key = args.type === NATIVE.ramShare ? "principals" : "principal";
    if (isUnknown(args.props, key)) return;
    const principals =
      args.type === NATIVE.ramShare ? strings(args.props, key) : [str(args.props, key) ?? ""];
    const allowed = config.allowedPrincipals;
    if (allowed.length === 0)
      args.notApplicable("no allow-list configured (allowedPrincipals is empty)");
    for (const principal of principals) {
      if (!allowed.some((pattern) => matches(pattern, principal))) {
        reportViolation(
          `Principal ${principal || "(empty)"} is not in allowedPrincipals (${allowed.join(", ")}); add it to the policy config or stop sharing with it.`,
        );
      }
    }
  },
};
