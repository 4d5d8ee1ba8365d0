/**
 * Every policy of the pack, in the order reports list them. `index.ts` serves this list;
 * tests and tools import it (or the single policies) without starting a server.
 */
import type { MessagingPolicy } from "./lib/policy-kit";
import { smsProtectConfigurationBlocksCountries } from "./protect/protect-configuration-blocks-countries";
import { smsProtectFilterPublicUseCases } from "./protect/public-use-case-filter";
import { ramShareNoExternalPrincipals } from "./ram/share-no-external-principals";
import { ramSharePrincipalAllowList } from "./ram/share-principal-allow-list";
import { ramShareSameRegion } from "./ram/share-same-region";
import { sesConfigurationSetTlsRequired } from "./ses/configuration-set-tls-required";
import { sesMarketingDedicatedPool } from "./ses/marketing-dedicated-pool";
import { smsConfigurationSetHasEventDestination } from "./sms/configuration-set-has-event-destination";
import { smsConfigurationSetMaxEventDestinations } from "./sms/configuration-set-max-event-destinations";
import { smsDeletionProtectionEnabled } from "./sms/deletion-protection-enabled";
import { smsEventDestinationRoleSourceAccount } from "./sms/event-destination-role-source-account";
import { smsOriginatorPulumiProtect } from "./sms/originator-pulumi-protect";
import { smsOriginatorTypeDiversity } from "./sms/originator-type-diversity";
import { smsKeywordReplyContent } from "./sms/keyword-reply-content";
import { smsOriginatorOnePool } from "./sms/originator-one-pool";
import { smsPoolOptInKeyword } from "./sms/pool-opt-in-keyword";
import { smsPoolOptOutListMatchesMembers } from "./sms/pool-opt-out-list-matches-members";
import { smsPoolSharedRoutesDisabled } from "./sms/pool-shared-routes-disabled";
import { smsRegistrationRequired } from "./sms/registration-required";
import { smsSelfManagedOptOutsTollFree } from "./sms/self-managed-opt-outs-toll-free";
import { smsSelfManagedOptOutsTwoWay } from "./sms/self-managed-opt-outs-two-way";
import { smsSenderIdFormat } from "./sms/sender-id-format";
import { smsStandbyCapacity } from "./sms/standby-capacity";
import { smsStandbyRegionParity } from "./sms/standby-region-parity";
import { messagingRequiredTags } from "./tags/required-tags";

/** The pack's policies. */
export const all: MessagingPolicy[] = [
  smsPoolSharedRoutesDisabled,
  smsPoolOptOutListMatchesMembers,
  smsPoolOptInKeyword,
  smsKeywordReplyContent,
  smsOriginatorOnePool,
  smsDeletionProtectionEnabled,
  smsOriginatorPulumiProtect,
  smsSenderIdFormat,
  smsRegistrationRequired,
  smsConfigurationSetMaxEventDestinations,
  smsConfigurationSetHasEventDestination,
  smsEventDestinationRoleSourceAccount,
  smsSelfManagedOptOutsTwoWay,
  smsSelfManagedOptOutsTollFree,
  smsStandbyRegionParity,
  smsStandbyCapacity,
  smsOriginatorTypeDiversity,
  smsProtectConfigurationBlocksCountries,
  smsProtectFilterPublicUseCases,
  ramShareNoExternalPrincipals,
  ramSharePrincipalAllowList,
  ramShareSameRegion,
  sesConfigurationSetTlsRequired,
  sesMarketingDedicatedPool,
  messagingRequiredTags,
];

/** Name of the pack as the service and `--policy-pack` report it. */
export const PACK_NAME = "messaging-estate";
