/**
 * The endpoint's in-memory AWS account: one {@link RegionState} per region, records for every
 * resource the handlers serve, and the `seed` API tests use to preload them.
 *
 * Records are live and mutable on purpose: a test may inspect or alter them directly (e.g. delete
 * a protect configuration behind a provider's back) without a dedicated operation.
 */

/** Epoch milliseconds. */
export type Millis = number;

/** A phone number (origination identity) record. */
export interface PhoneNumberRecord {
  readonly seq: number;
  readonly id: string;
  readonly arn: string;
  readonly phoneNumber: string;
  status: string;
  isoCountryCode: string;
  messageType: string;
  numberCapabilities: string[];
  numberType: string;
  monthlyLeasingPrice: string;
  twoWayEnabled: boolean;
  selfManagedOptOutsEnabled: boolean;
  optOutListName: string;
  deletionProtectionEnabled: boolean;
  poolId?: string;
  /** Registration the number is attached to (10DLC campaign, toll-free registration). */
  registrationId?: string;
  /** AWS's `MessagingLimits.RateLimits` (capability → messages per second), when it reports one. */
  rateLimits?: Record<string, number>;
  readonly createdAt: Millis;
}

/** A sender ID record; a sender ID is unique per (senderId, isoCountryCode). */
export interface SenderIdRecord {
  readonly seq: number;
  readonly senderId: string;
  readonly isoCountryCode: string;
  readonly arn: string;
  messageTypes: string[];
  monthlyLeasingPrice: string;
  deletionProtectionEnabled: boolean;
  registered: boolean;
  /** The sender ID's registration, once one was started. */
  registrationId?: string;
  /** AWS's `MessagingLimits.RateLimits`, when it reports one. */
  rateLimits?: Record<string, number>;
}

/** A message accepted by `SendTextMessage`. */
export interface SentMessageRecord {
  readonly messageId: string;
  readonly destinationPhoneNumber: string;
  /** The pool the request named. */
  readonly poolId: string;
  /** The member chosen for the destination's country. */
  readonly originationIdentityArn: string;
  readonly configurationSetName?: string;
  readonly messageBody?: string;
  readonly at: Millis;
}

/** A pool record; `members` holds the ARNs of its origination identities in association order. */
export interface PoolRecord {
  readonly seq: number;
  readonly id: string;
  readonly arn: string;
  status: string;
  messageType: string;
  twoWayEnabled: boolean;
  selfManagedOptOutsEnabled: boolean;
  optOutListName: string;
  sharedRoutesEnabled: boolean;
  deletionProtectionEnabled: boolean;
  readonly createdAt: Millis;
  members: string[];
}

/** One opted-out destination number in an opt-out list. */
export interface OptedOutNumberRecord {
  readonly seq: number;
  readonly phoneNumber: string;
  optedOutAt: Millis;
  endUserOptedOut: boolean;
}

/** An opt-out list record with its opted-out numbers keyed by number. */
export interface OptOutListRecord {
  readonly seq: number;
  readonly name: string;
  readonly arn: string;
  readonly createdAt: Millis;
  readonly numbers: Map<string, OptedOutNumberRecord>;
}

/** A configuration set; `eventDestinations` are kept in the API's own (PascalCase) shape. */
export interface ConfigurationSetRecord {
  readonly seq: number;
  readonly name: string;
  readonly arn: string;
  readonly createdAt: Millis;
  eventDestinations: Record<string, unknown>[];
  defaultMessageType?: string;
  defaultSenderId?: string;
  defaultMessageFeedbackEnabled?: boolean;
  protectConfigurationId?: string;
}

/** A Protect phone-number rule override. */
export interface NumberOverrideRecord {
  readonly seq: number;
  readonly destinationPhoneNumber: string;
  action: "ALLOW" | "BLOCK";
  isoCountryCode?: string;
  createdAt: Millis;
  expiresAt?: Millis;
}

