/**
 * What the Pulumi CLI would send a policy pack about each resource of an offline run, as
 * plain data: `Analyze` gets a custom resource's inputs, `AnalyzeStack` every resource's
 * outputs, both with the resource options and the provider (type, URN, name, inputs) the
 * engine knows. The check tool turns these into protobuf messages; tests turn them into
 * the policy SDK's argument objects. One mapping for both, so the unit tests see exactly
 * what the pack sees over gRPC.
 *
 * Mirrors `pkg/resource/deploy/step_generator.go` of the Pulumi CLI: every registration
 * (custom resources, providers, components and the stack itself) is analyzed; Analyze
 * requests carry protect, ignoreChanges, deleteBeforeReplace, additionalSecretOutputs,
 * aliases (as URNs, alias specs resolved), customTimeouts (seconds) and parent; resources on
 * the default provider get a synthesized `default_<version>` provider whose inputs are the
 * stack's `<package>:*` config plus `version`, as the engine registers it. Each spec also
 * carries where the program declared the resource, for reports (not part of the protocol).
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { RecordedResource, SourcePosition } from "../../engine/recording-monitor";

/** Signature key and values of special objects in the Pulumi wire format. */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** The engine's sentinel for a value that is unknown until the update runs. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A JSON value as the engine puts it on the wire (secrets as signature objects, unknowns as sentinels). */
export type WireValue =
  null | boolean | number | string | WireValue[] | { [key: string]: WireValue };
export type WireObject = { [key: string]: WireValue };

/** `AnalyzerProviderResource`. */
export interface AnalyzerProviderSpec {
  type: string;
  urn: string;
  name: string;
  properties: WireObject;
}

/** `AnalyzerResourceOptions`. */
export interface AnalyzerOptionsSpec {
  protect: boolean;
  ignoreChanges: string[];
  /** Undefined when the program did not set it (the engine then sends `deleteBeforeReplaceDefined: false`). */
  deleteBeforeReplace?: boolean;
  additionalSecretOutputs: string[];
  aliases: string[];
  customTimeouts: { create: number; update: number; delete: number };
  parent: string;
}

/** One resource as the analyzer protocol describes it. */
export interface AnalyzerResourceSpec {
  type: string;
  urn: string;
  name: string;
  /** False for components and the stack (analyzed too, as the CLI does). */
  custom: boolean;
  /** What `Analyze` receives: the resource's inputs. */
  inputs: WireObject;
  /** What `AnalyzeStack` receives: the resource's outputs. */
  outputs: WireObject;
  options: AnalyzerOptionsSpec;
  provider?: AnalyzerProviderSpec;
  parent: string;
  /** URNs of every resource this one depends on (through its inputs or `dependsOn`). */
  dependencies: string[];
  /**
   * For each top-level input property, the URNs of the resources it was computed from, as
   * the CLI sends them in `AnalyzeStack` (the engine's state records them from the
   * program's registration). Stack policies use them to relate resources whose ARNs are
   * unknown during preview. Empty when the run did not record them.
   */
  propertyDependencies: Record<string, string[]>;
  /** True for default providers the engine would register (not recorded by the offline run). */
  synthesized: boolean;
  /** Where the program declared the resource, when the SDK reported it. */
  sourcePosition?: SourcePosition;
}

/** Options of {@link analyzerResources}. */
export interface AnalyzerContext {
  stack: string;
  project: string;
  /** The stack's config (`<namespace>:<key>` → value), as the run used it. Default: none. */
  config?: Record<string, unknown>;
  /** Directory from which provider packages (for their versions) resolve. Default: this repository. */
  resolveFrom?: string;
}

/** Converts a recorded value to its wire form; resolves resource references to their id or URN. */
async function toWire(value: unknown): Promise<WireValue | undefined> {
  if (value === undefined) return undefined;
  if (
    value === null ||
    typeof value === "boolean" ||
    typeof value === "number" ||
    typeof value === "string"
  ) {
    return value;
  }
  if (pulumi.isUnknown(value)) return UNKNOWN;
  if (Array.isArray(value)) {
    const items: WireValue[] = [];
    for (const item of value) items.push((await toWire(item)) ?? null);
    return items;
  }
  if (pulumi.Resource.isInstance(value)) {
    // The engine downgrades resource references for analyzers: custom resources to their
    // id, components to their URN.
    const reference = pulumi.CustomResource.isInstance(value) ? value.id : value.urn;
    const resolved = await (
      reference as unknown as { promise(withUnknowns?: boolean): Promise<unknown> }
    ).promise(true);
    return typeof resolved === "string" ? resolved : UNKNOWN;
  }
  // Assets and archives are recorded in their serialized form already (by content).
  if (typeof value === "object") {
    const out: WireObject = {};
    for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
      const converted = await toWire(field);
      if (converted !== undefined) out[key] = converted;
    }
    return out;
  }
  return String(value);
}

async function toWireObject(value: Record<string, unknown>): Promise<WireObject> {
  return ((await toWire(value)) ?? {}) as WireObject;
}

/** `aws` from `aws:pinpoint/...:X`; the package whose default provider serves a resource. */
export function packageOf(type: string): string {
  return type.split(":")[0];
}

/** Installed version of a Pulumi provider package, e.g. `7.48.0` for `aws`. */
function packageVersion(pkg: string, resolveFrom: string): string | undefined {
  try {
    const file = require.resolve(`@pulumi/${pkg}/package.json`, { paths: [resolveFrom] });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require(file) as { version?: string }).version?.replace(/^v/, "");
  } catch {
    return undefined;
  }
}

/** The stack's `<pkg>:<key>` config as a default provider's inputs. */
function providerConfig(pkg: string, config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    const [namespace, name] = key.split(":");
    if (namespace === pkg && name)
      out[name] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return out;
}

