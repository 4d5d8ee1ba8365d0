/**
 * Every resource a valid estate config will declare, with its URN's type chain and name
 * and the AWS name it will carry, derived with the naming functions the components use
 * (`lib/naming.ts`) and in the same structure they declare them. From that plan,
 * {@link checkResourceNames} refuses, before anything is declared:
 *
 * - two resources with one URN (e.g. a use case named `account`, whose protect
 *   configuration would take the account-level one's name, or opt-in keywords `JOIN NOW`
 *   and `JOIN_NOW`, which make one keyword name) — the Pulumi engine would refuse the
 *   second at `pulumi up`, after the first half of the estate changed;
 * - two resources with one AWS name in one account and Region;
 * - names longer than AWS allows, including the names Pulumi generates
 *   (`<logical name>-<7 random hex digits>`), which Pulumi's AWS provider refuses at preview
 *   when they exceed AWS's limit.
 *
 * `test/stacks/resource-plan.spec.ts` proves the plan equals what the program registers
 * (every URN, every planned AWS name) for the example and generated estates: a component
 * that declares a resource the plan does not know fails it. Pure: no Pulumi, no I/O.
 */
import {
  AUTO_NAME_SUFFIX_LENGTH,
  configurationSetNames,
  failoverNames,
  physicalNames,
  protectNames,
  ROOT_NAME,
  senderIdKey,
  sesNames,
  sharingNames,
  smsNames,
  TYPE,
} from "../../lib/naming";
import { own } from "../../lib/own";
import { formatPath, type ConfigIssue } from "./issues";
import { estateRegions } from "./rules";
import type { EstateConfig, EventDestinationConfig } from "./schema";
import { sharePlan } from "./sharing";
import { quote } from "./text";

/** A config path, as in {@link ConfigIssue}. */
export type ConfigPath = ReadonlyArray<string | number>;

