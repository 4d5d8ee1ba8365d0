/**
 * Renderings of a check result: `text` for people at a terminal, `json` for machines,
 * `markdown` for a pull-request comment, `github` for workflow annotations.
 */
import type { CheckResult, CheckViolation } from "./run-check";

export const FORMATS = ["text", "json", "markdown", "github"] as const;
export type ReportFormat = (typeof FORMATS)[number];

/** Marker a workflow can use to find and update its own PR comment. */
export const MARKDOWN_MARKER = "<!-- messaging-estate-policy-check -->";

/** True when a mandatory violation was found: the check fails. */
export function hasMandatory(result: Pick<CheckResult, "violations">): boolean {
  return result.violations.some((v) => v.enforcementLevel === "mandatory");
}

/** The JSON report: `{ resources, violations }`, nothing else, so consumers can rely on it. */
export function jsonReport(result: CheckResult): string {
  return JSON.stringify({ resources: result.resources, violations: result.violations }, null, 2);
}

const LEVEL_ORDER: Record<string, number> = {
  mandatory: 0,
  remediate: 1,
  advisory: 2,
  disabled: 3,
};

/** Violations, mandatory first, otherwise in the order found. */
function ordered(violations: readonly CheckViolation[]): CheckViolation[] {
  return violations
    .map((v, i) => ({ v, i }))
    .sort(
      (a, b) =>
        (LEVEL_ORDER[a.v.enforcementLevel] ?? 9) - (LEVEL_ORDER[b.v.enforcementLevel] ?? 9) ||
        a.i - b.i,
    )
    .map(({ v }) => v);
}

function counts(result: CheckResult): { mandatory: number; advisory: number } {
  const mandatory = result.violations.filter((v) => v.enforcementLevel === "mandatory").length;
  return { mandatory, advisory: result.violations.length - mandatory };
}

const shortType = (type: string) => type.split(":").pop() ?? type;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Plain text. */
export function textReport(result: CheckResult): string {
  const lines = [
    `Policy check of stack ${result.stack} (${result.program}) with ${result.pack.name}@${result.pack.version}: ${plural(result.resources, "resource")}`,
  ];
  for (const warning of result.warnings) lines.push(`warning: ${warning}`);
  for (const v of ordered(result.violations)) {
    lines.push("");
    lines.push(`${v.enforcementLevel.toUpperCase()} [${v.severity}] ${v.policy}`);
    lines.push(`  ${shortType(v.resourceType)} ${v.resourceName}`);
    for (const line of v.message.split("\n")) lines.push(`  ${line}`);
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

/** A pull-request comment. */
export function markdownReport(result: CheckResult): string {
  const { mandatory, advisory } = counts(result);
  const status = mandatory > 0 ? "❌ **Failed**" : "✅ **Passed**";
  const lines = [
    MARKDOWN_MARKER,
    `### Policy check: stack \`${result.stack}\``,
    "",
    `${status}: ${plural(mandatory, "mandatory violation")}, ${plural(advisory, "advisory violation")} across ${plural(result.resources, "resource")} (policy pack \`${result.pack.name}@${result.pack.version}\`, program \`${result.program}\`).`,
  ];
  if (result.violations.length > 0) {
    lines.push("", "| Level | Policy | Resource | Message |", "| --- | --- | --- | --- |");
    for (const v of ordered(result.violations)) {
      lines.push(
        `| ${v.enforcementLevel} (${v.severity}) | \`${v.policy}\` | \`${cell(v.resourceName)}\` (${cell(shortType(v.resourceType))}) | ${cell(v.message)} |`,
      );
    }
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

/** GitHub Actions annotations: errors for mandatory violations, warnings for the rest. */
export function githubReport(result: CheckResult): string {
  const file = result.stackFile ?? result.program;
  const lines = ordered(result.violations).map((v) => {
    const command = v.enforcementLevel === "mandatory" ? "error" : "warning";
    const title = `${v.policy} (${v.enforcementLevel}, ${v.severity})`;
    return `::${command} file=${escapeProperty(file)},title=${escapeProperty(title)}::${escapeData(`${v.resourceName} (${shortType(v.resourceType)}): ${v.message}`)}`;
  });
  for (const warning of result.warnings)
    lines.push(`::warning title=policy config::${escapeData(warning)}`);
  const { mandatory, advisory } = counts(result);
  lines.push(
    `${mandatory > 0 ? "Policy check failed" : "Policy check passed"} for stack ${result.stack}: ${plural(mandatory, "mandatory violation")}, ${plural(advisory, "advisory violation")}, ${plural(result.resources, "resource")}.`,
  );
  return lines.join("\n");
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
    case "text":
      return textReport(result);
  }
}
