/**
 * `sms-event-destination-role-source-account`: roles that End User Messaging assumes for
 * event destinations trust it only on behalf of the owning account.
 */
import {
  smsConfigurationSets,
  setLabel,
  type SmsConfigurationSetView,
} from "../lib/configuration-sets";
import { singleAllowedAccount } from "../lib/accounts";
import { allowsAssumeRole, trustPolicyOf } from "../lib/iam";
import {
  configSchema,
  isExempt,
  known,
  listText,
  readConfig,
  reportUnverifiable,
  type MessagingStackPolicy,
} from "../lib/policy-kit";
import { isUnknown, parseArn, str } from "../lib/props";
import { relatedThrough, type RelatableResource } from "../lib/relations";
import { AWS, IAM_ROLE_TYPES } from "../lib/types";

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
 * are not checked). During `pulumi preview` of a new role its ARN is unknown, and so is
 * the destination's `iamRoleArn`; the role is then found through the `propertyDependencies`
 * of the property holding the destination (the role that value was computed from). The
 * set's account comes from its ARN, or while that is unknown from its provider's single
 * `allowedAccountIds` entry. What still cannot be related or compared (only plain
 * `dependencies`, no dependency information, an unknown trust policy or account) is
 * reported as an advisory "cannot verify during preview" diagnostic, never as a mandatory
 * violation and never silently passed. Mandatory, high. Config: `conditionKeys` (default
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
    const roles = new Map<string, RelatableResource>();
    for (const resource of args.resources) {
      if (!IAM_ROLE_TYPES.includes(resource.type)) continue;
      const arn = str(resource.props, "arn");
      if (arn) roles.set(arn, resource);
    }
    const reported = new Set<string>();
    const unverifiable: string[] = [];
    for (const set of smsConfigurationSets(args.resources)) {
      if (isExempt(config, set.resource)) continue;
      const label = `configuration set ${setLabel(set)}`;
      const account = accountOf(set);
      for (const target of destinationRoles(set, roles, unverifiable)) {
        const role = target.role;
        if (isExempt(config, role) || reported.has(role.urn)) continue;
        const where = `Role ${role.name} (${target.destination} of ${label})`;
        const statements = trustPolicyOf(role);
        if (!statements) {
          if (trustPolicyUnknown(role)) unverifiable.push(`the trust policy of role ${role.name}`);
          continue;
        }
        // Roles only the set's plain dependencies point at may not be destination roles:
        // what would fail them is reported as unverifiable, never as a violation.
        const fail = (message: string, doubt: string) => {
          if (target.certain) {
            reported.add(role.urn);
            reportViolation(message, role.urn);
          } else {
            unverifiable.push(doubt);
          }
        };
        for (const statement of statements.filter(allowsAssumeRole)) {
          if (statement.servicePrincipals.length === 0) continue;
          const principals = listText(statement.servicePrincipals);
          const keys = wanted.filter((key) => statement.conditions.has(key));
          if (keys.length === 0) {
            // A negated or ForAllValues condition on the key reads as a pin but lets other accounts in.
            const loose = config.conditionKeys.flatMap((key) =>
              (statement.looseConditions.get(key.toLowerCase()) ?? []).map(
                (operator) => `a ${operator} condition on ${key}`,
              ),
            );
            const why =
              loose.length > 0
                ? ` (${listText(loose)} does not limit the role to one account)`
                : "";
            fail(
              `${where} trusts ${principals} without an ${listText(config.conditionKeys)} condition; add one naming the account that owns the configuration set${why}.`,
              `whether role ${role.name}, which trusts ${principals} without an ${listText(config.conditionKeys)} condition, is a destination role of ${label}`,
            );
            break;
          }
          const accounts = statement.conditions.get("aws:sourceaccount");
          if (accounts && !account) {
            unverifiable.push(
              `that aws:SourceAccount ${listText(accounts)} of role ${role.name} names the account of ${label}, whose ARN is not known yet`,
            );
            break;
          }
          if (account && accounts && accounts.includes(account) && new Set(accounts).size > 1) {
            // Every account named may have its End User Messaging use the role.
            fail(
              `${where} limits aws:SourceAccount to ${listText(accounts)}, not to ${account} alone, the account that owns the configuration set.`,
              `whether role ${role.name}, whose aws:SourceAccount is ${listText(accounts)}, not ${account} alone, is a destination role of ${label}`,
            );
            break;
          }
          if (account && accounts && !accounts.includes(account)) {
            fail(
              `${where} limits aws:SourceAccount to ${listText(accounts)}, not to ${account}, the account that owns the configuration set.`,
              `whether role ${role.name}, whose aws:SourceAccount is ${listText(accounts)}, not ${account}, is a destination role of ${label}`,
            );
            break;
          }
        }
      }
    }
    reportUnverifiable(unverifiable);
  },
};

