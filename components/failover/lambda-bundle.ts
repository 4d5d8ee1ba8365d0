/**
 * Builds the opt-out replication Lambda from `lambda/` with esbuild, at program time, into
 * one self-contained CommonJS file.
 *
 * The AWS SDK v3 clients are bundled rather than marked external. The Node.js Lambda
 * runtimes do ship an SDK, but its version is AWS's choice and changes under us; bundling
 * runs exactly the client version the tests ran against the local endpoint, and the cost
 * is small (tree-shaken ES modules, about 0.3 MB minified).
 */
import { createHash } from "node:crypto";
import * as path from "node:path";
import * as esbuild from "esbuild";
import * as pulumi from "@pulumi/pulumi";

/** Repository root (this file lives in `components/failover/`). */
const ROOT = path.resolve(__dirname, "..", "..");

/** Entry of the opt-out replication bundle (exports `replicate` and `reconcile`). */
export const OPT_OUT_LAMBDA_ENTRY = path.join(ROOT, "lambda", "index.ts");

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
 * Bundles `entry`, once per process and entry.
 *
 * @param entry TypeScript entry module. Default: {@link OPT_OUT_LAMBDA_ENTRY}.
 * @throws Error with esbuild's messages when the build fails
 */
export function bundleLambda(entry: string = OPT_OUT_LAMBDA_ENTRY): LambdaBundle {
  let bundle = cache.get(entry);
  if (!bundle) cache.set(entry, (bundle = buildLambda(entry)));
  return bundle;
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
    result = esbuild.buildSync({
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
