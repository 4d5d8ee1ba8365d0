/**
 * SMS and Voice v2 (`PinpointSMSVoiceV2.*`, signing name `sms-voice`) operations the endpoint
 * serves, with AWS's semantics for lookups by id or ARN, filters, pagination, not-found and
 * conflict errors. Shapes follow `@aws-sdk/client-pinpoint-sms-voice-v2`'s typings.
 */
import { randomUUID } from "node:crypto";
import * as sdk from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { paginate } from "./pagination";
import { registrationOperations } from "./registrations";
import {
  conflictError,
  epochSeconds,
  fromEpochSeconds,
  type JsonObject,
  notFoundError,
  optionalBoolean,
  optionalObjectList,
  optionalString,
  optionalStringList,
  requiredInteger,
  requiredString,
  requirePattern,
  validationError,
} from "./protocol";
import type { OperationContext, OperationHandler, ServiceDefinition } from "./service";
import { operationShapes } from "./shapes";
import {
  isoCountryOf,
  type ConfigurationSetRecord,
  type NumberOverrideRecord,
  type OptedOutNumberRecord,
  type OptOutListRecord,
  type PhoneNumberRecord,
  type PoolRecord,
  type ProtectConfigurationRecord,
  type RegionState,
  type SenderIdRecord,
  SPEND_LIMIT_NAMES,
  type SpendLimitName,
  type SpendLimitRecord,
} from "./state";

/** Model patterns (see the SMS Voice v2 Smithy model). */
const OPT_OUT_LIST_NAME = /^[A-Za-z0-9_-]+$/;
const PHONE_NUMBER = /^\+?[1-9][0-9]{1,18}$/;
/** Protect overrides take strict E.164: a leading `+`, no spaces, hyphens or parentheses. */
const E164 = /^\+[1-9][0-9]{1,18}$/;
const OVERRIDE_ACTIONS = ["ALLOW", "BLOCK"];

/** SMS Voice v2 pages hold at most 100 items. */
const MAX_PAGE = 100;

type FilterValue = string | boolean | readonly string[] | undefined;

/** Applies SMS Voice v2 `Filters` (`[{ Name, Values }]`): an item matches when, for every filter, one of its values is listed. */
function applyFilters<T>(
  items: T[],
  filters: JsonObject[] | undefined,
  getters: Readonly<Record<string, (item: T) => FilterValue>>,
): T[] {
  if (!filters?.length) return items;
  const predicates = filters.map((filter) => {
    const name = requiredString(filter, "Name");
    const values = optionalStringList(filter, "Values");
    const getter = getters[name];
    if (!getter) {
      throw validationError(
        `Filter name '${name}' is not supported here; supported: ${Object.keys(getters).join(", ")}`,
        "INVALID_FILTER_VALUES",
      );
    }
    if (!values?.length)
      throw validationError(`Filter '${name}' needs at least one value`, "INVALID_FILTER_VALUES");
    return (item: T): boolean => {
      const raw = getter(item);
      const actual = raw === undefined ? [] : Array.isArray(raw) ? raw : [String(raw)];
      return actual.some((value) => values.includes(value));
    };
  });
  return items.filter((item) => predicates.every((matches) => matches(item)));
}

/** Records in creation order; usually already so (maps keep insertion order), then not re-sorted. */
function bySeq<T extends { seq: number }>(items: Iterable<T>): T[] {
  const list = [...items];
  for (let i = 1; i < list.length; i++) {
    if (list[i - 1].seq > list[i].seq) return list.sort((a, b) => a.seq - b.seq);
  }
  return list;
}

// --- lookups by id, name or ARN -------------------------------------------------------------------

/**
 * A record by its key (id or name) or its ARN, as the API accepts either; AWS's
 * ResourceNotFoundException naming `resourceType` otherwise.
 */
function findByKeyOrArn<T extends { arn: string }>(
  records: Map<string, T>,
  keyOrArn: string,
  resourceType: string,
): T {
  const record = records.get(keyOrArn) ?? [...records.values()].find((r) => r.arn === keyOrArn);
  if (!record) throw notFoundError(resourceType, keyOrArn);
  return record;
}

function findOptOutList(state: RegionState, nameOrArn: string): OptOutListRecord {
  return findByKeyOrArn(state.optOutLists, nameOrArn, "opt-out-list");
}

