/**
 * SMS Voice v2 registration operations (CreateRegistration, PutRegistrationFieldValue,
 * CreateRegistrationAttachment, CreateRegistrationVersion, SubmitRegistrationVersion,
 * Describe*, Delete*), with AWS's rules as the API reference states them: field values
 * belong to the latest version and can be changed only while it is a DRAFT; a submitted
 * version is never edited (a change needs CreateRegistrationVersion, which copies the
 * latest version's values into a new draft); a registration can be submitted only from a
 * draft. Reviewers are played by {@link reviewRegistration}, which tests call.
 */
import type { JsonObject } from "./protocol";
import {
  conflictError,
  epochSeconds,
  notFoundError,
  optionalBoolean,
  optionalString,
  optionalStringList,
  requiredString,
  requirePattern,
  validationError,
} from "./protocol";
import type { OperationContext, OperationHandler } from "./service";
import type {
  RegistrationAttachmentRecord,
  RegionState,
  RegistrationRecord,
  RegistrationVersionRecord,
} from "./state";

/** `RegistrationType` and `FieldPath` as the model constrains them. */
const REGISTRATION_TYPE = /^[A-Za-z0-9_]+$/;
const FIELD_PATH = /^[A-Za-z0-9_.]+$/;
/** Largest attachment body AWS accepts (500 KB). */
const MAX_ATTACHMENT_BYTES = 500 * 1024;

function findRegistration(regionState: RegionState, idOrArn: string): RegistrationRecord {
  const found =
    regionState.registrations.get(idOrArn) ??
    [...regionState.registrations.values()].find((r) => r.arn === idOrArn);
  if (!found || found.status === "DELETED") throw notFoundError("registration", idOrArn);
  return found;
}

const latest = (registration: RegistrationRecord): RegistrationVersionRecord =>
  registration.versions[registration.versions.length - 1];

function historyOf(version: RegistrationVersionRecord): JsonObject {
  const key: Record<string, string> = {
    DRAFT: "DraftTimestamp",
    SUBMITTED: "SubmittedTimestamp",
    AWS_REVIEWING: "AwsReviewingTimestamp",
    REVIEWING: "ReviewingTimestamp",
    APPROVED: "ApprovedTimestamp",
    DISCARDED: "DiscardedTimestamp",
    DENIED: "DeniedTimestamp",
    REVOKED: "RevokedTimestamp",
    ARCHIVED: "ArchivedTimestamp",
  };
  const out: JsonObject = {};
  for (const [status, at] of Object.entries(version.history)) {
    if (key[status] && at !== undefined) out[key[status]] = epochSeconds(at);
  }
  return out;
}

function registrationInfo(registration: RegistrationRecord): JsonObject {
  return {
    RegistrationArn: registration.arn,
    RegistrationId: registration.id,
    RegistrationType: registration.type,
    RegistrationStatus: registration.status,
    CurrentVersionNumber: latest(registration).versionNumber,
    ApprovedVersionNumber: registration.approvedVersionNumber,
    LatestDeniedVersionNumber: registration.latestDeniedVersionNumber,
    CreatedTimestamp: epochSeconds(registration.createdAt),
  };
}

function createRegistration({ region, regionState, state }: OperationContext, input: JsonObject) {
  const type = requiredString(input, "RegistrationType");
  requirePattern(type, "RegistrationType", REGISTRATION_TYPE);
  const id = state.nextId("registration");
  const now = state.now();
  const record: RegistrationRecord = {
    seq: state.nextSeq(),
    id,
    arn: state.arn(region, "sms-voice", `registration/${id}`),
    type,
    status: "CREATED",
    versions: [{ versionNumber: 1, status: "DRAFT", fields: new Map(), history: { DRAFT: now } }],
    tags: (input.Tags as { Key: string; Value: string }[] | undefined) ?? [],
    createdAt: now,
  };
  regionState.registrations.set(id, record);
  return { ...registrationInfo(record), Tags: record.tags };
}

/** The latest version, which must be a draft for its values to change. */
function draftOf(registration: RegistrationRecord): RegistrationVersionRecord {
  const version = latest(registration);
  if (version.status !== "DRAFT") {
    throw conflictError(
      "REGISTRATION_VERSION_NOT_DRAFT",
      "registration-version",
      `${registration.id}/${version.versionNumber}`,
      `Version ${version.versionNumber} of ${registration.id} is ${version.status}; create a new version to change its values.`,
    );
  }
  return version;
}

