/**
 * A resource monitor for offline runs: Pulumi's own `MockMonitor`, plus a record of every
 * registration with the options the real engine would see (parent, provider, protect,
 * retainOnDelete, aliases...). Policies and tests need those options; the stock mock
 * monitor drops them.
 */
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import type { Mocks } from "@pulumi/pulumi/runtime/mocks";

/** One resource as the offline engine saw it registered. */
export interface RecordedResource {
  urn: string;
  type: string;
  name: string;
  /** True for custom (provider-managed) resources, false for components and the stack. */
  custom: boolean;
  /** Parent URN; empty for the stack itself. */
  parent: string;
  /** Provider reference `<provider-urn>::<provider-id>`, empty for the default provider. */
  provider: string;
  id: string;
  /** Inputs the program passed; secret values stay wrapped in Pulumi's secret signature object. */
  inputs: Record<string, unknown>;
  /** Top-level input keys the program passed as secrets: printers must not show their values. */
  secretInputs: string[];
  /** Outputs the mocks returned (what AWS would report). */
  outputs: Record<string, unknown>;
  protect: boolean;
  retainOnDelete: boolean;
  deleteBeforeReplace: boolean;
  ignoreChanges: string[];
  additionalSecretOutputs: string[];
  dependencies: string[];
  /** URNs each input property was computed from (what the CLI forwards to policy packs). */
  propertyDependencies: Record<string, string[]>;
  /** Alias specs as names/URNs, for rename checks. */
  aliases: string[];
  /** Resolved AWS Region, when the resource is regional. */
  region?: string;
  /** Account the resource lives in (its explicit provider's, else the run's), for cloud resources. */
  account?: string;
}

type RegisterRequest = {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getProvider(): string;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
  getProtect(): boolean | undefined;
  getRetainondelete(): boolean | undefined;
  getDeletebeforereplace(): boolean;
  getIgnorechangesList(): string[];
  getAdditionalsecretoutputsList(): string[];
  getDependenciesList(): string[];
  getPropertydependenciesMap(): {
    forEach(fn: (value: { getUrnsList(): string[] }, key: string) => void): void;
  };
  getAliasesList(): Array<{ getUrn(): string; getSpec(): { getName(): string } | undefined }>;
};

const STACK_TYPE = "pulumi:pulumi:Stack";

/** Records registrations in order; URNs follow the engine's rules (stack children are not type-qualified). */
export class RecordingMonitor extends MockMonitor {
  readonly records: RecordedResource[] = [];
  private readonly byUrn = new Map<string, RecordedResource>();

  constructor(mocks: Mocks) {
    super(mocks);
    // The stock mock qualifies a child's type with the stack's type; the real engine does not.
    (this as unknown as { newUrn: (p: string, t: string, n: string) => string }).newUrn = (
      parent,
      type,
      name,
    ) => {
      let qualified = type;
      if (parent) {
        const parentType = parent.split("::")[2];
        if (parentType !== STACK_TYPE) qualified = `${parentType}$${type}`;
      }
      return `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${qualified}::${name}`;
    };
  }

  override async registerResource(
    req: unknown,
    callback: (err: unknown, response: unknown) => void,
  ): Promise<void> {
    const request = req as RegisterRequest;
    const done = (err: unknown, response: unknown) => {
      if (!err && response) this.record(request, response as { getUrn(): string; getId(): string });
      callback(err, response);
    };
    return super.registerResource(req, done);
  }

  override registerResourceOutputs(
    req: unknown,
    callback: (err: unknown, response: unknown) => void,
  ): void {
    const request = req as {
      getUrn(): string;
      getOutputs(): { toJavaScript(): Record<string, unknown> } | undefined;
    };
    const record = this.byUrn.get(request.getUrn());
    if (record && !record.custom) record.outputs = request.getOutputs()?.toJavaScript() ?? {};
    super.registerResourceOutputs(req, callback);
  }

