/**
 * The account's monthly text-message spend-limit override in one Region
 * (SetTextMessageSpendLimitOverride): an account-level guard against runaway cost, e.g. from an
 * SMS-pumping attack that slips past Protect. AWS caps it at the account's `MaxLimit` (raised
 * only through a quota request) and answers a ValidationException above it; that message is
 * passed through unchanged.
 */
import * as pulumi from "@pulumi/pulumi";
import { awsErrorName } from "./aws-errors";
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

/** Inputs of {@link TextMessageSpendLimitOverride} as the provider receives them. */
export interface TextMessageSpendLimitOverrideInputs extends ClientInputs {
  /** Monthly limit in whole US dollars, at least 1. Required. */
  monthlyLimit: number;
}

/** State of {@link TextMessageSpendLimitOverride}. */
export interface TextMessageSpendLimitOverrideOutputs extends TextMessageSpendLimitOverrideInputs {
  /** The account's `MaxLimit` for text messages when last seen (USD). */
  maxLimit: number;
  /** Override in place before this resource (USD); absent when there was none. Restored on delete. */
  previousMonthlyLimit?: number;
}

/** AWS's name of the text-message spend limit in DescribeSpendLimits. */
export const TEXT_SPEND_LIMIT_NAME = "TEXT_MESSAGE_MONTHLY_SPEND_LIMIT";

const INPUT_KEYS = ["region", "monthlyLimit", ...CLIENT_SETTING_KEYS];

interface TextSpendLimit {
  readonly enforcedLimit: number;
  readonly maxLimit: number;
  readonly overridden: boolean;
}

/** The Region's text-message spend limit as DescribeSpendLimits reports it. */
async function readTextLimit(settings: SmsVoiceClientSettings): Promise<TextSpendLimit> {
  return callSmsVoice(settings, "DescribeSpendLimits", async (client, sdk) => {
    let NextToken: string | undefined;
    do {
      const page = await client.send(new sdk.DescribeSpendLimitsCommand({ NextToken }));
      const text = page.SpendLimits?.find((limit) => limit.Name === TEXT_SPEND_LIMIT_NAME);
      if (text) {
        return {
          enforcedLimit: text.EnforcedLimit ?? 0,
          maxLimit: text.MaxLimit ?? 0,
          overridden: text.Overridden === true,
        };
      }
      NextToken = page.NextToken;
    } while (NextToken);
    throw new Error(`DescribeSpendLimits returned no ${TEXT_SPEND_LIMIT_NAME}`);
  });
}

async function setOverride(settings: SmsVoiceClientSettings, monthlyLimit: number): Promise<void> {
  await callSmsVoice(settings, "SetTextMessageSpendLimitOverride", (client, sdk) =>
    client.send(new sdk.SetTextMessageSpendLimitOverrideCommand({ MonthlyLimit: monthlyLimit })),
  );
}

async function deleteOverride(settings: SmsVoiceClientSettings): Promise<void> {
  await callSmsVoice(settings, "DeleteTextMessageSpendLimitOverride", (client, sdk) =>
    client.send(new sdk.DeleteTextMessageSpendLimitOverrideCommand({})),
  );
}

/**
 * The dynamic provider. Diff replaces only on a Region change; a new limit updates in place.
 * Read drops the resource when the override is gone (the limit is no longer `Overridden`).
 */
export const textMessageSpendLimitOverrideProvider: CrudProvider<
  TextMessageSpendLimitOverrideInputs,
  TextMessageSpendLimitOverrideOutputs
