/**
 * `sms-event-destination-role-source-account`: roles that End User Messaging assumes for
 * event destinations trust it only on behalf of the owning account.
 */
import { smsConfigurationSets, setLabel } from "../lib/configuration-sets";
import { allowsAssumeRole, trustPolicyOf } from "../lib/iam";
import {
  configSchema,
  isExempt,
  listText,
  readConfig,
  type MessagingStackPolicy,
} from "../lib/policy-kit";
import { parseArn, str } from "../lib/props";
import type { NamedResource } from "../lib/sms-model";
import { IAM_ROLE_TYPES } from "../lib/types";

interface Config {
  conditionKeys: string[];
}

const schema = configSchema({
  conditionKeys: {
    type: "array",
    items: { type: "string" },
    minItems: 1,
    default: ["aws:SourceAccount"],
    description:
      'Condition keys that pin the calling account; a trust statement must use at least one. Default: ["aws:SourceAccount"].',
  },
});

/**
 * Event destinations writing to CloudWatch Logs or Firehose name a role that
 * `sms-voice.amazonaws.com` assumes. Without an `aws:SourceAccount` condition any
 * account's End User Messaging could use the role (the confused-deputy problem), and a
 * condition naming another account breaks delivery. A stack policy: it follows each
 * destination's `iamRoleArn` to the role declared in the stack (roles declared elsewhere
 * are not checked). Mandatory, high. Config: `conditionKeys` (default
 * ["aws:SourceAccount"]), `exemptResources` (roles or sets; default none).
 */
export const smsEventDestinationRoleSourceAccount: MessagingStackPolicy = {
  name: "sms-event-destination-role-source-account",
  description:
    "IAM roles that AWS End User Messaging assumes to deliver configuration-set events must trust it only with an aws:SourceAccount condition naming the account that owns the configuration set; otherwise another account's messaging could use the role.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    'Add `"Condition": { "StringEquals": { "aws:SourceAccount": "<account id>" } }` to every trust-policy statement that allows `sms-voice.amazonaws.com` to call sts:AssumeRole (optionally also `ArnLike` on `aws:SourceArn` with the configuration set\'s ARN).',
  configSchema: schema,
  validateStack: (args, reportViolation) => {
    const config = readConfig<Config>(args, schema);
    const wanted = config.conditionKeys.map((key) => key.toLowerCase());
    const roles = new Map<string, NamedResource>();
    for (const resource of args.resources) {
      if (!IAM_ROLE_TYPES.includes(resource.type)) continue;
      const arn = str(resource.props, "arn");
      if (arn) roles.set(arn, resource);
    }
    const reported = new Set<string>();
    for (const set of smsConfigurationSets(args.resources)) {
      if (isExempt(config, set.resource)) continue;
      const account = parseArn(set.arn)?.account;
      for (const destination of set.destinations) {
        for (const roleArn of destination.iamRoleArns) {
          const role = roles.get(roleArn);
          if (!role || isExempt(config, role) || reported.has(role.urn)) continue;
          const statements = trustPolicyOf(role);
          if (!statements) continue;
          const where = `Role ${role.name} (event destination ${destination.name} of configuration set ${setLabel(set)})`;
          for (const statement of statements.filter(allowsAssumeRole)) {
            if (statement.servicePrincipals.length === 0) continue;
            const principals = listText(statement.servicePrincipals);
            const keys = wanted.filter((key) => statement.conditions.has(key));
            if (keys.length === 0) {
              reported.add(role.urn);
              reportViolation(
                `${where} trusts ${principals} without an ${listText(config.conditionKeys)} condition; add one naming the account that owns the configuration set.`,
                role.urn,
              );
              break;
            }
            const accounts = statement.conditions.get("aws:sourceaccount");
            if (account && accounts && !accounts.includes(account)) {
              reported.add(role.urn);
              reportViolation(
                `${where} limits aws:SourceAccount to ${listText(accounts)}, not to ${account}, the account that owns the configuration set.`,
                role.urn,
              );
              break;
            }
          }
        }
      }
    }
  },
};
