import assert from "node:assert/strict";
import {
  type TextMessageSpendLimitOverrideInputs,
  textMessageSpendLimitOverrideProvider as provider,
} from "../../../components/protect/spend-limit-override";
import { useProtectEnv } from "./protect-env";

describe("TextMessageSpendLimitOverride provider", () => {
  const env = useProtectEnv();

  /** Sets eu-west-1's text limit: AWS's MaxLimit and an optional existing override. */
  function seedLimit(maxLimit: number, override?: number): void {
    env.aws.state.seed("eu-west-1", {
      spendLimits: { TEXT_MESSAGE_MONTHLY_SPEND_LIMIT: { maxLimit, override: override ?? null } },
    });
  }

  const liveOverride = () =>
    env.aws.state.region("eu-west-1").spendLimits.get("TEXT_MESSAGE_MONTHLY_SPEND_LIMIT")?.override;

  function inputs(monthlyLimit: number): TextMessageSpendLimitOverrideInputs {
    return { ...env.clientInputs(), monthlyLimit };
  }

  describe("check", () => {
    it("accepts a positive whole number of dollars", async () => {
      const { inputs: checked, failures } = await provider.check({} as never, inputs(250));
      assert.deepEqual(failures, []);
      assert.equal(checked?.monthlyLimit, 250);
    });

    for (const bad of [0, -5, 12.5, "100"]) {
      it(`rejects monthlyLimit ${JSON.stringify(bad)}`, async () => {
        const { failures } = await provider.check({} as never, inputs(bad as number));
        assert.deepEqual(
          failures?.map((f) => f.property),
          ["monthlyLimit"],
        );
        assert.match(failures?.[0].reason ?? "", /whole number of US dollars, at least 1/);
      });
    }

    it("requires monthlyLimit", async () => {
      const { failures } = await provider.check(
        {} as never,
        { region: "eu-west-1" } as TextMessageSpendLimitOverrideInputs,
      );
      assert.deepEqual(
        failures?.map((f) => f.property),
        ["monthlyLimit"],
      );
    });
  });

  describe("diff", () => {
    const olds = { region: "eu-west-1", monthlyLimit: 100, maxLimit: 500 };

    it("replaces only on a region change and updates in place for a new limit", async () => {
      const region = await provider.diff("eu-west-1", olds, {
        region: "us-west-2",
        monthlyLimit: 100,
      });
      assert.deepEqual([region.changes, region.replaces], [true, ["region"]]);
      const limit = await provider.diff("eu-west-1", olds, {
        region: "eu-west-1",
        monthlyLimit: 200,
      });
      assert.deepEqual([limit.changes, limit.replaces], [true, []]);
      const same = await provider.diff("eu-west-1", olds, {
        region: "eu-west-1",
        monthlyLimit: 100,
      });
      assert.equal(same.changes, false);
    });
  });

  describe("create, read, update, delete", () => {
    it("sets the override, reads it back, and delete removes it", async () => {
      seedLimit(500);
      const created = await provider.create(inputs(100));
      assert.equal(created.id, "eu-west-1");
      assert.deepEqual(created.outs, { ...inputs(100), maxLimit: 500 });
      assert.equal(liveOverride(), 100);

      assert.deepEqual(await provider.read(created.id, created.outs), {
        id: "eu-west-1",
        props: created.outs,
      });

      await provider.delete(created.id, created.outs!);
      assert.equal(liveOverride(), undefined);
      assert.ok(
        env.aws.requests.some((r) => r.operation === "DeleteTextMessageSpendLimitOverride"),
      );
    });

    it("records an override already in place and restores it on delete", async () => {
      seedLimit(500, 50);
      const created = await provider.create(inputs(100));
      assert.equal(created.outs?.previousMonthlyLimit, 50);
      await provider.delete(created.id, created.outs!);
      assert.equal(liveOverride(), 50);
      assert.ok(
        !env.aws.requests.some((r) => r.operation === "DeleteTextMessageSpendLimitOverride"),
      );
    });

    it("removes the override on delete when AWS lowered MaxLimit below the previous one", async () => {
      seedLimit(500, 400);
      const created = await provider.create(inputs(100));
      seedLimit(300, 100);
      await provider.delete(created.id, created.outs!);
      assert.equal(liveOverride(), undefined);
    });

    it("reflects drift on read and returns nothing once the override is gone", async () => {
      seedLimit(500);
      const created = await provider.create(inputs(100));
      seedLimit(500, 75);
      assert.equal((await provider.read(created.id, created.outs)).props?.monthlyLimit, 75);
      seedLimit(500);
      assert.deepEqual(await provider.read(created.id, created.outs), {});
    });

    it("reads by region id alone (import) with the endpoint from AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2", async () => {
      seedLimit(500, 80);
      process.env.AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2 = env.aws.url;
      const imported = await provider.read("eu-west-1");
      assert.deepEqual(imported.props, { region: "eu-west-1", monthlyLimit: 80, maxLimit: 500 });
    });

    it("changes the limit in place on update", async () => {
      seedLimit(500, 50);
      const created = await provider.create(inputs(100));
      const updated = await provider.update(created.id, created.outs!, inputs(200));
      assert.equal(liveOverride(), 200);
      assert.equal(updated.outs?.monthlyLimit, 200);
      assert.equal(updated.outs?.previousMonthlyLimit, 50);
    });
  });

  describe("errors", () => {
    it("retries throttling with backoff until the call succeeds", async () => {
      seedLimit(500);
      env.aws.faults.set("eu-west-1", { mode: "throttle", times: 2 });
      await provider.create(inputs(100));
      assert.equal(liveOverride(), 100);
      assert.deepEqual(
        env.aws.requests.map((r) => [r.operation, r.status]),
        [
          ["DescribeSpendLimits", 400],
          ["DescribeSpendLimits", 400],
          ["DescribeSpendLimits", 200],
          ["SetTextMessageSpendLimitOverride", 200],
        ],
      );
    });

    it("surfaces AWS's validation message for a limit above MaxLimit", async () => {
      seedLimit(500);
      await assert.rejects(provider.create(inputs(501)), (error: Error) => {
        assert.match(
          error.message,
          /SetTextMessageSpendLimitOverride in eu-west-1 failed: ValidationException/,
        );
        assert.match(error.message, /higher than the service limit 500/);
        assert.match(error.message, /REQUESTED_SPEND_LIMIT_HIGHER_THAN_SERVICE_LIMIT/);
        return true;
      });
      assert.equal(liveOverride(), undefined);
    });
  });
});
