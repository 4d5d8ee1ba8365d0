"use strict";
/**
 * Compiles the TypeScript the `messaging` command runs into JavaScript under `bin/` (ignored
 * by git), so that no command pays a TypeScript compile when it starts. `npm ci` runs it
 * (the `prepare` script); `npm run build` runs it by hand; `tools/messaging.cjs` runs it
 * when a source changed since the last build. Type checking stays `npm run typecheck`'s job:
 * this only strips types, file by file, with esbuild (well under a second for the tree).
 *
 * Layout: `bin/` mirrors the sources (`tools/cli.ts` → `bin/tools/cli.js`, with a source
 * map). Each compiled module's `__dirname` is set back to its source directory, so every
 * path the code derives from its own location (the stack files in `stacks/`, the Lambda's
 * sources in `lambda/`, the policy pack in `policies/`) is the same whether it runs from
 * the sources (tsx, the tests) or from `bin/`. The stack program Pulumi runs
 * (`Pulumi.yaml`'s `main`) stays TypeScript.
 *
 * Plain CommonJS JavaScript on purpose: it has to run before anything is compiled.
 */
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
/** Where the compiled modules go. */
const OUT_DIR = path.join(ROOT, "bin");
/**
 * Every TypeScript module of the repository is compiled (whatever the CLI may load, directly
 * or through the stack program, now or after a new folder is added), except specs,
 * declarations, dependencies, outputs and hidden folders.
 */
const SKIPPED_DIRS = new Set(["node_modules", "bin", "dist", "coverage"]);
/** Records what the last build compiled (see {@link fingerprint}). */
const STAMP_FILE = path.join(OUT_DIR, ".build-stamp.json");
/** The Node.js line the output targets: the oldest one `engines` allows. */
const TARGET = "node22";

/** Every TypeScript source of the repository (not specs, not declarations). */
function sourceFiles() {
  const files = [];
  const walk = (dir) => {
    let entries;
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith(".")) walk(full);
      } else if (
        entry.name.endsWith(".ts") &&
        !entry.name.endsWith(".d.ts") &&
        !entry.name.endsWith(".spec.ts")
      ) {
        files.push(full);
      }
    }
  };
  walk(ROOT);
  return files.sort();
}

/**
 * A digest of the sources' names, sizes and modification times, and of this script's: it
 * changes when a source is added, removed or edited, or when the build itself changes.
 */
function fingerprint(files = sourceFiles()) {
  const hash = crypto.createHash("sha256");
  for (const file of [__filename, ...files]) {
    const stat = fs.statSync(file);
    hash.update(`${path.relative(ROOT, file)}\0${stat.size}\0${stat.mtimeMs}\n`);
  }
  return hash.digest("hex");
}

/** True when `bin/` is missing or was built from other sources than the current ones. */
function isStale() {
  try {
    const stamp = JSON.parse(fs.readFileSync(STAMP_FILE, "utf8"));
    return stamp.fingerprint !== fingerprint();
  } catch {
    return true;
  }
}

/** Writes `file` through a temporary file and a rename: a concurrent reader sees the old or the new file, never half of one. */
function writeAtomically(file, contents) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, contents);
  fs.renameSync(temporary, file);
}

/** Forward slashes, for paths written into JavaScript and source maps. */
const portable = (p) => p.split(path.sep).join("/");

/**
 * Compiles one source. The first line gets `var __dirname = <source directory>`: `var` may
 * redeclare the module wrapper's `__dirname` parameter, and it comes after `"use strict"` so
 * the module stays strict.
 */
function compileFile(esbuild, file) {
  const relative = path.relative(ROOT, file);
  const output = path.join(OUT_DIR, relative.replace(/\.ts$/, ".js"));
  const outputDir = path.dirname(output);
  const result = esbuild.transformSync(fs.readFileSync(file, "utf8"), {
    loader: "ts",
    format: "cjs",
    platform: "node",
    target: TARGET,
    sourcemap: "external",
    sourcesContent: false,
    sourcefile: portable(path.relative(outputDir, file)),
    tsconfigRaw: { compilerOptions: { alwaysStrict: true } },
  });
  const sourceDir = portable(path.relative(outputDir, path.dirname(file)));
  const dirname = `var __dirname = require("node:path").join(__dirname, ${JSON.stringify(sourceDir)});`;
  const strict = '"use strict";\n';
  const body = result.code.startsWith(strict)
    ? `"use strict";${dirname}\n${result.code.slice(strict.length)}`
    : `${dirname}${result.code}`;
  const mapName = `${path.basename(output)}.map`;
  writeAtomically(output, `${body}//# sourceMappingURL=${mapName}\n`);
  writeAtomically(`${output}.map`, result.map);
}

/**
 * The policy pack's helpers (`policies/lib`) import `@pulumi/policy`, which is installed in
 * `policies/node_modules`: a link makes it resolvable from `bin/policies/` as from `policies/`.
 */
function linkPolicyDependencies() {
  const link = path.join(OUT_DIR, "policies", "node_modules");
  if (fs.lstatSync(link, { throwIfNoEntry: false })) return;
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.symlinkSync(path.join("..", "..", "policies", "node_modules"), link, "junction");
}

/**
 * Compiles every source into `bin/` and records the fingerprint.
 *
 * @param {{ log?: (line: string) => void }} [options] where to say what was done. Default: stderr.
 * @returns {{ files: number, ms: number }} files compiled and the time it took
 */
function build(options = {}) {
  const log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  const started = process.hrtime.bigint();
  const esbuild = require("esbuild");
  const files = sourceFiles();
  const before = fingerprint(files);
  for (const file of files) compileFile(esbuild, file);
  linkPolicyDependencies();
  writeAtomically(STAMP_FILE, JSON.stringify({ fingerprint: before, files: files.length }) + "\n");
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  log(
    `compiled ${files.length} modules into ${path.relative(process.cwd(), OUT_DIR) || "bin"}/ in ${ms.toFixed(0)} ms`,
  );
  return { files: files.length, ms };
}

module.exports = { build, isStale, fingerprint, sourceFiles, OUT_DIR, ROOT };

if (require.main === module) {
  try {
    build();
  } catch (error) {
    process.stderr.write(`build failed: ${error && error.message ? error.message : error}\n`);
    process.exitCode = 1;
  }
}
