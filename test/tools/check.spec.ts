/**
 * End to end: `npm run check` (tools/check.ts) on fixture programs and the example stack,
 * through the analyzer protocol, asserting the JSON report and the exit code.
 */
import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import sarifSchema from "@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json";
import type { Log } from "sarif";
import { main } from "../../tools/check";
import { recordEstate } from "../policies/support";

const ROOT = path.resolve(__dirname, "..", "..");
const TSX = require.resolve("tsx/cli");

/** Runs the check command as `npm run check -- <args>` would. */
function check(
  args: string[],
  env: Record<string, string> = {},
): { status: number | null; stdout: string; stderr: string } {
  // A job summary of the CI run that executes these tests must not receive test output.
  const { GITHUB_STEP_SUMMARY: _ignored, ...inherited } = process.env;
  const result = spawnSync(process.execPath, [TSX, "tools/check.ts", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 120_000,
    env: { ...inherited, ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Captures what main() writes. */
function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
}

const FIXTURE_URN = (type: string, name: string) =>
  `urn:pulumi:dev::policy-fixtures::${type}::${name}`;
const violation = (
  policy: string,
  enforcementLevel: string,
  severity: string,
  resourceType: string,
  resourceName: string,
  message: string,
) => ({
  policy,
  enforcementLevel,
  severity,
  resourceType,
  resourceName,
  urn: FIXTURE_URN(resourceType, resourceName),
  message,
});

const byKey = (a: { policy: string; urn: string }, b: { policy: string; urn: string }) =>
  `${a.policy} ${a.urn}`.localeCompare(`${b.policy} ${b.urn}`);

describe("check command (end to end)", () => {
  let fixtureResources: number;
  before(async () => {
    // What the offline preview counts: custom resources the program declared.
    fixtureResources = (await recordEstate()).filter((s) => s.custom && !s.synthesized).length;
  });

  it("fails a broken program with every violation in the JSON report and exit code 1", () => {
    const result = check([
      "test/fixtures/programs/broken.ts",
      "--policy-config",
      "test/fixtures/programs/policy-config.json",
      "--format",
      "json",
    ]);
    assert.equal(result.status, 1, result.stderr);
    const report = JSON.parse(result.stdout) as {
      resources: number;
      pack: { name: string; version: string };
      counts: Record<string, number>;
      violations: Array<{
        policy: string;
        urn: string;
        enforcementLevel: string;
        remediationSteps: string;
        location?: { file: string; line: number; column: number };
      }>;
    };
    assert.deepEqual(Object.keys(report), [
      "stack",
      "project",
      "program",
      "stackFile",
      "pack",
      "resources",
      "passed",
      "counts",
      "violations",
      "couldNotVerify",
      "remediations",
      "warnings",
    ]);
    assert.equal(report.pack.name, "messaging-estate");
    // broken.ts omits three resources of the compliant estate.
    assert.equal(report.resources, fixtureResources - 3);
    assert.deepEqual(report.counts, {
      mandatory: report.violations.filter((v) => v.enforcementLevel === "mandatory").length,
      advisory: report.violations.filter((v) => v.enforcementLevel === "advisory").length,
    });
    for (const v of report.violations) {
      assert.ok(v.remediationSteps.length > 20, `${v.policy} has its fix`);
      // Every finding on a resource points at the fixture line that declared it.
      if (!v.urn.includes("pulumi:pulumi:Stack")) {
        assert.equal(v.location?.file, "test/fixtures/policy-estate.ts", v.urn);
        assert.ok((v.location?.line ?? 0) > 0);
      }
    }
    const expected = [
      violation(
        "messaging-required-tags",
        "advisory",
        "low",
        "aws:sns/topic:Topic",
        "use1-otp-events-topic",
        "Resource is missing required tag cost-center.",
      ),
      violation(
        "ram-share-no-external-principals",
        "mandatory",
        "critical",
        "aws:ram/resourceShare:ResourceShare",
        "use1-otp-share",
        "Resource share has allowExternalPrincipals: true; set it to false.",
      ),
      violation(
        "ram-share-principal-allow-list",
        "mandatory",
        "high",
        "aws:ram/principalAssociation:PrincipalAssociation",
        "usw2-otp-share-to-dr",
        "Principal 999988887777 is not in allowedPrincipals (444455556666); add it to the policy config or stop sharing with it.",
      ),
      violation(
        "ram-share-same-region",
        "mandatory",
        "critical",
        "aws:ram/resourceAssociation:ResourceAssociation",
        "usw2-otp-share-pool",
        "Resource share usw2-otp-share is in us-west-2 but would hold arn:aws:sms-voice:us-east-1:111122223333:pool/pool-primary from us-east-1; RAM shares SMS resources only within one Region, so share it from a share in us-east-1.",
      ),
      violation(
        "ses-configuration-set-tls-required",
        "mandatory",
        "high",
        "aws-native:ses:ConfigurationSet",
        "ses-notices",
        "SES configuration set has deliveryOptions.tlsPolicy OPTIONAL; set it to REQUIRE.",
      ),
      violation(
        "ses-marketing-dedicated-pool",
        "advisory",
        "medium",
        "aws:sesv2/configurationSet:ConfigurationSet",
        "ses-marketing",
        "SES configuration set sends marketing mail without a dedicated IP pool (deliveryOptions.sendingPoolName is unset); assign the marketing pool.",
      ),
      violation(
        "sms-configuration-set-has-event-destination",
        "advisory",
        "medium",
        "aws-native:smsvoice:ConfigurationSet",
        "usw2-otp-config",
        "Configuration set acme-otp has no enabled event destination; its delivery events are recorded nowhere.",
      ),
      violation(
        "sms-configuration-set-max-event-destinations",
        "mandatory",
        "high",
        "aws-native:smsvoice:ConfigurationSet",
        "use1-otp-config",
        "Configuration set acme-otp has 6 event destinations; the limit is 5.",
      ),
      violation(
        "sms-deletion-protection-enabled",
        "mandatory",
        "critical",
        "aws:pinpoint/smsvoicev2PhoneNumber:Smsvoicev2PhoneNumber",
        "use1-otp-us-tfn",
        "Phone number has deletionProtectionEnabled: false; set it to true.",
      ),
      violation(
        "sms-event-destination-role-source-account",
        "mandatory",
        "high",
        "aws-native:iam:Role",
        "use1-alerts-events-role",
        "Role use1-alerts-events-role (event destination firehose of configuration set acme-alerts) trusts sms-voice.amazonaws.com without an aws:SourceAccount condition; add one naming the account that owns the configuration set.",
      ),
      violation(
        "sms-originator-pulumi-protect",
        "mandatory",
        "critical",
        "aws:pinpoint/smsvoicev2PhoneNumber:Smsvoicev2PhoneNumber",
        "usw2-otp-us-10dlc",
        "Phone number is not protected in Pulumi; declare it with the resource options protect: true and retainOnDelete: true.",
      ),
      violation(
        "sms-originator-type-diversity",
        "advisory",
        "medium",
        "pulumi:pulumi:Stack",
        "policy-fixtures-dev",
        "us-west-2 reaches 1 country through fewer originator types than they need: GB (only sender ID originators, 2 types needed: add a long code or short code).",
      ),
      violation(
        "sms-pool-opt-in-keyword",
        "advisory",
        "medium",
        "aws:pinpoint/smsvoicev2Pool:Smsvoicev2Pool",
        "use1-otp-pool",
        "Pool use1-otp-pool has no opt-in keyword; declare at least one keyword with action OPT_IN (e.g. JOIN).",
      ),
      violation(
        "sms-pool-opt-out-list-matches-members",
        "mandatory",
        "high",
        "aws:pinpoint/smsvoicev2PhoneNumber:Smsvoicev2PhoneNumber",
        "use1-otp-gb-long",
        'Phone number use1-otp-gb-long uses opt-out list "Default" but its pool use1-otp-pool uses "acme-otp"; both must use the same list.',
      ),
      violation(
        "sms-pool-shared-routes-disabled",
        "mandatory",
        "high",
        "aws:pinpoint/smsvoicev2Pool:Smsvoicev2Pool",
        "use1-otp-pool",
        "Pool has sharedRoutesEnabled: true; set it to false.",
      ),
      violation(
        "sms-protect-configuration-blocks-countries",
        "advisory",
        "medium",
        "aws-native:smsvoice:ProtectConfiguration",
        "usw2-otp-protect",
        "Protect configuration allows every country for SMS (no BLOCK rule); block the countries you never send to.",
      ),
      violation(
        "sms-protect-filter-public-use-cases",
        "advisory",
        "medium",
        "aws-native:smsvoice:ConfigurationSet",
        "use1-otp-config",
        "Configuration set acme-otp serves the public-facing use case otp but has no Protect configuration; associate one whose SMS rules FILTER the countries at risk of SMS pumping.",
      ),
      violation(
        "sms-self-managed-opt-outs-two-way",
        "mandatory",
        "high",
        "aws-native:smsvoice:Pool",
        "use1-alerts-pool",
        "Pool has selfManagedOptOutsEnabled: true but two-way SMS is off, so STOP replies reach nobody; enable two-way with an inbound SNS topic or turn self-managed opt-outs off.",
      ),
      violation(
        "sms-sender-id-format",
        "mandatory",
        "high",
        "aws:pinpoint/smsvoicev2SenderId:Smsvoicev2SenderId",
        "use1-otp-in-sender",
        'Sender ID "ACMEOTP" is sent to India, where sender IDs must be exactly 6 characters.',
      ),
      violation(
        "sms-standby-region-parity",
        "advisory",
        "high",
        "aws-native:smsvoice:Pool",
        "use1-alerts-pool",
        "Use case alerts has a pool in the primary Region us-east-1 but none in the standby Region us-west-2; declare one there so sending can fail over.",
      ),
      // The carrier rules and capacity, each broken once by broken.ts.
      violation(
        "sms-registration-required",
        "mandatory",
        "high",
        "aws:pinpoint/smsvoicev2PhoneNumber:Smsvoicev2PhoneNumber",
        "use1-otp-us-10dlc",
        "US 10DLC number has no registrationId: carriers block its messages until it is registered; set registrationId to its US_TEN_DLC_CAMPAIGN_REGISTRATION in this Region.",
      ),
      violation(
        "sms-self-managed-opt-outs-toll-free",
        "mandatory",
        "high",
        "aws:pinpoint/smsvoicev2PhoneNumber:Smsvoicev2PhoneNumber",
        "use1-otp-us-tfn",
        "US toll-free number has selfManagedOptOutsEnabled: true, but US toll-free numbers are not eligible: the toll-free network answers STOP and blocks the sender itself; set it to false, or use a 10DLC or short code number for this use case.",
      ),
      violation(
        "sms-keyword-reply-content",
        "mandatory",
        "medium",
        "aws:pinpoint/smsvoicev2Keyword:Smsvoicev2Keyword",
        "use1-otp-keyword-help",
        'HELP reply (HELP) lacks a support phone number or email address and the "Msg & data rates may apply" disclosure; carriers require a support phone number or email address and the "Msg & data rates may apply" disclosure.',
      ),
      violation(
        "sms-originator-one-pool",
        "mandatory",
        "high",
        "aws:pinpoint/smsvoicev2Pool:Smsvoicev2Pool",
        "use1-otp-pool",
        "Originator use1-otp-gb-sender is already a member of pool use1-alerts-pool; AWS holds an originator in one pool only, so this pool's association fails. Members of use1-alerts-pool and use1-otp-pool must not overlap.",
      ),
      violation(
        "sms-standby-capacity",
        "advisory",
        "medium",
        "aws:pinpoint/smsvoicev2Pool:Smsvoicev2Pool",
        "usw2-otp-pool",
        "Use case otp's pool in the standby Region us-west-2 carries less than 50% of its primary pool's throughput to US (US 1 MPS against 3 MPS); a failover would throttle sending there.",
      ),
    ];
    const essentials = report.violations.map((v) => {
      const { remediationSteps: _fix, location: _where, ...rest } = v;
      return rest;
    });
    assert.deepEqual(essentials.sort(byKey), expected.sort(byKey));
  });

  it("passes a compliant program with exit code 0", () => {
    const result = check(["test/fixtures/programs/compliant.ts", "--format", "json"]);
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout) as { resources: number; violations: unknown[] };
    assert.equal(report.resources, fixtureResources);
    assert.deepEqual(report.violations, []);
  });

  it("passes the example stack under the prod config, with annotations, job summary and PR comment", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "check-example-"));
    try {
      const comment = path.join(dir, "comment.md");
      const summary = path.join(dir, "summary.md");
      const result = check(
        [
          "--stack",
          "example",
          "--policy-config",
          "policies/config/prod.json",
          "--format",
          "github",
          "--markdown-file",
          comment,
        ],
        { GITHUB_STEP_SUMMARY: summary },
      );
      assert.equal(result.status, 0, result.stderr);
      assert.match(
        result.stdout,
        /^Policy check passed for stack example: 0 mandatory violations, \d+ advisory violations?, \d+ resources\.$/m,
      );
      const markdown = fs.readFileSync(comment, "utf8");
      assert.match(
        markdown,
        /^<!-- messaging-estate-policy-check -->\n### Policy check: stack `example`\n\n✅ \*\*Passed\*\*: 0 mandatory violations/,
      );
      assert.equal(fs.readFileSync(summary, "utf8"), markdown);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("writes SARIF that the SARIF 2.1.0 schema accepts, each result at its declaring line", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "check-sarif-"));
    try {
      const file = path.join(dir, "check.sarif");
      const result = check([
        "test/fixtures/programs/broken.ts",
        "--policy-config",
        "test/fixtures/programs/policy-config.json",
        "--format",
        "sarif",
        "--sarif-file",
        file,
      ]);
      assert.equal(result.status, 1, result.stderr);
      // The report on stdout and the file are the same log.
      const log = JSON.parse(fs.readFileSync(file, "utf8")) as Log;
      assert.deepEqual(JSON.parse(result.stdout), log);
      const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
      addFormats(ajv);
      const validate = ajv.compile(sarifSchema);
      assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
      const results = log.runs[0].results ?? [];
      assert.equal(results.filter((r) => r.level === "error").length, 16);
      const fixture = fs.readFileSync("test/fixtures/policy-estate.ts", "utf8").split("\n");
      for (const r of results) {
        const location = r.locations![0].physicalLocation!;
        const uri = location.artifactLocation!.uri!;
        assert.ok(
          uri === "test/fixtures/policy-estate.ts" ||
            uri === "test/fixtures/programs/Pulumi.dev.yaml",
          uri,
        );
        if (uri.endsWith(".ts")) assert.match(fixture[location.region!.startLine! - 1], /new /);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("exits 2 on usage errors", async () => {
    const bad = io();
    assert.equal(await main(["--format", "yaml"], bad.io), 2);
    assert.match(bad.err.join("\n"), /argument 'yaml' is invalid/);

    const missing = io();
    assert.equal(await main(["no/such/program.ts"], missing.io), 2);
    assert.deepEqual(missing.err, ["check: program no/such/program.ts does not exist"]);

    const stack = io();
    assert.equal(await main(["--stack", "nope"], stack.io), 2);
    assert.match(stack.err[0], /^check: stack file stacks\/Pulumi\.nope\.yaml does not exist/);

    // Another team's program: a stack with no Pulumi.<stack>.yaml beside its project is a
    // typo far more often than a stack without config, and running it with no config would
    // check something else than the stack named.
    const typo = io();
    assert.equal(await main(["test/fixtures/programs/compliant.ts", "--stack", "dve"], typo.io), 2);
    assert.match(
      typo.err[0],
      /^check: stack file test\/fixtures\/programs\/Pulumi\.dve\.yaml does not exist; .*Stacks in test\/fixtures\/programs: dev /,
    );
    const outside = io();
    assert.equal(
      await main(["test/fixtures/programs/compliant.ts", "--stack", "../programs/dev"], outside.io),
      2,
    );
    assert.match(outside.err[0], /^check: .*--stack must be a stack name/);

    // A YAML alias inside the node it names: a config problem at its path, not a crash.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "check-alias-"));
    try {
      fs.writeFileSync(
        path.join(dir, "Pulumi.cyclic.yaml"),
        "config:\n  messaging:estate: &estate\n    self: *estate\n",
      );
      fs.symlinkSync("Pulumi.loop.yaml", path.join(dir, "Pulumi.loop.yaml"));
      const loop = io();
      assert.equal(await main(["--stack", "loop", "--stacks-dir", dir], loop.io), 2);
      assert.match(
        loop.err[0],
        /^check: cannot open .*Pulumi\.loop\.yaml: too many symbolic links/,
      );
      const cyclic = io();
      assert.equal(await main(["--stack", "cyclic", "--stacks-dir", dir], cyclic.io), 2);
      assert.match(cyclic.err.join("\n"), /messaging:estate\.self: .*contains itself/);
      assert.doesNotMatch(cyclic.err.join("\n"), /RangeError|\n\s+at /);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }

    const help = io();
    assert.equal(await main(["--help"], help.io), 0);
    assert.match(help.out.join("\n"), /--policy-config <file>/);
  });

  it("exits 2 on an unreadable or invalid policy config", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "check-config-"));
    try {
      const broken = path.join(dir, "broken.json");
      fs.writeFileSync(broken, '{"sms-sender-id-format": "sometimes"}');
      const parse = io();
      assert.equal(
        await main(["test/fixtures/programs/compliant.ts", "--policy-config", broken], parse.io),
        2,
      );
      assert.match(parse.err[0], /"sms-sender-id-format": "sometimes" is not an enforcement level/);

      const invalid = path.join(dir, "invalid.json");
      fs.writeFileSync(
        invalid,
        JSON.stringify({
          "sms-configuration-set-max-event-destinations": { maxEventDestinations: 9 },
        }),
      );
      const schema = io();
      assert.equal(
        await main(["test/fixtures/programs/compliant.ts", "--policy-config", invalid], schema.io),
        2,
      );
      assert.match(
        schema.err[0],
        /sms-configuration-set-max-event-destinations: maxEventDestinations: must be <= 5/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("exits 2 when the program fails, with its own message and the program's line", async () => {
    const failed = io();
    assert.equal(await main(["test/fixtures/programs/failing.ts"], failed.io), 2);
    assert.deepEqual(failed.err, [
      [
        "check: the program test/fixtures/programs/failing.ts failed before it could be checked (after 2 registrations): fixture program failed on purpose",
        "  at test/fixtures/programs/failing.ts:7:7",
        "  Fix the program (pulumi preview fails the same way); no policy ran.",
      ].join("\n"),
    ]);
  });

  it("exits 2, never 1, for a program that fails or logs an error, and the next run in the process is clean", async () => {
    for (const program of ["failing", "teams/log-error", "teams/duplicate-urn"]) {
      const failed = io();
      assert.equal(await main([`test/fixtures/programs/${program}.ts`], failed.io), 2, program);
      assert.match(failed.err[0], /^check: the program .* failed before it could be checked/);
    }
    // In the same process, right after three failed runs.
    const fine = io();
    assert.equal(
      await main(["test/fixtures/programs/compliant.ts", "--format", "json"], fine.io),
      0,
      fine.err.join("\n"),
    );
    // As a process too: the exit code the shell sees.
    const spawned = check(["test/fixtures/programs/teams/log-error.ts"]);
    assert.equal(spawned.status, 2, spawned.stderr);
    assert.match(spawned.stderr, /pulumi\.log\.error/);
  });
});
