/**
 * What every policy shares: `exemptResources` (by name, URN or `*` glob) silences exactly
 * the violation it names, and resource policies decline resources of other types. One
 * table row per policy; each row first proves the mutation fires the policy, so no case
 * passes vacuously.
 */
import { strict as assert } from "node:assert";
import { all } from "../../policies/all";
import type { MessagingPolicy } from "../../policies/lib/policy-kit";
import { smsProtectConfigurationBlocksCountries } from "../../policies/protect/protect-configuration-blocks-countries";
import { smsProtectFilterPublicUseCases } from "../../policies/protect/public-use-case-filter";
import { ramShareNoExternalPrincipals } from "../../policies/ram/share-no-external-principals";
import { ramSharePrincipalAllowList } from "../../policies/ram/share-principal-allow-list";
import { ramShareSameRegion } from "../../policies/ram/share-same-region";
import { sesConfigurationSetTlsRequired } from "../../policies/ses/configuration-set-tls-required";
import { sesMarketingDedicatedPool } from "../../policies/ses/marketing-dedicated-pool";
import { smsConfigurationSetHasEventDestination } from "../../policies/sms/configuration-set-has-event-destination";
import { smsConfigurationSetMaxEventDestinations } from "../../policies/sms/configuration-set-max-event-destinations";
import { smsDeletionProtectionEnabled } from "../../policies/sms/deletion-protection-enabled";
import { smsEventDestinationRoleSourceAccount } from "../../policies/sms/event-destination-role-source-account";
import { smsKeywordReplyContent } from "../../policies/sms/keyword-reply-content";
import { smsOriginatorOnePool } from "../../policies/sms/originator-one-pool";
import { smsOriginatorPulumiProtect } from "../../policies/sms/originator-pulumi-protect";
import { smsOriginatorTypeDiversity } from "../../policies/sms/originator-type-diversity";
import { smsPoolOptInKeyword } from "../../policies/sms/pool-opt-in-keyword";
import { smsPoolOptOutListMatchesMembers } from "../../policies/sms/pool-opt-out-list-matches-members";
import { smsPoolSharedRoutesDisabled } from "../../policies/sms/pool-shared-routes-disabled";
import { smsRegistrationRequired } from "../../policies/sms/registration-required";
import { smsSelfManagedOptOutsTollFree } from "../../policies/sms/self-managed-opt-outs-toll-free";
import { smsSelfManagedOptOutsTwoWay } from "../../policies/sms/self-managed-opt-outs-two-way";
import { smsStandbyCapacity } from "../../policies/sms/standby-capacity";
import { smsSenderIdFormat } from "../../policies/sms/sender-id-format";
import { smsStandbyRegionParity } from "../../policies/sms/standby-region-parity";
import { messagingRequiredTags } from "../../policies/tags/required-tags";
import type { AnalyzerResourceSpec } from "../../tools/check/analyzer-resources";
import { SECONDARY_ACCOUNT, type Mutations } from "../fixtures/policy-estate";
import { onResource, recordEstate, violations } from "./support";

const trust = JSON.stringify({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { Service: "sms-voice.amazonaws.com" },
      Action: "sts:AssumeRole",
    },
  ],
});

const destination = (name: string) => ({
  eventDestinationName: name,
  enabled: true,
  matchingEventTypes: ["ALL"],
  snsDestination: { topicArn: `arn:aws:sns:us-east-1:111122223333:${name}` },
});

/** One policy's exemption case. */
interface ExemptionCase {
  policy: MessagingPolicy;
  /** Makes the policy fire exactly once. */
  mutations: Mutations;
  /** The resource the violation is reported on, or "(stack)". */
  violationOn: string;
  /** The exemptResources that silence it (a name, a URN glob or a name glob). */
  exempt: string[];
  /** Other config the policy needs to be active. */
  config?: Record<string, unknown>;
}

