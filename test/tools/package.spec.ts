/**
 * The package as another team installs it: `npm pack` of this repository (its `prepack`
 * builds `dist/`), the tarball installed into an empty program directory with npm (packages
 * already in the local npm cache come from there), and a program there that `require`s
 * the components by the package's name, run by Pulumi's own language-host entry point
 * (`@pulumi/pulumi/cmd/run` of the *consumer's* install) against a resource monitor on
 * loopback. It must register exactly what the same declaration registers from this
 * repository's sources under the offline engine, the Lambda bundle included.
 */
import { strict as assert } from "node:assert";
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as components from "../../components";
import { buildLambda, PREBUILT_BUNDLE_NAME } from "../../components/failover/lambda-bundle";
import type { RecordedResource } from "../../engine/recording-monitor";
import { runOffline } from "../../engine/run";
import { startLoopbackMonitor } from "../support/grpc-resource-monitor";

const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const ROOT = path.resolve(__dirname, "..", "..");
const FIXTURE = path.join(ROOT, "test", "fixtures", "package-consumer");
const ACCOUNT = "111122223333";

/** Runs `cmd/run` of the consumer's own @pulumi/pulumi, as the CLI's Node.js language host does. */
function runHostedProgram(
  program: string,
  monitorAddress: string,
): Promise<{ code: number | null; output: string }> {
  const child = spawn(
    process.execPath,
    [
      path.join(program, "node_modules/@pulumi/pulumi/cmd/run"),
      `--monitor=${monitorAddress}`,
      `--engine=${monitorAddress}`,
      "--project=team-program",
      "--stack=dev",
      `--root-directory=${program}`,
      `--pwd=${program}`,
      "--dry-run",
      "--parallel=16",
      "index.js",
    ],
    {
      cwd: program,
      env: { ...process.env, PULUMI_CONFIG: "{}", PULUMI_CONFIG_SECRET_KEYS: "[]" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, output })));
}

/**
 * A dynamic resource's `__provider` is its provider's serialized code, compiled by tsc in
 * the package and by tsx here: compare that it is serialized code, not its bytes.
 */
function shape(r: RecordedResource) {
  const inputs =
    typeof r.inputs.__provider === "string"
      ? { ...r.inputs, __provider: "<serialized dynamic provider>" }
      : r.inputs;
  return {
    urn: r.urn,
    parent: r.parent,
    protect: r.protect,
    retainOnDelete: r.retainOnDelete,
    ignoreChanges: r.ignoreChanges,
    inputs,
  };
}

