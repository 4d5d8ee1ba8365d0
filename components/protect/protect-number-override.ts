/**
 * A Protect phone-number rule override (PutProtectConfigurationRuleSetNumberOverride): always
 * allow or always block one destination number in one protect configuration, optionally until an
 * expiration time. Typical uses: allow staff abroad in a blocked country; let support allow-list a
 * customer the Filter model blocked by mistake.
 *
 * The destination number is personal data. It is a secret input and output, never part of the
 * resource id, never logged, and redacted from error messages (AWS validation messages can echo
 * it). Because the id does not contain it, the resource cannot be `pulumi import`ed.
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

/** What an override does to messages for its number. */
export type NumberOverrideAction = "ALLOW" | "BLOCK";

/** Inputs of {@link ProtectNumberOverride} as the provider receives them. */
export interface ProtectNumberOverrideInputs extends ClientInputs {
  /** Id of the protect configuration holding the override. Required. */
  protectConfigurationId: string;
  /** Destination number, strict E.164 (`+12065550142`). Required. Secret. */
  destinationPhoneNumber: string;
  /** `ALLOW` or `BLOCK`. Required. */
  action: NumberOverrideAction;
  /** ISO 8601 time the override expires (normalised to UTC by `check`). Default: never. */
  expirationTimestamp?: string;
}

/** State of {@link ProtectNumberOverride}. */
export interface ProtectNumberOverrideOutputs extends ProtectNumberOverrideInputs {
  /** Country AWS derived from the number, when it reports one. */
  isoCountryCode?: string;
  /** When AWS created the override (ISO 8601). */
  createdTimestamp: string;
  /** Action of an override this resource replaced at creation; restored on delete. */
  previousAction?: NumberOverrideAction;
  /** Expiration of that replaced override, if it had one. */
  previousExpirationTimestamp?: string;
}

/** Strict E.164 as Protect requires: `+`, no spaces, hyphens or parentheses, 2–19 digits. */
export const E164_PATTERN = /^\+[1-9][0-9]{1,18}$/;

const INPUT_KEYS = [
  "region",
  "protectConfigurationId",
  "destinationPhoneNumber",
  "action",
  "expirationTimestamp",
  ...CLIENT_SETTING_KEYS,
];
/** Changing any of these means a different override: replace. */
const IDENTITY_KEYS = ["region", "protectConfigurationId", "destinationPhoneNumber"];
/** Changing these updates the override in place. */
const RULE_KEYS = ["action", "expirationTimestamp"];
const PROTECT_CONFIGURATION_ID = /^[A-Za-z0-9_:/-]{1,256}$/;

interface LiveOverride {
  readonly action: NumberOverrideAction;
  readonly expirationTimestamp?: string;
  readonly isoCountryCode?: string;
  readonly createdTimestamp?: string;
}

/** The live override of `number`, or undefined when it (or its protect configuration) is gone. */
async function findOverride(
  settings: SmsVoiceClientSettings,
  protectConfigurationId: string,
  number: string,
): Promise<LiveOverride | undefined> {
  return callSmsVoice(
    settings,
    "ListProtectConfigurationRuleSetNumberOverrides",
    async (client, sdk) => {
      let NextToken: string | undefined;
      do {
        let page;
        try {
          page = await client.send(
            new sdk.ListProtectConfigurationRuleSetNumberOverridesCommand({
              ProtectConfigurationId: protectConfigurationId,
              Filters: [{ Name: "destination-phone-number-begins-with", Values: [number] }],
              NextToken,
            }),
          );
        } catch (error) {
          if (isNotFound(error)) return undefined;
          throw error;
        }
        const match = page.RuleSetNumberOverrides?.find((o) => o.DestinationPhoneNumber === number);
        if (match?.Action) {
          return {
            action: match.Action,
            expirationTimestamp: match.ExpirationTimestamp?.toISOString(),
            isoCountryCode: match.IsoCountryCode,
            createdTimestamp: match.CreatedTimestamp?.toISOString(),
          };
        }
        NextToken = page.NextToken;
      } while (NextToken);
      return undefined;
    },
    [number],
  );
}