const EXEMPTIONS: ExemptionCase[] = [
  {
    policy: smsPoolSharedRoutesDisabled,
    mutations: { "use1-otp-pool": { args: { sharedRoutesEnabled: true } } },
    violationOn: "use1-otp-pool",
    exempt: ["use1-otp-pool"],
  },
  {
    // Exempting the pool (not the member) skips the pool's whole comparison.
    policy: smsPoolOptOutListMatchesMembers,
    mutations: { "use1-otp-gb-long": { args: { optOutListName: undefined } } },
    violationOn: "use1-otp-gb-long",
    exempt: ["use1-otp-pool"],
  },
  {
    policy: smsPoolOptInKeyword,
    mutations: { "use1-otp-keyword-join": { omit: true } },
    violationOn: "use1-otp-pool",
    exempt: ["use1-otp-pool"],
  },
  {
    policy: smsDeletionProtectionEnabled,
    mutations: { "use1-otp-us-tfn": { args: { deletionProtectionEnabled: false } } },
    violationOn: "use1-otp-us-tfn",
    exempt: ["urn:pulumi:*::use1-otp-us-tfn"],
  },
  {
    policy: smsOriginatorPulumiProtect,
    mutations: { "use1-otp-gb-long": { opts: { protect: false, retainOnDelete: false } } },
    violationOn: "use1-otp-gb-long",
    exempt: ["use1-otp-gb-long"],
  },
  {
    policy: smsSenderIdFormat,
    mutations: { "use1-otp-gb-sender": { args: { senderId: "AC" } } },
    violationOn: "use1-otp-gb-sender",
    exempt: ["use1-otp-*-sender"],
  },
  {
    policy: smsConfigurationSetMaxEventDestinations,
    mutations: {
      "use1-otp-config": {
        args: { eventDestinations: ["a", "b", "c", "d", "e", "f"].map(destination) },
      },
    },
    violationOn: "use1-otp-config",
    exempt: ["use1-otp-config"],
  },
  {
    policy: smsConfigurationSetHasEventDestination,
    mutations: { "usw2-otp-config": { args: { eventDestinations: [] } } },
    violationOn: "usw2-otp-config",
    exempt: ["usw2-otp-config"],
  },
  {
    policy: smsEventDestinationRoleSourceAccount,
    mutations: { "use1-otp-events-role": { args: { assumeRolePolicy: trust } } },
    violationOn: "use1-otp-events-role",
    exempt: ["use1-otp-events-role"],
  },
  {
    policy: smsSelfManagedOptOutsTwoWay,
    mutations: { "usw2-otp-pool": { args: { selfManagedOptOutsEnabled: true } } },
    violationOn: "usw2-otp-pool",
    exempt: ["usw2-otp-pool"],
  },
  {
    policy: smsStandbyRegionParity,
    mutations: { "usw2-alerts-pool": { omit: true } },
    violationOn: "use1-alerts-pool",
    exempt: ["use1-alerts-pool"],
  },
  {
    // The only GB originator left in us-west-2; exempted, nothing there reaches GB.
    policy: smsOriginatorTypeDiversity,
    mutations: { "usw2-otp-gb-long": { omit: true }, "usw2-alerts-gb-sender": { omit: true } },
    violationOn: "(stack)",
    exempt: ["usw2-otp-gb-sender"],
  },
  {
    policy: smsProtectConfigurationBlocksCountries,
    mutations: {
      "use1-otp-protect": {
        args: { countryRuleSet: { sms: [{ countryCode: "US", protectStatus: "FILTER" }] } },
      },
    },
    violationOn: "use1-otp-protect",
    exempt: ["use1-otp-protect"],
  },
  {
    policy: smsProtectFilterPublicUseCases,
    mutations: { "use1-otp-config": { args: { protectConfigurationId: undefined } } },
    violationOn: "use1-otp-config",
    exempt: ["use1-otp-config"],
  },
  {
    policy: ramShareNoExternalPrincipals,
    mutations: { "use1-otp-share": { args: { allowExternalPrincipals: true } } },
    violationOn: "use1-otp-share",
    exempt: ["use1-otp-share"],
  },
  {
    policy: ramSharePrincipalAllowList,
    mutations: { "use1-otp-share-to-dr": { args: { principal: "999988887777" } } },
    violationOn: "use1-otp-share-to-dr",
    exempt: ["use1-otp-share-to-dr"],
    config: { allowedPrincipals: [SECONDARY_ACCOUNT] },
  },
  {
    policy: ramShareSameRegion,
    mutations: { "usw2-otp-share-pool": { args: { region: "us-east-1" } } },
    violationOn: "usw2-otp-share-pool",
    exempt: ["usw2-otp-share-pool"],
  },
  {
    policy: sesConfigurationSetTlsRequired,
    mutations: { "ses-receipts": { args: { deliveryOptions: undefined } } },
    violationOn: "ses-receipts",
    exempt: ["ses-receipts"],
  },
  {
    policy: sesMarketingDedicatedPool,
    mutations: { "ses-marketing": { args: { deliveryOptions: { tlsPolicy: "REQUIRE" } } } },
    violationOn: "ses-marketing",
    exempt: ["ses-marketing"],
  },
  {
    policy: messagingRequiredTags,
    mutations: { "use1-otp-events-topic": { args: { tags: { owner: "platform-messaging" } } } },
    violationOn: "use1-otp-events-topic",
    exempt: ["use1-otp-events-topic"],
  },
  {
    policy: smsRegistrationRequired,
    mutations: { "use1-otp-us-tfn": { args: { registrationId: undefined } } },
    violationOn: "use1-otp-us-tfn",
    exempt: ["use1-otp-us-*"],
  },
  {
    policy: smsSelfManagedOptOutsTollFree,
    mutations: { "usw2-otp-us-tfn": { args: { selfManagedOptOutsEnabled: true } } },
    violationOn: "usw2-otp-us-tfn",
    exempt: ["usw2-otp-us-tfn"],
  },
  {
    // Exempting the pool that would be reported leaves the other holder alone.
    policy: smsOriginatorOnePool,
    mutations: {
      "use1-alerts-pool": {
        args: {
          originationIdentities: [
            "arn:aws:sms-voice:us-east-1:111122223333:phone-number/phone-0123456789abcdef",
          ],
        },
      },
      "use1-otp-pool": { args: { originationIdentities: ["phone-0123456789abcdef"] } },
    },
    violationOn: "use1-otp-pool",
    exempt: ["use1-otp-pool"],
  },
  {
    policy: smsKeywordReplyContent,
    mutations: {
      "use1-otp-keyword-help": { args: { keywordMessage: "Reply STOP to end texts." } },
    },
    violationOn: "use1-otp-keyword-help",
    exempt: ["use1-otp-keyword-*"],
  },
  {
    policy: smsStandbyCapacity,
    mutations: { "usw2-otp-us-tfn": { omit: true } },
    violationOn: "usw2-otp-pool",
    exempt: ["usw2-otp-pool"],
  },
];

