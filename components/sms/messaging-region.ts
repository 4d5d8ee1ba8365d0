/**
 * Everything one Region of the estate holds for SMS: per use case an opt-out list, an
 * inbound channel when two-way, the originators, a pool with keywords, and a
 * configuration set with its event destinations.
 */
import * as aws from "@pulumi/aws";
import * as awsnative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_NAME_PREFIX, physicalNames, senderIdKey, smsNames } from "../../lib/naming";
import { RegionProtect } from "../protect/region-protect";
import { estateTags, irreplaceable, TAG_REGION_ROLE, useCaseTags } from "../tags";
import { SmsConfigurationSet } from "./configuration-set";
import { RegionOriginators, type OriginatorUseCase } from "./originators";
import { PhonePool, type PoolMember } from "./phone-pool";
import { Registration } from "./registration";
import { TwoWayChannel } from "./two-way-channel";
import {
  resolveUseCase,
  type ProtectArgs,
  type RegionalOriginatorsArgs,
  type UseCaseArgs,
} from "./use-case";

export { DEFAULT_NAME_PREFIX };

/** Whether a Region sends today or stands by. */
export type RegionRole = "primary" | "standby";

/** Physical name of a use case's opt-out list and configuration set (same in every Region). */
export const useCaseResourceName = physicalNames.useCase;

/** Arguments of {@link MessagingRegion}. */
export interface MessagingRegionArgs {
  /** The Region (one with an End User Messaging SMS endpoint). Required. */
  region: string;
  /** Whether this Region sends today or stands by (tagged on every resource). Required. */
  role: RegionRole;
  /** The account (12 digits) that owns the originators. Required. */
  account: string;
  /** Prefix of physical names (opt-out lists, configuration sets). Default: "messaging". */
  namePrefix?: string;
  /** Use cases by name (lower-case letters, digits, dashes): each gets a list, pool and configuration set. Required. */
  useCases: Record<string, UseCaseArgs>;
  /** The Region's originators; every use case needs at least one pool member. Default: none. */
  originators?: RegionalOriginatorsArgs;
  /** Account-level Protect settings for this Region. Default: FILTER, made the account default, no overrides. */
  protect?: ProtectArgs;
  /** Tags on every taggable resource (the estate adds its own `messaging:` tags). Default: none. */
  tags?: Record<string, string>;
  /**
   * aws-native provider for the account and this Region (aws-native has no per-resource
   * Region). Default: the aws-native provider of this component's resource options, else
   * the default provider, which must then be configured for `region`.
   */
  nativeProvider?: awsnative.Provider;
}

/** What a use case has in one Region. */
export interface RegionalUseCase {
  optOutList: aws.pinpoint.Smsvoicev2OptOutList;
  pool: PhonePool;
  configurationSet: SmsConfigurationSet;
  inbound?: TwoWayChannel;
}

/** One Region of the estate. Token `messaging:sms:MessagingRegion`. */
export class MessagingRegion extends pulumi.ComponentResource {
  readonly region: string;
  readonly originators: RegionOriginators;
  readonly protect: RegionProtect;
  readonly useCases: Record<string, RegionalUseCase> = {};
  /** Registrations of the Region by config key. */
  readonly registrations: Record<string, Registration> = {};

