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
import { protectNames } from "../../lib/naming";
import { own } from "../../lib/own";
import { nativeTags } from "../tags";
import type { ProtectArgs, ProtectMode } from "../sms/use-case";
import { AccountDefaultProtectConfiguration } from "./account-default-protect-configuration";
import { accountCountryRules, useCaseCountryRules, type CountryRuleSet } from "./country-rules";
import { ProtectNumberOverride } from "./protect-number-override";
import { TextMessageSpendLimitOverride } from "./spend-limit-override";

/** What Protect needs to know of a use case. */
export interface ProtectedUseCase {
  /** Destination countries (ISO 3166-1 alpha-2). Required. */
  countries: string[];
  /** Mode of the use case's countries. Default: FILTER when `publicFacing`, else ALLOW. */
  protectMode?: ProtectMode;
  /** Public web forms trigger these sends. Default: false. */
  publicFacing?: boolean;
}

/** Arguments of {@link RegionProtect}. */
export interface RegionProtectArgs {
  /** The Region the configurations and account-level guards are in. Required. */
  region: string;
  /** Use cases by name: each gets its own protect configuration. Required. */
  useCases: Record<string, ProtectedUseCase>;
  /** Account-level settings. Default: FILTER, made the account default, no spend limit, no overrides. */
  protect?: ProtectArgs;
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
    const tags = nativeTags(args.tags ?? {});
    const configuration = (role: string, countryRuleSet: CountryRuleSet) =>
      new awsnative.smsvoice.ProtectConfiguration(
        protectNames.configuration(name, role),
        { countryRuleSet, deletionProtectionEnabled: true, tags },
        { parent: this },
      );

    const protect = args.protect ?? {};
    const account = accountCountryRules({ useCases: args.useCases, protect });
    this.accountConfiguration = configuration(protectNames.accountRole, account);
    const useCases: Record<string, CountryRuleSet> = {};
    for (const useCase of Object.keys(args.useCases).sort()) {
      useCases[useCase] = useCaseCountryRules(args.useCases[useCase]);
      this.useCaseConfigurations[useCase] = configuration(useCase, useCases[useCase]);
    }
    this.rules = { account, useCases };

    // The account-level guards are dynamic resources (package pulumi-nodejs), so they do
    // not take the aws-native provider this component passes down; they name the Region.
    const guard = { parent: this };
    if (protect.setAccountDefault ?? true) {
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
    const numberOverrides = protect.numberOverrides ?? {};
    for (const key of Object.keys(numberOverrides).sort()) {
      const override = numberOverrides[key];
      if (override.regions && !override.regions.includes(args.region)) continue;
      const target = override.useCase
        ? own(this.useCaseConfigurations, override.useCase)
        : this.accountConfiguration;
      if (!target) {
        throw new pulumi.ResourceError(
          `${name}: number override ${key} names unknown use case ${override.useCase}; use one of ${Object.keys(args.useCases).sort().join(", ")} or leave useCase out for the account-level configuration`,
          this,
        );
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
