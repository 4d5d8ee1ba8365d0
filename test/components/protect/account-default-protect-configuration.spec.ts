import assert from "node:assert/strict";
import {
  type AccountDefaultProtectConfigurationInputs,
  accountDefaultProtectConfigurationProvider as provider,
} from "../../../components/protect/account-default-protect-configuration";
import { UNKNOWN } from "../../../components/protect/provider-inputs";
import { useProtectEnv } from "./protect-env";

describe("AccountDefaultProtectConfiguration provider", () => {
  const env = useProtectEnv();

  /** Seeds protect configurations in eu-west-1 (the first as account default if asked). */
  function seedConfigs(count: number, withDefault: boolean): string[] {
    const seeded = env.aws.state.seed("eu-west-1", {
      protectConfigurations: Array.from({ length: count }, (_, i) => ({
        accountDefault: withDefault && i === 0,
      })),
    });
    return seeded.protectConfigurations.map((c) => c.id);
  }

  const liveDefault = (region = "eu-west-1") =>
    env.aws.state.region(region).accountDefaultProtectConfigurationId;

  function inputs(protectConfigurationId: string): AccountDefaultProtectConfigurationInputs {
    return { ...env.clientInputs(), protectConfigurationId };
  }

  describe("check", () => {
    it("keeps the known inputs and drops the provider's own key", async () => {
      const news = {
        ...inputs("protect-1"),
        __provider: "serialized",
      } as AccountDefaultProtectConfigurationInputs;
      const result = await provider.check({} as never, news);
      assert.deepEqual(result.failures, []);
      assert.deepEqual(result.inputs, inputs("protect-1"));
    });

    it("names a missing id, a bad region and credential-like inputs", async () => {
      const news = {
        region: "Ireland",
        secretAccessKey: "x",
      } as unknown as AccountDefaultProtectConfigurationInputs;
      const { failures } = await provider.check({} as never, news);
      const byProperty = new Map(failures?.map((f) => [f.property, f.reason]));
      assert.match(byProperty.get("protectConfigurationId") ?? "", /required/);
      assert.match(byProperty.get("region") ?? "", /eu-west-1/);
      assert.match(
        byProperty.get("secretAccessKey") ?? "",
        /never accepted.*default AWS credential chain/,
      );
    });

    it("validates the client settings", async () => {
      const { failures } = await provider.check(
        {} as never,
        {
          ...inputs("protect-1"),
          endpoint: "ftp://example.com",
          maxAttempts: 0,
          retryMode: "legacy",
          retryBaseDelayMs: -1,
        } as unknown as AccountDefaultProtectConfigurationInputs,
      );
      assert.deepEqual(failures?.map((f) => f.property).sort(), [
        "endpoint",
        "maxAttempts",
        "retryBaseDelayMs",
        "retryMode",
      ]);
    });

    it("lets unknown preview values through", async () => {
      const { failures } = await provider.check({} as never, {
        region: "eu-west-1",
        protectConfigurationId: UNKNOWN,
      });
      assert.deepEqual(failures, []);
    });
  });

  describe("diff", () => {
    const olds = {
      region: "eu-west-1",
      protectConfigurationId: "protect-a",
      protectConfigurationArn: "arn:a",
      previousProtectConfigurationId: "protect-z",
    };

    it("replaces only when the region changes", async () => {
      const result = await provider.diff("eu-west-1", olds, {
        region: "us-east-1",
        protectConfigurationId: "protect-a",
      });
      assert.deepEqual(result, { changes: true, replaces: ["region"], deleteBeforeReplace: false });
    });

    it("updates in place for a new protect configuration or client settings", async () => {
      const newId = await provider.diff("eu-west-1", olds, {
        region: "eu-west-1",
        protectConfigurationId: "protect-b",
      });
      assert.deepEqual([newId.changes, newId.replaces], [true, []]);
      const newEndpoint = await provider.diff("eu-west-1", olds, {
        region: "eu-west-1",
        protectConfigurationId: "protect-a",
        endpoint: "http://127.0.0.1:1",
      });
      assert.deepEqual([newEndpoint.changes, newEndpoint.replaces], [true, []]);
    });

    it("reports no change for equal inputs, whatever the computed outputs", async () => {
      const result = await provider.diff("eu-west-1", olds, {
        region: "eu-west-1",
        protectConfigurationId: "protect-a",
      });
      assert.equal(result.changes, false);
    });

    it("treats an unknown region as a replacement", async () => {
      const result = await provider.diff("eu-west-1", olds, {
        region: UNKNOWN,
        protectConfigurationId: "protect-a",
      });
      assert.deepEqual(result.replaces, ["region"]);
    });
  });

  describe("create, read, update, delete", () => {
    it("sets the default where there was none, and delete removes it", async () => {
      const [id] = seedConfigs(1, false);
      const created = await provider.create(inputs(id));
      assert.equal(created.id, "eu-west-1");
      assert.equal(
        created.outs?.protectConfigurationArn,
        env.aws.state.region("eu-west-1").protectConfigurations.get(id)?.arn,
      );
      assert.equal(created.outs?.previousProtectConfigurationId, undefined);
      assert.equal(liveDefault(), id);

      await provider.delete(created.id, created.outs!);
      assert.equal(liveDefault(), undefined);
      assert.ok(
        env.aws.requests.some((r) => r.operation === "DeleteAccountDefaultProtectConfiguration"),
      );
    });

    it("records the default it replaced and puts it back on delete", async () => {
      const [previous, ours] = seedConfigs(2, true);
      const created = await provider.create(inputs(ours));
      assert.equal(created.outs?.previousProtectConfigurationId, previous);
      assert.equal(liveDefault(), ours);

      await provider.delete(created.id, created.outs!);
      assert.equal(liveDefault(), previous);
      // The previous default went back in place directly: the account never went without one.
      assert.ok(
        !env.aws.requests.some((r) => r.operation === "DeleteAccountDefaultProtectConfiguration"),
      );
    });

    it("removes the default on delete when the previous one no longer exists", async () => {
      const [previous, ours] = seedConfigs(2, true);
      const created = await provider.create(inputs(ours));
      env.aws.state.region("eu-west-1").protectConfigurations.delete(previous);
      await provider.delete(created.id, created.outs!);
      assert.equal(liveDefault(), undefined);
    });

    it("leaves a default someone else set after create alone on delete", async () => {
      const [, ours, theirs] = seedConfigs(3, true);
      const created = await provider.create(inputs(ours));
      env.aws.state.region("eu-west-1").accountDefaultProtectConfigurationId = theirs;
      await provider.delete(created.id, created.outs!);
      assert.equal(liveDefault(), theirs);
    });

    it("leaves the default on delete when it already was the default before create", async () => {
      const [ours] = seedConfigs(1, true);
      const created = await provider.create(inputs(ours));
      assert.equal(created.outs?.previousProtectConfigurationId, ours);
      await provider.delete(created.id, created.outs!);
      assert.equal(liveDefault(), ours);
    });

    it("reads the live default: same, changed, or gone", async () => {
      const [ours, other] = seedConfigs(2, false);
      const created = await provider.create(inputs(ours));
      const same = await provider.read(created.id, created.outs);
      assert.deepEqual(same, { id: "eu-west-1", props: created.outs });

      env.aws.state.region("eu-west-1").accountDefaultProtectConfigurationId = other;
      const changed = await provider.read(created.id, created.outs);
      assert.equal(changed.props?.protectConfigurationId, other);
      assert.equal(
        changed.props?.protectConfigurationArn,
        env.aws.state.region("eu-west-1").protectConfigurations.get(other)?.arn,
      );

      delete env.aws.state.region("eu-west-1").accountDefaultProtectConfigurationId;
      assert.deepEqual(await provider.read(created.id, created.outs), {});
    });

    it("accepts an ARN: read sees no drift and delete still undoes it", async () => {
      const [previous, ours] = seedConfigs(2, true);
      const arn = env.aws.state.region("eu-west-1").protectConfigurations.get(ours)!.arn;
      const created = await provider.create(inputs(arn));
      assert.equal(liveDefault(), ours);

      const read = await provider.read(created.id, created.outs);
      assert.equal(read.props?.protectConfigurationId, arn);
      const diff = await provider.diff(created.id, read.props!, inputs(arn));
      assert.equal(diff.changes, false);

      await provider.delete(created.id, read.props!);
      assert.equal(liveDefault(), previous);
    });

    it("reads by region id alone (import) with the endpoint from AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2", async () => {
      const [id] = seedConfigs(1, true);
      process.env.AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2 = env.aws.url;
      const imported = await provider.read("eu-west-1");
      assert.equal(imported.props?.protectConfigurationId, id);
      assert.equal(imported.props?.region, "eu-west-1");
    });

    it("switches the default in place on update and keeps the recorded previous default", async () => {
      const [previous, first, second] = seedConfigs(3, true);
      const created = await provider.create(inputs(first));
      const updated = await provider.update(created.id, created.outs!, inputs(second));
      assert.equal(liveDefault(), second);
      assert.equal(updated.outs?.protectConfigurationId, second);
      assert.equal(updated.outs?.previousProtectConfigurationId, previous);
      await provider.delete(created.id, updated.outs!);
      assert.equal(liveDefault(), previous);
    });

    it("makes no API call when only client settings change", async () => {
      const [id] = seedConfigs(1, false);
      const created = await provider.create(inputs(id));
      const before = env.aws.requests.length;
      const updated = await provider.update(created.id, created.outs!, {
        ...inputs(id),
        maxAttempts: 2,
      });
      assert.equal(env.aws.requests.length, before);
      assert.equal(updated.outs?.maxAttempts, 2);
    });

    it("talks only to the resource's region", async () => {
      const [id] = seedConfigs(1, false);
      await provider.create(inputs(id));
      assert.ok(env.aws.requests.length > 0);
      assert.ok(
        env.aws.requests.every((r) => r.region === "eu-west-1" && r.service === "sms-voice"),
      );
    });
  });

  describe("errors", () => {
    it("retries throttling with backoff until the call succeeds", async () => {
      const [id] = seedConfigs(1, false);
      env.aws.faults.set("eu-west-1", {
        mode: "throttle",
        operations: ["SetAccountDefaultProtectConfiguration"],
        times: 2,
      });
      await provider.create(inputs(id));
      assert.equal(liveDefault(), id);
      assert.deepEqual(
        env.aws.requests
          .filter((r) => r.operation === "SetAccountDefaultProtectConfiguration")
          .map((r) => r.status),
        [400, 400, 200],
      );
    });

    it("gives up after maxAttempts and names the throttling", async () => {
      const [id] = seedConfigs(1, false);
      env.aws.faults.set("eu-west-1", {
        mode: "throttle",
        operations: ["SetAccountDefaultProtectConfiguration"],
      });
      await assert.rejects(
        provider.create({ ...inputs(id), maxAttempts: 2 }),
        /SetAccountDefaultProtectConfiguration in eu-west-1 failed: ThrottlingException/,
      );
      assert.equal(
        env.aws.requests.filter((r) => r.operation === "SetAccountDefaultProtectConfiguration")
          .length,
        2,
      );
    });

    it("surfaces AWS's validation message, without retrying it", async () => {
      // create skips check (the engine runs it first), so a missing id reaches AWS.
      const bad = { ...env.clientInputs() } as AccountDefaultProtectConfigurationInputs;
      await assert.rejects(provider.create(bad), (error: Error) => {
        assert.match(
          error.message,
          /SetAccountDefaultProtectConfiguration in eu-west-1 failed: ValidationException/,
        );
        assert.match(error.message, /Member must not be null/);
        return true;
      });
      assert.equal(
        env.aws.requests.filter((r) => r.operation === "SetAccountDefaultProtectConfiguration")
          .length,
        1,
      );
    });

    it("surfaces AWS's not-found message for an unknown protect configuration", async () => {
      await assert.rejects(provider.create(inputs("protect-missing")), (error: Error) => {
        assert.match(
          error.message,
          /SetAccountDefaultProtectConfiguration in eu-west-1 failed: ResourceNotFoundException/,
        );
        assert.match(error.message, /protect-missing was not found/);
        return true;
      });
    });
  });
});
