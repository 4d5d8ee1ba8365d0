/**
 * The receiving side of account-level resiliency (digest §6), declared from the owner's
 * program in the secondary account: one `aws.Provider` for the account (v7 `assumeRoles`,
 * with `allowedAccountIds` as a guard) and one aws-native provider per Region (aws-native
 * has no per-resource Region). Per Region and shared use case it declares:
 *
 * - a RAM share accepter when the account is outside the organization (inside it, RAM
 *   grants access without an invitation once sharing with AWS Organizations is on);
 * - the account's own Protect configuration for the use case's countries, since the
 *   secondary account sends the same traffic and pumping is one reason it takes over;
 * - the account's own configuration set with event destinations, through the estate's
 *   `SmsConfigurationSet`: configuration sets cannot be shared.
 *
 * Sends from the secondary account name the owner's pool by ARN (shared) and this
 * account's configuration set by name; the pool's opt-out list (shared with it) applies.
 */
import * as aws from "@pulumi/aws";
import * as awsnative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { useCaseCountryRules } from "../protect/country-rules";
import type { ProtectedUseCase } from "../protect/region-protect";
import { SmsConfigurationSet } from "../sms/configuration-set";
import { useCaseResourceName } from "../sms/messaging-region";
import { sharingNames } from "../../lib/naming";
import { own } from "../../lib/own";
import { estateTags, nativeTags, useCaseTags } from "../tags";
import type { EventDestinationArgs, MessageType } from "../sms/use-case";

/** Tag naming the secondary account (config key) a resource was declared for. */
export const TAG_SECONDARY_ACCOUNT = "messaging:secondary-account";

/** Session name of the role the providers assume (shows in the account's CloudTrail). */
export const DEPLOYER_SESSION_NAME = "messaging-estate";

/** What the owner shares for one use case in one Region, as the receiver needs it. */
export interface ReceivedUseCase {
  /** The owner's share holding the use case (the accepter's target). Required. */
  shareArn: pulumi.Input<string>;
  /** The owner's grant to this account; the invitation exists only after it. Default: none. */
  grant?: pulumi.Resource;
}

/** A shared use case's settings the receiving side copies. */
export interface SecondaryUseCase {
  /** Default message type of the account's configuration set. Required. */
  messageType: MessageType;
  /** The use case's countries and Protect mode, for the account's own Protect configuration. Required. */
  protect: ProtectedUseCase;
  /** Destinations of this account's configuration set. Default: none. */
  eventDestinations?: Record<string, EventDestinationArgs>;
}

/** Arguments of {@link SecondaryAccount}. */
export interface SecondaryAccountArgs {
  /** The secondary account (12 digits). Required. */
  account: string;
  /** Role in `account` the providers assume. Required. */
  roleArn: string;
  /** False when the account is outside the owner's organization: it then accepts each share. Default: true. */
  inOrganization?: boolean;
  /** Region of the aws provider (every resource also names its own). Required. */
  defaultRegion: string;
  /** Configuration sets are named `<namePrefix>-<use case>`, as in the owning account. Required. */
  namePrefix: string;
  /** Shared use cases by name. Required. */
  useCases: Record<string, SecondaryUseCase>;
  /** Per Region, per use case: what is shared with this account there. Required. */
  regions: Record<string, Record<string, ReceivedUseCase>>;
  /** Tags on every taggable resource. Default: none. */
  tags?: Record<string, string>;
}

/** What the account has for one use case in one Region. */
export interface SecondaryRegionalUseCase {
  accepter?: aws.ram.ResourceShareAccepter;
  protectConfiguration: awsnative.smsvoice.ProtectConfiguration;
  configurationSet: SmsConfigurationSet;
}

/** Arguments of {@link SecondaryAccountRegion}. */
export interface SecondaryAccountRegionArgs {
  /** The Region. Required. */
  region: string;
  /** The account's settings (tags already carry the account's tag). Required. */
  account: SecondaryAccountArgs;
  /** The aws provider acting in the account. Required. */
  awsProvider: aws.Provider;
  /** Per use case: what the owner shares with the account in this Region. Required. */
  received: Record<string, ReceivedUseCase>;
}

