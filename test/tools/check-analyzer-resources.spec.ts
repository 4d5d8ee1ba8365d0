/**
 * The analyzer's view of recorded resources: what the check tool sends over gRPC and the
 * policy tests evaluate.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as aws from "@pulumi/aws";
import * as awsnative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { analyzeRequest, analyzeStackRequest } from "../../tools/check/analyzer-client";
import { runOffline } from "../../engine/run";
import {
  analyzerResources,
  SECRET_SIG,
  SIG_KEY,
  UNKNOWN,
} from "../../tools/check/analyzer-resources";
import { CONFIG, named, previewOfNewResources, PROJECT, record, STACK } from "../policies/support";

describe("check: analyzer resources", () => {
  it("gives default-provider resources the provider the engine registers, with config and version", async () => {
    const specs = await record(() => {
      new aws.sns.Topic("topic", { tags: { owner: "o" } });
    });
    const manifest = fs.readFileSync(require.resolve("@pulumi/aws/package.json"), "utf8");
    const { version } = JSON.parse(manifest) as { version: string };
    const provider = `urn:pulumi:test::messaging::pulumi:providers:aws::default_${version.replace(/\./g, "_")}`;
    const topic = named(specs, "topic");
    assert.deepEqual(topic.provider, {
      type: "pulumi:providers:aws",
      urn: provider,
      name: `default_${version.replace(/\./g, "_")}`,
      properties: { region: "us-east-1", version },
    });
    // The synthesized provider is itself a resource of the stack, before its first user.
    const index = specs.findIndex((s) => s.urn === provider);
    assert.ok(index >= 0 && index < specs.indexOf(topic));
    assert.equal(specs[index].synthesized, true);
  });

  it("gives explicit-provider resources their provider's inputs, parent and options", async () => {
    const specs = await record(() => {
      const parent = new pulumi.ComponentResource("test:index:Parent", "parent");
      const provider = new awsnative.Provider("west", { region: "us-west-2" }, { parent });
      new awsnative.smsvoice.OptOutList(
        "list",
        { optOutListName: "l" },
        { parent, provider, protect: true, ignoreChanges: ["tags"] },
      );
    });
    const list = named(specs, "list");
    assert.equal(list.provider?.name, "west");
    assert.equal(list.provider?.properties.region, "us-west-2");
    assert.equal(list.parent, named(specs, "parent").urn);
    assert.equal(list.options.protect, true);
    assert.deepEqual(list.options.ignoreChanges, ["tags"]);
    assert.equal(list.options.parent, list.parent);
    assert.equal(list.options.deleteBeforeReplace, undefined);
  });

  it("keeps secrets as signature objects and unknowns as the engine's sentinel", async () => {
    const specs = await record(() => {
      const topic = new aws.sns.Topic("topic", { name: pulumi.secret("hidden") });
      // During preview a computed value the mocks leave out is unknown.
      const unknown = topic.urn.apply(() => pulumi.unknown as unknown as string);
      new aws.sns.Topic("second", { displayName: unknown });
    });
    assert.deepEqual(named(specs, "topic").inputs.name, { [SIG_KEY]: SECRET_SIG, value: "hidden" });
    assert.equal(named(specs, "second").inputs.displayName, UNKNOWN);
  });

  it("adds the id to bridged resources' outputs", async () => {
    const specs = await record(() => new aws.sns.Topic("topic", {}));
    const topic = named(specs, "topic");
    assert.equal(topic.outputs.id, topic.outputs.arn);
  });

  it("builds Analyze and AnalyzeStack messages with options, provider and parents", async () => {
    const specs = await record(() => {
      new aws.pinpoint.Smsvoicev2OptOutList(
        "list",
        { name: "l" },
        { protect: true, deleteBeforeReplace: true },
      );
    });
    const request = analyzeRequest(named(specs, "list"));
    assert.equal(request.getType(), "aws:pinpoint/smsvoicev2OptOutList:Smsvoicev2OptOutList");
    assert.equal(request.getOptions()?.getProtect(), true);
    assert.equal(request.getOptions()?.getDeletebeforereplacedefined(), true);
    assert.equal(request.getOptions()?.getDeletebeforereplace(), true);
    assert.equal(request.getProvider()?.getType(), "pulumi:providers:aws");
    assert.deepEqual(request.getProperties()?.toJavaScript(), { name: "l" });
    const stack = analyzeStackRequest(specs).getResourcesList();
    assert.equal(stack.length, specs.length);
    const list = stack.find((r) => r.getName() === "list")!;
    assert.equal(list.getParent(), specs[0].urn);
    assert.equal(
      (list.getProperties()?.toJavaScript() as { arn: string }).arn.startsWith(
        "arn:aws:sms-voice:us-east-1:",
      ),
      true,
    );
  });

  it("sends dependencies and property dependencies in AnalyzeStack, as the CLI does", async () => {
    const specs = await record(() => {
      const list = new aws.pinpoint.Smsvoicev2OptOutList("list", { name: "l" });
      const number = new aws.pinpoint.Smsvoicev2PhoneNumber("number", {
        isoCountryCode: "US",
        messageType: "TRANSACTIONAL",
        numberType: "TOLL_FREE",
        numberCapabilities: ["SMS"],
        optOutListName: list.name,
      });
      new aws.pinpoint.Smsvoicev2Pool("pool", {
        messageType: "TRANSACTIONAL",
        originationIdentities: [number.arn],
        optOutListName: "l",
      });
    });
    const previewed = previewOfNewResources(specs);
    const pool = named(previewed, "pool");
    assert.deepEqual(pool.propertyDependencies, {
      originationIdentities: [named(specs, "number").urn],
    });
    const sent = analyzeStackRequest(previewed)
      .getResourcesList()
      .find((r) => r.getName() === "pool")!;
    assert.deepEqual(sent.getDependenciesList(), pool.dependencies);
    assert.ok(pool.dependencies.includes(named(specs, "number").urn));
    assert.deepEqual(
      [...sent.getPropertydependenciesMap().entries()].map(([key, value]) => [
        key,
        value.getUrnsList(),
      ]),
      [["originationIdentities", [named(specs, "number").urn]]],
    );
  });

  it("forwards property dependencies a recording carries, leaving out empty ones", async () => {
    const run = await runOffline(() => new aws.sns.Topic("topic", {}), {
      stack: STACK,
      project: PROJECT,
      config: CONFIG,
    });
    const topicUrn = run.resources.find((r) => r.name === "topic")!.urn;
    const withDependencies = run.resources.map((r) =>
      r.name === "topic" ? { ...r, propertyDependencies: { displayName: ["urn:x"], name: [] } } : r,
    );
    const specs = await analyzerResources(withDependencies, { stack: STACK, project: PROJECT });
    assert.deepEqual(specs.find((s) => s.urn === topicUrn)?.propertyDependencies, {
      displayName: ["urn:x"],
    });
  });
});
