/**
 * Report formats of the check. The SARIF log is validated against the SARIF 2.1.0 JSON
 * schema (the copy `@microsoft/jest-sarif` ships) with ajv, and against what GitHub code
 * scanning additionally requires of an upload.
 */
import { strict as assert } from "node:assert";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";
import schema from "@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json";
import type { Log } from "sarif";
import {
  countsByLevel,
  githubReport,
  hasMandatory,
  jsonReport,
  markdownReport,
  MARKDOWN_MARKER,
  sarifReport,
  textReport,
} from "../../tools/check/report";
import type { CheckResult } from "../../tools/check/run-check";

const RESULT: CheckResult = {
  stack: "dev",
  project: "p",
  program: "prog.ts",
  stackFile: "Pulumi.dev.yaml",
  pack: { name: "messaging-estate", version: "0.1.0" },
  policies: [
    {
      name: "tags",
      description: "Resources carry tags. Owners need them.",
      enforcementLevel: "advisory",
      severity: "low",
      remediationSteps: "Add the tags.",
      url: "",
    },
    {
      name: "routes",
      description: "Pools keep shared routes off.",
      enforcementLevel: "mandatory",
      severity: "high",
      remediationSteps: "Set sharedRoutesEnabled: false.",
      url: "",
    },
  ],
  resources: 3,
  warnings: ['policy config names an unknown policy "x"; it is ignored'],
  timings: { packStart: 1, program: 1, analysis: 1, total: 3 },
  remediations: [],
  unansweredInvokes: [
    {
      token: "aws:ssm/getParameter:getParameter",
      args: '{"name":"/x"}',
      unknownFields: ["value"],
      reason: "only AWS knows",
    },
  ],
  violations: [
    {
      policy: "tags",
      enforcementLevel: "advisory",
      severity: "low",
      resourceType: "aws:sns/topic:Topic",
      resourceName: "topic",
      urn: "urn:pulumi:dev::p::aws:sns/topic:Topic::topic",
      message: "Missing owner.",
      remediationSteps: "Add the tags.",
      location: { file: "prog.ts", line: 7, column: 5 },
    },
    {
      policy: "tags",
      enforcementLevel: "advisory",
      severity: "low",
      resourceType: "aws:sns/topic:Topic",
      resourceName: "other",
      urn: "urn:pulumi:dev::p::aws:sns/topic:Topic::other",
      message: "Missing owner.",
      remediationSteps: "Add the tags.",
      location: { file: "prog.ts", line: 9, column: 5 },
    },
    {
      policy: "routes",
      enforcementLevel: "mandatory",
      severity: "high",
      resourceType: "aws:pinpoint/smsvoicev2Pool:Smsvoicev2Pool",
      resourceName: "pool",
      urn: "urn:pulumi:dev::p::aws:pinpoint/smsvoicev2Pool:Smsvoicev2Pool::pool",
      message: "Shared routes | on, 100%\nsecond line",
      remediationSteps: "Set sharedRoutesEnabled: false.",
      location: { file: "lib/pools.ts", line: 12, column: 18 },
    },
    {
      policy: "diversity",
      enforcementLevel: "advisory",
      severity: "medium",
      resourceType: "pulumi:pulumi:Stack",
      resourceName: "p-dev",
      urn: "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev",
      message: "Stack-wide finding.",
      remediationSteps: "",
    },
  ],
};