/** One Region of a secondary account. Token `messaging:sharing:SecondaryAccountRegion`. */
export class SecondaryAccountRegion extends pulumi.ComponentResource {
  readonly region: string;
  readonly nativeProvider: awsnative.Provider;
  readonly useCases: Record<string, SecondaryRegionalUseCase> = {};

  constructor(
    name: string,
    args: SecondaryAccountRegionArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super("messaging:sharing:SecondaryAccountRegion", name, {}, opts);
    const { region, account: secondary } = args;
    this.region = region;
    this.nativeProvider = new awsnative.Provider(
      sharingNames.secondaryNativeProvider(name),
      {
        region: region as awsnative.Region,
        allowedAccountIds: [secondary.account],
        assumeRole: { roleArn: secondary.roleArn, sessionName: DEPLOYER_SESSION_NAME },
      },
      { parent: this },
    );

    for (const useCase of Object.keys(args.received).sort()) {
      const shared = args.received[useCase];
      const settings = own(secondary.useCases, useCase);
      if (!settings) {
        throw new pulumi.ResourceError(
          `${name}: ${useCase} is shared with the account but has no entry in useCases`,
          this,
        );
      }
      const tags = estateTags(
        secondary.tags ?? {},
        useCaseTags(useCase, settings.protect.publicFacing ?? false),
      );
      const accepter =
        (secondary.inOrganization ?? true)
          ? undefined
          : new aws.ram.ResourceShareAccepter(
              sharingNames.accepter(name, useCase),
              { region, shareArn: shared.shareArn },
              {
                parent: this,
                provider: args.awsProvider,
                dependsOn: shared.grant ? [shared.grant] : [],
              },
            );
      const protectConfiguration = new awsnative.smsvoice.ProtectConfiguration(
        sharingNames.secondaryProtect(name, useCase),
        {
          countryRuleSet: useCaseCountryRules(settings.protect),
          deletionProtectionEnabled: true,
          tags: nativeTags(tags),
        },
        { parent: this, provider: this.nativeProvider },
      );
      const configurationSet = new SmsConfigurationSet(
        sharingNames.secondaryConfigurationSet(name, useCase),
        {
          region,
          account: secondary.account,
          configurationSetName: useCaseResourceName(secondary.namePrefix, useCase),
          defaultMessageType: settings.messageType,
          eventDestinations: settings.eventDestinations,
          protectConfigurationId: protectConfiguration.protectConfigurationId,
          tags,
        },
        { parent: this, providers: [args.awsProvider, this.nativeProvider] },
      );
      this.useCases[useCase] = { accepter, protectConfiguration, configurationSet };
    }
    this.registerOutputs({});
  }
}

/** A secondary account's own side. Token `messaging:sharing:SecondaryAccount`. */
export class SecondaryAccount extends pulumi.ComponentResource {
  readonly account: string;
  /** The aws provider acting in the account (through `roleArn`). */
  readonly provider: aws.Provider;
  readonly regions: Record<string, SecondaryAccountRegion> = {};

  constructor(name: string, args: SecondaryAccountArgs, opts?: pulumi.ComponentResourceOptions) {
    super("messaging:sharing:SecondaryAccount", name, {}, opts);
    const roleAccount = args.roleArn.split(":")[4];
    if (roleAccount !== args.account) {
      throw new pulumi.ResourceError(
        `secondary account ${name}: roleArn is in account ${roleAccount}, not ${args.account}; use a role of the account the stack declares resources in`,
        this,
      );
    }
    this.account = args.account;
    this.provider = new aws.Provider(
      sharingNames.secondaryProvider(name),
      {
        region: args.defaultRegion,
        allowedAccountIds: [args.account],
        assumeRoles: [{ roleArn: args.roleArn, sessionName: DEPLOYER_SESSION_NAME }],
      },
      { parent: this },
    );
    const tags = { ...(args.tags ?? {}), [TAG_SECONDARY_ACCOUNT]: name };
    for (const region of Object.keys(args.regions)) {
      this.regions[region] = new SecondaryAccountRegion(
        sharingNames.secondaryRegion(name, region),
        {
          region,
          account: { ...args, tags },
          awsProvider: this.provider,
          received: args.regions[region],
        },
        { parent: this },
      );
    }
    this.registerOutputs({});
  }
}
