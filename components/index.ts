/**
 * The public API of the package: the estate's Pulumi component resources and their
 * arguments, for any team's Pulumi program (`import { MessagingRegion } from
 * "messaging-estate"`). Importing it declares nothing and reads no configuration: every
 * resource comes from a constructor the program calls.
 *
 * The YAML-driven stack of this repository (`stacks/`) is one such program; its mapping
 * from YAML onto these arguments is in `stacks/config/to-args.ts`.
 */

// --- SMS -------------------------------------------------------------------------------------
export {
  MessagingEstate,
  type MessagingEstateArgs,
  type ResolvedEstate,
} from "./sms/messaging-estate";
export {
  MessagingRegion,
  useCaseResourceName,
  type MessagingRegionArgs,
  type RegionalUseCase,
  type RegionRole,
} from "./sms/messaging-region";
export { PhonePool, type PhonePoolArgs, type PoolMember } from "./sms/phone-pool";
export {
  SmsConfigurationSet,
  MAX_EVENT_DESTINATIONS,
  type SmsConfigurationSetArgs,
} from "./sms/configuration-set";
export {
  RegionOriginators,
  adoptedArns,
  type OriginatorUseCase,
  type RegionOriginatorsArgs,
  type UseCaseOriginators,
} from "./sms/originators";
export { TwoWayChannel, type TwoWayChannelArgs } from "./sms/two-way-channel";
export {
  resolveUseCase,
  type CloudWatchLogsEventDestinationArgs,
  type EventDestinationArgs,
  type EventType,
  type ExistingOriginatorArgs,
  type ExistingOriginatorKind,
  type FirehoseEventDestinationArgs,
  type MessageType,
  type NumberOverrideArgs,
  type PhoneNumberArgs,
  type PoolKeywords,
  type ProtectArgs,
  type ProtectMode,
  type RegionalOriginatorsArgs,
  type ResolvedUseCase,
  type SenderIdArgs,
  type SnsEventDestinationArgs,
  type StopConfirmation,
  type UseCaseArgs,
} from "./sms/use-case";

// --- Protect ---------------------------------------------------------------------------------
export {
  RegionProtect,
  type ProtectedUseCase,
  type RegionProtectArgs,
} from "./protect/region-protect";
export {
  AccountDefaultProtectConfiguration,
  type AccountDefaultProtectConfigurationArgs,
} from "./protect/account-default-protect-configuration";
export {
  ProtectNumberOverride,
  type ProtectNumberOverrideArgs,
} from "./protect/protect-number-override";
export {
  TextMessageSpendLimitOverride,
  type TextMessageSpendLimitOverrideArgs,
} from "./protect/spend-limit-override";
export {
  accountCountryRules,
  deriveCountryRules,
  useCaseCountryRules,
  type CountryRule,
  type CountryRuleSet,
  type ProtectStatus,
} from "./protect/country-rules";

// --- Account-level sharing (AWS RAM) ---------------------------------------------------------
export {
  EstateSharing,
  type EstateSharingArgs,
  type SecondaryAccountEndpoints,
  type SecondaryAccountShareArgs,
  type SecondaryRegionShareArgs,
  type SharedUseCaseEndpoint,
} from "./sharing/estate-sharing";
export {
  RegionalShare,
  type RegionalShareArgs,
  type SharedUseCaseResources,
} from "./sharing/regional-share";
export {
  SecondaryAccount,
  SecondaryAccountRegion,
  type ReceivedUseCase,
  type SecondaryAccountArgs,
  type SecondaryAccountRegionArgs,
  type SecondaryUseCase,
} from "./sharing/secondary-account";

// --- Failover --------------------------------------------------------------------------------
export {
  EstateFailover,
  type ActiveRegions,
  type ActiveUseCase,
  type EstateFailoverArgs,
} from "./failover/estate-failover";
export {
  ActivePointers,
  type ActivePointersArgs,
  type PointerTarget,
} from "./failover/active-pointers";
export { OptOutLedger, type OptOutLedgerArgs } from "./failover/opt-out-ledger";
export {
  OptOutReplication,
  type OptOutReplicationArgs,
  type ReplicatedInbound,
  type ReplicatedList,
} from "./failover/opt-out-replication";
export { bundleLambda, lambdaArchive, type LambdaBundle } from "./failover/lambda-bundle";
export {
  parsePointer,
  pointerParameterName,
  type ActivePointer,
} from "./failover/pointer-document";
export {
  freshnessParameterName,
  parseFreshness,
  type OptOutFreshness,
} from "./failover/opt-out-freshness";

// --- SES warming -----------------------------------------------------------------------------
export {
  SesWarming,
  type SesRegionArgs,
  type SesWarmingArgs,
  type WarmupCapOutput,
} from "./ses/ses-warming";
export {
  SesWarmingRegion,
  sesConfigurationSetName,
  type SesPoolArgs,
  type SesUseCaseArgs,
  type SesUseCaseKind,
  type SesWarmingRegionArgs,
} from "./ses/ses-warming-region";
export { SesIpPool, type ScalingMode, type SesIpPoolArgs } from "./ses/ip-pool";
export { SesFeedbackQueues, type SesFeedbackQueuesArgs } from "./ses/feedback-queues";
export { SesSendingUseCase, type SesSendingUseCaseArgs } from "./ses/sending-use-case";
export {
  SesReputationAlarms,
  type ReputationThresholds,
  type SesReputationAlarmsArgs,
} from "./ses/reputation-alarms";
export {
  buildWarmupPlan,
  todaysCap,
  type EngagementTier,
  type MailboxProvider,
  type WarmupPlan,
  type WarmupPlanParams,
} from "./ses/warmup-plan";

// --- Tags ------------------------------------------------------------------------------------
export { TAG_MANAGED_BY, TAG_PUBLIC_FACING, TAG_REGION_ROLE, TAG_USE_CASE } from "./tags";
