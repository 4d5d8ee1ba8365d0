/**
 * The pack as it is published: `npm pack` in `policies/` (which builds the JavaScript),
 * the tarball installed into an empty directory with production dependencies only (no
 * TypeScript, no ts-node: `run-policy-pack` then falls back to the TypeScript the SDK
 * vendors), and started through `@pulumi/pulumi/cmd/run-policy-pack` the way the Pulumi CLI
 * starts a published pack. It must answer over the analyzer protocol with every policy.
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { all } from "../../policies/all";
import { AnalyzerClient } from "../../tools/check/analyzer-client";
import { POLICIES_DIR, startPack } from "../../tools/check/pack";

const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

describe("the policy pack as published", function () {
  // Packing compiles the pack; installing extracts the SDK's dependencies.
  this.timeout(600_000);
  let dir: string;
  let installed: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pack-publish-"));
    const output = execFileSync(NPM, ["pack", "--pack-destination", dir, "--json"], {
      cwd: POLICIES_DIR,
      encoding: "utf8",
    });
    const [{ filename }] = JSON.parse(output) as Array<{ filename: string }>;
    execFileSync("tar", ["-xzf", path.join(dir, filename), "-C", dir]);
    installed = path.join(dir, "package");
    // As the Pulumi CLI installs a published pack: in its own directory, production
    // dependencies only, from the manifest (the tarball carries no lockfile). Packages
    // already in the local npm cache are taken from there.
    execFileSync(
      NPM,
      ["install", "--omit=dev", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"],
      { cwd: installed, encoding: "utf8" },
    );
  });
  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  it("ships compiled JavaScript, its manifest and configs, and no TypeScript sources or tsconfig", () => {
    const files = execFileSync(
      "find",
      [".", "-path", "./node_modules", "-prune", "-o", "-type", "f", "-print"],
      {
        cwd: installed,
        encoding: "utf8",
      },
    )
      .split("\n")
      .filter(Boolean)
      .map((f) => f.replace(/^\.\//, ""))
      .sort();
    assert.ok(files.includes("dist/index.js"));
    assert.ok(files.includes("PulumiPolicy.yaml"));
    assert.ok(files.includes("config/prod.json"));
    assert.deepEqual(
      files.filter((f) => f.endsWith(".ts") || f === "tsconfig.json"),
      [],
    );
    const manifest = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8")) as {
      main: string;
    };
    assert.equal(manifest.main, "dist/index.js");
  });

  /** Starts the installed pack the way the CLI does and asks it for its policies. */
  async function servedPolicies(): Promise<string[]> {
    const pack = await startPack({ packDir: installed, program: installed });
    const client = new AnalyzerClient(pack.address);
    try {
      const info = await client.getAnalyzerInfo();
      assert.equal(info.name, "messaging-estate");
      return info.policies.map((p) => p.name);
    } finally {
      client.close();
      await pack.close();
    }
  }

  it("starts through run-policy-pack and serves every policy", async () => {
    assert.deepEqual(
      await servedPolicies(),
      all.map((p) => p.name),
    );
  });

  it("starts without TypeScript and ts-node, on the TypeScript the SDK vendors", async () => {
    // npm installs TypeScript here only because it is an optional peer of the SDK that the
    // manifest also lists for development; other installers leave it out. ts-node is not
    // a dependency at all, so run-policy-pack always registers its vendored copy.
    assert.equal(fs.existsSync(path.join(installed, "node_modules", "ts-node")), false);
    fs.rmSync(path.join(installed, "node_modules", "typescript"), { recursive: true, force: true });
    assert.deepEqual(
      await servedPolicies(),
      all.map((p) => p.name),
    );
  });
});
