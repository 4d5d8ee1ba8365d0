/**
 * The account-default protect configuration of one Region (SetAccountDefaultProtectConfiguration),
 * which no Pulumi provider or CloudFormation resource manages.
 *
 * The account default is the fallback for every send that names no protect configuration, and
 * the only way Protect applies to messages sent through Amazon SNS, Amazon Connect or Amazon
 * Pinpoint. AWS's rule: before deleting the account default, put another default in place. So
 * this resource remembers the default it replaced and, on delete, puts that one back; only when
 * there was none (or it no longer exists) does it remove the account default outright. Either
 * way the protect configuration it managed stops being the default, so that configuration can
 * then be deleted (AWS refuses to delete the account default).
 */
import * as pulumi from "@pulumi/pulumi";
import { isNotFound } from "./aws-errors";
import {
  changedKeys,
  checkClientInputs,
  checkKnownKeys,
  CLIENT_SETTING_KEYS,
  type ClientArgs,
  type ClientInputs,
  clientSettings,
  type CrudProvider,
  isUnknown,
  pick,
} from "./provider-inputs";
import { callSmsVoice, type SmsVoiceClientSettings } from "./sdk-client";

/** Inputs of {@link AccountDefaultProtectConfiguration} as the provider receives them. */
export interface AccountDefaultProtectConfigurationInputs extends ClientInputs {
  /** Id of the protect configuration to make the account default. Required. */
  protectConfigurationId: string;
}

/** State of {@link AccountDefaultProtectConfiguration}. */
export interface AccountDefaultProtectConfigurationOutputs extends AccountDefaultProtectConfigurationInputs {
  /** ARN of the account-default protect configuration. */
  protectConfigurationArn: string;
  /** The account default this resource replaced; absent when the Region had none. Restored on delete. */
  previousProtectConfigurationId?: string;
}

const INPUT_KEYS = ["region", "protectConfigurationId", ...CLIENT_SETTING_KEYS];
const PROTECT_CONFIGURATION_ID = /^[A-Za-z0-9_:/-]{1,256}$/;

interface DefaultConfiguration {
  readonly id: string;
  readonly arn: string;
}

/** The Region's current account default, or undefined when none is set. */
async function readDefault(
  settings: SmsVoiceClientSettings,
): Promise<DefaultConfiguration | undefined> {
  return callSmsVoice(settings, "DescribeProtectConfigurations", async (client, sdk) => {
    const result = await client.send(
      new sdk.DescribeProtectConfigurationsCommand({
        Filters: [{ Name: "account-default", Values: ["true"] }],
      }),
    );
    const current = result.ProtectConfigurations?.find((c) => c.AccountDefault !== false);
    return current?.ProtectConfigurationId
      ? { id: current.ProtectConfigurationId, arn: current.ProtectConfigurationArn ?? "" }
      : undefined;
  });
}

/**
 * True when `idOrArn` (what the user gave: AWS accepts either) names the `current` default.
 * Comparing ids alone would see drift forever after a refresh, and make delete skip its undo.
 */
function names(current: DefaultConfiguration | undefined, idOrArn: string): boolean {
  return current !== undefined && (current.id === idOrArn || current.arn === idOrArn);
}

/** Makes `protectConfigurationId` the account default and returns its ARN. */
async function setDefault(
  settings: SmsVoiceClientSettings,
  protectConfigurationId: string,
): Promise<string> {
  return callSmsVoice(settings, "SetAccountDefaultProtectConfiguration", async (client, sdk) => {
    const result = await client.send(
      new sdk.SetAccountDefaultProtectConfigurationCommand({
        ProtectConfigurationId: protectConfigurationId,
      }),
    );
    return result.DefaultProtectConfigurationArn ?? "";
  });
}

/**
 * The dynamic provider. Diff replaces only on a Region change; a new protect configuration id
 * updates in place. Read reflects the live default (another id → drift; none → removed).
 */
export const accountDefaultProtectConfigurationProvider: CrudProvider<
  AccountDefaultProtectConfigurationInputs,
  AccountDefaultProtectConfigurationOutputs