  private record(req: RegisterRequest, response: { getUrn(): string; getId(): string }): void {
    const urn = response.getUrn();
    const state = this.resources.get(urn)?.state ?? {};
    const record: RecordedResource = {
      urn,
      type: req.getType(),
      name: req.getName(),
      custom: req.getCustom(),
      parent: req.getParent(),
      provider: req.getProvider(),
      id: response.getId(),
      inputs: recordedInputs(req.getObject()?.toJavaScript() ?? {}),
      secretInputs: Object.entries(req.getObject()?.toJavaScript() ?? {})
        .filter(([, value]) => isSecretSignature(value))
        .map(([key]) => key),
      outputs: plain(state),
      protect: req.getProtect() === true,
      retainOnDelete: req.getRetainondelete() === true,
      deleteBeforeReplace: req.getDeletebeforereplace(),
      ignoreChanges: req.getIgnorechangesList(),
      additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
      dependencies: req.getDependenciesList(),
      propertyDependencies: propertyDependenciesOf(req),
      aliases: req
        .getAliasesList()
        .map((alias) => alias.getUrn() || alias.getSpec()?.getName() || ""),
    };
    this.records.push(record);
    this.byUrn.set(urn, record);
  }
}

/** The request's property → URNs map, as plain data. */
function propertyDependenciesOf(req: RegisterRequest): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  req.getPropertydependenciesMap().forEach((value, key) => {
    out[key] = value.getUrnsList();
  });
  return out;
}

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";

/**
 * An asset or archive input as the engine receives it: by content (`text`), or by
 * `path`/`uri`, archives holding their members under `assets`. Plain data, so two records
 * compare by what the code is rather than by object identity.
 */
export interface RecordedAsset {
  [SIG_KEY]: typeof ASSET_SIG | typeof ARCHIVE_SIG;
  text?: string;
  path?: string;
  uri?: string;
  assets?: Record<string, RecordedAsset>;
}

/** True for an asset or archive recorded by content (see {@link RecordedAsset}). */
export function isRecordedAsset(value: unknown): value is RecordedAsset {
  return recordedAssetKind(value) !== undefined;
}

/** "asset" or "archive" for a recorded asset or archive, else undefined. */
export function recordedAssetKind(value: unknown): "asset" | "archive" | undefined {
  const sig = value && typeof value === "object" && (value as Record<string, unknown>)[SIG_KEY];
  return sig === ASSET_SIG ? "asset" : sig === ARCHIVE_SIG ? "archive" : undefined;
}

/**
 * Deserializes a registration's inputs as the SDK would, except assets and archives: the
 * SDK turns them back into objects whose contents sit in promises (compared by identity
 * from Node.js 24 on, and printed as `{}`), so they are kept in their serialized form,
 * which carries the content itself.
 */
function recordedInputs(wire: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // As the SDK does: a property whose value is undefined does not exist.
  for (const [key, value] of Object.entries(wire)) {
    if (value !== undefined) out[key] = recordedValue(value);
  }
  return out;
}

function recordedValue(value: unknown): unknown {
  if (isRecordedAsset(value)) return recordedAsset(value);
  if (Array.isArray(value) && value.some(containsAsset)) return value.map(recordedValue);
  if (isPlainObject(value) && !(SIG_KEY in value) && containsAsset(value)) {
    return recordedInputs(value);
  }
  return pulumi.runtime.deserializeProperty(value);
}

function recordedAsset(value: RecordedAsset): RecordedAsset {
  const out: RecordedAsset = { [SIG_KEY]: value[SIG_KEY] };
  for (const key of ["text", "path", "uri"] as const) {
    if (typeof value[key] === "string") out[key] = value[key];
  }
  if (value.assets) {
    out.assets = Object.fromEntries(
      Object.entries(value.assets).map(([name, member]) => [name, recordedAsset(member)]),
    );
  }
  return out;
}

function containsAsset(value: unknown): boolean {
  if (isRecordedAsset(value)) return true;
  if (Array.isArray(value)) return value.some(containsAsset);
  return isPlainObject(value) && Object.values(value).some(containsAsset);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** True for a serialized secret (`{ <sig key>: <secret sig>, value }` on the wire). */
function isSecretSignature(value: unknown): value is { value: unknown } {
  return (
    value !== null &&
    typeof value === "object" &&
    (value as Record<string, unknown>)[SIG_KEY] === "1b47061264138c4ac30d75fd1eb44270"
  );
}

/** Serialized state back to plain JavaScript (secrets unwrapped: the engine sees them too). */
function plain(state: unknown): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(state, (_key, value: unknown) =>
      isSecretSignature(value) ? value.value : value,
    ),
  ) as Record<string, unknown>;
}
