/**
 * The one place where the validated YAML estate (`messaging:estate`) becomes the
 * components' own arguments. The components know nothing of YAML or zod; this module
 * knows both, and the `satisfies` checks below make the compiler prove that every part of
 * the validated config fits the argument it is passed as, so a schema change that a
 * component cannot take fails `tsc`, not a deployment.
 *
 * Where the two shapes differ, the YAML keeps its shape (stacks must behave as before)
 * and the mapping translates: event destinations are `{ type: sns, … }` in YAML and
 * `{ sns: { … } }` in the arguments (one optional object per kind, which every Pulumi
 * language can express).
 */
import type { MessagingEstateArgs } from "../../components/sms/messaging-estate";
import type {
  EstateSharingArgs,
  SecondaryAccountShareArgs,
} from "../../components/sharing/estate-sharing";
import type { SesPoolArgs, SesUseCaseArgs } from "../../components/ses/ses-warming-region";
import type { SesRegionArgs, SesWarmingArgs } from "../../components/ses/ses-warming";
import type {
  EventDestinationArgs,
  ExistingOriginatorArgs,
  NumberOverrideArgs,
  PhoneNumberArgs,
  ProtectArgs,
  RegionalOriginatorsArgs,
  RegionRegistrationArgs,
  SenderIdArgs,
  UseCaseArgs,
} from "../../components/sms/use-case";
import type { MessagingEstate } from "../../components/sms/messaging-estate";
import type { RegistrationFieldInput } from "../../components/sms/registration";
import type {
  EstateConfig,
  EventDestinationConfig,
  ExistingOriginatorConfig,
  NumberOverrideConfig,
  PhoneNumberConfig,
  ProtectConfig,
  SecondaryAccountConfig,
  SenderIdConfig,
  UseCaseConfig,
} from "./schema";
import { sesPoolConfigPath, type SesConfig, type SesPoolConfig } from "./ses-schema";

/** `{ [key]: f(value) }` for every own key, in the same key order. */
function mapValues<A, B>(record: Readonly<Record<string, A>>, f: (value: A, key: string) => B) {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, f(value, key)]));
}

/** A YAML event destination (`type: sns | cloudwatchLogs | firehose`) as the components take it. */
export function eventDestinationArgs(config: EventDestinationConfig): EventDestinationArgs {
  switch (config.type) {
    case "sns":
      return {
        events: config.events,
        sns: { ...(config.topicArn !== undefined && { topicArn: config.topicArn }) },
      } satisfies EventDestinationArgs;
    case "cloudwatchLogs":
      return {
        events: config.events,
        cloudwatchLogs: {
          ...(config.logGroupArn !== undefined && { logGroupArn: config.logGroupArn }),
          retentionDays: config.retentionDays,
        },
      } satisfies EventDestinationArgs;
    case "firehose":
      return {
        events: config.events,
        firehose: { deliveryStreamArn: config.deliveryStreamArn },
      } satisfies EventDestinationArgs;
  }
}

/** A validated use case as {@link UseCaseArgs}; only its event destinations change shape. */
export function useCaseArgs(config: UseCaseConfig): UseCaseArgs {
  const { eventDestinations, ...rest } = config;
  return {
    ...(rest satisfies Omit<UseCaseArgs, "eventDestinations">),
    eventDestinations: mapValues(eventDestinations, eventDestinationArgs),
  };
}

/** The originators of one Region: the validated shape is the arguments' shape. */
export function regionalOriginatorsArgs(
  config: EstateConfig["regions"][string],
): RegionalOriginatorsArgs {
  return {
    registrations: mapValues(config.registrations, (registration): RegionRegistrationArgs => ({
      type: registration.type,
      fields: registrationFields(registration.fields),
      submit: registration.submit,
    })),
    phoneNumbers: config.phoneNumbers satisfies Record<string, PhoneNumberArgs>,
    senderIds: config.senderIds satisfies Record<string, SenderIdArgs>,
    existingOriginators: config.existingOriginators satisfies Record<
      string,
      ExistingOriginatorArgs
    >,
  };
}

/**
 * A registration's form as the component takes it: text, choices, or an attachment's
 * content (read and hashed by the config validation), in field-path order.
 */
export function registrationFields(
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

/** The account-level Protect settings. */
export function protectArgs(config: ProtectConfig): ProtectArgs {
  return {
    ...config,
    numberOverrides: config.numberOverrides satisfies Record<string, NumberOverrideArgs>,
  } satisfies ProtectArgs;
}

/** The SMS estate: use cases, originators per Region, Protect, tags. */
export function messagingEstateArgs(config: EstateConfig): MessagingEstateArgs {
  return {
    account: config.account,
    namePrefix: config.namePrefix,
    primaryRegion: config.primaryRegion,
    standbyRegions: config.standbyRegions,
    tags: config.tags,
    protect: protectArgs(config.protect),
    useCases: mapValues(config.useCases, useCaseArgs),
    regions: mapValues(config.regions, regionalOriginatorsArgs),
  } satisfies MessagingEstateArgs;
}

/** A secondary account; its per-use-case event destinations change shape like the use cases'. */
export function secondaryAccountShareArgs(
  config: SecondaryAccountConfig,
): SecondaryAccountShareArgs {
  const { eventDestinations, ...rest } = config;
  return {
    ...(rest satisfies Omit<SecondaryAccountShareArgs, "eventDestinations">),
    eventDestinations: mapValues(eventDestinations, (byName) =>
      mapValues(byName, eventDestinationArgs),
    ),
  };
}

/** RAM sharing of `estate` with the config's secondary accounts. */
export function estateSharingArgs(
  config: EstateConfig,
  estate: MessagingEstate,
): EstateSharingArgs {
  return {
    estate,
    secondaryAccounts: mapValues(config.secondaryAccounts, secondaryAccountShareArgs),
  } satisfies EstateSharingArgs;
}

/**
 * An SES pool; `configPath` names the pool's place in the stack config, so the
 * scaling-mode guard's error tells the user which YAML key to change.
 */
export function sesPoolArgs(config: SesPoolConfig, region: string, poolName: string): SesPoolArgs {
  return { ...config, configPath: sesPoolConfigPath(region, poolName) } satisfies SesPoolArgs;
}

/** SES warming of the `ses` section. */
export function sesWarmingArgs(config: EstateConfig, ses: SesConfig): SesWarmingArgs {
  return {
    account: config.account,
    namePrefix: config.namePrefix,
    tags: config.tags,
    regions: mapValues(ses.regions, (regional, region): SesRegionArgs => ({
      pools: mapValues(regional.pools, (pool, poolName) => sesPoolArgs(pool, region, poolName)),
      useCases: regional.useCases satisfies Record<string, SesUseCaseArgs>,
    })),
  } satisfies SesWarmingArgs;
}

/** Compiles only when `Config` fits `Args` (the `satisfies` of a type). */
type Fits<Config extends Args, Args> = [Config, Args];

/**
 * Compile-time proof that the validated shapes passed through unchanged fit the
 * arguments; a failing entry names the shape that drifted.
 */
export type ConfigFitsArgs = [
  Fits<PhoneNumberConfig, PhoneNumberArgs>,
  Fits<SenderIdConfig, SenderIdArgs>,
  Fits<ExistingOriginatorConfig, ExistingOriginatorArgs>,
  Fits<NumberOverrideConfig, NumberOverrideArgs>,
  Fits<Omit<UseCaseConfig, "eventDestinations">, Omit<UseCaseArgs, "eventDestinations">>,
];
