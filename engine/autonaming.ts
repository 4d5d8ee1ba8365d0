/**
 * Auto-naming as the providers' `Check` applies it: a resource that leaves its physical
 * name unset gets `<resource name>-<7 random hex characters>` (both `@pulumi/aws` and
 * `@pulumi/aws-native`), and `@pulumi/aws` names a resource given only a `namePrefix`
 * `<prefix><26 unique characters>`. `pulumi preview` shows, and policy packs receive, the
 * checked inputs with the name filled in, so rules that read a name see it. Offline the
 * random part comes from a hash of a seed and the URN: stable from run to run.
 */
import { createHash } from "node:crypto";

/** Where a type keeps its physical name, and the longest name AWS accepts. */
interface NameRule {
  property: string;
  maxLength: number;
  /** `@pulumi/aws` also accepts `namePrefix`. */
  prefixProperty?: string;
  /** A boolean input that makes the name end in `.fifo` (SNS topics, SQS queues). */
  fifoProperty?: string;
}

const RULES: Record<string, NameRule> = {
  "aws:pinpoint/smsvoicev2OptOutList:Smsvoicev2OptOutList": { property: "name", maxLength: 64 },
  "aws:pinpoint/smsvoicev2ConfigurationSet:Smsvoicev2ConfigurationSet": {
    property: "name",
    maxLength: 64,
  },
  "aws:iam/role:Role": { property: "name", maxLength: 64, prefixProperty: "namePrefix" },
  "aws:iam/policy:Policy": { property: "name", maxLength: 128, prefixProperty: "namePrefix" },
  "aws:iam/rolePolicy:RolePolicy": {
    property: "name",
    maxLength: 128,
    prefixProperty: "namePrefix",
  },
  "aws:sns/topic:Topic": {
    property: "name",
    maxLength: 256,
    prefixProperty: "namePrefix",
    fifoProperty: "fifoTopic",
  },
  "aws:sqs/queue:Queue": {
    property: "name",
    maxLength: 80,
    prefixProperty: "namePrefix",
    fifoProperty: "fifoQueue",
  },
  "aws:cloudwatch/logGroup:LogGroup": {
    property: "name",
    maxLength: 512,
    prefixProperty: "namePrefix",
  },
  "aws:cloudwatch/eventRule:EventRule": {
    property: "name",
    maxLength: 64,
    prefixProperty: "namePrefix",
  },
  "aws:cloudwatch/metricAlarm:MetricAlarm": { property: "name", maxLength: 255 },
  "aws:lambda/function:Function": { property: "name", maxLength: 64 },
  "aws:ses/configurationSet:ConfigurationSet": { property: "name", maxLength: 64 },
  "aws:ram/resourceShare:ResourceShare": { property: "name", maxLength: 255 },
  "aws-native:smsvoice:OptOutList": { property: "optOutListName", maxLength: 64 },
  "aws-native:smsvoice:ConfigurationSet": { property: "configurationSetName", maxLength: 64 },
  "aws-native:iam:Role": { property: "roleName", maxLength: 64 },
  "aws-native:sns:Topic": { property: "topicName", maxLength: 256, fifoProperty: "fifoTopic" },
  "aws-native:sqs:Queue": { property: "queueName", maxLength: 80, fifoProperty: "fifoQueue" },
  "aws-native:logs:LogGroup": { property: "logGroupName", maxLength: 512 },
  "aws-native:lambda:Function": { property: "functionName", maxLength: 64 },
  "aws-native:ses:ConfigurationSet": { property: "name", maxLength: 64 },
  "aws-native:ses:DedicatedIpPool": { property: "poolName", maxLength: 64 },
};

/** A name the provider would refuse to generate. */
export class AutoNameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AutoNameError";
  }
}

/** `length` hex characters from a hash of the seed. */
function randomHex(seed: string, length: number): string {
  return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

/**
 * The properties `Check` adds to a resource's inputs to name it, or undefined when the
 * type is not auto-named or the program named it. `inputs` are the register request's
 * (wire form); a name that is unknown during preview counts as given.
 *
 * @param seed makes the random part stable per run configuration. Default: "".
 */
export function autoNamed(
  type: string,
  name: string,
  urn: string,
  inputs: Record<string, unknown>,
  seed = "",
): Record<string, string> | undefined {
  const rule = RULES[type];
  if (!rule) return undefined;
  const given = inputs[rule.property];
  if (given !== undefined && given !== null && given !== "") return undefined;
  const random = `${seed}\0${urn}`;
  const prefix = rule.prefixProperty ? inputs[rule.prefixProperty] : undefined;
  const suffix = rule.fifoProperty && inputs[rule.fifoProperty] === true ? ".fifo" : "";
  let physical: string;
  if (typeof prefix === "string" && prefix) {
    // The AWS provider's unique id: a 20-digit timestamp and an 8-digit counter.
    const digits = BigInt(`0x${randomHex(random, 24)}`)
      .toString()
      .padStart(26, "0")
      .slice(-26);
    physical = `${prefix}${digits}${suffix}`;
  } else {
    physical = `${name}-${randomHex(random, 7)}${suffix}`;
  }
  if (physical.length > rule.maxLength) {
    throw new AutoNameError(
      `${type} ${name}: the generated name ${physical} is longer than the ${rule.maxLength} characters AWS allows; set ${rule.property} explicitly or use a shorter resource name`,
    );
  }
  return { [rule.property]: physical };
}
