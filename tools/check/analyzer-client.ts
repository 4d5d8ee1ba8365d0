/**
 * A client of the analyzer gRPC protocol (`pulumirpc.Analyzer`), the one the Pulumi CLI
 * uses to talk to policy packs, built on the stubs `@pulumi/pulumi` generates. Converts
 * between the protocol's messages and the plain specs of `analyzer-resources.ts`.
 */
import * as grpc from "@grpc/grpc-js";
import * as analyzerRpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerProto from "@pulumi/pulumi/proto/analyzer_pb";
import * as emptyProto from "google-protobuf/google/protobuf/empty_pb";
import * as structProto from "google-protobuf/google/protobuf/struct_pb";
import type { AnalyzerResourceSpec, WireObject } from "./analyzer-resources";
import type {
  EnforcementLevelName,
  JsonSchema,
  PolicyInfoLite,
  ResolvedPolicyConfig,
} from "./policy-config";

/** Messages may be large (every resource of a stack in one AnalyzeStack): the SDK's own limit. */
const MAX_MESSAGE = 400 * 1024 * 1024;

const LEVEL_NAMES: Record<number, EnforcementLevelName> = {
  [analyzerProto.EnforcementLevel.ADVISORY]: "advisory",
  [analyzerProto.EnforcementLevel.MANDATORY]: "mandatory",
  [analyzerProto.EnforcementLevel.DISABLED]: "disabled",
  [analyzerProto.EnforcementLevel.REMEDIATE]: "remediate",
};
const LEVEL_VALUES: Record<EnforcementLevelName, analyzerProto.EnforcementLevel> = {
  advisory: analyzerProto.EnforcementLevel.ADVISORY,
  mandatory: analyzerProto.EnforcementLevel.MANDATORY,
  disabled: analyzerProto.EnforcementLevel.DISABLED,
  remediate: analyzerProto.EnforcementLevel.REMEDIATE,
};
const SEVERITY_NAMES: Record<number, string> = {
  [analyzerProto.PolicySeverity.POLICY_SEVERITY_UNSPECIFIED]: "unspecified",
  [analyzerProto.PolicySeverity.POLICY_SEVERITY_LOW]: "low",
  [analyzerProto.PolicySeverity.POLICY_SEVERITY_MEDIUM]: "medium",
  [analyzerProto.PolicySeverity.POLICY_SEVERITY_HIGH]: "high",
  [analyzerProto.PolicySeverity.POLICY_SEVERITY_CRITICAL]: "critical",
};

/** What `GetAnalyzerInfo` answered. */
export interface PackInfo {
  name: string;
  version: string;
  policies: Array<
    PolicyInfoLite & {
      description: string;
      severity: string;
      stack: boolean;
      /** What to change when the policy fires. Empty when the policy says nothing. */
      remediationSteps: string;
      /** Documentation link. Empty when none. */
      url: string;
    }
  >;
  /** Config the pack supplies itself (`new PolicyPack(..., initialConfig)`). */
  initialConfig: Record<
    string,
    { enforcementLevel?: EnforcementLevelName; properties?: Record<string, unknown> }
  >;
}

/** What a remediation policy changed, or the advisory it reported instead. */
export interface Remediation {
  policyName: string;
  policyPackName: string;
  policyPackVersion: string;
  description: string;
  /** The resource's inputs after the remediation, when it changed them. */
  properties?: WireObject;
  /** Set when the policy could not remediate (the CLI shows it as an advisory). */
  diagnostic: string;
}

/** One diagnostic, decoded. */
export interface Diagnostic {
  policyName: string;
  policyPackName: string;
  policyPackVersion: string;
  description: string;
  message: string;
  enforcementLevel: EnforcementLevelName;
  severity: string;
  urn: string;
}

function struct(value: WireObject | Record<string, unknown>): structProto.Struct {
  return structProto.Struct.fromJavaScript(value as Record<string, structProto.JavaScriptValue>);
}

function options(spec: AnalyzerResourceSpec): analyzerProto.AnalyzerResourceOptions {
  const timeouts = new analyzerProto.AnalyzerResourceOptions.CustomTimeouts();
  timeouts.setCreate(spec.options.customTimeouts.create);
  timeouts.setUpdate(spec.options.customTimeouts.update);
  timeouts.setDelete(spec.options.customTimeouts.delete);
  const out = new analyzerProto.AnalyzerResourceOptions();
  out.setProtect(spec.options.protect);
  out.setIgnorechangesList(spec.options.ignoreChanges);
  out.setDeletebeforereplacedefined(spec.options.deleteBeforeReplace !== undefined);
  out.setDeletebeforereplace(spec.options.deleteBeforeReplace === true);
  out.setAdditionalsecretoutputsList(spec.options.additionalSecretOutputs);
  out.setAliasesList(spec.options.aliases);
  out.setCustomtimeouts(timeouts);
  out.setParent(spec.options.parent);
  return out;
}

