/**
 * A resource monitor for offline runs: Pulumi's own `MockMonitor`, plus what the engine
 * does before a registration reaches a provider and a record of every registration with the
 * options the real engine would see (parent, provider, protect, retainOnDelete, aliases,
 * custom timeouts, the program's source position...). Like the engine it applies resource
 * and invoke transforms (`transforms.ts`), fills in the names the provider's `Check`
 * generates (`autonaming.ts`), and refuses a second registration of the same URN.
 */
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import type { Mocks } from "@pulumi/pulumi/runtime/mocks";
import * as structProto from "google-protobuf/google/protobuf/struct_pb";
import {
  applyInvokeTransforms,
  applyResourceTransforms,
  CallbackInvoker,
  type CallbackRef,
  type TransformableInvoke,
  type TransformableRequest,
} from "./transforms";
import { aliasUrn, urnOf, type AliasLike } from "./urns";

/** Where in the program a resource was declared. */
export interface SourcePosition {
  /** Absolute path of the file. */
  file: string;
  line: number;
  column: number;
}

/** Custom timeouts in seconds, as the engine hands them to analyzers (0 = provider default). */
export interface RecordedTimeouts {
  create: number;
  update: number;
  delete: number;
}

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
  /**
   * Inputs as the provider's `Check` returns them: what the program passed (after
   * transforms), plus any physical name the provider generates. Secret values stay wrapped
   * in Pulumi's secret signature object.
   */
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
  /** Every alias as the URN it names (alias specs resolved the way the engine resolves them). */
  aliases: string[];
  /** Custom timeouts, in seconds. */
  customTimeouts: RecordedTimeouts;
  /**
   * Where the program declared the resource: the first frame of the SDK's stack trace that
   * is not inside `node_modules` (the user's own code), else the SDK's own source position.
   */
  sourcePosition?: SourcePosition;
  /** Resolved AWS Region, when the resource is regional. */
  region?: string;
  /** Account the resource lives in (its explicit provider's, else the run's), for cloud resources. */
  account?: string;
}

type PositionMessage = { getUri(): string; getLine(): number; getColumn(): number };

type RegisterRequest = TransformableRequest & {
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
  getPropertydependenciesMap(): {
    forEach(fn: (value: { getUrnsList(): string[] }, key: string) => void): void;
  };
  getSourceposition?(): PositionMessage | undefined;
  getStacktrace?():
    { getFramesList(): Array<{ getPc(): PositionMessage | undefined }> } | undefined;
};

/** A registration the engine refuses. */
export class RegistrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RegistrationError";
  }
}

