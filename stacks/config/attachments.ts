/**
 * Registration attachments: files in the repository, read and hashed when the program runs,
 * so that a changed file is a change to the registration (a new version) and a reviewer of
 * the pull request sees it. Each file must be a PDF, PNG or JPEG of at most 500 KB ("How to
 * Register a Sender ID Using APIs with AWS End User Messaging"; the same limits for the
 * toll-free opt-in image), inside the repository, named by a path relative to its root.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type { ConfigIssue } from "./issues";
import { isAttachmentValue, type AttachmentFieldValue } from "./registration-fields";
import { ATTACHMENT_TYPES, MAX_ATTACHMENT_BYTES } from "./registration-types";
import type { EstateConfig } from "./schema";
import { quote } from "./text";

/** The repository root: attachment paths are relative to it (this file is in `stacks/config`). */
export const REPOSITORY_ROOT = path.resolve(__dirname, "..", "..");

/** An attachment as read when the program ran. */
export interface AttachmentContent {
  /** Hex SHA-256 of the bytes: the registration's diff sees a changed file through it. */
  sha256: string;
  bytes: number;
  /** `application/pdf`, `image/png` or `image/jpeg`, from the file's leading bytes. */
  contentType: string;
  /** The bytes, base64: what `CreateRegistrationAttachment` uploads. */
  base64: string;
}

/** An attachment field once its file was read. */
export interface ResolvedAttachment extends AttachmentFieldValue {
  content: AttachmentContent;
}

const EXTENSIONS: Record<string, string[]> = {
  "application/pdf": [".pdf"],
  "image/png": [".png"],
  "image/jpeg": [".jpg", ".jpeg"],
};

/** The type of `bytes` by its leading bytes, or undefined for anything but PDF, PNG, JPEG. */
export function attachmentType(bytes: Uint8Array): string | undefined {
  return ATTACHMENT_TYPES.find(({ magic }) => magic.every((byte, i) => bytes[i] === byte))?.type;
}

/**
 * Reads one attachment file: its content, or the problem with it.
 *
 * @param file the path as the config gives it
 * @param root the repository root. Default: {@link REPOSITORY_ROOT}.
 */
export function readAttachment(
  file: string,
  root: string = REPOSITORY_ROOT,
): { content: AttachmentContent } | { problem: string } {
  const example = "e.g. { file: stacks/registrations/otp-opt-in.png }";
  if (path.isAbsolute(file) || /^[A-Za-z]:/.test(file)) {
    return {
      problem: `attachments are files in the repository, named relative to its root so that every checkout finds them; ${example}`,
    };
  }
  const full = path.resolve(root, file);
  const relative = path.relative(root, full);
  if (relative.startsWith("..") || path.isAbsolute(relative)) {
    return {
      problem: `${quote(file)} points outside the repository; keep attachments in it, ${example}`,
    };
  }
  let stat: fs.Stats;
  try {
    stat = fs.statSync(full);
  } catch {
    return {
      problem: `no file ${quote(file)} in the repository (paths are relative to its root); ${example}`,
    };
  }
  if (!stat.isFile()) return { problem: `${quote(file)} is not a file` };
  if (stat.size > MAX_ATTACHMENT_BYTES) {
    return {
      problem: `${quote(file)} is ${Math.ceil(stat.size / 1024)} KB; registration attachments are at most 500 KB (How to Register a Sender ID Using APIs with AWS End User Messaging): shrink or compress it`,
    };
  }
  const bytes = fs.readFileSync(full);
  const contentType = attachmentType(bytes);
  if (!contentType) {
    return {
      problem: `${quote(file)} is not a PDF, PNG or JPEG (by its content), the only attachment types registrations accept`,
    };
  }
  const extension = path.extname(file).toLowerCase();
  if (!EXTENSIONS[contentType].includes(extension)) {
    return {
      problem: `${quote(file)} holds a ${contentType.split("/")[1].toUpperCase()} but is named ${extension || "without an extension"}; rename it ${EXTENSIONS[contentType][0]} so reviewers open it right`,
    };
  }
  return {
    content: {
      sha256: createHash("sha256").update(bytes).digest("hex"),
      bytes: bytes.length,
      contentType,
      base64: bytes.toString("base64"),
    },
  };
}

/**
 * Reads every attachment of every registration; returns the problems, and the config with
 * each attachment's content filled in (only when there are no problems).
 *
 * @param config a config that passed the schema and the rules
 * @param root the repository root. Default: {@link REPOSITORY_ROOT}.
 */
export function resolveAttachments(
  config: EstateConfig,
  root: string = REPOSITORY_ROOT,
): { issues: ConfigIssue[]; config: EstateConfig } {
  const issues: ConfigIssue[] = [];
  // Files are read once even when several Regions attach the same one.
  const cache = new Map<string, ReturnType<typeof readAttachment>>();
  const regions: EstateConfig["regions"] = {};
  for (const region of Object.keys(config.regions)) {
    const block = config.regions[region];
    const registrations: typeof block.registrations = {};
    for (const key of Object.keys(block.registrations)) {
      const registration = block.registrations[key];
      const fields: typeof registration.fields = {};
      for (const fieldPath of Object.keys(registration.fields)) {
        const value = registration.fields[fieldPath];
        if (!isAttachmentValue(value)) {
          fields[fieldPath] = value;
          continue;
        }
        const read = cache.get(value.file) ?? readAttachment(value.file, root);
        cache.set(value.file, read);
        if ("problem" in read) {
          issues.push({
            path: ["regions", region, "registrations", key, "fields", fieldPath, "file"],
            message: read.problem,
          });
          fields[fieldPath] = value;
        } else {
          fields[fieldPath] = { file: value.file, content: read.content } as ResolvedAttachment;
        }
      }
      registrations[key] = { ...registration, fields };
    }
    regions[region] = { ...block, registrations };
  }
  return { issues, config: { ...config, regions } };
}
