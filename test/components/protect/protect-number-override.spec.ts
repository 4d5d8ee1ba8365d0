import assert from "node:assert/strict";
import {
  type ProtectNumberOverrideInputs,
  type ProtectNumberOverrideOutputs,
  protectNumberOverrideProvider as provider,
} from "../../../components/protect/protect-number-override";
import { UNKNOWN } from "../../../components/protect/provider-inputs";
import { useProtectEnv } from "./protect-env";

const NUMBER = "+12065550142";
const DIGITS = "2065550142";

describe("ProtectNumberOverride provider", () => {
  const env = useProtectEnv();

  function seedConfig(
    numberOverrides: {
      destinationPhoneNumber: string;
      action: "ALLOW" | "BLOCK";
      expiresAt?: Date;
    }[] = [],
  ): string {
    return env.aws.state.seed("eu-west-1", { protectConfigurations: [{ numberOverrides }] })
      .protectConfigurations[0].id;
  }

  function inputs(
    protectConfigurationId: string,
    extra: Partial<ProtectNumberOverrideInputs> = {},
  ): ProtectNumberOverrideInputs {
    return {
      ...env.clientInputs(),
      protectConfigurationId,
      destinationPhoneNumber: NUMBER,
      action: "BLOCK",
      ...extra,
    };
  }

  const live = (configId: string, number = NUMBER) =>
    env.aws.state
      .region("eu-west-1")
      .protectConfigurations.get(configId)
      ?.numberOverrides.get(number);

  describe("check", () => {
    it("accepts strict E.164 and normalises the expiration to one spelling", async () => {
      const { inputs: checked, failures } = await provider.check(
        {} as never,
        inputs("protect-1", { expirationTimestamp: "2030-01-31T01:00:00+01:00" }),
      );
      assert.deepEqual(failures, []);
      assert.equal(checked?.expirationTimestamp, "2030-01-31T00:00:00.000Z");
    });

    for (const bad of ["+1 (206) 555-0142", "12065550142", "+1-206-555-0142", "+02065550142"]) {
      it(`rejects ${JSON.stringify(bad)} with a reason that does not repeat the number`, async () => {
        const { failures } = await provider.check(
          {} as never,
          inputs("protect-1", { destinationPhoneNumber: bad }),
        );
        assert.equal(failures?.length, 1);
        assert.equal(failures?.[0].property, "destinationPhoneNumber");
        assert.match(failures?.[0].reason ?? "", /E\.164/);
        assert.ok(
          !failures?.[0].reason.includes("206"),
          "the reason must not echo the secret number",
        );
      });
    }

    it("rejects a lower-case action, a bad expiration and missing fields", async () => {
      const { failures } = await provider.check(
        {} as never,
        {
          region: "eu-west-1",
          action: "allow",
          expirationTimestamp: "next tuesday",
        } as unknown as ProtectNumberOverrideInputs,
      );
      assert.deepEqual(failures?.map((f) => f.property).sort(), [
        "action",
        "destinationPhoneNumber",
        "expirationTimestamp",
        "protectConfigurationId",
      ]);
    });

    it("lets unknown preview values through", async () => {
      const { failures } = await provider.check(
        {} as never,
        inputs(UNKNOWN, { destinationPhoneNumber: UNKNOWN, action: UNKNOWN as never }),
      );
      assert.deepEqual(failures, []);
    });
  });

  describe("diff", () => {
    const olds: ProtectNumberOverrideOutputs = {
      region: "eu-west-1",
      protectConfigurationId: "protect-a",
      destinationPhoneNumber: NUMBER,
      action: "BLOCK",
      createdTimestamp: "2025-01-01T00:00:00.000Z",
      isoCountryCode: "US",
    };
    const news = (extra: Partial<ProtectNumberOverrideInputs>): ProtectNumberOverrideInputs => ({
      region: "eu-west-1",
      protectConfigurationId: "protect-a",
      destinationPhoneNumber: NUMBER,
      action: "BLOCK",
      ...extra,
    });

    it("replaces when the number, the protect configuration or the region changes", async () => {
      for (const [key, value] of [
        ["destinationPhoneNumber", "+447700900001"],
        ["protectConfigurationId", "protect-b"],
        ["region", "us-east-1"],
      ] as const) {
        const result = await provider.diff("id", olds, news({ [key]: value }));
        assert.deepEqual([result.changes, result.replaces], [true, [key]], key);
      }
    });

    it("updates in place for the action, the expiration or client settings", async () => {
      for (const extra of [
        { action: "ALLOW" as const },
        { expirationTimestamp: "2030-01-31T00:00:00.000Z" },
        { retryMode: "adaptive" as const },
      ]) {
        const result = await provider.diff("id", olds, news(extra));
        assert.deepEqual([result.changes, result.replaces], [true, []], JSON.stringify(extra));
      }
    });

    it("reports no change for equal inputs", async () => {
      assert.equal((await provider.diff("id", olds, news({}))).changes, false);
    });
  });

  describe("create, read, update, delete", () => {
    it("creates the override under an id that does not contain the number", async () => {
      const config = seedConfig();
      const created = await provider.create(inputs(config));
      assert.match(created.id, new RegExp(`^eu-west-1/${config}/[0-9a-f-]{36}$`));
      assert.ok(!created.id.includes(DIGITS));
      assert.equal(created.outs?.isoCountryCode, "US");
      assert.equal(created.outs?.previousAction, undefined);
      assert.equal(live(config)?.action, "BLOCK");
    });

    it("reads the live override, reflects drift, and returns nothing once it is gone", async () => {
      const config = seedConfig();
      const created = await provider.create(
        inputs(config, { expirationTimestamp: "2099-01-01T00:00:00.000Z" }),
      );
      const read = await provider.read(created.id, created.outs);
      assert.deepEqual(read, { id: created.id, props: created.outs });

      live(config)!.action = "ALLOW";
      delete live(config)!.expiresAt;
      const drifted = await provider.read(created.id, created.outs);
      assert.equal(drifted.props?.action, "ALLOW");
      assert.equal(drifted.props?.expirationTimestamp, undefined);

      env.aws.state
        .region("eu-west-1")
        .protectConfigurations.get(config)!
        .numberOverrides.delete(NUMBER);
      assert.deepEqual(await provider.read(created.id, created.outs), {});
    });

    it("returns nothing on read when the protect configuration itself is gone", async () => {
      const config = seedConfig();
      const created = await provider.create(inputs(config));
      env.aws.state.region("eu-west-1").protectConfigurations.delete(config);
      assert.deepEqual(await provider.read(created.id, created.outs), {});
    });

    it("updates the action and clears the expiration in place", async () => {
      const config = seedConfig();
      const created = await provider.create(
        inputs(config, { expirationTimestamp: "2099-01-01T00:00:00.000Z" }),
      );
      const updated = await provider.update(
        created.id,
        created.outs!,
        inputs(config, { action: "ALLOW" }),
      );
      assert.equal(live(config)?.action, "ALLOW");
      assert.equal(live(config)?.expiresAt, undefined);
      assert.equal(updated.outs?.action, "ALLOW");
      assert.equal(updated.outs?.expirationTimestamp, undefined);
      assert.equal(updated.outs?.createdTimestamp, created.outs?.createdTimestamp);
    });

    it("deletes the override, and deleting again is a no-op", async () => {
      const config = seedConfig();
      const created = await provider.create(inputs(config));
      await provider.delete(created.id, created.outs!);
      assert.equal(live(config), undefined);
      await provider.delete(created.id, created.outs!);
    });

    it("puts back an override it replaced at creation when deleted", async () => {
      const expiresAt = new Date(Date.now() + 7 * 86_400_000);
      const config = seedConfig([{ destinationPhoneNumber: NUMBER, action: "ALLOW", expiresAt }]);
      const created = await provider.create(inputs(config, { action: "BLOCK" }));
      assert.equal(created.outs?.previousAction, "ALLOW");
      assert.equal(live(config)?.action, "BLOCK");
      await provider.delete(created.id, created.outs!);
      assert.equal(live(config)?.action, "ALLOW");
      assert.equal(live(config)?.expiresAt, expiresAt.getTime());
    });
  });

  describe("errors", () => {
    it("retries throttled calls with backoff and succeeds", async () => {
      const config = seedConfig();
      env.aws.faults.set("eu-west-1", {
        mode: "throttle",
        operations: ["PutProtectConfigurationRuleSetNumberOverride"],
        times: 3,
      });
      await provider.create(inputs(config));
      assert.equal(live(config)?.action, "BLOCK");
      assert.equal(env.aws.faults.injected("eu-west-1"), 3);
    });

    it("surfaces AWS's validation message with the number redacted", async () => {
      const config = seedConfig();
      // Straight to create, as if check had been bypassed: AWS's message echoes the value.
      const bad = "+1 (206) 555-0142";
      await assert.rejects(
        provider.create(inputs(config, { destinationPhoneNumber: bad })),
        (error: Error) => {
          assert.match(
            error.message,
            /PutProtectConfigurationRuleSetNumberOverride in eu-west-1 failed: ValidationException/,
          );
          assert.match(
            error.message,
            /Value '\[redacted\]' at 'destinationPhoneNumber' failed to satisfy constraint/,
          );
          assert.ok(!error.message.includes(bad));
          return true;
        },
      );
    });

    it("surfaces AWS's message for an expiration in the past", async () => {
      const config = seedConfig();
      await assert.rejects(
        provider.create(inputs(config, { expirationTimestamp: "2001-01-01T00:00:00.000Z" })),
        /ValidationException: ExpirationTimestamp must be in the future\. \(reason INVALID_PARAMETER\)/,
      );
    });

    it("refuses to read without the number in state (no import)", async () => {
      await assert.rejects(provider.read("eu-west-1/protect-1/x"), /cannot be imported/);
    });
  });
});
