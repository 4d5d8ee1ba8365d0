/**
 * Report formats of the check.
 */
import { strict as assert } from "node:assert";
import {
  githubReport,
  hasMandatory,
  jsonReport,
  markdownReport,
  MARKDOWN_MARKER,
  textReport,
} from "../../tools/check/report";
import type { CheckResult } from "../../tools/check/run-check";

const RESULT: CheckResult = {
  stack: "dev",
  project: "p",
  program: "prog.ts",
  stackFile: "Pulumi.dev.yaml",
  pack: { name: "messaging-estate", version: "0.1.0" },
  resources: 3,
  warnings: ['policy config names an unknown policy "x"; it is ignored'],
  timings: { packStart: 1, program: 1, analysis: 1, total: 3 },
  violations: [
    {
      policy: "tags",
      enforcementLevel: "advisory",
      severity: "low",
      resourceType: "aws:sns/topic:Topic",
      resourceName: "topic",
      urn: "urn:pulumi:dev::p::aws:sns/topic:Topic::topic",
      message: "Missing owner.",
    },
    {
      policy: "routes",
      enforcementLevel: "mandatory",
      severity: "high",
      resourceType: "aws:pinpoint/smsvoicev2Pool:Smsvoicev2Pool",
      resourceName: "pool",
      urn: "urn:pulumi:dev::p::aws:pinpoint/smsvoicev2Pool:Smsvoicev2Pool::pool",
      message: "Shared routes | on, 100%\nsecond line",
    },
  ],
};

describe("check: reports", () => {
  it("json holds exactly the resource count and the violations", () => {
    assert.deepEqual(JSON.parse(jsonReport(RESULT)), {
      resources: 3,
      violations: RESULT.violations,
    });
  });

  it("text lists mandatory violations first and ends with the verdict", () => {
    const text = textReport(RESULT);
    assert.ok(text.indexOf("MANDATORY [high] routes") < text.indexOf("ADVISORY [low] tags"));
    assert.match(text, /warning: policy config names an unknown policy "x"/);
    assert.match(text, /FAILED: 1 mandatory violation, 1 advisory violation$/);
    assert.match(
      textReport({ ...RESULT, violations: [] }),
      /PASSED: no mandatory violations, 0 advisory violations$/,
    );
  });

  it("markdown is a PR comment with a marker and an escaped table", () => {
    const markdown = markdownReport(RESULT);
    assert.ok(markdown.startsWith(MARKDOWN_MARKER));
    assert.match(
      markdown,
      /❌ \*\*Failed\*\*: 1 mandatory violation, 1 advisory violation across 3 resources/,
    );
    assert.match(
      markdown,
      /\| mandatory \(high\) \| `routes` \| `pool` \(Smsvoicev2Pool\) \| Shared routes \\\| on, 100%<br>second line \|/,
    );
  });

  it("github emits escaped error and warning annotations", () => {
    const lines = githubReport(RESULT).split("\n");
    assert.equal(
      lines[0],
      "::error file=Pulumi.dev.yaml,title=routes (mandatory%2C high)::pool (Smsvoicev2Pool): Shared routes | on, 100%25%0Asecond line",
    );
    assert.equal(
      lines[1],
      "::warning file=Pulumi.dev.yaml,title=tags (advisory%2C low)::topic (Topic): Missing owner.",
    );
    assert.match(lines[2], /^::warning title=policy config::/);
    assert.equal(
      lines[3],
      "Policy check failed for stack dev: 1 mandatory violation, 1 advisory violation, 3 resources.",
    );
  });

  it("fails only on mandatory violations", () => {
    assert.equal(hasMandatory(RESULT), true);
    assert.equal(hasMandatory({ violations: RESULT.violations.slice(0, 1) }), false);
  });
});
