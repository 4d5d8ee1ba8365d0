/**
 * A registration with AWS End User Messaging SMS (US toll-free, US 10DLC brand and campaign,
 * a country's sender ID), as a dynamic provider over the SMS Voice v2 registration API:
 * `CreateRegistration`, `CreateRegistrationAttachment`, `PutRegistrationFieldValue`,
 * `DeleteRegistrationFieldValue`, `CreateRegistrationVersion`, `SubmitRegistrationVersion`,
 * `DescribeRegistrations`, `DescribeRegistrationVersions`.
 *
 * - Submitting is a decision: the registration is submitted only while `submit` is true, never
 *   as a side effect of another change. With `submit: false` the form stays a draft.
 * - A submitted version is never edited: a change after submission creates a new version
 *   (AWS copies the latest values into it), fills in what changed, and submits it only while
 *   `submit` is true. A change while a version is in review fails with the reason (AWS
 *   accepts no new version until the reviewers decide); the stack keeps its state.
 * - Status is an output (`status`: CREATED, SUBMITTED, REVIEWING, REQUIRES_UPDATES, COMPLETE,
 *   …), with the reviewers' reasons (`deniedReasons`, `fieldFeedback`) when they asked for
 *   updates; `pulumi refresh` reads it again.
 *
 * Attachments travel as content (base64) and are compared by their SHA-256, so a changed
 * file is a changed field. Credentials come from the default AWS chain, never from inputs.
 */
import * as pulumi from "@pulumi/pulumi";
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
} from "../protect/provider-inputs";
import { callSmsVoice } from "../protect/sdk-client";
import type { SmsVoiceClientSettings } from "../protect/sdk-client";

/** An attachment field's content. */
export interface RegistrationAttachmentContent {
  /** Hex SHA-256 of the bytes: what the diff compares. */
  sha256: string;
  /** The bytes, base64 (at most 500 KB decoded). */
  base64: string;
}

/** One field of the form: text, a select field's choices, or an attachment. */
export type RegistrationFieldInput =
  { text: string } | { choices: string[] } | { attachment: RegistrationAttachmentContent };

/** Inputs as the provider receives them. */
export interface RegistrationInputs extends ClientInputs {
  /** AWS's `RegistrationType`, e.g. `US_TOLL_FREE_REGISTRATION`. Changing it replaces. */
  registrationType: string;
  /** The form's values by AWS's field path. */
  fields: Record<string, RegistrationFieldInput>;
  /** Submit for review. Default false. */
  submit?: boolean;
}

/** A reviewer's reason for asking for updates. */
export interface RegistrationDeniedReason {
  reason: string;
  shortDescription: string;
  longDescription?: string;
}

/** State of a {@link Registration}. */
export interface RegistrationOutputs extends RegistrationInputs {
  registrationId: string;
  registrationArn: string;
  /** AWS's `RegistrationStatus` when last seen. */
  status: string;
  /** Latest version's number and status (DRAFT, SUBMITTED, REVIEWING, DENIED, APPROVED, …). */
  versionNumber: number;
  versionStatus: string;
  /** Reviewers' reasons on the latest denied version; empty when none. */
  deniedReasons: RegistrationDeniedReason[];
  /** Reviewers' notes per field path on the latest denied version; empty when none. */
  fieldFeedback: Record<string, string>;
  /** Uploaded attachment ids by content SHA-256 (an unchanged file is not uploaded again). */
  attachmentIds: Record<string, string>;
}

const INPUT_KEYS = ["region", "registrationType", "fields", "submit", ...CLIENT_SETTING_KEYS];
const FIELD_PATH = /^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)+$/;
const REGISTRATION_TYPE = /^[A-Z0-9_]+$/;
/** Version statuses during which AWS accepts no new version. */
const IN_REVIEW = ["SUBMITTED", "AWS_REVIEWING", "REVIEWING", "REQUIRES_AUTHENTICATION"];

/** A canonical text of one field's value, for comparisons (attachments by their hash). */
function fieldKey(value: RegistrationFieldInput | undefined): string {
  if (!value) return "";
  if ("text" in value) return `text:${value.text}`;
  if ("choices" in value) return `choices:${JSON.stringify(value.choices)}`;
  return `attachment:${value.attachment.sha256}`;
}

