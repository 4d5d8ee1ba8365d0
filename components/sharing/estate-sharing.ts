/**
 * Account-level resiliency for the whole estate (digest §6; guide in docs/sharing.md):
 * a `RegionalShare` in the owning account for every Region something is shared in, and a
 * `SecondaryAccount` for every secondary account whose side this stack declares (those
 * with a `roleArn`). Names derive from config keys (Region, use case, secondary-account
 * name), so adding a secondary account adds resources and moves none.
 */
import * as pulumi from "@pulumi/pulumi";
import { sharingNames } from "../../lib/naming";
import { own, ownOrInit } from "../../lib/own";
import { principalOf, sharedUseCasesOf, sharePlan } from "../../lib/share-plan";
import type { MessagingEstate } from "../sms/messaging-estate";
import type { EventDestinationArgs } from "../sms/use-case";
import { estateTags, TAG_REGION_ROLE } from "../tags";
import { RegionalShare, sharedResourcesOf } from "./regional-share";
import { SecondaryAccount, type ReceivedUseCase } from "./secondary-account";

/** What an application in a secondary account sends one use case with, in one Region. */
export interface SharedUseCaseEndpoint {
  /** The owner's pool, shared: pass it as `OriginationIdentity` (by ARN). */
  poolArn: pulumi.Output<string>;
  /** The owner's opt-out list, shared with the pool. */
  optOutListArn: pulumi.Output<string>;
  /** The owner's RAM share that carries them. */
  shareArn: pulumi.Output<string>;
  /** The account's own configuration set (absent when the stack does not declare its side). */
  configurationSetName?: pulumi.Output<string>;
  configurationSetArn?: pulumi.Output<string>;
}

/** A secondary account's stack outputs. */
export interface SecondaryAccountEndpoints {
  /** The account id, or the organization/OU ARN, the use cases are shared with. */
  principal: string;
  /** Per Region, per use case. */
  regions: Record<string, Record<string, SharedUseCaseEndpoint>>;
}

/** The use cases one secondary account may send in one Region. */
export interface SecondaryRegionShareArgs {
  /** Use cases whose pool, originators (spares included) and opt-out list are shared there. Required, at least one. */
  useCases: string[];
}

/**
 * A secondary account (or a whole organization or OU) that may send through the owning
 * account's originators when that account is degraded.
 */
export interface SecondaryAccountShareArgs {
  /** What the account is for. Default: none. */
  description?: string;
  /** One account (12 digits); give this or `principal`. Default: none. */
  account?: string;
  /** An organization or OU ARN (every account in it may send); give this or `account`. Default: none. */
  principal?: string;
  /**
   * Role in `account` the stack assumes to declare the account's own side (share
   * accepter, Protect and configuration sets). Default: none, only the shares are declared.
   */
  roleArn?: string;
  /** The account is in the owner's AWS Organization (RAM then needs no invitation). Default: true. */
  inOrganization?: boolean;
  /** Per Region of the estate, the use cases it may send (shares never cross Regions). Required. */
  regions: Record<string, SecondaryRegionShareArgs>;
  /**
   * Event destinations of the account's own configuration sets, per use case, replacing the
   * use case's. Default: the use case's.
   */
  eventDestinations?: Record<string, Record<string, EventDestinationArgs>>;
}

/** Arguments of {@link EstateSharing}. */
export interface EstateSharingArgs {
  /** The estate whose pools, originators and opt-out lists are shared. Required. */
  estate: MessagingEstate;
  /** Secondary accounts by a stable name (resource names derive from it). Required. */
  secondaryAccounts: Record<string, SecondaryAccountShareArgs>;
}

/** RAM sharing of the estate. Token `messaging:sharing:EstateSharing`. */
export class EstateSharing extends pulumi.ComponentResource {
  /** Owning-account shares by Region. */
  readonly shares: Record<string, RegionalShare> = {};
  /** Receiving sides this stack declares, by secondary-account name. */
  readonly secondaryAccounts: Record<string, SecondaryAccount> = {};
  /** Stack outputs by secondary-account name. */
  readonly endpoints: Record<string, SecondaryAccountEndpoints> = {};