/** One resource policy's other-type case: a resource it must decline, and the reason it gives. */
const OTHER_TYPES: Array<{ policy: MessagingPolicy; resource: string; reason: string }> = [
  {
    policy: smsPoolSharedRoutesDisabled,
    resource: "use1-alerts-ca-long",
    reason: "applies to SMS pools only",
  },
  {
    policy: smsDeletionProtectionEnabled,
    resource: "use1-otp-list",
    reason: "applies to phone numbers, sender IDs and pools only",
  },
  {
    policy: smsOriginatorPulumiProtect,
    resource: "use1-otp-pool",
    reason: "applies to phone numbers, sender IDs and opt-out lists only",
  },
  {
    policy: smsSenderIdFormat,
    resource: "use1-otp-us-tfn",
    reason: "applies to sender IDs only",
  },
  {
    policy: smsSelfManagedOptOutsTwoWay,
    resource: "use1-alerts-gb-sender",
    reason: "applies to phone numbers and pools only",
  },
  {
    policy: smsProtectConfigurationBlocksCountries,
    resource: "use1-otp-config",
    reason: "applies to Protect configurations only",
  },
  {
    policy: ramShareNoExternalPrincipals,
    resource: "use1-otp-share-to-dr",
    reason: "applies to RAM resource shares only",
  },
  {
    // An @pulumi/aws share names no principals itself: its PrincipalAssociations do.
    policy: ramSharePrincipalAllowList,
    resource: "use1-otp-share",
    reason: "applies to RAM principal associations and aws-native resource shares only",
  },
  {
    policy: sesConfigurationSetTlsRequired,
    resource: "use1-alerts-config",
    reason: "applies to SES configuration sets only",
  },
  {
    policy: sesMarketingDedicatedPool,
    resource: "use1-otp-config",
    reason: "applies to SES configuration sets only",
  },
  {
    policy: messagingRequiredTags,
    resource: "use1-otp-keyword-join",
    reason: "not a checked taggable type",
  },
  {
    policy: smsRegistrationRequired,
    resource: "use1-otp-gb-sender",
    reason: "applies to @pulumi/aws phone numbers only",
  },
  {
    policy: smsSelfManagedOptOutsTollFree,
    resource: "use1-otp-pool",
    reason: "applies to phone numbers only",
  },
  {
    policy: smsKeywordReplyContent,
    resource: "use1-otp-gb-sender",
    reason: "applies to keywords and to aws-native pools and phone numbers only",
  },
];