/** Kinds of AWS names, with AWS's rules for each. */
export const PHYSICAL_KINDS = {
  optOutList: { what: "opt-out list", maxLength: 64, pattern: /^[A-Za-z0-9_-]+$/ },
  smsConfigurationSet: { what: "configuration set", maxLength: 64, pattern: /^[A-Za-z0-9_-]+$/ },
  logGroup: { what: "log group", maxLength: 512, pattern: /^[A-Za-z0-9._/#-]+$/ },
  lambdaFunction: { what: "Lambda function", maxLength: 64, pattern: /^[A-Za-z0-9_-]+$/ },
  ssmParameter: {
    what: "SSM parameter",
    maxLength: 1011,
    pattern: /^(\/[A-Za-z0-9_.-]+){1,15}$/,
  },
  sesConfigurationSet: {
    what: "SES configuration set",
    maxLength: 64,
    pattern: /^[A-Za-z0-9_-]+$/,
  },
  sesPool: { what: "SES dedicated IP pool", maxLength: 64, pattern: /^[A-Za-z0-9_-]+$/ },
  dynamodbTable: { what: "DynamoDB table", maxLength: 255, pattern: /^[A-Za-z0-9_.-]{3,}$/ },
  snsTopic: { what: "SNS topic", maxLength: 256, pattern: /^[A-Za-z0-9_-]+$/ },
  // eslint-disable-next-line no-control-regex
  metricAlarm: { what: "CloudWatch alarm", maxLength: 255, pattern: /^[^\u0000-\u001f\u007f]+$/ },
  /** Not an AWS name: the key under which a Region's adopted originators are held. */
  adoptedOriginator: { what: "adopted originator key", maxLength: 1000, pattern: /./ },
} as const;
export type PhysicalKind = keyof typeof PHYSICAL_KINDS;

/** AWS's limits for names Pulumi generates, by resource type. */
export const AUTO_NAME_LIMITS: Readonly<Record<string, { what: string; maxLength: number }>> = {
  [TYPE.role]: { what: "IAM role names", maxLength: 64 },
  [TYPE.rolePolicy]: { what: "IAM inline policy names", maxLength: 128 },
  [TYPE.eventRule]: { what: "EventBridge rule names", maxLength: 64 },
  [TYPE.eventTarget]: { what: "EventBridge target ids", maxLength: 64 },
  [TYPE.queue]: { what: "SQS queue names", maxLength: 80 },
  [TYPE.topic]: { what: "SNS topic names", maxLength: 256 },
  [TYPE.metricAlarm]: { what: "CloudWatch alarm names", maxLength: 255 },
};

/** An AWS name a resource will carry. */
export interface PlannedPhysicalName {
  kind: PhysicalKind;
  /** Where the name must be unique, e.g. "111122223333/us-east-1". */
  scope: string;
  name: string;
  /** The resource input holding it (for the plan-vs-program test). Default: none. */
  input?: string;
}

/** One resource the program will register. */
export interface PlannedResource {
  /** Type chain as the URN holds it (parents' types, `$`-separated, then the type). */
  type: string;
  /** Logical name: the URN's last part. */
  name: string;
  /** Words for messages, e.g. "the keyword JOIN of otp's pool in us-east-1". */
  what: string;
  /** The config entry whose key the name carries; undefined for names the estate fixes. */
  path?: ConfigPath;
  physical?: PlannedPhysicalName;
}

/** The URN of a planned resource in a stack and project. */
export function plannedUrn(resource: PlannedResource, stack: string, project: string): string {
  return `urn:pulumi:${stack}::${project}::${resource.type}::${resource.name}`;
}

interface Parent {
  type: string;
}

/** Collects planned resources; `add` returns the new resource as a parent for children. */
class PlanBuilder {
  readonly resources: PlannedResource[] = [];

  add(
    parent: Parent | undefined,
    type: string,
    name: string,
    what: string,
    path?: ConfigPath,
    physical?: PlannedPhysicalName,
  ): Parent {
    const chain = parent ? `${parent.type}$${type}` : type;
    this.resources.push({
      type: chain,
      name,
      what,
      ...(path ? { path } : {}),
      ...(physical ? { physical } : {}),
    });
    return { type: chain };
  }
}

/**
 * Every resource `deployEstate(config)` registers, in the components' structure.
 *
 * @param config - a config that passed the schema and the cross-field rules; no default.
 */
export function planResources(config: EstateConfig): PlannedResource[] {
  const plan = new PlanBuilder();
  const regions = estateRegions(config);
  const useCases = Object.keys(config.useCases).sort();
  const scope = (account: string, region: string) => `${account}/${region}`;

  // MessagingEstate: one MessagingRegion per Region.
  const estate = plan.add(undefined, TYPE.messagingEstate, ROOT_NAME.estate, "the estate");
  for (const region of regions) {
    const block = own(config.regions, region);
    if (!block) continue; // refused by the rules before the plan is made
    const at = scope(config.account, region);
    plan.add(
      estate,
      TYPE.nativeProvider,
      smsNames.nativeProvider(region),
      `the aws-native provider of ${region}`,
    );
    const r = smsNames.region(region);
    const regional = plan.add(estate, TYPE.messagingRegion, r, `the ${region} part of the estate`);
    for (const useCase of useCases) {
      const config_ = config.useCases[useCase];
      const uc = ["useCases", useCase];
      plan.add(
        regional,
        TYPE.optOutList,
        smsNames.optOutList(r, useCase),
        `the opt-out list of ${useCase} in ${region}`,
        uc,
        {
          kind: "optOutList",
          scope: at,
          name: physicalNames.useCase(config.namePrefix, useCase),
          input: "name",
        },
      );
      if (config_.twoWay) {
        const channelName = smsNames.inbound(r, useCase);
        const channel = plan.add(
          regional,
          TYPE.twoWayChannel,
          channelName,
          `the inbound channel of ${useCase} in ${region}`,
          uc,
        );
        plan.add(
          channel,
          TYPE.topic,
          smsNames.twoWayTopic(channelName),
          `the inbound topic of ${useCase} in ${region}`,
          uc,
        );
        plan.add(
          channel,
          TYPE.topicPolicy,
          smsNames.twoWayTopicPolicy(channelName),
          `the inbound topic policy of ${useCase} in ${region}`,
          uc,
        );
      }
    }

    for (const key of Object.keys(block.registrations).sort()) {
      plan.add(
        regional,
        TYPE.registration,
        smsNames.registration(r, key),
        `registration ${key} in ${region}`,
        ["regions", region, "registrations", key],
      );
    }

    const originatorsName = smsNames.originators(r);
    const originators = plan.add(
      regional,
      TYPE.regionOriginators,
      originatorsName,
      `the originators of ${region}`,
    );
    const block_ = ["regions", region];
    for (const key of Object.keys(block.phoneNumbers).sort()) {
      plan.add(
        originators,
        TYPE.phoneNumber,
        smsNames.phoneNumber(originatorsName, key),
        `phone number ${key} in ${region}`,
        [...block_, "phoneNumbers", key],
      );
    }
    for (const key of Object.keys(block.senderIds).sort()) {
      for (const country of [...block.senderIds[key].countries].sort()) {
        plan.add(
          originators,
          TYPE.senderId,
          smsNames.senderId(originatorsName, key, country),
          `sender ID ${key} for ${country} in ${region}`,
          [...block_, "senderIds", key],
        );
      }
    }
    for (const key of Object.keys(block.existingOriginators).sort()) {
      for (const adopted of adoptedKeys(key, block.existingOriginators[key])) {
        // Not a resource: the key the Region's adopted ARNs are held under (and shared by).
        plan.resources.push({
          type: "(adopted originator)",
          name: `${region}/${adopted}`,
          what: `adopted originator ${key} in ${region}`,
          path: [...block_, "existingOriginators", key],
          physical: { kind: "adoptedOriginator", scope: region, name: adopted },
        });
      }
    }

    const protectName = smsNames.protect(r);
    const protect = plan.add(
      regional,
      TYPE.regionProtect,
      protectName,
      `the Protect layer of ${region}`,
    );
    plan.add(
      protect,
      TYPE.protectConfiguration,
      protectNames.configuration(protectName, protectNames.accountRole),
      `the account-level protect configuration in ${region}`,
    );
    for (const useCase of useCases) {
      plan.add(
        protect,
        TYPE.protectConfiguration,
        protectNames.configuration(protectName, useCase),
        `the protect configuration of ${useCase} in ${region}`,
        ["useCases", useCase],
      );
    }
    if (config.protect.setAccountDefault) {
      plan.add(
        protect,
        TYPE.accountDefaultProtect,
        protectNames.accountDefault(protectName),
        `the account default protect configuration of ${region}`,
      );
    }
    if (config.protect.monthlySpendLimitUsd !== undefined) {
      plan.add(
        protect,
        TYPE.spendLimitOverride,
        protectNames.spendLimit(protectName),
        `the spend limit of ${region}`,
      );
    }
    for (const key of Object.keys(config.protect.numberOverrides).sort()) {
      const override = config.protect.numberOverrides[key];
      if (override.regions && !override.regions.includes(region)) continue;
      plan.add(
        protect,
        TYPE.numberOverride,
        protectNames.numberOverride(protectName, key),
        `number override ${key} in ${region}`,
        ["protect", "numberOverrides", key],
      );
    }

    for (const useCase of useCases) {
      const config_ = config.useCases[useCase];
      const uc = ["useCases", useCase];
      const poolName = smsNames.pool(r, useCase);
      const pool = plan.add(
        regional,
        TYPE.phonePool,
        poolName,
        `the pool of ${useCase} in ${region}`,
        uc,
      );
      plan.add(
        pool,
        TYPE.pool,
        smsNames.poolResource(poolName),
        `the pool of ${useCase} in ${region}`,
        uc,
      );
      const keyword = (word: string, path: ConfigPath) =>
        plan.add(
          pool,
          TYPE.keyword,
          smsNames.keyword(poolName, word),
          `keyword ${word} of ${useCase} in ${region}`,
          path,
        );
      keyword("HELP", [...uc, "keywords", "help"]);
      keyword("STOP", [...uc, "keywords", "stop"]);
      for (const word of Object.keys(config_.keywords.optIn).sort()) {
        keyword(word, [...uc, "keywords", "optIn", word]);
      }
      for (const word of Object.keys(config_.keywords.autoReply).sort()) {
        keyword(word, [...uc, "keywords", "autoReply", word]);
      }
      planConfigurationSet(plan, regional, {
        name: smsNames.configurationSet(r, useCase),
        setName: physicalNames.useCase(config.namePrefix, useCase),
        scope: at,
        where: `${useCase} in ${region}`,
        path: uc,
        destinations: config_.eventDestinations,
        destinationsPath: [...uc, "eventDestinations"],
      });
    }
  }

  if (config.ses) planSes(plan, config);

  if (Object.keys(config.secondaryAccounts).length > 0) planSharing(plan, config, regions);

  planFailover(plan, config, regions, useCases);
  return plan.resources;
}

/** Keys of an adopted originator's ARNs (see `adoptedArns` in components/sms/originators.ts). */
function adoptedKeys(
  key: string,
  config: EstateConfig["regions"][string]["existingOriginators"][string],
): string[] {
  return config.kind === "phoneNumber"
    ? [key]
    : [...config.countries].sort().map((country) => senderIdKey(key, country));
}

/** An `SmsConfigurationSet` and its destinations' resources. */
function planConfigurationSet(
  plan: PlanBuilder,
  parent: Parent,
  set: {
    name: string;
    setName: string;
    scope: string;
    where: string;
    path: ConfigPath;
    destinations: Record<string, EventDestinationConfig>;
    destinationsPath: ConfigPath;
  },
): void {
  const component = plan.add(
    parent,
    TYPE.configurationSet,
    set.name,
    `the configuration set of ${set.where}`,
    set.path,
  );
  for (const key of Object.keys(set.destinations).sort()) {
    const destination = set.destinations[key];
    const at = [...set.destinationsPath, key];
    const what = `event destination ${key} of ${set.where}`;
    if (destination.type === "sns" && !destination.topicArn) {
      plan.add(
        component,
        TYPE.topic,
        configurationSetNames.topic(set.name, key),
        `the topic of ${what}`,
        at,
      );
      plan.add(
        component,
        TYPE.topicPolicy,
        configurationSetNames.topicPolicy(set.name, key),
        `the topic policy of ${what}`,
        at,
      );
    }
    if (destination.type === "cloudwatchLogs" && !destination.logGroupArn) {
      plan.add(
        component,
        TYPE.logGroup,
        configurationSetNames.logGroup(set.name, key),
        `the log group of ${what}`,
        at,
        {
          kind: "logGroup",
          scope: set.scope,
          name: physicalNames.eventLogGroup(set.setName, key),
          input: "name",
        },
      );
    }
    if (destination.type === "cloudwatchLogs" || destination.type === "firehose") {
      plan.add(
        component,
        TYPE.role,
        configurationSetNames.role(set.name, key),
        `the IAM role of ${what}`,
        at,
      );
      plan.add(
        component,
        TYPE.rolePolicy,
        configurationSetNames.rolePolicy(set.name, key),
        `the IAM role policy of ${what}`,
        at,
      );
    }
  }
  plan.add(
    component,
    TYPE.smsConfigurationSet,
    configurationSetNames.set(set.name),
    `the configuration set of ${set.where}`,
    set.path,
    {
      kind: "smsConfigurationSet",
      scope: set.scope,
      name: set.setName,
      input: "configurationSetName",
    },
  );
}

/** `SesWarming` (components/ses/). */
function planSes(plan: PlanBuilder, config: EstateConfig): void {
  const ses = config.ses!;
  const warming = plan.add(undefined, TYPE.sesWarming, ROOT_NAME.ses, "SES warming");
  for (const region of Object.keys(ses.regions).sort()) {
    const block = ses.regions[region];
    const at = ["ses", "regions", region];
    const scope = `${config.account}/${region}`;
    const w = sesNames.region(ROOT_NAME.ses, region);
    const regional = plan.add(warming, TYPE.sesWarmingRegion, w, `SES in ${region}`, at);
    for (const pool of Object.keys(block.pools).sort()) {
      const poolAt = [...at, "pools", pool];
      const ipPoolName = sesNames.ipPool(w, pool);
      const ipPool = plan.add(
        regional,
        TYPE.sesIpPool,
        ipPoolName,
        `SES pool ${pool} in ${region}`,
        poolAt,
      );
      plan.add(
        ipPool,
        TYPE.scalingModeGuard,
        sesNames.ipPoolGuard(ipPoolName),
        `the scaling-mode guard of SES pool ${pool} in ${region}`,
        poolAt,
      );
      plan.add(
        ipPool,
        TYPE.sesDedicatedIpPool,
        sesNames.ipPoolResource(ipPoolName),
        `SES pool ${pool} in ${region}`,
        poolAt,
        {
          kind: "sesPool",
          scope,
          name: pool,
          input: "poolName",
        },
      );
    }
    for (const pool of Object.keys(block.pools).sort()) {
      for (const ip of block.pools[pool].dedicatedIps ?? []) {
        plan.add(
          regional,
          TYPE.sesIpAssignment,
          sesNames.ipAssignment(w, ip),
          `dedicated IP ${ip} in ${region}`,
          [...at, "pools", pool],
        );
      }
    }
    const useCases = Object.keys(block.useCases).sort();
    if (useCases.length > 0) {
      const feedbackName = sesNames.feedback(w);
      const feedback = plan.add(
        regional,
        TYPE.sesFeedbackQueues,
        feedbackName,
        `the SES feedback queues of ${region}`,
      );
      for (const kind of ["bounces", "complaints"]) {
        const what = `the SES ${kind} feedback of ${region}`;
        plan.add(feedback, TYPE.topic, `${feedbackName}-${kind}-topic`, `${what} topic`);
        plan.add(
          feedback,
          TYPE.topicPolicy,
          `${feedbackName}-${kind}-topic-policy`,
          `${what} topic policy`,
        );
        plan.add(feedback, TYPE.queue, `${feedbackName}-${kind}-dlq`, `${what} dead-letter queue`);
        plan.add(feedback, TYPE.queue, `${feedbackName}-${kind}-queue`, `${what} queue`);
        plan.add(
          feedback,
          TYPE.queuePolicy,
          `${feedbackName}-${kind}-queue-policy`,
          `${what} queue policy`,
        );
        plan.add(
          feedback,
          TYPE.topicSubscription,
          `${feedbackName}-${kind}-subscription`,
          `${what} subscription`,
        );
      }
    }
    for (const useCase of useCases) {
      const useAt = [...at, "useCases", useCase];
      const name = sesNames.useCase(w, useCase);
      const sending = plan.add(
        regional,
        TYPE.sesSendingUseCase,
        name,
        `SES use case ${useCase} in ${region}`,
        useAt,
      );
      plan.add(
        sending,
        TYPE.sesConfigurationSet,
        `${name}-set`,
        `the configuration set of SES use case ${useCase} in ${region}`,
        useAt,
        {
          kind: "sesConfigurationSet",
          scope,
          name: physicalNames.sesConfigurationSet(config.namePrefix, useCase),
          input: "configurationSetName",
        },
      );
      for (const kind of ["bounces", "complaints"]) {
        plan.add(
          sending,
          TYPE.sesEventDestination,
          `${name}-${kind}`,
          `the ${kind} destination of SES use case ${useCase} in ${region}`,
          useAt,
        );
      }
    }
    const domains = new Map<string, string>();
    for (const useCase of useCases) {
      const domain = block.useCases[useCase].domain.toLowerCase();
      if (!domains.has(domain)) domains.set(domain, useCase);
    }
    for (const [domain, useCase] of [...domains].sort(([a], [b]) => (a < b ? -1 : 1))) {
      plan.add(
        regional,
        TYPE.sesEmailIdentity,
        sesNames.identity(w, domain),
        `the identity of ${domain} in ${region}`,
        [...at, "useCases", useCase, "domain"],
      );
    }
    const alarmsName = sesNames.alarms(w);
    const alarms = plan.add(
      regional,
      TYPE.sesReputationAlarms,
      alarmsName,
      `the SES reputation alarms of ${region}`,
    );
    plan.add(alarms, TYPE.topic, `${alarmsName}-topic`, `the SES alarm topic of ${region}`);
    for (const alarm of [
      "bounce-warning",
      "bounce-review",
      "complaint-warning",
      "complaint-review",
    ]) {
      plan.add(
        alarms,
        TYPE.metricAlarm,
        `${alarmsName}-${alarm}`,
        `the SES ${alarm} alarm of ${region}`,
      );
    }
  }
}

/** `EstateSharing` (components/sharing/). */
function planSharing(plan: PlanBuilder, config: EstateConfig, regions: readonly string[]): void {
  const sharing = plan.add(
    undefined,
    TYPE.estateSharing,
    ROOT_NAME.sharing,
    "sharing with secondary accounts",
  );
  for (const [region, byUseCase] of Object.entries(sharePlan(config, regions))) {
    const block = own(config.regions, region);
    if (!block) continue;
    const shareName = sharingNames.regionalShare(region);
    const share = plan.add(sharing, TYPE.regionalShare, shareName, `the RAM shares of ${region}`);
    for (const useCase of Object.keys(byUseCase).sort()) {
      const at = sharingNames.shareUseCase(shareName, useCase);
      const uc = ["useCases", useCase];
      const where = `${useCase} in ${region}`;
      plan.add(share, TYPE.resourceShare, sharingNames.share(at), `the RAM share of ${where}`, uc);
      const associate = (key: string, what: string, path: ConfigPath) =>
        plan.add(
          share,
          TYPE.resourceAssociation,
          sharingNames.association(at, key),
          `the share of ${what} (${where})`,
          path,
        );
      associate(sharingNames.optOutListKey, "the opt-out list", uc);
      associate(sharingNames.poolKey, "the pool", uc);
      const keys: [string, string, ConfigPath][] = [];
      for (const [key, number] of Object.entries(block.phoneNumbers)) {
        if (number.useCase === useCase)
          keys.push([
            sharingNames.numberKey(key),
            `phone number ${key}`,
            ["regions", region, "phoneNumbers", key],
          ]);
      }
      for (const [key, sender] of Object.entries(block.senderIds)) {
        if (sender.useCase !== useCase) continue;
        for (const country of sender.countries) {
          keys.push([
            sharingNames.senderKey(key, country),
            `sender ID ${key} for ${country}`,
            ["regions", region, "senderIds", key],
          ]);
        }
      }
      for (const [key, existing] of Object.entries(block.existingOriginators)) {
        if (existing.useCase !== useCase) continue;
        for (const adopted of adoptedKeys(key, existing)) {
          keys.push([
            sharingNames.adoptedKey(adopted),
            `adopted originator ${key}`,
            ["regions", region, "existingOriginators", key],
          ]);
        }
      }
      for (const [key, what, path] of keys.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        associate(key, what, path);
      }
      for (const principal of [...byUseCase[useCase]].sort((a, b) => (a.name < b.name ? -1 : 1))) {
        plan.add(
          share,
          TYPE.principalAssociation,
          sharingNames.grant(at, principal.name),
          `the grant of ${where} to ${principal.name}`,
          ["secondaryAccounts", principal.name],
        );
      }
    }
  }
  for (const accountName of Object.keys(config.secondaryAccounts).sort()) {
    const secondary = config.secondaryAccounts[accountName];
    if (!secondary.account || !secondary.roleArn) continue;
    const at = ["secondaryAccounts", accountName];
    const name = sharingNames.secondaryAccount(accountName);
    const side = plan.add(
      sharing,
      TYPE.secondaryAccount,
      name,
      `secondary account ${accountName}`,
      at,
    );
    plan.add(
      side,
      TYPE.awsProvider,
      sharingNames.secondaryProvider(name),
      `the aws provider of secondary account ${accountName}`,
      at,
    );
    for (const region of regions) {
      const shared = [...(own(secondary.regions, region)?.useCases ?? [])].sort();
      if (shared.length === 0) continue;
      const regionName = sharingNames.secondaryRegion(name, region);
      const regional = plan.add(
        side,
        TYPE.secondaryAccountRegion,
        regionName,
        `secondary account ${accountName} in ${region}`,
        at,
      );
      plan.add(
        regional,
        TYPE.nativeProvider,
        sharingNames.secondaryNativeProvider(regionName),
        `the aws-native provider of ${accountName} in ${region}`,
        at,
      );
      for (const useCase of shared) {
        const where = `${useCase} in ${accountName}'s ${region}`;
        if (!secondary.inOrganization) {
          plan.add(
            regional,
            TYPE.shareAccepter,
            sharingNames.accepter(regionName, useCase),
            `the share accepter of ${where}`,
            at,
          );
        }
        plan.add(
          regional,
          TYPE.protectConfiguration,
          sharingNames.secondaryProtect(regionName, useCase),
          `the protect configuration of ${where}`,
          at,
        );
        const overridden = own(secondary.eventDestinations, useCase);
        planConfigurationSet(plan, regional, {
          name: sharingNames.secondaryConfigurationSet(regionName, useCase),
          setName: physicalNames.useCase(config.namePrefix, useCase),
          scope: `${secondary.account}/${region}`,
          where,
          path: at,
          destinations: overridden ?? config.useCases[useCase].eventDestinations,
          destinationsPath: overridden
            ? [...at, "eventDestinations", useCase]
            : ["useCases", useCase, "eventDestinations"],
        });
      }
    }
  }
}

/**
 * `EstateFailover` (components/failover/). The opt-out replication's names are built in
 * `opt-out-replication.ts` itself; the plan-vs-program test keeps this copy honest.
 */
function planFailover(
  plan: PlanBuilder,
  config: EstateConfig,
  regions: readonly string[],
  useCases: readonly string[],
): void {
  const failover = plan.add(undefined, TYPE.estateFailover, ROOT_NAME.failover, "failover");
  const pointersName = failoverNames.activePointers(ROOT_NAME.failover);
  const pointers = plan.add(
    failover,
    TYPE.activePointers,
    pointersName,
    "the active-region pointers",
  );
  for (const useCase of useCases) {
    for (const holder of regions) {
      plan.add(
        pointers,
        TYPE.ssmParameter,
        failoverNames.pointer(pointersName, holder, useCase),
        `the active-region pointer of ${useCase} in ${holder}`,
        ["useCases", useCase],
        {
          kind: "ssmParameter",
          scope: `${config.account}/${holder}`,
          name: physicalNames.pointerParameter(config.namePrefix, useCase),
          input: "name",
        },
      );
    }
  }
  if (regions.length < 2) return;
  const twoWay = useCases.filter((useCase) => config.useCases[useCase].twoWay);
  const ledger = plan.add(
    failover,
    TYPE.optOutLedger,
    failoverNames.ledger(ROOT_NAME.failover),
    "the opt-out ledger",
  );
  plan.add(
    ledger,
    TYPE.dynamoTable,
    failoverNames.ledgerTable(failoverNames.ledger(ROOT_NAME.failover)),
    "the opt-out ledger's global table",
    undefined,
    {
      kind: "dynamodbTable",
      scope: `${config.account}/${config.primaryRegion}`,
      name: physicalNames.optOutTable(config.namePrefix, "ledger"),
      input: "name",
    },
  );
  for (const region of regions) {
    const name = failoverNames.replication(region);
    const scope = `${config.account}/${region}`;
    const replication = plan.add(
      failover,
      TYPE.optOutReplication,
      name,
      `the opt-out ledger's functions in ${region}`,
    );
    const add = (
      type: string,
      suffix: string,
      what: string,
      path?: ConfigPath,
      physical?: Omit<PlannedPhysicalName, "scope" | "input">,
    ) =>
      plan.add(
        replication,
        type,
        failoverNames.replicationPart(name, suffix),
        `${what} in ${region}`,
        path,
        physical && { ...physical, scope, input: "name" },
      );
    // Alarms carry the names they are given (`<namePrefix>-opt-out-<key>`).
    const alarm = (key: string, what: string, path?: ConfigPath) =>
      add(TYPE.metricAlarm, `alarm-${key}`, what, path, {
        kind: "metricAlarm",
        name: physicalNames.optOutAlarm(config.namePrefix, key),
      });
    const fn = (role: "replicator" | "applier" | "reconciler") => {
      const resource = `${name}-${role}`;
      const functionName = physicalNames.optOutFunction(config.namePrefix, role);
      const what = `the opt-out ${role} in ${region}`;
      plan.add(
        replication,
        TYPE.logGroup,
        `${resource}-logs`,
        `the log group of ${what}`,
        undefined,
        {
          kind: "logGroup",
          scope,
          name: physicalNames.lambdaLogGroup(functionName),
          input: "name",
        },
      );
      plan.add(replication, TYPE.role, `${resource}-role`, `the IAM role of ${what}`);
      plan.add(
        replication,
        TYPE.rolePolicy,
        `${resource}-role-policy`,
        `the IAM role policy of ${what}`,
      );
      plan.add(replication, TYPE.lambdaFunction, resource, what, undefined, {
        kind: "lambdaFunction",
        scope,
        name: functionName,
        input: "name",
      });
    };
    add(TYPE.dynamoTable, "state-table", "the opt-out ledger's state table", undefined, {
      kind: "dynamodbTable",
      name: physicalNames.optOutTable(config.namePrefix, "state"),
    });
    if (twoWay.length > 0) {
      add(TYPE.queue, "replicator-dlq", "the dead-letter queue of the opt-out recorder");
      fn("replicator");
      for (const useCase of twoWay) {
        add(
          TYPE.lambdaPermission,
          `${useCase}-invoke`,
          `the permission of ${useCase}'s inbound topic to invoke the opt-out recorder`,
          ["useCases", useCase],
        );
        add(
          TYPE.topicSubscription,
          `${useCase}-subscription`,
          `the opt-out recorder's subscription to ${useCase}'s inbound topic`,
          ["useCases", useCase],
        );
      }
    }
    add(TYPE.topic, "alarms", "the opt-out alarms' topic", undefined, {
      kind: "snsTopic",
      name: physicalNames.optOutAlarmTopic(config.namePrefix),
    });
    if (twoWay.length > 0) {
      alarm("recorder-dead-letters", "the opt-out recorder's alarm");
    }
    add(TYPE.queue, "applier-dlq", "the dead-letter queue of the opt-out applier");
    fn("applier");
    add(TYPE.eventSourceMapping, "applier-stream", "the opt-out applier's ledger stream");
    fn("reconciler");
    add(
      TYPE.lambdaInvokeConfig,
      "reconciler-invoke-config",
      "the invoke configuration of the opt-out reconciler",
    );
    add(TYPE.eventRule, "reconciler-schedule", "the schedule of the opt-out reconciler");
    add(
      TYPE.lambdaPermission,
      "reconciler-invoke",
      "the schedule's permission to invoke the opt-out reconciler",
    );
    add(TYPE.eventTarget, "reconciler-target", "the schedule target of the opt-out reconciler");
    for (const key of [
      "applier-errors",
      "applier-iterator-age",
      "reconciler-errors",
      "reconciler-not-running",
    ]) {
      alarm(key, `the opt-out alarm ${key}`);
    }
    for (const useCase of useCases) {
      alarm(`${useCase}-behind`, `the opt-out alarm ${useCase}-behind`, ["useCases", useCase]);
    }
    for (const peer of regions.filter((r) => r !== region)) {
      alarm(`peer-${peer}-presumed-down`, `the opt-out alarm for ${peer} presumed down`);
      alarm(`replication-to-${peer}`, `the opt-out alarm for replication to ${peer}`);
    }
  }
}

/** Where a planned resource's name comes from, for messages. */
function origin(resource: PlannedResource): string {
  return resource.path ? formatPath(resource.path) : "a name the estate gives it";
}

/**
 * Problems with the names a valid config would produce: shared URNs, shared AWS names,
 * names beyond AWS's limits. Each is reported once per pair of config entries (not once
 * per Region), at the entry to rename, naming the other.
 *
 * @param config - a config that passed the schema and the cross-field rules; no default.
 */
export function checkResourceNames(config: EstateConfig): ConfigIssue[] {
  const resources = planResources(config);
  const issues = new Map<string, ConfigIssue>();
  // One problem per pair of config entries (or entry and kind of built-in resource), not
  // one per Region: the first occurrence's words stand for the others.
  const report = (path: ConfigPath | undefined, message: string, against: string) => {
    const key = `${formatPath(path ?? [])}|${against}`;
    if (!issues.has(key)) issues.set(key, { path: path ?? [], message });
  };
  const byPath = (a: PlannedResource, b: PlannedResource) => {
    const x = a.path ? formatPath(a.path) : "";
    const y = b.path ? formatPath(b.path) : "";
    return x < y ? -1 : x > y ? 1 : 0;
  };

  const collide = (
    groups: Map<string, PlannedResource[]>,
    describe: (first: PlannedResource, second: PlannedResource) => string,
  ) => {
    for (const group of groups.values()) {
      if (group.length < 2) continue;
      // The estate's own names come first, so the entry to rename is the user's.
      const sorted = [...group].sort(byPath);
      const [first, ...rest] = sorted;
      for (const second of rest) {
        const other = second.path ? first : second;
        report(
          second.path ?? first.path,
          describe(first, second),
          other.path ? formatPath(other.path) : `${other.type}`,
        );
      }
    }
  };

  const byUrn = new Map<string, PlannedResource[]>();
  const byPhysical = new Map<string, PlannedResource[]>();
  for (const resource of resources) {
    if (!resource.type.startsWith("(")) {
      const urn = `${resource.type}::${resource.name}`;
      byUrn.set(urn, [...(byUrn.get(urn) ?? []), resource]);
    }
    if (resource.physical) {
      const { kind, scope, name } = resource.physical;
      const id = `${kind}|${scope}|${name}`;
      byPhysical.set(id, [...(byPhysical.get(id) ?? []), resource]);
    }
  }
  collide(
    byUrn,
    (first, second) =>
      `${second.what} would be named ${quote(second.name)}, the name ${first.what} already has (${origin(first)}): two resources cannot share a URN, and Pulumi would refuse the second halfway through \`pulumi up\`; rename ${second.path && first.path ? "one of the two" : "this entry"}`,
  );
  collide(byPhysical, (first, second) => {
    const kind = PHYSICAL_KINDS[second.physical!.kind].what;
    return `${second.what} would be ${kind} ${quote(second.physical!.name)}, as ${first.what} is (${origin(first)}): AWS holds one ${kind} by that name; rename ${second.path && first.path ? "one of the two" : "this entry"}`;
  });

  for (const resource of resources) {
    // A resource given its name (`physical`, read from an input) gets no random suffix.
    const limit = resource.physical?.input
      ? undefined
      : AUTO_NAME_LIMITS[resource.type.split("$").pop()!];
    const length = resource.name.length + AUTO_NAME_SUFFIX_LENGTH;
    if (limit && length > limit.maxLength) {
      report(
        resource.path,
        `${resource.what} would be named ${quote(resource.name)} plus Pulumi's ${AUTO_NAME_SUFFIX_LENGTH}-character random suffix, ${length} characters, but AWS allows ${limit.maxLength} for ${limit.what} (Pulumi refuses it at preview); shorten the names it is built from`,
        `auto-name:${resource.type}`,
      );
    }
    if (resource.physical) {
      const kind = PHYSICAL_KINDS[resource.physical.kind];
      const { name } = resource.physical;
      if (name.length > kind.maxLength || !kind.pattern.test(name)) {
        report(
          resource.path,
          `${resource.what} would be ${kind.what} ${quote(name)} (${name.length} characters), which AWS refuses: at most ${kind.maxLength} characters matching ${kind.pattern.source}; shorten or rename the entries it is built from`,
          `aws-name:${resource.type}`,
        );
      }
    }
  }
  return [...issues.values()];
}