function findPhoneNumber(state: RegionState, idOrArn: string): PhoneNumberRecord {
  return findByKeyOrArn(state.phoneNumbers, idOrArn, "phone-number");
}

function findPool(state: RegionState, idOrArn: string): PoolRecord {
  return findByKeyOrArn(state.pools, idOrArn, "pool");
}

function findConfigurationSet(state: RegionState, nameOrArn: string): ConfigurationSetRecord {
  return findByKeyOrArn(state.configurationSets, nameOrArn, "configuration-set");
}

function findProtectConfiguration(state: RegionState, idOrArn: string): ProtectConfigurationRecord {
  return findByKeyOrArn(state.protectConfigurations, idOrArn, "protect-configuration");
}

function findSenderId(
  state: RegionState,
  senderIdOrArn: string,
  isoCountryCode: string,
): SenderIdRecord {
  const senderId =
    state.senderIds.get(`${senderIdOrArn}/${isoCountryCode}`) ??
    [...state.senderIds.values()].find((s) => s.arn === senderIdOrArn);
  if (!senderId) throw notFoundError("sender-id", `${senderIdOrArn}/${isoCountryCode}`);
  return senderId;
}

// --- output shapes -----------------------------------------------------------------------------------

function phoneNumberInfo(n: PhoneNumberRecord): JsonObject {
  return {
    PhoneNumberArn: n.arn,
    PhoneNumberId: n.id,
    PhoneNumber: n.phoneNumber,
    Status: n.status,
    IsoCountryCode: n.isoCountryCode,
    MessageType: n.messageType,
    NumberCapabilities: n.numberCapabilities,
    NumberType: n.numberType,
    MonthlyLeasingPrice: n.monthlyLeasingPrice,
    TwoWayEnabled: n.twoWayEnabled,
    SelfManagedOptOutsEnabled: n.selfManagedOptOutsEnabled,
    OptOutListName: n.optOutListName,
    DeletionProtectionEnabled: n.deletionProtectionEnabled,
    PoolId: n.poolId,
    RegistrationId: n.registrationId,
    MessagingLimits: n.rateLimits ? { RateLimits: n.rateLimits } : undefined,
    CreatedTimestamp: epochSeconds(n.createdAt),
  };
}

function senderIdInfo(s: SenderIdRecord): JsonObject {
  return {
    SenderIdArn: s.arn,
    SenderId: s.senderId,
    IsoCountryCode: s.isoCountryCode,
    MessageTypes: s.messageTypes,
    MonthlyLeasingPrice: s.monthlyLeasingPrice,
    DeletionProtectionEnabled: s.deletionProtectionEnabled,
    Registered: s.registered,
    RegistrationId: s.registrationId,
    MessagingLimits: s.rateLimits ? { RateLimits: s.rateLimits } : undefined,
  };
}

function poolInfo(p: PoolRecord): JsonObject {
  return {
    PoolArn: p.arn,
    PoolId: p.id,
    Status: p.status,
    MessageType: p.messageType,
    TwoWayEnabled: p.twoWayEnabled,
    SelfManagedOptOutsEnabled: p.selfManagedOptOutsEnabled,
    OptOutListName: p.optOutListName,
    SharedRoutesEnabled: p.sharedRoutesEnabled,
    DeletionProtectionEnabled: p.deletionProtectionEnabled,
    CreatedTimestamp: epochSeconds(p.createdAt),
  };
}

function optOutListInfo(l: OptOutListRecord): JsonObject {
  return {
    OptOutListArn: l.arn,
    OptOutListName: l.name,
    CreatedTimestamp: epochSeconds(l.createdAt),
  };
}

function optedOutNumberInfo(n: OptedOutNumberRecord): JsonObject {
  return {
    OptedOutNumber: n.phoneNumber,
    OptedOutTimestamp: epochSeconds(n.optedOutAt),
    EndUserOptedOut: n.endUserOptedOut,
  };
}

function configurationSetInfo(c: ConfigurationSetRecord): JsonObject {
  return {
    ConfigurationSetArn: c.arn,
    ConfigurationSetName: c.name,
    EventDestinations: c.eventDestinations,
    DefaultMessageType: c.defaultMessageType,
    DefaultSenderId: c.defaultSenderId,
    DefaultMessageFeedbackEnabled: c.defaultMessageFeedbackEnabled,
    ProtectConfigurationId: c.protectConfigurationId,
    CreatedTimestamp: epochSeconds(c.createdAt),
  };
}

