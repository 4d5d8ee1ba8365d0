/**
 * The floor of an offline preview: the same custom resources a stack's program registered
 * (types, names, inputs, providers, protect options), registered directly, without the
 * program, its components, its validation or its module loading, under the same engine and
 * mocks. A preview's time over the floor's is what the program itself costs.
 */
import * as pulumi from "@pulumi/pulumi";
import { runOffline, type OfflineRun } from "../../engine/run";
import { recordedAssetKind, type RecordedResource } from "../../engine/recording-monitor";
import type { StackRun } from "../stack-run";

/** A custom resource of any type (the SDK's classes are abstract). */
class RawResource extends pulumi.CustomResource {}
/** A provider of any package. */
class RawProvider extends pulumi.ProviderResource {}

/** A recorded asset or archive as the object a program would pass (by content). */
function assetValue(value: unknown): pulumi.asset.Asset | pulumi.asset.Archive | undefined {
  const kind = recordedAssetKind(value);
  if (!kind) return undefined;
  const recorded = value as { text?: string; path?: string; assets?: Record<string, unknown> };
  if (kind === "asset") {
    return recorded.text !== undefined
      ? new pulumi.asset.StringAsset(recorded.text)
      : new pulumi.asset.FileAsset(recorded.path ?? "");
  }
  return new pulumi.asset.AssetArchive(
    Object.fromEntries(
      Object.entries(recorded.assets ?? {}).map(([name, member]) => [name, assetValue(member)!]),
    ),
  );
}

function inputValue(value: unknown): unknown {
  const asset = assetValue(value);
  if (asset) return asset;
  if (Array.isArray(value)) return value.map(inputValue);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, inputValue(v)]));
  }
  return value;
}

/** Registers one recorded resource directly (providers first, so references resolve). */
function registerRecord(
  record: RecordedResource,
  providers: Map<string, pulumi.ProviderResource>,
): void {
  const inputs = Object.fromEntries(
    Object.entries(record.inputs).map(([key, value]) => [
      key,
      record.secretInputs.includes(key) ? pulumi.secret(inputValue(value)) : inputValue(value),
    ]),
  );
  if (record.type.startsWith("pulumi:providers:")) {
    const pkg = record.type.slice("pulumi:providers:".length);
    providers.set(record.urn, new RawProvider(pkg, record.name, inputs));
    return;
  }
  const provider = record.provider
    ? providers.get(record.provider.split("::").slice(0, -1).join("::"))
    : undefined;
  new RawResource(record.type, record.name, inputs, {
    provider,
    protect: record.protect,
    retainOnDelete: record.retainOnDelete,
  });
}

/**
 * Registers `run`'s custom resources raw under the offline engine, with the same stack,
 * config, account and Region as the run.
 *
 * @param run a finished run of the stack program; no default
 * @param config the stack's config, as the run had it; no default
 */
export function runFloor(run: StackRun, config: Record<string, unknown>): Promise<OfflineRun> {
  const custom = run.resources.filter((r) => r.custom);
  const ordered = [
    ...custom.filter((r) => r.type.startsWith("pulumi:providers:")),
    ...custom.filter((r) => !r.type.startsWith("pulumi:providers:")),
  ];
  return runOffline(
    () => {
      const providers = new Map<string, pulumi.ProviderResource>();
      for (const record of ordered) registerRecord(record, providers);
    },
    {
      stack: run.stack,
      config,
      account: run.estate.account,
      defaultRegion: run.defaultRegion,
    },
  );
}
