/**
 * The offline engine runs a program the way the Node.js language host and the Pulumi
 * engine run it: transforms applied (stack, resource option, inherited, invoke), `export =`
 * functions called, `pulumi.log.error` failing the run, a duplicate URN refused, and
 * nothing of a failed run surviving into the next one.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { runProgramFile } from "../../engine/program";
import { OfflineProgramError, runOffline } from "../../engine/run";

const TEAMS = path.resolve(__dirname, "..", "fixtures", "programs", "teams");
const PROJECT = path.resolve(TEAMS, "..");

const named = (run: { resources: Array<{ name: string }> }, name: string) => {
  const found = run.resources.find((r) => r.name === name);
  assert.ok(found, `no resource ${name}`);
  return found as (typeof run.resources)[number] & Record<string, unknown>;
};

describe("offline engine: the program as the language host and engine run it", () => {
  describe("transforms", () => {
    it("applies a stack transform (registerResourceTransform) to every later registration", async () => {
      const run = await runOffline(() => {
        new aws.sns.Topic("before", {});
        pulumi.runtime.registerResourceTransform((args) =>
          args.type === "aws:pinpoint/smsvoicev2PhoneNumber:Smsvoicev2PhoneNumber"
            ? {
                props: { ...args.props, tags: { owner: "t" } },
                opts: { ...args.opts, protect: true, retainOnDelete: true },
              }
            : undefined,
        );
        new aws.pinpoint.Smsvoicev2PhoneNumber("number", {
          isoCountryCode: "US",
          messageType: "TRANSACTIONAL",
          numberCapabilities: ["SMS"],
          numberType: "TOLL_FREE",
        });
      });
      const number = named(run, "number") as unknown as {
        protect: boolean;
        retainOnDelete: boolean;
        inputs: Record<string, unknown>;
      };
      assert.equal(number.protect, true);
      assert.equal(number.retainOnDelete, true);
      assert.deepEqual(number.inputs.tags, { owner: "t" });
      assert.equal((named(run, "before") as unknown as { protect: boolean }).protect, false);
    });

    it("runs a resource's own transforms, then its ancestors', then the stack's, and children inherit a component's", async () => {
      const run = await runOffline(() => {
        const mark =
          (label: string): pulumi.ResourceTransform =>
          (args) =>
            args.type === "aws:sns/topic:Topic"
              ? {
                  props: { ...args.props, displayName: `${args.props.displayName ?? ""}${label}` },
                  opts: args.opts,
                }
              : undefined;
        pulumi.runtime.registerResourceTransform(mark("S"));
        const outer = new pulumi.ComponentResource(
          "t:index:Outer",
          "outer",
          {},
          { transforms: [mark("O")] },
        );
        const inner = new pulumi.ComponentResource(
          "t:index:Inner",
          "inner",
          {},
          { parent: outer, transforms: [mark("I")] },
        );
        new aws.sns.Topic("child", {}, { parent: inner, transforms: [mark("C")] });
        new aws.sns.Topic("plain", {});
      });
      assert.equal(
        (named(run, "child") as unknown as { inputs: { displayName: string } }).inputs.displayName,
        "CIOS",
      );
      assert.equal(
        (named(run, "plain") as unknown as { inputs: { displayName: string } }).inputs.displayName,
        "S",
      );
    });

    it("applies invoke transforms to an invoke's arguments", async () => {
      const run = await runOffline(async () => {
        pulumi.runtime.registerInvokeTransform((args) =>
          args.token === "aws:index/getRegion:getRegion"
            ? { args: { ...args.args, region: "eu-west-1" }, opts: args.opts }
            : undefined,
        );
        return { region: (await aws.getRegion({})).region };
      });
      assert.equal(run.outputs.region, "eu-west-1");
    });

    it("lets a transform weaken a setting the pack must then see (the teams' transforms program)", async () => {
      const run = await runProgramFile(path.join(TEAMS, "transforms.ts"), { rootDir: PROJECT });
      const pool = run.resources.find(
        (r) => r.name === "deals" && r.type === "aws:pinpoint/smsvoicev2Pool:Smsvoicev2Pool",
      )!;
      assert.equal(pool.inputs.sharedRoutesEnabled, true);
      const number = named(run, "deals-us") as unknown as {
        protect: boolean;
        inputs: Record<string, unknown>;
      };
      assert.equal(number.protect, true);
      assert.deepEqual(number.inputs.tags, { owner: "growth", "cost-center": "cc-9" });
      // The invoke transform pinned the trust policy to the account.
      assert.match(String(run.outputs.trustPolicy), /"aws:SourceAccount": "111122223333"/);
    });
  });

  describe("program modules", () => {
    it("calls a module that exports a function (export =) and makes its result the outputs", async () => {
      const run = await runProgramFile(path.join(TEAMS, "export-async.ts"), { rootDir: PROJECT });
      assert.equal(run.resources.filter((r) => r.custom).length, 3);
      assert.equal(run.outputs.region, "us-east-1");
      assert.match(
        String(run.outputs.poolArn),
        /^arn:aws:sms-voice:us-east-1:\d{12}:pool\/pool-[0-9a-f]{32}$/,
      );
    });

    it("fails a run whose program logged an error, naming the message", async () => {
      await assert.rejects(
        runProgramFile(path.join(TEAMS, "log-error.ts"), { rootDir: PROJECT }),
        (e: Error) =>
          e instanceof OfflineProgramError &&
          /logged an error with pulumi\.log\.error.*no destination countries configured/.test(
            e.message,
          ),
      );
    });

    it("keeps warnings the program logged", async () => {
      const run = await runOffline(() => {
        pulumi.log.warn("falling back to us-east-1");
      });
      assert.deepEqual(run.logs, [
        { severity: "warning", message: "falling back to us-east-1", urn: "" },
      ]);
    });
  });

  describe("duplicate URNs", () => {
    it("fails the run, naming the URN and both places that declared it", async () => {
      const file = path.join(TEAMS, "duplicate-urn.ts");
      // The two `new aws.sns.Topic("alerts", ...)` lines of the program.
      const [first, second] = fs
        .readFileSync(file, "utf8")
        .split("\n")
        .map((line, i) => (line.includes('new aws.sns.Topic("alerts"') ? i + 1 : 0))
        .filter((line) => line > 0);
      await assert.rejects(runProgramFile(file, { rootDir: PROJECT }), (e: Error) => {
        assert.ok(e instanceof OfflineProgramError);
        assert.ok(
          e.message.includes(
            `duplicate resource URN urn:pulumi:offline::messaging::aws:sns/topic:Topic::alerts: aws:sns/topic:Topic "alerts" is registered twice, first at ${file}:${first}:`,
          ),
          e.message,
        );
        assert.ok(e.message.includes(` and again at ${file}:${second}:`), e.message);
        return true;
      });
    });

    it("accepts the same name under different parents or types", async () => {
      const run = await runOffline(() => {
        const parent = new pulumi.ComponentResource("t:index:C", "c");
        new aws.sns.Topic("x", {});
        new aws.sns.Topic("x", {}, { parent });
        new aws.sqs.Queue("x", {});
      });
      assert.equal(run.resources.filter((r) => r.name === "x").length, 3);
    });
  });

  describe("between runs", () => {
    it("leaves nothing of a failed run behind: the next run in the process succeeds", async () => {
      const others: unknown[] = [];
      const listener = (reason: unknown) => others.push(reason);
      process.on("unhandledRejection", listener);
      try {
        await assert.rejects(
          runOffline(() => {
            const topic = new aws.sns.Topic("doomed", {});
            // A failure inside an apply, and one thrown by the program itself.
            new aws.sns.TopicPolicy("policy", {
              arn: topic.arn.apply(() => {
                throw new Error("apply failed");
              }),
              policy: "{}",
            });
            throw new Error("first run fails");
          }),
          /first run fails/,
        );
        const second = await runOffline(() => {
          new aws.sns.Topic("fine", {});
        });
        assert.deepEqual(
          second.resources.map((r) => r.name),
          ["messaging-offline", "fine"],
        );
        // Let anything still pending surface: nothing of the failed run may reach others.
        await new Promise((resolve) => setTimeout(resolve, 50));
        assert.deepEqual(others, []);
      } finally {
        process.off("unhandledRejection", listener);
      }
    });

    it("does not carry transforms, log errors or registrations into the next run", async () => {
      await assert.rejects(
        runOffline(() => {
          pulumi.runtime.registerResourceTransform((args) => ({
            props: { ...args.props, displayName: "leaked" },
            opts: args.opts,
          }));
          pulumi.log.error("bad input");
          new aws.sns.Topic("t", {});
        }),
        /bad input/,
      );
      const next = await runOffline(() => {
        new aws.sns.Topic("t", {});
      });
      assert.equal(
        (named(next, "t") as unknown as { inputs: Record<string, unknown> }).inputs.displayName,
        undefined,
      );
    });
  });
});
