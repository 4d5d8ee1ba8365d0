import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runProgramFile } from "../../engine/program";
import { OfflineProgramError } from "../../engine/run";
import { EstateConfigError } from "../../stacks/config/issues";
import { ENCRYPTED_CONFIG_VALUE } from "../../stacks/config/formats";
import { parseEstateConfig, readStackConfig } from "../../stacks/config/load";
import { clone, minimalEstate } from "../support/estate";

type Estate = ReturnType<typeof minimalEstate>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

/** Each case breaks one thing; the error must name exactly this path and say this. */
const cases: Array<{ name: string; mutate: (e: Loose) => void; path: string; message: RegExp }> = [
  {
    name: "account that is not 12 digits",
    mutate: (e) => (e.account = "12345"),
    path: "messaging:estate.account",
    message: /12-digit AWS account id/,
  },
  {
    name: "unknown primary region",
    mutate: (e) => (e.primaryRegion = "us-east1"),
    path: "messaging:estate.primaryRegion",
    message: /not a Region with an End User Messaging SMS endpoint/,
  },
  {
    name: "standby equal to the primary",
    mutate: (e) => (e.standbyRegions = ["us-east-1"]),
    path: "messaging:estate.standbyRegions[0]",
    message: /is the primary region; a standby must be a different Region/,
  },
  {
    name: "standby listed twice",
    mutate: (e) => (e.standbyRegions = ["us-west-2", "us-west-2"]),
    path: "messaging:estate.standbyRegions[1]",
    message: /listed twice/,
  },
  {
    name: "lower-case country code",
    mutate: (e) => (e.useCases.otp.countries = ["US", "gb"]),
    path: "messaging:estate.useCases.otp.countries[1]",
    message: /ISO 3166-1 alpha-2/,
  },
  {
    name: "country that does not exist",
    mutate: (e) => (e.useCases.otp.countries = ["US", "XX"]),
    path: "messaging:estate.useCases.otp.countries[1]",
    message: /ISO 3166-1 alpha-2/,
  },
  {
    name: "duplicate country",
    mutate: (e) => (e.useCases.otp.countries = ["US", "GB", "US"]),
    path: "messaging:estate.useCases.otp.countries[2]",
    message: /US is listed twice/,
  },
  {
    name: "sender ID too long",
    mutate: (e) => (e.regions["us-east-1"].senderIds["otp-brand"].senderId = "ACMECORPORATE"),
    path: "messaging:estate.regions.us-east-1.senderIds.otp-brand.senderId",
    message: /13 characters; it must be 3 to 11/,
  },
  {
    name: "sender ID with an underscore",
    mutate: (e) => (e.regions["us-east-1"].senderIds["otp-brand"].senderId = "ACME_OTP"),
    path: "messaging:estate.regions.us-east-1.senderIds.otp-brand.senderId",
    message: /only contain letters, digits and dashes/,
  },
  {
    name: "numeric-only sender ID",
    mutate: (e) => (e.regions["us-east-1"].senderIds["otp-brand"].senderId = "12345"),
    path: "messaging:estate.regions.us-east-1.senderIds.otp-brand.senderId",
    message: /needs at least one letter/,
  },
  {
    name: "lower-case sender ID",
    mutate: (e) => (e.regions["us-east-1"].senderIds["otp-brand"].senderId = "Acme"),
    path: "messaging:estate.regions.us-east-1.senderIds.otp-brand.senderId",
    message: /must be upper case \("ACME"\)/,
  },
  {
    name: "sender ID for India that is not 6 characters",
    mutate: (e) => {
      e.useCases.otp.countries.push("IN");
      e.regions["us-east-1"].senderIds["otp-brand"].countries = ["GB", "IN"];
      e.regions["us-west-2"].senderIds["otp-brand"].countries = ["GB", "IN"];
    },
    path: "messaging:estate.regions.us-east-1.senderIds.otp-brand.senderId",
    message: /India, where sender IDs must be exactly 6 characters/,
  },
  {
    name: "sender ID for US handsets",
    mutate: (e) => (e.regions["us-east-1"].senderIds["otp-brand"].countries = ["GB", "US"]),
    path: "messaging:estate.regions.us-east-1.senderIds.otp-brand.countries[1]",
    message: /US handsets cannot receive sender IDs/,
  },
  {
    name: "HELP reply shorter than 20 characters",
    mutate: (e) => (e.useCases.otp.keywords.help = "Acme help"),
    path: "messaging:estate.useCases.otp.keywords.help",
    message: /20–160 characters/,
  },
  {
    name: "opt-in reply longer than 160 characters",
    mutate: (e) => (e.useCases.otp.keywords.optIn.JOIN = "x".repeat(161)),
    path: "messaging:estate.useCases.otp.keywords.optIn.JOIN",
    message: /20–160 characters/,
  },
  {
    name: "no opt-in keyword",
    mutate: (e) => (e.useCases.otp.keywords.optIn = {}),
    path: "messaging:estate.useCases.otp.keywords.optIn",
    message: /at least one opt-in keyword/,
  },
  {
    name: "STOP declared as an opt-in keyword",
    mutate: (e) =>
      (e.useCases.otp.keywords.optIn.STOP = "Acme: this is not how STOP works at all."),
    path: "messaging:estate.useCases.otp.keywords.optIn.STOP",
    message: /mandatory keyword/,
  },
  {
    name: "use case name with upper case",
    mutate: (e) => (e.useCases.OTP = e.useCases.otp),
    path: "messaging:estate.useCases.OTP",
    message: /lower-case letter/,
  },
  {
    name: "originator for an unknown use case",
    mutate: (e) => (e.regions["us-east-1"].phoneNumbers["otp-us"].useCase = "otpp"),
    path: "messaging:estate.regions.us-east-1.phoneNumbers.otp-us.useCase",
    message: /unknown use case "otpp"; use one of marketing or otp/,
  },
  {
    name: "pool mixing message types",
    mutate: (e) => (e.regions["us-east-1"].phoneNumbers["otp-us"].messageType = "PROMOTIONAL"),
    path: "messaging:estate.regions.us-east-1.phoneNumbers.otp-us.messageType",
    message: /would mix message types in one pool/,
  },
  {
    name: "sender ID of the wrong message type",
    mutate: (e) => (e.regions["us-west-2"].senderIds["otp-brand"].messageTypes = ["PROMOTIONAL"]),
    path: "messaging:estate.regions.us-west-2.senderIds.otp-brand.messageTypes",
    message: /would mix message types/,
  },
  {
    name: "use case a standby region cannot reach",
    mutate: (e) => delete e.regions["us-west-2"].senderIds["otp-brand"],
    path: "messaging:estate.useCases.otp.countries[1]",
    message: /no originator in us-west-2 serves GB for otp/,
  },
  {
    name: "spares do not count as coverage",
    mutate: (e) => (e.regions["us-west-2"].phoneNumbers["otp-us"].spare = true),
    path: "messaging:estate.useCases.otp.countries[0]",
    message: /no originator in us-west-2 serves US for otp/,
  },
  {
    name: "originator for a country its use case does not send to",
    mutate: (e) => (e.regions["us-east-1"].phoneNumbers["otp-us"].country = "CA"),
    path: "messaging:estate.regions.us-east-1.phoneNumbers.otp-us.country",
    message: /use case otp does not send to CA/,
  },
  {
    name: "10DLC outside the US",
    mutate: (e) => {
      e.useCases.marketing.countries = ["US", "CA"];
      for (const r of ["us-east-1", "us-west-2"]) {
        e.regions[r].phoneNumbers["marketing-ca"] = {
          useCase: "marketing",
          country: "CA",
          numberType: "TEN_DLC",
          registrationId: "r",
        };
      }
    },
    path: "messaging:estate.regions.us-east-1.phoneNumbers.marketing-ca.country",
    message: /10DLC numbers exist only in the US/,
  },
  {
    name: "10DLC without its campaign registration",
    mutate: (e) => delete e.regions["us-east-1"].phoneNumbers["marketing-us"].registrationId,
    path: "messaging:estate.regions.us-east-1.phoneNumbers.marketing-us.registration",
    message:
      /a US 10DLC number sends only once registered .*declare a US_TEN_DLC_CAMPAIGN_REGISTRATION under regions\.us-east-1\.registrations .*or give the registrationId/,
  },
  {
    name: "number type AWS does not sell",
    mutate: (e) => (e.regions["us-east-1"].phoneNumbers["otp-us"].numberType = "SHORT_CODE"),
    path: "messaging:estate.regions.us-east-1.phoneNumbers.otp-us.numberType",
    message: /expected one of LONG_CODE, SIMULATOR, TEN_DLC or TOLL_FREE, found "SHORT_CODE"/,
  },
  {
    name: "self-managed opt-outs without two-way",
    mutate: (e) => (e.useCases.otp.selfManagedOptOuts = true),
    path: "messaging:estate.useCases.otp.selfManagedOptOuts",
    message: /need two-way messaging.*set twoWay: true/,
  },
  {
    name: "two-way use case served only by sender IDs",
    mutate: (e) => {
      e.useCases.otp.twoWay = true;
      e.useCases.otp.countries = ["GB"];
      for (const r of ["us-east-1", "us-west-2"]) {
        delete e.regions[r].phoneNumbers["otp-us"];
        delete e.regions[r].phoneNumbers["otp-us-spare"];
      }
    },
    path: "messaging:estate.useCases.otp.twoWay",
    message: /only sender IDs in us-east-1, which are one-way/,
  },
  {
    name: "region block for a region outside the estate",
    mutate: (e) => (e.regions["eu-west-1"] = {}),
    path: "messaging:estate.regions.eu-west-1",
    message: /neither the primaryRegion nor a standbyRegion/,
  },
  {
    name: "estate region without originators",
    mutate: (e) => delete e.regions["us-west-2"],
    path: "messaging:estate.regions",
    message: /us-west-2 is part of the estate but has no originators/,
  },
  {
    name: "more than five event destinations",
    mutate: (e) => {
      for (let i = 1; i <= 6; i++)
        e.useCases.otp.eventDestinations[`d${i}`] = { type: "cloudwatchLogs" };
    },
    path: "messaging:estate.useCases.otp.eventDestinations",
    message: /at most 5 event destinations/,
  },
  {
    name: "Firehose destination without a stream",
    mutate: (e) => (e.useCases.otp.eventDestinations.logs = { type: "firehose" }),
    path: "messaging:estate.useCases.otp.eventDestinations.logs.deliveryStreamArn",
    message: /missing: deliveryStreamArn is required .*e\.g\. arn:aws:firehose:/,
  },
  {
    name: "malformed destination ARN",
    mutate: (e) => (e.useCases.otp.eventDestinations.logs = { type: "sns", topicArn: "my-topic" }),
    path: "messaging:estate.useCases.otp.eventDestinations.logs.topicArn",
    message: /topicArn is not an ARN .*e\.g\.|expected an SNS topic ARN such as arn:aws:sns:/,
  },
  {
    name: "adopted originator ARN from another region",
    mutate: (e) =>
      (e.regions["us-east-1"].existingOriginators = {
        sc: {
          useCase: "otp",
          kind: "phoneNumber",
          numberType: "SHORT_CODE",
          arn: "arn:aws:sms-voice:us-west-2:111122223333:phone-number/phone-abc",
          countries: ["US"],
        },
      }),
    path: "messaging:estate.regions.us-east-1.existingOriginators.sc.arn",
    message: /the ARN is in us-west-2; originators cannot leave their Region/,
  },
  {
    name: "adopted originator with both id and arn",
    mutate: (e) =>
      (e.regions["us-east-1"].existingOriginators = {
        sc: {
          useCase: "otp",
          kind: "phoneNumber",
          numberType: "SHORT_CODE",
          id: "phone-abc",
          arn: "arn:aws:sms-voice:us-east-1:111122223333:phone-number/phone-abc",
          countries: ["US"],
        },
      }),
    path: "messaging:estate.regions.us-east-1.existingOriginators.sc",
    message: /exactly one of id or arn/,
  },
  {
    name: "Protect override number that is not E.164",
    mutate: (e) =>
      (e.protect = {
        numberOverrides: { x: { number: "+1 206 555 0142", action: "ALLOW", reason: "OPS-1" } },
      }),
    path: "messaging:estate.protect.numberOverrides.x.number",
    message: /E\.164: \+ and digits only/,
  },
  {
    name: "Protect override for an unknown use case",
    mutate: (e) =>
      (e.protect = {
        numberOverrides: {
          x: { number: "+12065550142", action: "ALLOW", reason: "OPS-1", useCase: "login" },
        },
      }),
    path: "messaging:estate.protect.numberOverrides.x.useCase",
    message: /unknown use case "login"; use one of marketing or otp/,
  },
  {
    name: "Protect override in a Region outside the estate",
    mutate: (e) =>
      (e.protect = {
        numberOverrides: {
          x: { number: "+12065550142", action: "BLOCK", reason: "OPS-1", regions: ["eu-west-1"] },
        },
      }),
    path: "messaging:estate.protect.numberOverrides.x.regions[0]",
    message: /eu-west-1 is not a Region of the estate/,
  },
  {
    name: "standby Region that does not exist",
    mutate: (e) => (e.standbyRegions = ["us-wst-2"]),
    path: "messaging:estate.standbyRegions[0]",
    message: /not a Region with an End User Messaging SMS endpoint/,
  },
  {
    name: "config key longer than 32 characters",
    mutate: (e) => (e.useCases.otp.eventDestinations["a".repeat(40)] = { type: "sns" }),
    path: `messaging:estate.useCases.otp.eventDestinations.${"a".repeat(40)}`,
    message: /at most 32 characters/,
  },
  {
    name: "name prefix with spaces and capitals",
    mutate: (e) => (e.namePrefix = "Acme Corp"),
    path: "messaging:estate.namePrefix",
    message: /1–20 lower-case letters, digits or dashes/,
  },
  {
    name: "the same sender ID declared twice for a country",
    mutate: (e) =>
      (e.regions["us-east-1"].senderIds["otp-brand-2"] = {
        useCase: "otp",
        senderId: "ACME",
        countries: ["GB"],
      }),
    path: "messaging:estate.regions.us-east-1.senderIds.otp-brand-2.countries[0]",
    message: /already declared by senderIds\.otp-brand; AWS holds one per country/,
  },
  {
    name: "adopted sender ID ARN listed for countries it does not serve",
    mutate: (e) =>
      (e.regions["us-east-1"].existingOriginators = {
        legacy: {
          useCase: "otp",
          kind: "senderId",
          arn: "arn:aws:sms-voice:us-east-1:111122223333:sender-id/ACMEPAY/GB",
          countries: ["GB", "DE"],
        },
      }),
    path: "messaging:estate.regions.us-east-1.existingOriginators.legacy.countries",
    message: /serves GB only; set countries: \[GB\], or adopt it by id/,
  },
  {
    name: "adopted sender ID that is also requested for the same country",
    mutate: (e) =>
      (e.regions["us-east-1"].existingOriginators = {
        legacy: { useCase: "otp", kind: "senderId", id: "ACME", countries: ["GB"] },
      }),
    path: "messaging:estate.regions.us-east-1.existingOriginators.legacy.countries[0]",
    message: /sender ID ACME for GB is already declared by senderIds\.otp-brand/,
  },
  {
    name: "unknown property (typo)",
    mutate: (e) => (e.useCases.otp.countrys = ["US"]),
    path: "messaging:estate.useCases.otp.countrys",
    message:
      /unknown key; did you mean countries\? The keys allowed here are description, brand, messageFeedback, india, messageType, countries/,
  },
];