/** A protect configuration with its phone-number rule overrides keyed by number. */
export interface ProtectConfigurationRecord {
  readonly seq: number;
  readonly id: string;
  readonly arn: string;
  readonly createdAt: Millis;
  deletionProtectionEnabled: boolean;
  tags: { Key: string; Value: string }[];
  readonly numberOverrides: Map<string, NumberOverrideRecord>;
}

/** Spend-limit names the endpoint keeps (SMS Voice v2 `SpendLimitName`). */
export const SPEND_LIMIT_NAMES = [
  "TEXT_MESSAGE_MONTHLY_SPEND_LIMIT",
  "VOICE_MESSAGE_MONTHLY_SPEND_LIMIT",
  "MEDIA_MESSAGE_MONTHLY_SPEND_LIMIT",
] as const;

/** One of {@link SPEND_LIMIT_NAMES}. */
export type SpendLimitName = (typeof SPEND_LIMIT_NAMES)[number];

/** A monthly spend limit: AWS's `maxLimit` and the account's optional override (whole USD). */
export interface SpendLimitRecord {
  maxLimit: number;
  override?: number;
}

/** Default `maxLimit` (USD) of every spend limit in a fresh region. Seed `spendLimits` to change it. */
export const DEFAULT_SPEND_MAX_LIMIT = 100;

/** One version of an SSM parameter. */
export interface ParameterVersionRecord {
  readonly version: number;
  readonly value: string;
  readonly type: string;
  readonly modifiedAt: Millis;
}

/** An SSM parameter with its version history (oldest first; the last entry is current). */
export interface ParameterRecord {
  readonly name: string;
  readonly arn: string;
  dataType: string;
  description?: string;
  readonly history: ParameterVersionRecord[];
}

/** Everything one region of the account holds. */
export interface RegionState {
  readonly region: string;
  /** Phone numbers by phone-number id. */
  readonly phoneNumbers: Map<string, PhoneNumberRecord>;
  /** Sender IDs by `${senderId}/${isoCountryCode}`. */
  readonly senderIds: Map<string, SenderIdRecord>;
  /** Pools by pool id. */
  readonly pools: Map<string, PoolRecord>;
  /** Opt-out lists by name. A fresh region holds AWS's automatic `Default` list. */
  readonly optOutLists: Map<string, OptOutListRecord>;
  /** Configuration sets by name. */
  readonly configurationSets: Map<string, ConfigurationSetRecord>;
  /** Protect configurations by id. */
  readonly protectConfigurations: Map<string, ProtectConfigurationRecord>;
  /** Id of the account-default protect configuration, if one is set. */
  accountDefaultProtectConfigurationId?: string;
  /** Monthly spend limits by name. */
  readonly spendLimits: Map<SpendLimitName, SpendLimitRecord>;
  /** SSM parameters by name. */
  readonly parameters: Map<string, ParameterRecord>;
  /** Messages `SendTextMessage` accepted, in order. */
  readonly sentMessages: SentMessageRecord[];
  /** Registrations by registration id (`registrations.ts` serves them). */
  readonly registrations: Map<string, RegistrationRecord>;
  /** Registration attachments by attachment id. */
  readonly registrationAttachments: Map<string, RegistrationAttachmentRecord>;
}

/** One version of a registration's form. */
export interface RegistrationVersionRecord {
  versionNumber: number;
  /** `DRAFT`, `SUBMITTED`, `REVIEWING`, `DENIED`, `APPROVED`, `DISCARDED`, … */
  status: string;
  /** Field values by field path. */
  fields: Map<string, { textValue?: string; selectChoices?: string[]; attachmentId?: string }>;
  /** Epoch ms of each status reached, by status. */
  history: Partial<Record<string, number>>;
  /** Reviewers' reasons, when denied (REQUIRES_UPDATES). */
  deniedReasons?: { reason: string; shortDescription: string; longDescription?: string }[];
  /** Reviewers' notes per field path, when denied. */
  fieldFeedback?: Record<string, { deniedReason: string; feedback?: string }>;
}

