/**
 * The whole SMS estate across Regions: one `MessagingRegion` per Region (primary first),
 * each with an explicit aws-native provider for the owning account and that Region.
 */
import * as awsnative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { orderedRegions } from "../../lib/active-regions";
import { smsNames } from "../../lib/naming";
import { own } from "../../lib/own";
import { DEFAULT_NAME_PREFIX, MessagingRegion } from "./messaging-region";
import {
  resolveUseCase,
  type ProtectArgs,
  type RegionalOriginatorsArgs,
  type ResolvedUseCase,
  type UseCaseArgs,
} from "./use-case";

/** Arguments of {@link MessagingEstate}. */
export interface MessagingEstateArgs {
  /** The account (12 digits) that owns the originators; every provider is pinned to it. Required. */
  account: string;
  /** Prefix of physical names (opt-out lists, configuration sets), 1–20 lower-case letters, digits or dashes. Default: "messaging". */
  namePrefix?: string;
  /** The Region that sends today. Required. */
  primaryRegion: string;
  /** Regions kept ready to take over sending. Default: none. */
  standbyRegions?: string[];
  /** Tags on every taggable resource (the estate adds its own `messaging:` tags). Default: none. */
  tags?: Record<string, string>;
  /** Account-level SMS pumping defences, in every Region. Default: FILTER, made the account default, no overrides. */
  protect?: ProtectArgs;
  /** Use cases by name (lower-case letters, digits, dashes). Required, at least one. */
  useCases: Record<string, UseCaseArgs>;
  /** Originators per Region; every Region of the estate needs an entry (it may be empty). Required. */
  regions: Record<string, RegionalOriginatorsArgs>;
}

/** {@link MessagingEstateArgs} with every default applied, as the layers built on the estate read it. */
export interface ResolvedEstate {
  account: string;
  namePrefix: string;
  primaryRegion: string;
  standbyRegions: string[];
  /** Primary first, then the standbys in alphabetical order. */
  regionOrder: string[];
  tags: Record<string, string>;
  protect: ProtectArgs;
  useCases: Record<string, ResolvedUseCase>;
  regions: Record<string, RegionalOriginatorsArgs>;
}

/** Multi-Region SMS estate. Token `messaging:sms:MessagingEstate`. */
export class MessagingEstate extends pulumi.ComponentResource {
  readonly regions: Record<string, MessagingRegion> = {};
  /** aws-native providers by Region, for layers that add aws-native resources. */
  readonly nativeProviders: Record<string, awsnative.Provider> = {};
  /** The arguments with their defaults applied (sharing and failover are declared from them). */
  readonly settings: ResolvedEstate;

  constructor(name: string, args: MessagingEstateArgs, opts?: pulumi.ComponentResourceOptions) {
    super("messaging:sms:MessagingEstate", name, {}, opts);
    const standbyRegions = args.standbyRegions ?? [];
    const regionOrder = orderedRegions(args.primaryRegion, standbyRegions);
    this.settings = {
      account: args.account,
      namePrefix: args.namePrefix ?? DEFAULT_NAME_PREFIX,
      primaryRegion: args.primaryRegion,
      standbyRegions,
      regionOrder,
      tags: args.tags ?? {},
      protect: args.protect ?? {},
      useCases: Object.fromEntries(
        Object.entries(args.useCases).map(([key, useCase]) => [key, resolveUseCase(useCase)]),
      ),
      regions: args.regions,
    };
    const settings = this.settings;
    for (const region of regionOrder) {
      const originators = own(args.regions, region);
      if (!originators) {
        throw new pulumi.ResourceError(
          `${name}: ${region} has no entry in regions; add regions.${region} (it may be empty: {})`,
          this,
        );
      }
      const provider = new awsnative.Provider(
        smsNames.nativeProvider(region),
        { region: region as awsnative.Region, allowedAccountIds: [settings.account] },
        { parent: this },
      );
      this.nativeProviders[region] = provider;
      this.regions[region] = new MessagingRegion(
        smsNames.region(region),
        {
          region,
          role: region === settings.primaryRegion ? "primary" : "standby",
          account: settings.account,
          namePrefix: settings.namePrefix,
          useCases: settings.useCases,
          originators,
          protect: settings.protect,
          tags: settings.tags,
          nativeProvider: provider,
        },
        { parent: this },
      );
    }
    this.registerOutputs({});
  }
}
