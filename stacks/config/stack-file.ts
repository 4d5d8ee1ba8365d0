/**
 * Finding and reading a stack file (`Pulumi.<stack>.yaml`) as the offline tools do, with one
 * message per problem that names the file: a stack name that is a path, a stack that does
 * not exist (with the stacks that do), a directory or a named pipe where the file should be,
 * an unreadable file, binary content, invalid YAML (with line and column).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { setOwn } from "../../lib/own";
import { ENCRYPTED_CONFIG_VALUE } from "./formats";
import { EstateConfigError, ESTATE_CONFIG_KEY } from "./issues";

/**
 * Directory holding the stack files: `MESSAGING_STACKS_DIR` when set (relative to the working
 * directory), else the repository's `stacks/` (`stackConfigDir` in Pulumi.yaml).
 */
export const STACKS_DIR = process.env.MESSAGING_STACKS_DIR
  ? path.resolve(process.env.MESSAGING_STACKS_DIR)
  : path.resolve(__dirname, "..");

/**
 * A stack name as Pulumi accepts it (letters, digits, `-`, `_`, `.`), and nothing a path
 * could be made of: stack names become file names.
 */
export const STACK_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

const STACK_FILE = /^Pulumi\.(.+)\.yaml$/;

/**
 * A stack file that cannot be used: missing, not a file, unreadable, not YAML. It is an
 * {@link EstateConfigError} (with one issue and a message of its own) so that every command
 * that reports configuration errors as one message with exit code 2 reports this one too.
 */
export class StackFileError extends EstateConfigError {
  /** Marks the error as being about the file rather than its contents. */
  readonly kind = "stack-file";

  /**
   * @param file the stack file (or directory) concerned; no default
   * @param problem what is wrong and how to fix it; no default
   */
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super([{ path: [], message: problem }], displayPath(file));
    this.message = problem;
  }

  /** True for a StackFileError from any copy of this module (tools reload program modules). */
  static override is(error: unknown): error is StackFileError {
    return EstateConfigError.is(error) && (error as StackFileError).kind === "stack-file";
  }
}

/** `file` relative to the working directory when it lies inside it, else absolute. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  if (relative === "") return ".";
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : file;
}

/** Names of the stacks whose files are in `stacksDir`, sorted; empty when it cannot be read. */
export function stacksIn(stacksDir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(stacksDir);
  } catch {
    return [];
  }
  return names
    .map((name) => STACK_FILE.exec(name)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .sort();
}

/**
 * Throws a {@link StackFileError} unless `stack` is a plain stack name.
 *
 * @param stack the name given with `--stack`; no default
 */
export function assertStackName(stack: string): void {
  if (!STACK_NAME.test(stack) || stack === "." || stack === ".." || stack.includes("..")) {
    throw new StackFileError(
      stack,
      `--stack must be a stack name (letters, digits, "-", "_", "."; the file is Pulumi.<name>.yaml), got "${stack}"`,
    );
  }
}

/**
 * Path of an existing stack's file.
 *
 * @param stack stack name; no default
 * @param stacksDir directory of stack files. Default: the repository's `stacks/`.
 * @throws StackFileError for a name that is not a stack name, or a stack without a file (the
 *   message lists the stacks that have one)
 */
export function stackFilePath(stack: string, stacksDir: string = STACKS_DIR): string {
  assertStackName(stack);
  const file = path.join(stacksDir, `Pulumi.${stack}.yaml`);
  if (!exists(file)) throw missingStack(stack, stacksDir, file);
  return file;
}

/** True when something (even a broken link or an unreadable entry) is at `file`. */
function exists(file: string): boolean {
  try {
    return fs.lstatSync(file, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return true; // e.g. EACCES on the directory: reading the file will say what is wrong
  }
}

function missingStack(stack: string, stacksDir: string, file: string): StackFileError {
  const dirStat = fs.statSync(stacksDir, { throwIfNoEntry: false });
  if (!dirStat?.isDirectory()) {
    return new StackFileError(
      stacksDir,
      `no stacks directory ${displayPath(stacksDir)}: it ${dirStat ? "is not a directory" : "does not exist"}; check --stacks-dir`,
    );
  }
  const found = stacksIn(stacksDir);
  return new StackFileError(
    file,
    `stack file ${displayPath(file)} does not exist; pass the stack's name with --stack. ` +
      (found.length > 0
        ? `Stacks in ${displayPath(stacksDir) || "."}: ${found.join(", ")}`
        : `${displayPath(stacksDir)} holds no Pulumi.<stack>.yaml file`) +
      ` (a new stack: pulumi stack init ${stack}).`,
  );
}

/** What a stat says a path is, when it is not a regular file. */
function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return "a directory";
  if (stat.isFIFO()) return "a named pipe (FIFO)";
  if (stat.isSocket()) return "a socket";
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return "a device";
  return "not a regular file";
}

/**
 * The bytes of a regular file. The file is opened non-blocking and checked with fstat before
 * it is read, so a named pipe (which would block a plain read until a writer appears) or a
 * device is refused at once, even if it replaced the file after a check by path.
 */
