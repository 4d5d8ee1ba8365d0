/**
 * Turns a validated estate config into components. A function rather than top-level code,
 * so tests and tools can build many estates in one process.
 */
import * as pulumi from "@pulumi/pulumi";
import { MessagingEstate } from "../components/sms/messaging-estate";
import type { EstateConfig } from "./config/schema";

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
}

/** Declares the estate; returns the components and the stack outputs. */
export function deployEstate(config: EstateConfig): {
  estate: MessagingEstate;
  outputs: EstateOutputs;
} {
  const estate = new MessagingEstate("estate", { estate: config });
  const useCases: EstateOutputs["useCases"] = {};
  for (const [region, regional] of Object.entries(estate.regions)) {
    for (const [name, useCase] of Object.entries(regional.useCases)) {
      (useCases[name] ??= {})[region] = {
        poolArn: useCase.pool.arn,
        poolId: useCase.pool.poolId,
        configurationSetName: useCase.configurationSet.name,
        optOutListName: useCase.optOutList.name,
        ...(useCase.inbound ? { inboundTopicArn: useCase.inbound.topicArn } : {}),
      };
    }
  }
  return {
    estate,
    outputs: {
      primaryRegion: config.primaryRegion,
      standbyRegions: config.standbyRegions,
      useCases,
    },
  };
}
