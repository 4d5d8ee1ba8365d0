/**
 * ARN templates shared by the components and the config: an ARN of a per-Region resource
 * may name `{region}` instead of a Region, and each Region that declares it substitutes
 * its own. Pure: no Pulumi, no I/O.
 */
import { partitionOf } from "./regions";

/** Placeholder in ARNs of per-Region resources, replaced by each Region of the estate. */
export const REGION_PLACEHOLDER = "{region}";

/** Substitutes the declaring Region into an ARN template (an ARN without `{region}` is returned as is). */
export function arnForRegion(template: string, region: string): string {
  return template.replaceAll(REGION_PLACEHOLDER, region);
}

/**
 * The ARN of an End User Messaging SMS resource, known before the resource exists.
 *
 * @param region - the resource's Region; its partition comes from it.
 * @param account - the owning account (12 digits).
 * @param resource - `configuration-set/<name>`, `phone-number/<id>`, `sender-id/<id>/<country>`…
 */
export function smsVoiceArn(region: string, account: string, resource: string): string {
  return `arn:${partitionOf(region)}:sms-voice:${region}:${account}:${resource}`;
}