> = {
  async check(_olds, news) {
    const failures = [...checkKnownKeys(news, INPUT_KEYS), ...checkClientInputs(news)];
    const id: unknown = news.protectConfigurationId;
    if (id === undefined) {
      failures.push({
        property: "protectConfigurationId",
        reason: "protectConfigurationId is required",
      });
    } else if (!isUnknown(id) && (typeof id !== "string" || !PROTECT_CONFIGURATION_ID.test(id))) {
      failures.push({
        property: "protectConfigurationId",
        reason:
          "protectConfigurationId must be a protect configuration id or ARN (letters, digits, _ : / -)",
      });
    }
    return { inputs: pick(news, INPUT_KEYS), failures };
  },

  async diff(_id, olds, news) {
    return {
      changes: changedKeys(olds, news, INPUT_KEYS).length > 0,
      replaces: changedKeys(olds, news, ["region"]),
      deleteBeforeReplace: false,
    };
  },

  async create(inputs) {
    const settings = clientSettings(inputs);
    const previous = await readDefault(settings);
    const arn = await setDefault(settings, inputs.protectConfigurationId);
    const outs: AccountDefaultProtectConfigurationOutputs = {
      ...pick<AccountDefaultProtectConfigurationInputs>(inputs, INPUT_KEYS),
      protectConfigurationArn: arn,
    };
    if (previous) outs.previousProtectConfigurationId = previous.id;
    // One account default per Region, so the Region identifies it (and makes `pulumi import` possible).
    return { id: inputs.region, outs };
  },

  async read(id, props) {
    const region = props?.region ?? id;
    const current = await readDefault(clientSettings({ ...props, region } as ClientInputs));
    if (!current) return {}; // no account default any more: Pulumi drops the resource
    const given = props?.protectConfigurationId;
    return {
      id,
      props: {
        ...(props as AccountDefaultProtectConfigurationOutputs),
        region,
        // Keep the user's spelling (id or ARN) while it still names the default; else show the drift.
        protectConfigurationId: given !== undefined && names(current, given) ? given : current.id,
        protectConfigurationArn: current.arn,
      },
    };
  },

  async update(_id, olds, news) {
    let arn = olds.protectConfigurationArn;
    if (olds.protectConfigurationId !== news.protectConfigurationId) {
      arn = await setDefault(clientSettings(news), news.protectConfigurationId);
    }
    const outs: AccountDefaultProtectConfigurationOutputs = {
      ...pick<AccountDefaultProtectConfigurationInputs>(news, INPUT_KEYS),
      protectConfigurationArn: arn,
    };
    if (olds.previousProtectConfigurationId)
      outs.previousProtectConfigurationId = olds.previousProtectConfigurationId;
    return { outs };
  },

  async delete(_id, props) {
    const settings = clientSettings(props);
    const current = await readDefault(settings);
    // Someone else's default is in place (or none is): nothing of ours to undo.
    if (!names(current, props.protectConfigurationId)) return;
    const previous = props.previousProtectConfigurationId;
    // It was already the default before this resource managed it: leave the account as found.
    if (previous !== undefined && names(current, previous)) return;
    if (previous) {
      const restored = await callSmsVoice(
        settings,
        "SetAccountDefaultProtectConfiguration",
        async (client, sdk) => {
          try {
            await client.send(
              new sdk.SetAccountDefaultProtectConfigurationCommand({
                ProtectConfigurationId: previous,
              }),
            );
            return true;
          } catch (error) {
            if (isNotFound(error)) return false; // the previous default was deleted meanwhile
            throw error;
          }
        },
      );
      if (restored) return;
    }
    await callSmsVoice(
      settings,
      "DeleteAccountDefaultProtectConfiguration",
      async (client, sdk) => {
        try {
          await client.send(new sdk.DeleteAccountDefaultProtectConfigurationCommand({}));
        } catch (error) {
          if (!isNotFound(error)) throw error;
        }
      },
    );
  },
};

/** Arguments of {@link AccountDefaultProtectConfiguration}. */
export interface AccountDefaultProtectConfigurationArgs extends ClientArgs {
  /**
   * Id of the protect configuration to make the Region's account default, e.g. an aws-native
   * `smsvoice.ProtectConfiguration`'s `protectConfigurationId`. Required (no default).
   * Changing it updates in place.
   */
  protectConfigurationId: pulumi.Input<string>;
}

/**
 * Sets a Region's account-default protect configuration. One per (account, Region): two of them
 * in the same Region would fight over the setting. Deleting it restores the default it replaced.
 * Type token `pulumi-nodejs:dynamic/protect:AccountDefaultProtectConfiguration`.
 */
export class AccountDefaultProtectConfiguration extends pulumi.dynamic.Resource {
  /** Region of the account default. */
  declare public readonly region: pulumi.Output<string>;
  /** Id of the account-default protect configuration. */
  declare public readonly protectConfigurationId: pulumi.Output<string>;
  /** ARN of the account-default protect configuration. */
  declare public readonly protectConfigurationArn: pulumi.Output<string>;
  /** The default replaced at creation (restored on delete); undefined when there was none. */
  declare public readonly previousProtectConfigurationId: pulumi.Output<string | undefined>;

  constructor(
    name: string,
    args: AccountDefaultProtectConfigurationArgs,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(
      accountDefaultProtectConfigurationProvider,
      name,
      { ...args, protectConfigurationArn: undefined, previousProtectConfigurationId: undefined },
      opts,
      "protect",
      "AccountDefaultProtectConfiguration",
    );
  }
}