describe("the components as an installed package", function () {
  // Packing compiles the package; installing extracts its dependencies.
  this.timeout(900_000);
  let dir: string;
  let program: string;
  let installed: string;
  let installLog: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "package-consumer-"));
    const packed = execFileSync(NPM, ["pack", "--pack-destination", dir, "--json"], {
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    // Lifecycle scripts (prepack, prepare) print before npm's JSON.
    const [{ filename }] = JSON.parse(packed.slice(packed.indexOf("\n[") + 1)) as Array<{
      filename: string;
    }>;
    program = path.join(dir, "program");
    fs.mkdirSync(program);
    fs.writeFileSync(
      path.join(program, "package.json"),
      JSON.stringify({ name: "team-program", version: "1.0.0", private: true }),
    );
    for (const file of ["declare.js", "index.js"]) {
      fs.copyFileSync(path.join(FIXTURE, file), path.join(program, file));
    }
    installLog = execFileSync(
      NPM,
      [
        "install",
        "--prefer-offline",
        "--no-audit",
        "--no-fund",
        "--foreground-scripts",
        path.join(dir, filename),
      ],
      { cwd: program, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    );
    installed = path.join(program, "node_modules", "messaging-estate");
  });
  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  it("ships compiled JavaScript with declarations and the Lambda bundle: no TypeScript sources, no stacks, no policy pack", () => {
    const files = execFileSync("find", [".", "-type", "f"], { cwd: installed, encoding: "utf8" })
      .split("\n")
      .filter(Boolean)
      .map((f) => f.replace(/^\.\//, ""))
      .sort();
    assert.ok(files.includes("dist/components/index.js"));
    assert.ok(files.includes("dist/components/index.d.ts"));
    assert.ok(files.includes(`dist/lambda/${PREBUILT_BUNDLE_NAME}`));
    assert.deepEqual(
      files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")),
      [],
    );
    assert.deepEqual(
      files.filter((f) => /^(stacks|policies|test|engine)\//.test(f)),
      [],
    );
    const manifest = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8"));
    assert.equal(manifest.exports["."].default, "./dist/components/index.js");
    assert.equal(manifest.types, "dist/components/index.d.ts");
  });

  it("ships the Lambda bundle built ahead, byte for byte the one built from the sources", () => {
    const shipped = fs.readFileSync(
      path.join(installed, "dist", "lambda", PREBUILT_BUNDLE_NAME),
      "utf8",
    );
    assert.equal(shipped, buildLambda().code);
  });

  it("does not install the policy pack in the consumer's project", () => {
    assert.match(installLog, /policy pack not installed \(installed as a dependency\)/);
    assert.equal(fs.existsSync(path.join(installed, "policies")), false);
    const lock = fs.readFileSync(path.join(program, "package-lock.json"), "utf8");
    assert.doesNotMatch(lock, /messaging-estate-policies/);
  });

  it("declares nothing and prints nothing when imported", () => {
    const output = execFileSync(
      process.execPath,
      [
        "-e",
        "const m = require('messaging-estate'); process.stdout.write(String(typeof m.MessagingRegion) + ' ' + String(typeof m.PhonePool))",
      ],
      { cwd: program, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    );
    assert.equal(output, "function function");
  });

  it("type-checks a TypeScript program against the package's declarations, and refuses a wrong argument", () => {
    const tsc = require.resolve("typescript/bin/tsc");
    const tsconfig = {
      compilerOptions: {
        target: "ES2023",
        module: "nodenext",
        moduleResolution: "nodenext",
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: [],
      },
      files: ["typed.ts"],
    };
    fs.writeFileSync(path.join(program, "tsconfig.json"), JSON.stringify(tsconfig));
    const typed = fs.readFileSync(path.join(FIXTURE, "typed.ts.txt"), "utf8");
    fs.writeFileSync(path.join(program, "typed.ts"), typed);
    execFileSync(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: program, stdio: "pipe" });

    fs.writeFileSync(
      path.join(program, "typed.ts"),
      typed.replace(
        'messageType: "TRANSACTIONAL",\n  countries',
        'messageType: "BULK",\n  countries',
      ),
    );
    let failure = "";
    try {
      execFileSync(process.execPath, [tsc, "-p", "tsconfig.json"], {
        cwd: program,
        encoding: "utf8",
        stdio: "pipe",
      });
    } catch (error) {
      failure = String((error as { stdout?: string }).stdout);
    }
    assert.match(failure, /typed\.ts.*error TS2322: Type '"BULK"' is not assignable/);
  });

  it("registers, from the package by name under Pulumi's language host, what the sources register offline", async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the consumer's plain-JS fixture
    const { declare } = require(path.join(FIXTURE, "declare.js")) as {
      declare: (components: unknown) => unknown;
    };
    const offline = await runOffline(() => declare(components), {
      account: ACCOUNT,
      defaultRegion: "us-east-1",
      project: "team-program",
      stack: "dev",
    });
    const monitor = await startLoopbackMonitor({ account: ACCOUNT, defaultRegion: "us-east-1" });
    try {
      const { code, output } = await runHostedProgram(program, monitor.address);
      // The tail of the output holds the error (the head is every registration).
      assert.equal(code, 0, `cmd/run exited ${code}:\n${output.slice(-4000)}`);
      const byUrn = (a: { urn: string }, b: { urn: string }) => a.urn.localeCompare(b.urn);
      const hosted = monitor.records.map(shape).sort(byUrn);
      const sources = offline.resources.map(shape).sort(byUrn);
      // The whole two-Region estate, the opt-out functions (and so the bundle) included.
      assert.ok(
        hosted.some((r) => r.urn.includes("aws:lambda/function:Function")),
        "no Lambda function registered",
      );
      assert.deepEqual(hosted, sources);
    } finally {
      await monitor.close();
    }
  });
});