function putRegistrationFieldValue({ regionState }: OperationContext, input: JsonObject) {
  const registration = findRegistration(regionState, requiredString(input, "RegistrationId"));
  const path = requiredString(input, "FieldPath");
  requirePattern(path, "FieldPath", FIELD_PATH);
  const textValue = optionalString(input, "TextValue");
  const selectChoices = optionalStringList(input, "SelectChoices");
  const attachmentId = optionalString(input, "RegistrationAttachmentId");
  const given = [textValue, selectChoices, attachmentId].filter((v) => v !== undefined).length;
  if (given !== 1) {
    throw validationError(
      "Exactly one of TextValue, SelectChoices or RegistrationAttachmentId must be given",
    );
  }
  if (attachmentId !== undefined && !regionState.registrationAttachments.has(attachmentId)) {
    throw notFoundError("registration-attachment", attachmentId);
  }
  const version = draftOf(registration);
  version.fields.set(path, { textValue, selectChoices, attachmentId });
  return {
    RegistrationArn: registration.arn,
    RegistrationId: registration.id,
    VersionNumber: version.versionNumber,
    FieldPath: path,
    TextValue: textValue,
    SelectChoices: selectChoices,
    RegistrationAttachmentId: attachmentId,
  };
}

function deleteRegistrationFieldValue({ regionState }: OperationContext, input: JsonObject) {
  const registration = findRegistration(regionState, requiredString(input, "RegistrationId"));
  const path = requiredString(input, "FieldPath");
  const version = draftOf(registration);
  const value = version.fields.get(path);
  if (!value) throw notFoundError("registration-field-value", path);
  version.fields.delete(path);
  return {
    RegistrationArn: registration.arn,
    RegistrationId: registration.id,
    VersionNumber: version.versionNumber,
    FieldPath: path,
    TextValue: value.textValue,
    SelectChoices: value.selectChoices,
    RegistrationAttachmentId: value.attachmentId,
  };
}

function describeRegistrationFieldValues({ regionState }: OperationContext, input: JsonObject) {
  const registration = findRegistration(regionState, requiredString(input, "RegistrationId"));
  const wanted = input.VersionNumber as number | undefined;
  const version =
    wanted === undefined
      ? latest(registration)
      : registration.versions.find((v) => v.versionNumber === wanted);
  if (!version) throw notFoundError("registration-version", `${registration.id}/${wanted}`);
  const paths = optionalStringList(input, "FieldPaths");
  const values = [...version.fields]
    .filter(([path]) => !paths || paths.includes(path))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([path, value]) => ({
      FieldPath: path,
      TextValue: value.textValue,
      SelectChoices: value.selectChoices,
      RegistrationAttachmentId: value.attachmentId,
      DeniedReason: version.fieldFeedback?.[path]?.deniedReason,
      Feedback: version.fieldFeedback?.[path]?.feedback,
    }));
  return {
    RegistrationArn: registration.arn,
    RegistrationId: registration.id,
    VersionNumber: version.versionNumber,
    RegistrationFieldValues: values,
  };
}

function createRegistrationAttachment(
  { region, regionState, state }: OperationContext,
  input: JsonObject,
) {
  const body = optionalString(input, "AttachmentBody");
  const url = optionalString(input, "AttachmentUrl");
  if ((body === undefined) === (url === undefined)) {
    throw validationError("Exactly one of AttachmentBody or AttachmentUrl must be given");
  }
  const bytes = body !== undefined ? Buffer.from(body, "base64").length : 0;
  if (bytes > MAX_ATTACHMENT_BYTES) {
    throw validationError(
      `The attachment is ${bytes} bytes; at most ${MAX_ATTACHMENT_BYTES}`,
      "ATTACHMENT_TOO_LARGE",
    );
  }
  const id = state.nextId("attachment");
  const record: RegistrationAttachmentRecord = {
    seq: state.nextSeq(),
    id,
    arn: state.arn(region, "sms-voice", `registration-attachment/${id}`),
    bytes,
    createdAt: state.now(),
  };
  regionState.registrationAttachments.set(id, record);
  return {
    RegistrationAttachmentArn: record.arn,
    RegistrationAttachmentId: id,
    AttachmentStatus: "UPLOAD_COMPLETE",
    Tags: input.Tags ?? [],
    CreatedTimestamp: epochSeconds(record.createdAt),
  };
}

function versionInfo(
  registration: RegistrationRecord,
  version: RegistrationVersionRecord,
): JsonObject {
  return {
    RegistrationArn: registration.arn,
    RegistrationId: registration.id,
    VersionNumber: version.versionNumber,
    RegistrationVersionStatus: version.status,
    RegistrationVersionStatusHistory: historyOf(version),
  };
}

function createRegistrationVersion({ regionState, state }: OperationContext, input: JsonObject) {
  const registration = findRegistration(regionState, requiredString(input, "RegistrationId"));
  const previous = latest(registration);
  if (previous.status === "DRAFT") {
    throw conflictError(
      "REGISTRATION_VERSION_DRAFT_EXISTS",
      "registration",
      registration.id,
      `Version ${previous.versionNumber} of ${registration.id} is still a draft.`,
    );
  }
  if (["SUBMITTED", "AWS_REVIEWING", "REVIEWING"].includes(previous.status)) {
    throw conflictError(
      "REGISTRATION_VERSION_IN_REVIEW",
      "registration",
      registration.id,
      `Version ${previous.versionNumber} of ${registration.id} is in review.`,
    );
  }
  const version: RegistrationVersionRecord = {
    versionNumber: previous.versionNumber + 1,
    status: "DRAFT",
    // The new draft starts from the latest version's values.
    fields: new Map([...previous.fields].map(([path, value]) => [path, { ...value }])),
    history: { DRAFT: state.now() },
  };
  registration.versions.push(version);
  return versionInfo(registration, version);
}

