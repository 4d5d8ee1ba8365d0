/**
 * The mocks answer for the account of a resource's explicit provider: `allowedAccountIds`
 * first, else the account of the role it assumes; resources with the default provider
 * belong to the run's account.
 */
import { strict as assert } from "node:assert";
import * as aws from "@pulumi/aws";
import * as awsnative from "@pulumi/aws-native";
import { runOffline } from "../../engine/run";

const OWNER = "111122223333";

describe("offline mocks: accounts of explicit providers", () => {
  it("puts a resource in its provider's account, by allowedAccountIds or by the assumed role", async () => {
    const run = await runOffline(
      async () => {
        const guarded = new aws.Provider("guarded", {
          region: "us-west-2",
          allowedAccountIds: ["444455556666"],
          assumeRoles: [{ roleArn: "arn:aws:iam::999999999999:role/ignored-for-the-guard" }],
        });
        const byRole = new aws.Provider("by-role", {
          region: "eu-west-1",
          assumeRoles: [{ roleArn: "arn:aws:iam::555566667777:role/deployer" }],
        });
        const native = new awsnative.Provider("native", {
          region: "us-west-2",
          assumeRole: { roleArn: "arn:aws:iam::666677778888:role/deployer" },
        });
        new aws.sns.Topic("in-guarded", {}, { provider: guarded });
        new aws.sns.Topic("in-role", {}, { provider: byRole });
        new aws.sns.Topic("in-owner", { region: "us-east-1" });
        new awsnative.smsvoice.ProtectConfiguration("in-native", {}, { provider: native });
        const identity = await aws.getCallerIdentity({}, { provider: guarded });
        return { callerAccount: identity.accountId };
      },
      { account: OWNER },
    );
    const arnOf = (name: string) =>
      run.resources.find((r) => r.name === name)!.outputs.arn as string;
    assert.match(arnOf("in-guarded"), /^arn:aws:sns:us-west-2:444455556666:/);
    assert.match(arnOf("in-role"), /^arn:aws:sns:eu-west-1:555566667777:/);
    assert.match(arnOf("in-owner"), new RegExp(`^arn:aws:sns:us-east-1:${OWNER}:`));
    assert.match(
      arnOf("in-native"),
      /^arn:aws:sms-voice:us-west-2:666677778888:protect-configuration\//,
    );
    assert.equal(run.resources.find((r) => r.name === "in-role")!.account, "555566667777");
    assert.equal(run.resources.find((r) => r.name === "in-owner")!.account, OWNER);
    assert.equal(run.outputs.callerAccount, "444455556666");
  });
});