/** The Put request for an override (ExpirationTimestamp omitted means "never expires"). */
function putRequest(
  protectConfigurationId: string,
  number: string,
  action: NumberOverrideAction,
  expiry?: string,
) {
  return {
    ProtectConfigurationId: protectConfigurationId,
    DestinationPhoneNumber: number,
    Action: action,
    ExpirationTimestamp: expiry === undefined ? undefined : new Date(expiry),
  };
}

/** Creates or replaces the override and returns AWS's view of it. */
async function putOverride(
  settings: SmsVoiceClientSettings,
  protectConfigurationId: string,
  number: string,
  action: NumberOverrideAction,
  expirationTimestamp: string | undefined,
): Promise<LiveOverride> {
  return callSmsVoice(
    settings,
    "PutProtectConfigurationRuleSetNumberOverride",
    async (client, sdk) => {
      const result = await client.send(
        new sdk.PutProtectConfigurationRuleSetNumberOverrideCommand(
          putRequest(protectConfigurationId, number, action, expirationTimestamp),
        ),
      );
      return {
        action: result.Action ?? action,
        expirationTimestamp: result.ExpirationTimestamp?.toISOString(),
        isoCountryCode: result.IsoCountryCode,
        createdTimestamp: result.CreatedTimestamp?.toISOString(),
      };
    },
    [number],
  );
}