> = {
  async check(_olds, news) {
    const failures = [...checkKnownKeys(news, INPUT_KEYS), ...checkClientInputs(news)];
    const limit: unknown = news.monthlyLimit;
    if (limit === undefined) {
      failures.push({
        property: "monthlyLimit",
        reason: "monthlyLimit is required (whole US dollars per month)",
      });
    } else if (!isUnknown(limit) && !(Number.isInteger(limit) && Number(limit) >= 1)) {
      failures.push({
        property: "monthlyLimit",
        reason: "monthlyLimit must be a whole number of US dollars, at least 1",
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
    const before = await readTextLimit(settings);
    await setOverride(settings, inputs.monthlyLimit);
    const outs: TextMessageSpendLimitOverrideOutputs = {
      ...pick<TextMessageSpendLimitOverrideInputs>(inputs, INPUT_KEYS),
      maxLimit: before.maxLimit,
    };
    if (before.overridden) outs.previousMonthlyLimit = before.enforcedLimit;
    // One override per (account, Region): the Region identifies it and allows `pulumi import`.
    return { id: inputs.region, outs };
  },

  async read(id, props) {
    const region = props?.region ?? id;
    const live = await readTextLimit(clientSettings({ ...props, region } as ClientInputs));
    if (!live.overridden) return {}; // override removed: Pulumi drops the resource
    return {
      id,
      props: {
        ...(props as TextMessageSpendLimitOverrideOutputs),
        region,
        monthlyLimit: live.enforcedLimit,
        maxLimit: live.maxLimit,
      },
    };
  },

  async update(_id, olds, news) {
    if (olds.monthlyLimit !== news.monthlyLimit)
      await setOverride(clientSettings(news), news.monthlyLimit);
    const outs: TextMessageSpendLimitOverrideOutputs = {
      ...pick<TextMessageSpendLimitOverrideInputs>(news, INPUT_KEYS),
      maxLimit: olds.maxLimit,
    };
    if (olds.previousMonthlyLimit !== undefined)
      outs.previousMonthlyLimit = olds.previousMonthlyLimit;
    return { outs };
  },

  async delete(_id, props) {
    const settings = clientSettings(props);
    const previous = props.previousMonthlyLimit;
    if (previous !== undefined) {
      const restored = await callSmsVoice(
        settings,
        "SetTextMessageSpendLimitOverride",
        async (client, sdk) => {
          try {
            await client.send(
              new sdk.SetTextMessageSpendLimitOverrideCommand({ MonthlyLimit: previous }),
            );
            return true;
          } catch (error) {
            // AWS lowered MaxLimit below the old override: no override (= MaxLimit) is the closest state.
            if (awsErrorName(error) === "ValidationException") return false;
            throw error;
          }
        },
      );
      if (restored) return;
    }
    await deleteOverride(settings);
  },
};

/** Arguments of {@link TextMessageSpendLimitOverride}. */
export interface TextMessageSpendLimitOverrideArgs extends ClientArgs {
  /**
   * Monthly text-message spend limit in whole US dollars, at least 1 and at most the account's
   * `MaxLimit`. Required (no default). Changing it updates in place.
   */
  monthlyLimit: pulumi.Input<number>;
}

/**
 * Overrides a Region's monthly text-message spend limit. Deleting it restores the override that
 * was in place before (if any, and if still within `MaxLimit`), otherwise removes the override
 * so AWS's `MaxLimit` applies again.
 * Type token `pulumi-nodejs:dynamic/protect:TextMessageSpendLimitOverride`.
 */
export class TextMessageSpendLimitOverride extends pulumi.dynamic.Resource {
  /** Region of the override. */
  declare public readonly region: pulumi.Output<string>;
  /** Enforced monthly text-message limit (USD). */
  declare public readonly monthlyLimit: pulumi.Output<number>;
  /** The account's `MaxLimit` (USD) when last seen. */
  declare public readonly maxLimit: pulumi.Output<number>;
  /** Override in place before this resource (USD), restored on delete; undefined when none. */
  declare public readonly previousMonthlyLimit: pulumi.Output<number | undefined>;

  constructor(
    name: string,
    args: TextMessageSpendLimitOverrideArgs,
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(
      textMessageSpendLimitOverrideProvider,
      name,
      { ...args, maxLimit: undefined, previousMonthlyLimit: undefined },
      opts,
      "protect",
      "TextMessageSpendLimitOverride",
    );
  }
}
