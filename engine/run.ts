/**
 * The offline engine: runs a Pulumi program in this process under mocks that answer like
 * AWS, and returns every resource it registered with inputs, outputs and options. No
 * Pulumi CLI and no cloud credentials are involved. Runs are sequential: the Pulumi SDK
 * keeps its runtime state in module globals, which each run sets up and tears down (a run
 * that fails leaves nothing behind that could fail the next one).
 */
import * as pulumi from "@pulumi/pulumi";
import { AwsMocks, type AwsMocksOptions, type UnansweredInvoke } from "./aws-mocks";
import { startLoopbackEngine, type ProgramLog } from "./loopback-engine";
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
  /**
   * Called with each resource as it registers, before the program has finished (its
   * `region` and `account` are not filled in yet). Must not throw. Default: none.
   */
  onRegistered?: (record: RecordedResource) => void;
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
  /**
   * Invokes the engine could not answer in full: their unknown fields reach the resources
   * computed from them as unknown values, which nothing offline can verify.
   */
  unansweredInvokes: UnansweredInvoke[];
  /** Warnings and infos the program logged (`pulumi.log.*`); errors fail the run instead. */
  logs: ProgramLog[];
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
  Object.assign(runtimeStore(), {
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

/** The SDK's runtime state (shared by every copy of `@pulumi/pulumi` in the process). */
function runtimeStore(): Store & {
  logErrorCount?: number;
  callbacks?: { shutdown(): void };
  settings: { options: { engineAddr?: string } };
} {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const state = require("@pulumi/pulumi/runtime/state") as {
    getStore(): ReturnType<typeof runtimeStore>;
  };
  return state.getStore();
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
 * Rejection reasons of runs that already failed. A failed program leaves rejected
 * promises behind (the stack's outputs, registrations in flight) that Node may report a
 * turn later; they belong to that run, never to the next one.
 */
const settledFailures = new WeakSet<object>();

const isObject = (value: unknown): value is object =>
  (typeof value === "object" && value !== null) || typeof value === "function";

/** One turn of the event loop (after pending I/O callbacks). */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Waits until rejections stop arriving: two quiet turns in a row (at most 50 turns), so
 * every promise the run left rejected has been reported to the run's own handler.
 */
async function drainRejections(failures: unknown[]): Promise<void> {
  let seen = failures.length;
  let quiet = 0;
  for (let turn = 0; turn < 50 && quiet < 2; turn++) {
    await nextTurn();
    quiet = failures.length === seen ? quiet + 1 : 0;
    seen = failures.length;
  }
}

function waitForRPCs(): Promise<void> {
  return (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
}

/**
 * Runs `program` as a Pulumi stack under mocks.
 *
 * @param program the stack's body, e.g. `() => deployEstate(config)` or a function that
 *   `require`s a program file; whatever it returns becomes the stack outputs
 * @throws OfflineProgramError when the program throws, a registration or invoke fails, the
 *   engine refuses a registration (a duplicate URN), or the program logged an error through
 *   `pulumi.log.error` (which fails a `pulumi preview` too)
 */
export async function runOffline(
  program: () => unknown,
  options: RunOfflineOptions = {},
): Promise<OfflineRun> {
  const mocks = new AwsMocks(options);
  const monitor = new RecordingMonitor(mocks);
  monitor.onRecord = options.onRegistered;
  const engine = await startLoopbackEngine();
  pulumi.runtime.setMockOptions(
    monitor,
    options.project ?? "messaging",
    options.stack ?? "offline",
    options.preview ?? true,
  );
  enableMockFeatures();
  // Log messages go to an engine when the program has one, as they do under the CLI.
  runtimeStore().settings.options.engineAddr = engine.address;
  pulumi.runtime.setAllConfig(encodeConfig(options.config ?? {}), options.secretKeys ?? []);

  // Registration failures surface as rejections of promises nobody awaits; this run owns
  // every rejection until it has drained them, so a broken program fails the run instead of
  // printing a warning and carrying on, and nothing of it reaches another listener.
  const failures: unknown[] = [];
  const onRejection = (reason: unknown) => {
    if (isObject(reason) && settledFailures.has(reason)) return;
    failures.push(reason);
  };
  const otherListeners = process.listeners("unhandledRejection");
  process.removeAllListeners("unhandledRejection");
  process.on("unhandledRejection", onRejection);
  let outputs: Record<string, unknown> | undefined;
  try {
    try {
      outputs = (await pulumi.runtime.runInPulumiStack(async () => program())) as
        Record<string, unknown> | undefined;
    } catch (error) {
      failures.unshift(error);
    }
    // Let registrations already in flight land, so `registered` is the whole truth.
    await waitForRPCs().catch((error: unknown) => failures.push(error));
    await drainRejections(failures);
  } finally {
    process.off("unhandledRejection", onRejection);
    for (const listener of otherListeners) process.on("unhandledRejection", listener);
    monitor.close();
    runtimeStore().callbacks?.shutdown();
    engine.close();
    runtimeStore().settings.options.engineAddr = undefined;
  }
  const loggedErrors = engine.logs.filter((log) => log.severity === "error");
  if (failures.length === 0 && loggedErrors.length > 0) {
    failures.push(
      new Error(
        `the program logged ${loggedErrors.length === 1 ? "an error" : `${loggedErrors.length} errors`} with pulumi.log.error, which fails pulumi preview: ${loggedErrors.map((log) => log.message).join("; ")}`,
      ),
    );
  }
  if (failures.length > 0) {
    for (const failure of failures) if (isObject(failure)) settledFailures.add(failure);
    throw new OfflineProgramError(failures[0], [...monitor.records]);
  }

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
    unansweredInvokes: [...mocks.unanswered],
    logs: engine.logs.filter((log) => log.severity === "warning" || log.severity === "info"),
  };
}

/** Region of a regional resource, or undefined for global ones (IAM) and providers. */
function regionOfRecord(record: RecordedResource, mocks: AwsMocks): string | undefined {
  if (record.type.startsWith("pulumi:providers:") || record.type.startsWith("aws:iam/"))
    return undefined;
  return mocks.regionOf({ inputs: record.inputs, provider: record.provider });
}

export type { RecordedResource };