function provider(spec: AnalyzerResourceSpec): analyzerProto.AnalyzerProviderResource | undefined {
  if (!spec.provider) return undefined;
  const out = new analyzerProto.AnalyzerProviderResource();
  out.setType(spec.provider.type);
  out.setUrn(spec.provider.urn);
  out.setName(spec.provider.name);
  out.setProperties(struct(spec.provider.properties));
  return out;
}

/** The `Analyze` request the CLI sends for a custom resource: its inputs. */
export function analyzeRequest(spec: AnalyzerResourceSpec): analyzerProto.AnalyzeRequest {
  const request = new analyzerProto.AnalyzeRequest();
  request.setType(spec.type);
  request.setUrn(spec.urn);
  request.setName(spec.name);
  request.setProperties(struct(spec.inputs));
  request.setOptions(options(spec));
  const p = provider(spec);
  if (p) request.setProvider(p);
  return request;
}

/** The `AnalyzeStack` request: every resource's outputs, with parents, dependencies and property dependencies. */
export function analyzeStackRequest(
  specs: readonly AnalyzerResourceSpec[],
): analyzerProto.AnalyzeStackRequest {
  const request = new analyzerProto.AnalyzeStackRequest();
  request.setResourcesList(
    specs.map((spec) => {
      const resource = new analyzerProto.AnalyzerResource();
      resource.setType(spec.type);
      resource.setUrn(spec.urn);
      resource.setName(spec.name);
      resource.setProperties(struct(spec.outputs));
      resource.setOptions(options(spec));
      const p = provider(spec);
      if (p) resource.setProvider(p);
      resource.setParent(spec.parent);
      resource.setDependenciesList(spec.dependencies);
      const byProperty = resource.getPropertydependenciesMap();
      for (const [key, urns] of Object.entries(spec.propertyDependencies)) {
        const dependencies = new analyzerProto.AnalyzerPropertyDependencies();
        dependencies.setUrnsList(urns);
        byProperty.set(key, dependencies);
      }
      return resource;
    }),
  );
  return request;
}

function decodeDiagnostic(d: analyzerProto.AnalyzeDiagnostic): Diagnostic {
  return {
    policyName: d.getPolicyname(),
    policyPackName: d.getPolicypackname(),
    policyPackVersion: d.getPolicypackversion(),
    description: d.getDescription(),
    message: d.getMessage(),
    enforcementLevel: LEVEL_NAMES[d.getEnforcementlevel()] ?? "advisory",
    severity: SEVERITY_NAMES[d.getSeverity()] ?? "unspecified",
    urn: d.getUrn(),
  };
}

/** A connected analyzer. Every call has a deadline, so a hung pack cannot hang the check. */
export class AnalyzerClient {
  private readonly client: analyzerRpc.AnalyzerClient;

  /**
   * @param address `host:port` the pack printed
   * @param timeoutMs deadline of each call. Default: 60 s.
   */
  constructor(
    address: string,
    private readonly timeoutMs = 60_000,
  ) {
    this.client = new analyzerRpc.AnalyzerClient(address, grpc.credentials.createInsecure(), {
      "grpc.max_receive_message_length": MAX_MESSAGE,
      "grpc.max_send_message_length": MAX_MESSAGE,
    });
  }

  private call<Req, Res>(
    method: (
      req: Req,
      meta: grpc.Metadata,
      opts: Partial<grpc.CallOptions>,
      cb: (e: grpc.ServiceError | null, r: Res) => void,
    ) => unknown,
    request: Req,
    timeoutMs = this.timeoutMs,
  ): Promise<Res> {
    return new Promise((resolve, reject) => {
      method.call(
        this.client,
        request,
        new grpc.Metadata(),
        { deadline: Date.now() + timeoutMs },
        (error, response) => (error ? reject(error) : resolve(response)),
      );
    });
  }