/** A registration (CreateRegistration) and its versions. */
export interface RegistrationRecord {
  seq: number;
  id: string;
  arn: string;
  type: string;
  /** `CREATED`, `SUBMITTED`, `REVIEWING`, `REQUIRES_UPDATES`, `COMPLETE`, `DELETED`, … */
  status: string;
  versions: RegistrationVersionRecord[];
  approvedVersionNumber?: number;
  latestDeniedVersionNumber?: number;
  tags: { Key: string; Value: string }[];
  createdAt: number;
}

/** An uploaded registration attachment. */
export interface RegistrationAttachmentRecord {
  seq: number;
  id: string;
  arn: string;
  bytes: number;
  createdAt: number;
}

/** A phone number to preload. Defaults describe an active US toll-free SMS number. */
export interface PhoneNumberSeed {
  /** E.164 number, e.g. `+12065550142`. */
  readonly phoneNumber: string;
  /** Phone-number id. Default generated (`phone-<32 hex>`). */
  readonly id?: string;
  /** Default `US`. */
  readonly isoCountryCode?: string;
  /** Default `TOLL_FREE`. */
  readonly numberType?: string;
  /** Default `TRANSACTIONAL`. */
  readonly messageType?: string;
  /** Default `["SMS"]`. */
  readonly numberCapabilities?: string[];
  /** Default `ACTIVE`. */
  readonly status?: string;
  /** Default false. */
  readonly twoWayEnabled?: boolean;
  /** Default false. */
  readonly selfManagedOptOutsEnabled?: boolean;
  /** Default `Default`. */
  readonly optOutListName?: string;
  /** Default false. */
  readonly deletionProtectionEnabled?: boolean;
  /** Default `2.00`. */
  readonly monthlyLeasingPrice?: string;
  /** Default none. */
  readonly registrationId?: string;
  /** `MessagingLimits.RateLimits`. Default none (AWS reports no limit). */
  readonly rateLimits?: Record<string, number>;
}

/** A sender ID to preload. */
export interface SenderIdSeed {
  readonly senderId: string;
  readonly isoCountryCode: string;
  /** Default `["TRANSACTIONAL"]`. */
  readonly messageTypes?: string[];
  /** Default false. */
  readonly deletionProtectionEnabled?: boolean;
  /** Default false. */
  readonly registered?: boolean;
  /** Default `0.00`. */
  readonly monthlyLeasingPrice?: string;
  /** Default none. */
  readonly registrationId?: string;
  /** `MessagingLimits.RateLimits`. Default none. */
  readonly rateLimits?: Record<string, number>;
}

/** A pool member: a phone-number id, E.164 number or ARN, a sender-ID ARN, or a sender ID by country. */
export type PoolMemberSeed =
  string | { readonly senderId: string; readonly isoCountryCode: string };

/** A pool to preload; members must already exist (seed them first or in the same call). */
export interface PoolSeed {
  /** Pool id. Default generated (`pool-<32 hex>`). */
  readonly id?: string;
  /** Default none. */
  readonly members?: readonly PoolMemberSeed[];
  /** Default `TRANSACTIONAL`. */
  readonly messageType?: string;
  /** Default false. */
  readonly twoWayEnabled?: boolean;
  /** Default false. */
  readonly selfManagedOptOutsEnabled?: boolean;
  /** Default `Default`. */
  readonly optOutListName?: string;
  /** Default false (the project's rule; AWS's own default is also false). */
  readonly sharedRoutesEnabled?: boolean;
  /** Default false. */
  readonly deletionProtectionEnabled?: boolean;
  /** Default `ACTIVE`. */
  readonly status?: string;
}

/** An opted-out number: just the number, or with details. */
export type OptedOutNumberSeed =
  | string
  | {
      readonly phoneNumber: string;
      readonly endUserOptedOut?: boolean;
      readonly optedOutAt?: Date;
    };

/** An opt-out list to preload (merged into an existing list of that name). */
export interface OptOutListSeed {
  readonly name: string;
  /** Default none. `endUserOptedOut` defaults to true (a STOP reply), `optedOutAt` to now. */
  readonly optedOutNumbers?: readonly OptedOutNumberSeed[];
}

