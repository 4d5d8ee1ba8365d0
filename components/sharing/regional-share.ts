/**
 * The owning account's side of account-level resiliency in one Region (digest §6): per
 * shared use case an AWS RAM resource share holding the use case's pool, every originator
 * of the use case (members and spares) and its opt-out list, granted to the secondary
 * accounts that may send it.
 *
 * RAM shares SMS resources only within one Region, so this component takes one Region and
 * refuses any ARN of another Region (or of another account: a resource shared with you
 * cannot be re-shared). The opt-out list is part of every share by construction, and the
 * pool joins the share only after its list has: a pool shared without its opt-out list
 * would let the receiver message people who opted out.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { senderIdKey, sharingNames } from "../../lib/naming";
import { own } from "../../lib/own";
import type { SharePrincipal } from "../../lib/share-plan";
import { useCaseResourceName, type MessagingRegion } from "../sms/messaging-region";
import { estateTags, TAG_USE_CASE } from "../tags";
import type { RegionalOriginatorsArgs } from "../sms/use-case";

export type { SharePrincipal };

/** What one use case shares in the Region. */
export interface SharedUseCaseResources {
  /** The use case's pool. Required. */
  poolArn: pulumi.Input<string>;
  /** The pool's opt-out list; always shared with the pool. Required. */
  optOutListArn: pulumi.Input<string>;
  /**
   * The use case's originators, pool members and spares, keyed by a stable name
   * (`number-<key>`, `sender-<key>-<country>`, `adopted-<key>`): association names derive
   * from these keys, so reordering the config moves nothing.
   * Required.
   */
  originators: Record<string, pulumi.Input<string>>;
}

export interface RegionalShareArgs {
  /** The Region of the share and of every resource in it. Required. */
  region: string;
  /** The owning account: every shared resource must belong to it. Required. */
  account: string;
  /** Physical share names are `<namePrefix>-<use case>`. Required. */
  namePrefix: string;
  /** Resources per shared use case. Required. */
  useCases: Record<string, SharedUseCaseResources>;
  /** Principals per shared use case; every use case above needs at least one. Required. */
  principals: Record<string, SharePrincipal[]>;
  /** Tags on every share. Default: none. */
  tags?: Record<string, string>;
}

/**
 * An ARN checked to lie in `region` and `account`: synchronously when it is a plain string,
 * else once it resolves (a preview with unknown ARNs skips the check; AWS then refuses).
 */
export function sameRegionArn(
  arn: pulumi.Input<string>,
  region: string,
  account: string,
  what: string,
): pulumi.Output<string> {
  const check = (value: string): string => {
    const [, , , arnRegion, arnAccount] = value.split(":");
    if (arnRegion !== region) {
      throw new Error(
        `${what}: ${value} is in ${arnRegion || "no Region"}; RAM shares SMS resources only within one Region, so it cannot join a ${region} share`,
      );
    }
    if (arnAccount !== account) {
      throw new Error(
        `${what}: ${value} belongs to account ${arnAccount}, not the owner ${account}; a resource shared with you cannot be re-shared`,
      );
    }
    return value;
  };
  if (typeof arn === "string") return pulumi.output(check(arn));
  return pulumi.output(arn).apply(check);
}

/** RAM shares of one Region. Token `messaging:sharing:RegionalShare`. */
export class RegionalShare extends pulumi.ComponentResource {
  readonly region: string;
  /** One share per use case. */
  readonly shares: Record<string, aws.ram.ResourceShare> = {};
  /** Per use case: associations by `pool`, `opt-out-list` and originator key. */
  readonly resourceAssociations: Record<string, Record<string, aws.ram.ResourceAssociation>> = {};
  /** Per use case: principal associations by secondary-account name. */
  readonly principalAssociations: Record<string, Record<string, aws.ram.PrincipalAssociation>> = {};

