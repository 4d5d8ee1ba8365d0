/**
 * Mocks that answer like AWS: ARNs in each service's format with the resource's partition,
 * Region and account, ids in AWS's formats, the defaults the providers compute, physical
 * names as the providers generate them, and invokes answered as AWS answers them (see
 * `invokes/`). Ids and generated names are derived from the resource's type and name, so
 * two runs of the same program produce identical output.
 */
import { createHash } from "node:crypto";
import * as path from "node:path";
import type {
  MockCallArgs,
  MockResourceArgs,
  MockResourceResult,
  Mocks,
} from "@pulumi/pulumi/runtime/mocks";
import { autoNamed } from "./autonaming";
import {
  answerInvoke,
  UNKNOWN,
  type DeclaredParameter,
  type InvokeContext,
  type OrganizationAnswer,
} from "./invokes/answers";
import { partitionFor } from "./invokes/regions";
import { resultFieldsOf } from "./invokes/result-shapes";

export { partitionFor };

/** Options of {@link AwsMocks}. */
export interface AwsMocksOptions {
  /** Account that owns every mocked resource. Default: "123456789012". */
  account?: string;
  /** Region for resources that name none and whose provider names none. Default: "us-east-1". */
  defaultRegion?: string;
  /**
   * ARN of the AWS organization `aws.organizations.getOrganization` answers with
   * (`arn:aws:organizations::<management account>:organization/o-…`). Default: none, so the
   * organization's ARN and id are unknown (reported as unanswered).
   */
  organizationArn?: string;
  /**
   * Directory the program resolves its provider packages from (to read the result shapes of
   * functions the engine does not answer). Default: this repository.
   */
  resolveFrom?: string;
}

type State = Record<string, unknown>;

