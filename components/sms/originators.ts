/**
 * The originators of one Region: phone numbers and sender IDs requested from AWS, plus
 * originators obtained elsewhere (short codes from AWS Support) adopted by reference.
 * Numbers cannot be recreated or moved between Regions, so everything requested here is
 * deletion-protected at AWS and protected in Pulumi.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { smsVoiceArn } from "../../lib/arns";
import { senderIdKey, smsNames } from "../../lib/naming";
import { own, ownOrInit } from "../../lib/own";
import { estateTags, irreplaceable, TAG_USE_CASE } from "../tags";
import type {
  ExistingOriginatorArgs,
  MessageType,
  PhoneNumberArgs,
  SenderIdArgs,
} from "./use-case";

/** Per use case: what its pool holds and what waits on the bench. */
export interface UseCaseOriginators {
  /** ARNs of pool members, ordered by config key so reordering the YAML changes nothing. */
  members: pulumi.Output<string>[];
  /** ARNs of spares held outside the pool for swap-in. */
  spares: pulumi.Output<string>[];
}

/** What the originators of a use case need to know about it. */
export interface OriginatorUseCase {
  /** Message type of the use case's originators unless one says otherwise. Required. */
  messageType: MessageType;
  /** Opt-out list every originator of the use case must carry (the pool's list). Required. */
  optOutListName: pulumi.Input<string>;
  /** Whether replies arrive through a two-way channel. Default: false. */
  twoWay?: boolean;
  /** The application keeps opt-outs itself. Default: false. */
  selfManagedOptOuts?: boolean;
  /** Inbound topic for two-way use cases. Default: none. */
  twoWayChannelArn?: pulumi.Input<string>;
}

/** Arguments of {@link RegionOriginators}. */
export interface RegionOriginatorsArgs {
  /** Region the originators live in (they can never leave it). Required. */
  region: string;
  /** Owning account (12 digits), used to build ARNs of adopted originators given by id. Required. */
  account: string;
  /** Use cases by name. Required. */
  useCases: Record<string, OriginatorUseCase>;
  /** Numbers to request, keyed by a stable name. Default: none. */
  phoneNumbers?: Record<string, PhoneNumberArgs>;
  /** Sender IDs, each requested per listed country. Default: none. */
  senderIds?: Record<string, SenderIdArgs>;
  /**
   * Ids of the Region's registrations by their key, for numbers that name theirs with
   * `registration`. Default: none.
   */
  registrationIds?: Record<string, pulumi.Input<string>>;
  /** Originators adopted by reference. Default: none. */
  existingOriginators?: Record<string, ExistingOriginatorArgs>;
  /** Tags on every originator. Default: none. */
  tags?: Record<string, string>;
}

/** Phone numbers and sender IDs of one Region. Token `messaging:sms:RegionOriginators`. */
export class RegionOriginators extends pulumi.ComponentResource {
  /** Requested phone numbers by config key. */
  readonly phoneNumbers: Record<string, aws.pinpoint.Smsvoicev2PhoneNumber> = {};
  /** Requested sender IDs by `<config key>-<country>`. */
  readonly senderIds: Record<string, aws.pinpoint.Smsvoicev2SenderId> = {};
  /**
   * ARNs of adopted originators: a phone number by its config key; a sender ID by
   * `<config key>-<country>`, one ARN per country (AWS holds a sender ID per country).
   */
  readonly adoptedArns: Record<string, string> = {};
  /** Members and spares per use case. */
  readonly byUseCase: Record<string, UseCaseOriginators> = {};

