/**
 * Resource and invoke transforms, applied the way the Pulumi engine applies them: the SDK
 * registers each transform with its callback server (a gRPC server the program runs on
 * loopback) and hands the engine a `Callback` (target address and token); the engine calls
 * it with a `TransformRequest` before it registers the resource and uses the properties and
 * options it returns. A resource's own `transforms` run first, then those of each ancestor
 * (a component's transforms apply to its children), then the stack transforms registered
 * with `registerResourceTransform`, in registration order. Invoke transforms
 * (`registerInvokeTransform`) run on every invoke's arguments and options.
 */
import * as grpc from "@grpc/grpc-js";
import * as callbackRpc from "@pulumi/pulumi/proto/callback_grpc_pb";
import * as callbackProto from "@pulumi/pulumi/proto/callback_pb";
import * as aliasProto from "@pulumi/pulumi/proto/alias_pb";
import * as resourceProto from "@pulumi/pulumi/proto/resource_pb";
import * as structProto from "google-protobuf/google/protobuf/struct_pb";

/** A callback the SDK registered (`pulumirpc.Callback`). */
export interface CallbackRef {
  getTarget(): string;
  getToken(): string;
}

/** Calls the program's callbacks over the callbacks protocol; one client per target. */
export class CallbackInvoker {
  private readonly clients = new Map<string, callbackRpc.CallbacksClient>();

  /** Invokes `callback` with a serialized request; resolves to the serialized response. */
  invoke(callback: CallbackRef, request: Uint8Array): Promise<Uint8Array> {
    const target = callback.getTarget();
    let client = this.clients.get(target);
    if (!client) {
      client = new callbackRpc.CallbacksClient(target, grpc.credentials.createInsecure());
      this.clients.set(target, client);
    }
    const message = new callbackProto.CallbackInvokeRequest();
    message.setToken(callback.getToken());
    message.setRequest(request);
    return new Promise((resolve, reject) => {
      client.invoke(message, (error, response) => {
        if (error) reject(new Error(error.details || error.message));
        else resolve(response.getResponse_asU8());
      });
    });
  }

  /** Closes every client. */
  close(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }
}

/** The register request fields transforms read and write (either SDK copy's message). */
export interface TransformableRequest {
  getType(): string;
  getName(): string;
  getCustom(): boolean;
  getParent(): string;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
  setObject(value: unknown): unknown;
  getProtect(): boolean | undefined;
  setProtect(value: boolean): unknown;
  clearProtect?(): unknown;
  getDependenciesList(): string[];
  setDependenciesList(value: string[]): unknown;
  getIgnorechangesList(): string[];
  setIgnorechangesList(value: string[]): unknown;
  getReplaceonchangesList(): string[];
  setReplaceonchangesList(value: string[]): unknown;
  getVersion(): string;
  setVersion(value: string): unknown;
  getAliasesList(): unknown[];
  setAliasesList(value: unknown[]): unknown;
  getProvider(): string;
  setProvider(value: string): unknown;
  getCustomtimeouts():
    { getCreate(): string; getUpdate(): string; getDelete(): string } | undefined;
  setCustomtimeouts(value: unknown): unknown;
  getPlugindownloadurl(): string;
  setPlugindownloadurl(value: string): unknown;
  getRetainondelete(): boolean | undefined;
  setRetainondelete(value: boolean): unknown;
  getDeletedwith(): string;
  setDeletedwith(value: string): unknown;
  getDeletebeforereplace(): boolean;
  setDeletebeforereplace(value: boolean): unknown;
  getDeletebeforereplacedefined(): boolean;
  setDeletebeforereplacedefined(value: boolean): unknown;
  getAdditionalsecretoutputsList(): string[];
  setAdditionalsecretoutputsList(value: string[]): unknown;
  getImportid(): string;
  setImportid(value: string): unknown;
  getProvidersMap(): {
    forEach(fn: (value: string, key: string) => void): void;
    clear(): void;
    set(k: string, v: string): unknown;
  };
  getTransformsList(): CallbackRef[];
}

/** Re-encodes a message of any SDK copy with this copy's classes. */
function reencode<T>(
  message: { serializeBinary(): Uint8Array },
  decode: (bytes: Uint8Array) => T,
): T {
  return decode(message.serializeBinary());
}