  constructor(name: string, args: MessagingRegionArgs, opts?: pulumi.ComponentResourceOptions) {
    super("messaging:sms:MessagingRegion", name, {}, opts);
    const { region, account } = args;
    const namePrefix = args.namePrefix ?? DEFAULT_NAME_PREFIX;
    this.region = region;
    const block = args.originators ?? {};
    const useCases = Object.fromEntries(
      Object.entries(args.useCases).map(([key, useCase]) => [key, resolveUseCase(useCase)]),
    );
    const useCaseNames = Object.keys(useCases).sort();
    if (useCaseNames.length === 0) {
      throw new pulumi.ResourceError(`${name}: declare at least one use case`, this);
    }
    const tagsFor = (useCase?: string) =>
      estateTags(args.tags ?? {}, {
        [TAG_REGION_ROLE]: args.role,
        ...(useCase ? useCaseTags(useCase, useCases[useCase].publicFacing) : {}),
      });

    // Opt-out lists first: every originator must be on its pool's list before it joins.
    // They hold the legal record of who said STOP, so they are never deleted by accident.
    const optOutLists: Record<string, aws.pinpoint.Smsvoicev2OptOutList> = {};
    const inbound: Record<string, TwoWayChannel> = {};
    const originatorUseCases: Record<string, OriginatorUseCase> = {};
    for (const useCase of useCaseNames) {
      const config = useCases[useCase];
      optOutLists[useCase] = new aws.pinpoint.Smsvoicev2OptOutList(
        smsNames.optOutList(name, useCase),
        { region, name: useCaseResourceName(namePrefix, useCase), tags: tagsFor(useCase) },
        irreplaceable({ parent: this }),
      );
      if (config.twoWay) {
        inbound[useCase] = new TwoWayChannel(
          smsNames.inbound(name, useCase),
          { region, account, tags: tagsFor(useCase) },
          { parent: this },
        );
      }
      originatorUseCases[useCase] = {
        messageType: config.messageType,
        optOutListName: optOutLists[useCase].name,
        twoWay: config.twoWay,
        selfManagedOptOuts: config.selfManagedOptOuts,
        twoWayChannelArn: inbound[useCase]?.topicArn,
      };
    }

    // Registrations are per Region; protected and retained, since deleting an approved one
    // stops its numbers from sending. Submission happens only where the config says submit.
    const registrations = block.registrations ?? {};
    for (const key of Object.keys(registrations).sort()) {
      const registration = registrations[key];
      this.registrations[key] = new Registration(
        smsNames.registration(name, key),
        {
          region,
          registrationType: registration.type,
          fields: registration.fields,
          submit: registration.submit,
        },
        irreplaceable({ parent: this }),
      );
    }

    this.originators = new RegionOriginators(
      smsNames.originators(name),
      {
        region,
        account,
        useCases: originatorUseCases,
        phoneNumbers: block.phoneNumbers,
        senderIds: block.senderIds,
        existingOriginators: block.existingOriginators,
        registrationIds: Object.fromEntries(
          Object.entries(this.registrations).map(([key, r]) => [key, r.registrationId]),
        ),
        tags: tagsFor(),
      },
      { parent: this },
    );

    this.protect = new RegionProtect(
      smsNames.protect(name),
      { region, useCases, protect: args.protect, tags: tagsFor() },
      { parent: this, provider: args.nativeProvider },
    );

    for (const useCase of useCaseNames) {
      const config = useCases[useCase];
      const pool = new PhonePool(
        smsNames.pool(name, useCase),
        {
          region,
          messageType: config.messageType,
          optOutListName: optOutLists[useCase].name,
          members: poolMembers(this.originators, block, useCase),
          keywords: config.keywords,
          sharedRoutesEnabled: false,
          selfManagedOptOuts: config.selfManagedOptOuts,
          twoWayChannelArn: inbound[useCase]?.topicArn,
          tags: tagsFor(useCase),
        },
        { parent: this },
      );
      const configurationSet = new SmsConfigurationSet(
        smsNames.configurationSet(name, useCase),
        {
          region,
          account,
          configurationSetName: useCaseResourceName(namePrefix, useCase),
          defaultMessageType: config.messageType,
          eventDestinations: config.eventDestinations,
          protectConfigurationId:
            this.protect.useCaseConfigurations[useCase].protectConfigurationId,
          messageFeedback: config.messageFeedback,
          tags: tagsFor(useCase),
        },
        { parent: this, provider: args.nativeProvider },
      );
      this.useCases[useCase] = {
        optOutList: optOutLists[useCase],
        pool,
        configurationSet,
        inbound: inbound[useCase],
      };
    }

    this.registerOutputs({});
  }
}

/**
 * Pool members of a use case with the country each serves, in config-key order (the
 * order `RegionOriginators` declared them in), so the first member is stable.
 */
function poolMembers(
  originators: RegionOriginators,
  block: RegionalOriginatorsArgs,
  useCase: string,
): PoolMember[] {
  const members: PoolMember[] = [];
  const phoneNumbers = block.phoneNumbers ?? {};
  const senderIds = block.senderIds ?? {};
  const existingOriginators = block.existingOriginators ?? {};
  for (const key of Object.keys(phoneNumbers).sort()) {
    const config = phoneNumbers[key];
    if (config.useCase === useCase && !config.spare) {
      members.push({ arn: originators.phoneNumbers[key].arn, country: config.country });
    }
  }
  for (const key of Object.keys(senderIds).sort()) {
    const config = senderIds[key];
    if (config.useCase !== useCase || config.spare) continue;
    for (const country of [...config.countries].sort()) {
      members.push({ arn: originators.senderIds[senderIdKey(key, country)].arn, country });
    }
  }
  for (const key of Object.keys(existingOriginators).sort()) {
    const config = existingOriginators[key];
    if (config.useCase !== useCase || config.spare) continue;
    const countries = [...config.countries].sort();
    if (config.kind === "phoneNumber") {
      members.push({ arn: originators.adoptedArns[key], country: countries[0] });
      continue;
    }
    // A sender ID joins the pool once per country: each country's registration is its own ARN.
    for (const country of countries) {
      members.push({ arn: originators.adoptedArns[senderIdKey(key, country)], country });
    }
  }
  return members;
}
