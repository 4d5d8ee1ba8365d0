/**
 * Every command, fed what a user gets wrong: a stack that does not exist, a directory or a
 * named pipe where the stack file should be, invalid YAML, binary garbage, an empty file, a
 * list instead of a mapping, a symbolic-link loop, a stack name that is a path, a flag that
 * does not exist. Each run is the real command as a fresh process (`messaging <tool>`), and
 * each must end with exit code 2 and one message that names the file (or the flag), with no
 * stack trace, and promptly: a named pipe must not make it wait for a writer.
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EXIT } from "../../tools/exit";
import * as failover from "../../tools/failover";
import { runMessaging, stackFrames } from "../support/messaging-cli";

/**
 * The failover tool's usage code: the shared 2 once the failover tool adopts the shared table
 * (its own table said 1 for usage errors when this test was written).
 */
const FAILOVER_USAGE = (failover as { EXIT?: { usage?: number } }).EXIT?.usage ?? EXIT.usage;

interface Case {
  title: string;
  /** Creates what the case needs in the stacks directory; returns the --stack value. */
  setup(dir: string): string;
  /** What the message must say (it always names the file or the bad value). */
  message: RegExp;
  /** Arguments added after a good command line (a bad flag). */
  extraArgs?: string[];
}

const write = (dir: string, stack: string, content: string | Buffer) => {
  fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), content);
  return stack;
};

const CASES: Case[] = [
  {
    title: "a stack that does not exist",
    setup: () => "nope",
    message: /Pulumi\.nope\.yaml does not exist.*Stacks in .*: bad-yaml, binary, dup-keys, empty/s,
  },
  {
    title: "a directory where the stack file should be",
    setup: (dir) => {
      fs.mkdirSync(path.join(dir, "Pulumi.folder.yaml"));
      return "folder";
    },
    message: /Pulumi\.folder\.yaml is a directory, not a stack file/,
  },
  {
    title: "a named pipe (FIFO) where the stack file should be",
    setup: (dir) => {
      execFileSync("mkfifo", [path.join(dir, "Pulumi.fifo.yaml")]);
      return "fifo";
    },
    message: /Pulumi\.fifo\.yaml is a named pipe \(FIFO\), not a stack file/,
  },
  {
    title: "invalid YAML",
    setup: (dir) => write(dir, "bad-yaml", "config:\n  messaging:estate:\n    account: [1, 2\n"),
    message: /Pulumi\.bad-yaml\.yaml:\d+:\d+: invalid YAML: /,
  },
  {
    title: "a key given twice",
    setup: (dir) =>
      write(dir, "dup-keys", "config:\n  aws:region: us-east-1\n  aws:region: us-west-2\n"),
    message: /Pulumi\.dup-keys\.yaml:3:3: invalid YAML: Map keys must be unique/,
  },
  {
    title: "binary garbage",
    setup: (dir) =>
      write(
        dir,
        "binary",
        Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0xff, 0xfe, 0x0a]),
      ),
    message: /Pulumi\.binary\.yaml is not a text file \(a NUL byte at offset 6\)/,
  },
  {
    title: "an empty file",
    setup: (dir) => write(dir, "empty", ""),
    message: /Pulumi\.empty\.yaml has 1 problem:\n {2}- messaging:estate: missing/,
  },
  {
    title: "a list instead of a mapping",
    setup: (dir) => write(dir, "list", "- config\n- messaging:estate\n"),
    message: /Pulumi\.list\.yaml is not a stack file: expected a mapping with a "config:" key/,
  },
  {
    title: "a symbolic link to itself",
    setup: (dir) => {
      fs.symlinkSync("Pulumi.loop.yaml", path.join(dir, "Pulumi.loop.yaml"));
      return "loop";
    },
    // A loop reads as "does not exist" to the tools that check for the file first.
    message: /Pulumi\.loop\.yaml(: too many (levels of )?symbolic links| does not exist)/i,
  },
  {
    title: "a stack name that is a path",
    setup: () => "../../..",
    message: /--stack must be a stack name .*got "\.\.\/\.\.\/\.\."/,
  },
  {
    title: "a flag that does not exist",
    setup: () => "example",
    extraArgs: ["--no-such-flag"],
    message: /unknown option '--no-such-flag'/,
  },
];

/** How each tool is given a stack (the failover tool takes its command after the options). */
const TOOLS: { name: string; args(stack: string, out: string): string[]; usage: number }[] = [
  { name: "preview", args: (stack) => ["preview", "--stack", stack], usage: EXIT.usage },
  { name: "check", args: (stack) => ["check", "--stack", stack], usage: EXIT.usage },
  {
    name: "warmup",
    args: (stack, out) => ["warmup", "--stack", stack, "--out", out],
    usage: EXIT.usage,
  },
  { name: "diagram", args: (stack) => ["diagram", "--stack", stack], usage: EXIT.usage },
  {
    name: "failover",
    args: (stack) => ["failover", "--stack", stack, "status"],
    usage: FAILOVER_USAGE,
  },
];

describe("every command, fed malformed input", function () {
  this.timeout(180_000);
  let dir: string;
  let out: string;
  const stacks = new Map<string, string>();

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "malformed-stacks-"));
    out = fs.mkdtempSync(path.join(os.tmpdir(), "malformed-out-"));
    for (const c of CASES) stacks.set(c.title, c.setup(dir));
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(out, { recursive: true, force: true });
  });

  for (const tool of TOOLS) {
    describe(`messaging ${tool.name}`, () => {
      for (const c of CASES) {
        it(`${c.title}: exit ${tool.usage}, one message naming it, no stack trace`, async () => {
          const stack = stacks.get(c.title)!;
          const args = [...tool.args(stack, out), ...(c.extraArgs ?? [])];
          // The stacks directory comes from the environment, the way every tool (the failover
          // tool has no --stacks-dir flag) finds it.
          const result = await runMessaging(args, {
            env: { MESSAGING_STACKS_DIR: dir },
            timeoutMs: 60_000,
          });
          const said = `${result.stderr}${result.stdout}`;
          assert.equal(result.signal, null, `killed after 60 s: it hung. Output: ${said}`);
          assert.equal(result.code, tool.usage, said);
          assert.deepEqual(stackFrames(said), [], `a stack trace:\n${said}`);
          assert.match(said, c.message);
          assert.ok(!fs.existsSync(path.join(out, "us-east-1-bulk-1.csv")), "nothing written");
        });
      }
    });
  }
});