/** Stable hex derived from a seed: realistic-looking ids that do not change between runs. */
export function stableHex(seed: string, length: number): string {
  return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

/** Country calling codes used to mint plausible E.164 numbers (falls back to +1). */
const CALLING_CODES: Record<string, string> = {
  US: "1",
  CA: "1",
  GB: "44",
  IE: "353",
  DE: "49",
  FR: "33",
  ES: "34",
  IT: "39",
  NL: "31",
  SE: "46",
  NO: "47",
  DK: "45",
  AU: "61",
  SG: "65",
  IN: "91",
  BR: "55",
  MX: "52",
  JP: "81",
  ZA: "27",
};

/** An invoke the engine could not answer in full: its unknown fields and why. */
export interface UnansweredInvoke {
  token: string;
  /** The arguments, as JSON (shortened). */
  args: string;
  /** Fields returned as unknown; empty when the function's result shape is not known at all. */
  unknownFields: string[];
  reason: string;
}

/** SECRET wrapper of the wire format, as mock inputs carry secrets. */
const SIG_KEY = "4dabf18193072939515e22adb298388d";

function unwrapSecret(value: unknown): unknown {
  return value && typeof value === "object" && SIG_KEY in (value as object)
    ? (value as { value?: unknown }).value
    : value;
}

/** `{"name":"x"}`, at most 120 characters. */
function shortJson(value: unknown): string {
  const text = JSON.stringify(value) ?? "";
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/**
 * The mocks; keeps a map of explicit providers so their Region and account apply to their
 * resources and invokes, the SSM parameters the program declares (so reading one back
 * answers), and every invoke it could not answer in full.
 */
export class AwsMocks implements Mocks {
  readonly account: string;
  readonly defaultRegion: string;
  /** Invokes answered only in part, or not at all, in call order. */
  readonly unanswered: UnansweredInvoke[] = [];
  private readonly providerRegions = new Map<string, string>();
  private readonly providerAccounts = new Map<string, string>();
  private readonly providerInputs = new Map<string, Record<string, unknown>>();
  private readonly parameters = new Map<string, DeclaredParameter>();
  private readonly organization?: OrganizationAnswer;
  private readonly resolveFrom: string;

  constructor(options: AwsMocksOptions = {}) {
    this.account = options.account ?? "123456789012";
    this.defaultRegion = options.defaultRegion ?? "us-east-1";
    this.organization = options.organizationArn ? { arn: options.organizationArn } : undefined;
    this.resolveFrom = options.resolveFrom ?? path.resolve(__dirname, "..");
  }

  call(args: MockCallArgs): Record<string, unknown> {
    const ownRegion = args.inputs.region;
    const ctx: InvokeContext = {
      region:
        typeof ownRegion === "string" && ownRegion && args.token.startsWith("aws:")
          ? ownRegion
          : this.regionOf({ inputs: {}, provider: args.provider }),
      account: this.accountOf({ provider: args.provider }),
      providerInputs: args.provider
        ? this.providerInputs.get(providerKeyOfRef(args.provider))
        : undefined,
      organization: this.organization,
      declaredParameter: (name, region) => this.parameters.get(`${region}\0${name}`),
    };
    const answer = answerInvoke(args.token, args.inputs as Record<string, unknown>, ctx);
    if (answer) {
      if (answer.unknownFields.length > 0) {
        this.unanswered.push({
          token: args.token,
          args: shortJson(args.inputs),
          unknownFields: answer.unknownFields,
          reason: answer.reason ?? "the value is known only to AWS",
        });
      }
      return answer.result;
    }
    // Not a function the engine knows: every field of its result is unknown, as a preview
    // shows a value it cannot know, never the arguments echoed back.
    const fields = resultFieldsOf(args.token, this.resolveFrom) ?? [];
    this.unanswered.push({
      token: args.token,
      args: shortJson(args.inputs),
      unknownFields: fields,
      reason: "the offline engine does not answer this function; only AWS can",
    });
    return Object.fromEntries(fields.map((field) => [field, UNKNOWN]));
  }

  /** Region of a resource: its own `region` input, else its provider's, else the default. */
  regionOf(args: Pick<MockResourceArgs, "inputs" | "provider">): string {
    const own = args.inputs?.region;
    if (typeof own === "string" && own) return own;
    if (args.provider) {
      const fromProvider = this.providerRegions.get(providerKeyOfRef(args.provider));
      if (fromProvider) return fromProvider;
    }
    return this.defaultRegion;
  }

  /**
   * Account of a resource: its explicit provider's (the first of `allowedAccountIds`, else
   * the account of the role it assumes), else the mocks' own account.
   */
  accountOf(args: { provider?: string }): string {
    if (args.provider) {
      const fromProvider = this.providerAccounts.get(providerKeyOfRef(args.provider));
      if (fromProvider) return fromProvider;
    }
    return this.account;
  }

  /**
   * The inputs the provider's `Check` returns for a registration: the program's, plus the
   * physical name the provider generates when the program sets none. Undefined when
   * nothing is added.
   */
  checkedInputs(
    type: string,
    name: string,
    urn: string,
    inputs: Record<string, unknown>,
  ): Record<string, unknown> | undefined {
    const named = autoNamed(type, name, urn, inputs, this.account);
    return named ? { ...inputs, ...named } : undefined;
  }

  newResource(args: MockResourceArgs): MockResourceResult {
    // Components and the stack have no cloud state of their own.
    if (args.custom === false) return { id: undefined, state: {} };
    if (args.type.startsWith("pulumi:providers:")) {
      const key = providerKey(args.type, args.name);
      this.providerInputs.set(key, { ...args.inputs });
      const region = args.inputs?.region;
      if (typeof region === "string") this.providerRegions.set(key, region);
      const account = providerAccount(args.inputs ?? {});
      if (account) this.providerAccounts.set(key, account);
      return { id: `${args.name}-provider-id`, state: { ...args.inputs } };
    }
    const region = this.regionOf(args);
    const seed = `${args.type}::${args.name}`;
    const ctx: Ctx = {
      region,
      account: this.accountOf(args),
      partition: partitionFor(region),
      seed,
      inputs: args.inputs ?? {},
    };
    const build = BUILDERS[args.type];
    const { id, state } = build ? build(ctx, args.name) : generic(ctx, args.name, args.type);
    const result = { id: args.id || id, state: { ...ctx.inputs, ...state } };
    this.rememberParameter(args.type, ctx, result.state);
    return result;
  }

  /** SSM parameters the program declares, so `getParameter` can read them back. */
  private rememberParameter(type: string, ctx: Ctx, state: State): void {
    if (type !== "aws:ssm/parameter:Parameter" && type !== "aws-native:ssm:Parameter") return;
    const name = String(state.name ?? "");
    if (!name) return;
    this.parameters.set(`${ctx.region}\0${name}`, {
      name,
      type: String(state.type ?? "String"),
      value: unwrapSecret(state.value ?? state.insecureValue),
      arn: String(state.arn ?? ""),
      version: typeof state.version === "number" ? state.version : 1,
    });
  }
}

/** Provider names are unique per provider type within a stack, so type+name identifies one. */
function providerKey(type: string, name: string): string {
  return `${type}::${name}`;
}

/** Key of the provider a reference points at: a reference is "<urn>::<id>", a URN ends in "::<type>::<name>". */
function providerKeyOfRef(ref: string): string {
  const parts = ref.split("::");
  const type = parts[parts.length - 3]?.split("$").pop() ?? "";
  return providerKey(type, parts[parts.length - 2] ?? "");
}

/** Provider inputs arrive JSON-encoded when they are not strings (as the engine passes provider config). */
function decoded(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/**
 * The account an explicit provider acts in: aws and aws-native `allowedAccountIds` (the
 * guard), else the account of the role it assumes (aws v7 `assumeRoles` list, aws-native
 * `assumeRole`), else none.
 */
function providerAccount(inputs: State): string | undefined {
  const allowed = decoded(inputs.allowedAccountIds);
  if (Array.isArray(allowed) && typeof allowed[0] === "string") return allowed[0];
  const roles = decoded(inputs.assumeRoles) ?? decoded(inputs.assumeRole);
  const role = (Array.isArray(roles) ? roles[0] : roles) as { roleArn?: unknown } | undefined;
  const roleAccount = typeof role?.roleArn === "string" ? role.roleArn.split(":")[4] : undefined;
  return roleAccount || undefined;
}

interface Ctx {
  region: string;
  account: string;
  partition: string;
  seed: string;
  inputs: State;
}

type Builder = (ctx: Ctx, name: string) => { id: string; state: State };

const arn = (ctx: Ctx, service: string, resource: string, regional = true) =>
  `arn:${ctx.partition}:${service}:${regional ? ctx.region : ""}:${ctx.account}:${resource}`;

/** `aws:sns/topic:Topic` → `sns`; `aws-native:smsvoice:Pool` → `sms-voice`. */
function serviceOf(type: string): string {
  const [pkg, module] = type.split(":");
  const service = (module ?? "").split("/")[0].toLowerCase();
  if (pkg === "aws-native" && service === "smsvoice") return "sms-voice";
  if (service === "pinpoint") return "sms-voice";
  if (service === "cloudwatch") return "events";
  return service || "unknown";
}

/** `Smsvoicev2Pool` → `pool`, `DedicatedIpPool` → `dedicated-ip-pool`: a plausible resource kind. */
function kindOf(type: string): string {
  const last = (type.split(":").pop() ?? "resource").replace(/^Smsvoicev2/, "");
  return last.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}

/**
 * A type without a builder: an id from its name and an ARN in the common
 * `arn:<partition>:<service>:<region>:<account>:<kind>/<id>` form of its service.
 */
function generic(ctx: Ctx, name: string, type: string): { id: string; state: State } {
  const id = `${name}-${stableHex(ctx.seed, 8)}`;
  return {
    id,
    state: { arn: ctx.inputs.arn ?? arn(ctx, serviceOf(type), `${kindOf(type)}/${id}`) },
  };
}

function phoneNumberFor(ctx: Ctx): string {
  const country = String(ctx.inputs.isoCountryCode ?? "US");
  const code = CALLING_CODES[country] ?? "1";
  const digits = BigInt("0x" + stableHex(ctx.seed, 12))
    .toString()
    .padStart(10, "0")
    .slice(0, 10);
  const national =
    ctx.inputs.numberType === "TOLL_FREE" ? `800${digits.slice(0, 7)}` : `2${digits.slice(0, 9)}`;
  return `+${code}${national}`;
}

const BUILDERS: Record<string, Builder> = {
  // A registration as CreateRegistration leaves it: a draft, or submitted when asked to be.
  "pulumi-nodejs:dynamic/sms:Registration": (ctx) => {
    const id = `registration-${stableHex(ctx.seed, 32)}`;
    const submitted = ctx.inputs.submit === true;
    return {
      id,
      state: {
        registrationId: id,
        registrationArn: arn(ctx, "sms-voice", `registration/${id}`),
        status: submitted ? "SUBMITTED" : "CREATED",
        versionNumber: 1,
        versionStatus: submitted ? "SUBMITTED" : "DRAFT",
        deniedReasons: [],
        fieldFeedback: {},
        attachmentIds: {},
      },
    };
  },
  "aws:pinpoint/smsvoicev2PhoneNumber:Smsvoicev2PhoneNumber": (ctx) => {
    const id = `phone-${stableHex(ctx.seed, 32)}`;
    const gated =
      ctx.inputs.registrationId ||
      ctx.inputs.numberType === "TEN_DLC" ||
      ctx.inputs.numberType === "TOLL_FREE";
    return {
      id,
      state: {
        arn: arn(ctx, "sms-voice", `phone-number/${id}`),
        phoneNumber: phoneNumberFor(ctx),
        status: gated ? "PENDING" : "ACTIVE",
        monthlyLeasingPrice: ctx.inputs.numberType === "TOLL_FREE" ? "2.00" : "1.00",
        deletionProtectionEnabled: ctx.inputs.deletionProtectionEnabled ?? false,
        optOutListName: ctx.inputs.optOutListName ?? "Default",
        selfManagedOptOutsEnabled: ctx.inputs.selfManagedOptOutsEnabled ?? false,
        twoWayChannelEnabled: ctx.inputs.twoWayChannelEnabled ?? false,
        region: ctx.region,
      },
    };
  },
  "aws:pinpoint/smsvoicev2SenderId:Smsvoicev2SenderId": (ctx) => {
    const senderId = String(ctx.inputs.senderId);
    const country = String(ctx.inputs.isoCountryCode);
    return {
      id: `${senderId},${country}`,
      state: {
        arn: arn(ctx, "sms-voice", `sender-id/${senderId}/${country}`),
        monthlyLeasingPrice: "0.00",
        registered: false,
        deletionProtectionEnabled: ctx.inputs.deletionProtectionEnabled ?? false,
        messageTypes: ctx.inputs.messageTypes ?? ["TRANSACTIONAL"],
        region: ctx.region,
      },
    };
  },
  "aws:pinpoint/smsvoicev2Pool:Smsvoicev2Pool": (ctx) => {
    const id = `pool-${stableHex(ctx.seed, 32)}`;
    return {
      id,
      state: {
        arn: arn(ctx, "sms-voice", `pool/${id}`),
        // AWS creates pools with shared routes off (the API's default).
        sharedRoutesEnabled: ctx.inputs.sharedRoutesEnabled ?? false,
        deletionProtectionEnabled: ctx.inputs.deletionProtectionEnabled ?? false,
        optOutListName: ctx.inputs.optOutListName ?? "Default",
        selfManagedOptOutsEnabled: ctx.inputs.selfManagedOptOutsEnabled ?? false,
        twoWayEnabled: ctx.inputs.twoWayEnabled ?? false,
        region: ctx.region,
      },
    };
  },
  "aws:pinpoint/smsvoicev2OptOutList:Smsvoicev2OptOutList": (ctx, name) => {
    const listName = String(ctx.inputs.name ?? name);
    return {
      id: listName,
      state: {
        arn: arn(ctx, "sms-voice", `opt-out-list/${listName}`),
        name: listName,
        region: ctx.region,
      },
    };
  },
  "aws:pinpoint/smsvoicev2Keyword:Smsvoicev2Keyword": (ctx) => ({
    id: `${ctx.inputs.originationIdentityArn},${ctx.inputs.keyword}`,
    state: { keywordAction: ctx.inputs.keywordAction ?? "AUTOMATIC_RESPONSE", region: ctx.region },
  }),
  "aws:pinpoint/smsvoicev2ConfigurationSet:Smsvoicev2ConfigurationSet": (ctx, name) => {
    const setName = String(ctx.inputs.name ?? name);
    return {
      id: setName,
      state: {
        arn: arn(ctx, "sms-voice", `configuration-set/${setName}`),
        name: setName,
        region: ctx.region,
      },
    };
  },
  "aws:pinpoint/smsvoicev2EventDestination:Smsvoicev2EventDestination": (ctx) => ({
    // The provider's id: "<configuration set>,<event destination>".
    id: `${ctx.inputs.configurationSetName},${ctx.inputs.eventDestinationName}`,
    state: { enabled: ctx.inputs.enabled ?? true, region: ctx.region },
  }),
  "aws-native:smsvoice:PhoneNumber": (ctx) => {
    const id = `phone-${stableHex(ctx.seed, 32)}`;
    return {
      id,
      state: {
        arn: arn(ctx, "sms-voice", `phone-number/${id}`),
        phoneNumberId: id,
        phoneNumber: phoneNumberFor(ctx),
      },
    };
  },
  "aws-native:smsvoice:SenderId": (ctx) => {
    const senderId = String(ctx.inputs.senderId);
    const country = String(ctx.inputs.isoCountryCode);
    return {
      // CloudFormation's primary identifier: SenderId and IsoCountryCode.
      id: `${senderId}|${country}`,
      state: { arn: arn(ctx, "sms-voice", `sender-id/${senderId}/${country}`) },
    };
  },
  "aws-native:smsvoice:Pool": (ctx) => {
    const id = `pool-${stableHex(ctx.seed, 32)}`;
    return {
      id,
      state: {
        arn: arn(ctx, "sms-voice", `pool/${id}`),
        poolId: id,
        sharedRoutesEnabled: ctx.inputs.sharedRoutesEnabled ?? false,
        optOutListName: ctx.inputs.optOutListName ?? "Default",
      },
    };
  },
  "aws-native:smsvoice:OptOutList": (ctx, name) => {
    const listName = String(ctx.inputs.optOutListName ?? name);
    return {
      id: listName,
      state: { arn: arn(ctx, "sms-voice", `opt-out-list/${listName}`), optOutListName: listName },
    };
  },
  "aws-native:iam:Role": (ctx, name) => {
    const roleName = String(ctx.inputs.roleName ?? name);
    const rolePath = String(ctx.inputs.path ?? "/");
    return {
      id: roleName,
      state: {
        arn: `arn:${ctx.partition}:iam::${ctx.account}:role${rolePath}${roleName}`,
        roleName,
        roleId: `AROA${stableHex(ctx.seed, 16).toUpperCase()}`,
      },
    };
  },
  "aws-native:ram:ResourceShare": (ctx) => {
    const h = stableHex(ctx.seed, 32);
    const shareArn = arn(
      ctx,
      "ram",
      `resource-share/${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`,
    );
    return { id: shareArn, state: { arn: shareArn } };
  },
  "aws-native:ses:ConfigurationSet": (ctx, name) => ({
    id: String(ctx.inputs.name ?? name),
    state: {},
  }),
  "aws-native:ses:DedicatedIpPool": (ctx, name) => ({
    id: String(ctx.inputs.poolName ?? name),
    state: {},
  }),
  "aws-native:sns:Topic": (ctx, name) => {
    const topicName = String(ctx.inputs.topicName ?? name);
    const topicArn = arn(ctx, "sns", topicName);
    return { id: topicArn, state: { topicArn } };
  },
  "aws-native:logs:LogGroup": (ctx, name) => {
    const groupName = String(ctx.inputs.logGroupName ?? name);
    return { id: groupName, state: { arn: arn(ctx, "logs", `log-group:${groupName}:*`) } };
  },
  "aws-native:ssm:Parameter": (ctx, name) => {
    const paramName = String(ctx.inputs.name ?? name);
    return { id: paramName, state: { name: paramName } };
  },
  "aws-native:smsvoice:ConfigurationSet": (ctx, name) => {
    const setName = String(ctx.inputs.configurationSetName ?? name);
    return {
      id: setName,
      state: {
        arn: arn(ctx, "sms-voice", `configuration-set/${setName}`),
        configurationSetName: setName,
      },
    };
  },
  "aws-native:smsvoice:ProtectConfiguration": (ctx) => {
    const id = `protect-${stableHex(ctx.seed, 32)}`;
    return {
      id,
      state: {
        arn: arn(ctx, "sms-voice", `protect-configuration/${id}`),
        protectConfigurationId: id,
      },
    };
  },
  "aws:sns/topic:Topic": (ctx, name) => {
    const topicName = String(ctx.inputs.name ?? name);
    const topicArn = arn(ctx, "sns", topicName);
    return { id: topicArn, state: { arn: topicArn, name: topicName, region: ctx.region } };
  },
  "aws:sns/topicPolicy:TopicPolicy": (ctx) => ({
    id: String(ctx.inputs.arn),
    state: { owner: ctx.account, region: ctx.region },
  }),
  "aws:sqs/queue:Queue": (ctx, name) => {
    const queueName = String(ctx.inputs.name ?? name);
    return {
      id: `https://sqs.${ctx.region}.amazonaws.com/${ctx.account}/${queueName}`,
      state: {
        arn: arn(ctx, "sqs", queueName),
        name: queueName,
        url: `https://sqs.${ctx.region}.amazonaws.com/${ctx.account}/${queueName}`,
        region: ctx.region,
      },
    };
  },
  "aws:cloudwatch/logGroup:LogGroup": (ctx, name) => {
    const groupName = String(ctx.inputs.name ?? name);
    return {
      id: groupName,
      state: {
        arn: arn(ctx, "logs", `log-group:${groupName}`),
        name: groupName,
        region: ctx.region,
      },
    };
  },
  "aws:iam/role:Role": (ctx, name) => {
    const roleName = String(ctx.inputs.name ?? name);
    const rolePath = String(ctx.inputs.path ?? "/");
    return {
      id: roleName,
      state: {
        arn: `arn:${ctx.partition}:iam::${ctx.account}:role${rolePath}${roleName}`,
        name: roleName,
        uniqueId: `AROA${stableHex(ctx.seed, 16).toUpperCase()}`,
      },
    };
  },
  "aws:iam/rolePolicy:RolePolicy": (ctx, name) => ({
    id: `${ctx.inputs.role}:${ctx.inputs.name ?? name}`,
    state: {},
  }),
  "aws:ssm/parameter:Parameter": (ctx, name) => {
    const paramName = String(ctx.inputs.name ?? name);
    return {
      id: paramName,
      state: {
        arn: arn(ctx, "ssm", `parameter${paramName.startsWith("/") ? "" : "/"}${paramName}`),
        version: 1,
        region: ctx.region,
      },
    };
  },
  "aws:lambda/function:Function": (ctx, name) => {
    const fnName = String(ctx.inputs.name ?? name);
    return {
      id: fnName,
      state: {
        arn: arn(ctx, "lambda", `function:${fnName}`),
        invokeArn: `arn:${ctx.partition}:apigateway:${ctx.region}:lambda:path/functions/${fnName}`,
        region: ctx.region,
      },
    };
  },
  "aws:lambda/permission:Permission": (ctx, name) => ({
    // The provider's id is the statement id; Pulumi names it after the resource.
    id: String(ctx.inputs.statementId ?? `${name}-${stableHex(ctx.seed, 7)}`),
    state: { statementId: ctx.inputs.statementId ?? name, region: ctx.region },
  }),
  "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig": (ctx) => ({
    id: String(ctx.inputs.functionName),
    state: { qualifier: ctx.inputs.qualifier ?? "", region: ctx.region },
  }),
  "aws:cloudwatch/eventRule:EventRule": (ctx, name) => {
    const ruleName = String(ctx.inputs.name ?? name);
    const bus = String(ctx.inputs.eventBusName ?? "default");
    return {
      id: bus === "default" ? ruleName : `${bus}/${ruleName}`,
      state: {
        arn: arn(ctx, "events", `rule/${bus === "default" ? "" : `${bus}/`}${ruleName}`),
        name: ruleName,
        eventBusName: bus,
        state: "ENABLED",
        region: ctx.region,
      },
    };
  },
  "aws:cloudwatch/eventTarget:EventTarget": (ctx, name) => {
    const targetId = String(ctx.inputs.targetId ?? `${name}-${stableHex(ctx.seed, 7)}`);
    return {
      id: `${ctx.inputs.eventBusName ?? "default"}-${ctx.inputs.rule}-${targetId}`,
      state: { targetId, eventBusName: ctx.inputs.eventBusName ?? "default", region: ctx.region },
    };
  },
  "aws:ram/resourceShare:ResourceShare": (ctx) => {
    const shareArn = arn(
      ctx,
      "ram",
      `resource-share/${stableHex(ctx.seed, 8)}-${stableHex(ctx.seed + "b", 4)}`,
    );
    return { id: shareArn, state: { arn: shareArn, region: ctx.region } };
  },
  "aws:ram/resourceAssociation:ResourceAssociation": (ctx) => ({
    id: `${ctx.inputs.resourceShareArn},${ctx.inputs.resourceArn}`,
    state: { region: ctx.region },
  }),
  "aws:ram/principalAssociation:PrincipalAssociation": (ctx) => ({
    id: `${ctx.inputs.resourceShareArn},${ctx.inputs.principal}`,
    state: { region: ctx.region },
  }),
  "aws:ram/resourceShareAccepter:ResourceShareAccepter": (ctx) => {
    const shareArn = String(ctx.inputs.shareArn);
    return {
      id: shareArn,
      state: {
        shareArn,
        shareId: `rs-${stableHex(ctx.seed, 8)}`,
        invitationArn: arn(ctx, "ram", `resource-share-invitation/${stableHex(ctx.seed, 8)}`),
        status: "ACCEPTED",
        senderAccountId: shareArn.split(":")[4] ?? "",
        receiverAccountId: ctx.account,
        resources: [],
        region: ctx.region,
      },
    };
  },
  "aws:sesv2/dedicatedIpPool:DedicatedIpPool": (ctx) => ({
    id: String(ctx.inputs.poolName),
    state: {
      arn: arn(ctx, "ses", `dedicated-ip-pool/${ctx.inputs.poolName}`),
      scalingMode: ctx.inputs.scalingMode ?? "STANDARD",
      region: ctx.region,
    },
  }),
  "aws:sesv2/configurationSet:ConfigurationSet": (ctx) => ({
    id: String(ctx.inputs.configurationSetName),
    state: {
      arn: arn(ctx, "ses", `configuration-set/${ctx.inputs.configurationSetName}`),
      region: ctx.region,
    },
  }),
  "aws:sesv2/emailIdentity:EmailIdentity": (ctx) => ({
    id: String(ctx.inputs.emailIdentity),
    state: {
      arn: arn(ctx, "ses", `identity/${ctx.inputs.emailIdentity}`),
      identityType: String(ctx.inputs.emailIdentity).includes("@") ? "EMAIL_ADDRESS" : "DOMAIN",
      verifiedForSendingStatus: false,
      dkimSigningAttributes: {
        ...(ctx.inputs.dkimSigningAttributes as State | undefined),
        tokens: [0, 1, 2].map((i) => stableHex(`${ctx.seed}${i}`, 32)),
        status: "PENDING",
        signingAttributesOrigin: "AWS_SES",
      },
      region: ctx.region,
    },
  }),
  "aws:sesv2/dedicatedIpAssignment:DedicatedIpAssignment": (ctx) => ({
    // The provider's id: "<ip>,<destination pool>".
    id: `${ctx.inputs.ip},${ctx.inputs.destinationPoolName}`,
    state: { region: ctx.region },
  }),
  "aws:sesv2/configurationSetEventDestination:ConfigurationSetEventDestination": (ctx) => ({
    // The provider's id: "<configuration set>|<event destination>".
    id: `${ctx.inputs.configurationSetName}|${ctx.inputs.eventDestinationName}`,
    state: { region: ctx.region },
  }),
  "aws:dynamodb/table:Table": (ctx, name) => {
    const tableName = String(ctx.inputs.name ?? `${name}-${stableHex(ctx.seed, 7)}`);
    const label = "2025-01-01T00:00:00.000";
    const tableArn = (region: string) =>
      `arn:${ctx.partition}:dynamodb:${region}:${ctx.account}:table/${tableName}`;
    const replicas = decoded(ctx.inputs.replicas);
    return {
      id: tableName,
      state: {
        arn: tableArn(ctx.region),
        name: tableName,
        region: ctx.region,
        ...(ctx.inputs.streamEnabled
          ? { streamArn: `${tableArn(ctx.region)}/stream/${label}`, streamLabel: label }
          : {}),
        ...(Array.isArray(replicas) && {
          replicas: (replicas as { regionName: string }[]).map((replica) => ({
            ...replica,
            arn: tableArn(replica.regionName),
            streamArn: `${tableArn(replica.regionName)}/stream/${label}`,
            streamLabel: label,
          })),
        }),
      },
    };
  },
  "aws:lambda/eventSourceMapping:EventSourceMapping": (ctx) => {
    const h = stableHex(ctx.seed, 32);
    const uuid = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
    return {
      id: uuid,
      state: {
        uuid,
        arn: arn(ctx, "lambda", `event-source-mapping:${uuid}`),
        functionArn: arn(ctx, "lambda", `function:${ctx.inputs.functionName}`),
        state: "Enabled",
        region: ctx.region,
      },
    };
  },
  "aws:cloudwatch/metricAlarm:MetricAlarm": (ctx, name) => {
    const alarmName = String(ctx.inputs.name ?? name);
    return {
      id: alarmName,
      state: {
        arn: arn(ctx, "cloudwatch", `alarm:${alarmName}`),
        name: alarmName,
        actionsEnabled: ctx.inputs.actionsEnabled ?? true,
        region: ctx.region,
      },
    };
  },
  "aws:sqs/queuePolicy:QueuePolicy": (ctx) => ({
    id: String(ctx.inputs.queueUrl),
    state: { region: ctx.region },
  }),
  "aws:sns/topicSubscription:TopicSubscription": (ctx) => {
    const h = stableHex(ctx.seed, 32);
    const subscriptionArn = `${ctx.inputs.topic}:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
    return {
      id: subscriptionArn,
      state: {
        arn: subscriptionArn,
        owner: ctx.account,
        // SQS endpoints in the same account confirm at once.
        pendingConfirmation: false,
        confirmationWasAuthenticated: true,
        region: ctx.region,
      },
    };
  },
};
