/**
 * SES configuration sets of the three shapes: `aws.ses.ConfigurationSet` (v1, no sending
 * pools), `aws.sesv2.ConfigurationSet` and aws-native `ses.ConfigurationSet`.
 */
import { obj, str, tagsOf } from "./props";
import type { NamedResource } from "./sms-model";
import { AWS, NATIVE } from "./types";

/** A SES configuration set, provider-independent. */
export interface SesConfigurationSetView {
  resource: NamedResource;
  name: string | undefined;
  /** As declared; v1 spells it `Require`/`Optional`, v2 and aws-native `REQUIRE`/`OPTIONAL`. */
  tlsPolicy: string | undefined;
  /** Undefined for v1 sets, which cannot name a sending pool. */
  sendingPoolName: string | undefined;
  supportsSendingPool: boolean;
  tags: Record<string, string>;
}

/** The view of a SES configuration set, or undefined for other types. */
export function sesConfigurationSetView(
  resource: NamedResource,
): SesConfigurationSetView | undefined {
  const nameKey =
    resource.type === AWS.sesv2ConfigurationSet
      ? "configurationSetName"
      : resource.type === AWS.sesConfigurationSet || resource.type === NATIVE.sesConfigurationSet
        ? "name"
        : undefined;
  if (!nameKey) return undefined;
  const delivery = obj(resource.props, "deliveryOptions");
  return {
    resource,
    name: str(resource.props, nameKey),
    tlsPolicy: delivery && str(delivery, "tlsPolicy"),
    sendingPoolName: delivery && str(delivery, "sendingPoolName"),
    supportsSendingPool: resource.type !== AWS.sesConfigurationSet,
    tags: tagsOf(resource.props),
  };
}
