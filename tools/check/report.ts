/**
 * Renderings of a check result: `text` for people at a terminal, `json` for machines,
 * `markdown` for a pull-request comment, `github` for workflow annotations and `sarif` for
 * GitHub code scanning. Every finding carries its policy's remediation and, where the SDK
 * recorded it, the program line that declared the resource.
 */
import { sarifLog } from "./sarif";
import type { CheckResult, CheckViolation } from "./run-check";

export const FORMATS = ["text", "json", "markdown", "github", "sarif"] as const;
export type ReportFormat = (typeof FORMATS)[number];

/** Marker a workflow can use to find and update its own PR comment. */
export const MARKDOWN_MARKER = "<!-- messaging-estate-policy-check -->";

/** True when a mandatory violation was found: the check fails. */
export function hasMandatory(result: Pick<CheckResult, "violations">): boolean {
  return result.violations.some((v) => v.enforcementLevel === "mandatory");
}

const LEVEL_ORDER: Record<string, number> = {
  mandatory: 0,
  remediate: 1,
  advisory: 2,
  disabled: 3,
};

const byLevel = (a: { enforcementLevel: string }, b: { enforcementLevel: string }) =>
  (LEVEL_ORDER[a.enforcementLevel] ?? 9) - (LEVEL_ORDER[b.enforcementLevel] ?? 9);

/** Violations, mandatory first, otherwise in the order found. */
function ordered(violations: readonly CheckViolation[]): CheckViolation[] {
  return violations
    .map((v, i) => ({ v, i }))
    .sort((a, b) => byLevel(a.v, b.v) || a.i - b.i)
    .map(({ v }) => v);
}

/** Findings per enforcement level; `mandatory` and `advisory` are always present. */
export function countsByLevel(result: Pick<CheckResult, "violations">): Record<string, number> {
  const counts: Record<string, number> = { mandatory: 0, advisory: 0 };
  for (const v of result.violations)
    counts[v.enforcementLevel] = (counts[v.enforcementLevel] ?? 0) + 1;
  return counts;
}

function counts(result: CheckResult): { mandatory: number; advisory: number } {
  const all = countsByLevel(result);
  return { mandatory: all.mandatory, advisory: result.violations.length - all.mandatory };
}

const shortType = (type: string) => type.split(":").pop() ?? type;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const where = (v: CheckViolation) =>
  v.location ? `${v.location.file}:${v.location.line}:${v.location.column}` : undefined;

/**
 * The JSON report: what ran (stack, program, pack name and version), how many resources,
 * findings counted by level, every finding with its remediation steps and location, and
 * what could not be verified offline (the unanswered invokes and the resources computed
 * from them).
 */
export function jsonReport(result: CheckResult): string {
  return JSON.stringify(
    {
      stack: result.stack,
      project: result.project,
      program: result.program,
      ...(result.stackFile ? { stackFile: result.stackFile } : {}),
      pack: result.pack,
      resources: result.resources,
      passed: !hasMandatory(result),
      counts: countsByLevel(result),
      violations: result.violations.map((v) => ({
        policy: v.policy,
        enforcementLevel: v.enforcementLevel,
        severity: v.severity,
        resourceType: v.resourceType,
        resourceName: v.resourceName,
        urn: v.urn,
        message: v.message,
        remediationSteps: v.remediationSteps,
        ...(v.location ? { location: v.location } : {}),
      })),
      couldNotVerify: {
        invokes: result.unansweredInvokes,
        resources: result.violations
          .filter((v) => v.policy === "could-not-verify")
          .map((v) => v.urn),
      },
      remediations: result.remediations,
      warnings: result.warnings,
    },
    null,
    2,
  );
}

/** Plain text. */
export function textReport(result: CheckResult): string {
  const lines = [
    `Policy check of stack ${result.stack} (${result.program}) with ${result.pack.name}@${result.pack.version}: ${plural(result.resources, "resource")}`,
  ];
  for (const warning of result.warnings) lines.push(`warning: ${warning}`);
  for (const v of ordered(result.violations)) {
    lines.push("");
    lines.push(`${v.enforcementLevel.toUpperCase()} [${v.severity}] ${v.policy}`);
    lines.push(
      `  ${shortType(v.resourceType)} ${v.resourceName}${where(v) ? ` (${where(v)})` : ""}`,
    );
    for (const line of v.message.split("\n")) lines.push(`  ${line}`);
    if (v.remediationSteps) lines.push(`  fix: ${v.remediationSteps}`);
  }
  for (const r of result.remediations) {
    lines.push("");
    lines.push(`REMEDIATED ${r.policy}: ${shortType(r.resourceType)} ${r.resourceName}`);
  }
  const { mandatory, advisory } = counts(result);
  lines.push("");
  lines.push(
    mandatory > 0
      ? `FAILED: ${plural(mandatory, "mandatory violation")}, ${plural(advisory, "advisory violation")}`
      : `PASSED: no mandatory violations, ${plural(advisory, "advisory violation")}`,
  );
  return lines.join("\n");
}

