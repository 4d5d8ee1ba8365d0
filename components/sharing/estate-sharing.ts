/**
 * Account-level resiliency for the whole estate (digest §6; guide in docs/sharing.md):
 * a `RegionalShare` in the owning account for every Region something is shared in, and a
 * `SecondaryAccount` for every secondary account whose side this stack declares (those
 * with a `roleArn`). Names derive from config keys (Region, use case, secondary-account
 * name), so adding a secondary account adds resources and moves none.
 */
import * as pulumi from "@pulumi/pulumi";
import { estateRegions } from "../../stacks/config/rules";
import type { EstateConfig } from "../../stacks/config/schema";
import { principalOf, sharedUseCasesOf, sharePlan } from "../../stacks/config/sharing";
import type { MessagingRegion } from "../sms/messaging-region";
import { sharingNames } from "../../lib/naming";
import { own, ownOrInit } from "../../lib/own";
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

export interface EstateSharingArgs {
  /** The validated estate (with `secondaryAccounts`). */
  estate: EstateConfig;
  /** The estate's Regions, as `MessagingEstate` declared them. */
  regions: Record<string, MessagingRegion>;
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
    const { estate } = args;
    const regionOrder = estateRegions(estate);
    const plan = sharePlan(estate, regionOrder);

    for (const [region, byUseCase] of Object.entries(plan)) {
      const regional = own(args.regions, region);
      if (!regional) throw new Error(`sharing: ${region} is not a Region of the estate`);
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

    for (const accountName of Object.keys(estate.secondaryAccounts).sort()) {
      const secondary = estate.secondaryAccounts[accountName];
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
                  config: estate.useCases[useCase],
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
          const own = args.regions[region].useCases[useCase];
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