  constructor(name: string, args: EstateSharingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("messaging:sharing:EstateSharing", name, {}, opts);
    const estate = args.estate.settings;
    const estateRegions = args.estate.regions;
    const regionOrder = estate.regionOrder;
    for (const accountName of Object.keys(args.secondaryAccounts).sort()) {
      const secondary = args.secondaryAccounts[accountName];
      const problem = (what: string) =>
        new pulumi.ResourceError(`${name}: secondary account ${accountName} ${what}`, this);
      if (!secondary.account === !secondary.principal) {
        throw problem(
          "needs exactly one of account (12 digits) or principal (organization or OU ARN)",
        );
      }
      for (const [region, received] of Object.entries(secondary.regions)) {
        if (!regionOrder.includes(region)) {
          throw new pulumi.ResourceError(
            `${name}: a secondary account receives ${region}, which is not a Region of the estate (${regionOrder.join(", ")})`,
            this,
          );
        }
        for (const useCase of received.useCases) {
          if (!own(estate.useCases, useCase)) {
            throw problem(
              `receives ${useCase} in ${region}, which is not a use case of the estate (${Object.keys(estate.useCases).sort().join(", ")})`,
            );
          }
        }
      }
    }
    const plan = sharePlan(args.secondaryAccounts, regionOrder);

    for (const [region, byUseCase] of Object.entries(plan)) {
      const regional = own(estateRegions, region);
      if (!regional) {
        throw new pulumi.ResourceError(
          `${name}: a secondary account receives ${region}, which is not a Region of the estate (${regionOrder.join(", ")})`,
          this,
        );
      }
      const useCases = Object.fromEntries(
        Object.keys(byUseCase).map((useCase) => [
          useCase,
          sharedResourcesOf(regional, estate.regions[region], useCase),
        ]),
      );
      this.shares[region] = new RegionalShare(
        sharingNames.regionalShare(region),
        {
          region,
          account: estate.account,
          namePrefix: estate.namePrefix,
          useCases,
          principals: byUseCase,
          tags: estateTags(estate.tags, {
            [TAG_REGION_ROLE]: region === estate.primaryRegion ? "primary" : "standby",
          }),
        },
        { parent: this },
      );
    }

    for (const accountName of Object.keys(args.secondaryAccounts).sort()) {
      const secondary = args.secondaryAccounts[accountName];
      const received: Record<string, Record<string, ReceivedUseCase>> = {};
      for (const region of regionOrder) {
        for (const useCase of [...(own(secondary.regions, region)?.useCases ?? [])].sort()) {
          const share = this.shares[region];
          ownOrInit(received, region, (): Record<string, ReceivedUseCase> => ({}))[useCase] = {
            shareArn: share.shares[useCase].arn,
            grant: share.principalAssociations[useCase][accountName],
          };
        }
      }

      let side: SecondaryAccount | undefined;
      if (secondary.account && secondary.roleArn) {
        side = new SecondaryAccount(
          sharingNames.secondaryAccount(accountName),
          {
            account: secondary.account,
            roleArn: secondary.roleArn,
            inOrganization: secondary.inOrganization,
            defaultRegion: estate.primaryRegion,
            namePrefix: estate.namePrefix,
            useCases: Object.fromEntries(
              sharedUseCasesOf(secondary).map((useCase) => [
                useCase,
                {
                  messageType: estate.useCases[useCase].messageType,
                  protect: estate.useCases[useCase],
                  eventDestinations:
                    own(secondary.eventDestinations, useCase) ??
                    estate.useCases[useCase].eventDestinations,
                },
              ]),
            ),
            regions: received,
            tags: estate.tags,
          },
          { parent: this },
        );
        this.secondaryAccounts[accountName] = side;
      }

      const regions: SecondaryAccountEndpoints["regions"] = {};
      for (const [region, byUseCase] of Object.entries(received)) {
        for (const useCase of Object.keys(byUseCase)) {
          const own = estateRegions[region].useCases[useCase];
          const set = side?.regions[region].useCases[useCase].configurationSet;
          ownOrInit(regions, region, (): Record<string, SharedUseCaseEndpoint> => ({}))[useCase] = {
            poolArn: own.pool.arn,
            optOutListArn: own.optOutList.arn,
            shareArn: this.shares[region].shares[useCase].arn,
            ...(set ? { configurationSetName: set.name, configurationSetArn: set.arn } : {}),
          };
        }
      }
      this.endpoints[accountName] = { principal: principalOf(secondary), regions };
    }
    this.registerOutputs({});
  }
}
