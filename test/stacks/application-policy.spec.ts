/**
 * The stack exports, per use case, the IAM policy document an application role needs to use
 * the application client: read the use case's pointer in every Region, and send through
 * whatever pool and configuration set any Region's pointer can name.
 */
import { strict as assert } from "node:assert";
import { parsePointer } from "../../components/failover/pointer-document";
import type { PolicyDocument } from "../../components/failover/application-policy";
import { runStack, type StackRun } from "../../tools/stack-run";
import { named } from "../support/estate";

describe("application policies (stack output)", function () {
  this.timeout(120_000);
  let run: StackRun;
  before(async () => {
    run = await runStack({ stack: "example" });
  });

  it("allow reading the use case's pointer in every Region, and nothing else in SSM", () => {
    const policies = run.outputs.applicationPolicies as Record<string, string>;
    assert.deepEqual(Object.keys(policies).sort(), ["alerts", "marketing", "otp"]);
    const otp = JSON.parse(policies.otp) as PolicyDocument;
    assert.equal(otp.Version, "2012-10-17");
    const read = otp.Statement.find((s) => s.Action.includes("ssm:GetParameter"))!;
    assert.deepEqual(read.Resource, [
      "arn:aws:ssm:us-east-1:111122223333:parameter/messaging/northwind/otp/active",
      "arn:aws:ssm:us-west-2:111122223333:parameter/messaging/northwind/otp/active",
    ]);
    assert.deepEqual(
      otp.Statement.flatMap((s) => s.Action),
      ["ssm:GetParameter", "sms-voice:SendTextMessage"],
    );
  });

  it("allow sending through exactly the pool and configuration set each Region's pointer can name", () => {
    const policies = run.outputs.applicationPolicies as Record<string, string>;
    for (const useCase of ["alerts", "marketing", "otp"]) {
      const send = (JSON.parse(policies[useCase]) as PolicyDocument).Statement.find((s) =>
        s.Action.includes("sms-voice:SendTextMessage"),
      )!;
      const expected: string[] = [];
      for (const region of ["us-east-1", "us-west-2"]) {
        const pool = named(run.resources, `${region}-${useCase}-pool`);
        // What a pointer naming this Region tells the client to send with.
        const pointer = parsePointer(
          JSON.stringify({
            schema: 1,
            useCase,
            region,
            poolArn: pool.outputs.arn,
            poolId: pool.id,
            configurationSetName: `northwind-${useCase}`,
            protectConfigurationId: "protect-x",
          }),
        );
        expected.push(
          pointer.poolArn,
          `arn:aws:sms-voice:${region}:111122223333:configuration-set/${pointer.configurationSetName}`,
        );
      }
      assert.deepEqual(send.Resource, expected, useCase);
    }
  });
});