function protectConfigurationInfo(state: RegionState, c: ProtectConfigurationRecord): JsonObject {
  return {
    ProtectConfigurationArn: c.arn,
    ProtectConfigurationId: c.id,
    CreatedTimestamp: epochSeconds(c.createdAt),
    AccountDefault: state.accountDefaultProtectConfigurationId === c.id,
    DeletionProtectionEnabled: c.deletionProtectionEnabled,
  };
}

function overrideInfo(o: NumberOverrideRecord): JsonObject {
  return {
    DestinationPhoneNumber: o.destinationPhoneNumber,
    CreatedTimestamp: epochSeconds(o.createdAt),
    Action: o.action,
    IsoCountryCode: o.isoCountryCode,
    ExpirationTimestamp: o.expiresAt === undefined ? undefined : epochSeconds(o.expiresAt),
  };
}

function optedOutNumberResult(list: OptOutListRecord, n: OptedOutNumberRecord): JsonObject {
  return { OptOutListArn: list.arn, OptOutListName: list.name, ...optedOutNumberInfo(n) };
}

function overrideResult(config: ProtectConfigurationRecord, o: NumberOverrideRecord): JsonObject {
  return {
    ProtectConfigurationArn: config.arn,
    ProtectConfigurationId: config.id,
    ...overrideInfo(o),
  };
}

/** Runs the standard "explicit ids or everything, then filters, then a page" describe pattern. */
function describe<T extends { seq: number }>(
  operation: string,
  input: JsonObject,
  all: Iterable<T>,
  explicit: T[] | undefined,
  getters: Readonly<Record<string, (item: T) => FilterValue>>,
): { items: T[]; nextToken?: string } {
  const candidates = explicit ?? bySeq(all);
  const filtered = applyFilters(candidates, optionalObjectList(input, "Filters"), getters);
  return paginate(filtered, (item) => item.seq, input, { operation, maxPageSize: MAX_PAGE });
}

// --- opt-out lists -----------------------------------------------------------------------------------

function createOptOutList({ regionState, state }: OperationContext, input: JsonObject): JsonObject {
  const name = requiredString(input, "OptOutListName");
  requirePattern(name, "OptOutListName", OPT_OUT_LIST_NAME);
  if (name.length > 64)
    throw validationError("Value at 'optOutListName' must have length less than or equal to 64");
  if (regionState.optOutLists.has(name)) {
    throw conflictError(
      "RESOURCE_ALREADY_EXISTS",
      "opt-out-list",
      name,
      `Opt-out list ${name} already exists.`,
    );
  }
  const list = state.addOptOutList(regionState, name);
  return { ...optOutListInfo(list), Tags: input.Tags ?? [] };
}

function describeOptOutLists({ regionState }: OperationContext, input: JsonObject): JsonObject {
  const explicit = optionalStringList(input, "OptOutListNames")?.map((name) =>
    findOptOutList(regionState, name),
  );
  const page = describe(
    "DescribeOptOutLists",
    input,
    regionState.optOutLists.values(),
    explicit,
    {},
  );
  return { OptOutLists: page.items.map(optOutListInfo), NextToken: page.nextToken };
}

function putOptedOutNumber(
  { regionState, state }: OperationContext,
  input: JsonObject,
): JsonObject {
  const list = findOptOutList(regionState, requiredString(input, "OptOutListName"));
  const phoneNumber = requiredString(input, "OptedOutNumber");
  requirePattern(phoneNumber, "OptedOutNumber", PHONE_NUMBER);
  const existing = list.numbers.get(phoneNumber);
  // A number added through the API is not an end-user opt-out (that comes from a STOP reply).
  const record: OptedOutNumberRecord = existing ?? {
    seq: state.nextSeq(),
    phoneNumber,
    optedOutAt: state.now(),
    endUserOptedOut: false,
  };
  list.numbers.set(phoneNumber, record);
  return optedOutNumberResult(list, record);
}