/** A role an event destination uses. */
interface DestinationRole {
  role: RelatableResource;
  /** `event destination <name>` (or the set's destinations, when the engine cannot tell which). */
  destination: string;
  /** False when only the declaring resource's plain dependencies relate the role. */
  certain: boolean;
}

/**
 * Roles the set's destinations use that are declared in the stack: known ARNs looked up
 * directly; unknown ones (roles being created, during preview) through the
 * `propertyDependencies` of the property that holds them, else the declaring resource's
 * dependencies as candidates. Unknown references the engine relates to nothing at all are
 * added to `unverifiable`; those computed from other resources name roles declared
 * elsewhere, which are not checked.
 */
function destinationRoles(
  set: SmsConfigurationSetView,
  roles: Map<string, RelatableResource>,
  unverifiable: string[],
): DestinationRole[] {
  const out: DestinationRole[] = [];
  const label = `configuration set ${setLabel(set)}`;
  for (const destination of set.destinations) {
    for (const arn of destination.iamRoleArns) {
      const role = roles.get(arn);
      if (role)
        out.push({ role, destination: `event destination ${destination.name}`, certain: true });
    }
  }
  // Unknown references, grouped by the resource and properties that hold them.
  const groups = new Map<RelatableResource, { properties: string[]; names: string[] }>();
  for (const destination of set.destinations) {
    if (destination.unknownRoles === 0) continue;
    const group = groups.get(destination.declaredBy) ?? {
      properties: destination.roleProperties,
      names: [],
    };
    group.names.push(destination.name);
    groups.set(destination.declaredBy, group);
  }
  if (set.destinationsUnknown) {
    groups.set(set.resource, { properties: ["eventDestinations"], names: [] });
  }
  for (const [declaredBy, group] of groups) {
    const which =
      group.names.length === 1 ? `event destination ${group.names[0]}` : `an event destination`;
    const related = relatedThrough(declaredBy, group.properties, IAM_ROLE_TYPES);
    if (related.resources.length === 0 && (declaredBy.dependencies?.length ?? 0) === 0) {
      unverifiable.push(`the role of ${which} of ${label}`);
    }
    for (const role of related.resources) {
      out.push({ role, destination: which, certain: related.certain });
    }
  }
  return out;
}

/** True when a role's trust policy cannot be read because it is unknown during preview. */
function trustPolicyUnknown(role: RelatableResource): boolean {
  const key = role.type === AWS.iamRole ? "assumeRolePolicy" : "assumeRolePolicyDocument";
  if (isUnknown(role.props, key)) return true;
  // An aws-native document object may hold unknown values deep inside.
  const document = known(() => role.props[key]);
  return (
    document !== null &&
    typeof document === "object" &&
    known(() => JSON.stringify(document)) === undefined
  );
}

/**
 * The account that owns a set: its ARN's; while that is unknown (a set being created), its
 * provider's `allowedAccountIds` when that names exactly one account.
 */
function accountOf(set: SmsConfigurationSetView): string | undefined {
  const fromArn = parseArn(set.arn)?.account;
  if (fromArn) return fromArn;
  const provider = set.resource.provider?.props;
  if (!provider) return undefined;
  return singleAllowedAccount(known(() => provider.allowedAccountIds));
}
