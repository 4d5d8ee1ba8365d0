/**
 * Builds the package other teams install (`npm run build:package`, and `prepack`, so that
 * `npm pack` and `npm publish` ship a fresh build): the components, the helpers below them
 * and the Lambda sources compiled to JavaScript with declarations in `dist/`
 * (`tsconfig.build.json`), and the opt-out replication bundle built ahead next to the
 * compiled `lambda/`, so a consumer's program neither compiles TypeScript nor runs esbuild.
 *
 * The `messaging` command's own build (`tools/build.cjs`, into `bin/`) is separate: the
 * command is this repository's tool, not part of the package.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { buildLambda, PREBUILT_BUNDLE_NAME } from "../components/failover/lambda-bundle";

/** Repository root. */
export const ROOT = path.resolve(__dirname, "..");
/** Where the package's JavaScript and declarations go. */
export const DIST_DIR = path.join(ROOT, "dist");

/** Cleans `dist/`, compiles it and writes the Lambda bundle; returns the bundle's SHA-256. */
export function buildPackage(): string {
  fs.rmSync(DIST_DIR, { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [require.resolve("typescript/bin/tsc"), "-p", path.join(ROOT, "tsconfig.build.json")],
    { cwd: ROOT, stdio: "inherit" },
  );
  const bundle = buildLambda();
  fs.writeFileSync(path.join(DIST_DIR, "lambda", PREBUILT_BUNDLE_NAME), bundle.code);
  return bundle.sha256;
}

if (require.main === module) {
  const sha256 = buildPackage();
  console.log(`dist/ built; opt-out replication bundle sha256 ${sha256}`);
}