/** Field paths whose values differ (added, changed or removed), sorted. */
export function changedFields(
  before: Record<string, RegistrationFieldInput> = {},
  after: Record<string, RegistrationFieldInput> = {},
): string[] {
  const paths = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...paths].filter((p) => fieldKey(before[p]) !== fieldKey(after[p])).sort();
}

/** Why a field value is not one, or undefined. */
function fieldProblem(value: unknown): string | undefined {
  if (isUnknown(value)) return undefined;
  if (typeof value !== "object" || value === null)
    return "expected { text }, { choices } or { attachment }";
  const keys = Object.keys(value);
  if (keys.length !== 1) return "give exactly one of text, choices or attachment";
  const record = value as Record<string, unknown>;
  if (keys[0] === "text")
    return typeof record.text === "string" ? undefined : "text must be a string";
  if (keys[0] === "choices") {
    const choices = record.choices;
    return Array.isArray(choices) &&
      choices.length > 0 &&
      choices.every((c) => typeof c === "string")
      ? undefined
      : "choices must be a non-empty list of strings";
  }
  if (keys[0] === "attachment") {
    const a = record.attachment as Record<string, unknown> | null;
    return a && typeof a.sha256 === "string" && typeof a.base64 === "string"
      ? undefined
      : "attachment must be { sha256, base64 }";
  }
  return `${keys[0]} is not a field value kind; use text, choices or attachment`;
}

interface LiveState {
  registrationArn: string;
  status: string;
  versionNumber: number;
  versionStatus: string;
  deniedReasons: RegistrationDeniedReason[];
  fieldFeedback: Record<string, string>;
}

/** Status, latest version and, when denied, the reviewers' reasons. */
async function readLive(
  settings: SmsVoiceClientSettings,
  id: string,
): Promise<LiveState | undefined> {
  return callSmsVoice(settings, "DescribeRegistrations", async (client, sdk) => {
    let registration;
    try {
      [registration] =
        (await client.send(new sdk.DescribeRegistrationsCommand({ RegistrationIds: [id] })))
          .Registrations ?? [];
    } catch (error) {
      if ((error as { name?: string }).name === "ResourceNotFoundException") return undefined;
      throw error;
    }
    if (!registration || registration.RegistrationStatus === "DELETED") return undefined;
    const versions =
      (await client.send(new sdk.DescribeRegistrationVersionsCommand({ RegistrationId: id })))
        .RegistrationVersions ?? [];
    const current = versions.find((v) => v.VersionNumber === registration.CurrentVersionNumber);
    const deniedNumber = registration.LatestDeniedVersionNumber;
    const denied = versions.find((v) => v.VersionNumber === deniedNumber);
    const fieldFeedback: Record<string, string> = {};
    if (denied && registration.RegistrationStatus === "REQUIRES_UPDATES") {
      const values = await client.send(
        new sdk.DescribeRegistrationFieldValuesCommand({
          RegistrationId: id,
          VersionNumber: deniedNumber,
        }),
      );
      for (const value of values.RegistrationFieldValues ?? []) {
        const note = [value.DeniedReason, value.Feedback].filter(Boolean).join(": ");
        if (note && value.FieldPath) fieldFeedback[value.FieldPath] = note;
      }
    }
    return {
      registrationArn: registration.RegistrationArn ?? "",
      status: registration.RegistrationStatus ?? "",
      versionNumber: registration.CurrentVersionNumber ?? 0,
      versionStatus: current?.RegistrationVersionStatus ?? "",
      deniedReasons:
        registration.RegistrationStatus === "REQUIRES_UPDATES"
          ? (denied?.DeniedReasons ?? []).map((r) => ({
              reason: r.Reason ?? "",
              shortDescription: r.ShortDescription ?? "",
              ...(r.LongDescription ? { longDescription: r.LongDescription } : {}),
            }))
          : [],
      fieldFeedback,
    };
  });
}

