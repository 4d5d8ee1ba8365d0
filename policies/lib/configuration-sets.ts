/**
 * SMS configuration sets with their event destinations, whichever provider declared them:
 * aws-native sets hold destinations inline; `@pulumi/aws` declares each destination as a
 * separate `Smsvoicev2EventDestination` naming its set.
 */
import { known } from "./policy-kit";
import { list, obj, regionOf, str, tagsOf, nameFromArnOrName } from "./props";
import type { NamedResource } from "./sms-model";
import { AWS, NATIVE } from "./types";

/** One event destination. */
export interface EventDestinationView {
  name: string;
  /** The resource that declares it: the set (aws-native) or the destination resource (aws). */
  declaredBy: NamedResource;
  /** Role End User Messaging assumes (CloudWatch Logs and Firehose destinations). */
  iamRoleArns: string[];
}

/** A configuration set. */
export interface SmsConfigurationSetView {
  resource: NamedResource;
  /** Physical name, when known. */
  name: string | undefined;
  arn: string | undefined;
  region: string | undefined;
  destinations: EventDestinationView[];
  /** aws-native only: the associated Protect configuration. */
  protectConfigurationId: string | undefined;
  tags: Record<string, string>;
}

/** Roles of one destination object (either provider's property names). */
function rolesOf(destination: Record<string, unknown>): string[] {
  const roles: string[] = [];
  for (const key of [
    "cloudWatchLogsDestination",
    "cloudwatchLogsDestination",
    "kinesisFirehoseDestination",
  ]) {
    const target = obj(destination, key);
    const role = target && str(target, "iamRoleArn");
    if (role) roles.push(role);
  }
  return roles;
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
      for (let i = 0; i < items.length; i++) {
        const item = known(() => items[i]) as Record<string, unknown> | undefined;
        if (!item) continue;
        destinations.push({
          name: str(item, "eventDestinationName") ?? `#${i + 1}`,
          declaredBy: resource,
          iamRoleArns: rolesOf(item),
        });
      }
      sets.push({
        resource,
        name: str(resource.props, "configurationSetName"),
        arn: str(resource.props, "arn"),
        region: regionOf(resource),
        destinations,
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
        protectConfigurationId: undefined,
        tags: tagsOf(resource.props),
      });
    }
  }
  // Separate destinations find their set by name (or ARN) within the same Region.
  for (const resource of resources) {
    if (resource.type !== AWS.eventDestination) continue;
    const setRef = str(resource.props, "configurationSetName");
    if (!setRef) continue;
    const region = regionOf(resource);
    const set = sets.find(
      (candidate) =>
        candidate.resource.type === AWS.configurationSet &&
        (candidate.arn === setRef || candidate.name === nameFromArnOrName(setRef)) &&
        (!region || !candidate.region || region === candidate.region),
    );
    set?.destinations.push({
      name: str(resource.props, "eventDestinationName") ?? resource.name,
      declaredBy: resource,
      iamRoleArns: rolesOf(resource.props),
    });
  }
  return sets;
}

/** How a set is named in messages: its physical name, else its resource name. */
export function setLabel(set: SmsConfigurationSetView): string {
  return set.name ?? set.resource.name;
}
