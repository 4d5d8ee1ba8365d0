/**
 * Turning raw stack configuration into a validated `EstateConfig`, from a Pulumi program
 * (`pulumi.Config`) or straight from a `stacks/Pulumi.<stack>.yaml` file (offline tools).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { ENCRYPTED_CONFIG_VALUE } from "./formats";
import { EstateConfigError, ESTATE_CONFIG_KEY, type ConfigIssue } from "./issues";
import { checkEstateRules } from "./rules";
import { estateSchema, type EstateConfig } from "./schema";

/**
 * Validates a raw estate object. Shape and single-value problems are reported together;
 * cross-field rules run once the shape is right (they need typed values to compare).
 *
 * @param raw the value of `messaging:estate`
 * @param source names the file or stack in the error message. Default: "stack configuration".
 * @throws EstateConfigError listing every problem with its config path
 */
export function parseEstateConfig(raw: unknown, source?: string): EstateConfig {
  if (raw === undefined || raw === null) {
    throw new EstateConfigError(
      [
        {
          path: [],
          message: `missing; set the ${ESTATE_CONFIG_KEY} object in the stack's Pulumi.<stack>.yaml`,
        },
      ],
      source,
    );
  }
  const parsed = estateSchema.safeParse(raw);
  if (!parsed.success) {
    const issues: ConfigIssue[] = parsed.error.issues.map((issue) => ({
      path: issue.path.map((part) => (typeof part === "symbol" ? String(part) : part)),
      // A bad record key wraps the key's own issue ("Invalid key in record"): surface that one.
      message:
        issue.code === "invalid_key" && issue.issues[0] ? issue.issues[0].message : issue.message,
    }));
    throw new EstateConfigError(issues, source);
  }
  const ruleIssues = checkEstateRules(parsed.data);
  if (ruleIssues.length > 0) throw new EstateConfigError(ruleIssues, source);
  return parsed.data;
}

/** Directory holding the stack files (`stackConfigDir` in Pulumi.yaml). */
export const STACKS_DIR = path.resolve(__dirname, "..");

/** Path of a stack's config file. */
export function stackFilePath(stack: string, stacksDir = STACKS_DIR): string {
  return path.join(stacksDir, `Pulumi.${stack}.yaml`);
}

/** Replaces every `{ secure: <ciphertext> }` (a `--secret` value) by {@link ENCRYPTED_CONFIG_VALUE}. */
function maskEncrypted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskEncrypted);
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0][0] === "secure" && typeof entries[0][1] === "string") {
      return ENCRYPTED_CONFIG_VALUE;
    }
    return Object.fromEntries(entries.map(([key, inner]) => [key, maskEncrypted(inner)]));
  }
  return value;
}

/**
 * Reads the flat `config:` map of a stack file. Values stay as YAML gave them: objects for
 * structured keys, strings/numbers/booleans for plain ones; values encrypted with
 * `pulumi config set --secret` (with or without `--path`) read as
 * {@link ENCRYPTED_CONFIG_VALUE}, since offline tools cannot decrypt them.
 */
export function readStackConfig(file: string): Record<string, unknown> {
  if (!fs.existsSync(file)) {
    throw new Error(`stack file ${file} does not exist; create it or pick another --stack`);
  }
  const document = YAML.parse(fs.readFileSync(file, "utf8")) as {
    config?: Record<string, unknown>;
  } | null;
  return maskEncrypted(document?.config ?? {}) as Record<string, unknown>;
}

/** Loads and validates the estate of a stack file. */
export function loadEstateFromFile(file: string): EstateConfig {
  return parseEstateConfig(readStackConfig(file)[ESTATE_CONFIG_KEY], path.basename(file));
}