/** The options a transform sees, from the register request (as the engine builds them). */
function transformOptions(req: TransformableRequest): resourceProto.TransformResourceOptions {
  const options = new resourceProto.TransformResourceOptions();
  options.setDependsOnList(req.getDependenciesList());
  const protect = req.getProtect();
  if (protect !== undefined) options.setProtect(protect);
  options.setIgnoreChangesList(req.getIgnorechangesList());
  options.setReplaceOnChangesList(req.getReplaceonchangesList());
  options.setVersion(req.getVersion());
  options.setAliasesList(
    req
      .getAliasesList()
      .map((alias) =>
        reencode(alias as { serializeBinary(): Uint8Array }, (bytes) =>
          aliasProto.Alias.deserializeBinary(bytes),
        ),
      ),
  );
  options.setProvider(req.getProvider());
  const timeouts = req.getCustomtimeouts();
  if (timeouts) {
    const copy = new resourceProto.RegisterResourceRequest.CustomTimeouts();
    copy.setCreate(timeouts.getCreate());
    copy.setUpdate(timeouts.getUpdate());
    copy.setDelete(timeouts.getDelete());
    options.setCustomTimeouts(copy);
  }
  options.setPluginDownloadUrl(req.getPlugindownloadurl());
  const retain = req.getRetainondelete();
  if (retain !== undefined) options.setRetainOnDelete(retain);
  options.setDeletedWith(req.getDeletedwith());
  if (req.getDeletebeforereplacedefined())
    options.setDeleteBeforeReplace(req.getDeletebeforereplace());
  options.setAdditionalSecretOutputsList(req.getAdditionalsecretoutputsList());
  options.setImport(req.getImportid());
  const providers = options.getProvidersMap();
  req.getProvidersMap().forEach((value, key) => providers.set(key, value));
  return options;
}

/** Writes what a transform returned back into the register request. */
function applyResult(req: TransformableRequest, response: resourceProto.TransformResponse): void {
  const properties = response.getProperties();
  if (properties) req.setObject(properties);
  const options = response.getOptions();
  if (!options) return;
  req.setDependenciesList(options.getDependsOnList());
  if (options.hasProtect()) req.setProtect(options.getProtect() === true);
  else req.clearProtect?.();
  req.setIgnorechangesList(options.getIgnoreChangesList());
  req.setReplaceonchangesList(options.getReplaceOnChangesList());
  req.setVersion(options.getVersion());
  req.setAliasesList(options.getAliasesList());
  req.setProvider(options.getProvider());
  req.setCustomtimeouts(options.getCustomTimeouts());
  req.setPlugindownloadurl(options.getPluginDownloadUrl());
  if (options.hasRetainOnDelete()) req.setRetainondelete(options.getRetainOnDelete() === true);
  req.setDeletedwith(options.getDeletedWith());
  req.setDeletebeforereplacedefined(options.hasDeleteBeforeReplace());
  req.setDeletebeforereplace(options.getDeleteBeforeReplace() === true);
  req.setAdditionalsecretoutputsList(options.getAdditionalSecretOutputsList());
  req.setImportid(options.getImport());
  const providers = req.getProvidersMap();
  providers.clear();
  options.getProvidersMap().forEach((value, key) => providers.set(key, value));
}

/**
 * Runs `transforms` in order on a register request, updating it in place.
 *
 * @throws the transform's failure, as the engine reports it
 */
export async function applyResourceTransforms(
  req: TransformableRequest,
  transforms: readonly CallbackRef[],
  invoker: CallbackInvoker,
): Promise<void> {
  for (const transform of transforms) {
    const request = new resourceProto.TransformRequest();
    request.setType(req.getType());
    request.setName(req.getName());
    request.setCustom(req.getCustom());
    request.setParent(req.getParent());
    const object = req.getObject();
    if (object) {
      request.setProperties(
        reencode(object as unknown as { serializeBinary(): Uint8Array }, (bytes) =>
          structProto.Struct.deserializeBinary(bytes),
        ),
      );
    }
    request.setOptions(transformOptions(req));
    const bytes = await invoker.invoke(transform, request.serializeBinary());
    applyResult(req, resourceProto.TransformResponse.deserializeBinary(bytes));
  }
}

/** The invoke request fields invoke transforms read and write. */
export interface TransformableInvoke {
  getTok(): string;
  getArgs(): { serializeBinary(): Uint8Array } | undefined;
  setArgs(value: unknown): unknown;
  getProvider(): string;
  setProvider(value: string): unknown;
  getVersion(): string;
  setVersion(value: string): unknown;
  getPlugindownloadurl(): string;
  setPlugindownloadurl(value: string): unknown;
}

/** Runs invoke transforms in order on an invoke request, updating it in place. */
export async function applyInvokeTransforms(
  req: TransformableInvoke,
  transforms: readonly CallbackRef[],
  invoker: CallbackInvoker,
): Promise<void> {
  for (const transform of transforms) {
    const request = new resourceProto.TransformInvokeRequest();
    request.setToken(req.getTok());
    const args = req.getArgs();
    if (args) request.setArgs(structProto.Struct.deserializeBinary(args.serializeBinary()));
    const options = new resourceProto.TransformInvokeOptions();
    options.setProvider(req.getProvider());
    options.setVersion(req.getVersion());
    options.setPluginDownloadUrl(req.getPlugindownloadurl());
    request.setOptions(options);
    const bytes = await invoker.invoke(transform, request.serializeBinary());
    const response = resourceProto.TransformInvokeResponse.deserializeBinary(bytes);
    if (response.getArgs()) req.setArgs(response.getArgs());
    const next = response.getOptions();
    if (next) {
      req.setProvider(next.getProvider());
      req.setVersion(next.getVersion());
      req.setPlugindownloadurl(next.getPluginDownloadUrl());
    }
  }
}
