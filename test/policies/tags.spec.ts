/**
 * Required tags on taggable messaging resources of both providers.
 */
import { strict as assert } from "node:assert";
import { messagingRequiredTags } from "../../policies/tags/required-tags";
import type { AnalyzerResourceSpec } from "../../tools/check/analyzer-resources";
import { onResource, record, recordEstate, violations } from "./support";
import * as aws from "@pulumi/aws";

describe("policies: messaging-required-tags", () => {
  const policy = messagingRequiredTags;
  let compliant: AnalyzerResourceSpec[];
  before(async () => {
    compliant = await recordEstate();
  });

  it("passes when every taggable resource carries owner and cost-center", async () => {
    assert.deepEqual(await violations(policy, compliant), []);
  });

  it("flags an @pulumi/aws resource missing a key", async () => {
    const specs = await recordEstate({
      "use1-otp-events-topic": { args: { tags: { owner: "platform-messaging" } } },
    });
    assert.deepEqual(await violations(policy, specs), [
      "use1-otp-events-topic: Resource is missing required tag cost-center.",
    ]);
  });

  it("flags an aws-native resource without tags", async () => {
    const specs = await recordEstate({ "usw2-otp-protect": { args: { tags: undefined } } });
    assert.deepEqual(await violations(policy, specs), [
      "usw2-otp-protect: Resource is missing required tags owner and cost-center.",
    ]);
  });

  it("takes the keys from config", async () => {
    const result = await onResource(policy, compliant, "use1-otp-pool", {
      requiredKeys: ["owner", "data-classification"],
    });
    assert.deepEqual(result.violations, [
      { message: "Resource is missing required tag data-classification." },
    ]);
  });

  it("finds a required key only among the resource's own tags (constructor, toString...)", async () => {
    const result = await onResource(policy, compliant, "use1-otp-pool", {
      requiredKeys: ["owner", "constructor", "toString"],
    });
    assert.deepEqual(result.violations, [
      { message: "Resource is missing required tags constructor and toString." },
    ]);
  });

  it("counts tags from an aws provider's defaultTags", async () => {
    const specs = await record(() => {
      const provider = new aws.Provider("tagged", {
        region: "us-east-1",
        defaultTags: { tags: { owner: "platform-messaging", "cost-center": "cc-1" } },
      });
      new aws.sns.Topic("untagged-topic", {}, { provider });
    });
    assert.deepEqual(await violations(policy, specs), []);
  });

  it("is not applicable to untaggable types", async () => {
    assert.equal(
      (await onResource(policy, compliant, "use1-otp-keyword-join")).notApplicable,
      "not a checked taggable type",
    );
  });
});
