/**
 * Starting the policy pack the way the Pulumi CLI does: `run-policy-pack` from the pack's
 * own `@pulumi/pulumi`, working directory = the pack (the SDK reads `package.json` there),
 * then read the port it prints. The one place that knows how the pack starts.
 *
 * The published pack is compiled JavaScript (`npm run build` in `policies/`, run by
 * `prepare` on install and by `prepack` before publishing: `dist/`, the package's `main`).
 * The check tool does not wait for `tsc`: it transpiles the sources once per source
 * version into `policies/bin/transpiled-<hash>/` (type-checking is the test suite's job)
 * and points `run-policy-pack` there, so an edited policy is checked at once. Deciding
 * whether a build is current reads the sources and TypeScript's version only; the
 * compiler itself loads only when a build is needed.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/** The repository's pack. */
export const POLICIES_DIR = path.resolve(__dirname, "..", "..", "policies");

/** A pack problem the user must fix (missing install, pack crashed on start). */
export class PackError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PackError";
  }
}

/** The pack's TypeScript sources (no tests, no build output, no dependencies). */
function packSources(packDir: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (
        entry.name === "node_modules" ||
        entry.name === "bin" ||
        entry.name === "dist" ||
        entry.name.startsWith(".")
      )
        continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) out.push(full);
    }
  };
  walk(packDir);
  return out.sort();
}

type TypeScript = typeof import("typescript");

/** The pack's own TypeScript compiler (what ts-node would use), else this repository's. */
function typeScriptPath(packDir: string): string {
  return require.resolve("typescript", { paths: [packDir, __dirname] });
}

/** The compiler's version, from its package.json (cheap: the compiler is not loaded). */
function typeScriptVersion(packDir: string): string {
  const manifest = path.join(path.dirname(typeScriptPath(packDir)), "..", "package.json");
  return (JSON.parse(fs.readFileSync(manifest, "utf8")) as { version: string }).version;
}

/**
 * Transpiles the pack to CommonJS under `<packDir>/bin/transpiled-<hash>` (reused while
 * the sources are unchanged) and returns that directory. Written to a temporary directory
 * and renamed, so concurrent runs never see half a pack.
 */
export function buildPack(packDir: string = POLICIES_DIR): string {
  const sources = packSources(packDir);
  const hash = createHash("sha256").update(typeScriptVersion(packDir));
  for (const file of sources)
    hash.update(path.relative(packDir, file)).update("\0").update(fs.readFileSync(file));
  const outDir = path.join(packDir, "bin", `transpiled-${hash.digest("hex").slice(0, 16)}`);
  if (fs.existsSync(path.join(outDir, "index.js"))) return outDir;

  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require(typeScriptPath(packDir)) as TypeScript;
  const tmpDir = `${outDir}.tmp-${process.pid}-${Date.now()}`;
  for (const file of sources) {
    const output = ts.transpileModule(fs.readFileSync(file, "utf8"), {
      fileName: file,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
        inlineSourceMap: true,
        inlineSources: true,
      },
    });
    const target = path.join(tmpDir, path.relative(packDir, file)).replace(/\.ts$/, ".js");
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, output.outputText);
  }
  try {
    fs.renameSync(tmpDir, outDir);
  } catch {
    // Another run renamed an identical build first.
    fs.rmSync(tmpDir, { recursive: true, force: true });
  }
  pruneOldBuilds(path.dirname(outDir), outDir);
  return outDir;
}

/** Removes builds of older sources (kept an hour, in case a concurrent run still starts one). */
function pruneOldBuilds(binDir: string, keep: string): void {
  const hourAgo = Date.now() - 3_600_000;
  for (const entry of fs.readdirSync(binDir)) {
    const full = path.join(binDir, entry);
    if (full === keep || !entry.startsWith("transpiled-")) continue;
    try {
      if (fs.statSync(full).mtimeMs < hourAgo) fs.rmSync(full, { recursive: true, force: true });
    } catch {
      // Best effort: a stale build only costs disk space.
    }
  }
}

/** A running pack. */
export interface RunningPack {
  /** `127.0.0.1:<port>`. */
  address: string;
  /** Process id of the pack. */
  pid: number;
  /** What the pack wrote to stderr so far. */
  stderr(): string;
  /** Stops the pack (SIGTERM, then SIGKILL after a grace period); safe to call twice. */
  close(): Promise<void>;
}

/** Options of {@link startPack}. */
export interface StartPackOptions {
  /** Default: the repository's `policies/`. */
  packDir?: string;
  /**
   * What `run-policy-pack` runs: an installed, compiled pack (its directory, whose
   * package.json names `main`). Default: the transpiled sources of `packDir` (see
   * {@link buildPack}).
   */
  program?: string;
  /** How long to wait for the port. Default: 60 s. */
  timeoutMs?: number;
}

/**
 * Runs `run-policy-pack <address> <program>` (argv as if started directly) and exits when
 * its stdin closes, i.e. when this process is gone however it died (even SIGKILL), so a
 * pack is never left behind listening.
 */
const WATCHDOG = [
  "process.stdin.on('end', () => process.exit(0)).on('error', () => process.exit(0)).resume();",
  "const [runner, ...args] = process.argv.slice(1);",
  "process.argv = [process.execPath, runner, ...args];",
  "require(runner);",
].join("\n");

/** Kills a child and waits for it to exit. */
function stop(child: ChildProcess, graceMs = 2000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** Builds and starts the pack; resolves once it listens. */
export async function startPack(options: StartPackOptions = {}): Promise<RunningPack> {
  const packDir = path.resolve(options.packDir ?? POLICIES_DIR);
  const runner = path.join(packDir, "node_modules", "@pulumi", "pulumi", "cmd", "run-policy-pack");
  if (!fs.existsSync(runner)) {
    throw new PackError(
      `the policy pack's dependencies are not installed; run \`cd ${path.relative(process.cwd(), packDir) || "."} && npm ci\``,
    );
  }
  const program = options.program ?? buildPack(packDir);
  const child = spawn(process.execPath, ["-e", WATCHDOG, runner, "127.0.0.1:0", program], {
    cwd: packDir,
    env: {
      // V8's code cache for the pack's modules (the SDK, gRPC, the TypeScript compiler
      // run-policy-pack registers): a fresh start then skips compiling them again.
      NODE_COMPILE_CACHE: path.join(packDir, "node_modules", ".cache", "node-compile-cache"),
      ...process.env,
    },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  // Never leave the pack behind, whatever happens to this process.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const close = async () => {
    process.off("exit", killOnExit);
    await stop(child);
  };

  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new PackError(
              `the policy pack did not start within ${options.timeoutMs ?? 60000} ms\n${stderr}`,
            ),
          ),
        options.timeoutMs ?? 60000,
      );
      child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk;
        const match = /^(\d+)\s*$/m.exec(stdout);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(
          new PackError(
            `the policy pack exited before it listened (${signal ?? `code ${code}`}):\n${stderr || stdout}`,
          ),
        );
      });
      child.once("error", (error) => {
        clearTimeout(timer);
        reject(new PackError(`cannot start the policy pack: ${error.message}`));
      });
    });
    return { address: `127.0.0.1:${port}`, pid: child.pid!, stderr: () => stderr, close };
  } catch (error) {
    await close();
    throw error;
  }
}