  constructor(name: string, args: RegionalShareArgs, opts?: pulumi.ComponentResourceOptions) {
    super("messaging:sharing:RegionalShare", name, {}, opts);
    const { region, account } = args;
    this.region = region;
    for (const useCase of Object.keys(args.useCases)) {
      if (!own(args.principals, useCase)?.length) {
        throw new pulumi.ResourceError(
          `share ${name}: ${useCase} has no principal; list a secondary account for it or do not share it`,
          this,
        );
      }
    }
    const child = { parent: this };

    for (const useCase of Object.keys(args.useCases).sort()) {
      const resources = args.useCases[useCase];
      const principals = [...args.principals[useCase]].sort((a, b) => a.name.localeCompare(b.name));
      const at = sharingNames.shareUseCase(name, useCase);
      const share = new aws.ram.ResourceShare(
        sharingNames.share(at),
        {
          region,
          name: useCaseResourceName(args.namePrefix, useCase),
          // Explicit: it lets the share be granted to accounts outside the organization, so it
          // is on only when one of this use case's principals is such an account.
          allowExternalPrincipals: principals.some((p) => p.external),
          tags: estateTags(args.tags ?? {}, { [TAG_USE_CASE]: useCase }),
        },
        child,
      );
      this.shares[useCase] = share;
      const associations: Record<string, aws.ram.ResourceAssociation> = {};
      const associate = (
        key: string,
        arn: pulumi.Input<string>,
        what: string,
        after?: pulumi.Resource,
      ) => {
        associations[key] = new aws.ram.ResourceAssociation(
          sharingNames.association(at, key),
          {
            region,
            resourceShareArn: share.arn,
            resourceArn: sameRegionArn(arn, region, account, `${at} ${what}`),
          },
          after ? { ...child, dependsOn: [after] } : child,
        );
        return associations[key];
      };
      const list = associate(sharingNames.optOutListKey, resources.optOutListArn, "opt-out list");
      // The pool only ever travels with its opt-out list: associated after it, removed before it.
      associate(sharingNames.poolKey, resources.poolArn, "pool", list);
      for (const key of Object.keys(resources.originators).sort()) {
        associate(key, resources.originators[key], `originator ${key}`);
      }
      this.resourceAssociations[useCase] = associations;

      this.principalAssociations[useCase] = {};
      for (const principal of principals) {
        this.principalAssociations[useCase][principal.name] = new aws.ram.PrincipalAssociation(
          sharingNames.grant(at, principal.name),
          { region, resourceShareArn: share.arn, principal: principal.principal },
          // Grant only once the opt-out list and pool are in the share.
          {
            ...child,
            dependsOn: [
              associations[sharingNames.optOutListKey],
              associations[sharingNames.poolKey],
            ],
          },
        );
      }
    }

    this.registerOutputs({
      shareArns: Object.fromEntries(Object.entries(this.shares).map(([k, s]) => [k, s.arn])),
    });
  }
}

/**
 * What a use case of a `MessagingRegion` shares: its pool, its opt-out list and every
 * originator of the use case in that Region, members and spares alike. Spares are shared
 * because they carry the same opt-out list, and a secondary account that can no longer
 * count on the owner to swap a blocked member out can still send through a spare by ARN.
 */
export function sharedResourcesOf(
  regional: MessagingRegion,
  block: RegionalOriginatorsArgs,
  useCase: string,
): SharedUseCaseResources {
  const sending = own(regional.useCases, useCase);
  if (!sending) {
    throw new pulumi.ResourceError(
      `${useCase} is not a use case of ${regional.region}; it cannot be shared there`,
      regional,
    );
  }
  const originators: Record<string, pulumi.Input<string>> = {};
  for (const [key, config] of Object.entries(block.phoneNumbers ?? {})) {
    if (config.useCase === useCase)
      originators[sharingNames.numberKey(key)] = regional.originators.phoneNumbers[key].arn;
  }
  for (const [key, config] of Object.entries(block.senderIds ?? {})) {
    if (config.useCase !== useCase) continue;
    for (const country of config.countries) {
      originators[sharingNames.senderKey(key, country)] =
        regional.originators.senderIds[senderIdKey(key, country)].arn;
    }
  }
  for (const [key, config] of Object.entries(block.existingOriginators ?? {})) {
    if (config.useCase !== useCase) continue;
    const adoptedKeys =
      config.kind === "phoneNumber"
        ? [key]
        : config.countries.map((country) => senderIdKey(key, country));
    for (const adoptedKey of adoptedKeys) {
      originators[sharingNames.adoptedKey(adoptedKey)] =
        regional.originators.adoptedArns[adoptedKey];
    }
  }
  return { poolArn: sending.pool.arn, optOutListArn: sending.optOutList.arn, originators };
}