/** Writes `paths` of `fields` into the registration's draft (uploading new attachments). */
async function writeFields(
  settings: SmsVoiceClientSettings,
  id: string,
  fields: Record<string, RegistrationFieldInput>,
  paths: readonly string[],
  attachmentIds: Record<string, string>,
): Promise<void> {
  await callSmsVoice(settings, "PutRegistrationFieldValue", async (client, sdk) => {
    for (const path of paths) {
      const value = fields[path];
      if (!value) {
        await client.send(
          new sdk.DeleteRegistrationFieldValueCommand({ RegistrationId: id, FieldPath: path }),
        );
        continue;
      }
      if ("attachment" in value) {
        let attachmentId = attachmentIds[value.attachment.sha256];
        if (!attachmentId) {
          const uploaded = await client.send(
            new sdk.CreateRegistrationAttachmentCommand({
              AttachmentBody: Buffer.from(value.attachment.base64, "base64"),
            }),
          );
          attachmentId = uploaded.RegistrationAttachmentId ?? "";
          attachmentIds[value.attachment.sha256] = attachmentId;
        }
        await client.send(
          new sdk.PutRegistrationFieldValueCommand({
            RegistrationId: id,
            FieldPath: path,
            RegistrationAttachmentId: attachmentId,
          }),
        );
      } else {
        await client.send(
          new sdk.PutRegistrationFieldValueCommand({
            RegistrationId: id,
            FieldPath: path,
            ...("text" in value ? { TextValue: value.text } : { SelectChoices: value.choices }),
          }),
        );
      }
    }
  });
}

async function submit(settings: SmsVoiceClientSettings, id: string): Promise<void> {
  await callSmsVoice(settings, "SubmitRegistrationVersion", (client, sdk) =>
    client.send(new sdk.SubmitRegistrationVersionCommand({ RegistrationId: id })),
  );
}

async function outputsOf(
  inputs: RegistrationInputs,
  id: string,
  attachmentIds: Record<string, string>,
): Promise<RegistrationOutputs> {
  const live = await readLive(clientSettings(inputs), id);
  if (!live)
    throw new Error(`registration ${id} in ${inputs.region} vanished while it was written`);
  return {
    ...pick<RegistrationInputs>(inputs, INPUT_KEYS),
    registrationId: id,
    ...live,
    attachmentIds,
  };
}

