/**
 * The layers built on a `MessagingEstate` from hand-written arguments: `EstateSharing`
 * (with `RegionalShare` and `SecondaryAccount` underneath) and `EstateFailover`.
 */
import { strict as assert } from "node:assert";
import { EstateFailover } from "../../../components/failover/estate-failover";
import { EstateSharing } from "../../../components/sharing/estate-sharing";
import { SecondaryAccount } from "../../../components/sharing/secondary-account";
import {
  MessagingEstate,
  type MessagingEstateArgs,
} from "../../../components/sms/messaging-estate";
import {
  ACCOUNT,
  componentError,
  HELP,
  JOIN,
  ofType,
  runComponent,
  STOP,
} from "../../support/components";

const SSM_PARAMETER = "aws:ssm/parameter:Parameter";
const TABLE = "aws:dynamodb/table:Table";
const SHARE = "aws:ram/resourceShare:ResourceShare";
const PRINCIPAL = "aws:ram/principalAssociation:PrincipalAssociation";
const PARTNER = "444455556666";

function estateArgs(standbyRegions: string[] = []): MessagingEstateArgs {
  const numbers = {
    phoneNumbers: { "otp-us": { useCase: "otp", country: "US", numberType: "LONG_CODE" as const } },
  };
  return {
    account: ACCOUNT,
    namePrefix: "acme",
    primaryRegion: "us-east-1",
    standbyRegions,
    useCases: {
      otp: {
        messageType: "TRANSACTIONAL",
        countries: ["US"],
        keywords: { help: HELP, stop: STOP, optIn: { JOIN } },
      },
    },
    regions: Object.fromEntries(["us-east-1", ...standbyRegions].map((r) => [r, numbers])),
  };
}

describe("EstateFailover (hand-written args)", function () {
  it("points every use case at the primary Region by default; one Region has no ledger", async function () {
    let failover: EstateFailover | undefined;
    const run = await runComponent(() => {
      const estate = new MessagingEstate("estate", estateArgs());
      failover = new EstateFailover("failover", { estate });
    });
    assert.deepEqual(failover!.active, {
      otp: { region: "us-east-1", parameterName: "/messaging/acme/otp/active" },
    });
    const pointer = ofType(run, SSM_PARAMETER).find(
      (p) => p.inputs.name === "/messaging/acme/otp/active",
    )!;
    assert.equal(JSON.parse(pointer.inputs.insecureValue as string).region, "us-east-1");
    assert.equal(failover!.ledger, undefined);
    assert.equal(ofType(run, TABLE).length, 0);
  });

  it("refuses an active Region that is not one of the estate's, naming the failover layer", async function () {
    const { error, registered } = await componentError(() => {
      const estate = new MessagingEstate("estate", estateArgs(["us-west-2"]));
      new EstateFailover("failover", {
        estate,
        activeRegions: { default: "us-east-1", overrides: { otp: "eu-west-1" } },
      });
    });
    assert.ok(error.resource instanceof EstateFailover);
    assert.match(
      error.message,
      /failover: use case otp is to send from eu-west-1, which is not a Region of the estate \(us-east-1, us-west-2\)/,
    );
    assert.equal(registered.filter((r) => r.type === SSM_PARAMETER).length, 0);
  });
});

describe("EstateSharing (hand-written args)", function () {
  it("shares a use case with an account by id, in the organization by default (no external principals)", async function () {
    let sharing: EstateSharing | undefined;
    const run = await runComponent(() => {
      const estate = new MessagingEstate("estate", estateArgs());
      sharing = new EstateSharing("sharing", {
        estate,
        secondaryAccounts: {
          partner: { account: PARTNER, regions: { "us-east-1": { useCases: ["otp"] } } },
        },
      });
    });
    const share = ofType(run, SHARE)[0];
    assert.equal(share.inputs.name, "acme-otp");
    assert.equal(share.inputs.allowExternalPrincipals, false);
    assert.deepEqual(
      ofType(run, PRINCIPAL).map((p) => p.inputs.principal),
      [PARTNER],
    );
    // Without a roleArn the account's own side is left to its team.
    assert.deepEqual(Object.keys(sharing!.secondaryAccounts), []);
    assert.equal(sharing!.endpoints.partner.principal, PARTNER);
  });

  it("refuses to share in a Region the estate does not have", async function () {
    const { error } = await componentError(() => {
      const estate = new MessagingEstate("estate", estateArgs());
      new EstateSharing("sharing", {
        estate,
        secondaryAccounts: {
          partner: { account: PARTNER, regions: { "us-west-2": { useCases: ["otp"] } } },
        },
      });
    });
    assert.ok(error.resource instanceof EstateSharing);
    assert.match(
      error.message,
      /sharing: a secondary account receives us-west-2, which is not a Region of the estate/,
    );
  });

  it("refuses an unknown use case, and an account given both as id and as principal", async function () {
    const unknown = await componentError(() => {
      const estate = new MessagingEstate("estate", estateArgs());
      new EstateSharing("sharing", {
        estate,
        secondaryAccounts: {
          partner: { account: PARTNER, regions: { "us-east-1": { useCases: ["alerts"] } } },
        },
      });
    });
    assert.match(
      unknown.error.message,
      /sharing: secondary account partner receives alerts in us-east-1, which is not a use case of the estate \(otp\)/,
    );
    assert.equal(unknown.registered.filter((r) => r.type === SHARE).length, 0);
    const both = await componentError(() => {
      const estate = new MessagingEstate("estate", estateArgs());
      new EstateSharing("sharing", {
        estate,
        secondaryAccounts: {
          partner: {
            account: PARTNER,
            principal: "arn:aws:organizations::999988887777:ou/o-abcdefghij/ou-ab12-cdefghij",
            regions: { "us-east-1": { useCases: ["otp"] } },
          },
        },
      });
    });
    assert.match(
      both.error.message,
      /secondary account partner needs exactly one of account .* or principal/,
    );
  });

  it("refuses a role in another account than the secondary account", async function () {
    const { error } = await componentError(() => {
      const estate = new MessagingEstate("estate", estateArgs());
      new EstateSharing("sharing", {
        estate,
        secondaryAccounts: {
          partner: {
            account: PARTNER,
            roleArn: "arn:aws:iam::999999999999:role/deployer",
            regions: { "us-east-1": { useCases: ["otp"] } },
          },
        },
      });
    });
    assert.ok(error.resource instanceof SecondaryAccount);
    assert.match(
      error.message,
      /secondary account partner: roleArn is in account 999999999999, not 444455556666/,
    );
  });
});
