/**
 * Pulumi stores a dynamic provider as the text `serializeFunction` makes of it. These specs
 * serialise each Protect provider after it has made real calls (so any client or resolved
 * credentials would exist by then) and check the text holds neither, then load the text the
 * way the dynamic-provider host does and run it against the local endpoint.
 */
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import * as pulumi from "@pulumi/pulumi";
import { accountDefaultProtectConfigurationProvider } from "../../../components/protect/account-default-protect-configuration";
import { protectNumberOverrideProvider } from "../../../components/protect/protect-number-override";
import type { CrudProvider } from "../../../components/protect/provider-inputs";
import { textMessageSpendLimitOverrideProvider } from "../../../components/protect/spend-limit-override";
import {
  type ProtectEnv,
  TEST_ACCESS_KEY_ID,
  TEST_SECRET_ACCESS_KEY,
  useProtectEnv,
} from "./protect-env";

type AnyProvider = CrudProvider<Record<string, unknown>, Record<string, unknown>>;

interface Case {
  readonly name: string;
  readonly provider: AnyProvider;
  /** Seeds what the provider needs and returns inputs for it. */
  readonly inputs: (env: ProtectEnv) => Record<string, unknown>;
}

const cases: Case[] = [
  {
    name: "AccountDefaultProtectConfiguration",
    provider: accountDefaultProtectConfigurationProvider as unknown as AnyProvider,
    inputs: (env) => ({
      ...env.clientInputs(),
      protectConfigurationId: env.aws.state.seed("eu-west-1", { protectConfigurations: [{}] })
        .protectConfigurations[0].id,
    }),
  },
  {
    name: "ProtectNumberOverride",
    provider: protectNumberOverrideProvider as unknown as AnyProvider,
    inputs: (env) => ({
      ...env.clientInputs(),
      protectConfigurationId: env.aws.state.seed("eu-west-1", { protectConfigurations: [{}] })
        .protectConfigurations[0].id,
      destinationPhoneNumber: "+12065550142",
      action: "BLOCK",
    }),
  },
  {
    name: "TextMessageSpendLimitOverride",
    provider: textMessageSpendLimitOverrideProvider as unknown as AnyProvider,
    inputs: (env) => ({ ...env.clientInputs(), monthlyLimit: 10 }),
  },
];

/** Loads serialised provider text as `@pulumi/pulumi/cmd/dynamic-provider` does (a CommonJS module). */
function loadSerialized(text: string): AnyProvider {
  const module = { exports: {} as { handler: () => AnyProvider } };
  new Function("exports", "require", "module", text)(
    module.exports,
    createRequire(__filename),
    module,
  );
  return module.exports.handler();
}

describe("Protect providers under Pulumi closure serialisation", () => {
  const env = useProtectEnv();

  for (const { name, provider, inputs } of cases) {
    describe(name, () => {
      it("serialises without credentials, clients or the SDK module", async () => {
        const created = await provider.create(inputs(env));
        await provider.read(created.id, created.outs);
        await provider.delete(created.id, created.outs ?? {});

        const serialized = await pulumi.runtime.serializeFunction(() => provider, {
          allowSecrets: true,
        });
        assert.equal(serialized.containsSecrets, false);
        for (const forbidden of [TEST_ACCESS_KEY_ID, TEST_SECRET_ACCESS_KEY, env.aws.url]) {
          assert.ok(
            !serialized.text.includes(forbidden),
            `serialised provider contains ${forbidden}`,
          );
        }
        // A client instance would bring its middleware stack and resolved config along.
        for (const clientMarker of [
          "middlewareStack",
          "credentialDefaultProvider",
          "PinpointSMSVoiceV2ServiceException",
        ]) {
          assert.ok(
            !serialized.text.includes(clientMarker),
            `serialised provider contains ${clientMarker}`,
          );
        }
        // The SDK is required at call time instead.
        assert.match(serialized.text, /require\("@aws-sdk\/client-pinpoint-sms-voice-v2"\)/);
      });

      it("runs from its serialised text against the endpoint", async () => {
        const serialized = await pulumi.runtime.serializeFunction(() => provider, {
          allowSecrets: true,
        });
        const loaded = loadSerialized(serialized.text);
        const news = inputs(env);
        const checked = await loaded.check({}, news);
        assert.deepEqual(checked.failures, []);
        const created = await loaded.create(checked.inputs ?? news);
        const read = await loaded.read(created.id, created.outs);
        assert.equal(read.id, created.id);
        await loaded.delete(created.id, created.outs ?? {});
        assert.ok(env.aws.requests.length >= 3);
      });
    });
  }
});
