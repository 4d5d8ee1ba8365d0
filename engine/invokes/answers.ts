/**
 * Invokes (provider functions) answered as AWS answers them, for the functions programs of
 * this domain call: `aws.iam.getPolicyDocument` (rendered like the provider), the caller's
 * account, Region, partition and Availability Zones, the organization, default tags, ARN
 * parsing, SSM parameters the program itself declares, and aws-native's equivalents.
 * Fields that cannot be known offline (the caller's ARN, an organization that was not
 * configured, a parameter declared elsewhere) are returned unknown and named, never
 * invented.
 */
import { renderPolicyDocument, type PolicyDocumentArgs } from "./policy-document";
import { availabilityZones, partitionDns, partitionFor, regionDescription } from "./regions";

/** The engine's sentinel for a value that is unknown during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** An SSM parameter the program declared in this run. */
export interface DeclaredParameter {
  name: string;
  type: string;
  value: unknown;
  arn: string;
  version: number;
}

/** The AWS organization the offline engine answers for. */
export interface OrganizationAnswer {
  /** `arn:aws:organizations::<management account>:organization/o-<id>`. */
  arn: string;
}

/** What an answer may use: the account and Region of the invoke's provider, and the run's state. */
export interface InvokeContext {
  /** Region of the invoke: its `region` argument, else its provider's, else the run's default. */
  region: string;
  /** Account of the invoke's provider, else the run's. */
  account: string;
  /** The invoke's explicit provider's inputs, when it has one. */
  providerInputs?: Record<string, unknown>;
  /** The organization, when the run was told which. */
  organization?: OrganizationAnswer;
  /** A parameter of this name declared in this Region earlier in the run. */
  declaredParameter(name: string, region: string): DeclaredParameter | undefined;
}

/** An answer: the result, and which of its fields are unknown offline. */
export interface InvokeAnswer {
  result: Record<string, unknown>;
  /** Fields returned as unknown because nothing offline can know them. Empty when complete. */
  unknownFields: string[];
  /** Why those fields are unknown. */
  reason?: string;
}

type Answer = (inputs: Record<string, unknown>, ctx: InvokeContext) => InvokeAnswer;

const complete = (result: Record<string, unknown>): InvokeAnswer => ({ result, unknownFields: [] });

/** Marks `fields` of `result` unknown. */
function withUnknown(
  result: Record<string, unknown>,
  fields: string[],
  reason: string,
): InvokeAnswer {
  for (const field of fields) result[field] = UNKNOWN;
  return { result, unknownFields: fields, reason };
}

/** Provider inputs arrive JSON-encoded when they are not strings. */
function decoded(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** `o-abc` and the management account from an organization ARN. */
function organizationParts(arn: string): { id: string; managementAccount: string } | undefined {
  const match = /^arn:[\w-]+:organizations::(\d{12}):organization\/(o-[a-z0-9]{10,32})$/.exec(arn);
  return match ? { managementAccount: match[1], id: match[2] } : undefined;
}

/** Splits a CIDR block into `count` subnets of `bits` host bits (CloudFormation's `Fn::Cidr`). */
function cidrSubnets(ipBlock: string, count: number, bits: number): string[] {
  const match = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(ipBlock);
  if (!match) throw new Error(`${ipBlock} is not an IPv4 CIDR block`);
  const base = match.slice(1, 5).reduce((acc, part) => acc * 256 + Number(part), 0);
  const prefix = 32 - bits;
  if (prefix < Number(match[5])) throw new Error(`cidrBits ${bits} is too large for ${ipBlock}`);
  const size = 2 ** bits;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const start = base + i * size;
    const octets = [24, 16, 8, 0].map((shift) => Math.floor(start / 2 ** shift) % 256);
    out.push(`${octets.join(".")}/${prefix}`);
  }
  return out;
}

function arnParts(arn: string): Record<string, string> {
  const parts = arn.split(":");
  if (parts.length < 6 || parts[0] !== "arn") throw new Error(`${arn} is not an ARN`);
  return {
    arn,
    id: arn,
    partition: parts[1],
    service: parts[2],
    region: parts[3],
    account: parts[4],
    resource: parts.slice(5).join(":"),
  };
}

function parameterAnswer(
  name: string,
  ctx: InvokeContext,
  shape: (parameter: DeclaredParameter) => Record<string, unknown>,
  fields: string[],
): InvokeAnswer {
  const parameter = ctx.declaredParameter(name, ctx.region);
  if (parameter) return complete(shape(parameter));
  return withUnknown(
    {},
    fields,
    `SSM parameter ${name} in ${ctx.region} is not declared by this program, so its value is known only to AWS`,
  );
}

