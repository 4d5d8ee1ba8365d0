/**
 * Turning raw stack configuration into a validated `EstateConfig`, from a Pulumi program
 * (`pulumi.Config`) or straight from a `stacks/Pulumi.<stack>.yaml` file (offline tools).
 */
import * as path from "node:path";
import { REPOSITORY_ROOT, resolveAttachments } from "./attachments";
import { canonicalEstate } from "./canonical";
import { EstateConfigError, ESTATE_CONFIG_KEY, sortIssues, type ConfigIssue } from "./issues";
import { explainIssue, GENERIC_ERROR_MAP } from "./messages";
import { sanitizeRaw } from "./raw";
import { checkResourceNames } from "./resource-plan";
import { checkEstateRules } from "./rules";
import { estateSchema, type EstateConfig } from "./schema";
import { readStackConfig } from "./stack-file";

// Finding and reading stack files lives in stack-file.ts; these are re-exported for the
// modules that have always imported them from here.
export { readStackConfig, STACKS_DIR, stackFilePath, StackFileError } from "./stack-file";

/**
 * Validates a raw estate object, in three rounds, each reporting every problem it finds:
 *
 * 1. the value itself: keys that are members of every JavaScript object, YAML aliases
 *    that contain themselves, absurd nesting (`raw.ts`);
 * 2. shape and single values, against the schema and AWS's limits (`schema.ts`);
 * 3. once those pass, the rules that relate values (`rules.ts`, `sharing.ts`,
 *    `carrier-rules.ts`, `registration-rules.ts`), then the names every resource would get,
 *    which must be unique and within AWS's limits (`resource-plan.ts`), then the files
 *    registrations attach (`attachments.ts`), read and hashed.
 *
 * Nothing is declared until all three pass; the returned config has every list in a
 * canonical (sorted) order, so reordering a list in the stack file changes no input.
 *
 * @param raw the value of `messaging:estate`
 * @param source names the file or stack in the error message. Default: "stack configuration".
 * @param options.repositoryRoot the directory attachment paths are relative to. Default: the
 *   repository this module lives in.
 * @throws EstateConfigError listing every problem with its config path
 */
export function parseEstateConfig(
  raw: unknown,
  source?: string,
  options: { repositoryRoot?: string } = {},
): EstateConfig {
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
  const sanitized = sanitizeRaw(raw);
  const parsed = estateSchema.safeParse(sanitized.value, {
    error: GENERIC_ERROR_MAP,
    reportInput: true,
  });
  const shapeIssues: ConfigIssue[] = [
    ...sanitized.issues,
    ...(parsed.success
      ? []
      : parsed.error.issues.flatMap((issue) => explainIssue(issue, estateSchema, sanitized.value))),
  ];
  if (shapeIssues.length > 0 || !parsed.success) {
    throw new EstateConfigError(sortIssues(shapeIssues), source);
  }
  const ruleIssues = checkEstateRules(parsed.data);
  if (ruleIssues.length > 0) throw new EstateConfigError(sortIssues(ruleIssues), source);
  const nameIssues = checkResourceNames(parsed.data);
  if (nameIssues.length > 0) throw new EstateConfigError(sortIssues(nameIssues), source);
  const attached = resolveAttachments(parsed.data, options.repositoryRoot ?? REPOSITORY_ROOT);
  if (attached.issues.length > 0) throw new EstateConfigError(sortIssues(attached.issues), source);
  return canonicalEstate(attached.config);
}

/** Loads and validates the estate of a stack file. */
export function loadEstateFromFile(file: string): EstateConfig {
  return parseEstateConfig(readStackConfig(file)[ESTATE_CONFIG_KEY], path.basename(file));
}
