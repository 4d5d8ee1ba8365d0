/**
 * Programs written the way other teams write Pulumi code (`test/fixtures/programs/teams/`:
 * explicit providers, `apply`, invokes, transforms, `export =` async bodies), each through
 * the whole check: offline engine, analyzer protocol, the real pack. Each one passed
 * silently (or failed falsely) before the check saw what `pulumi preview` sees; each
 * assertion names what is caught now.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { OfflineProgramError } from "../../engine/run";
import { startPack, type RunningPack } from "../../tools/check/pack";
import { hasMandatory } from "../../tools/check/report";
import { runCheck, type CheckResult, type CheckViolation } from "../../tools/check/run-check";

const TEAMS = path.resolve(__dirname, "..", "fixtures", "programs", "teams");
const program = (name: string) => path.join(TEAMS, `${name}.ts`);

/** `<level> <policy> <resource>` of every finding, sorted. */
const findings = (result: CheckResult) =>
  result.violations.map((v) => `${v.enforcementLevel} ${v.policy} ${v.resourceName}`).sort();

const only = (result: CheckResult, policy: string): CheckViolation[] =>
  result.violations.filter((v) => v.policy === policy);

/** 1-based line of the first line of `file` containing `text`. */
function lineOf(file: string, text: string): number {
  const index = fs
    .readFileSync(file, "utf8")
    .split("\n")
    .findIndex((line) => line.includes(text));
  assert.ok(index >= 0, `${text} not in ${file}`);
  return index + 1;
}

