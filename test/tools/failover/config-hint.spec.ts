import { strict as assert } from "node:assert";
import {
  configCommands,
  normaliseActive,
  renderConfigHint,
} from "../../../tools/failover/config-hint";

describe("failover config hint", () => {
  const none = { default: "us-east-1", overrides: {} };

  it("moves the default when every use case moved", () => {
    const after = normaliseActive({ otp: "us-west-2", alerts: "us-west-2" }, "us-east-1");
    assert.deepEqual(after, { default: "us-west-2", overrides: {} });
    assert.deepEqual(configCommands("prod", none, after), [
      "pulumi config set messaging:activeRegion us-west-2 --stack prod",
    ]);
  });

  it("sets an override for a single use case, and removes it on the way back", () => {
    const moved = normaliseActive(
      { otp: "us-west-2", alerts: "us-east-1", marketing: "us-east-1" },
      "us-east-1",
    );
    assert.deepEqual(moved, { default: "us-east-1", overrides: { otp: "us-west-2" } });
    assert.deepEqual(configCommands("prod", none, moved), [
      "pulumi config set --path 'messaging:activeRegionOverrides.otp' us-west-2 --stack prod",
    ]);
    const back = normaliseActive(
      { otp: "us-east-1", alerts: "us-east-1", marketing: "us-east-1" },
      "us-east-1",
    );
    assert.deepEqual(configCommands("prod", moved, back), [
      "pulumi config rm messaging:activeRegionOverrides --stack prod",
    ]);
  });

  it("keeps the previous default on a tie, and says when nothing needs changing", () => {
    assert.deepEqual(normaliseActive({ a: "us-west-2", b: "us-east-1" }, "us-east-1"), {
      default: "us-east-1",
      overrides: { a: "us-west-2" },
    });
    assert.deepEqual(configCommands("prod", none, none), []);
    assert.match(renderConfigHint([]), /no `pulumi config` change is needed/);
  });
});