function describeOptedOutNumbers({ regionState }: OperationContext, input: JsonObject): JsonObject {
  const list = findOptOutList(regionState, requiredString(input, "OptOutListName"));
  const requested = optionalStringList(input, "OptedOutNumbers");
  if (requested && requested.length > 5) {
    throw validationError(
      "1 validation error detected: Value at 'optedOutNumbers' failed to satisfy constraint: Member must have length less than or equal to 5",
    );
  }
  const explicit = requested?.map((number) => {
    const record = list.numbers.get(number);
    if (!record) throw notFoundError("opted-out-number", number);
    return record;
  });
  const page = describe("DescribeOptedOutNumbers", input, list.numbers.values(), explicit, {
    "end-user-opted-out": (n) => n.endUserOptedOut,
  });
  return {
    OptOutListArn: list.arn,
    OptOutListName: list.name,
    OptedOutNumbers: page.items.map(optedOutNumberInfo),
    NextToken: page.nextToken,
  };
}

function deleteOptedOutNumber({ regionState }: OperationContext, input: JsonObject): JsonObject {
  const list = findOptOutList(regionState, requiredString(input, "OptOutListName"));
  const phoneNumber = requiredString(input, "OptedOutNumber");
  const record = list.numbers.get(phoneNumber);
  if (!record) throw notFoundError("opted-out-number", phoneNumber);
  list.numbers.delete(phoneNumber);
  return optedOutNumberResult(list, record);
}

// --- origination identities, pools, configuration sets ------------------------------------------------

function describePhoneNumbers({ regionState }: OperationContext, input: JsonObject): JsonObject {
  const explicit = optionalStringList(input, "PhoneNumberIds")?.map((id) =>
    findPhoneNumber(regionState, id),
  );
  const page = describe(
    "DescribePhoneNumbers",
    input,
    regionState.phoneNumbers.values(),
    explicit,
    {
      status: (n) => n.status,
      "iso-country-code": (n) => n.isoCountryCode,
      "message-type": (n) => n.messageType,
      "number-capability": (n) => n.numberCapabilities,
      "number-type": (n) => n.numberType,
      "two-way-enabled": (n) => n.twoWayEnabled,
      "self-managed-opt-outs-enabled": (n) => n.selfManagedOptOutsEnabled,
      "opt-out-list-name": (n) => n.optOutListName,
      "deletion-protection-enabled": (n) => n.deletionProtectionEnabled,
    },
  );
  return { PhoneNumbers: page.items.map(phoneNumberInfo), NextToken: page.nextToken };
}

function describeSenderIds({ regionState }: OperationContext, input: JsonObject): JsonObject {
  const explicit = optionalObjectList(input, "SenderIds")?.map((entry) =>
    findSenderId(
      regionState,
      requiredString(entry, "SenderId"),
      requiredString(entry, "IsoCountryCode"),
    ),
  );
  const page = describe("DescribeSenderIds", input, regionState.senderIds.values(), explicit, {
    "sender-id": (s) => s.senderId,
    "iso-country-code": (s) => s.isoCountryCode,
    "message-type": (s) => s.messageTypes,
    "deletion-protection-enabled": (s) => s.deletionProtectionEnabled,
    registered: (s) => s.registered,
  });
  return { SenderIds: page.items.map(senderIdInfo), NextToken: page.nextToken };
}

function describePools({ regionState }: OperationContext, input: JsonObject): JsonObject {
  const explicit = optionalStringList(input, "PoolIds")?.map((id) => findPool(regionState, id));
  const page = describe("DescribePools", input, regionState.pools.values(), explicit, {
    status: (p) => p.status,
    "message-type": (p) => p.messageType,
    "two-way-enabled": (p) => p.twoWayEnabled,
    "self-managed-opt-outs-enabled": (p) => p.selfManagedOptOutsEnabled,
    "opt-out-list-name": (p) => p.optOutListName,
    "shared-routes-enabled": (p) => p.sharedRoutesEnabled,
    "deletion-protection-enabled": (p) => p.deletionProtectionEnabled,
  });
  return { Pools: page.items.map(poolInfo), NextToken: page.nextToken };
}

interface MemberMetadata {
  readonly seq: number;
  readonly isoCountryCode: string;
  readonly numberCapabilities: string[];
  readonly info: JsonObject;
}