/** Go duration text (`"5m"`, `"1h30m"`, `"90s"`) in seconds; 0 when empty or unreadable. */
export function durationSeconds(text: string): number {
  if (!text) return 0;
  const units: Record<string, number> = {
    ns: 1e-9,
    us: 1e-6,
    µs: 1e-6,
    ms: 1e-3,
    s: 1,
    m: 60,
    h: 3600,
  };
  let total = 0;
  let rest = text.trim();
  const sign = rest.startsWith("-") ? -1 : 1;
  rest = rest.replace(/^[-+]/, "");
  while (rest) {
    const match = /^(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/.exec(rest);
    if (!match) return 0;
    total += Number(match[1]) * units[match[2]];
    rest = rest.slice(match[0].length);
  }
  return sign * total;
}

function position(message: PositionMessage | undefined): SourcePosition | undefined {
  if (!message || !message.getUri()) return undefined;
  let file = message.getUri();
  try {
    file = fileURLToPath(file);
  } catch {
    // Not a file URL: keep it as given.
  }
  return { file, line: message.getLine(), column: message.getColumn() };
}

const NODE_MODULES = /[\\/]node_modules[\\/]/;
/** This engine's own files, which start programs but never declare their resources. */
const ENGINE_DIR = __dirname + path.sep;

/** The user's code that declared the resource (see {@link RecordedResource.sourcePosition}). */
function sourcePositionOf(req: RegisterRequest): SourcePosition | undefined {
  const frames = (req.getStacktrace?.()?.getFramesList() ?? [])
    .map((frame) => position(frame.getPc()))
    .filter((p): p is SourcePosition => !!p);
  const own = frames.find(
    (frame) => !NODE_MODULES.test(frame.file) && !frame.file.startsWith(ENGINE_DIR),
  );
  return own ?? position(req.getSourceposition?.());
}

function where(p: SourcePosition | undefined): string {
  return p ? `${p.file}:${p.line}:${p.column}` : "an unknown position";
}

const STACK_TYPE = "pulumi:pulumi:Stack";

/** Mocks that can say what the provider's `Check` adds (AwsMocks can). */
interface CheckingMocks extends Mocks {
  checkedInputs?(
    type: string,
    name: string,
    urn: string,
    inputs: Record<string, unknown>,
  ): Record<string, unknown> | undefined;
}

/** Records registrations in order; URNs follow the engine's rules (stack children are not type-qualified). */
export class RecordingMonitor extends MockMonitor {
  readonly records: RecordedResource[] = [];
  /** Called with each record as it is made (the check analyzes resources as they register). */
  onRecord?: (record: RecordedResource) => void;
  private readonly byUrn = new Map<string, RecordedResource>();
  /** Every URN registered so far, with where (duplicates are refused). */
  private readonly registered = new Map<string, SourcePosition | undefined>();
  private readonly stackTransforms: CallbackRef[] = [];
  private readonly invokeTransforms: CallbackRef[] = [];
  /** Each resource's own transforms and its parent, for its children's registrations. */
  private readonly ownTransforms = new Map<string, CallbackRef[]>();
  private readonly parents = new Map<string, string>();
  private readonly invoker = new CallbackInvoker();

  constructor(mocks: Mocks) {
    super(mocks);
    // The stock mock qualifies a child's type with the stack's type; the real engine does not.
    (this as unknown as { newUrn: (p: string, t: string, n: string) => string }).newUrn = (
      parent,
      type,
      name,
    ) => urnOf(pulumi.getStack(), pulumi.getProject(), parent, type, name);
  }

  private urnOf(req: { getParent(): string; getType(): string; getName(): string }): string {
    return urnOf(
      pulumi.getStack(),
      pulumi.getProject(),
      req.getParent(),
      req.getType(),
      req.getName(),
    );
  }

  /** Transforms that apply to a registration: its own, each ancestor's, then the stack's. */
  private transformsFor(req: RegisterRequest): CallbackRef[] {
    const out = [...req.getTransformsList()];
    for (let parent = req.getParent(); parent; parent = this.parents.get(parent) ?? "") {
      out.push(...(this.ownTransforms.get(parent) ?? []));
    }
    return [...out, ...this.stackTransforms];
  }

  override async registerResource(
    req: unknown,
    callback: (err: unknown, response: unknown) => void,
  ): Promise<void> {
    const request = req as RegisterRequest;
    const urn = this.urnOf(request);
    const declaredAt = sourcePositionOf(request);
    if (this.registered.has(urn)) {
      callback(
        new RegistrationError(
          `duplicate resource URN ${urn}: ${request.getType()} "${request.getName()}" is registered twice, first at ${where(this.registered.get(urn))} and again at ${where(declaredAt)}; give one of them a unique name (pulumi up refuses the second)`,
        ),
        undefined,
      );
      return;
    }
    this.registered.set(urn, declaredAt);
    this.parents.set(urn, request.getParent());
    this.ownTransforms.set(urn, [...request.getTransformsList()]);
    try {
      const transforms = this.transformsFor(request);
      if (request.getType() !== STACK_TYPE && transforms.length > 0) {
        await applyResourceTransforms(request, transforms, this.invoker);
      }
      if (request.getCustom()) {
        const checked = (this.mocks as CheckingMocks).checkedInputs?.(
          request.getType(),
          request.getName(),
          urn,
          request.getObject()?.toJavaScript() ?? {},
        );
        if (checked) {
          request.setObject(
            structProto.Struct.fromJavaScript(
              checked as Record<string, structProto.JavaScriptValue>,
            ),
          );
        }
      }
    } catch (error) {
      callback(error, undefined);
      return;
    }
    const done = (err: unknown, response: unknown) => {
      if (!err && response)
        this.record(request, response as { getUrn(): string; getId(): string }, declaredAt);
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

  /** `registerResourceTransform`: applies to every resource registered from now on. */
  override registerStackTransform(
    req: unknown,
    callback: (err: unknown, response: unknown) => void,
  ): void {
    this.stackTransforms.push(req as CallbackRef);
    callback(null, {});
  }

  /** `registerInvokeTransform`: applies to every invoke from now on. */
  override registerStackInvokeTransform(
    req: unknown,
    callback: (err: unknown, response: unknown) => void,
  ): void {
    this.invokeTransforms.push(req as CallbackRef);
    callback(null, {});
  }

  override async invoke(
    req: unknown,
    callback: (err: unknown, response: unknown) => void,
  ): Promise<void> {
    if (this.invokeTransforms.length > 0) {
      try {
        await applyInvokeTransforms(
          req as TransformableInvoke,
          this.invokeTransforms,
          this.invoker,
        );
      } catch (error) {
        callback(error, undefined);
        return;
      }
    }
    return super.invoke(req, callback);
  }

  /** Releases the connections to the program's callback server. */
  close(): void {
    this.invoker.close();
  }

  private record(
    req: RegisterRequest,
    response: { getUrn(): string; getId(): string },
    sourcePosition: SourcePosition | undefined,
  ): void {
    const urn = response.getUrn();
    const state = this.resources.get(urn)?.state ?? {};
    const wire = req.getObject()?.toJavaScript() ?? {};
    const timeouts = req.getCustomtimeouts();
    const resource = {
      stack: pulumi.getStack(),
      project: pulumi.getProject(),
      parentUrn: req.getParent(),
      type: req.getType(),
      name: req.getName(),
    };
    const record: RecordedResource = {
      urn,
      type: req.getType(),
      name: req.getName(),
      custom: req.getCustom(),
      parent: req.getParent(),
      provider: req.getProvider(),
      id: response.getId(),
      inputs: recordedInputs(wire),
      secretInputs: Object.entries(wire)
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
      aliases: (req.getAliasesList() as AliasLike[])
        .map((alias) => aliasUrn(alias, resource))
        .filter((alias): alias is string => !!alias),
      customTimeouts: {
        create: durationSeconds(timeouts?.getCreate() ?? ""),
        update: durationSeconds(timeouts?.getUpdate() ?? ""),
        delete: durationSeconds(timeouts?.getDelete() ?? ""),
      },
      ...(sourcePosition ? { sourcePosition } : {}),
    };
    this.records.push(record);
    this.byUrn.set(urn, record);
    this.onRecord?.(record);
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