function submitRegistrationVersion({ regionState, state }: OperationContext, input: JsonObject) {
  const registration = findRegistration(regionState, requiredString(input, "RegistrationId"));
  const version = draftOf(registration);
  if (version.fields.size === 0) {
    throw validationError(
      "The registration version has no field values",
      "MISSING_REQUIRED_FIELDS",
    );
  }
  version.status = "SUBMITTED";
  version.history.SUBMITTED = state.now();
  registration.status = "SUBMITTED";
  return {
    ...versionInfo(registration, version),
    AwsReview: optionalBoolean(input, "AwsReview") ?? false,
  };
}

function describeRegistrations({ regionState }: OperationContext, input: JsonObject) {
  const ids = optionalStringList(input, "RegistrationIds");
  const found = ids
    ? ids.map((id) => findRegistration(regionState, id))
    : [...regionState.registrations.values()].filter((r) => r.status !== "DELETED");
  return { Registrations: found.sort((a, b) => a.seq - b.seq).map(registrationInfo) };
}

function describeRegistrationVersions({ regionState }: OperationContext, input: JsonObject) {
  const registration = findRegistration(regionState, requiredString(input, "RegistrationId"));
  const numbers = input.VersionNumbers as number[] | undefined;
  const versions = registration.versions
    .filter((v) => !numbers || numbers.includes(v.versionNumber))
    .sort((a, b) => b.versionNumber - a.versionNumber);
  return {
    RegistrationArn: registration.arn,
    RegistrationId: registration.id,
    RegistrationVersions: versions.map((v) => ({
      VersionNumber: v.versionNumber,
      RegistrationVersionStatus: v.status,
      RegistrationVersionStatusHistory: historyOf(v),
      DeniedReasons: v.deniedReasons?.map((r) => ({
        Reason: r.reason,
        ShortDescription: r.shortDescription,
        LongDescription: r.longDescription,
      })),
    })),
  };
}

function deleteRegistration({ regionState }: OperationContext, input: JsonObject) {
  const registration = findRegistration(regionState, requiredString(input, "RegistrationId"));
  registration.status = "DELETED";
  return {
    ...registrationInfo(registration),
    RegistrationStatus: "DELETED",
  };
}

/** The registration operations, merged into the SMS Voice v2 service. */
export const registrationOperations: Record<string, OperationHandler> = {
  CreateRegistration: createRegistration,
  PutRegistrationFieldValue: putRegistrationFieldValue,
  DeleteRegistrationFieldValue: deleteRegistrationFieldValue,
  DescribeRegistrationFieldValues: describeRegistrationFieldValues,
  CreateRegistrationAttachment: createRegistrationAttachment,
  CreateRegistrationVersion: createRegistrationVersion,
  SubmitRegistrationVersion: submitRegistrationVersion,
  DescribeRegistrations: describeRegistrations,
  DescribeRegistrationVersions: describeRegistrationVersions,
  DeleteRegistration: deleteRegistration,
};

/** What the reviewers decide about the version under review. */
export type ReviewOutcome =
  | { status: "REVIEWING" }
  | { status: "COMPLETE" }
  | {
      status: "REQUIRES_UPDATES";
      reasons: { reason: string; shortDescription: string; longDescription?: string }[];
      fields?: Record<string, { deniedReason: string; feedback?: string }>;
    };

/**
 * Plays the reviewers: moves the submitted latest version of a registration to review,
 * approval (`COMPLETE`) or denial (`REQUIRES_UPDATES`, with reasons), as AWS and the
 * carriers' registrars do over days or weeks.
 *
 * @param now epoch ms of the decision
 */
export function reviewRegistration(
  regionState: RegionState,
  id: string,
  outcome: ReviewOutcome,
  now: number,
): void {
  const registration = findRegistration(regionState, id);
  const version = latest(registration);
  if (!["SUBMITTED", "REVIEWING"].includes(version.status)) {
    throw new Error(
      `version ${version.versionNumber} of ${id} is ${version.status}, not in review`,
    );
  }
  if (outcome.status === "REVIEWING") {
    version.status = "REVIEWING";
    version.history.REVIEWING = now;
    registration.status = "REVIEWING";
  } else if (outcome.status === "COMPLETE") {
    version.status = "APPROVED";
    version.history.APPROVED = now;
    registration.status = "COMPLETE";
    registration.approvedVersionNumber = version.versionNumber;
  } else {
    version.status = "DENIED";
    version.history.DENIED = now;
    version.deniedReasons = outcome.reasons;
    version.fieldFeedback = outcome.fields;
    registration.status = "REQUIRES_UPDATES";
    registration.latestDeniedVersionNumber = version.versionNumber;
  }
}
