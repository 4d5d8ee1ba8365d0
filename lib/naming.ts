/**
 * Every name the estate gives a resource: logical names (the last part of a URN, fixed for a
 * resource's lifetime) and physical names (what AWS calls the resource), plus the type
 * tokens that, with the parents' types, make up the rest of the URN.
 *
 * The components build their names with these functions, and the config validation
 * (`stacks/config/resource-plan.ts`) derives from the same functions every name a config
 * will declare, so that two config keys that would produce one URN or one AWS name are
 * refused before anything is declared. Changing a function here renames resources in every
 * stack that uses it: the URN-stability tests (`test/stacks/urn-stability.spec.ts`) fail
 * when a name moves.
 *
 * Pure: no Pulumi, no I/O, no config types.
 */

/** Default prefix of physical names (opt-out lists, configuration sets, parameters). */
export const DEFAULT_NAME_PREFIX = "messaging";

/** Type tokens, as they appear in URNs. */
export const TYPE = {
  stack: "pulumi:pulumi:Stack",
  awsProvider: "pulumi:providers:aws",
  nativeProvider: "pulumi:providers:aws-native",
  // messaging components
  messagingEstate: "messaging:sms:MessagingEstate",
  messagingRegion: "messaging:sms:MessagingRegion",
  regionOriginators: "messaging:sms:RegionOriginators",
  phonePool: "messaging:sms:PhonePool",
  configurationSet: "messaging:sms:ConfigurationSet",
  twoWayChannel: "messaging:sms:TwoWayChannel",
  regionProtect: "messaging:protect:RegionProtect",
  estateSharing: "messaging:sharing:EstateSharing",
  regionalShare: "messaging:sharing:RegionalShare",
  secondaryAccount: "messaging:sharing:SecondaryAccount",
  secondaryAccountRegion: "messaging:sharing:SecondaryAccountRegion",
  estateFailover: "messaging:failover:EstateFailover",
  activePointers: "messaging:failover:ActivePointers",
  optOutReplication: "messaging:failover:OptOutReplication",
  optOutLedger: "messaging:failover:OptOutLedger",
  sesWarming: "messaging:ses:Warming",
  sesWarmingRegion: "messaging:ses:WarmingRegion",
  sesIpPool: "messaging:ses:IpPool",
  sesFeedbackQueues: "messaging:ses:FeedbackQueues",
  sesSendingUseCase: "messaging:ses:SendingUseCase",
  sesReputationAlarms: "messaging:ses:ReputationAlarms",
  // dynamic providers of this repository
  accountDefaultProtect: "pulumi-nodejs:dynamic/protect:AccountDefaultProtectConfiguration",
  spendLimitOverride: "pulumi-nodejs:dynamic/protect:TextMessageSpendLimitOverride",
  numberOverride: "pulumi-nodejs:dynamic/protect:ProtectNumberOverride",
  scalingModeGuard: "pulumi-nodejs:dynamic/ses:ScalingModeGuard",
  registration: "pulumi-nodejs:dynamic/sms:Registration",
  // provider resources
  optOutList: "aws:pinpoint/smsvoicev2OptOutList:Smsvoicev2OptOutList",
  phoneNumber: "aws:pinpoint/smsvoicev2PhoneNumber:Smsvoicev2PhoneNumber",
  senderId: "aws:pinpoint/smsvoicev2SenderId:Smsvoicev2SenderId",
  pool: "aws:pinpoint/smsvoicev2Pool:Smsvoicev2Pool",
  keyword: "aws:pinpoint/smsvoicev2Keyword:Smsvoicev2Keyword",
  smsConfigurationSet: "aws-native:smsvoice:ConfigurationSet",
  protectConfiguration: "aws-native:smsvoice:ProtectConfiguration",
  topic: "aws:sns/topic:Topic",
  topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
  topicSubscription: "aws:sns/topicSubscription:TopicSubscription",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  eventRule: "aws:cloudwatch/eventRule:EventRule",
  eventTarget: "aws:cloudwatch/eventTarget:EventTarget",
  metricAlarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
  dynamoTable: "aws:dynamodb/table:Table",
  eventSourceMapping: "aws:lambda/eventSourceMapping:EventSourceMapping",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  queue: "aws:sqs/queue:Queue",
  queuePolicy: "aws:sqs/queuePolicy:QueuePolicy",
  lambdaFunction: "aws:lambda/function:Function",
  lambdaPermission: "aws:lambda/permission:Permission",
  lambdaInvokeConfig: "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
  ssmParameter: "aws:ssm/parameter:Parameter",
  resourceShare: "aws:ram/resourceShare:ResourceShare",
  resourceAssociation: "aws:ram/resourceAssociation:ResourceAssociation",
  principalAssociation: "aws:ram/principalAssociation:PrincipalAssociation",
  shareAccepter: "aws:ram/resourceShareAccepter:ResourceShareAccepter",
  sesDedicatedIpPool: "aws:sesv2/dedicatedIpPool:DedicatedIpPool",
  sesIpAssignment: "aws:sesv2/dedicatedIpAssignment:DedicatedIpAssignment",
  sesConfigurationSet: "aws:sesv2/configurationSet:ConfigurationSet",
  sesEventDestination:
    "aws:sesv2/configurationSetEventDestination:ConfigurationSetEventDestination",
  sesEmailIdentity: "aws:sesv2/emailIdentity:EmailIdentity",
} as const;