/** The dynamic provider (exported for tests, which drive it against the local endpoint). */
export const registrationProvider: CrudProvider<RegistrationInputs, RegistrationOutputs> = {
  async check(_olds, news) {
    const failures = [...checkKnownKeys(news, INPUT_KEYS), ...checkClientInputs(news)];
    const type: unknown = news.registrationType;
    if (!isUnknown(type) && (typeof type !== "string" || !REGISTRATION_TYPE.test(type))) {
      failures.push({
        property: "registrationType",
        reason: "registrationType is AWS's RegistrationType, e.g. US_TOLL_FREE_REGISTRATION",
      });
    }
    const fields: unknown = news.fields;
    if (!isUnknown(fields)) {
      if (typeof fields !== "object" || fields === null || Object.keys(fields).length === 0) {
        failures.push({ property: "fields", reason: "fields must hold at least one field value" });
      } else {
        for (const [path, value] of Object.entries(fields)) {
          const problem = FIELD_PATH.test(path) ? fieldProblem(value) : "not a field path";
          if (problem) failures.push({ property: "fields", reason: `fields.${path}: ${problem}` });
        }
      }
    }
    if (news.submit !== undefined && !isUnknown(news.submit) && typeof news.submit !== "boolean") {
      failures.push({ property: "submit", reason: "submit must be true or false" });
    }
    return { inputs: pick(news, INPUT_KEYS), failures };
  },

  async diff(_id, olds, news) {
    const fields = isUnknown(news.fields) || changedFields(olds.fields, news.fields).length > 0;
    const other = changedKeys(olds, news, [
      "region",
      "registrationType",
      "submit",
      ...CLIENT_SETTING_KEYS,
    ]);
    return {
      changes: fields || other.length > 0,
      replaces: changedKeys(olds, news, ["region", "registrationType"]),
      deleteBeforeReplace: false,
    };
  },

  async create(inputs) {
    const settings = clientSettings(inputs);
    const id = await callSmsVoice(settings, "CreateRegistration", async (client, sdk) => {
      const created = await client.send(
        new sdk.CreateRegistrationCommand({ RegistrationType: inputs.registrationType }),
      );
      return created.RegistrationId ?? "";
    });
    const attachmentIds: Record<string, string> = {};
    await writeFields(
      settings,
      id,
      inputs.fields,
      Object.keys(inputs.fields).sort(),
      attachmentIds,
    );
    if (inputs.submit) await submit(settings, id);
    return { id, outs: await outputsOf(inputs, id, attachmentIds) };
  },

  async read(id, props) {
    const live = await readLive(clientSettings(props as ClientInputs), id);
    if (!live) return {};
    return { id, props: { ...(props as RegistrationOutputs), registrationId: id, ...live } };
  },

  async update(id, olds, news) {
    const settings = clientSettings(news);
    const attachmentIds = { ...olds.attachmentIds };
    const changed = changedFields(olds.fields, news.fields);
    let live = await readLive(settings, id);
    if (!live)
      throw new Error(`registration ${id} no longer exists in ${news.region}; run pulumi refresh`);
    if (changed.length > 0) {
      if (IN_REVIEW.includes(live.versionStatus)) {
        throw new Error(
          `registration ${id} (${news.region}): version ${live.versionNumber} is ${live.versionStatus}, and AWS accepts no new version until the reviewers decide; changed fields ${changed.join(", ")} wait: run pulumi up again once its status is REQUIRES_UPDATES or COMPLETE`,
        );
      }
      if (live.versionStatus !== "DRAFT") {
        // Never edit a submitted (or decided) version: a new draft starts from its values.
        await callSmsVoice(settings, "CreateRegistrationVersion", (client, sdk) =>
          client.send(new sdk.CreateRegistrationVersionCommand({ RegistrationId: id })),
        );
      }
      await writeFields(settings, id, news.fields, changed, attachmentIds);
      live = await readLive(settings, id);
    }
    if (news.submit && live?.versionStatus === "DRAFT") await submit(settings, id);
    return { outs: await outputsOf(news, id, attachmentIds) };
  },

  async delete(id, props) {
    await callSmsVoice(clientSettings(props), "DeleteRegistration", async (client, sdk) => {
      try {
        await client.send(new sdk.DeleteRegistrationCommand({ RegistrationId: id }));
      } catch (error) {
        if ((error as { name?: string }).name !== "ResourceNotFoundException") throw error;
      }
    });
  },
};

/** Arguments of {@link Registration}. */
export interface RegistrationArgs extends ClientArgs {
  /** AWS's `RegistrationType`, e.g. `US_TOLL_FREE_REGISTRATION`. Required; changing it replaces. */
  registrationType: pulumi.Input<string>;
  /** The form's values by AWS's field path. Required (at least one). */
  fields: pulumi.Input<Record<string, RegistrationFieldInput>>;
  /**
   * Submit the registration for review (and each later version while it stays true).
   * Default false: the form stays a draft.
   */
  submit?: pulumi.Input<boolean>;
}

/**
 * A registration in one Region. Type token `pulumi-nodejs:dynamic/sms:Registration`.
 * Declare it protected with `retainOnDelete` (as the estate does): deleting an approved
 * registration stops its numbers from sending.
 */
export class Registration extends pulumi.dynamic.Resource {
  declare public readonly registrationId: pulumi.Output<string>;
  declare public readonly registrationArn: pulumi.Output<string>;
  /** AWS's `RegistrationStatus` when last seen (refresh to read it again). */
  declare public readonly status: pulumi.Output<string>;
  declare public readonly versionNumber: pulumi.Output<number>;
  declare public readonly versionStatus: pulumi.Output<string>;
  /** Reviewers' reasons while the status is REQUIRES_UPDATES. */
  declare public readonly deniedReasons: pulumi.Output<RegistrationDeniedReason[]>;
  /** Reviewers' notes per field path while the status is REQUIRES_UPDATES. */
  declare public readonly fieldFeedback: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: RegistrationArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      registrationProvider,
      name,
      {
        ...args,
        registrationId: undefined,
        registrationArn: undefined,
        status: undefined,
        versionNumber: undefined,
        versionStatus: undefined,
        deniedReasons: undefined,
        fieldFeedback: undefined,
        attachmentIds: undefined,
      },
      opts,
      "sms",
      "Registration",
    );
  }
}
