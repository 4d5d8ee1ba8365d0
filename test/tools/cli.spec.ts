/**
 * The `messaging` command: one entry point with subcommands, the shared exit codes, compiled
 * JavaScript that prints what the TypeScript prints, relative paths resolved where the user
 * stands (also through `npm run`), `--debug`, and a compiled tree that rebuilds itself when a
 * source changes.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { takeDebugFlag } from "../../tools/cli";
import { describeError, UsageError } from "../../tools/output/errors";
import { ignoreFfiExperimentalWarning } from "../../tools/output/invocation";
import { MESSAGING, ROOT, runMessaging, stackFrames } from "../support/messaging-cli";

const TSX = require.resolve("tsx/cli");

describe("the messaging command", function () {
  this.timeout(240_000);

  it("without a command, prints the commands and the exit codes, and exits 2", async () => {
    const result = await runMessaging([]);
    assert.equal(result.code, 2);
    for (const command of ["preview", "check", "failover", "warmup", "bench", "diagram"]) {
      assert.match(result.stderr, new RegExp(`^  ${command}\\b`, "m"), result.stderr);
    }
    assert.match(result.stderr, /Exit codes \(every command\): 0 done; 1 findings/);
  });

  it("refuses an unknown command with a suggestion, exit 2", async () => {
    const result = await runMessaging(["previwe"]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown command 'previwe'/);
    assert.match(result.stderr, /Did you mean preview\?/);
  });

  it("passes --help to the tool and prints its version", async () => {
    const help = await runMessaging(["preview", "--help"]);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /--format <format>/);
    const version = await runMessaging(["--version"]);
    assert.equal(version.code, 0);
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    assert.equal(version.stdout.trim(), manifest.version);
  });

  it("prints, compiled, byte for byte what the TypeScript sources print, with no warning", async () => {
    const compiled = await runMessaging(["preview", "--format", "json"]);
    const typescript = await runMessaging(["tools/preview.ts", "--json"], {
      command: [process.execPath, TSX],
    });
    assert.equal(compiled.code, 0, compiled.stderr);
    assert.equal(typescript.code, 0, typescript.stderr);
    assert.ok(compiled.stdout.length > 1_000_000);
    // A dynamic provider's input is its code as compiled (esbuild's output here, tsx's there:
    // `pulumi up` sees a third, ts-node's); the preview prints only its length.
    const normal = (json: string) =>
      json.replace(
        /\[serialized dynamic provider, \d+ characters\]/g,
        "[serialized dynamic provider]",
      );
    assert.ok(
      normal(compiled.stdout) === normal(typescript.stdout),
      "compiled and TypeScript outputs differ",
    );
    // On Node.js 26 Pulumi's closure serialization made every command print an FFI warning.
    assert.equal(compiled.stderr, "");
  });

  it("resolves relative paths against the directory `npm run` was started from", async () => {
    const here = fs.mkdtempSync(path.join(os.tmpdir(), "messaging-cwd-"));
    try {
      fs.mkdirSync(path.join(here, "my-stacks"));
      fs.copyFileSync(
        path.join(ROOT, "stacks", "Pulumi.example.yaml"),
        path.join(here, "my-stacks", "Pulumi.mine.yaml"),
      );
      const npm = process.platform === "win32" ? "npm.cmd" : "npm";
      const result = await runMessaging(
        [
          "--prefix",
          ROOT,
          "run",
          "--silent",
          "warmup",
          "--",
          "--stack",
          "mine",
          "--stacks-dir",
          "my-stacks",
          "--out",
          "plans",
          "--format",
          "csv",
        ],
        { cwd: here, command: [npm] },
      );
      assert.equal(result.code, 0, result.stderr + result.stdout);
      assert.deepEqual(fs.readdirSync(path.join(here, "plans")), [
        "us-east-1-northwind-marketing.csv",
      ]);
      assert.match(result.stdout, /wrote plans\/us-east-1-northwind-marketing\.csv/);
      assert.ok(!fs.existsSync(path.join(ROOT, "plans")), "nothing written in the repository");
    } finally {
      fs.rmSync(here, { recursive: true, force: true });
    }
  });

  it("shows stack traces only with --debug, wherever it stands", async () => {
    const plain = await runMessaging(["preview", "--stack", "nope"]);
    assert.equal(plain.code, 2);
    assert.deepEqual(stackFrames(plain.stderr), []);
    const debug = await runMessaging(["preview", "--stack", "nope", "--debug"]);
    assert.equal(debug.code, 2);
    assert.match(debug.stderr, /Pulumi\.nope\.yaml does not exist/);
    assert.ok(stackFrames(debug.stderr).length > 0, debug.stderr);
    assert.ok(
      stackFrames(debug.stderr).some((frame) => frame.includes(".ts:")),
      "frames point into the TypeScript sources",
    );
  });

  it("rebuilds the compiled tree when a source changed", async () => {
    const source = path.join(ROOT, "tools", "exit.ts");
    const stat = fs.statSync(source);
    fs.utimesSync(source, stat.atime, new Date(stat.mtimeMs + 1000));
    try {
      const result = await runMessaging(["--version"]);
      assert.equal(result.code, 0);
      assert.match(result.stderr, /messaging: sources changed; compiled \d+ modules into bin\//);
      const again = await runMessaging(["--version"]);
      assert.equal(again.stderr, "", "a fresh build is not rebuilt");
    } finally {
      fs.utimesSync(source, stat.atime, stat.mtime);
      await runMessaging(["--version"]); // leave bin/ matching the sources
    }
  });

  it("is the package's bin", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    assert.equal(path.join(ROOT, manifest.bin.messaging), MESSAGING);
    assert.match(fs.readFileSync(MESSAGING, "utf8"), /^#!\/usr\/bin\/env node\n/);
  });
});

describe("--debug and error messages", () => {
  it("takes --debug from anywhere before --", () => {
    assert.deepEqual(takeDebugFlag(["preview", "--debug", "--stack", "x"]), {
      argv: ["preview", "--stack", "x"],
      debug: true,
    });
    assert.deepEqual(takeDebugFlag(["check", "--", "--debug"]), {
      argv: ["check", "--", "--debug"],
      debug: false,
    });
  });

  it("prints a user's mistake alone, a bug with a hint or (debug) its stack", () => {
    assert.equal(describeError(new UsageError("--stack is missing"), false), "--stack is missing");
    const bug = new TypeError("cannot read properties of undefined");
    assert.equal(
      describeError(bug, false),
      "unexpected failure: cannot read properties of undefined\n(this is a bug; run again with --debug for the stack trace)",
    );
    assert.match(describeError(bug, true), /^unexpected failure: TypeError: cannot read/);
    assert.ok(stackFrames(describeError(bug, true)).length > 0);
  });
});

describe("the FFI warning filter", () => {
  it("drops Node.js 26's FFI ExperimentalWarning and nothing else", async () => {
    const seen: string[] = [];
    const listener = (warning: Error) => seen.push(`${warning.name}: ${warning.message}`);
    const original = process.emitWarning;
    // Only this listener: Node.js's own would print the warnings into the test report.
    const printers = process.listeners("warning");
    process.removeAllListeners("warning");
    process.on("warning", listener);
    try {
      ignoreFfiExperimentalWarning();
      process.emitWarning(
        "FFI is an experimental feature and might change at any time",
        "ExperimentalWarning",
      );
      process.emitWarning("Some other feature is experimental", "ExperimentalWarning");
      process.emitWarning(
        "FFI is an experimental feature (but a deprecation)",
        "DeprecationWarning",
      );
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.emitWarning = original;
      process.off("warning", listener);
      for (const printer of printers) process.on("warning", printer);
    }
    assert.deepEqual(seen, [
      "ExperimentalWarning: Some other feature is experimental",
      "DeprecationWarning: FFI is an experimental feature (but a deprecation)",
    ]);
  });
});
