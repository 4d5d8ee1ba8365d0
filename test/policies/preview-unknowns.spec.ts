/**
 * During `pulumi preview` values computed by the update are unknown, and the SDK's proxy
 * throws when a policy reads one. Policies must skip what they cannot know yet instead of
 * reporting false violations (or failing as a whole).
 */
import { strict as assert } from "node:assert";
import * as aws from "@pulumi/aws";
import * as awsnative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { all } from "../../policies/all";
import { smsPoolSharedRoutesDisabled } from "../../policies/sms/pool-shared-routes-disabled";
import { smsSelfManagedOptOutsTwoWay } from "../../policies/sms/self-managed-opt-outs-two-way";
import { smsStandbyRegionParity } from "../../policies/sms/standby-region-parity";
import { sesMarketingDedicatedPool } from "../../policies/ses/marketing-dedicated-pool";
import { UNKNOWN } from "../../tools/check/analyzer-resources";
import { named, onResource, onStack, record } from "./support";

/** A value the update computes: unknown while previewing. */
const later = <T>(anchor: pulumi.Resource): pulumi.Output<T> =>
  anchor.urn.apply(() => pulumi.unknown as unknown as T);

describe("policies during preview (unknown values)", () => {
  it("records unknown inputs as the engine's sentinel", async () => {
    const specs = await record(() => {
      const anchor = new aws.sns.Topic("anchor", {});
      new aws.pinpoint.Smsvoicev2Pool("pool", {
        messageType: "TRANSACTIONAL",
        originationIdentities: [later<string>(anchor)],
        sharedRoutesEnabled: later<boolean>(anchor),
      });
    });
    assert.equal(named(specs, "pool").inputs.sharedRoutesEnabled, UNKNOWN);
    assert.deepEqual(await onResource(smsPoolSharedRoutesDisabled, specs, "pool"), {
      violations: [],
    });
  });

  it("skips parity while a standby pool's members are not created yet", async () => {
    const specs = await record(() => {
      const anchor = new aws.sns.Topic("anchor", {});
      const tags = (role: string) => ({
        "messaging:use-case": "otp",
        "messaging:region-role": role,
      });
      const number = new aws.pinpoint.Smsvoicev2PhoneNumber("primary-number", {
        region: "us-east-1",
        isoCountryCode: "US",
        messageType: "TRANSACTIONAL",
        numberType: "TOLL_FREE",
        numberCapabilities: ["SMS"],
      });
      new aws.pinpoint.Smsvoicev2Pool("primary", {
        region: "us-east-1",
        messageType: "TRANSACTIONAL",
        originationIdentities: [number.arn],
        tags: tags("primary"),
      });
      new aws.pinpoint.Smsvoicev2Pool("standby", {
        region: "us-west-2",
        messageType: "TRANSACTIONAL",
        originationIdentities: [later<string>(anchor)],
        tags: tags("standby"),
      });
    });
    assert.deepEqual(await onStack(smsStandbyRegionParity, specs), { violations: [] });
  });

  it("skips nested unknowns of aws-native two-way settings and SES delivery options", async () => {
    const specs = await record(() => {
      const topic = new aws.sns.Topic("inbound", {});
      const native = new awsnative.Provider("native", { region: "us-east-1" });
      new awsnative.smsvoice.Pool(
        "pool",
        {
          originationIdentities: ["arn:aws:sms-voice:us-east-1:111122223333:phone-number/phone-1"],
          mandatoryKeywords: {
            help: { message: "help text here ok" },
            stop: { message: "stop text here ok" },
          },
          selfManagedOptOutsEnabled: true,
          twoWay: { enabled: true, channelArn: later<string>(topic) },
        },
        { provider: native },
      );
      new aws.sesv2.ConfigurationSet("marketing", {
        configurationSetName: "acme-marketing",
        deliveryOptions: { tlsPolicy: "REQUIRE", sendingPoolName: later<string>(topic) },
      });
    });
    assert.deepEqual(await onResource(smsSelfManagedOptOutsTwoWay, specs, "pool"), {
      violations: [],
    });
    assert.deepEqual(await onResource(sesMarketingDedicatedPool, specs, "marketing"), {
      violations: [],
    });
  });

  it("never fails as a whole on an unknown value", async () => {
    const specs = await record(() => {
      const anchor = new aws.sns.Topic("anchor", {});
      new aws.pinpoint.Smsvoicev2Pool("pool", {
        messageType: "TRANSACTIONAL",
        originationIdentities: later<string[]>(anchor),
        optOutListName: later<string>(anchor),
        tags: later<Record<string, string>>(anchor),
      });
    });
    for (const policy of all) {
      for (const spec of "validateStack" in policy ? [undefined] : specs.filter((s) => s.custom)) {
        const result = spec
          ? await onResource(policy, specs, spec.name)
          : await onStack(policy, specs);
        assert.equal(result.unknown, undefined, `${policy.name} tripped over an unknown value`);
      }
    }
  });
});