describe("check: reports", () => {
  it("json has what ran, counts by level, each finding with its fix and place, and what could not be verified", () => {
    const report = JSON.parse(jsonReport(RESULT)) as Record<string, unknown>;
    assert.deepEqual(report.pack, { name: "messaging-estate", version: "0.1.0" });
    assert.equal(report.resources, 3);
    assert.equal(report.passed, false);
    assert.deepEqual(report.counts, { mandatory: 1, advisory: 3 });
    const violations = report.violations as Array<Record<string, unknown>>;
    assert.equal(violations.length, 4);
    assert.equal(violations[2].remediationSteps, "Set sharedRoutesEnabled: false.");
    assert.deepEqual(violations[2].location, { file: "lib/pools.ts", line: 12, column: 18 });
    assert.equal("location" in violations[3], false);
    assert.deepEqual(report.couldNotVerify, { invokes: RESULT.unansweredInvokes, resources: [] });
  });

  it("counts every level present, mandatory and advisory always", () => {
    assert.deepEqual(countsByLevel({ violations: [] }), { mandatory: 0, advisory: 0 });
  });

  it("text lists mandatory violations first with place and fix, and ends with the verdict", () => {
    const text = textReport(RESULT);
    assert.ok(text.indexOf("MANDATORY [high] routes") < text.indexOf("ADVISORY [low] tags"));
    assert.match(text, /Smsvoicev2Pool pool \(lib\/pools\.ts:12:18\)/);
    assert.match(text, /fix: Set sharedRoutesEnabled: false\./);
    assert.match(text, /warning: policy config names an unknown policy "x"/);
    assert.match(text, /FAILED: 1 mandatory violation, 3 advisory violations$/);
    assert.match(
      textReport({ ...RESULT, violations: [] }),
      /PASSED: no mandatory violations, 0 advisory violations$/,
    );
  });

  it("markdown groups findings by policy with the fix, mandatory open, advisories collapsed", () => {
    const markdown = markdownReport(RESULT);
    assert.ok(markdown.startsWith(MARKDOWN_MARKER));
    assert.match(
      markdown,
      /❌ \*\*Failed\*\*: 1 mandatory violation, 3 advisory violations across 3 resources/,
    );
    // One group per policy, mandatory first and open, with its fix above the table.
    assert.match(
      markdown,
      /#### ❌ `routes` \(mandatory, high\): 1 finding\n\n\*\*Fix:\*\* Set sharedRoutesEnabled: false\.\n\n\| Resource \| Where \| Finding \|\n\| --- \| --- \| --- \|\n\| `pool` \(Smsvoicev2Pool\) \| `lib\/pools\.ts:12:18` \| Shared routes \\\| on, 100%<br>second line \|/,
    );
    // Advisories collapse to one <details> per policy.
    assert.equal(markdown.match(/<summary>⚠️ <code>tags<\/code>/g)?.length, 1);
    assert.match(
      markdown,
      /<summary>⚠️ <code>tags<\/code> \(advisory, low\): 2 findings<\/summary>/,
    );
    assert.match(markdown, /\| `p-dev` \(Stack\) \| stack \| Stack-wide finding\. \|/);
    assert.match(
      markdown,
      /#### Could not verify offline\n\n.*\n\n- `aws:ssm\/getParameter:getParameter` \(`value`\): only AWS knows/,
    );
  });

  it("github annotates the declaring line with the fix, else the stack file's first line", () => {
    const lines = githubReport(RESULT).split("\n");
    assert.equal(
      lines[0],
      "::error file=lib/pools.ts,line=12,col=18,title=routes (mandatory%2C high)::pool (Smsvoicev2Pool): Shared routes | on, 100%25%0Asecond line%0AFix: Set sharedRoutesEnabled: false.",
    );
    assert.equal(
      lines[1],
      "::warning file=prog.ts,line=7,col=5,title=tags (advisory%2C low)::topic (Topic): Missing owner.%0AFix: Add the tags.",
    );
    assert.equal(
      lines[3],
      "::warning file=Pulumi.dev.yaml,line=1,title=diversity (advisory%2C medium)::p-dev (Stack): Stack-wide finding.",
    );
    assert.match(lines[4], /^::warning title=policy check::/);
    assert.equal(
      lines[5],
      "Policy check failed for stack dev: 1 mandatory violation, 3 advisory violations, 3 resources.",
    );
  });

  describe("sarif", () => {
    const log = JSON.parse(sarifReport(RESULT)) as Log;

    it("is valid SARIF 2.1.0 (the OASIS schema)", () => {
      // The schema has a language-tag pattern that is valid only without the `u` flag.
      const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
      addFormats(ajv);
      const validate = ajv.compile(schema);
      assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
      // The validator is not vacuous: a log without runs' tool is refused.
      const broken = JSON.parse(JSON.stringify(log)) as { runs: Array<Record<string, unknown>> };
      delete broken.runs[0].tool;
      assert.equal(validate(broken), false);
    });

    it("meets what GitHub code scanning requires of an upload", () => {
      assert.equal(log.version, "2.1.0");
      assert.equal(log.runs.length, 1);
      const [run] = log.runs;
      assert.equal(run.tool.driver.name, "messaging-estate");
      assert.equal(run.tool.driver.semanticVersion, "0.1.0");
      assert.equal(run.automationDetails?.id, "policy-check/p/dev/");
      const rules = run.tool.driver.rules ?? [];
      assert.deepEqual(
        rules.map((r) => r.id),
        ["tags", "routes", "diversity"],
      );
      for (const rule of rules) {
        assert.ok(rule.shortDescription?.text && rule.help?.text, rule.id);
        assert.match(String(rule.properties?.["security-severity"]), /^\d+\.\d$/);
      }
      for (const result of run.results ?? []) {
        // Each result names a rule that exists and sits at a file location with a line.
        assert.equal(rules[result.ruleIndex!].id, result.ruleId);
        const location = result.locations?.[0]?.physicalLocation;
        assert.ok(
          location?.artifactLocation?.uri && !location.artifactLocation.uri.startsWith("/"),
        );
        assert.ok((location?.region?.startLine ?? 0) >= 1);
        assert.match(
          String(result.partialFingerprints?.["policyFindingHash/v1"]),
          /^[0-9a-f]{32}$/,
        );
      }
    });

    it("locates findings at the declaring program line, stack-wide ones at the stack file", () => {
      const results = log.runs[0].results ?? [];
      const place = (i: number) => results[i].locations![0].physicalLocation!;
      assert.deepEqual(place(2).artifactLocation?.uri, "lib/pools.ts");
      assert.deepEqual(place(2).region, { startLine: 12, startColumn: 18 });
      assert.equal(results[2].level, "error");
      assert.equal(results[0].level, "warning");
      assert.deepEqual(place(3).artifactLocation?.uri, "Pulumi.dev.yaml");
      assert.deepEqual(place(3).region, { startLine: 1 });
    });
  });

  it("fails only on mandatory violations", () => {
    assert.equal(hasMandatory(RESULT), true);
    assert.equal(hasMandatory({ violations: RESULT.violations.slice(0, 1) }), false);
  });
});
