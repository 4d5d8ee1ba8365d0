/**
 * The estate's failover layer: the active-region pointers and, when the estate has more
 * than one Region, opt-out replication in every Region. Declared beside the messaging
 * estate from the Regions it already holds; nothing here depends on which Region is
 * active except the pointers' values.
 */
import * as pulumi from "@pulumi/pulumi";
import { activeRegionOf, type ActiveRegions } from "../../lib/active-regions";
import { failoverNames } from "../../lib/naming";
import type { MessagingEstate } from "../sms/messaging-estate";
import { useCaseResourceName } from "../sms/messaging-region";
import { estateTags, TAG_REGION_ROLE, TAG_USE_CASE } from "../tags";
import { ActivePointers, type PointerTarget } from "./active-pointers";
import { applicationPolicy } from "./application-policy";
import { bundleLambda, lambdaArchive } from "./lambda-bundle";
import { OptOutLedger } from "./opt-out-ledger";
import {
  OptOutReplication,
  type ReplicatedInbound,
  type ReplicatedList,
} from "./opt-out-replication";

export type { ActiveRegions };

/** Arguments of {@link EstateFailover}. */
export interface EstateFailoverArgs {
  /** The estate whose Regions the pointers name and whose opt-out lists are replicated. Required. */
  estate: MessagingEstate;
  /**
   * Where each use case sends from: one Region for all, with exceptions per use case; every
   * Region must be one of the estate's. Default: the primary Region for every use case.
   */
  activeRegions?: ActiveRegions;
}

/** Where a use case sends from, as the stack reports it. */
export interface ActiveUseCase {
  region: string;
  /** SSM parameter holding the pointer, in every Region. */
  parameterName: string;
}

/** Pointers and replication. Token `messaging:failover:EstateFailover`. */
export class EstateFailover extends pulumi.ComponentResource {
  readonly pointers: ActivePointers;
  /** The opt-out ledger; undefined for a one-Region estate (no peer to replicate to). */
  readonly ledger?: OptOutLedger;
  /** The ledger's functions by Region; empty for a one-Region estate. */
  readonly replication: Record<string, OptOutReplication> = {};
  /** Per use case: its active Region and pointer parameter. */
  readonly active: Record<string, ActiveUseCase> = {};
  /**
   * Per use case: the IAM policy document (JSON) an application role needs to send it with
   * the application client (client/) from any Region (application-policy.ts).
   */
  readonly applicationPolicies: Record<string, pulumi.Output<string>> = {};

  constructor(name: string, args: EstateFailoverArgs, opts?: pulumi.ComponentResourceOptions) {
    super("messaging:failover:EstateFailover", name, {}, opts);
    const estate = args.estate.settings;
    const estateRegions = args.estate.regions;
    const regions = estate.regionOrder;
    const useCases = Object.keys(estate.useCases).sort();
    const activeRegions = args.activeRegions ?? { default: estate.primaryRegion, overrides: {} };
    const roleOf = (region: string) => (region === estate.primaryRegion ? "primary" : "standby");

    const targets: Record<string, Record<string, PointerTarget>> = {};
    const active: Record<string, string> = {};
    for (const useCase of useCases) {
      active[useCase] = activeRegionOf(activeRegions, useCase);
      if (!regions.includes(active[useCase])) {
        throw new pulumi.ResourceError(
          `${name}: use case ${useCase} is to send from ${active[useCase]}, which is not a Region of the estate (${regions.join(", ")})`,
          this,
        );
      }
      targets[useCase] = {};
      for (const region of regions) {
        const regional = estateRegions[region];
        const sending = regional.useCases[useCase];
        targets[useCase][region] = {
          poolArn: sending.pool.arn,
          poolId: sending.pool.poolId,
          configurationSetName: sending.configurationSet.name,
          protectConfigurationId:
            regional.protect.useCaseConfigurations[useCase].protectConfigurationId,
        };
      }
    }
    this.pointers = new ActivePointers(
      `${name}-active-pointers`,
      {
        namePrefix: estate.namePrefix,
        regions,
        targets,
        active,
        tags: (region, useCase) =>
          estateTags(estate.tags, { [TAG_REGION_ROLE]: roleOf(region), [TAG_USE_CASE]: useCase }),
      },
      { parent: this },
    );
    for (const useCase of useCases) {
      this.active[useCase] = {
        region: active[useCase],
        parameterName: this.pointers.parameterNames[useCase],
      };
      const sending = regions.map((region) => estateRegions[region].useCases[useCase]);
      this.applicationPolicies[useCase] = pulumi
        .all(sending.map((s) => pulumi.all([s.pool.arn, s.configurationSet.arn])))
        .apply((arns) =>
          JSON.stringify(
            applicationPolicy(
              this.pointers.parameterNames[useCase],
              Object.fromEntries(
                regions.map((region, i) => [
                  region,
                  { poolArn: arns[i][0], configurationSetArn: arns[i][1] },
                ]),
              ),
            ),
          ),
        );
    }

    if (regions.length > 1) {
      const code = lambdaArchive(bundleLambda());
      const ledger = new OptOutLedger(
        failoverNames.ledger(name),
        {
          primaryRegion: estate.primaryRegion,
          regions,
          account: estate.account,
          namePrefix: estate.namePrefix,
          tags: estateTags(estate.tags, {}),
        },
        { parent: this },
      );
      this.ledger = ledger;
      for (const region of regions) {
        const regional = estateRegions[region];
        const optOutLists: Record<string, ReplicatedList> = {};
        const inbound: Record<string, ReplicatedInbound> = {};
        for (const useCase of useCases) {
          const config = estate.useCases[useCase];
          const sending = regional.useCases[useCase];
          // The list's physical name is the same in every Region (messaging-region.ts).
          optOutLists[useCase] = {
            name: useCaseResourceName(estate.namePrefix, useCase),
            arn: sending.optOutList.arn,
          };
          if (!sending.inbound) continue;
          const originators = regional.originators.byUseCase[useCase];
          inbound[useCase] = {
            topicArn: sending.inbound.topicArn,
            optInKeywords: Object.keys(config.keywords.optIn).sort(),
            ...(config.selfManagedOptOuts &&
              config.stopConfirmation === "estate" && {
                replies: {
                  stop: config.keywords.stop,
                  help: config.keywords.help,
                  configurationSetName: sending.configurationSet.name,
                  resources: [
                    ...(originators?.members ?? []),
                    ...(originators?.spares ?? []),
                    sending.pool.arn,
                    sending.configurationSet.arn,
                  ],
                },
              }),
          };
        }
        this.replication[region] = new OptOutReplication(
          `${region}-opt-out-replication`,
          {
            region,
            regions,
            namePrefix: estate.namePrefix,
            account: estate.account,
            ledger: {
              tableName: ledger.tableName,
              arn: ledger.arns[region],
              streamArn: ledger.streamArns[region],
            },
            optOutLists,
            inbound,
            code,
            tags: estateTags(estate.tags, { [TAG_REGION_ROLE]: roleOf(region) }),
          },
          { parent: this },
        );
      }
    }
    this.registerOutputs({});
  }
}
