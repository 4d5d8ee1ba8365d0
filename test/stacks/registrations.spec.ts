/**
 * Registrations in the stack config: the form checked against what reviewers reject before
 * anything is sent (stacks/config/registration-rules.ts, attachments.ts), and declared per
 * Region as protected resources whose ids the numbers that name them carry.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EstateConfigError } from "../../stacks/config/issues";
import { parseEstateConfig } from "../../stacks/config/load";
import { clone, minimalEstate, ofType, runEstate } from "../support/estate";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const E = "messaging:estate";
const REG = "pulumi-nodejs:dynamic/sms:Registration";

/** A complete toll-free form for Acme's otp use case. */
function tollFreeForm(): Record<string, unknown> {
  return {
    "companyInfo.companyName": "Acme Inc.",
    "companyInfo.website": "https://acme.example",
    "companyInfo.address1": "1 Main Street",
    "companyInfo.city": "Springfield",
    "companyInfo.isoCountryCode": "US",
    "contactInfo.firstName": "Sam",
    "contactInfo.lastName": "Rivera",
    "contactInfo.supportEmail": "sam.rivera@acme.example",
    "contactInfo.supportPhoneNumber": "+12065550199",
    "messagingUseCase.monthlyMessageVolume": ["10,000"],
    "messagingUseCase.useCaseCategory": ["TWO_FACTOR_AUTHENTICATION"],
    "messagingUseCase.useCaseDetails": "Sign-in codes for Acme customers.",
    "messagingUseCase.optInDescription":
      "Customers tick an unchecked box on acme.example/signup: Acme sign-in codes by SMS, one code per sign-in. Msg & data rates may apply. Reply HELP for help, STOP to cancel. Terms https://acme.example/terms Privacy https://acme.example/privacy",
    "messagingUseCase.optInImage": { file: "stacks/registrations/otp-opt-in.png" },
    "messageSamples.messageSample1": "Acme: your sign-in code is 123456. Reply STOP to opt out.",
  };
}

/** The minimal estate with us-east-1's otp toll-free number on a declared registration. */
function registered(mutate: (form: Record<string, unknown>, e: Loose) => void = () => {}): Loose {
  const e = clone(minimalEstate()) as Loose;
  const form = tollFreeForm();
  e.regions["us-east-1"].registrations = {
    "otp-toll-free": { type: "US_TOLL_FREE_REGISTRATION", useCase: "otp", fields: form },
  };
  delete e.regions["us-east-1"].phoneNumbers["otp-us"].registrationId;
  e.regions["us-east-1"].phoneNumbers["otp-us"].registration = "otp-toll-free";
  mutate(form, e);
  return e;
}

function issuesOf(raw: unknown, repositoryRoot?: string): { path: string; message: string }[] {
  try {
    parseEstateConfig(raw, undefined, repositoryRoot ? { repositoryRoot } : {});
  } catch (error) {
    if (!EstateConfigError.is(error)) throw error;
    return error.issues.map((issue, i) => ({ path: error.paths[i], message: issue.message }));
  }
  return [];
}

/** A field's path as messages write it: a key with dots in brackets. */
const at = (field: string) =>
  `${E}.regions.us-east-1.registrations.otp-toll-free.fields["${field}"]`;

