/**
 * Validation of `secondaryAccounts`: each case breaks one thing and the error must name
 * exactly this config path and say this.
 */
import { strict as assert } from "node:assert";
import { EstateConfigError } from "../../stacks/config/issues";
import { parseEstateConfig } from "../../stacks/config/load";
import { sharePlan } from "../../stacks/config/sharing";
import { drSender, estateSharing, OU, OWNER, SECONDARY } from "../support/sharing";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const AT = "messaging:estate.secondaryAccounts.dr-sender";

const cases: Array<{
  name: string;
  mutate: (dr: Loose, e: Loose) => void;
  path: string;
  message: RegExp;
}> = [
  {
    name: "unknown use case",
    mutate: (dr) => (dr.regions["us-east-1"].useCases = ["otp", "billing"]),
    path: `${AT}.regions.us-east-1.useCases[1]`,
    message: /unknown use case "billing"; use one of marketing or otp/,
  },
  {
    name: "use case listed twice",
    mutate: (dr) => (dr.regions["us-west-2"].useCases = ["otp", "otp"]),
    path: `${AT}.regions.us-west-2.useCases[1]`,
    message: /otp is listed twice/,
  },
  {
    name: "account id that is not 12 digits",
    mutate: (dr) => (dr.account = "44445555666"),
    path: `${AT}.account`,
    message: /12-digit AWS account id/,
  },
  {
    name: "account id written as a number",
    mutate: (dr) => (dr.account = 444455556666),
    path: `${AT}.account`,
    message:
      /YAML read this unquoted value as the number 444455556666.*quote it: account: "444455556666"/,
  },
  {
    name: "secondary account equal to the owner",
    mutate: (dr) => {
      dr.account = OWNER;
      dr.roleArn = `arn:aws:iam::${OWNER}:role/messaging-deployer`;
    },
    path: `${AT}.account`,
    message: /is the owning account/,
  },
  {
    name: "Region the estate does not use",
    mutate: (dr) => (dr.regions["eu-west-1"] = { useCases: ["otp"] }),
    path: `${AT}.regions.eu-west-1`,
    message:
      /eu-west-1 is not a Region of the estate \(us-east-1, us-west-2\); RAM shares are regional/,
  },
  {
    name: "Region with no End User Messaging endpoint",
    mutate: (dr) => (dr.regions["us-east1"] = { useCases: ["otp"] }),
    path: `${AT}.regions.us-east1`,
    message: /not a Region with an End User Messaging SMS endpoint/,
  },
  {
    name: "Region with no use case",
    mutate: (dr) => (dr.regions["us-west-2"] = { useCases: [] }),
    path: `${AT}.regions.us-west-2.useCases`,
    message: /list at least one use case/,
  },
  {
    name: "no Region at all",
    mutate: (dr) => (dr.regions = {}),
    path: `${AT}.regions`,
    message: /share at least one Region/,
  },
  {
    name: "both an account and a principal",
    mutate: (dr) => (dr.principal = OU),
    path: AT,
    message: /exactly one of account .* or principal/,
  },
  {
    name: "neither an account nor a principal",
    mutate: (dr) => {
      delete dr.account;
      delete dr.roleArn;
    },
    path: AT,
    message: /exactly one of account .* or principal/,
  },
  {
    name: "principal that is not an organization or OU ARN",
    mutate: (dr) => {
      delete dr.account;
      delete dr.roleArn;
      dr.principal = "arn:aws:iam::444455556666:root";
    },
    path: `${AT}.principal`,
    message: /organization ARN .* or an OU ARN/,
  },
  {
    name: "role in another account",
    mutate: (dr) => (dr.roleArn = "arn:aws:iam::555566667777:role/messaging-deployer"),
    path: `${AT}.roleArn`,
    message: /roleArn is in account 555566667777, not 444455556666/,
  },
  {
    name: "malformed role ARN",
    mutate: (dr) => (dr.roleArn = "messaging-deployer"),
    path: `${AT}.roleArn`,
    message: /must be an IAM role ARN/,
  },
  {
    name: "role for an OU",
    mutate: (dr) => {
      delete dr.account;
      dr.principal = OU;
    },
    path: `${AT}.roleArn`,
    message: /a role belongs to one account/,
  },
  {
    name: "OU outside the organization",
    mutate: (dr) => {
      delete dr.account;
      delete dr.roleArn;
      dr.principal = OU;
      dr.inOrganization = false;
    },
    path: `${AT}.inOrganization`,
    message: /inside the organization by definition/,
  },
  {
    name: "the same account under two names",
    mutate: (_dr, e) => (e.secondaryAccounts.backup = { ...drSender() }),
    path: "messaging:estate.secondaryAccounts.backup.account",
    message: /444455556666 is already secondaryAccounts.dr-sender/,
  },
  {
    name: "name that cannot become a resource name",
    mutate: (_dr, e) => (e.secondaryAccounts.DR = drSender()),
    path: "messaging:estate.secondaryAccounts.DR",
    message: /secondary account name must start with a lower-case letter/,
  },
  {
    name: "unknown property (typo)",
    mutate: (dr) => (dr.useCases = ["otp"]),
    path: `${AT}.useCases`,
    message: /unknown key; the keys allowed here are description, account, principal, roleArn/,
  },
  {
    name: "use case whose Firehose stream is in the owning account, copied into the secondary account",
    mutate: (dr) => (dr.regions["us-west-2"].useCases = ["otp", "marketing"]),
    path: "messaging:estate.useCases.marketing.eventDestinations.stream.deliveryStreamArn",
    message:
      /give it a destination of its own under secondaryAccounts.dr-sender.eventDestinations.marketing/,
  },
  {
    name: "own destination in another account",
    mutate: (dr) => {
      dr.regions["us-west-2"].useCases = ["otp", "marketing"];
      dr.eventDestinations = {
        marketing: {
          stream: {
            type: "firehose",
            deliveryStreamArn: `arn:aws:firehose:{region}:${OWNER}:deliverystream/sms`,
          },
        },
      };
    },
    path: `${AT}.eventDestinations.marketing.stream.deliveryStreamArn`,
    message:
      /this is in account 111122223333; End User Messaging in 444455556666 writes firehose events only within its own account/,
  },
  {
    name: "destinations for a use case the account does not receive",
    mutate: (dr) => (dr.eventDestinations = { marketing: { logs: { type: "cloudwatchLogs" } } }),
    path: `${AT}.eventDestinations.marketing`,
    message: /marketing is not shared with dr-sender in any Region/,
  },
  {
    name: "destinations without a role to declare them with",
    mutate: (dr) => {
      delete dr.roleArn;
      dr.eventDestinations = { otp: { logs: { type: "cloudwatchLogs" } } };
    },
    path: `${AT}.eventDestinations`,
    message: /needs roleArn/,
  },
  {
    name: "adopted originator of another account in a shared use case",
    mutate: (_dr, e) =>
      (e.regions["us-east-1"].existingOriginators = {
        "otp-short-code": {
          useCase: "otp",
          kind: "phoneNumber",
          numberType: "SHORT_CODE",
          arn: "arn:aws:sms-voice:us-east-1:999988887777:phone-number/phone-abc",
          countries: ["US"],
        },
      }),
    path: "messaging:estate.regions.us-east-1.existingOriginators.otp-short-code.arn",
    message: /belongs to account 999988887777, and a resource shared with you cannot be re-shared/,
  },
];

