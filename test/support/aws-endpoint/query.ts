/**
 * The AWS Query protocol, as far as the endpoint speaks it (STS): form-encoded requests naming
 * an `Action`, XML answers wrapped in `<ActionResponse><ActionResult>`, XML errors.
 */
import { randomUUID } from "node:crypto";
import type { JsonObject } from "./protocol";

/** The form fields of a Query request body (`Action`, `Version` and the operation's members). */
export function queryInput(body: string): JsonObject {
  return Object.fromEntries(new URLSearchParams(body));
}

const escapeXml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function toXml(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return value.map((item) => `<member>${toXml(item)}</member>`).join("");
  if (typeof value === "object") {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => `<${k}>${toXml(v)}</${k}>`)
      .join("");
  }
  return escapeXml(String(value));
}

/** `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata/></ActionResponse>`. */
export function queryResponseXml(action: string, output: JsonObject, namespace?: string): string {
  const xmlns = namespace ? ` xmlns="${namespace}"` : "";
  return (
    `<${action}Response${xmlns}><${action}Result>${toXml(output)}</${action}Result>` +
    `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`
  );
}

/** The Query error document; `Sender` for 4xx, `Receiver` for 5xx. */
export function queryErrorXml(code: string, message: string, status: number): string {
  return (
    `<ErrorResponse><Error><Type>${status >= 500 ? "Receiver" : "Sender"}</Type>` +
    `<Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error>` +
    `<RequestId>${randomUUID()}</RequestId></ErrorResponse>`
  );
}