function listPoolOriginationIdentities(
  { regionState }: OperationContext,
  input: JsonObject,
): JsonObject {
  const pool = findPool(regionState, requiredString(input, "PoolId"));
  const members: MemberMetadata[] = pool.members.map((arn, index) => {
    const number = [...regionState.phoneNumbers.values()].find((n) => n.arn === arn);
    if (number) {
      return {
        seq: index + 1,
        isoCountryCode: number.isoCountryCode,
        numberCapabilities: number.numberCapabilities,
        info: {
          OriginationIdentityArn: number.arn,
          OriginationIdentity: number.id,
          IsoCountryCode: number.isoCountryCode,
          NumberCapabilities: number.numberCapabilities,
          PhoneNumber: number.phoneNumber,
        },
      };
    }
    const senderId = [...regionState.senderIds.values()].find((s) => s.arn === arn);
    if (!senderId) throw new Error(`pool ${pool.id} names a member that no longer exists: ${arn}`);
    return {
      seq: index + 1,
      isoCountryCode: senderId.isoCountryCode,
      numberCapabilities: ["SMS"],
      info: {
        OriginationIdentityArn: senderId.arn,
        OriginationIdentity: senderId.senderId,
        IsoCountryCode: senderId.isoCountryCode,
        NumberCapabilities: ["SMS"],
      },
    };
  });
  const page = describe("ListPoolOriginationIdentities", input, members, members, {
    "iso-country-code": (m) => m.isoCountryCode,
    "number-capability": (m) => m.numberCapabilities,
  });
  return {
    PoolArn: pool.arn,
    PoolId: pool.id,
    OriginationIdentities: page.items.map((m) => m.info),
    NextToken: page.nextToken,
  };
}

function describeConfigurationSets(
  { regionState }: OperationContext,
  input: JsonObject,
): JsonObject {
  const explicit = optionalStringList(input, "ConfigurationSetNames")?.map((name) =>
    findConfigurationSet(regionState, name),
  );
  const page = describe(
    "DescribeConfigurationSets",
    input,
    regionState.configurationSets.values(),
    explicit,
    {
      "event-destination-name": (c) =>
        c.eventDestinations.map((d) => String(d.EventDestinationName)),
      "matching-event-types": (c) =>
        c.eventDestinations.flatMap((d) =>
          Array.isArray(d.MatchingEventTypes) ? d.MatchingEventTypes : [],
        ),
      "default-message-type": (c) => c.defaultMessageType,
      "default-sender-id": (c) => c.defaultSenderId,
      "protect-configuration-id": (c) => c.protectConfigurationId,
    },
  );
  return { ConfigurationSets: page.items.map(configurationSetInfo), NextToken: page.nextToken };
}

// --- Protect -------------------------------------------------------------------------------------------

function describeProtectConfigurations(
  { regionState }: OperationContext,
  input: JsonObject,
): JsonObject {
  const explicit = optionalStringList(input, "ProtectConfigurationIds")?.map((id) =>
    findProtectConfiguration(regionState, id),
  );
  const page = describe(
    "DescribeProtectConfigurations",
    input,
    regionState.protectConfigurations.values(),
    explicit,
    {
      "account-default": (c) => regionState.accountDefaultProtectConfigurationId === c.id,
      "deletion-protection-enabled": (c) => c.deletionProtectionEnabled,
    },
  );
  return {
    ProtectConfigurations: page.items.map((c) => protectConfigurationInfo(regionState, c)),
    NextToken: page.nextToken,
  };
}

function createProtectConfiguration(
  { regionState, state }: OperationContext,
  input: JsonObject,
): JsonObject {
  const tags = (optionalObjectList(input, "Tags") ?? []).map((tag) => ({
    Key: requiredString(tag, "Key"),
    Value: requiredString(tag, "Value"),
  }));
  const config = state.addProtectConfiguration(regionState, {
    deletionProtectionEnabled: optionalBoolean(input, "DeletionProtectionEnabled"),
    tags,
  });
  return { ...protectConfigurationInfo(regionState, config), Tags: tags };
}