describe("registrations in the stack config", () => {
  it("accepts a complete toll-free form, reads its attachment and leaves it a draft by default", () => {
    assert.deepEqual(issuesOf(registered()), []);
    const estate = parseEstateConfig(registered());
    const registration = estate.regions["us-east-1"].registrations["otp-toll-free"];
    assert.equal(registration.submit, false);
    const image = registration.fields["messagingUseCase.optInImage"] as Loose;
    assert.equal(image.content.contentType, "image/png");
    assert.match(image.content.sha256, /^[0-9a-f]{64}$/);
  });

  const rejects: {
    name: string;
    mutate: (f: Record<string, unknown>, e: Loose) => void;
    path: string;
    message: RegExp;
  }[] = [
    {
      name: "a sample message under 20 characters and without the brand",
      mutate: (f) => (f["messageSamples.messageSample1"] = "Code: 123456"),
      path: at("messageSamples.messageSample1"),
      message: /at least 20 characters .*this one is 12/,
    },
    {
      name: "an opt-in description without the privacy policy link",
      mutate: (f) =>
        (f["messagingUseCase.optInDescription"] = String(
          f["messagingUseCase.optInDescription"],
        ).replace(/ Privacy https:\/\/acme\.example\/privacy/, "")),
      path: at("messagingUseCase.optInDescription"),
      message: /this one lacks a link to the public privacy policy/,
    },
    {
      name: "a contact email on another domain",
      mutate: (f) => (f["contactInfo.supportEmail"] = "sam@gmail.com"),
      path: at("contactInfo.supportEmail"),
      message: /on gmail\.com, but the company's website is acme\.example/,
    },
    {
      name: "a shared mailbox as the toll-free contact",
      mutate: (f) => (f["contactInfo.supportEmail"] = "support@acme.example"),
      path: at("contactInfo.supportEmail"),
      message: /looks like a shared mailbox.*give a person's address/,
    },
    {
      name: "a marketing category for a transactional use case",
      mutate: (f) => (f["messagingUseCase.useCaseCategory"] = ["MARKETING"]),
      path: at("messagingUseCase.useCaseCategory"),
      message: /is marketing, but use case otp sends TRANSACTIONAL/,
    },
    {
      name: "a missing required field",
      mutate: (f) => delete f["contactInfo.lastName"],
      path: `${E}.regions.us-east-1.registrations.otp-toll-free.fields`,
      message: /missing contactInfo\.lastName \(the contact's last name\)/,
    },
    {
      name: "a registration of another Region",
      mutate: (_f, e) => {
        e.regions["us-west-2"].phoneNumbers["otp-us"] = {
          useCase: "otp",
          country: "US",
          numberType: "TOLL_FREE",
          registration: "otp-toll-free",
        };
      },
      path: `${E}.regions.us-west-2.phoneNumbers.otp-us.registration`,
      message: /is declared in us-east-1, not us-west-2; registrations are per Region/,
    },
    {
      name: "one toll-free registration for two numbers",
      mutate: (_f, e) => {
        delete e.regions["us-east-1"].phoneNumbers["otp-us-spare"].registrationId;
        e.regions["us-east-1"].phoneNumbers["otp-us-spare"].registration = "otp-toll-free";
      },
      path: `${E}.regions.us-east-1.phoneNumbers.otp-us-spare.registration`,
      message: /already registers phoneNumbers\.otp-us; each toll-free number needs its own/,
    },
    {
      name: "an attachment outside the repository",
      mutate: (f) => (f["messagingUseCase.optInImage"] = { file: "../secrets.png" }),
      path: `${at("messagingUseCase.optInImage")}.file`,
      message: /points outside the repository/,
    },
    {
      name: "an attachment that is not a PDF, PNG or JPEG",
      mutate: (f) => (f["messagingUseCase.optInImage"] = { file: "package.json" }),
      path: `${at("messagingUseCase.optInImage")}.file`,
      message: /is not a PDF, PNG or JPEG \(by its content\)/,
    },
  ];
  for (const testCase of rejects) {
    it(`refuses ${testCase.name}, at its path`, () => {
      const issues = issuesOf(registered(testCase.mutate));
      const found = issues.find((i) => i.path === testCase.path);
      assert.ok(found, JSON.stringify(issues, null, 2));
      assert.match(found.message, testCase.message);
    });
  }

  it("refuses an attachment over 500 KB", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "registrations-"));
    try {
      fs.mkdirSync(path.join(root, "stacks", "registrations"), { recursive: true });
      const big = Buffer.alloc(501 * 1024);
      Buffer.from("89504e470d0a1a0a", "hex").copy(big);
      fs.writeFileSync(path.join(root, "stacks", "registrations", "otp-opt-in.png"), big);
      const issues = issuesOf(registered(), root);
      assert.deepEqual(
        issues.map((i) => i.path),
        [`${at("messagingUseCase.optInImage")}.file`],
      );
      assert.match(issues[0].message, /is 501 KB; registration attachments are at most 500 KB/);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("declares each registration in its Region, protected and retained, and the number carries its id", async () => {
    const run = await runEstate(
      registered((_f, e) => (e.regions["us-east-1"].registrations["otp-toll-free"].submit = true)),
    );
    const registrations = ofType(run.resources, REG);
    assert.deepEqual(
      registrations.map(
        (r) =>
          `${r.name} ${r.region} ${r.inputs.registrationType} ${r.inputs.submit} ${r.protect} ${r.retainOnDelete}`,
      ),
      ["us-east-1-registration-otp-toll-free us-east-1 US_TOLL_FREE_REGISTRATION true true true"],
    );
    const number = run.resources.find((r) => r.name === "us-east-1-originators-otp-us")!;
    assert.equal(number.inputs.registrationId, registrations[0].outputs.registrationId);
    assert.match(String(number.inputs.registrationId), /^registration-[0-9a-f]{32}$/);
    const fields = registrations[0].inputs.fields as Record<string, Loose>;
    assert.deepEqual(fields["messageSamples.messageSample1"], {
      text: "Acme: your sign-in code is 123456. Reply STOP to opt out.",
    });
    assert.deepEqual(fields["messagingUseCase.useCaseCategory"], {
      choices: ["TWO_FACTOR_AUTHENTICATION"],
    });
    assert.match(fields["messagingUseCase.optInImage"].attachment.sha256, /^[0-9a-f]{64}$/);
    // The status is a stack output, per Region and key.
    const outputs = run.outputs as Loose;
    assert.equal(outputs.registrations["us-east-1"]["otp-toll-free"].status, "SUBMITTED");
  });
});
