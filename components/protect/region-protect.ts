/**
 * Protect against SMS pumping in one Region, derived from the estate: a protect
 * configuration per use case (FILTER for public-facing ones by default) and an
 * account-level configuration that blocks every country no use case sends to.
 */
import * as awsnative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import type { EstateConfig } from "../../stacks/config/schema";
import { nativeTags } from "../tags";
import { accountCountryRules, useCaseCountryRules, type CountryRuleSet } from "./country-rules";

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

  constructor(name: string, args: RegionProtectArgs, opts?: pulumi.ComponentResourceOptions) {
    super("messaging:protect:RegionProtect", name, {}, opts);
    const { estate } = args;
    const tags = nativeTags(args.tags ?? {});
    const configuration = (role: string, countryRuleSet: CountryRuleSet) =>
      new awsnative.smsvoice.ProtectConfiguration(
        `${name}-${role}`,
        { countryRuleSet, deletionProtectionEnabled: true, tags },
        { parent: this },
      );

    const account = accountCountryRules(estate);
    this.accountConfiguration = configuration("account", account);
    const useCases: Record<string, CountryRuleSet> = {};
    for (const useCase of Object.keys(estate.useCases).sort()) {
      useCases[useCase] = useCaseCountryRules(estate.useCases[useCase]);
      this.useCaseConfigurations[useCase] = configuration(useCase, useCases[useCase]);
    }
    this.rules = { account, useCases };
    this.registerOutputs({});
  }
}