function errorOf(raw: unknown): EstateConfigError {
  try {
    parseEstateConfig(raw);
  } catch (error) {
    if (error instanceof EstateConfigError) return error;
    throw error;
  }
  assert.fail("expected the config to be rejected");
}

describe("estate config validation", () => {
  it("accepts the minimal estate and applies defaults", () => {
    const estate = parseEstateConfig(minimalEstate());
    assert.equal(estate.useCases.otp.twoWay, false);
    assert.equal(estate.useCases.otp.selfManagedOptOuts, false);
    assert.deepEqual(estate.useCases.otp.eventDestinations.logs, {
      type: "cloudwatchLogs",
      retentionDays: 365,
      events: ["ALL"],
    });
    assert.deepEqual(estate.regions["us-east-1"].phoneNumbers["otp-us"].capabilities, ["SMS"]);
  });

  for (const testCase of cases) {
    it(`rejects ${testCase.name}, naming ${testCase.path}`, () => {
      const raw = clone(minimalEstate()) as Estate;
      testCase.mutate(raw);
      const error = errorOf(raw);
      const issue = error.issues.find(
        (i) => error.paths[error.issues.indexOf(i)] === testCase.path,
      );
      assert.ok(issue, `no issue at ${testCase.path}; got:\n${error.message}`);
      assert.match(issue.message, testCase.message);
      assert.ok(
        error.message.includes(`${testCase.path}: `),
        "the rendered message names the path",
      );
    });
  }

  it("lists every problem in one error", () => {
    const raw = clone(minimalEstate()) as Loose;
    raw.account = "x";
    raw.useCases.otp.countries = ["US", "gb"];
    raw.useCases.otp.keywords.help = "short";
    const error = errorOf(raw);
    assert.deepEqual(error.paths.sort(), [
      "messaging:estate.account",
      "messaging:estate.useCases.otp.countries[1]",
      "messaging:estate.useCases.otp.keywords.help",
    ]);
    assert.match(error.message, /has 3 problems/);
  });

  it("accepts an override number stored with --secret, which offline tools cannot decrypt", () => {
    const raw = clone(minimalEstate()) as Loose;
    raw.protect = {
      numberOverrides: { x: { number: ENCRYPTED_CONFIG_VALUE, action: "ALLOW", reason: "OPS-1" } },
    };
    assert.equal(parseEstateConfig(raw).protect.numberOverrides.x.number, ENCRYPTED_CONFIG_VALUE);
  });

  it("reads --secret values in a stack file (with or without --path) as the encrypted placeholder", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stack-secure-"));
    try {
      const file = path.join(dir, "Pulumi.prod.yaml");
      fs.writeFileSync(
        file,
        [
          "config:",
          "  app:token:",
          "    secure: v1:AAAABBBB",
          "  messaging:estate:",
          "    protect:",
          "      numberOverrides:",
          "        staff:",
          "          number:",
          "            secure: v1:CCCCDDDD",
          "          list: [{ secure: v1:EEEE }, plain]",
          "",
        ].join("\n"),
      );
      assert.deepEqual(readStackConfig(file), {
        "app:token": ENCRYPTED_CONFIG_VALUE,
        "messaging:estate": {
          protect: {
            numberOverrides: {
              staff: { number: ENCRYPTED_CONFIG_VALUE, list: [ENCRYPTED_CONFIG_VALUE, "plain"] },
            },
          },
        },
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("says how to fix a missing estate object", () => {
    assert.throws(
      () => parseEstateConfig(undefined),
      /messaging:estate: missing; set the messaging:estate object/,
    );
  });

  it("registers zero resources when the program is given a bad config", async () => {
    const raw = clone(minimalEstate()) as Loose;
    raw.standbyRegions = ["us-east-1"];
    const error = await runProgramFile(path.resolve(__dirname, "../../stacks/index.ts"), {
      config: { "messaging:estate": raw },
      rootDir: path.resolve(__dirname, "../.."),
    }).then(
      () => assert.fail("the program should fail"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof OfflineProgramError, String(error));
    assert.ok(EstateConfigError.is(error.cause));
    assert.match(error.message, /standbyRegions\[0\]: us-east-1 is the primary region/);
    // Only the stack itself was registered: validation ran before any declaration.
    assert.deepEqual(
      error.registered.map((r) => r.type),
      ["pulumi:pulumi:Stack"],
    );
    assert.equal(error.registered.filter((r) => r.custom).length, 0);
  });
});