/** Puts back an override this resource replaced; a vanished protect configuration counts as done. */
async function restoreOverride(
  settings: SmsVoiceClientSettings,
  protectConfigurationId: string,
  number: string,
  action: NumberOverrideAction,
  expirationTimestamp: string | undefined,
): Promise<void> {
  await callSmsVoice(
    settings,
    "PutProtectConfigurationRuleSetNumberOverride",
    async (client, sdk) => {
      try {
        await client.send(
          new sdk.PutProtectConfigurationRuleSetNumberOverrideCommand(
            putRequest(protectConfigurationId, number, action, expirationTimestamp),
          ),
        );
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    },
    [number],
  );
}

/** Deletes the override; already gone (or its configuration gone) counts as done. */
async function deleteOverride(
  settings: SmsVoiceClientSettings,
  protectConfigurationId: string,
  number: string,
): Promise<void> {
  await callSmsVoice(
    settings,
    "DeleteProtectConfigurationRuleSetNumberOverride",
    async (client, sdk) => {
      try {
        await client.send(
          new sdk.DeleteProtectConfigurationRuleSetNumberOverrideCommand({
            ProtectConfigurationId: protectConfigurationId,
            DestinationPhoneNumber: number,
          }),
        );
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    },
    [number],
  );
}

/** Builds the state from the inputs and AWS's answer, keeping what create recorded. */
function outputsOf(
  inputs: ProtectNumberOverrideInputs,
  live: LiveOverride,
  recorded: Partial<ProtectNumberOverrideOutputs> = {},
): ProtectNumberOverrideOutputs {
  const outs: ProtectNumberOverrideOutputs = {
    ...pick<ProtectNumberOverrideInputs>(inputs, INPUT_KEYS),
    createdTimestamp:
      live.createdTimestamp ?? recorded.createdTimestamp ?? new Date().toISOString(),
  };
  if (live.isoCountryCode) outs.isoCountryCode = live.isoCountryCode;
  if (recorded.previousAction) outs.previousAction = recorded.previousAction;
  if (recorded.previousExpirationTimestamp)
    outs.previousExpirationTimestamp = recorded.previousExpirationTimestamp;
  return outs;
}

/**
 * The dynamic provider. Diff replaces when the Region, protect configuration or number changes
 * and updates in place for the action or expiration. Read drops the resource when the override
 * (or its protect configuration) is gone.
 */
export const protectNumberOverrideProvider: CrudProvider<
  ProtectNumberOverrideInputs,
  ProtectNumberOverrideOutputs
> = {
  async check(_olds, news) {
    const failures = [...checkKnownKeys(news, INPUT_KEYS), ...checkClientInputs(news)];
    const inputs = pick<ProtectNumberOverrideInputs>(news, INPUT_KEYS);
    const config: unknown = news.protectConfigurationId;
    if (config === undefined) {
      failures.push({
        property: "protectConfigurationId",
        reason: "protectConfigurationId is required",
      });
    } else if (
      !isUnknown(config) &&
      (typeof config !== "string" || !PROTECT_CONFIGURATION_ID.test(config))
    ) {
      failures.push({
        property: "protectConfigurationId",
        reason:
          "protectConfigurationId must be a protect configuration id or ARN (letters, digits, _ : / -)",
      });
    }
    // The reason never repeats the value: it is a secret.
    const number: unknown = news.destinationPhoneNumber;
    if (number === undefined) {
      failures.push({
        property: "destinationPhoneNumber",
        reason: "destinationPhoneNumber is required",
      });
    } else if (!isUnknown(number) && (typeof number !== "string" || !E164_PATTERN.test(number))) {
      failures.push({
        property: "destinationPhoneNumber",
        reason:
          "destinationPhoneNumber must be E.164: a leading + and 2-19 digits, no spaces, hyphens or parentheses (e.g. +447700900123)",
      });
    }
    const action: unknown = news.action;
    if (action === undefined || (!isUnknown(action) && action !== "ALLOW" && action !== "BLOCK")) {
      failures.push({ property: "action", reason: 'action must be "ALLOW" or "BLOCK"' });
    }
    const expiry: unknown = news.expirationTimestamp;
    if (expiry !== undefined && !isUnknown(expiry)) {
      const time = typeof expiry === "string" ? Date.parse(expiry) : NaN;
      if (Number.isNaN(time)) {
        failures.push({
          property: "expirationTimestamp",
          reason: "expirationTimestamp must be an ISO 8601 date-time, e.g. 2030-01-31T00:00:00Z",
        });
      } else {
        // One spelling per instant, so diff does not see "2030-01-31T00:00:00Z" vs "…00.000Z" as a change.
        inputs.expirationTimestamp = new Date(time).toISOString();
      }
    }
    return { inputs, failures };
  },

  async diff(_id, olds, news) {
    return {
      changes: changedKeys(olds, news, INPUT_KEYS).length > 0,
      replaces: changedKeys(olds, news, IDENTITY_KEYS),
      deleteBeforeReplace: false,
    };
  },

  async create(inputs) {
    const settings = clientSettings(inputs);
    const previous = await findOverride(
      settings,
      inputs.protectConfigurationId,
      inputs.destinationPhoneNumber,
    );
    const live = await putOverride(
      settings,
      inputs.protectConfigurationId,
      inputs.destinationPhoneNumber,
      inputs.action,
      inputs.expirationTimestamp,
    );
    const outs = outputsOf(inputs, live, {
      previousAction: previous?.action,
      previousExpirationTimestamp: previous?.expirationTimestamp,
    });
    // A random id: the number is secret and Pulumi ids cannot be.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- resolved at call time in the provider host
    const { randomUUID } = require("node:crypto") as typeof import("node:crypto");
    return { id: `${inputs.region}/${inputs.protectConfigurationId}/${randomUUID()}`, outs };
  },

  async read(id, props) {
    if (!props?.destinationPhoneNumber) {
      throw new Error(
        `ProtectNumberOverride ${id} cannot be read without its destination number in state; it cannot be imported`,
      );
    }
    const live = await findOverride(
      clientSettings(props),
      props.protectConfigurationId,
      props.destinationPhoneNumber,
    );
    if (!live) return {}; // gone: Pulumi drops it from state
    const outs: ProtectNumberOverrideOutputs = { ...props, action: live.action };
    if (live.expirationTimestamp) outs.expirationTimestamp = live.expirationTimestamp;
    else delete outs.expirationTimestamp;
    if (live.isoCountryCode) outs.isoCountryCode = live.isoCountryCode;
    return { id, props: outs };
  },

  async update(_id, olds, news) {
    if (changedKeys(olds, news, RULE_KEYS).length === 0) {
      // Only client settings changed: nothing to tell AWS.
      return {
        outs: outputsOf(news, { action: news.action, isoCountryCode: olds.isoCountryCode }, olds),
      };
    }
    const live = await putOverride(
      clientSettings(news),
      news.protectConfigurationId,
      news.destinationPhoneNumber,
      news.action,
      news.expirationTimestamp,
    );
    return { outs: outputsOf(news, live, olds) };
  },

  async delete(_id, props) {
    const settings = clientSettings(props);
    const {
      protectConfigurationId,
      destinationPhoneNumber,
      previousAction,
      previousExpirationTimestamp,
    } = props;
    const previousStillValid =
      previousAction !== undefined &&
      (previousExpirationTimestamp === undefined ||
        Date.parse(previousExpirationTimestamp) > Date.now());
    if (previousStillValid) {
      // Put back the override this resource replaced, as it was.
      await restoreOverride(
        settings,
        protectConfigurationId,
        destinationPhoneNumber,
        previousAction,
        previousExpirationTimestamp,
      );
      return;
    }
    await deleteOverride(settings, protectConfigurationId, destinationPhoneNumber);
  },
};

/** Arguments of {@link ProtectNumberOverride}. */
export interface ProtectNumberOverrideArgs extends ClientArgs {
  /** Id of the protect configuration to hold the override. Required; changing it replaces. */
  protectConfigurationId: pulumi.Input<string>;
  /**
   * Destination number in strict E.164, e.g. `+12065550142` (no spaces, hyphens or parentheses).
   * Required; changing it replaces. Always stored as a secret.
   */
  destinationPhoneNumber: pulumi.Input<string>;
  /** `ALLOW` (always allow) or `BLOCK` (always block). Required; changing it updates in place. */
  action: pulumi.Input<NumberOverrideAction>;
  /** ISO 8601 expiry, e.g. `2030-01-31T00:00:00Z`. Default: never expires. Changing it updates in place. */
  expirationTimestamp?: pulumi.Input<string>;
}

/**
 * A Protect phone-number rule override. Deleting it restores an override it replaced at
 * creation (if that one had not expired), otherwise removes the override.
 * Type token `pulumi-nodejs:dynamic/protect:ProtectNumberOverride`.
 */
export class ProtectNumberOverride extends pulumi.dynamic.Resource {
  /** Region of the protect configuration. */
  declare public readonly region: pulumi.Output<string>;
  /** Protect configuration holding the override. */
  declare public readonly protectConfigurationId: pulumi.Output<string>;
  /** The overridden destination number (secret). */
  declare public readonly destinationPhoneNumber: pulumi.Output<string>;
  /** `ALLOW` or `BLOCK`. */
  declare public readonly action: pulumi.Output<NumberOverrideAction>;
  /** ISO 8601 expiry; undefined when the override never expires. */
  declare public readonly expirationTimestamp: pulumi.Output<string | undefined>;
  /** Country AWS derived from the number, if reported. */
  declare public readonly isoCountryCode: pulumi.Output<string | undefined>;
  /** When AWS created the override (ISO 8601). */
  declare public readonly createdTimestamp: pulumi.Output<string>;

  constructor(name: string, args: ProtectNumberOverrideArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      protectNumberOverrideProvider,
      name,
      {
        ...args,
        // Secret as an input too: additionalSecretOutputs alone would leave it plain in the inputs.
        destinationPhoneNumber: pulumi.secret(args.destinationPhoneNumber),
        isoCountryCode: undefined,
        createdTimestamp: undefined,
        previousAction: undefined,
        previousExpirationTimestamp: undefined,
      },
      pulumi.mergeOptions(opts, { additionalSecretOutputs: ["destinationPhoneNumber"] }),
      "protect",
      "ProtectNumberOverride",
    );
  }
}
