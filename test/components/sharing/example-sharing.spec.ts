/** The example stack's secondary account, through the same path `npm start` takes. */
import { strict as assert } from "node:assert";
import { main as preview } from "../../../tools/preview";
import { runStack, type StackRun } from "../../../tools/stack-run";
import { ofType } from "../../support/estate";
import { principalsOf, RAM, SECONDARY } from "../../support/sharing";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

describe("example stack: sharing with dr-sender", function () {
  this.timeout(60_000);
  let run: StackRun;

  before(async () => {
    run = await runStack({ stack: "example" });
  });

  it("shares otp and alerts with dr-sender in both Regions, and nothing else", () => {
    const shares = ofType(run.resources, RAM.share);
    assert.deepEqual(shares.map((s) => `${s.region}/${s.inputs.name}`).sort(), [
      "us-east-1/northwind-alerts",
      "us-east-1/northwind-otp",
      "us-west-2/northwind-alerts",
      "us-west-2/northwind-otp",
    ]);
    for (const share of shares) {
      assert.deepEqual(principalsOf(run.resources, share), [SECONDARY], share.name);
      assert.equal(share.inputs.allowExternalPrincipals, false, share.name);
    }
    assert.equal(ofType(run.resources, RAM.accepter).length, 0, "dr-sender is in the organization");
  });

  it("exports what dr-sender's applications send with", () => {
    const out = (run.outputs.secondaryAccounts as Loose)["dr-sender"];
    const alerts = out.regions["us-west-2"].alerts;
    assert.match(alerts.poolArn, /^arn:aws:sms-voice:us-west-2:111122223333:pool\//);
    assert.equal(
      alerts.optOutListArn,
      "arn:aws:sms-voice:us-west-2:111122223333:opt-out-list/northwind-alerts",
    );
    assert.equal(alerts.configurationSetName, "northwind-alerts");
    assert.equal(
      alerts.configurationSetArn,
      `arn:aws:sms-voice:us-west-2:${SECONDARY}:configuration-set/northwind-alerts`,
    );
  });

  it("shows the shares, what they hold and to whom in the offline preview (npm start)", async () => {
    const out: string[] = [];
    assert.equal(await preview([], { out: (t) => out.push(t), err: (t) => out.push(t) }), 0);
    const text = out.join("\n");
    assert.match(
      text,
      /ResourceShare us-east-1-sharing-otp-share {2}name=northwind-otp allow-external-principals=off/,
    );
    assert.match(
      text,
      /ResourceAssociation us-west-2-sharing-alerts-opt-out-list {2}kind=opt-out-list/,
    );
    assert.match(text, /ResourceAssociation us-east-1-sharing-otp-pool {2}kind=pool/);
    assert.match(
      text,
      new RegExp(
        `PrincipalAssociation us-west-2-sharing-otp-to-dr-sender {2}principal=${SECONDARY}`,
      ),
    );
    assert.match(
      text,
      new RegExp(`ConfigurationSet dr-sender-us-east-1-otp-config-set .*account=${SECONDARY}`),
    );
  });
});
