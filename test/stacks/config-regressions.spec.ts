/**
 * A seeded corpus of configs that once crashed validation or the program, slipped through
 * to AWS, or got an unhelpful message (the cases of issue 16's fuzz). Each must now be
 * rejected with a problem at its own path that says what to do. Collisions between names
 * are in resource-plan.spec.ts; the generated cases in config-properties.spec.ts.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as YAML from "yaml";
import { runProgramFile } from "../../engine/program";
import { OfflineProgramError } from "../../engine/run";
import { EstateConfigError } from "../../stacks/config/issues";
import { loadEstateFromFile, parseEstateConfig } from "../../stacks/config/load";
import { clone, minimalEstate } from "../support/estate";
import { sesSection } from "../support/ses";
import { drSender } from "../support/sharing";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const A = "messaging:estate";
const REPO = path.resolve(__dirname, "../..");

/** Defines an own property, even one named `__proto__` (as JSON.parse does). */
function own(target: Loose, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** Moves the otp use case (and every reference to it) to another name. */
function renameOtp(e: Loose, name: string): void {
  own(e.useCases, name, e.useCases.otp);
  delete e.useCases.otp;
  for (const block of Object.values<Loose>(e.regions)) {
    for (const section of ["phoneNumbers", "senderIds"]) {
      for (const o of Object.values<Loose>(block[section] ?? {})) {
        if (o.useCase === "otp") o.useCase = name;
      }
    }
  }
}

const corpus: Array<{ name: string; mutate: (e: Loose) => void; path: string; message: RegExp }> = [
  // Prototype lookups: each of these threw TypeError or was silently accepted.
  {
    name: "an originator for use case constructor",
    mutate: (e) => (e.regions["us-east-1"].phoneNumbers["otp-us"].useCase = "constructor"),
    path: `${A}.regions.us-east-1.phoneNumbers.otp-us.useCase`,
    message:
      /"constructor" is the name of a member of every JavaScript object.*choose another name/,
  },
  {
    name: "a secondary account sharing use case constructor",
    mutate: (e) => {
      e.secondaryAccounts = { "dr-sender": drSender() };
      e.secondaryAccounts["dr-sender"].regions["us-east-1"].useCases = ["constructor"];
    },
    path: `${A}.secondaryAccounts.dr-sender.regions.us-east-1.useCases[0]`,
    message: /"constructor" is the name of a member of every JavaScript object/,
  },
  {
    name: "a Protect override for use case constructor",
    mutate: (e) =>
      (e.protect = {
        numberOverrides: {
          x: { number: "+12065550142", action: "ALLOW", reason: "OPS-1", useCase: "constructor" },
        },
      }),
    path: `${A}.protect.numberOverrides.x.useCase`,
    message: /"constructor" is the name of a member of every JavaScript object/,
  },
  {
    name: "a use case named constructor",
    mutate: (e) => renameOtp(e, "constructor"),
    path: `${A}.useCases.constructor`,
    message: /"constructor" is the name of a member of every JavaScript object/,
  },
  {
    name: "a use case keyed __proto__ (it used to vanish, leaving a coverage error)",
    mutate: (e) => renameOtp(e, "__proto__"),
    path: `${A}.useCases.__proto__`,
    message: /"__proto__" is the name of a member of every JavaScript object/,
  },
  {
    name: "a tag key toString (it broke Pulumi's serialization)",
    mutate: (e) => own(e.tags, "toString", "x"),
    path: `${A}.tags.toString`,
    message: /"toString" is the name of a member of every JavaScript object/,
  },
  // Accepted here, refused by AWS.
  {
    name: "an adopted ARN with an empty account field",
    mutate: (e) =>
      (e.regions["us-east-1"].existingOriginators = {
        sc: {
          useCase: "otp",
          kind: "phoneNumber",
          numberType: "SHORT_CODE",
          arn: "arn:aws:sms-voice:us-east-1::phone-number/phone-abc",
          countries: ["US"],
        },
      }),
    path: `${A}.regions.us-east-1.existingOriginators.sc.arn`,
    message: /empty account field; put the 12-digit account id/,
  },
  {
    name: "an adopted ARN whose resource part AWS rejects",
    mutate: (e) =>
      (e.regions["us-east-1"].existingOriginators = {
        sc: {
          useCase: "otp",
          kind: "phoneNumber",
          numberType: "SHORT_CODE",
          arn: "arn:aws:sms-voice:us-east-1:111122223333:phone-number/phone abc",
          countries: ["US"],
        },
      }),
    path: `${A}.regions.us-east-1.existingOriginators.sc.arn`,
    message: /not an ARN .*no spaces/,
  },
  {
    name: "a HELP reply of nothing but spaces (the API refuses a blank keyword message)",
    mutate: (e) => (e.useCases.otp.keywords.help = " ".repeat(30)),
    path: `${A}.useCases.otp.keywords.help`,
    message: /must not be blank \(AWS refuses/,
  },
  {
    name: "an opt-in confirmation of tabs and line breaks only",
    mutate: (e) => (e.useCases.otp.keywords.optIn.JOIN = "\t\n".repeat(12)),
    path: `${A}.useCases.otp.keywords.optIn.JOIN`,
    message: /must not be blank \(AWS refuses/,
  },
  {
    name: "three capabilities (the API takes at most 2)",
    mutate: (e) =>
      (e.regions["us-east-1"].phoneNumbers["otp-us"].capabilities = ["SMS", "VOICE", "MMS"]),
    path: `${A}.regions.us-east-1.phoneNumbers.otp-us.capabilities`,
    message: /at most 2 capabilities.*this lists 3/,
  },
  {
    name: "30 event types (the API takes at most 25)",
    mutate: (e) =>
      (e.useCases.otp.eventDestinations.logs.events = Array.from({ length: 30 }, () => "ALL")),
    path: `${A}.useCases.otp.eventDestinations.logs.events`,
    message: /at most 25 event types.*this lists 30/,
  },
  {
    name: "the TEXT_SENT event type (not supported by event destinations)",
    mutate: (e) => (e.useCases.otp.eventDestinations.logs.events = ["TEXT_SENT"]),
    path: `${A}.useCases.otp.eventDestinations.logs.events[0]`,
    message: /expected one of .*TEXT_DELIVERED.*found "TEXT_SENT"/,
  },
  {
    name: "a retention of 2 days (CloudWatch Logs has no such period)",
    mutate: (e) => (e.useCases.otp.eventDestinations.logs.retentionDays = 2),
    path: `${A}.useCases.otp.eventDestinations.logs.retentionDays`,
    message: /one of 1, 3, 5, 7, 14.*3653 days; found the number 2/,
  },
  {
    name: "a retention of 2^53-1 days",
    mutate: (e) => (e.useCases.otp.eventDestinations.logs.retentionDays = 2 ** 53 - 1),
    path: `${A}.useCases.otp.eventDestinations.logs.retentionDays`,
    message: /found the number 9007199254740991/,
  },
  {
    name: "a topic ARN whose partition does not match its Region",
    mutate: (e) =>
      (e.useCases.otp.eventDestinations.logs = {
        type: "sns",
        topicArn: "arn:aws-cn:sns:us-east-1:111122223333:events",
      }),
    path: `${A}.useCases.otp.eventDestinations.logs.topicArn`,
    message: /partition aws-cn but names us-east-1, which is in aws; write arn:aws:/,
  },
  {
    name: "a {region} ARN in another partition than the estate's",
    mutate: (e) =>
      (e.useCases.otp.eventDestinations.logs = {
        type: "sns",
        topicArn: "arn:aws-us-gov:sns:{region}:111122223333:events",
      }),
    path: `${A}.useCases.otp.eventDestinations.logs.topicArn`,
    message: /partition aws-us-gov, but the estate's Regions are in aws/,
  },
  {
    name: "a Firehose ARN longer than the API allows",
    mutate: (e) =>
      (e.useCases.marketing.eventDestinations.stream.deliveryStreamArn = `arn:aws:firehose:{region}:111122223333:deliverystream/${"s".repeat(2100)}`),
    path: `${A}.useCases.marketing.eventDestinations.stream.deliveryStreamArn`,
    message: /characters long; AWS accepts at most 2048/,
  },
  {
    name: "a tag key starting with aws:",
    mutate: (e) => (e.tags["aws:owner"] = "x"),
    path: `${A}.tags["aws:owner"]`,
    message: /AWS reserves tag keys starting with aws:/,
  },
  {
    name: "a tag key with a line break",
    mutate: (e) => (e.tags["cost\ncenter"] = "x"),
    path: `${A}.tags["cost\\ncenter"]`,
    message: /tag keys are 1–128 letters.*no tabs or line breaks/,
  },
  {
    name: "more tags than a resource can carry beside the estate's own",
    mutate: (e) => {
      for (let i = 0; i < 50; i++) e.tags[`team-${i}`] = "x";
    },
    path: `${A}.tags`,
    message: /AWS allows 50 tags per resource .* at most 46; this one sets 51/,
  },
  {
    name: "a tag the estate sets itself",
    mutate: (e) => (e.tags["messaging:use-case"] = "x"),
    path: `${A}.tags["messaging:use-case"]`,
    message: /the estate sets this tag itself/,
  },
  {
    name: "two overrides for the same number and target",
    mutate: (e) =>
      (e.protect = {
        numberOverrides: {
          a: { number: "+12065550142", action: "ALLOW", reason: "OPS-1" },
          b: { number: "+12065550142", action: "BLOCK", reason: "OPS-2" },
        },
      }),
    path: `${A}.protect.numberOverrides.b.number`,
    message:
      /protect\.numberOverrides\.a already overrides this number in the account-level protect configuration/,
  },
  {
    name: "standby Regions in another partition than the primary",
    mutate: (e) => {
      e.standbyRegions = ["us-gov-west-1"];
      e.regions["us-gov-west-1"] = e.regions["us-west-2"];
      delete e.regions["us-west-2"];
    },
    path: `${A}.standbyRegions[0]`,
    message: /us-gov-west-1 is in partition aws-us-gov but the primary Region us-east-1 is in aws/,
  },
  // Messages.
  {
    name: "an unquoted account id",
    mutate: (e) => (e.account = 11122223333),
    path: `${A}.account`,
    message:
      /YAML read this unquoted value as the number 11122223333 \(and drops an account id's leading zeros\); quote it: account: "11122223333"/,
  },
  {
    name: "an unknown key at the root",
    mutate: (e) => (e.standbyRegion = ["us-west-2"]),
    path: `${A}.standbyRegion`,
    message:
      /unknown key; did you mean standbyRegions\? The keys allowed here are account, namePrefix/,
  },
  {
    name: "a required field left out",
    mutate: (e) => delete e.useCases.otp.messageType,
    path: `${A}.useCases.otp.messageType`,
    message:
      /missing: messageType is required \(one of PROMOTIONAL or TRANSACTIONAL\), e\.g\. TRANSACTIONAL/,
  },
  {
    name: "a key with nothing after it",
    mutate: (e) => (e.useCases.otp.countries = null),
    path: `${A}.useCases.otp.countries`,
    message:
      /is empty \(YAML reads a key with nothing after it as null\); expected a list, e\.g\. \[US, CA, GB\]/,
  },
  {
    name: "a value in the wrong case",
    mutate: (e) => (e.useCases.otp.messageType = "transactional"),
    path: `${A}.useCases.otp.messageType`,
    message: /found "transactional"; did you mean TRANSACTIONAL\?/,
  },
];

function rejection(raw: unknown): EstateConfigError {
  try {
    parseEstateConfig(raw);
  } catch (error) {
    if (EstateConfigError.is(error)) return error;
    throw error;
  }
  assert.fail("expected the config to be rejected");
}

describe("estate config regressions (issue 16's corpus)", () => {
  for (const c of corpus) {
    it(`rejects ${c.name} at ${c.path}`, () => {
      const raw = clone(minimalEstate()) as Loose;
      c.mutate(raw);
      const error = rejection(raw);
      const index = error.paths.indexOf(c.path);
      assert.ok(index >= 0, `no problem at ${c.path}:\n${error.message}`);
      assert.match(error.issues[index].message, c.message);
    });
  }

  it("echoes a 1 MB value with control and bidi characters as at most ~80 escaped characters", () => {
    const raw = clone(minimalEstate()) as Loose;
    raw.regions["us-east-1"].senderIds["otp-brand"].senderId =
      "\u202e" + "A".repeat(1_000_000) + "\u0000";
    raw.useCases.otp.description = "\u2066x\u0000";
    raw.tags["\u202eevil"] = "y";
    const error = rejection(raw);
    assert.ok(error.message.length < 2_000, `${error.message.length} characters`);
    // eslint-disable-next-line no-control-regex -- control characters are what this looks for
    assert.doesNotMatch(error.message, /[\u0000\u202e\u2066]/);
    assert.match(error.message, /found "\\u202eA{70,80}… \(\d+ more characters\)"/);
    assert.match(error.message, /tags\["\\u202eevil"\]/);
  });

  it("reports a YAML alias that contains itself instead of recursing forever", () => {
    const raw = clone(minimalEstate()) as Loose;
    raw.useCases.otp.keywords.optIn.JOIN = raw.useCases.otp; // as `&a … *a` inside itself
    const error = rejection(raw);
    const index = error.paths.indexOf(`${A}.useCases.otp.keywords.optIn.JOIN`);
    assert.ok(index >= 0, error.message);
    assert.match(error.issues[index].message, /contains itself \(a YAML alias/);
  });

  it("reads __proto__ and constructor keys from a stack file and refuses them at their paths", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stack-proto-"));
    try {
      const file = path.join(dir, "Pulumi.proto.yaml");
      const estate = YAML.stringify(minimalEstate()).replace(
        /^tags:\n/m,
        "tags:\n  constructor: x\n",
      );
      fs.writeFileSync(
        file,
        `config:\n  messaging:estate:\n${estate
          .replace(/^useCases:\n/m, "useCases:\n  __proto__: { messageType: PROMOTIONAL }\n")
          .split("\n")
          .map((line) => `    ${line}`)
          .join("\n")}\n`,
      );
      const error = (() => {
        try {
          loadEstateFromFile(file);
        } catch (e) {
          return e;
        }
        assert.fail("expected the stack file to be rejected");
      })();
      assert.ok(EstateConfigError.is(error), String(error));
      assert.deepEqual(error.paths, [`${A}.tags.constructor`, `${A}.useCases.__proto__`]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a use case named constructor is refused by the program before any resource", async () => {
    const raw = clone(minimalEstate()) as Loose;
    renameOtp(raw, "constructor");
    const error = await runProgramFile(path.join(REPO, "stacks", "index.ts"), {
      config: { "messaging:estate": raw },
      rootDir: path.join(REPO, "stacks"),
    }).then(
      () => assert.fail("the program should fail"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof OfflineProgramError, String(error));
    assert.ok(EstateConfigError.is(error.cause), String(error.cause));
    // The use case and each reference to it, every one at its own path.
    assert.ok(error.cause.paths.includes(`${A}.useCases.constructor`), error.message);
    assert.ok(
      error.cause.paths.includes(`${A}.regions.us-east-1.phoneNumbers.otp-us.useCase`),
      error.message,
    );
    assert.deepEqual(
      error.registered.map((r) => r.type),
      ["pulumi:pulumi:Stack"],
    );
  });

  it("a malformed messaging:warmupAsOf is refused before any resource", async () => {
    const raw = { ...minimalEstate(), ses: sesSection() };
    const error = await runProgramFile(path.join(REPO, "stacks", "index.ts"), {
      config: { "messaging:estate": raw, "messaging:warmupAsOf": "2026-02-30" },
      rootDir: path.join(REPO, "stacks"),
    }).then(
      () => assert.fail("the program should fail"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof OfflineProgramError, String(error));
    assert.match(error.message, /messaging:warmupAsOf/);
    assert.deepEqual(
      error.registered.map((r) => r.type),
      ["pulumi:pulumi:Stack"],
    );
  });
});
