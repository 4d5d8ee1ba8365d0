/**
 * `ram-share-same-region`: a RAM share only holds resources of its own Region.
 */
import { configSchema, isExempt, readConfig, type MessagingStackPolicy } from "../lib/policy-kit";
import { parseArn, regionOf, str, strings } from "../lib/props";
import type { NamedResource } from "../lib/sms-model";
import { AWS, NATIVE } from "../lib/types";

const schema = configSchema();

/**
 * RAM shares SMS resources only within one Region: the sharing and receiving accounts
 * must be in the same Region, so every Region needs its own share (digest §6, §14.14).
 * A share (or an association) naming a resource of another Region fails. A stack policy:
 * it relates `@pulumi/aws` `ram.ResourceAssociation`s to their share and resource, and
 * checks aws-native shares' `resourceArns` against the share's Region. Mandatory,
 * critical. Config: `exemptResources` (shares or associations; default none).
 */
export const ramShareSameRegion: MessagingStackPolicy = {
  name: "ram-share-same-region",
  description:
    "A RAM resource share may only hold resources of its own Region: AWS RAM shares SMS resources within one Region, so a cross-Region association fails and each Region needs its own share.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps:
    "Create one resource share per Region (in that Region) and associate each phone number, sender ID, pool or opt-out list with the share of its own Region.",
  configSchema: schema,
  validateStack: (args, reportViolation) => {
    const config = readConfig(args, schema);
    const byArn = new Map<string, NamedResource>();
    for (const resource of args.resources) {
      const arn = str(resource.props, "arn");
      if (arn) byArn.set(arn, resource);
    }
    /** Region of a shared resource: the declared resource's, else its ARN's. */
    const regionOfArn = (arn: string) => {
      const declared = byArn.get(arn);
      return (declared && regionOf(declared)) || parseArn(arn)?.region || undefined;
    };
    const nameOfArn = (arn: string) => byArn.get(arn)?.name ?? arn;

    for (const resource of args.resources) {
      if (isExempt(config, resource)) continue;
      if (resource.type === AWS.ramResourceAssociation) {
        const shareArn = str(resource.props, "resourceShareArn");
        const resourceArn = str(resource.props, "resourceArn");
        if (!shareArn || !resourceArn) continue;
        const share = byArn.get(shareArn);
        if (share && isExempt(config, share)) continue;
        const shareRegion = (share && regionOf(share)) || parseArn(shareArn)?.region;
        const shareName = share?.name ?? shareArn;
        const associationRegion = regionOf(resource);
        const targetRegion = regionOfArn(resourceArn);
        if (shareRegion && targetRegion && shareRegion !== targetRegion) {
          reportViolation(
            `Resource share ${shareName} is in ${shareRegion} but would hold ${nameOfArn(resourceArn)} from ${targetRegion}; RAM shares SMS resources only within one Region, so share it from a share in ${targetRegion}.`,
            resource.urn,
          );
        } else if (shareRegion && associationRegion && shareRegion !== associationRegion) {
          reportViolation(
            `Resource association is declared in ${associationRegion} but its share ${shareName} is in ${shareRegion}; declare the association in ${shareRegion}.`,
            resource.urn,
          );
        }
      } else if (resource.type === NATIVE.ramShare) {
        const shareRegion = regionOf(resource);
        if (!shareRegion) continue;
        for (const arn of strings(resource.props, "resourceArns")) {
          const targetRegion = regionOfArn(arn);
          if (targetRegion && targetRegion !== shareRegion) {
            reportViolation(
              `Resource share ${resource.name} is in ${shareRegion} but would hold ${nameOfArn(arn)} from ${targetRegion}; RAM shares SMS resources only within one Region, so share it from a share in ${targetRegion}.`,
              resource.urn,
            );
          }
        }
      }
    }
  },
};