/** A Protect phone-number rule override to preload. */
export interface NumberOverrideSeed {
  readonly destinationPhoneNumber: string;
  readonly action: "ALLOW" | "BLOCK";
  /** Default never. */
  readonly expiresAt?: Date;
}

/** A protect configuration to preload. */
export interface ProtectConfigurationSeed {
  /** Default generated (`protect-<32 hex>`). */
  readonly id?: string;
  /** Make it the account default. Default false. */
  readonly accountDefault?: boolean;
  /** Default false. */
  readonly deletionProtectionEnabled?: boolean;
  /** Default none. */
  readonly numberOverrides?: readonly NumberOverrideSeed[];
}

/** A configuration set to preload. */
export interface ConfigurationSetSeed {
  readonly name: string;
  /** Default none. */
  readonly protectConfigurationId?: string;
  /** Default none. */
  readonly defaultMessageType?: string;
  /** Default none. */
  readonly defaultSenderId?: string;
  /** Event destinations in the API's PascalCase shape. Default none. */
  readonly eventDestinations?: readonly Record<string, unknown>[];
}

/** An SSM parameter to preload (as version 1, or the next version if it exists). */
export interface ParameterSeed {
  readonly name: string;
  readonly value: string;
  /** Default `String`. */
  readonly type?: "String" | "StringList" | "SecureString";
}

/** Everything `seed` can preload into one region; every list defaults to empty. */
export interface RegionSeed {
  readonly optOutLists?: readonly OptOutListSeed[];
  readonly phoneNumbers?: readonly PhoneNumberSeed[];
  readonly senderIds?: readonly SenderIdSeed[];
  readonly pools?: readonly PoolSeed[];
  readonly protectConfigurations?: readonly ProtectConfigurationSeed[];
  readonly configurationSets?: readonly ConfigurationSetSeed[];
  /** Per spend limit: `maxLimit` (default unchanged) and `override` (null removes it). */
  readonly spendLimits?: Partial<
    Record<SpendLimitName, { maxLimit?: number; override?: number | null }>
  >;
  readonly parameters?: readonly ParameterSeed[];
}

/** The records `seed` created or touched, in input order, so tests can use generated ids. */
export interface SeedResult {
  readonly optOutLists: OptOutListRecord[];
  readonly phoneNumbers: PhoneNumberRecord[];
  readonly senderIds: SenderIdRecord[];
  readonly pools: PoolRecord[];
  readonly protectConfigurations: ProtectConfigurationRecord[];
  readonly configurationSets: ConfigurationSetRecord[];
  readonly parameters: ParameterRecord[];
}

/** Country calling code → ISO country for the numbers tests use; unknown prefixes get none. */
const CALLING_CODES: readonly (readonly [string, string])[] = [
  ["+1", "US"],
  ["+44", "GB"],
  ["+49", "DE"],
  ["+33", "FR"],
  ["+61", "AU"],
  ["+81", "JP"],
  ["+91", "IN"],
  ["+353", "IE"],
];

/** Best-effort ISO country of an E.164 number (longest calling-code match); undefined if unknown. */
export function isoCountryOf(phoneNumber: string): string | undefined {
  let best: readonly [string, string] | undefined;
  for (const entry of CALLING_CODES) {
    if (phoneNumber.startsWith(entry[0]) && (!best || entry[0].length > best[0].length))
      best = entry;
  }
  return best?.[1];
}

/** The in-memory account behind one endpoint: regions, ids and seeding. */
export class EndpointState {
  private readonly byRegion = new Map<string, RegionState>();
  private counter = 0;
  /** Caller ARNs by access key id (STS GetCallerIdentity); see {@link callerArn}. */
  readonly identities = new Map<string, string>();

  constructor(
    /** Account id used in every ARN. */
    readonly accountId: string,
    /** Clock for created/modified timestamps. */
    readonly now: () => Millis,
  ) {}

