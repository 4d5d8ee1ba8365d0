/**
 * The check's findings as SARIF 2.1.0, the format GitHub code scanning ingests
 * (`github/codeql-action/upload-sarif`): one run whose driver is the policy pack, one rule
 * per policy (description, remediation as help, security severity), one result per finding
 * located at the program line that declared the resource (the SDK's recorded source
 * position), else at the stack file. Mandatory findings are errors, advisory ones warnings.
 */
import { createHash } from "node:crypto";
import type { Log, ReportingDescriptor, Result } from "sarif";
import type { CheckPolicy, CheckResult, CheckViolation } from "./run-check";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/** GitHub's security-severity scale: critical ≥ 9, high 7–8.9, medium 4–6.9, low < 4. */
const SECURITY_SEVERITY: Record<string, string> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "3.0",
};

function level(enforcementLevel: string): Result.level {
  if (enforcementLevel === "mandatory") return "error";
  if (enforcementLevel === "advisory" || enforcementLevel === "remediate") return "warning";
  return "note";
}

function rule(policy: CheckPolicy): ReportingDescriptor {
  const help = policy.remediationSteps || policy.description;
  return {
    id: policy.name,
    name: policy.name
      .split("-")
      .map((word) => word[0].toUpperCase() + word.slice(1))
      .join(""),
    shortDescription: { text: policy.description.split(/(?<=\.)\s/)[0] },
    fullDescription: { text: policy.description },
    help: { text: help, markdown: `**Fix:** ${help}` },
    ...(policy.url ? { helpUri: policy.url } : {}),
    defaultConfiguration: { level: level(policy.enforcementLevel) },
    properties: {
      tags: ["pulumi", "crossguard", policy.enforcementLevel],
      precision: "high",
      ...(SECURITY_SEVERITY[policy.severity]
        ? { "security-severity": SECURITY_SEVERITY[policy.severity] }
        : {}),
    },
  };
}

/** A fingerprint that survives line moves: the policy and the resource's URN. */
function fingerprint(violation: CheckViolation): string {
  return createHash("sha256")
    .update(`${violation.policy}\0${violation.urn}`)
    .digest("hex")
    .slice(0, 32);
}

/** The SARIF log of a check. */
export function sarifLog(result: CheckResult): Log {
  const fired = new Set(result.violations.map((v) => v.policy));
  const policies = result.policies.filter((p) => fired.has(p.name));
  // A finding of a policy the catalogue does not list still needs a rule.
  for (const name of fired) {
    if (!policies.some((p) => p.name === name)) {
      const sample = result.violations.find((v) => v.policy === name)!;
      policies.push({
        name,
        description: `Policy ${name}.`,
        enforcementLevel: sample.enforcementLevel,
        severity: sample.severity,
        remediationSteps: sample.remediationSteps,
        url: "",
      });
    }
  }
  const index = new Map(policies.map((p, i) => [p.name, i]));
  const fallback = result.stackFile ?? result.program;
  const results: Result[] = result.violations.map((v) => ({
    ruleId: v.policy,
    ruleIndex: index.get(v.policy)!,
    level: level(v.enforcementLevel),
    message: { text: `${v.resourceName} (${v.resourceType.split(":").pop()}): ${v.message}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: v.location?.file ?? fallback, uriBaseId: "%SRCROOT%" },
          region: v.location
            ? { startLine: v.location.line, startColumn: v.location.column }
            : { startLine: 1 },
        },
        logicalLocations: [{ name: v.resourceName, fullyQualifiedName: v.urn, kind: "resource" }],
      },
    ],
    partialFingerprints: { "policyFindingHash/v1": fingerprint(v) },
    properties: {
      enforcementLevel: v.enforcementLevel,
      severity: v.severity,
      resourceType: v.resourceType,
      urn: v.urn,
    },
  }));
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: result.pack.name,
            version: result.pack.version,
            ...(/^\d+\.\d+\.\d+/.test(result.pack.version)
              ? { semanticVersion: result.pack.version }
              : {}),
            rules: policies.map(rule),
          },
        },
        // One category per stack, so code scanning keeps each stack's findings apart.
        automationDetails: { id: `policy-check/${result.project}/${result.stack}/` },
        results,
        properties: { stack: result.stack, program: result.program, resources: result.resources },
      },
    ],
  };
}
