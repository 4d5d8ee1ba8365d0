/**
 * The Pulumi resource classes under mocks: type tokens, the inputs they register (including the
 * serialised provider) and the secrecy of the destination phone number.
 */
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { AccountDefaultProtectConfiguration } from "../../../components/protect/account-default-protect-configuration";
import { ProtectNumberOverride } from "../../../components/protect/protect-number-override";
import { TextMessageSpendLimitOverride } from "../../../components/protect/spend-limit-override";

/** The marker Pulumi's wire format puts on a secret value. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

interface Registered {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
}

/** Resolves once every output of `resource` that matters here has settled. */
function settled(resource: pulumi.CustomResource): Promise<unknown> {
  return new Promise((resolve) => pulumi.all([resource.urn, resource.id]).apply(resolve));
}

describe("Protect resources under mocks", () => {
  const registered: Registered[] = [];

  before(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.push({ type: args.type, name: args.name, inputs: args.inputs });
          return { id: `${args.name}-id`, state: args.inputs };
        },
        call: () => ({}),
      },
      "messaging",
      "protect-spec",
      false,
    );
  });

  const find = (name: string) => {
    const record = registered.find((r) => r.name === name);
    assert.ok(record, `${name} was not registered`);
    return record;
  };

  it("registers the account default with its serialised provider and computed outputs", async () => {
    const resource = new AccountDefaultProtectConfiguration("default", {
      region: "eu-west-1",
      protectConfigurationId: "protect-1",
    });
    await settled(resource);
    const { type, inputs } = find("default");
    assert.equal(type, "pulumi-nodejs:dynamic/protect:AccountDefaultProtectConfiguration");
    assert.equal(inputs.protectConfigurationId, "protect-1");
    assert.equal(typeof inputs.__provider, "string");
    assert.ok(!String(inputs.__provider).includes("middlewareStack"));
    assert.ok(pulumi.Output.isInstance(resource.protectConfigurationArn));
    assert.ok(pulumi.Output.isInstance(resource.previousProtectConfigurationId));
  });

  it("keeps the destination number secret as an input and an output", async () => {
    const resource = new ProtectNumberOverride("override", {
      region: "eu-west-1",
      protectConfigurationId: "protect-1",
      destinationPhoneNumber: "+12065550142",
      action: "ALLOW",
    });
    await settled(resource);
    const { type, inputs } = find("override");
    assert.equal(type, "pulumi-nodejs:dynamic/protect:ProtectNumberOverride");
    assert.deepEqual(inputs.destinationPhoneNumber, {
      [SECRET_SIG]: "1b47061264138c4ac30d75fd1eb44270",
      value: "+12065550142",
    });
    assert.equal(await pulumi.isSecret(resource.destinationPhoneNumber), true);
    assert.equal(await pulumi.isSecret(resource.action), false);
  });

  it("registers the spend-limit override", async () => {
    const resource = new TextMessageSpendLimitOverride("spend", {
      region: "eu-west-1",
      monthlyLimit: 100,
    });
    await settled(resource);
    const { type, inputs } = find("spend");
    assert.equal(type, "pulumi-nodejs:dynamic/protect:TextMessageSpendLimitOverride");
    assert.equal(inputs.monthlyLimit, 100);
  });
});
