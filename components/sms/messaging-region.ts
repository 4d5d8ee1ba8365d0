/**
 * Everything one Region of the estate holds for SMS: per use case an opt-out list, an
 * inbound channel when two-way, the originators, a pool with keywords, and a
 * configuration set with its event destinations.
 */
import * as aws from "@pulumi/aws";
import * as awsnative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import type { EstateConfig } from "../../stacks/config/schema";
import { physicalNames, senderIdKey, smsNames } from "../../lib/naming";
import { own } from "../../lib/own";
import { RegionProtect } from "../protect/region-protect";
import { estateTags, irreplaceable, TAG_REGION_ROLE, useCaseTags } from "../tags";
import { SmsConfigurationSet } from "./configuration-set";
import { RegionOriginators, type OriginatorUseCase } from "./originators";
import { PhonePool, type PoolMember } from "./phone-pool";
import { Registration, type RegistrationFieldInput } from "./registration";
import { TwoWayChannel } from "./two-way-channel";

/** Physical name of a use case's opt-out list and configuration set (same in every Region). */
export const useCaseResourceName = physicalNames.useCase;

export interface MessagingRegionArgs {
  region: string;
  /** Whether this Region sends today or stands by. */
  role: "primary" | "standby";
  /** The validated estate. */
  estate: EstateConfig;
  /** aws-native provider for this account and Region (aws-native has no per-resource region). */
  nativeProvider: awsnative.Provider;
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
    const { region, estate } = args;
    this.region = region;
    const block = own(estate.regions, region);
    if (!block) throw new Error(`${name}: ${region} has no regions.${region} block in the estate`);
    const useCaseNames = Object.keys(estate.useCases).sort();
    const tagsFor = (useCase?: string) =>
      estateTags(estate.tags, {
        [TAG_REGION_ROLE]: args.role,
        ...(useCase ? useCaseTags(useCase, estate.useCases[useCase].publicFacing) : {}),
      });

    // Opt-out lists first: every originator must be on its pool's list before it joins.
    // They hold the legal record of who said STOP, so they are never deleted by accident.
    const optOutLists: Record<string, aws.pinpoint.Smsvoicev2OptOutList> = {};
    const inbound: Record<string, TwoWayChannel> = {};
    const originatorUseCases: Record<string, OriginatorUseCase> = {};
    for (const useCase of useCaseNames) {
      const config = estate.useCases[useCase];
      optOutLists[useCase] = new aws.pinpoint.Smsvoicev2OptOutList(
        smsNames.optOutList(name, useCase),
        { region, name: useCaseResourceName(estate.namePrefix, useCase), tags: tagsFor(useCase) },
        irreplaceable({ parent: this }),
      );
      if (config.twoWay) {
        inbound[useCase] = new TwoWayChannel(
          smsNames.inbound(name, useCase),
          { region, account: estate.account, tags: tagsFor(useCase) },
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
    for (const key of Object.keys(block.registrations).sort()) {
      const registration = block.registrations[key];
      this.registrations[key] = new Registration(
        smsNames.registration(name, key),
        {
          region,
          registrationType: registration.type,
          fields: registrationFields(registration.fields),
          submit: registration.submit,
        },
        irreplaceable({ parent: this }),
      );
    }

    this.originators = new RegionOriginators(
      smsNames.originators(name),
      {
        region,
        account: estate.account,
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
      { region, estate, tags: tagsFor() },
      { parent: this, provider: args.nativeProvider },
    );

    for (const useCase of useCaseNames) {
      const config = estate.useCases[useCase];
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
          account: estate.account,
          configurationSetName: useCaseResourceName(estate.namePrefix, useCase),
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
  block: EstateConfig["regions"][string],
  useCase: string,
): PoolMember[] {
  const members: PoolMember[] = [];
  for (const key of Object.keys(block.phoneNumbers).sort()) {
    const config = block.phoneNumbers[key];
    if (config.useCase === useCase && !config.spare) {
      members.push({ arn: originators.phoneNumbers[key].arn, country: config.country });
    }
  }
  for (const key of Object.keys(block.senderIds).sort()) {
    const config = block.senderIds[key];
    if (config.useCase !== useCase || config.spare) continue;
    for (const country of [...config.countries].sort()) {
      members.push({ arn: originators.senderIds[senderIdKey(key, country)].arn, country });
    }
  }
  for (const key of Object.keys(block.existingOriginators).sort()) {
    const config = block.existingOriginators[key];
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

/**
 * A registration's form as the provider takes it: text, choices, or an attachment's content
 * (read and hashed by the config validation).
 */
function registrationFields(
  fields: Record<string, unknown>,
): Record<string, RegistrationFieldInput> {
  const out: Record<string, RegistrationFieldInput> = {};
  for (const path of Object.keys(fields).sort()) {
    const value = fields[path];
    if (typeof value === "string") out[path] = { text: value };
    else if (Array.isArray(value)) out[path] = { choices: value.map(String) };
    else {
      const content = (value as { content?: { sha256: string; base64: string } }).content;
      if (!content) throw new Error(`registration field ${path}: the attachment was not read`);
      out[path] = { attachment: { sha256: content.sha256, base64: content.base64 } };
    }
  }
  return out;
}