describe("check: programs other teams write", function () {
  this.timeout(120_000);
  let pack: RunningPack;
  const check = (name: string, options: Parameters<typeof runCheck>[0] = {}) =>
    runCheck({ program: program(name), pack, ...options });

  before(async () => {
    pack = await startPack();
  });
  after(async () => pack?.close());

  it("checks a trust policy built with aws.iam.getPolicyDocument, and one whose action is in lower case", async () => {
    const result = await check("trust-policy-invoke");
    assert.deepEqual(findings(result), [
      "mandatory sms-event-destination-role-source-account sms-events-firehose",
      "mandatory sms-event-destination-role-source-account sms-events-logs",
    ]);
    // Located where the program declared each role.
    const file = program("trust-policy-invoke");
    const logs = result.violations.find((v) => v.resourceName === "sms-events-logs")!;
    assert.deepEqual(logs.location, {
      file: path.relative(process.cwd(), file),
      line: lineOf(file, "const logsRole = new aws.iam.Role("),
      column: logs.location!.column,
    });
    assert.ok(logs.remediationSteps.includes("aws:SourceAccount"));
  });

  it("reports a share to the organization as unverifiable when the organization is unknown, and passes it when told", async () => {
    const unknown = await check("org-share", {
      policyConfig: path.join(TEAMS, "org-allow-list.json"),
    });
    assert.equal(hasMandatory(unknown), false);
    const [unverified] = only(unknown, "could-not-verify");
    assert.equal(unverified.resourceName, "otp-pool-org");
    assert.match(
      unverified.message,
      /^Could not verify principal: computed from the result of aws:organizations\/getOrganization:getOrganization\(\{\}\)/,
    );
    assert.deepEqual(
      unknown.unansweredInvokes.map((i) => i.token),
      ["aws:organizations/getOrganization:getOrganization"],
    );

    const known = await check("org-share", {
      policyConfig: path.join(TEAMS, "org-allow-list.json"),
      organizationArn: "arn:aws:organizations::111122223333:organization/o-a1b2c3d4e5",
    });
    assert.equal(hasMandatory(known), false);
    assert.deepEqual(only(known, "could-not-verify"), []);
    assert.deepEqual(only(known, "ram-share-principal-allow-list"), []);
  });

  it("names the SSM lookups it cannot answer instead of passing what they feed", async () => {
    const result = await check("ssm-lookup");
    assert.equal(hasMandatory(result), false);
    const unverified = only(result, "could-not-verify").map((v) => [v.resourceName, v.message]);
    assert.deepEqual(
      unverified.map(([name]) => name),
      ["alerts-us", "alerts"],
    );
    assert.match(unverified[1][1], /^Could not verify optOutListName, sharedRoutesEnabled: /);
    assert.match(unverified[1][1], /\/messaging\/alerts\/shared-routes/);
  });

  it("sees what transforms add (protect) and what they weaken (shared routes)", async () => {
    const result = await check("transforms");
    assert.deepEqual(only(result, "sms-originator-pulumi-protect"), []);
    assert.deepEqual(
      only(result, "sms-pool-shared-routes-disabled").map((v) => [
        v.enforcementLevel,
        v.resourceName,
      ]),
      [["mandatory", "deals"]],
    );
  });

  it("runs an export = async program", async () => {
    const result = await check("export-async");
    assert.equal(result.resources, 3);
    assert.deepEqual(
      only(result, "sms-pool-shared-routes-disabled").map((v) => v.resourceName),
      ["notify"],
    );
  });

  it("fails, as a program error, a program that logged an error or declared one URN twice", async () => {
    await assert.rejects(check("log-error"), (e: Error) => e instanceof OfflineProgramError);
    await assert.rejects(
      check("duplicate-urn"),
      (e: Error) => e instanceof OfflineProgramError && /duplicate resource URN/.test(e.message),
    );
  });

  it("judges provider-generated names and real aws-native ARNs", async () => {
    const result = await check("autonamed");
    assert.deepEqual(findings(result), ["advisory ses-marketing-dedicated-pool newsletter"]);
  });

  it("tells an opt-out list shared from another account from a local one of the same name", async () => {
    const result = await check("shared-opt-out-list");
    const [mismatch] = only(result, "sms-pool-opt-out-list-matches-members");
    assert.equal(mismatch.resourceName, "retail-ca");
    assert.equal(
      mismatch.message,
      'Phone number retail-ca uses opt-out list "retail-otp" in account 111122223333 but its pool retail uses "retail-otp" in account 999988887777; both must use the same list.',
    );
    assert.equal(only(result, "sms-pool-opt-out-list-matches-members").length, 1);
  });

  it("counts inline and separate event destinations of one set together, and checks their roles", async () => {
    const result = await check("mixed-destinations");
    assert.deepEqual(findings(result), [
      "mandatory sms-configuration-set-max-event-destinations ops",
      "mandatory sms-event-destination-role-source-account ops-events-logs",
    ]);
    assert.equal(
      only(result, "sms-configuration-set-max-event-destinations")[0].message,
      "Configuration set ops-events has 6 event destinations; the limit is 5.",
    );
  });

  it("refuses a sender ID with a dash at either end, and never asks India for a long code", async () => {
    const result = await check("sender-ids");
    assert.deepEqual(findings(result), ["mandatory sms-sender-id-format market-gb"]);
    // Even where one type is not accepted for India, its inbound-only long code is no
    // second route, and no long code is suggested.
    const strict = await check("sender-ids", {
      policyConfig: path.join(TEAMS, "no-single-type-countries.json"),
    });
    assert.deepEqual(
      only(strict, "sms-originator-type-diversity").map((v) => v.message),
      [
        "us-east-1 reaches 1 country through fewer originator types than they need: IN (only sender ID originators, 2 types needed: add a short code; long codes in IN are inbound-only and cannot be the second route).",
      ],
    );
  });

  it("finds what carriers and AWS refuse in a team's first SMS stack, each on the resource to fix", async () => {
    const result = await check("carrier-rules", {
      policyConfig: path.join(TEAMS, "lending-program-names.json"),
    });
    const carrier = [
      "sms-keyword-reply-content",
      "sms-originator-one-pool",
      "sms-registration-required",
      "sms-self-managed-opt-outs-toll-free",
      "sms-sender-id-format",
    ];
    assert.deepEqual(
      result.violations
        .filter((v) => carrier.includes(v.policy))
        .map((v) => `${v.enforcementLevel} ${v.policy} ${v.resourceName}: ${v.message}`)
        .sort(),
      [
        'mandatory sms-keyword-reply-content codes-help: HELP reply (HELP) lacks a support phone number or email address; carriers require the program (brand) name, a support phone number or email address and the "Msg & data rates may apply" disclosure.',
        'mandatory sms-keyword-reply-content reminders-join: Opt-in confirmation (JOIN) lacks the message frequency (e.g. "up to 4 msgs/month", "one per sign-in", "message frequency varies"); carriers require the program (brand) name, the "Msg & data rates may apply" disclosure, the message frequency (e.g. "up to 4 msgs/month", "one per sign-in", "message frequency varies"), how to get help (e.g. "Reply HELP for help") and how to opt out (e.g. "Reply STOP to cancel").',
        "mandatory sms-originator-one-pool reminders: Originator phone-5c1e8f2a9b7d4e6f is already a member of pool codes; AWS holds an originator in one pool only, so this pool's association fails. Members of codes and reminders must not overlap.",
        "mandatory sms-registration-required codes-us-tfn: US toll-free number has no registrationId: carriers block its messages until it is registered; set registrationId to its own US_TOLL_FREE_REGISTRATION in this Region.",
        "mandatory sms-self-managed-opt-outs-toll-free codes-us-tfn: US toll-free number has selfManagedOptOutsEnabled: true, but US toll-free numbers are not eligible: the toll-free network answers STOP and blocks the sender itself; set it to false, or use a 10DLC or short code number for this use case.",
        'mandatory sms-sender-id-format codes-gb: Sender ID "OTP" is generic: carriers refuse a sender ID that names no brand (How to Send SMS Using a Sender ID with Amazon Pinpoint); use one that carries the brand, e.g. ACME-OTP.',
      ],
    );
    // Without the team's program name, the brand is not judged: the same findings.
    const unnamed = await check("carrier-rules");
    assert.deepEqual(
      only(unnamed, "sms-keyword-reply-content")
        .map((v) => v.resourceName)
        .sort(),
      ["codes-help", "reminders-join"],
    );
  });

  it("does not count a disabled event destination", async () => {
    const result = await check("disabled-destination");
    assert.deepEqual(findings(result), [
      "advisory sms-configuration-set-has-event-destination billing",
    ]);
  });

  it("reads tag values whatever their case, and promotional mail as marketing", async () => {
    const result = await check("tag-case");
    assert.deepEqual(findings(result), [
      "advisory ses-marketing-dedicated-pool offers",
      "advisory sms-protect-filter-public-use-cases otp-us-east-1",
      "advisory sms-protect-filter-public-use-cases otp-us-west-2",
      "advisory sms-standby-region-parity otp-us-west-2",
    ]);
  });
});