  /** The state of `region`, created on first use (with its `Default` opt-out list). */
  region(region: string): RegionState {
    let state = this.byRegion.get(region);
    if (!state) {
      state = {
        region,
        phoneNumbers: new Map(),
        senderIds: new Map(),
        pools: new Map(),
        optOutLists: new Map(),
        configurationSets: new Map(),
        protectConfigurations: new Map(),
        spendLimits: new Map(
          SPEND_LIMIT_NAMES.map((name) => [name, { maxLimit: DEFAULT_SPEND_MAX_LIMIT }]),
        ),
        parameters: new Map(),
        sentMessages: [],
        registrations: new Map(),
        registrationAttachments: new Map(),
      };
      this.byRegion.set(region, state);
      // Every account has an automatic `Default` opt-out list that numbers use unless told otherwise.
      this.addOptOutList(state, "Default");
    }
    return state;
  }

  /** Regions that have been touched by a request or a seed, in first-use order. */
  regions(): string[] {
    return [...this.byRegion.keys()];
  }

  /** Forgets every region and identity, and restarts id generation. */
  reset(): void {
    this.byRegion.clear();
    this.identities.clear();
    this.counter = 0;
  }

  /** Who an access key stands for: its entry in `identities`, else IAM user `<accessKeyId>`. */
  callerArn(accessKeyId: string): string {
    return this.identities.get(accessKeyId) ?? `arn:aws:iam::${this.accountId}:user/${accessKeyId}`;
  }

  /** Next value of the monotonic sequence that orders records (and pagination) by creation. */
  nextSeq(): number {
    return ++this.counter;
  }

  /** A deterministic AWS-style id: `<prefix>-<32 hex digits>`. */
  nextId(prefix: string): string {
    return `${prefix}-${this.nextSeq().toString(16).padStart(32, "0")}`;
  }

  /** `arn:aws:<service>:<region>:<account>:<resource>`. */
  arn(region: string, service: string, resource: string): string {
    return `arn:aws:${service}:${region}:${this.accountId}:${resource}`;
  }

  /** Creates an opt-out list (no duplicate check: callers decide what a duplicate means). */
  addOptOutList(state: RegionState, name: string): OptOutListRecord {
    const record: OptOutListRecord = {
      seq: this.nextSeq(),
      name,
      arn: this.arn(state.region, "sms-voice", `opt-out-list/${name}`),
      createdAt: this.now(),
      numbers: new Map(),
    };
    state.optOutLists.set(name, record);
    return record;
  }

  /** Creates a protect configuration. */
  addProtectConfiguration(
    state: RegionState,
    options: {
      id?: string;
      deletionProtectionEnabled?: boolean;
      tags?: { Key: string; Value: string }[];
    },
  ): ProtectConfigurationRecord {
    const id = options.id ?? this.nextId("protect");
    const record: ProtectConfigurationRecord = {
      seq: this.nextSeq(),
      id,
      arn: this.arn(state.region, "sms-voice", `protect-configuration/${id}`),
      createdAt: this.now(),
      deletionProtectionEnabled: options.deletionProtectionEnabled ?? false,
      tags: options.tags ?? [],
      numberOverrides: new Map(),
    };
    state.protectConfigurations.set(id, record);
    return record;
  }

  /** Preloads `seed` into `region` and returns the records it created or touched. */
  seed(region: string, seed: RegionSeed): SeedResult {
    const state = this.region(region);
    // Order matters: numbers name opt-out lists, pools name numbers and sender IDs.
    const optOutLists = (seed.optOutLists ?? []).map((list) => this.seedOptOutList(state, list));
    const phoneNumbers = (seed.phoneNumbers ?? []).map((number) =>
      this.seedPhoneNumber(state, number),
    );
    const senderIds = (seed.senderIds ?? []).map((senderId) => this.seedSenderId(state, senderId));
    const pools = (seed.pools ?? []).map((pool) => this.seedPool(state, pool));
    const protectConfigurations = (seed.protectConfigurations ?? []).map((config) =>
      this.seedProtectConfiguration(state, config),
    );
    const configurationSets = (seed.configurationSets ?? []).map((set) =>
      this.seedConfigurationSet(state, set),
    );
    this.seedSpendLimits(state, seed.spendLimits);
    const parameters = (seed.parameters ?? []).map((parameter) =>
      this.putParameter(state, parameter.name, parameter.value, parameter.type ?? "String"),
    );
    return {
      optOutLists,
      phoneNumbers,
      senderIds,
      pools,
      protectConfigurations,
      configurationSets,
      parameters,
    };
  }

