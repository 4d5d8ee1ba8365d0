/**
 * SMS configuration sets with their event destinations, whichever provider declared them:
 * aws-native sets hold destinations inline; `@pulumi/aws` declares each destination as a
 * separate `Smsvoicev2EventDestination` naming its set. A program may mix them (a separate
 * `@pulumi/aws` destination on an aws-native set): AWS counts them all against the set.
 */
import { known } from "./policy-kit";
import { bool, isUnknown, list, obj, regionOf, str, tagsOf, nameFromArnOrName } from "./props";
import { relatedThrough, type RelatableResource } from "./relations";
import { accountOfResource, type NamedResource } from "./sms-model";
import { AWS, NATIVE, SMS_CONFIGURATION_SET_TYPES } from "./types";

/** One event destination. */
export interface EventDestinationView {
  name: string;
  /** The resource that declares it: the set (aws-native) or the destination resource (aws). */
  declaredBy: NamedResource;
  /** Role End User Messaging assumes (CloudWatch Logs and Firehose destinations), where known. */
  iamRoleArns: string[];
  /**
   * How many role references are unknown during preview (a role being created); the whole
   * destination counts as one when it is unknown itself.
   */
  unknownRoles: number;
  /** Top-level properties of {@link declaredBy} the role references live in (for `propertyDependencies`). */
  roleProperties: string[];
  /** False when the destination is declared disabled; undefined when unknown during preview. */
  enabled: boolean | undefined;
}

/** A configuration set. */
export interface SmsConfigurationSetView {
  resource: NamedResource;
  /** Physical name, when known. */
  name: string | undefined;
  arn: string | undefined;
  region: string | undefined;
  destinations: EventDestinationView[];
  /** aws-native only: true when the inline `eventDestinations` list itself is unknown during preview. */
  destinationsUnknown: boolean;
  /** aws-native only: the associated Protect configuration. */
  protectConfigurationId: string | undefined;
  tags: Record<string, string>;
}

/** Destination kinds that name a role (either provider's property names). */
const ROLE_DESTINATIONS = [
  "cloudWatchLogsDestination",
  "cloudwatchLogsDestination",
  "kinesisFirehoseDestination",
];

/** Roles of one destination object: known ARNs, and how many references are unknown. */
function rolesOf(destination: Record<string, unknown>): { arns: string[]; unknown: number } {
  const arns: string[] = [];
  let unknown = 0;
  for (const key of ROLE_DESTINATIONS) {
    if (isUnknown(destination, key)) {
      unknown++;
      continue;
    }
    const target = obj(destination, key);
    if (!target) continue;
    if (isUnknown(target, "iamRoleArn")) unknown++;
    const role = str(target, "iamRoleArn");
    if (role) arns.push(role);
  }
  return { arns, unknown };
}

/** Every SMS configuration set of the stack with its destinations. */
export function smsConfigurationSets(
  resources: readonly NamedResource[],
): SmsConfigurationSetView[] {
  const sets: SmsConfigurationSetView[] = [];
  for (const resource of resources) {
    if (resource.type === NATIVE.configurationSet) {
      const destinations: EventDestinationView[] = [];
      const items = list(resource.props, "eventDestinations");
      const roleProperties = ["eventDestinations"];
      for (let i = 0; i < items.length; i++) {
        const item = known(() => items[i]) as Record<string, unknown> | undefined;
        const roles = item ? rolesOf(item) : { arns: [], unknown: 1 };
        destinations.push({
          name: (item && str(item, "eventDestinationName")) ?? `#${i + 1}`,
          declaredBy: resource,
          iamRoleArns: roles.arns,
          unknownRoles: roles.unknown,
          roleProperties,
          // Required in CloudFormation; an unknown item may be either.
          enabled: item ? bool(item, "enabled") : undefined,
        });
      }
      sets.push({
        resource,
        name: str(resource.props, "configurationSetName"),
        arn: str(resource.props, "arn"),
        region: regionOf(resource),
        destinations,
        destinationsUnknown: isUnknown(resource.props, "eventDestinations"),
        protectConfigurationId: str(resource.props, "protectConfigurationId"),
        tags: tagsOf(resource.props),
      });
    } else if (resource.type === AWS.configurationSet) {
      sets.push({
        resource,
        name: str(resource.props, "name"),
        arn: str(resource.props, "arn"),
        region: regionOf(resource),
        destinations: [],
        destinationsUnknown: false,
        protectConfigurationId: undefined,
        tags: tagsOf(resource.props),
      });
    }
  }
  // Separate destinations find their set by name (or ARN) within the same Region; while
  // the reference is unknown (preview of a new set), through the engine's dependencies.
  for (const resource of resources) {
    if (resource.type !== AWS.eventDestination) continue;
    let set: SmsConfigurationSetView | undefined;
    if (isUnknown(resource.props, "configurationSetName")) {
      const related = relatedThrough(
        resource as RelatableResource,
        ["configurationSetName"],
        SMS_CONFIGURATION_SET_TYPES,
      );
      if (related.resources.length === 1) {
        set = sets.find((candidate) => candidate.resource.urn === related.resources[0].urn);
      }
    } else {
      const setRef = str(resource.props, "configurationSetName");
      if (!setRef) continue;
      // A set is named within its account and Region (either provider's set).
      const region = regionOf(resource);
      const account = accountOfResource(resource);
      set = sets.find((candidate) => {
        if (candidate.arn !== setRef && candidate.name !== nameFromArnOrName(setRef)) return false;
        if (region && candidate.region && region !== candidate.region) return false;
        const owner = accountOfResource(candidate.resource);
        return !account || !owner || account === owner;
      });
    }
    const roles = rolesOf(resource.props);
    set?.destinations.push({
      name: str(resource.props, "eventDestinationName") ?? resource.name,
      declaredBy: resource,
      iamRoleArns: roles.arns,
      unknownRoles: roles.unknown,
      roleProperties: ROLE_DESTINATIONS,
      // The provider's default is enabled.
      enabled: isUnknown(resource.props, "enabled")
        ? undefined
        : bool(resource.props, "enabled") !== false,
    });
  }
  return sets;
}

/** How a set is named in messages: its physical name, else its resource name. */
export function setLabel(set: SmsConfigurationSetView): string {
  return set.name ?? set.resource.name;
}