function errorOf(raw: unknown): EstateConfigError {
  try {
    parseEstateConfig(raw);
  } catch (error) {
    if (error instanceof EstateConfigError) return error;
    throw error;
  }
  return assert.fail("expected the config to be rejected");
}

describe("secondary account config validation", () => {
  it("accepts a secondary account and applies defaults", () => {
    const estate = parseEstateConfig(estateSharing({ "dr-sender": drSender() }));
    const dr = estate.secondaryAccounts["dr-sender"];
    assert.equal(dr.inOrganization, true);
    assert.deepEqual(dr.eventDestinations, {});
    assert.deepEqual(parseEstateConfig(estateSharing({})).secondaryAccounts, {});
  });

  it("accepts an OU principal and an account outside the organization with its own destinations", () => {
    parseEstateConfig(
      estateSharing({
        ops: { principal: OU, regions: { "us-east-1": { useCases: ["otp"] } } },
        partner: {
          account: "777788889999",
          roleArn: "arn:aws:iam::777788889999:role/x",
          inOrganization: false,
          regions: { "us-west-2": { useCases: ["marketing"] } },
          eventDestinations: { marketing: { events: { type: "sns" } } },
        },
      }),
    );
  });

  for (const testCase of cases) {
    it(`rejects ${testCase.name}, naming ${testCase.path}`, () => {
      const raw = estateSharing({ "dr-sender": drSender() });
      testCase.mutate(raw.secondaryAccounts["dr-sender"], raw);
      const error = errorOf(raw);
      const index = error.paths.indexOf(testCase.path);
      assert.ok(index >= 0, `no issue at ${testCase.path}; got:\n${error.message}`);
      assert.match(error.issues[index].message, testCase.message);
    });
  }

  it("plans shares per Region and use case, in estate Region order, principals sorted by name", () => {
    const estate = parseEstateConfig(
      estateSharing({
        "dr-sender": drSender(),
        ops: { principal: OU, regions: { "us-west-2": { useCases: ["marketing", "otp"] } } },
      }),
    );
    assert.deepEqual(sharePlan(estate, ["us-east-1", "us-west-2"]), {
      "us-east-1": { otp: [{ name: "dr-sender", principal: SECONDARY, external: false }] },
      "us-west-2": {
        marketing: [{ name: "ops", principal: OU, external: false }],
        otp: [
          { name: "dr-sender", principal: SECONDARY, external: false },
          { name: "ops", principal: OU, external: false },
        ],
      },
    });
  });
});