  /** Writes a new version of an SSM parameter (creating it if absent) and returns it. */
  putParameter(
    state: RegionState,
    name: string,
    value: string,
    type: string,
    extra: { dataType?: string; description?: string } = {},
  ): ParameterRecord {
    let record = state.parameters.get(name);
    if (!record) {
      const path = name.startsWith("/") ? name.slice(1) : name;
      record = {
        name,
        arn: this.arn(state.region, "ssm", `parameter/${path}`),
        dataType: extra.dataType ?? "text",
        history: [],
      };
      state.parameters.set(name, record);
    }
    if (extra.dataType !== undefined) record.dataType = extra.dataType;
    if (extra.description !== undefined) record.description = extra.description;
    record.history.push({
      version: record.history.length + 1,
      value,
      type,
      modifiedAt: this.now(),
    });
    return record;
  }

  private seedOptOutList(state: RegionState, seed: OptOutListSeed): OptOutListRecord {
    const list = state.optOutLists.get(seed.name) ?? this.addOptOutList(state, seed.name);
    for (const entry of seed.optedOutNumbers ?? []) {
      const details = typeof entry === "string" ? { phoneNumber: entry } : entry;
      list.numbers.set(details.phoneNumber, {
        seq: this.nextSeq(),
        phoneNumber: details.phoneNumber,
        endUserOptedOut: details.endUserOptedOut ?? true,
        optedOutAt: details.optedOutAt?.getTime() ?? this.now(),
      });
    }
    return list;
  }

  private seedPhoneNumber(state: RegionState, seed: PhoneNumberSeed): PhoneNumberRecord {
    const id = seed.id ?? this.nextId("phone");
    const optOutListName = seed.optOutListName ?? "Default";
    if (!state.optOutLists.has(optOutListName)) this.addOptOutList(state, optOutListName);
    const record: PhoneNumberRecord = {
      seq: this.nextSeq(),
      id,
      arn: this.arn(state.region, "sms-voice", `phone-number/${id}`),
      phoneNumber: seed.phoneNumber,
      status: seed.status ?? "ACTIVE",
      isoCountryCode: seed.isoCountryCode ?? "US",
      messageType: seed.messageType ?? "TRANSACTIONAL",
      numberCapabilities: seed.numberCapabilities ?? ["SMS"],
      numberType: seed.numberType ?? "TOLL_FREE",
      monthlyLeasingPrice: seed.monthlyLeasingPrice ?? "2.00",
      twoWayEnabled: seed.twoWayEnabled ?? false,
      selfManagedOptOutsEnabled: seed.selfManagedOptOutsEnabled ?? false,
      optOutListName,
      deletionProtectionEnabled: seed.deletionProtectionEnabled ?? false,
      registrationId: seed.registrationId,
      rateLimits: seed.rateLimits,
      createdAt: this.now(),
    };
    state.phoneNumbers.set(id, record);
    return record;
  }

  private seedSenderId(state: RegionState, seed: SenderIdSeed): SenderIdRecord {
    const record: SenderIdRecord = {
      seq: this.nextSeq(),
      senderId: seed.senderId,
      isoCountryCode: seed.isoCountryCode,
      arn: this.arn(state.region, "sms-voice", `sender-id/${seed.senderId}/${seed.isoCountryCode}`),
      messageTypes: seed.messageTypes ?? ["TRANSACTIONAL"],
      monthlyLeasingPrice: seed.monthlyLeasingPrice ?? "0.00",
      deletionProtectionEnabled: seed.deletionProtectionEnabled ?? false,
      registered: seed.registered ?? false,
      registrationId: seed.registrationId,
      rateLimits: seed.rateLimits,
    };
    state.senderIds.set(`${seed.senderId}/${seed.isoCountryCode}`, record);
    return record;
  }

