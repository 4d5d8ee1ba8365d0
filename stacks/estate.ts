/**
 * Turns a validated estate config into components. A function rather than top-level code,
 * so tests and tools can build many estates in one process.
 */
import * as pulumi from "@pulumi/pulumi";
import type { SesWarming } from "../components/ses/ses-warming";
import {
  EstateSharing,
  type SecondaryAccountEndpoints,
} from "../components/sharing/estate-sharing";
import { MessagingEstate } from "../components/sms/messaging-estate";
import { EstateFailover, type ActiveUseCase } from "../components/failover/estate-failover";
import { ROOT_NAME } from "../lib/naming";
import { ownOrInit } from "../lib/own";
import { defaultActiveRegions, type ActiveRegions } from "./config/active-region";
import type { EstateConfig } from "./config/schema";
import { estateSharingArgs, messagingEstateArgs } from "./config/to-args";
import { deploySes, warmupAsOfDate, type DeploySesOptions, type SesDeployment } from "./ses";

/** Where an application sends a use case from, in one Region. */
export interface UseCaseEndpoint {
  poolArn: pulumi.Output<string>;
  poolId: pulumi.Output<string>;
  configurationSetName: pulumi.Output<string>;
  optOutListName: pulumi.Output<string>;
  /** Inbound topic of two-way use cases. */
  inboundTopicArn?: pulumi.Output<string>;
}

/** The stack's outputs. */
export interface EstateOutputs {
  primaryRegion: string;
  standbyRegions: string[];
  /** Per use case, per Region: what to send with. */
  useCases: Record<string, Record<string, UseCaseEndpoint>>;
  /** Per use case: the Region it sends from and the SSM parameter (in every Region) saying so. */
  activeRegions: Record<string, ActiveUseCase>;
  /** Per use case: the IAM policy document (JSON) an application role needs to send it (client/). */
  applicationPolicies: Record<string, pulumi.Output<string>>;
  /** SES warming per SES Region (pools, use-case endpoints, feedback queues); absent without `ses`. */
  ses?: SesDeployment["ses"];
  /** Per SES Region and STANDARD pool: the warm-up cap per provider on one date (see stacks/ses.ts). */
  sesWarmupCaps?: SesDeployment["sesWarmupCaps"];
  /**
   * Per secondary account, per Region, per use case: the shared pool and opt-out list ARNs
   * and the account's own configuration set (docs/sharing.md); absent without
   * `secondaryAccounts`.
   */
  secondaryAccounts?: Record<string, SecondaryAccountEndpoints>;
  /**
   * Per Region, per registration key: its id, status and, while it is REQUIRES_UPDATES, the
   * reviewers' reasons (docs/registrations.md); absent when the estate declares none.
   */
  registrations?: Record<string, Record<string, RegistrationStatusOutput>>;
}

/** A registration as the stack reports it. */
export interface RegistrationStatusOutput {
  registrationId: pulumi.Output<string>;
  status: pulumi.Output<string>;
  versionNumber: pulumi.Output<number>;
  versionStatus: pulumi.Output<string>;
  deniedReasons: pulumi.Output<{ reason: string; shortDescription: string }[]>;
  fieldFeedback: pulumi.Output<Record<string, string>>;
}

/** Options of {@link deployEstate}. */
export type DeployEstateOptions = DeploySesOptions & {
  /** Where each use case sends from (stacks/config/active-region.ts). Default: the primary Region. */
  activeRegions?: ActiveRegions;
};

/**
 * Declares the estate; returns the components and the stack outputs.
 *
 * @param config - the validated estate; no default.
 * @param options - see {@link DeployEstateOptions} (the warm-up date); default `{}`.
 */
export function deployEstate(
  config: EstateConfig,
  options: DeployEstateOptions = {},
): {
  estate: MessagingEstate;
  /** SES warming, when the config has an `ses` section. */
  ses?: SesWarming;
  /** RAM sharing, when the config has secondary accounts. */
  sharing?: EstateSharing;
  /** Active-region pointers and opt-out replication. */
  failover: EstateFailover;
  outputs: EstateOutputs;
} {
  // Every input is checked before the first declaration: a bad date registers nothing.
  const sesOptions = config.ses ? { ...options, warmupAsOf: warmupAsOfDate(options) } : options;
  const estate = new MessagingEstate(ROOT_NAME.estate, messagingEstateArgs(config));
  const ses = deploySes(config, sesOptions);
  const sharing =
    Object.keys(config.secondaryAccounts).length > 0
      ? new EstateSharing(ROOT_NAME.sharing, estateSharingArgs(config, estate))
      : undefined;
  const failover = new EstateFailover(ROOT_NAME.failover, {
    estate,
    activeRegions: options.activeRegions ?? defaultActiveRegions(config),
  });
  const useCases: EstateOutputs["useCases"] = {};
  for (const [region, regional] of Object.entries(estate.regions)) {
    for (const [name, useCase] of Object.entries(regional.useCases)) {
      ownOrInit(useCases, name, (): Record<string, UseCaseEndpoint> => ({}))[region] = {
        poolArn: useCase.pool.arn,
        poolId: useCase.pool.poolId,
        configurationSetName: useCase.configurationSet.name,
        optOutListName: useCase.optOutList.name,
        ...(useCase.inbound ? { inboundTopicArn: useCase.inbound.topicArn } : {}),
      };
    }
  }
  const registrations: NonNullable<EstateOutputs["registrations"]> = {};
  for (const [region, regional] of Object.entries(estate.regions)) {
    for (const [key, registration] of Object.entries(regional.registrations)) {
      ownOrInit(registrations, region, (): Record<string, RegistrationStatusOutput> => ({}))[key] =
        {
          registrationId: registration.registrationId,
          status: registration.status,
          versionNumber: registration.versionNumber,
          versionStatus: registration.versionStatus,
          deniedReasons: registration.deniedReasons,
          fieldFeedback: registration.fieldFeedback,
        };
    }
  }
  return {
    estate,
    ...(ses ? { ses: ses.warming } : {}),
    ...(sharing ? { sharing } : {}),
    failover,
    outputs: {
      primaryRegion: config.primaryRegion,
      standbyRegions: config.standbyRegions,
      useCases,
      activeRegions: failover.active,
      applicationPolicies: failover.applicationPolicies,
      ...(ses ? { ses: ses.ses, sesWarmupCaps: ses.sesWarmupCaps } : {}),
      ...(sharing ? { secondaryAccounts: sharing.endpoints } : {}),
      ...(Object.keys(registrations).length > 0 ? { registrations } : {}),
    },
  };
}
