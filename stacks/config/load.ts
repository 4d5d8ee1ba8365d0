/**
 * Turning raw stack configuration into a validated `EstateConfig`, from a Pulumi program
 * (`pulumi.Config`) or straight from a `stacks/Pulumi.<stack>.yaml` file (offline tools).
 */
import * as path from "node:path";
import { EstateConfigError, ESTATE_CONFIG_KEY, type ConfigIssue } from "./issues";
import { checkEstateRules } from "./rules";
import { estateSchema, type EstateConfig } from "./schema";
import { readStackConfig } from "./stack-file";

// Finding and reading stack files lives in stack-file.ts; these are re-exported for the
// modules that have always imported them from here.
export { readStackConfig, STACKS_DIR, stackFilePath, StackFileError } from "./stack-file";

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

/** Loads and validates the estate of a stack file. */
export function loadEstateFromFile(file: string): EstateConfig {
  return parseEstateConfig(readStackConfig(file)[ESTATE_CONFIG_KEY], path.basename(file));
}