  /** Resolves a pool member to an origination identity ARN, or fails the seed loudly. */
  private memberArn(state: RegionState, member: PoolMemberSeed): string {
    if (typeof member !== "string") {
      const senderId = state.senderIds.get(`${member.senderId}/${member.isoCountryCode}`);
      if (senderId) return senderId.arn;
    } else {
      for (const number of state.phoneNumbers.values()) {
        if ([number.id, number.arn, number.phoneNumber].includes(member)) return number.arn;
      }
      for (const senderId of state.senderIds.values()) {
        if (senderId.arn === member) return senderId.arn;
      }
    }
    throw new Error(
      `seed: pool member ${JSON.stringify(member)} does not exist in ${state.region}`,
    );
  }

  private seedPool(state: RegionState, seed: PoolSeed): PoolRecord {
    const id = seed.id ?? this.nextId("pool");
    const record: PoolRecord = {
      seq: this.nextSeq(),
      id,
      arn: this.arn(state.region, "sms-voice", `pool/${id}`),
      status: seed.status ?? "ACTIVE",
      messageType: seed.messageType ?? "TRANSACTIONAL",
      twoWayEnabled: seed.twoWayEnabled ?? false,
      selfManagedOptOutsEnabled: seed.selfManagedOptOutsEnabled ?? false,
      optOutListName: seed.optOutListName ?? "Default",
      sharedRoutesEnabled: seed.sharedRoutesEnabled ?? false,
      deletionProtectionEnabled: seed.deletionProtectionEnabled ?? false,
      createdAt: this.now(),
      members: (seed.members ?? []).map((member) => this.memberArn(state, member)),
    };
    for (const number of state.phoneNumbers.values()) {
      if (record.members.includes(number.arn)) number.poolId = id;
    }
    state.pools.set(id, record);
    return record;
  }

  private seedProtectConfiguration(
    state: RegionState,
    seed: ProtectConfigurationSeed,
  ): ProtectConfigurationRecord {
    const record = this.addProtectConfiguration(state, seed);
    for (const override of seed.numberOverrides ?? []) {
      record.numberOverrides.set(override.destinationPhoneNumber, {
        seq: this.nextSeq(),
        destinationPhoneNumber: override.destinationPhoneNumber,
        action: override.action,
        isoCountryCode: isoCountryOf(override.destinationPhoneNumber),
        createdAt: this.now(),
        expiresAt: override.expiresAt?.getTime(),
      });
    }
    if (seed.accountDefault) state.accountDefaultProtectConfigurationId = record.id;
    return record;
  }

  private seedConfigurationSet(
    state: RegionState,
    seed: ConfigurationSetSeed,
  ): ConfigurationSetRecord {
    const record: ConfigurationSetRecord = {
      seq: this.nextSeq(),
      name: seed.name,
      arn: this.arn(state.region, "sms-voice", `configuration-set/${seed.name}`),
      createdAt: this.now(),
      eventDestinations: [...(seed.eventDestinations ?? [])],
      defaultMessageType: seed.defaultMessageType,
      defaultSenderId: seed.defaultSenderId,
      protectConfigurationId: seed.protectConfigurationId,
    };
    state.configurationSets.set(seed.name, record);
    return record;
  }

  private seedSpendLimits(state: RegionState, seed: RegionSeed["spendLimits"]): void {
    for (const [name, change] of Object.entries(seed ?? {})) {
      const record = state.spendLimits.get(name as SpendLimitName);
      if (!record || !change) throw new Error(`seed: unknown spend limit ${name}`);
      if (change.maxLimit !== undefined) record.maxLimit = change.maxLimit;
      if (change.override === null) delete record.override;
      else if (change.override !== undefined) record.override = change.override;
    }
  }
}
