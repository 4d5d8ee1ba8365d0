/**
 * What a registration looks like after the provider's `Check` and the engine: physical
 * names generated as the providers generate them (stable between runs), ARNs in each
 * service's real format for both providers, and the options the engine hands analyzers
 * (custom timeouts in seconds, alias specs as URNs, the program line that declared it).
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as aws from "@pulumi/aws";
import * as native from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { durationSeconds } from "../../engine/recording-monitor";
import { runOffline } from "../../engine/run";

const ACCOUNT = "111122223333";
const run = (program: () => unknown) =>
  runOffline(program, { account: ACCOUNT, defaultRegion: "us-east-1", stack: "dev", project: "p" });

const byName = (resources: Array<{ name: string; type: string }>, name: string, type?: string) => {
  const found = resources.find((r) => r.name === name && (!type || r.type === type));
  assert.ok(found, `no resource ${name}`);
  return found as (typeof resources)[number] & {
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
  };
};

describe("offline engine: inputs as the provider checks them", () => {
  const declare = () => {
    const provider = new native.Provider("west", { region: "us-west-2" });
    new aws.pinpoint.Smsvoicev2OptOutList("otp", {});
    new aws.pinpoint.Smsvoicev2OptOutList("named", { name: "given" });
    new aws.iam.Role("events", { assumeRolePolicy: "{}", namePrefix: "events-" });
    new aws.sqs.Queue("orders", { fifoQueue: true });
    new aws.ses.ConfigurationSet("newsletter", {});
    new native.smsvoice.OptOutList("list", {}, { provider });
    new native.smsvoice.ConfigurationSet("set", {}, { provider });
    new native.iam.Role("role", { assumeRolePolicyDocument: {} }, { provider });
  };

  it("generates the physical names the providers generate: <name>-<7 hex>, prefixes, .fifo", async () => {
    const { resources } = await run(declare);
    assert.match(String(byName(resources, "otp").inputs.name), /^otp-[0-9a-f]{7}$/);
    assert.equal(byName(resources, "named").inputs.name, "given");
    assert.match(String(byName(resources, "events").inputs.name), /^events-\d{26}$/);
    assert.match(String(byName(resources, "orders").inputs.name), /^orders-[0-9a-f]{7}\.fifo$/);
    assert.match(String(byName(resources, "newsletter").inputs.name), /^newsletter-[0-9a-f]{7}$/);
    assert.match(String(byName(resources, "list").inputs.optOutListName), /^list-[0-9a-f]{7}$/);
    assert.match(String(byName(resources, "set").inputs.configurationSetName), /^set-[0-9a-f]{7}$/);
    assert.match(String(byName(resources, "role").inputs.roleName), /^role-[0-9a-f]{7}$/);
  });

  it("generates the same names on every run", async () => {
    const names = async () =>
      (await run(declare)).resources.map((r) => JSON.stringify([r.urn, r.inputs]));
    assert.deepEqual(await names(), await names());
  });

  it("answers with ARNs in each service's format, aws-native included", async () => {
    const { resources } = await run(() => {
      const provider = new native.Provider("west", {
        region: "us-west-2",
        allowedAccountIds: ["444455556666"],
      });
      new native.smsvoice.Pool(
        "pool",
        {
          originationIdentities: [],
          mandatoryKeywords: { help: { message: "h" }, stop: { message: "s" } },
        },
        { provider },
      );
      new native.smsvoice.OptOutList("list", { optOutListName: "otp" }, { provider });
      new native.smsvoice.PhoneNumber(
        "number",
        {
          isoCountryCode: "GB",
          numberType: "LONG_CODE",
          numberCapabilities: ["SMS"],
          mandatoryKeywords: { help: { message: "h" }, stop: { message: "s" } },
        },
        { provider },
      );
      new native.smsvoice.SenderId(
        "sender",
        { senderId: "ACME", isoCountryCode: "GB" },
        { provider },
      );
      new native.iam.Role(
        "role",
        { assumeRolePolicyDocument: {}, roleName: "r", path: "/sms/" },
        { provider },
      );
      new aws.pinpoint.Smsvoicev2Pool("aws-pool", {
        messageType: "TRANSACTIONAL",
        originationIdentities: [],
      });
    });
    const arn = (name: string, type?: string) => String(byName(resources, name, type).outputs.arn);
    assert.match(
      arn("pool", "aws-native:smsvoice:Pool"),
      /^arn:aws:sms-voice:us-west-2:444455556666:pool\/pool-[0-9a-f]{32}$/,
    );
    assert.equal(arn("list"), "arn:aws:sms-voice:us-west-2:444455556666:opt-out-list/otp");
    assert.match(
      arn("number"),
      /^arn:aws:sms-voice:us-west-2:444455556666:phone-number\/phone-[0-9a-f]{32}$/,
    );
    assert.equal(arn("sender"), "arn:aws:sms-voice:us-west-2:444455556666:sender-id/ACME/GB");
    assert.equal(arn("role"), "arn:aws:iam::444455556666:role/sms/r");
    assert.match(
      arn("aws-pool"),
      /^arn:aws:sms-voice:us-east-1:111122223333:pool\/pool-[0-9a-f]{32}$/,
    );
    // AWS creates pools with shared routes off.
    assert.equal(byName(resources, "aws-pool").outputs.sharedRoutesEnabled, false);
    for (const resource of resources) {
      assert.doesNotMatch(String(resource.outputs.arn ?? ""), /:mock:/, resource.name);
    }
  });

  it("records custom timeouts in seconds, alias specs as URNs and the declaring line", async () => {
    const { resources } = await run(() => {
      const parent = new pulumi.ComponentResource("t:index:Parent", "parent");
      new aws.sns.Topic(
        "topic",
        {},
        {
          parent,
          customTimeouts: { create: "5m", update: "1h30m", delete: "90s" },
          aliases: [
            { name: "old-topic" },
            { parent: pulumi.rootStackResource },
            "urn:pulumi:dev::p::aws:sns/topic:Topic::literal",
          ],
        },
      ); // DECLARED HERE
    });
    const topic = byName(resources, "topic") as unknown as {
      customTimeouts: unknown;
      aliases: string[];
      sourcePosition: { file: string; line: number };
    };
    assert.deepEqual(topic.customTimeouts, { create: 300, update: 5400, delete: 90 });
    assert.deepEqual([...topic.aliases].sort(), [
      "urn:pulumi:dev::p::aws:sns/topic:Topic::literal",
      "urn:pulumi:dev::p::aws:sns/topic:Topic::topic",
      "urn:pulumi:dev::p::t:index:Parent$aws:sns/topic:Topic::old-topic",
    ]);
    assert.equal(topic.sourcePosition.file, __filename);
    const lines = fs.readFileSync(__filename, "utf8").split("\n");
    // The SDK records where `new` was called: the line that opens the declaration.
    assert.match(lines[topic.sourcePosition.line - 1], /new aws\.sns\.Topic\($/);
  });

  it("parses Go durations as the engine does", () => {
    assert.equal(durationSeconds(""), 0);
    assert.equal(durationSeconds("2h"), 7200);
    assert.equal(durationSeconds("1.5m"), 90);
    assert.equal(durationSeconds("500ms"), 0.5);
    assert.equal(durationSeconds("nonsense"), 0);
  });
});
