/**
 * The whole SMS estate across Regions: one `MessagingRegion` per Region (primary first),
 * each with an explicit aws-native provider for the owning account and that Region.
 */
import * as awsnative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { estateRegions } from "../../stacks/config/rules";
import type { EstateConfig } from "../../stacks/config/schema";
import { smsNames } from "../../lib/naming";
import { MessagingRegion } from "./messaging-region";

export interface MessagingEstateArgs {
  /** The validated estate config (see `stacks/config`). */
  estate: EstateConfig;
}

/** Multi-Region SMS estate. Token `messaging:sms:MessagingEstate`. */
export class MessagingEstate extends pulumi.ComponentResource {
  readonly regions: Record<string, MessagingRegion> = {};
  /** aws-native providers by Region, for layers that add aws-native resources. */
  readonly nativeProviders: Record<string, awsnative.Provider> = {};

  constructor(name: string, args: MessagingEstateArgs, opts?: pulumi.ComponentResourceOptions) {
    super("messaging:sms:MessagingEstate", name, {}, opts);
    const { estate } = args;
    for (const region of estateRegions(estate)) {
      const provider = new awsnative.Provider(
        smsNames.nativeProvider(region),
        { region: region as awsnative.Region, allowedAccountIds: [estate.account] },
        { parent: this },
      );
      this.nativeProviders[region] = provider;
      this.regions[region] = new MessagingRegion(
        smsNames.region(region),
        {
          region,
          role: region === estate.primaryRegion ? "primary" : "standby",
          estate,
          nativeProvider: provider,
        },
        { parent: this },
      );
    }
    this.registerOutputs({});
  }
}