/** AWS: "must have deletion protection disabled and must not be … the account default … or associated with a configuration set". */
function deleteProtectConfiguration(
  { regionState }: OperationContext,
  input: JsonObject,
): JsonObject {
  const config = findProtectConfiguration(
    regionState,
    requiredString(input, "ProtectConfigurationId"),
  );
  const conflict = (reason: string, message: string) =>
    conflictError(reason, "protect-configuration", config.id, message);
  if (config.deletionProtectionEnabled) {
    throw conflict(
      "DELETION_PROTECTION_ENABLED",
      `Protect configuration ${config.id} has deletion protection enabled.`,
    );
  }
  if (regionState.accountDefaultProtectConfigurationId === config.id) {
    throw conflict(
      "PROTECT_CONFIGURATION_IS_ACCOUNT_DEFAULT",
      `Protect configuration ${config.id} is the account default; set another default first.`,
    );
  }
  if (
    [...regionState.configurationSets.values()].some(
      (set) => set.protectConfigurationId === config.id,
    )
  ) {
    throw conflict(
      "PROTECT_CONFIGURATION_ASSOCIATED_WITH_CONFIGURATION_SET",
      `Protect configuration ${config.id} is associated with a configuration set.`,
    );
  }
  const info = protectConfigurationInfo(regionState, config);
  regionState.protectConfigurations.delete(config.id);
  return info;
}

function setAccountDefaultProtectConfiguration(
  { regionState }: OperationContext,
  input: JsonObject,
): JsonObject {
  const config = findProtectConfiguration(
    regionState,
    requiredString(input, "ProtectConfigurationId"),
  );
  regionState.accountDefaultProtectConfigurationId = config.id;
  return { DefaultProtectConfigurationArn: config.arn, DefaultProtectConfigurationId: config.id };
}

function deleteAccountDefaultProtectConfiguration({ regionState }: OperationContext): JsonObject {
  const id = regionState.accountDefaultProtectConfigurationId;
  // Assumption: with no default set AWS answers not-found (the output requires the removed id).
  const config = id === undefined ? undefined : regionState.protectConfigurations.get(id);
  if (!config) throw notFoundError("protect-configuration", "account-default");
  delete regionState.accountDefaultProtectConfigurationId;
  return { DefaultProtectConfigurationArn: config.arn, DefaultProtectConfigurationId: config.id };
}

function putNumberOverride(
  { regionState, state }: OperationContext,
  input: JsonObject,
): JsonObject {
  const config = findProtectConfiguration(
    regionState,
    requiredString(input, "ProtectConfigurationId"),
  );
  const destinationPhoneNumber = requiredString(input, "DestinationPhoneNumber");
  requirePattern(destinationPhoneNumber, "DestinationPhoneNumber", E164);
  const action = requiredString(input, "Action");
  if (!OVERRIDE_ACTIONS.includes(action)) {
    throw validationError(
      `1 validation error detected: Value '${action}' at 'action' failed to satisfy constraint: Member must satisfy enum value set: [ALLOW, BLOCK]`,
    );
  }
  const expiresAt =
    input.ExpirationTimestamp === undefined || input.ExpirationTimestamp === null
      ? undefined
      : fromEpochSeconds(input.ExpirationTimestamp, "expirationTimestamp");
  if (expiresAt !== undefined && expiresAt <= state.now()) {
    throw validationError("ExpirationTimestamp must be in the future.", "INVALID_PARAMETER");
  }
  const existing = config.numberOverrides.get(destinationPhoneNumber);
  // Put is create-or-replace: an omitted expiration clears a previous one.
  const record: NumberOverrideRecord = {
    seq: existing?.seq ?? state.nextSeq(),
    destinationPhoneNumber,
    action: action as NumberOverrideRecord["action"],
    isoCountryCode: isoCountryOf(destinationPhoneNumber),
    createdAt: existing?.createdAt ?? state.now(),
    expiresAt,
  };
  config.numberOverrides.set(destinationPhoneNumber, record);
  return overrideResult(config, record);
}

function deleteNumberOverride({ regionState }: OperationContext, input: JsonObject): JsonObject {
  const config = findProtectConfiguration(
    regionState,
    requiredString(input, "ProtectConfigurationId"),
  );
  const destinationPhoneNumber = requiredString(input, "DestinationPhoneNumber");
  const record = config.numberOverrides.get(destinationPhoneNumber);
  if (!record)
    throw notFoundError("protect-configuration-rule-set-number-override", destinationPhoneNumber);
  config.numberOverrides.delete(destinationPhoneNumber);
  return overrideResult(config, record);
}

