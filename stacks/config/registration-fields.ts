/**
 * The values of a registration form as the stack config writes them, and their shape rules.
 * A value is text (`TextValue`), a list of choices (`SelectChoices`) or an attachment read
 * from a file in the repository (`RegistrationAttachmentId` of an uploaded
 * `CreateRegistrationAttachment`).
 */

/** `RegistrationType`: upper-case letters, digits and underscores. */
export const REGISTRATION_TYPE_PATTERN = /^[A-Z][A-Z0-9_]{2,63}$/;

/** A registration's id as AWS issues it (`registration-<hex>`), or any id of a registration made outside the estate. */
export const REGISTRATION_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** `FieldPath`: dot-separated sections and field names, e.g. `companyInfo.companyName`. */
export const REGISTRATION_FIELD_PATH = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*){1,5}$/;

/** Longest text the config accepts for one field (AWS's form sets each field's own limit). */
export const MAX_FIELD_TEXT = 10_000;
/** Most choices of one select field the config accepts. */
export const MAX_FIELD_CHOICES = 50;

/** An attachment field: a file in the repository. */
export interface AttachmentFieldValue {
  /** Path relative to the repository root, e.g. `stacks/registrations/otp-opt-in.png`. */
  file: string;
}

/** One field's value: text, a select field's choices, or an attachment. */
export type RegistrationFieldValue = string | string[] | AttachmentFieldValue;

/** True for an attachment value. */
export function isAttachmentValue(value: unknown): value is AttachmentFieldValue {
  return typeof value === "object" && value !== null && !Array.isArray(value) && "file" in value;
}

/**
 * Why `value` is not a field value, or undefined when it is.
 *
 * @param value one entry of a registration's `fields`, as YAML gave it
 */
export function registrationFieldValueProblem(value: unknown): string | undefined {
  if (typeof value === "string") {
    if (value.trim().length === 0) return "a text field holds text; remove the field or fill it in";
    if (value.length > MAX_FIELD_TEXT) {
      return `a text field holds at most ${MAX_FIELD_TEXT} characters here (AWS's form sets each field's own limit); this has ${value.length}`;
    }
    return undefined;
  }
  if (Array.isArray(value)) {
    if (value.length === 0)
      return "a select field needs at least one choice, e.g. [TWO_FACTOR_AUTHENTICATION]";
    if (value.length > MAX_FIELD_CHOICES) return `at most ${MAX_FIELD_CHOICES} choices`;
    if (
      value.some(
        (choice) => typeof choice !== "string" || choice.length === 0 || choice.length > 500,
      )
    ) {
      return "a select field's choices are text values (1–500 characters each), e.g. [TWO_FACTOR_AUTHENTICATION]";
    }
    if (new Set(value).size !== value.length) return "a choice is listed twice; remove the repeat";
    return undefined;
  }
  if (typeof value === "object" && value !== null) {
    const keys = Object.keys(value);
    if (keys.length !== 1 || keys[0] !== "file") {
      return "an attachment is written { file: <path in the repository> }, e.g. { file: stacks/registrations/opt-in.png }";
    }
    const file = (value as Record<string, unknown>).file;
    if (typeof file !== "string" || file.length === 0 || file.length > 1024) {
      return "an attachment's file is a path in the repository, e.g. stacks/registrations/opt-in.png";
    }
    return undefined;
  }
  if (typeof value === "number" || typeof value === "boolean") {
    return `AWS's form takes text here; quote it: "${String(value)}"`;
  }
  return "expected text, a list of choices, or { file: <path> } for an attachment";
}