const isResourcePolicy = (policy: MessagingPolicy) => !("validateStack" in policy);

describe("policies: exemptions and other types", () => {
  let compliant: AnalyzerResourceSpec[];
  before(async () => {
    compliant = await recordEstate();
  });

  it("has an exemption case for every policy and an other-type case for every resource policy", () => {
    assert.deepEqual(EXEMPTIONS.map((c) => c.policy.name).sort(), all.map((p) => p.name).sort());
    assert.deepEqual(
      OTHER_TYPES.map((c) => c.policy.name).sort(),
      all
        .filter(isResourcePolicy)
        .map((p) => p.name)
        .sort(),
    );
  });

  describe("exemptResources", () => {
    for (const { policy, mutations, violationOn, exempt, config } of EXEMPTIONS) {
      it(`${policy.name} skips ${violationOn} when exemptResources lists ${exempt.join(", ")}`, async () => {
        const specs = await recordEstate(mutations);
        const before = await violations(policy, specs, config);
        assert.equal(before.length, 1, `the mutation should fire once: ${before.join("\n")}`);
        assert.ok(before[0].startsWith(`${violationOn}: `), before[0]);
        assert.deepEqual(
          await violations(policy, specs, { ...config, exemptResources: exempt }),
          [],
        );
        // Exempting something else leaves the violation.
        assert.deepEqual(
          await violations(policy, specs, { ...config, exemptResources: ["unrelated-*"] }),
          before,
        );
        if (isResourcePolicy(policy)) {
          assert.deepEqual(
            await onResource(policy, specs, violationOn, { ...config, exemptResources: exempt }),
            { violations: [], notApplicable: "exempted by exemptResources" },
          );
        }
      });
    }
  });

  describe("resources of other types", () => {
    for (const { policy, resource, reason } of OTHER_TYPES) {
      it(`${policy.name} is not applicable to ${resource}`, async () => {
        const spec = compliant.find((s) => s.name === resource);
        assert.ok(spec, `no resource ${resource}`);
        const result = await onResource(policy, compliant, resource, {
          exemptResources: [],
          ...(policy === ramSharePrincipalAllowList
            ? { allowedPrincipals: [SECONDARY_ACCOUNT] }
            : {}),
        });
        assert.deepEqual(result, { violations: [], notApplicable: reason });
      });
    }
  });
});