function listNumberOverrides({ regionState }: OperationContext, input: JsonObject): JsonObject {
  const config = findProtectConfiguration(
    regionState,
    requiredString(input, "ProtectConfigurationId"),
  );
  const overrides = bySeq(config.numberOverrides.values());
  const filters = optionalObjectList(input, "Filters") ?? [];
  // `destination-phone-number-begins-with` is a prefix match, unlike the equality filters.
  const prefixes = filters
    .filter((f) => f.Name === "destination-phone-number-begins-with")
    .map((f) => optionalStringList(f, "Values") ?? []);
  const byPrefix = overrides.filter((o) =>
    prefixes.every((values) =>
      values.some((prefix) => o.destinationPhoneNumber.startsWith(prefix)),
    ),
  );
  const filtered = applyFilters(
    byPrefix,
    filters.filter((f) => f.Name !== "destination-phone-number-begins-with"),
    { action: (o) => o.action, "iso-country-code": (o) => o.isoCountryCode },
  );
  const page = paginate(filtered, (o) => o.seq, input, {
    operation: "ListProtectConfigurationRuleSetNumberOverrides",
    maxPageSize: MAX_PAGE,
  });
  return {
    ProtectConfigurationArn: config.arn,
    ProtectConfigurationId: config.id,
    RuleSetNumberOverrides: page.items.map(overrideInfo),
    NextToken: page.nextToken,
  };
}

// --- spend limits ------------------------------------------------------------------------------------

function spendLimit(state: RegionState, name: SpendLimitName): SpendLimitRecord {
  const limit = state.spendLimits.get(name);
  if (!limit) throw new Error(`region ${state.region} has no spend limit ${name}`);
  return limit;
}

function setTextMessageSpendLimitOverride(
  { regionState }: OperationContext,
  input: JsonObject,
): JsonObject {
  const monthlyLimit = requiredInteger(input, "MonthlyLimit");
  const limit = spendLimit(regionState, "TEXT_MESSAGE_MONTHLY_SPEND_LIMIT");
  if (monthlyLimit < 0)
    throw validationError("MonthlyLimit must be at least 0.", "INVALID_PARAMETER");
  if (monthlyLimit > limit.maxLimit) {
    throw validationError(
      `The requested spend limit ${monthlyLimit} is higher than the service limit ${limit.maxLimit}.`,
      "REQUESTED_SPEND_LIMIT_HIGHER_THAN_SERVICE_LIMIT",
    );
  }
  limit.override = monthlyLimit;
  return { MonthlyLimit: monthlyLimit };
}

function deleteTextMessageSpendLimitOverride({ regionState }: OperationContext): JsonObject {
  const limit = spendLimit(regionState, "TEXT_MESSAGE_MONTHLY_SPEND_LIMIT");
  const previous = limit.override;
  delete limit.override;
  return { MonthlyLimit: previous };
}

function describeSpendLimits({ regionState }: OperationContext, input: JsonObject): JsonObject {
  const limits = SPEND_LIMIT_NAMES.map((name, index) => ({
    seq: index + 1,
    name,
    ...spendLimit(regionState, name),
  }));
  const page = paginate(limits, (l) => l.seq, input, {
    operation: "DescribeSpendLimits",
    maxPageSize: MAX_PAGE,
  });
  return {
    SpendLimits: page.items.map((l) => ({
      Name: l.name,
      EnforcedLimit: l.override ?? l.maxLimit,
      MaxLimit: l.maxLimit,
      Overridden: l.override !== undefined,
    })),
    NextToken: page.nextToken,
  };
}

// --- sending ---------------------------------------------------------------------------------------

/**
 * SendTextMessage through a pool (or one origination identity): the member chosen is one that
 * serves the destination's country, as AWS picks per country; a destination on the pool's
 * opt-out list, or a country no ACTIVE member serves, is a ConflictException as in AWS.
 */