  /** `GetAnalyzerInfo`: the pack's name, version and policies. */
  async getAnalyzerInfo(): Promise<PackInfo> {
    const info = await this.call(this.client.getAnalyzerInfo, new emptyProto.Empty());
    const initialConfig: PackInfo["initialConfig"] = {};
    info.getInitialconfigMap().forEach((config, name) => {
      initialConfig[name] = {
        enforcementLevel: LEVEL_NAMES[config.getEnforcementlevel()],
        properties: config.getProperties()?.toJavaScript() as Record<string, unknown> | undefined,
      };
    });
    return {
      name: info.getName(),
      version: info.getVersion(),
      initialConfig,
      policies: info.getPoliciesList().map((policy) => {
        const schema = policy.getConfigschema();
        return {
          name: policy.getName(),
          description: policy.getDescription(),
          enforcementLevel: LEVEL_NAMES[policy.getEnforcementlevel()] ?? "advisory",
          severity: SEVERITY_NAMES[policy.getSeverity()] ?? "unspecified",
          stack: policy.getPolicyType() === analyzerProto.PolicyType.POLICY_TYPE_STACK,
          remediationSteps: policy.getRemediationSteps(),
          url: policy.getUrl(),
          configSchema: schema
            ? {
                properties: (schema.getProperties()?.toJavaScript() ?? {}) as Record<
                  string,
                  JsonSchema
                >,
                required: schema.getRequiredList(),
              }
            : undefined,
        };
      }),
    };
  }

  /**
   * `ConfigureStack`: stack identity, config (secret keys named, their values never sent
   * decrypted), tags and organization, as the CLI sends them before analysis.
   */
  async configureStack(stack: {
    stack: string;
    project: string;
    /** Default: "" (none). */
    organization?: string;
    config: Record<string, string>;
    /** Config keys whose values are secrets. Default: none. */
    secretKeys?: string[];
    /** The stack's tags. Default: none. */
    tags?: Record<string, string>;
    dryRun: boolean;
  }): Promise<void> {
    const request = new analyzerProto.AnalyzerStackConfigureRequest();
    request.setStack(stack.stack);
    request.setProject(stack.project);
    request.setOrganization(stack.organization ?? "");
    request.setDryRun(stack.dryRun);
    for (const [key, value] of Object.entries(stack.config)) request.getConfigMap().set(key, value);
    request.setConfigSecretKeysList(stack.secretKeys ?? []);
    for (const [key, value] of Object.entries(stack.tags ?? {}))
      request.getTagsMap().set(key, value);
    await this.call(this.client.configureStack, request);
  }

  /** `Configure`: every policy's resolved level and properties. */
  async configure(config: Record<string, ResolvedPolicyConfig>): Promise<void> {
    const request = new analyzerProto.ConfigureAnalyzerRequest();
    for (const [name, entry] of Object.entries(config)) {
      const policyConfig = new analyzerProto.PolicyConfig();
      policyConfig.setEnforcementlevel(LEVEL_VALUES[entry.enforcementLevel]);
      policyConfig.setProperties(struct(entry.properties));
      request.getPolicyconfigMap().set(name, policyConfig);
    }
    await this.call(this.client.configure, request);
  }

  /** `Remediate` one resource: what remediation policies change before it is analyzed. */
  async remediate(spec: AnalyzerResourceSpec): Promise<Remediation[]> {
    const response = await this.call(this.client.remediate, analyzeRequest(spec));
    return response.getRemediationsList().map((r) => ({
      policyName: r.getPolicyname(),
      policyPackName: r.getPolicypackname(),
      policyPackVersion: r.getPolicypackversion(),
      description: r.getDescription(),
      properties: r.getProperties()?.toJavaScript() as WireObject | undefined,
      diagnostic: r.getDiagnostic(),
    }));
  }

  /** `Analyze` one resource (custom or not). */
  async analyze(spec: AnalyzerResourceSpec): Promise<Diagnostic[]> {
    const response = await this.call(this.client.analyze, analyzeRequest(spec));
    return response.getDiagnosticsList().map(decodeDiagnostic);
  }

  /**
   * `AnalyzeStack` over every resource. Its deadline grows with the stack (the per-call one
   * plus 100 ms per resource): the pack runs every stack policy over every resource in one
   * call, and a loaded machine took over a minute for 2,706 resources while the pack was
   * working, not hung.
   */
  async analyzeStack(specs: readonly AnalyzerResourceSpec[]): Promise<Diagnostic[]> {
    const response = await this.call(
      this.client.analyzeStack,
      analyzeStackRequest(specs),
      this.timeoutMs + 100 * specs.length,
    );
    return response.getDiagnosticsList().map(decodeDiagnostic);
  }

  /** Closes the channel. */
  close(): void {
    this.client.close();
  }
}
