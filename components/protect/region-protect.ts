/**
 * Protect against SMS pumping in one Region, derived from the estate: a protect
 * configuration per use case (FILTER for public-facing ones by default), an account-level
 * configuration that blocks every country no use case sends to and becomes the account
 * default (what protects sends through SNS, Cognito and Connect), the phone-number
 * overrides of `protect.numberOverrides` for this Region, and the account's text-message
 * spend-limit override. The last three exist in no provider: they are the dynamic
 * providers of this folder, calling the SMS Voice v2 API with the deployer's credentials.
 */
import * as awsnative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import type { EstateConfig } from "../../stacks/config/schema";
import { protectNames } from "../../lib/naming";
import { own } from "../../lib/own";
import { nativeTags } from "../tags";
import { AccountDefaultProtectConfiguration } from "./account-default-protect-configuration";
import { accountCountryRules, useCaseCountryRules, type CountryRuleSet } from "./country-rules";
import { ProtectNumberOverride } from "./protect-number-override";
import { TextMessageSpendLimitOverride } from "./spend-limit-override";

export interface RegionProtectArgs {
  region: string;
  /** The validated estate. */
  estate: EstateConfig;
  /** Tags on every configuration. Default: none. */
  tags?: Record<string, string>;
}

/** Per-Region Protect layer. Token `messaging:protect:RegionProtect`. */
export class RegionProtect extends pulumi.ComponentResource {
  /** The account-level configuration (the account default when `setAccountDefault`). */
  readonly accountConfiguration: awsnative.smsvoice.ProtectConfiguration;
  /** One configuration per use case. */
  readonly useCaseConfigurations: Record<string, awsnative.smsvoice.ProtectConfiguration> = {};
  /** The derived rules, for summaries and tests. */
  readonly rules: { account: CountryRuleSet; useCases: Record<string, CountryRuleSet> };
  /** Makes the account-level configuration the Region's default; absent when `setAccountDefault: false`. */
  readonly accountDefault?: AccountDefaultProtectConfiguration;
  /** The Region's spend-limit override; absent unless `monthlySpendLimitUsd` is set. */
  readonly spendLimit?: TextMessageSpendLimitOverride;
  /** Phone-number overrides applying in this Region, by their config key. */
  readonly numberOverrides: Record<string, ProtectNumberOverride> = {};

  constructor(name: string, args: RegionProtectArgs, opts?: pulumi.ComponentResourceOptions) {
    super("messaging:protect:RegionProtect", name, {}, opts);
    const { estate } = args;
    const tags = nativeTags(args.tags ?? {});
    const configuration = (role: string, countryRuleSet: CountryRuleSet) =>
      new awsnative.smsvoice.ProtectConfiguration(
        protectNames.configuration(name, role),
        { countryRuleSet, deletionProtectionEnabled: true, tags },
        { parent: this },
      );

    const account = accountCountryRules(estate);
    this.accountConfiguration = configuration(protectNames.accountRole, account);
    const useCases: Record<string, CountryRuleSet> = {};
    for (const useCase of Object.keys(estate.useCases).sort()) {
      useCases[useCase] = useCaseCountryRules(estate.useCases[useCase]);
      this.useCaseConfigurations[useCase] = configuration(useCase, useCases[useCase]);
    }
    this.rules = { account, useCases };

    // The account-level guards are dynamic resources (package pulumi-nodejs), so they do
    // not take the aws-native provider this component passes down; they name the Region.
    const guard = { parent: this };
    const { protect } = estate;
    if (protect.setAccountDefault) {
      this.accountDefault = new AccountDefaultProtectConfiguration(
        protectNames.accountDefault(name),
        {
          region: args.region,
          protectConfigurationId: this.accountConfiguration.protectConfigurationId,
        },
        guard,
      );
    }
    if (protect.monthlySpendLimitUsd !== undefined) {
      this.spendLimit = new TextMessageSpendLimitOverride(
        protectNames.spendLimit(name),
        { region: args.region, monthlyLimit: protect.monthlySpendLimitUsd },
        guard,
      );
    }
    for (const key of Object.keys(protect.numberOverrides).sort()) {
      const override = protect.numberOverrides[key];
      if (override.regions && !override.regions.includes(args.region)) continue;
      const target = override.useCase
        ? own(this.useCaseConfigurations, override.useCase)
        : this.accountConfiguration;
      if (!target) {
        throw new Error(`${name}: override ${key} names unknown use case ${override.useCase}`);
      }
      this.numberOverrides[key] = new ProtectNumberOverride(
        protectNames.numberOverride(name, key),
        {
          region: args.region,
          protectConfigurationId: target.protectConfigurationId,
          // Personal data: secret from the first moment (the resource keeps it secret too).
          destinationPhoneNumber: pulumi.secret(override.number),
          action: override.action,
          expirationTimestamp: override.expiresAt,
        },
        guard,
      );
    }
    this.registerOutputs({});
  }
}
