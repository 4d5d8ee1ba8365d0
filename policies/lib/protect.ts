/**
 * Protect configurations (aws-native `smsvoice.ProtectConfiguration` only) and their
 * country rules per channel.
 */
import { known } from "./policy-kit";
import { list, obj, str } from "./props";
import type { NamedResource } from "./sms-model";
import { NATIVE } from "./types";

/** Rule channels of `countryRuleSet`. */
export const PROTECT_CHANNELS = ["sms", "mms", "voice"] as const;

/**
 * Country rules of one channel: ISO code → ALLOW | BLOCK | MONITOR | FILTER. Countries
 * without a rule are allowed (AWS's default), so an empty map means "every country allowed".
 */
export function countryRules(resource: NamedResource, channel: string): Map<string, string> {
  const rules = new Map<string, string>();
  const ruleSet = obj(resource.props, "countryRuleSet");
  const items = ruleSet ? list(ruleSet, channel) : [];
  for (let i = 0; i < items.length; i++) {
    const rule = known(() => items[i]) as Record<string, unknown> | undefined;
    const country = rule && str(rule, "countryCode");
    const status = rule && str(rule, "protectStatus");
    if (country && status) rules.set(country, status);
  }
  return rules;
}

/** Identifiers a Protect configuration can be referenced by. */
export function protectIdentifiers(resource: NamedResource): string[] {
  if (resource.type !== NATIVE.protectConfiguration) return [];
  return ["protectConfigurationId", "arn", "id"]
    .map((key) => str(resource.props, key))
    .filter((v): v is string => !!v);
}
