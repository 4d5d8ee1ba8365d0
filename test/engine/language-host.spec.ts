/**
 * Proves the real Pulumi runtime loads the stack program: `@pulumi/pulumi/cmd/run` is
 * started the way the CLI's Node.js language host starts it (Pulumi.yaml's main, the
 * stack's config in PULUMI_CONFIG, ts-node with the project's tsconfig), against a
 * resource monitor on loopback. It must register exactly what the offline preview shows.
 */
import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as YAML from "yaml";
import { runProgramFile } from "../../engine/program";
import type { RecordedResource } from "../../engine/recording-monitor";
import { runStack, REPO_ROOT } from "../../tools/stack-run";
import { readStackConfig, stackFilePath } from "../../stacks/config/load";
import { startLoopbackMonitor, type LoopbackMonitor } from "../support/grpc-resource-monitor";

/** Config as the language host passes it: every value a string, structured values as JSON. */
function pulumiConfigEnv(config: Record<string, unknown>): string {
  return JSON.stringify(
    Object.fromEntries(
      Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
    ),
  );
}

function runLanguageHost(
  monitorAddress: string,
  stack: string,
  target: { project: { name: string; main: string }; config: Record<string, unknown> } = {
    project: YAML.parse(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8")) as {
      name: string;
      main: string;
    },
    config: readStackConfig(stackFilePath(stack)),
  },
): Promise<{ code: number | null; output: string }> {
  const { project, config } = target;
  const child = spawn(
    process.execPath,
    [
      path.join(REPO_ROOT, "node_modules/@pulumi/pulumi/cmd/run"),
      `--monitor=${monitorAddress}`,
      `--engine=${monitorAddress}`,
      `--project=${project.name}`,
      `--stack=${stack}`,
      `--root-directory=${REPO_ROOT}`,
      `--pwd=${REPO_ROOT}`,
      "--dry-run",
      "--parallel=16",
      project.main,
    ],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        PULUMI_NODEJS_TYPESCRIPT: "true",
        PULUMI_NODEJS_TSCONFIG_PATH: path.join(REPO_ROOT, "tsconfig.json"),
        PULUMI_CONFIG: pulumiConfigEnv(config),
        PULUMI_CONFIG_SECRET_KEYS: "[]",
        // The test suite type-checks separately (tsc --noEmit); skip ts-node's second pass.
        PULUMI_NODEJS_TRANSPILE_ONLY: "true",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, output })));
}

describe("the stack program under Pulumi's own language-host entry point", function () {
  this.timeout(120_000);
  let monitor: LoopbackMonitor;

  after(async () => monitor?.close());

  /**
   * A dynamic resource's `__provider` input is its provider's serialized code, and the two
   * paths compile our TypeScript differently (ts-node's tsc here, tsx's esbuild offline), so
   * its text differs by construction; compare that it is serialized code, not the bytes.
   */
  function comparableInputs(inputs: Record<string, unknown>): Record<string, unknown> {
    if (typeof inputs.__provider !== "string") return inputs;
    assert.match(inputs.__provider, /^exports\.handler = /);
    return { ...inputs, __provider: "<serialized dynamic provider>" };
  }

  it("registers the same resources, with the same inputs and options, as the offline preview", async () => {
    const offline = await runStack({ stack: "example" });
    monitor = await startLoopbackMonitor({
      account: offline.estate.account,
      defaultRegion: "us-east-1",
    });
    const { code, output } = await runLanguageHost(monitor.address, "example");
    assert.equal(code, 0, `cmd/run exited ${code}:\n${output}\n${monitor.logs.join("\n")}`);

    const shape = (r: {
      urn: string;
      inputs: unknown;
      protect: boolean;
      retainOnDelete: boolean;
      parent: string;
    }) => ({
      urn: r.urn,
      parent: r.parent,
      protect: r.protect,
      retainOnDelete: r.retainOnDelete,
      inputs: comparableInputs(r.inputs as Record<string, unknown>),
    });
    const byUrn = (a: { urn: string }, b: { urn: string }) => a.urn.localeCompare(b.urn);
    const hosted = monitor.records.map(shape).sort(byUrn);
    const preview = offline.resources.map(shape).sort(byUrn);
    assert.equal(hosted.length, preview.length);
    assert.ok(
      hosted.length > 100,
      `expected the whole example estate, got ${hosted.length} resources`,
    );
    assert.deepEqual(hosted, preview);
  });
});

describe("other teams' programs under Pulumi's own language-host entry point", function () {
  this.timeout(120_000);
  const PROGRAMS = path.join(REPO_ROOT, "test", "fixtures", "programs");
  const config = readStackConfig(path.join(PROGRAMS, "Pulumi.dev.yaml"));
  const shape = (r: RecordedResource) => ({
    urn: r.urn,
    parent: r.parent,
    protect: r.protect,
    retainOnDelete: r.retainOnDelete,
    inputs: r.inputs,
  });
  const byUrn = (a: { urn: string }, b: { urn: string }) => a.urn.localeCompare(b.urn);

  for (const program of ["export-async", "transforms"]) {
    it(`${program}.ts: the host registers what the offline engine registers`, async () => {
      const main = path.join("test", "fixtures", "programs", "teams", `${program}.ts`);
      const offline = await runProgramFile(path.join(REPO_ROOT, main), {
        stack: "dev",
        project: "policy-fixtures",
        config,
        account: "111122223333",
        defaultRegion: "us-east-1",
        rootDir: PROGRAMS,
      });
      const monitor = await startLoopbackMonitor({
        account: "111122223333",
        defaultRegion: "us-east-1",
      });
      try {
        const { code, output } = await runLanguageHost(monitor.address, "dev", {
          project: { name: "policy-fixtures", main },
          config,
        });
        assert.equal(code, 0, `cmd/run exited ${code}:\n${output}\n${monitor.logs.join("\n")}`);
        // The host called the exported function / applied the program's transforms
        // through its own callback server, in its own process.
        assert.ok(monitor.records.length > 2, `only ${monitor.records.length} registrations`);
        assert.deepEqual(
          monitor.records.map(shape).sort(byUrn),
          offline.resources.map(shape).sort(byUrn),
        );
      } finally {
        await monitor.close();
      }
    });
  }
});