const NO_TIMEOUTS = { create: 0, update: 0, delete: 0 };

/**
 * A recorded resource's property dependencies, when the recording carries them (the
 * register request's `propertyDependencies` map, property → URNs), as the CLI forwards
 * them; properties without dependencies are left out, as the engine's state leaves them.
 */
function propertyDependenciesOf(record: RecordedResource): Record<string, string[]> {
  const recorded = record.propertyDependencies;
  const out: Record<string, string[]> = {};
  for (const [key, urns] of Object.entries(recorded ?? {})) {
    if (urns.length > 0) out[key] = [...urns];
  }
  return out;
}

function optionsOf(record: RecordedResource): AnalyzerOptionsSpec {
  return {
    protect: record.protect,
    ignoreChanges: [...record.ignoreChanges],
    // The recording cannot tell "false" from "unset"; only an explicit true is sent as defined.
    deleteBeforeReplace: record.deleteBeforeReplace ? true : undefined,
    additionalSecretOutputs: [...record.additionalSecretOutputs],
    aliases: [...record.aliases],
    customTimeouts: { ...NO_TIMEOUTS, ...record.customTimeouts },
    parent: record.parent,
  };
}

/**
 * Converts registrations to analyzer specs one at a time, as they happen (the CLI analyzes
 * each resource when the program registers it): a resource on a default provider is
 * preceded, the first time, by the default provider the engine would register for it.
 */
export class AnalyzerSpecBuilder {
  private readonly config: Record<string, unknown>;
  private readonly resolveFrom: string;
  private readonly byUrn = new Map<string, RecordedResource>();
  private readonly providerSpecs = new Map<string, Promise<AnalyzerProviderSpec | undefined>>();
  private readonly defaults = new Map<string, Promise<AnalyzerResourceSpec>>();

  constructor(private readonly context: AnalyzerContext) {
    this.config = context.config ?? {};
    this.resolveFrom = context.resolveFrom ?? path.resolve(__dirname, "..", "..");
  }

  private explicitProvider(reference: string): Promise<AnalyzerProviderSpec | undefined> {
    // A provider reference is `<urn>::<id>`; URNs contain `::` themselves.
    const urn = reference.slice(0, reference.lastIndexOf("::"));
    let spec = this.providerSpecs.get(urn);
    if (!spec) {
      const record = this.byUrn.get(urn);
      spec = record
        ? toWireObject(record.inputs).then((properties) => ({
            type: record.type,
            urn,
            name: record.name,
            properties,
          }))
        : Promise.resolve(undefined);
      this.providerSpecs.set(urn, spec);
    }
    return spec;
  }

  private async defaultProvider(pkg: string): Promise<AnalyzerResourceSpec> {
    const version = packageVersion(pkg, this.resolveFrom);
    const name = version ? `default_${version.replace(/[.-]/g, "_")}` : "default";
    const type = `pulumi:providers:${pkg}`;
    const inputs = await toWireObject({
      ...providerConfig(pkg, this.config),
      ...(version ? { version } : {}),
    });
    return {
      type,
      urn: `urn:pulumi:${this.context.stack}::${this.context.project}::${type}::${name}`,
      name,
      custom: true,
      inputs,
      outputs: inputs,
      options: {
        protect: false,
        ignoreChanges: [],
        additionalSecretOutputs: [],
        aliases: [],
        customTimeouts: { ...NO_TIMEOUTS },
        parent: "",
      },
      parent: "",
      dependencies: [],
      propertyDependencies: {},
      synthesized: true,
    };
  }

  /**
   * The specs of one registration, in order: the default provider the engine registers
   * before the first resource of a package that names no provider, then the resource.
   */
  async add(record: RecordedResource): Promise<AnalyzerResourceSpec[]> {
    this.byUrn.set(record.urn, record);
    const out: AnalyzerResourceSpec[] = [];
    const isProvider = record.type.startsWith("pulumi:providers:");
    let provider: AnalyzerProviderSpec | undefined;
    if (record.custom && !isProvider) {
      if (record.provider) {
        provider = await this.explicitProvider(record.provider);
      } else {
        const pkg = packageOf(record.type);
        let synthesized = this.defaults.get(pkg);
        const first = !synthesized;
        if (!synthesized) {
          synthesized = this.defaultProvider(pkg);
          this.defaults.set(pkg, synthesized);
        }
        const spec = await synthesized;
        if (first) out.push(spec);
        provider = { type: spec.type, urn: spec.urn, name: spec.name, properties: spec.inputs };
      }
    }
    const outputs = await toWireObject(record.outputs);
    // Bridged (`aws:`) resources report their id among their outputs, as `id`.
    if (
      record.custom &&
      record.id &&
      packageOf(record.type) === "aws" &&
      outputs.id === undefined
    ) {
      outputs.id = record.id;
    }
    out.push({
      type: record.type,
      urn: record.urn,
      name: record.name,
      custom: record.custom,
      inputs: await toWireObject(record.inputs),
      outputs,
      options: optionsOf(record),
      provider,
      parent: record.parent,
      dependencies: [...record.dependencies],
      propertyDependencies: propertyDependenciesOf(record),
      synthesized: false,
      ...(record.sourcePosition ? { sourcePosition: record.sourcePosition } : {}),
    });
    return out;
  }
}

/**
 * Every resource of a run in the analyzer's terms, in registration order, with the
 * default providers the engine would have registered placed before their first user.
 */
export async function analyzerResources(
  resources: readonly RecordedResource[],
  context: AnalyzerContext,
): Promise<AnalyzerResourceSpec[]> {
  const builder = new AnalyzerSpecBuilder(context);
  const out: AnalyzerResourceSpec[] = [];
  for (const record of resources) out.push(...(await builder.add(record)));
  return out;
}