  constructor(name: string, args: RegionOriginatorsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("messaging:sms:RegionOriginators", name, {}, opts);
    const { region } = args;
    const slot = (useCase: string) =>
      ownOrInit(this.byUseCase, useCase, () => ({ members: [], spares: [] }));
    for (const useCase of Object.keys(args.useCases)) slot(useCase);
    const useCaseOf = (useCase: string): OriginatorUseCase => {
      const found = own(args.useCases, useCase);
      if (!found) {
        throw new pulumi.ResourceError(
          `${name}: an originator serves unknown use case ${useCase}; add it to useCases or correct the originator's useCase`,
          this,
        );
      }
      return found;
    };
    const place = (useCase: string, spare: boolean, arn: pulumi.Output<string>) =>
      (spare ? slot(useCase).spares : slot(useCase).members).push(arn);

    for (const key of Object.keys(args.phoneNumbers ?? {}).sort()) {
      const config = args.phoneNumbers![key];
      const useCase = useCaseOf(config.useCase);
      // Numbers gated on a registration stay PENDING for days or weeks: do not block `up` on them.
      const registrationId = config.registration
        ? own(args.registrationIds, config.registration)
        : config.registrationId;
      if (config.registration && registrationId === undefined) {
        throw new pulumi.ResourceError(
          `${name}: phone number ${key} names unknown registration ${config.registration}; declare it under the Region's registrations`,
          this,
        );
      }
      const gated =
        registrationId !== undefined ||
        config.numberType === "TEN_DLC" ||
        config.numberType === "TOLL_FREE";
      // Two-way and opt-out settings must match the pool's, or AWS refuses the association.
      const twoWay = (useCase.twoWay ?? false) && useCase.twoWayChannelArn !== undefined;
      const number = new aws.pinpoint.Smsvoicev2PhoneNumber(
        smsNames.phoneNumber(name, key),
        {
          region,
          isoCountryCode: config.country,
          numberType: config.numberType,
          messageType: config.messageType ?? useCase.messageType,
          numberCapabilities: [...(config.capabilities ?? ["SMS"])].sort(),
          registrationId,
          optOutListName: useCase.optOutListName,
          selfManagedOptOutsEnabled: useCase.selfManagedOptOuts ?? false,
          twoWayChannelEnabled: twoWay,
          twoWayChannelArn: twoWay ? useCase.twoWayChannelArn : undefined,
          deletionProtectionEnabled: true,
          waitForActive: !gated,
          tags: estateTags(args.tags ?? {}, { [TAG_USE_CASE]: config.useCase }),
        },
        irreplaceable({ parent: this }),
      );
      this.phoneNumbers[key] = number;
      place(config.useCase, config.spare ?? false, number.arn);
    }

    for (const key of Object.keys(args.senderIds ?? {}).sort()) {
      const config = args.senderIds![key];
      const useCase = useCaseOf(config.useCase);
      for (const country of [...config.countries].sort()) {
        const sender = new aws.pinpoint.Smsvoicev2SenderId(
          smsNames.senderId(name, key, country),
          {
            region,
            senderId: config.senderId,
            isoCountryCode: country,
            messageTypes: [...(config.messageTypes ?? [useCase.messageType])].sort(),
            deletionProtectionEnabled: true,
            tags: estateTags(args.tags ?? {}, { [TAG_USE_CASE]: config.useCase }),
          },
          irreplaceable({ parent: this }),
        );
        this.senderIds[senderIdKey(key, country)] = sender;
        place(config.useCase, config.spare ?? false, sender.arn);
      }
    }

    for (const key of Object.keys(args.existingOriginators ?? {}).sort()) {
      const config = args.existingOriginators![key];
      if (!config.id === !config.arn) {
        throw new pulumi.ResourceError(
          `${name}: existing originator ${key} needs exactly one of id or arn`,
          this,
        );
      }
      for (const [adoptedKey, arn] of Object.entries(
        adoptedArns(key, region, args.account, config),
      )) {
        this.adoptedArns[adoptedKey] = arn;
        place(config.useCase, config.spare ?? false, pulumi.output(arn));
      }
    }

    this.registerOutputs({ byUseCase: this.byUseCase, adoptedArns: this.adoptedArns });
  }
}

/**
 * ARNs of an adopted originator, keyed as {@link RegionOriginators.adoptedArns}: a phone
 * number is one ARN (`phone-number/<id>`) whatever countries it serves; a sender ID is one
 * ARN per country (`sender-id/<id>/<country>`), in sorted country order. A sender ID given
 * by ARN names its one country (config validation requires `countries` to match it).
 */
export function adoptedArns(
  key: string,
  region: string,
  account: string,
  config: Pick<ExistingOriginatorArgs, "kind" | "id" | "arn" | "countries">,
): Record<string, string> {
  if (config.kind === "phoneNumber") {
    return { [key]: config.arn ?? smsVoiceArn(region, account, `phone-number/${config.id}`) };
  }
  const countries = [...config.countries].sort();
  return Object.fromEntries(
    countries.map((country) => [
      senderIdKey(key, country),
      config.arn ?? smsVoiceArn(region, account, `sender-id/${config.id}/${country}`),
    ]),
  );
}