function readRegularFile(file: string): Buffer {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      const match = STACK_FILE.exec(path.basename(file));
      throw match
        ? missingStack(match[1], path.dirname(file), file)
        : new StackFileError(file, `${displayPath(file)} does not exist`);
    }
    if (code === "EACCES" || code === "EPERM") {
      throw new StackFileError(
        file,
        `cannot read ${displayPath(file)}: permission denied; check the file's permissions`,
      );
    }
    throw new StackFileError(
      file,
      `cannot open ${displayPath(file)}: ${(error as Error).message.replace(/^\w+: /, "")}`,
    );
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) {
      throw new StackFileError(
        file,
        `${displayPath(file)} is ${kindOf(stat)}, not a stack file; a stack file is a YAML file`,
      );
    }
    try {
      return fs.readFileSync(fd);
    } catch (error) {
      throw new StackFileError(
        file,
        `cannot read ${displayPath(file)}: ${(error as Error).message.replace(/^\w+: /, "")}`,
      );
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** The text of a stack file, refusing binary content (YAML would parse some of it). */
function decodeText(file: string, bytes: Buffer): string {
  const nul = bytes.indexOf(0);
  let text: string | undefined;
  if (nul === -1) {
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      text = undefined;
    }
  }
  if (text === undefined) {
    throw new StackFileError(
      file,
      `${displayPath(file)} is not a text file (${nul === -1 ? "not UTF-8" : `a NUL byte at offset ${nul}`}); a stack file is UTF-8 YAML`,
    );
  }
  return text;
}

/** Line and column (1-based) of a YAML error, and its message without yaml's own position. */
function yamlProblem(file: string, error: YAML.YAMLError): StackFileError {
  const position = error.linePos?.[0];
  const where = position
    ? `${displayPath(file)}:${position.line}:${position.col}`
    : displayPath(file);
  const message = error.message.split(/ at line \d+, column \d+/)[0].split("\n")[0];
  const snippet = position
    ? error.message
        .split("\n")
        .slice(1)
        .filter((line) => line.trim() !== "")
        .map((line) => `  ${line}`)
        .join("\n")
    : "";
  return new StackFileError(
    file,
    `${where}: invalid YAML: ${message}${snippet ? `\n${snippet}` : ""}`,
  );
}

/**
 * Replaces every `{ secure: <ciphertext> }` (a `--secret` value) by {@link ENCRYPTED_CONFIG_VALUE}.
 * A YAML alias inside the node it names makes a cycle: the copy keeps it (each node copied
 * once), so the config validation reports it at its path instead of this recursing forever.
 */
function maskEncrypted(value: unknown, copies = new Map<object, unknown>()): unknown {
  if (value === null || typeof value !== "object") return value;
  if (copies.has(value)) return copies.get(value);
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    copies.set(value, out);
    for (const item of value) out.push(maskEncrypted(item, copies));
    return out;
  }
  const entries = Object.entries(value);
  if (entries.length === 1 && entries[0][0] === "secure" && typeof entries[0][1] === "string") {
    return ENCRYPTED_CONFIG_VALUE;
  }
  const out: Record<string, unknown> = {};
  copies.set(value, out);
  // Defined, not assigned: a `__proto__` key stays a key for the validation to refuse.
  for (const [key, inner] of entries) setOwn(out, key, maskEncrypted(inner, copies));
  return out;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads the flat `config:` map of a stack file. Values stay as YAML gave them: objects for
 * structured keys, strings/numbers/booleans for plain ones; values encrypted with
 * `pulumi config set --secret` (with or without `--path`) read as
 * {@link ENCRYPTED_CONFIG_VALUE}, since offline tools cannot decrypt them. An empty file has
 * no config.
 *
 * @param file the stack file; no default
 * @throws StackFileError when the file is missing, not a regular file, unreadable, binary,
 *   not valid YAML, or not a mapping with a `config` mapping
 */
export function readStackConfig(file: string): Record<string, unknown> {
  const text = decodeText(file, readRegularFile(file));
  const document = YAML.parseDocument(text);
  if (document.errors.length > 0) throw yamlProblem(file, document.errors[0]);
  let value: unknown;
  try {
    value = document.toJS();
  } catch (error) {
    // e.g. an alias expanded too often (a "billion laughs" document)
    throw new StackFileError(
      file,
      `${displayPath(file)}: invalid YAML: ${(error as Error).message}`,
    );
  }
  if (value === null || value === undefined) return {};
  if (!isMapping(value)) {
    throw new StackFileError(
      file,
      `${displayPath(file)} is not a stack file: expected a mapping with a "config:" key at the top, got ${Array.isArray(value) ? "a list" : `a ${typeof value}`}`,
    );
  }
  const config = value.config ?? {};
  if (!isMapping(config)) {
    throw new StackFileError(
      file,
      `${displayPath(file)}: "config" must be a mapping of keys such as ${ESTATE_CONFIG_KEY}, got ${Array.isArray(config) ? "a list" : `a ${typeof config}`}`,
    );
  }
  return maskEncrypted(config) as Record<string, unknown>;
}
