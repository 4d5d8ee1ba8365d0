/**
 * `ram-share-same-region`: a RAM share only holds resources of its own Region.
 */
import {
  configSchema,
  isExempt,
  readConfig,
  reportUnverifiable,
  type MessagingStackPolicy,
} from "../lib/policy-kit";
import { isUnknown, parseArn, regionOf, str, strings } from "../lib/props";
import { relatedThrough, type RelatableResource } from "../lib/relations";
import { unknownElements } from "../lib/sms-model";
import {
  AWS,
  NATIVE,
  OPT_OUT_LIST_TYPES,
  ORIGINATOR_TYPES,
  POOL_TYPES,
  RAM_SHARE_TYPES,
} from "../lib/types";

const schema = configSchema();

/**
 * RAM shares SMS resources only within one Region: the sharing and receiving accounts
 * must be in the same Region, so every Region needs its own share (digest §6, §14.14).
 * A share (or an association) naming a resource of another Region fails. A stack policy:
 * it relates `@pulumi/aws` `ram.ResourceAssociation`s to their share and resource, and
 * checks aws-native shares' `resourceArns` against the share's Region. During `pulumi
 * preview` of new shares or originators those ARNs are unknown; the share and the shared
 * resource are then found through `propertyDependencies` (their Regions are inputs, known),
 * and what cannot be related is reported as an advisory "cannot verify during preview"
 * diagnostic instead of being skipped. Mandatory,
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
    const byArn = new Map<string, RelatableResource>();
    for (const resource of args.resources) {
      const arn = str(resource.props, "arn");
      if (arn) byArn.set(arn, resource);
    }
    const unverifiable: string[] = [];
    /**
     * What an ARN property of `holder` names: the declared resource and its Region, or the
     * ARN's own Region; while the ARN is unknown (preview of a new share or originator),
     * the one resource of `types` its `propertyDependencies` name.
     */
    const resolve = (
      holder: RelatableResource,
      key: string,
      types: readonly string[],
      arn: string | undefined,
    ): Target | undefined => {
      if (arn !== undefined) {
        const declared = byArn.get(arn);
        const region = (declared && regionOf(declared)) || parseArn(arn)?.region || undefined;
        return { resource: declared, label: declared?.name ?? arn, region, certain: true };
      }
      const related = relatedThrough(holder, [key], types);
      if (related.resources.length !== 1) {
        if ((holder.dependencies?.length ?? 0) === 0 || related.resources.length > 1)
          unverifiable.push(`what ${key} of ${holder.name} names`);
        return undefined;
      }
      const [resource] = related.resources;
      return {
        resource,
        label: resource.name,
        region: regionOf(resource),
        certain: related.certain,
      };
    };
    const report = (certain: boolean, message: string, urn: string, doubt: string) => {
      if (certain) reportViolation(message, urn);
      else unverifiable.push(doubt);
    };

    for (const resource of args.resources) {
      if (isExempt(config, resource)) continue;
      if (resource.type === AWS.ramResourceAssociation) {
        const share = resolve(
          resource,
          "resourceShareArn",
          RAM_SHARE_TYPES,
          knownString(resource.props, "resourceShareArn"),
        );
        const target = resolve(
          resource,
          "resourceArn",
          SHAREABLE_TYPES,
          knownString(resource.props, "resourceArn"),
        );
        if (!share || !target || (share.resource && isExempt(config, share.resource))) continue;
        const certain = share.certain && target.certain;
        const associationRegion = regionOf(resource);
        if (share.region && target.region && share.region !== target.region) {
          report(
            certain,
            `Resource share ${share.label} is in ${share.region} but would hold ${target.label} from ${target.region}; RAM shares SMS resources only within one Region, so share it from a share in ${target.region}.`,
            resource.urn,
            `whether association ${resource.name} puts ${target.label} (${target.region}) in share ${share.label} (${share.region})`,
          );
        } else if (share.region && associationRegion && share.region !== associationRegion) {
          report(
            share.certain,
            `Resource association is declared in ${associationRegion} but its share ${share.label} is in ${share.region}; declare the association in ${share.region}.`,
            resource.urn,
            `whether association ${resource.name} (${associationRegion}) belongs to share ${share.label} (${share.region})`,
          );
        }
      } else if (resource.type === NATIVE.ramShare) {
        const shareRegion = regionOf(resource);
        if (!shareRegion) continue;
        const targets: Target[] = strings(resource.props, "resourceArns").map((arn) =>
          resolve(resource, "resourceArns", SHAREABLE_TYPES, arn)!,
        );
        if (unknownElements(resource.props, "resourceArns") > 0) {
          const related = relatedThrough(resource, ["resourceArns"], SHAREABLE_TYPES);
          const listed = new Set(targets.map((t) => t.resource?.urn));
          for (const source of related.resources) {
            if (listed.has(source.urn)) continue;
            targets.push({
              resource: source,
              label: source.name,
              region: regionOf(source),
              certain: related.certain,
            });
          }
          if ((resource.dependencies?.length ?? 0) === 0)
            unverifiable.push(`what resourceArns of ${resource.name} names`);
        }
        for (const target of targets) {
          if (target.region && target.region !== shareRegion) {
            report(
              target.certain,
              `Resource share ${resource.name} is in ${shareRegion} but would hold ${target.label} from ${target.region}; RAM shares SMS resources only within one Region, so share it from a share in ${target.region}.`,
              resource.urn,
              `whether share ${resource.name} (${shareRegion}) holds ${target.label} (${target.region})`,
            );
          }
        }
      }
    }
    reportUnverifiable(unverifiable);
  },
};

/** A resource an association or share names. */
interface Target {
  /** The declared resource, when it is in the stack. */
  resource?: RelatableResource;
  /** Its name, else the ARN. */
  label: string;
  region: string | undefined;
  /** False when only plain dependencies relate it. */
  certain: boolean;
}

/** What RAM shares of SMS hold: originators, pools, opt-out lists. */
const SHAREABLE_TYPES = [...ORIGINATOR_TYPES, ...POOL_TYPES, ...OPT_OUT_LIST_TYPES];

/** A string property ("" when absent), or undefined while it is unknown. */
function knownString(props: Record<string, unknown>, key: string): string | undefined {
  return isUnknown(props, key) ? undefined : (str(props, key) ?? "");
}
