/**
 * Reading a stack file: every problem with the file itself is a StackFileError (an
 * EstateConfigError, so every command reports it as a configuration error) whose message
 * names the file.
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EstateConfigError } from "../../stacks/config/issues";
import { loadEstateFromFile } from "../../stacks/config/load";
import {
  readStackConfig,
  stackFilePath,
  StackFileError,
  stacksIn,
} from "../../stacks/config/stack-file";

describe("stack files", () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "stack-file-"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const file = (name: string, content: string | Buffer) => {
    const full = path.join(dir, `Pulumi.${name}.yaml`);
    fs.writeFileSync(full, content);
    return full;
  };
  const problem = (fn: () => unknown): StackFileError => {
    try {
      fn();
    } catch (error) {
      assert.ok(StackFileError.is(error), String(error));
      assert.ok(EstateConfigError.is(error));
      return error;
    }
    assert.fail("no error");
  };

  it("points at the line and column of invalid YAML, with the line itself", () => {
    const bad = file("bad", "config:\n  aws:region: us-east-1\n  messaging:estate: { account: \n");
    const error = problem(() => readStackConfig(bad));
    assert.match(error.message, /Pulumi\.bad\.yaml:\d+:\d+: invalid YAML: /);
    assert.match(error.message, /messaging:estate/, "the offending line is quoted");
  });

  it("reads a named pipe as an error at once instead of waiting for a writer", () => {
    const fifo = path.join(dir, "Pulumi.fifo.yaml");
    execFileSync("mkfifo", [fifo]);
    assert.match(problem(() => readStackConfig(fifo)).message, /is a named pipe \(FIFO\)/);
  });

  it("refuses a stack name that is a path, and lists the stacks when one is missing", () => {
    file("prod", "config: {}\n");
    assert.match(problem(() => stackFilePath("../prod", dir)).message, /must be a stack name/);
    assert.match(problem(() => stackFilePath("a/b", dir)).message, /must be a stack name/);
    const missing = problem(() => stackFilePath("staging", dir)).message;
    assert.match(missing, /Pulumi\.staging\.yaml does not exist/);
    assert.match(missing, /: bad, fifo, prod \(a new stack: pulumi stack init staging\)/);
    assert.deepEqual(stacksIn(dir), ["bad", "fifo", "prod"]);
  });

  it("reads an empty file as no config, and refuses a config that is not a mapping", () => {
    assert.deepEqual(readStackConfig(file("empty", "")), {});
    assert.match(
      problem(() => readStackConfig(file("cfg-list", "config: [a, b]\n"))).message,
      /"config" must be a mapping .*got a list/,
    );
  });

  it("refuses content that is not UTF-8 text", () => {
    const latin1 = file("latin1", Buffer.from("config:\n  owner: caf\xe9\n", "latin1"));
    assert.match(
      problem(() => readStackConfig(latin1)).message,
      /is not a text file \(not UTF-8\)/,
    );
  });

  it("reads a YAML alias that contains itself as a problem at its path, never a stack overflow", () => {
    const cyclic = file(
      "cyclic",
      'config:\n  messaging:estate: &estate\n    account: "111122223333"\n    self: *estate\n  team:list: &list [1, *list]\n',
    );
    const config = readStackConfig(cyclic);
    const estate = config["messaging:estate"] as Record<string, unknown>;
    assert.equal(estate.self, estate, "the cycle is kept for the validation to report");
    const error = (() => {
      try {
        loadEstateFromFile(cyclic);
      } catch (caught) {
        return caught as Error;
      }
      assert.fail("accepted");
    })();
    assert.ok(EstateConfigError.is(error), String(error));
    assert.match(error.message, /messaging:estate\.self: .*contains itself \(a YAML alias/);
  });
});
