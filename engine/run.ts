/**
 * The offline engine: runs a Pulumi program in this process under mocks that answer like
 * AWS, and returns every resource it registered with inputs, outputs and options. No
 * Pulumi CLI and no cloud credentials are involved. Runs are sequential: the Pulumi SDK
 * keeps its runtime state in module globals.
 */
import * as pulumi from "@pulumi/pulumi";
import { AwsMocks, type AwsMocksOptions } from "./aws-mocks";
import { RecordingMonitor, type RecordedResource } from "./recording-monitor";

/** Options of {@link runOffline}. */
export interface RunOfflineOptions extends AwsMocksOptions {
  /** Pulumi project name. Default: "messaging". */
  project?: string;
  /** Stack name. Default: "offline". */
  stack?: string;
  /**
   * Stack configuration as `pulumi config` holds it: namespaced keys (`messaging:estate`)
   * to strings, or to objects that are JSON-encoded the way the CLI passes structured
   * config. Default: none.
   */
  config?: Record<string, unknown>;
  /** Keys whose values are secrets. Default: none. */
  secretKeys?: string[];
  /** Run as a preview (`pulumi preview`) rather than an update. Default: true. */
  preview?: boolean;
}

/** What an offline run produced. */
export interface OfflineRun {
  /** Every registered resource in registration order, the stack first. */
  resources: RecordedResource[];
  /** The stack's outputs (what the program returned or exported). */
  outputs: Record<string, unknown>;
  /** Account and Region the mocks answered for. */
  account: string;
  defaultRegion: string;
}

type Store = Record<string, unknown>;

/**
 * A program failed under the offline engine. Carries what it had registered before it
 * failed, so callers can show (and tests can prove) how far it got.
 */
export class OfflineProgramError extends Error {
  constructor(
    override readonly cause: unknown,
    readonly registered: RecordedResource[],
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = "OfflineProgramError";
  }
}

/** Turns the runtime's feature flags on the way `setMocks` does, for our own monitor. */
function enableMockFeatures(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const state = require("@pulumi/pulumi/runtime/state") as { getStore(): Store };
  const store = state.getStore();
  Object.assign(store, {
    supportsSecrets: true,
    supportsResourceReferences: true,
    supportsOutputValues: false,
    supportsDeletedWith: true,
    supportsReplaceWith: true,
    supportsAliasSpecs: true,
    supportsTransforms: true,
    supportsInvokeTransforms: true,
    supportsParameterization: true,
    supportsResourceHooks: true,
    supportsErrorHooks: true,
    supportsInvokeDependsOn: false,
  });
}

/** Encodes config values as the CLI hands them to a program: strings, objects as JSON. */
function encodeConfig(config: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    out[key] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return out;
}

/**
 * Runs `program` as a Pulumi stack under mocks.
 *
 * @param program the stack's body, e.g. `() => deployEstate(config)` or a function that
 *   `require`s a program file; whatever it returns becomes the stack outputs
 * @throws the program's error, or an error when it logged errors through `pulumi.log.error`
 */
export async function runOffline(
  program: () => unknown,
  options: RunOfflineOptions = {},
): Promise<OfflineRun> {
  const mocks = new AwsMocks(options);
  const monitor = new RecordingMonitor(mocks);
  pulumi.runtime.setMockOptions(
    monitor,
    options.project ?? "messaging",
    options.stack ?? "offline",
    options.preview ?? true,
  );
  enableMockFeatures();
  pulumi.runtime.setAllConfig(encodeConfig(options.config ?? {}), options.secretKeys ?? []);

  // Registration failures surface as rejections of promises nobody awaits; collect them
  // so a broken program fails the run instead of printing a warning and carrying on.
  const failures: unknown[] = [];
  const onRejection = (reason: unknown) => failures.push(reason);
  process.on("unhandledRejection", onRejection);
  let outputs: Record<string, unknown> | undefined;
  try {
    outputs = (await pulumi.runtime.runInPulumiStack(async () => program())) as
      Record<string, unknown> | undefined;
    await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
    // Let any rejection queued by the last RPCs reach the handler.
    await new Promise((resolve) => setImmediate(resolve));
  } catch (error) {
    failures.unshift(error);
    // Let registrations already in flight land, so `registered` is the whole truth.
    await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> })
      .waitForRPCs()
      .catch(() => undefined);
  } finally {
    process.off("unhandledRejection", onRejection);
  }
  if (failures.length > 0) throw new OfflineProgramError(failures[0], [...monitor.records]);

  const resources = monitor.records.map((record) => ({
    ...record,
    region: record.custom ? regionOfRecord(record, mocks) : undefined,
    account:
      record.custom && !record.type.startsWith("pulumi:providers:")
        ? mocks.accountOf({ provider: record.provider })
        : undefined,
  }));
  return {
    resources,
    outputs: (outputs ?? {}) as Record<string, unknown>,
    account: mocks.account,
    defaultRegion: mocks.defaultRegion,
  };
}

/** Region of a regional resource, or undefined for global ones (IAM) and providers. */
function regionOfRecord(record: RecordedResource, mocks: AwsMocks): string | undefined {
  if (record.type.startsWith("pulumi:providers:") || record.type.startsWith("aws:iam/"))
    return undefined;
  return mocks.regionOf({ inputs: record.inputs, provider: record.provider });
}

export type { RecordedResource };
