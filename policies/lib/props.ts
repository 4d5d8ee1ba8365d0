/**
 * Reading resource properties the same way for both providers: tags (a map in
 * `@pulumi/aws`, a `{ key, value }` list in aws-native), Regions (a per-resource input in
 * `@pulumi/aws`, the provider's in aws-native) and ARNs.
 */
import { isUnknownValueError, known } from "./policy-kit";

/** The parts of a resource the helpers need (both `ResourceValidationArgs` and `PolicyResource` fit). */
export interface ResourceLike {
  type: string;
  props: Record<string, unknown>;
  provider?: { props: Record<string, unknown> };
}

/** True when a property cannot be known until the update runs (preview of a computed value). */
export function isUnknown(props: Record<string, unknown>, key: string): boolean {
  try {
    void props[key];
    return false;
  } catch (error) {
    if (isUnknownValueError(error)) return true;
    throw error;
  }
}

/** A string property, or undefined when absent, unknown or not a string. */
export function str(props: Record<string, unknown>, key: string): string | undefined {
  const value = known(() => props[key]);
  return typeof value === "string" ? value : undefined;
}

/** A boolean property, or undefined when absent, unknown or not a boolean. */
export function bool(props: Record<string, unknown>, key: string): boolean | undefined {
  const value = known(() => props[key]);
  return typeof value === "boolean" ? value : undefined;
}

/** An object property, or undefined. */
export function obj(
  props: Record<string, unknown>,
  key: string,
): Record<string, unknown> | undefined {
  const value = known(() => props[key]);
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** An array property (empty when absent or unknown). */
export function list(props: Record<string, unknown>, key: string): unknown[] {
  const value = known(() => props[key]);
  return Array.isArray(value) ? value : [];
}

/** Known string elements of an array property. */
export function strings(props: Record<string, unknown>, key: string): string[] {
  const out: string[] = [];
  const items = list(props, key);
  for (let i = 0; i < items.length; i++) {
    const item = known(() => items[i]);
    if (typeof item === "string") out.push(item);
  }
  return out;
}

/** Tags of a resource, from either provider's shape. Unknown tags are left out. */
export function tagsOf(props: Record<string, unknown>): Record<string, string> {
  const raw = known(() => props.tags);
  const out: Record<string, string> = {};
  if (Array.isArray(raw)) {
    for (let i = 0; i < raw.length; i++) {
      const tag = known(() => raw[i]) as Record<string, unknown> | undefined;
      const key = tag && str(tag, "key");
      const value = tag && str(tag, "value");
      if (key !== undefined && value !== undefined) out[key] = value;
    }
  } else if (raw && typeof raw === "object") {
    for (const key of Object.keys(raw)) {
      const value = str(raw as Record<string, unknown>, key);
      if (value !== undefined) out[key] = value;
    }
  }
  return out;
}

/** True when the resource declares tags at all (the property is present). */
export function hasTagsProperty(props: Record<string, unknown>): boolean {
  return known(() => props.tags) !== undefined;
}

/** The parts of an ARN, or undefined when the value is not an ARN. */
export interface ArnParts {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

/** Splits `arn:<partition>:<service>:<region>:<account>:<resource>`. */
export function parseArn(value: string | undefined): ArnParts | undefined {
  if (!value || !value.startsWith("arn:")) return undefined;
  const parts = value.split(":");
  if (parts.length < 6) return undefined;
  const [, partition, service, region, account] = parts;
  return { partition, service, region, account, resource: parts.slice(5).join(":") };
}

/**
 * Region of a resource: its own `region` (`@pulumi/aws` 7 inputs and outputs), else its
 * provider's `region` (aws-native, or an aws resource that names none), else its ARN's.
 */
export function regionOf(resource: ResourceLike): string | undefined {
  const own = str(resource.props, "region");
  if (own) return own;
  const fromProvider = resource.provider ? str(resource.provider.props, "region") : undefined;
  if (fromProvider) return fromProvider;
  const fromArn = parseArn(str(resource.props, "arn"))?.region;
  return fromArn || undefined;
}

/** Last path segment of an ARN's resource part, or the value itself when it is not an ARN. */
export function nameFromArnOrName(value: string): string {
  const parsed = parseArn(value);
  if (!parsed) return value;
  const segments = parsed.resource.split("/");
  return segments[segments.length - 1];
}
