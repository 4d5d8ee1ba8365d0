/**
 * The opt-out replication Lambda as one self-contained CommonJS file: built from `lambda/`
 * with esbuild at program time in this repository, and built ahead in the package
 * (`npm run build:package` writes {@link PREBUILT_BUNDLE_NAME} next to the compiled
 * `lambda/`), so a team's program that installs the package needs neither the TypeScript
 * sources nor esbuild at deployment time. Both are the same bytes (a test checks it), so the
 * functions' code does not change with the way the estate is deployed.
 *
 * The AWS SDK v3 clients are bundled rather than marked external. The Node.js Lambda
 * runtimes do ship an SDK, but its version is AWS's choice and changes under us; bundling
 * runs exactly the client version the tests ran against the local endpoint, and the cost
 * is small (tree-shaken ES modules, about 0.3 MB minified).
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import type * as esbuild from "esbuild";
import * as pulumi from "@pulumi/pulumi";

/** Repository root (this file lives in `components/failover/`). */
const ROOT = path.resolve(__dirname, "..", "..");

/** Entry of the opt-out replication bundle (exports `replicate` and `reconcile`). */
export const OPT_OUT_LAMBDA_ENTRY = path.join(ROOT, "lambda", "index.ts");

/** File name of the bundle built ahead, in the package's `lambda/` folder. */
export const PREBUILT_BUNDLE_NAME = "opt-out-replication.bundle.js";

/** Where a package build puts the bundle (absent in the repository's sources). */
export const PREBUILT_BUNDLE = path.join(ROOT, "lambda", PREBUILT_BUNDLE_NAME);

/** Node.js version the bundle targets; matches the functions' runtime. */
export const LAMBDA_NODE_TARGET = "node22";

/** A built bundle. */
export interface LambdaBundle {
  /** The JavaScript of `index.js`. */
  readonly code: string;
  /** Hex SHA-256 of `code`, e.g. for descriptions and logs. */
  readonly sha256: string;
}

// Kept on globalThis: offline tools reload the program's modules for every run, and a
// rebuild per run would cost ~0.4 s each time for the same bytes.
const CACHE_KEY = Symbol.for("messaging.failover.lambdaBundles");
const cache: Map<string, LambdaBundle> = ((globalThis as Record<symbol, unknown>)[CACHE_KEY] ??=
  new Map<string, LambdaBundle>()) as Map<string, LambdaBundle>;

/**
 * Bundles `entry`, once per process and entry. The default entry comes from the bundle
 * built ahead when the package ships one ({@link PREBUILT_BUNDLE}).
 *
 * @param entry TypeScript entry module. Default: {@link OPT_OUT_LAMBDA_ENTRY}.
 * @throws Error with esbuild's messages when the build fails
 */
export function bundleLambda(entry: string = OPT_OUT_LAMBDA_ENTRY): LambdaBundle {
  let bundle = cache.get(entry);
  if (!bundle) {
    const prebuilt = entry === OPT_OUT_LAMBDA_ENTRY ? readPrebuilt() : undefined;
    cache.set(entry, (bundle = prebuilt ?? buildLambda(entry)));
  }
  return bundle;
}

/** The bundle built ahead, or undefined when this is the repository (sources, no bundle). */
function readPrebuilt(): LambdaBundle | undefined {
  let code: string;
  try {
    code = fs.readFileSync(PREBUILT_BUNDLE, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  return { code, sha256: createHash("sha256").update(code).digest("hex") };
}

/**
 * Bundles `entry` now, bypassing the cache (tests use it to show builds are reproducible).
 *
 * @param entry TypeScript entry module. Default: {@link OPT_OUT_LAMBDA_ENTRY}.
 * @throws Error with esbuild's messages when the build fails
 */
export function buildLambda(entry: string = OPT_OUT_LAMBDA_ENTRY): LambdaBundle {
  let result: esbuild.BuildResult<{ write: false }>;
  try {
    // Loaded here, not at import: a program using the package runs the bundle built ahead
    // and needs no esbuild (a development dependency).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { buildSync } = require("esbuild") as typeof esbuild;
    result = buildSync({
      entryPoints: [entry],
      absWorkingDir: ROOT,
      bundle: true,
      platform: "node",
      target: LAMBDA_NODE_TARGET,
      format: "cjs",
      // ES module builds of the SDK tree-shake far better than its CommonJS builds.
      mainFields: ["module", "main"],
      minify: true,
      sourcemap: false,
      write: false,
      logLevel: "silent",
    });
  } catch (error) {
    const failure = error as { errors?: esbuild.Message[] };
    const details = (failure.errors ?? []).map((m) => `${m.location?.file ?? ""}: ${m.text}`);
    throw new Error(
      `bundling ${path.relative(ROOT, entry)} failed:\n${details.join("\n") || String(error)}`,
      { cause: error },
    );
  }
  const code = result.outputFiles[0].text;
  return { code, sha256: createHash("sha256").update(code).digest("hex") };
}

/** The bundle as a Lambda deployment package: `index.js` at the archive's root. */
export function lambdaArchive(bundle: LambdaBundle): pulumi.asset.AssetArchive {
  return new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(bundle.code) });
}