/** Logical names of the top-level components `deployEstate` declares. */
export const ROOT_NAME = {
  estate: "estate",
  ses: "ses",
  sharing: "sharing",
  failover: "failover",
} as const;

/** Joins name parts with dashes, the estate's one separator. */
const join = (...parts: string[]): string => parts.join("-");

/** Resource names from keyword text: `JOIN NOW` → `join-now`. */
export function keywordSlug(keyword: string): string {
  return keyword
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/** Children of `MessagingEstate` and `MessagingRegion` (`components/sms/`). */
export const smsNames = {
  /** A Region's `MessagingRegion`: the Region code itself. */
  region: (region: string) => region,
  /** A Region's aws-native provider in the owning account. */
  nativeProvider: (region: string) => join(region, "aws-native"),
  optOutList: (regionName: string, useCase: string) => join(regionName, useCase, "opt-out-list"),
  inbound: (regionName: string, useCase: string) => join(regionName, useCase, "inbound"),
  originators: (regionName: string) => join(regionName, "originators"),
  /** A registration of the Region, by its config key. */
  registration: (regionName: string, key: string) => join(regionName, "registration", key),
  protect: (regionName: string) => join(regionName, "protect"),
  pool: (regionName: string, useCase: string) => join(regionName, useCase),
  configurationSet: (regionName: string, useCase: string) => join(regionName, useCase, "config"),
  /** A requested phone number, by its config key. */
  phoneNumber: (originatorsName: string, key: string) => join(originatorsName, key),
  /** A requested sender ID: one resource per country (AWS registers a sender ID per country). */
  senderId: (originatorsName: string, key: string, country: string) =>
    join(originatorsName, senderIdKey(key, country)),
  /** A pool's `Smsvoicev2Pool`. */
  poolResource: (poolName: string) => join(poolName, "pool"),
  keyword: (poolName: string, keyword: string) => join(poolName, "keyword", keywordSlug(keyword)),
  twoWayTopic: (channelName: string) => join(channelName, "topic"),
  twoWayTopicPolicy: (channelName: string) => join(channelName, "topic-policy"),
} as const;

/** `<config key>-<country>`: how per-country sender IDs are keyed. */
export function senderIdKey(key: string, country: string): string {
  return join(key, country.toLowerCase());
}

/** Children of `SmsConfigurationSet` (`components/sms/configuration-set.ts`). */
export const configurationSetNames = {
  set: (setName: string) => join(setName, "set"),
  topic: (setName: string, destination: string) => join(setName, destination, "topic"),
  topicPolicy: (setName: string, destination: string) => join(setName, destination, "topic-policy"),
  logGroup: (setName: string, destination: string) => join(setName, destination, "logs"),
  role: (setName: string, destination: string) => join(setName, destination, "role"),
  rolePolicy: (setName: string, destination: string) => join(setName, destination, "role-policy"),
} as const;

/** Children of `RegionProtect` (`components/protect/region-protect.ts`). */
export const protectNames = {
  /** A protect configuration: `account` for the account-level one, else the use case. */
  configuration: (protectName: string, role: string) => join(protectName, role),
  /** The role of the account-level configuration in {@link protectNames.configuration}. */
  accountRole: "account",
  accountDefault: (protectName: string) => join(protectName, "account-default"),
  spendLimit: (protectName: string) => join(protectName, "spend-limit"),
  numberOverride: (protectName: string, key: string) => join(protectName, "override", key),
} as const;

/** Children of `EstateSharing`, `RegionalShare` and `SecondaryAccount` (`components/sharing/`). */
export const sharingNames = {
  regionalShare: (region: string) => join(region, "sharing"),
  /** Prefix of a use case's resources in a share. */
  shareUseCase: (shareName: string, useCase: string) => join(shareName, useCase),
  share: (useCaseName: string) => join(useCaseName, "share"),
  association: (useCaseName: string, key: string) => join(useCaseName, key),
  grant: (useCaseName: string, secondaryAccount: string) =>
    join(useCaseName, "to", secondaryAccount),
  /** Association keys of a share's members. */
  optOutListKey: "opt-out-list",
  poolKey: "pool",
  numberKey: (key: string) => join("number", key),
  senderKey: (key: string, country: string) => join("sender", senderIdKey(key, country)),
  adoptedKey: (adoptedKey: string) => join("adopted", adoptedKey),
  secondaryAccount: (accountName: string) => accountName,
  secondaryProvider: (accountName: string) => join(accountName, "aws"),
  secondaryRegion: (accountName: string, region: string) => join(accountName, region),
  secondaryNativeProvider: (regionName: string) => join(regionName, "aws-native"),
  accepter: (regionName: string, useCase: string) => join(regionName, useCase, "accept"),
  secondaryProtect: (regionName: string, useCase: string) => join(regionName, useCase, "protect"),
  secondaryConfigurationSet: (regionName: string, useCase: string) =>
    join(regionName, useCase, "config"),
} as const;

/** Children of `EstateFailover` (`components/failover/`). */
export const failoverNames = {
  activePointers: (failoverName: string) => join(failoverName, "active-pointers"),
  pointer: (pointersName: string, holderRegion: string, useCase: string) =>
    join(pointersName, holderRegion, useCase),
  replication: (region: string) => join(region, "opt-out-replication"),
  /** The opt-out ledger (`OptOutLedger`) and its global table. */
  ledger: (failoverName: string) => join(failoverName, "opt-out-ledger"),
  ledgerTable: (ledgerName: string) => join(ledgerName, "table"),
  /** A child of a Region's `OptOutReplication`, e.g. `applier-dlq`, `alarm-<key>`. */
  replicationPart: (replicationName: string, ...parts: string[]) => join(replicationName, ...parts),
} as const;

/** Children of `SesWarming` (`components/ses/`). */
export const sesNames = {
  region: (warmingName: string, region: string) => join(warmingName, region),
  ipPool: (regionName: string, pool: string) => join(regionName, pool),
  ipPoolGuard: (ipPoolName: string) => join(ipPoolName, "scaling-mode-guard"),
  ipPoolResource: (ipPoolName: string) => join(ipPoolName, "pool"),
  ipAssignment: (regionName: string, ip: string) => join(regionName, "ip", ip),
  feedback: (regionName: string) => join(regionName, "feedback"),
  useCase: (regionName: string, useCase: string) => join(regionName, useCase),
  identity: (regionName: string, domain: string) => join(regionName, "identity", domain),
  alarms: (regionName: string) => join(regionName, "alarms"),
} as const;

/** Physical names: what AWS calls the resources. */
export const physicalNames = {
  /** A use case's opt-out list, SMS configuration set and RAM share (same in every Region). */
  useCase: (namePrefix: string, useCase: string) => join(namePrefix, useCase),
  /** Log group of an SMS configuration set's CloudWatch Logs event destination. */
  eventLogGroup: (configurationSetName: string, destination: string) =>
    `/aws/sms-voice/${configurationSetName}/${destination}`,
  /** An SES use case's configuration set. */
  sesConfigurationSet: (namePrefix: string, useCase: string) => join(namePrefix, "email", useCase),
  /** The opt-out ledger's functions (`replicator` is the recorder of two-way replies). */
  optOutFunction: (namePrefix: string, role: "replicator" | "applier" | "reconciler") =>
    join(namePrefix, "opt-out", role),
  /** The opt-out ledger's global table (`ledger`) and each Region's own state table (`state`). */
  optOutTable: (namePrefix: string, kind: "ledger" | "state") => join(namePrefix, "opt-out", kind),
  /** The topic the opt-out alarms of a Region notify. */
  optOutAlarmTopic: (namePrefix: string) => join(namePrefix, "opt-out", "alarms"),
  /** An opt-out alarm, e.g. `applier-errors`, `<useCase>-behind`, `peer-<region>-presumed-down`. */
  optOutAlarm: (namePrefix: string, key: string) => join(namePrefix, "opt-out", key),
  /** A Lambda function's log group. */
  lambdaLogGroup: (functionName: string) => `/aws/lambda/${functionName}`,
  /** SSM parameter holding a use case's active-region pointer (same in every Region). */
  pointerParameter: (namePrefix: string, useCase: string) =>
    `/messaging/${namePrefix}/${useCase}/active`,
} as const;

/**
 * Pulumi's AWS provider names a resource that is given no name `<logical name>-<7 random
 * hex digits>` and refuses, at preview, a logical name whose auto-name would exceed AWS's
 * limit for that kind of resource. The limits below are AWS's.
 */
export const AUTO_NAME_SUFFIX_LENGTH = 8;