function sendTextMessage({ regionState, state }: OperationContext, input: JsonObject): JsonObject {
  const destination = requiredString(input, "DestinationPhoneNumber");
  requirePattern(destination, "DestinationPhoneNumber", E164);
  const identity = optionalString(input, "OriginationIdentity");
  if (identity === undefined) {
    throw validationError(
      "The local endpoint sends only through a named OriginationIdentity (a pool, number or sender ID).",
      "MISSING_PARAMETER",
    );
  }
  const setName = optionalString(input, "ConfigurationSetName");
  if (setName !== undefined) findConfigurationSet(regionState, setName);
  const country = isoCountryOf(destination);
  const pool =
    regionState.pools.get(identity) ??
    [...regionState.pools.values()].find((p) => p.arn === identity);
  // A single identity: a phone number by E.164, id or ARN, or a sender ID by ARN.
  const single = pool
    ? undefined
    : [...regionState.phoneNumbers.values()].find((n) =>
        [n.phoneNumber, n.id, n.arn].includes(identity),
      );
  const candidates = pool ? pool.members : [single?.arn ?? identity];
  if (pool && pool.status !== "ACTIVE") {
    throw conflictError(
      "RESOURCE_NOT_ACTIVE",
      "pool",
      pool.id,
      `Pool ${pool.id} is ${pool.status}.`,
    );
  }
  const listName = pool?.optOutListName ?? single?.optOutListName;
  if (listName && regionState.optOutLists.get(listName)?.numbers.has(destination)) {
    throw conflictError(
      "DESTINATION_PHONE_NUMBER_OPTED_OUT",
      "opted-out-number",
      destination,
      `The destination phone number ${destination} is opted out.`,
    );
  }
  const chosen = candidates.find((arnOrId) => {
    const number = [...regionState.phoneNumbers.values()].find(
      (n) => n.arn === arnOrId || n.id === arnOrId,
    );
    if (number) return number.status === "ACTIVE" && number.isoCountryCode === country;
    const senderId = [...regionState.senderIds.values()].find((s) => s.arn === arnOrId);
    return senderId?.isoCountryCode === country;
  });
  if (!chosen) {
    throw conflictError(
      "NO_ORIGINATION_IDENTITIES_FOUND",
      pool ? "pool" : "phone-number",
      pool?.id ?? identity,
      `No origination identity can send to ${country ?? destination}.`,
    );
  }
  const messageId = randomUUID();
  if (optionalBoolean(input, "DryRun") !== true) {
    regionState.sentMessages.push({
      messageId,
      destinationPhoneNumber: destination,
      poolId: pool?.id ?? identity,
      originationIdentityArn: chosen,
      configurationSetName: setName,
      messageBody: optionalString(input, "MessageBody"),
      at: state.now(),
    });
  }
  return { MessageId: messageId };
}

const operations: Record<string, OperationHandler> = {
  CreateOptOutList: createOptOutList,
  DescribeOptOutLists: describeOptOutLists,
  PutOptedOutNumber: putOptedOutNumber,
  DescribeOptedOutNumbers: describeOptedOutNumbers,
  DeleteOptedOutNumber: deleteOptedOutNumber,
  DescribePhoneNumbers: describePhoneNumbers,
  DescribeSenderIds: describeSenderIds,
  DescribePools: describePools,
  ListPoolOriginationIdentities: listPoolOriginationIdentities,
  DescribeConfigurationSets: describeConfigurationSets,
  DescribeProtectConfigurations: describeProtectConfigurations,
  CreateProtectConfiguration: createProtectConfiguration,
  DeleteProtectConfiguration: deleteProtectConfiguration,
  SetAccountDefaultProtectConfiguration: setAccountDefaultProtectConfiguration,
  DeleteAccountDefaultProtectConfiguration: deleteAccountDefaultProtectConfiguration,
  PutProtectConfigurationRuleSetNumberOverride: putNumberOverride,
  DeleteProtectConfigurationRuleSetNumberOverride: deleteNumberOverride,
  ListProtectConfigurationRuleSetNumberOverrides: listNumberOverrides,
  SetTextMessageSpendLimitOverride: setTextMessageSpendLimitOverride,
  DeleteTextMessageSpendLimitOverride: deleteTextMessageSpendLimitOverride,
  DescribeSpendLimits: describeSpendLimits,
  SendTextMessage: sendTextMessage,
  ...registrationOperations,
};

/** The SMS and Voice v2 service as the endpoint speaks it. */
export const smsVoiceService: ServiceDefinition = {
  targetPrefix: "PinpointSMSVoiceV2",
  signingName: "sms-voice",
  internalErrorType: "InternalServerException",
  operations,
  shapes: (operation) => operationShapes(sdk, operation),
};