/** Escapes text for a markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>");
}

/** Escapes text for HTML (inside `<summary>`). */
function html(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Findings grouped by policy, groups in level order, then by first appearance. */
function groups(result: CheckResult): Array<{ policy: string; violations: CheckViolation[] }> {
  const map = new Map<string, CheckViolation[]>();
  for (const v of ordered(result.violations)) map.set(v.policy, [...(map.get(v.policy) ?? []), v]);
  return [...map].map(([policy, violations]) => ({ policy, violations }));
}

/** A pull-request comment: findings grouped by policy with the fix, advisories collapsed. */
export function markdownReport(result: CheckResult): string {
  const { mandatory, advisory } = counts(result);
  const status = mandatory > 0 ? "❌ **Failed**" : "✅ **Passed**";
  const lines = [
    MARKDOWN_MARKER,
    `### Policy check: stack \`${result.stack}\``,
    "",
    `${status}: ${plural(mandatory, "mandatory violation")}, ${plural(advisory, "advisory violation")} across ${plural(result.resources, "resource")} (policy pack \`${result.pack.name}@${result.pack.version}\`, program \`${result.program}\`).`,
  ];
  for (const group of groups(result)) {
    const first = group.violations[0];
    const policy = result.policies.find((p) => p.name === group.policy);
    const fix = first.remediationSteps || policy?.remediationSteps || "";
    const table = [
      "| Resource | Where | Finding |",
      "| --- | --- | --- |",
      ...group.violations.map(
        (v) =>
          `| \`${cell(v.resourceName)}\` (${cell(shortType(v.resourceType))}) | ${where(v) ? `\`${cell(where(v)!)}\`` : "stack"} | ${cell(v.message)} |`,
      ),
    ];
    const count = plural(group.violations.length, "finding");
    const heading = `\`${group.policy}\` (${first.enforcementLevel}, ${first.severity}): ${count}`;
    lines.push("");
    if (first.enforcementLevel === "mandatory") {
      lines.push(`#### ❌ ${heading}`, "");
      if (fix) lines.push(`**Fix:** ${fix}`, "");
      lines.push(...table);
    } else {
      lines.push(
        "<details>",
        `<summary>⚠️ <code>${html(group.policy)}</code> (${first.enforcementLevel}, ${first.severity}): ${count}</summary>`,
        "",
      );
      if (fix) lines.push(`**Fix:** ${fix}`, "");
      lines.push(...table, "", "</details>");
    }
  }
  if (result.unansweredInvokes.length > 0) {
    lines.push(
      "",
      "#### Could not verify offline",
      "",
      "These functions only AWS can answer; resources computed from them are listed under `could-not-verify` above.",
      "",
      ...result.unansweredInvokes.map(
        (i) =>
          `- \`${i.token}\`${i.unknownFields.length > 0 ? ` (${i.unknownFields.map((f) => `\`${f}\``).join(", ")})` : ""}: ${i.reason}`,
      ),
    );
  }
  if (result.remediations.length > 0) {
    lines.push(
      "",
      "#### Remediated",
      "",
      ...result.remediations.map(
        (r) => `- \`${r.policy}\` changed \`${r.resourceName}\` (${shortType(r.resourceType)})`,
      ),
    );
  }
  if (result.warnings.length > 0) {
    lines.push("", ...result.warnings.map((w) => `> ⚠️ ${cell(w)}`));
  }
  lines.push(
    "",
    "<sub>Offline check: the program ran under mocks; no cloud credentials were used.</sub>",
  );
  return lines.join("\n");
}

/** Escapes workflow-command data. */
function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escapes workflow-command property values. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/**
 * GitHub Actions annotations: errors for mandatory violations, warnings for the rest, each
 * at the program line that declared the resource (else the stack file), with the fix.
 */
export function githubReport(result: CheckResult): string {
  const fallback = result.stackFile ?? result.program;
  const lines = ordered(result.violations).map((v) => {
    const command = v.enforcementLevel === "mandatory" ? "error" : "warning";
    const title = `${v.policy} (${v.enforcementLevel}, ${v.severity})`;
    const file = v.location?.file ?? fallback;
    const position = v.location ? `,line=${v.location.line},col=${v.location.column}` : ",line=1";
    const fix = v.remediationSteps ? `\nFix: ${v.remediationSteps}` : "";
    return `::${command} file=${escapeProperty(file)}${position},title=${escapeProperty(title)}::${escapeData(`${v.resourceName} (${shortType(v.resourceType)}): ${v.message}${fix}`)}`;
  });
  for (const warning of result.warnings)
    lines.push(`::warning title=policy check::${escapeData(warning)}`);
  const { mandatory, advisory } = counts(result);
  lines.push(
    `${mandatory > 0 ? "Policy check failed" : "Policy check passed"} for stack ${result.stack}: ${plural(mandatory, "mandatory violation")}, ${plural(advisory, "advisory violation")}, ${plural(result.resources, "resource")}.`,
  );
  return lines.join("\n");
}

/** SARIF 2.1.0 (see `sarif.ts`). */
export function sarifReport(result: CheckResult): string {
  return JSON.stringify(sarifLog(result), null, 2);
}

/** Renders a result in the given format. */
export function renderReport(result: CheckResult, format: ReportFormat): string {
  switch (format) {
    case "json":
      return jsonReport(result);
    case "markdown":
      return markdownReport(result);
    case "github":
      return githubReport(result);
    case "sarif":
      return sarifReport(result);
    case "text":
      return textReport(result);
  }
}
