/**
 * What the offline check could not verify. An invoke the engine cannot answer returns
 * unknown values (never its arguments echoed back); resources computed from them reach the
 * pack with unknown inputs, which policies cannot judge. Each such resource gets an
 * advisory finding naming the properties and the invokes, so a reviewer never mistakes
 * "nothing found" for "nothing wrong".
 */
import type { UnansweredInvoke } from "../../engine/aws-mocks";
import { UNKNOWN, type AnalyzerResourceSpec, type WireValue } from "./analyzer-resources";

/** Name the findings carry in reports (as if a policy of the check itself). */
export const COULD_NOT_VERIFY = "could-not-verify";

/** Remediation the findings carry. */
export const COULD_NOT_VERIFY_REMEDIATION =
  "Run pulumi preview with the policy pack and credentials for the stack's account, which answers these functions from AWS; or compute the values from config or from resources the program declares, which the offline check can see.";

/** The findings' entry in a report's list of policies. */
export const COULD_NOT_VERIFY_POLICY = {
  name: COULD_NOT_VERIFY,
  description:
    "The offline check could not verify these properties: they are computed from functions (invokes) only AWS can answer, so no policy could judge them.",
  enforcementLevel: "advisory" as const,
  severity: "medium",
  remediationSteps: COULD_NOT_VERIFY_REMEDIATION,
  url: "",
};

/** A resource the check could not verify. */
export interface UnverifiedResource {
  spec: AnalyzerResourceSpec;
  /** Input paths (`a.b[0]`) whose values are unknown. */
  properties: string[];
  message: string;
}

/** Paths of unknown values inside a wire value. */
function unknownPaths(value: WireValue, at: string, out: string[]): void {
  if (value === UNKNOWN) {
    out.push(at);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => unknownPaths(item, `${at}[${i}]`, out));
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      unknownPaths(item, at ? `${at}.${key}` : key, out);
    }
  }
}

function invokeText(invoke: UnansweredInvoke): string {
  const fields = invoke.unknownFields.length > 0 ? ` (${invoke.unknownFields.join(", ")})` : "";
  return `${invoke.token}(${invoke.args})${fields}: ${invoke.reason}`;
}

/**
 * Resources whose inputs hold unknown values the run's unanswered invokes explain: the
 * top-level properties that are unknown without having been computed from another
 * resource (an output a preview would not know yet is a preview's ordinary unknown).
 */
export function unverifiedResources(
  specs: readonly AnalyzerResourceSpec[],
  invokes: readonly UnansweredInvoke[],
): UnverifiedResource[] {
  const out: UnverifiedResource[] = [];
  for (const spec of specs) {
    if (!spec.custom || spec.synthesized) continue;
    const properties: string[] = [];
    for (const [key, value] of Object.entries(spec.inputs)) {
      if ((spec.propertyDependencies[key]?.length ?? 0) > 0) continue;
      unknownPaths(value, key, properties);
    }
    if (properties.length === 0) continue;
    const cause =
      invokes.length === 0
        ? "values that are unknown offline"
        : invokes.length === 1
          ? `the result of ${invokeText(invokes[0])}`
          : `results the offline engine could not answer, from one of: ${invokes.map(invokeText).join("; ")}`;
    out.push({
      spec,
      properties,
      message: `Could not verify ${properties.join(", ")}: computed from ${cause}. Policies that read these properties could not check them.`,
    });
  }
  return out;
}
