/**
 * Every command's output arrives whole through a pipe. Node.js writes to pipes
 * asynchronously, so a process that exits while its stdout is still draining loses what
 * the reader has not taken yet (exactly 64 KiB arrives). Each case runs the command as a
 * child process twice, once with stdout redirected to a file and once into a pipe read by
 * a deliberately slow reader, and compares the bytes.
 */
import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { writeTenTimesStack } from "../../tools/generate-estate";

const ROOT = path.resolve(__dirname, "..", "..");
const TSX = require.resolve("tsx/cli");

interface Finished {
  code: number | null;
  stderr: string;
}

/** Runs `tsx <script> <args>` with stdout going to `stdout` (a file descriptor or "pipe"). */
function run(
  script: string,
  args: string[],
  stdout: number | "pipe",
  onStdout?: (child: ReturnType<typeof spawn>) => Promise<Buffer>,
): Promise<Finished & { piped?: Buffer }> {
  // A CI job summary must not receive the check's markdown.
  const { GITHUB_STEP_SUMMARY: _ignored, ...env } = process.env;
  const child = spawn(process.execPath, [TSX, script, ...args], {
    cwd: ROOT,
    env,
    stdio: ["ignore", stdout, "pipe"],
  });
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const piped = onStdout?.(child);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", async (code) => resolve({ code, stderr, piped: await piped }));
  });
}

/**
 * Reads a child's stdout slowly: pauses after every chunk, so the child's writes back up
 * in the pipe long before the command is done.
 */
async function slowRead(child: ReturnType<typeof spawn>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of child.stdout!) {
    chunks.push(chunk as Buffer);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return Buffer.concat(chunks);
}

async function pipedAndRedirected(script: string, args: string[]) {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pipe-output-")), "out");
  const fd = fs.openSync(file, "w");
  let redirected: Finished;
  try {
    redirected = await run(script, args, fd);
  } finally {
    fs.closeSync(fd);
  }
  const piped = await run(script, args, "pipe", slowRead);
  return { redirected, fileBytes: fs.readFileSync(file), piped };
}

describe("command output through a pipe", function () {
  this.timeout(240_000);
  let stacksDir: string;
  before(() => {
    stacksDir = fs.mkdtempSync(path.join(os.tmpdir(), "pipe-output-stacks-"));
    writeTenTimesStack(stacksDir);
  });
  after(() => fs.rmSync(stacksDir, { recursive: true, force: true }));

  const cases: { title: string; script: string; args: () => string[]; minBytes: number }[] = [
    {
      title: "preview --json of the example stack",
      script: "tools/preview.ts",
      args: () => ["--json"],
      minBytes: 1_000_000,
    },
    {
      title: "preview (tree) of the ten-times estate",
      script: "tools/preview.ts",
      args: () => ["--stack", "generated", "--stacks-dir", stacksDir],
      minBytes: 200_000,
    },
    {
      title: "check --format json of the ten-times estate",
      script: "tools/check.ts",
      args: () => ["--stack", "generated", "--stacks-dir", stacksDir, "--format", "json"],
      minBytes: 500_000,
    },
    {
      title: "check --format github of the example stack",
      script: "tools/check.ts",
      args: () => ["--format", "github"],
      minBytes: 1_000,
    },
  ];

  for (const c of cases) {
    it(`${c.title}: the same bytes as a redirect to a file`, async () => {
      const { redirected, fileBytes, piped } = await pipedAndRedirected(c.script, c.args());
      assert.ok(
        fileBytes.length >= c.minBytes,
        `expected a large output, got ${fileBytes.length} bytes; stderr: ${redirected.stderr}`,
      );
      assert.equal(piped.code, redirected.code, piped.stderr);
      assert.equal(piped.piped!.length, fileBytes.length, "bytes through the pipe");
      assert.ok(piped.piped!.equals(fileBytes), "the piped bytes differ from the file's");
    });
  }
});
