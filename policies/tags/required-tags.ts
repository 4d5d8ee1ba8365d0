/**
 * `messaging-required-tags`: taggable messaging resources carry the required tags.
 */
import {
  configSchema,
  isExempt,
  listText,
  readConfig,
  type MessagingResourcePolicy,
} from "../lib/policy-kit";
import { own } from "../lib/own";
import { isUnknown, obj, str, tagsOf } from "../lib/props";
import { AWS, NATIVE } from "../lib/types";

interface Config {
  requiredKeys: string[];
  resourceTypes: string[];
}

/** Taggable types of the estate, both providers. */
export const DEFAULT_TAGGED_TYPES: readonly string[] = [
  AWS.phoneNumber,
  AWS.senderId,
  AWS.pool,
  AWS.optOutList,
  AWS.configurationSet,
  AWS.iamRole,
  AWS.ramShare,
  AWS.sesv2ConfigurationSet,
  AWS.sesv2DedicatedIpPool,
  "aws:sns/topic:Topic",
  "aws:cloudwatch/logGroup:LogGroup",
  NATIVE.phoneNumber,
  NATIVE.senderId,
  NATIVE.pool,
  NATIVE.optOutList,
  NATIVE.configurationSet,
  NATIVE.protectConfiguration,
  NATIVE.iamRole,
  NATIVE.ramShare,
  NATIVE.sesConfigurationSet,
  NATIVE.sesDedicatedIpPool,
];

/**
 * Tags an `@pulumi/aws` provider adds to every resource (`defaultTags.tags`). Provider
 * inputs carry nested objects JSON-encoded, so both shapes are accepted.
 */
export function providerDefaultTags(
  props: Record<string, unknown> | undefined,
): Record<string, string> {
  if (!props) return {};
  let defaultTags: unknown = str(props, "defaultTags") ?? obj(props, "defaultTags");
  if (typeof defaultTags === "string") {
    try {
      defaultTags = JSON.parse(defaultTags);
    } catch {
      return {};
    }
  }
  return defaultTags && typeof defaultTags === "object"
    ? tagsOf(defaultTags as Record<string, unknown>)
    : {};
}

const schema = configSchema({
  requiredKeys: {
    type: "array",
    items: { type: "string" },
    default: ["owner", "cost-center"],
    description:
      "Tag keys every checked resource must carry (with a non-empty value). Default: owner, cost-center.",
  },
  resourceTypes: {
    type: "array",
    items: { type: "string" },
    default: [...DEFAULT_TAGGED_TYPES],
    description:
      "Resource type tokens to check. Default: the estate's taggable SMS, Protect, SES, RAM, SNS, IAM role and log group types of both providers.",
  },
});

/**
 * Ownership and cost tags let finance attribute leasing and per-message costs and tell
 * on-call who owns an originator. Tags set by an `@pulumi/aws` provider's `defaultTags`
 * count. Advisory, low (the prod config makes it mandatory with more keys). Config:
 * `requiredKeys` (default owner, cost-center), `resourceTypes`, `exemptResources`.
 */
export const messagingRequiredTags: MessagingResourcePolicy = {
  name: "messaging-required-tags",
  description:
    "Taggable messaging resources must carry the organization's required tags (by default owner and cost-center), so that costs and ownership can be traced.",
  enforcementLevel: "advisory",
  severity: "low",
  remediationSteps:
    "Add the missing keys to the resource's `tags` (or to the stack's `tags` in Pulumi.<stack>.yaml, which the estate applies to every resource, or to the aws provider's `defaultTags`).",
  configSchema: schema,
  validateResource: (args, reportViolation) => {
    const config = readConfig<Config>(args, schema);
    if (!config.resourceTypes.includes(args.type))
      args.notApplicable("not a checked taggable type");
    if (isExempt(config, args)) args.notApplicable("exempted by exemptResources");
    if (isUnknown(args.props, "tags")) return;
    const tags = { ...providerDefaultTags(args.provider?.props), ...tagsOf(args.props) };
    // Keys come from the policy's config: only the resource's own tags count.
    const missing = config.requiredKeys.filter((key) => !own(tags, key));
    if (missing.length > 0) {
      reportViolation(
        `Resource is missing required tag${missing.length === 1 ? "" : "s"} ${listText(missing)}.`,
      );
    }
  },
};