const ANSWERS: Record<string, Answer> = {
  "aws:iam/getPolicyDocument:getPolicyDocument": (inputs) => {
    const rendered = renderPolicyDocument(inputs as PolicyDocumentArgs);
    return complete({ ...inputs, ...rendered });
  },
  "aws:index/getCallerIdentity:getCallerIdentity": (_inputs, ctx) =>
    withUnknown(
      { accountId: ctx.account, id: ctx.account },
      ["arn", "userId"],
      "which identity runs the preview is known only to AWS",
    ),
  "aws:index/getRegion:getRegion": (inputs, ctx) => {
    const region = String(inputs.region ?? inputs.name ?? inputs.id ?? ctx.region);
    const dns = partitionDns(partitionFor(region));
    const result: Record<string, unknown> = {
      region,
      name: region,
      id: region,
      endpoint: `ec2.${region}.${dns.dnsSuffix}`,
    };
    const description = regionDescription(region);
    if (description) return complete({ ...result, description });
    return withUnknown(result, ["description"], `Region ${region} is not one the engine knows`);
  },
  "aws:index/getPartition:getPartition": (_inputs, ctx) => {
    const partition = partitionFor(ctx.region);
    return complete({ partition, id: partition, ...partitionDns(partition) });
  },
  "aws:index/getAvailabilityZones:getAvailabilityZones": (inputs, ctx) => {
    const region = String(inputs.region ?? ctx.region);
    const zones = availabilityZones(region);
    const filters = Array.isArray(inputs.filters) && inputs.filters.length > 0;
    if (!zones || filters) {
      return withUnknown(
        { region, id: region },
        ["names", "zoneIds", "groupNames"],
        zones ? "filters are evaluated by AWS" : `Region ${region} is not one the engine knows`,
      );
    }
    const excludedNames = new Set((inputs.excludeNames as string[] | undefined) ?? []);
    const excludedIds = new Set((inputs.excludeZoneIds as string[] | undefined) ?? []);
    const keep = zones.names
      .map((name, i) => ({ name, zoneId: zones.zoneIds[i] }))
      .filter((z) => !excludedNames.has(z.name) && !excludedIds.has(z.zoneId));
    return complete({
      ...inputs,
      region,
      id: region,
      names: keep.map((z) => z.name),
      zoneIds: keep.map((z) => z.zoneId),
      groupNames: [region],
    });
  },
  "aws:index/getDefaultTags:getDefaultTags": (_inputs, ctx) => {
    const defaultTags = decoded(ctx.providerInputs?.defaultTags) as
      { tags?: Record<string, string> } | undefined;
    return complete({ id: "aws", tags: defaultTags?.tags ?? {} });
  },
  "aws:index/getArn:getArn": (inputs) => complete(arnParts(String(inputs.arn))),
  "aws:organizations/getOrganization:getOrganization": (inputs, ctx) => {
    const parts = ctx.organization && organizationParts(ctx.organization.arn);
    const unknowable = [
      "accounts",
      "nonMasterAccounts",
      "masterAccountEmail",
      "masterAccountName",
      "awsServiceAccessPrincipals",
      "enabledPolicyTypes",
      "roots",
      "featureSet",
    ];
    if (!parts) {
      return withUnknown(
        { ...inputs },
        ["arn", "id", "masterAccountArn", "masterAccountId", ...unknowable],
        "the organization was not given to the offline engine (npm run check -- --aws-organization <organization ARN>)",
      );
    }
    const partition = partitionFor(ctx.region);
    return withUnknown(
      {
        ...inputs,
        arn: ctx.organization!.arn,
        id: parts.id,
        masterAccountId: parts.managementAccount,
        masterAccountArn: `arn:${partition}:organizations::${parts.managementAccount}:account/${parts.id}/${parts.managementAccount}`,
      },
      unknowable,
      "the organization's accounts, roots and settings are known only to AWS Organizations",
    );
  },
  "aws:ssm/getParameter:getParameter": (inputs, ctx) => {
    const name = String(inputs.name);
    return parameterAnswer(
      name,
      ctx,
      (p) => ({
        ...inputs,
        arn: p.arn,
        id: p.name,
        name: p.name,
        type: p.type,
        value: p.value,
        insecureValue: p.type === "SecureString" ? UNKNOWN : p.value,
        version: p.version,
        region: ctx.region,
      }),
      ["arn", "id", "type", "value", "insecureValue", "version"],
    );
  },
  "aws-native:index:getAccountId": (_inputs, ctx) => complete({ accountId: ctx.account }),
  "aws-native:index:getRegion": (_inputs, ctx) => complete({ region: ctx.region }),
  "aws-native:index:getPartition": (_inputs, ctx) => {
    const partition = partitionFor(ctx.region);
    return complete({ partition, dnsSuffix: partitionDns(partition).dnsSuffix });
  },
  "aws-native:index:getUrlSuffix": (_inputs, ctx) =>
    complete({ urlSuffix: partitionDns(partitionFor(ctx.region)).dnsSuffix }),
  "aws-native:index:getAzs": (inputs, ctx) => {
    const region = String(inputs.region || ctx.region);
    const zones = availabilityZones(region);
    if (!zones) return withUnknown({}, ["azs"], `Region ${region} is not one the engine knows`);
    return complete({ azs: zones.names });
  },
  "aws-native:index:cidr": (inputs) =>
    complete({
      subnets: cidrSubnets(String(inputs.ipBlock), Number(inputs.count), Number(inputs.cidrBits)),
    }),
  "aws-native:index:getSsmParameterString": (inputs, ctx) =>
    parameterAnswer(String(inputs.name), ctx, (p) => ({ value: p.value }), ["value"]),
  "aws-native:index:getSsmParameterList": (inputs, ctx) =>
    parameterAnswer(String(inputs.name), ctx, (p) => ({ value: String(p.value).split(",") }), [
      "value",
    ]),
};

/** True when the engine knows how to answer `token`. */
export function isAnswerable(token: string): boolean {
  return token in ANSWERS;
}

/**
 * AWS's answer to an invoke, or undefined when the engine does not know the function.
 *
 * @throws the function's own failure (an invalid policy document, a malformed ARN), which
 *   fails the invoke as it would fail against AWS
 */
export function answerInvoke(
  token: string,
  inputs: Record<string, unknown>,
  ctx: InvokeContext,
): InvokeAnswer | undefined {
  const answer = ANSWERS[token];
  return answer ? answer(inputs, ctx) : undefined;
}
