/**
 * Finding a use case's sending resources in one Region with Describe calls only, from the
 * names the program derives from config: the pool is the one on the use case's opt-out list,
 * the configuration set has the list's name, and the set names its protect configuration.
 * Pool members are described one by one (DescribePhoneNumbers, DescribeSenderIds), so a
 * Region is judged per destination country (coverage.ts).
 */
import {
  DescribeConfigurationSetsCommand,
  DescribePhoneNumbersCommand,
  DescribePoolsCommand,
  DescribeProtectConfigurationsCommand,
  DescribeSenderIdsCommand,
  ListPoolOriginationIdentitiesCommand,
  type PinpointSMSVoiceV2Client,
} from "@aws-sdk/client-pinpoint-sms-voice-v2";
import type { ActivePointer } from "../../components/failover/pointer-document";
import type { ThroughputSettings } from "../../components/sms/throughput";
import {
  type CountryCoverage,
  type MemberInfo,
  poolCoverage,
  uncoveredCountries,
} from "./coverage";

export type { MemberInfo } from "./coverage";

/** Runs one API call with the command's pacing and retries. */
export type Call = <T>(fn: () => Promise<T>) => Promise<T>;

/** The resource is absent or ambiguous: the Region is not ready for this use case. */
export class DiscoveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DiscoveryError";
  }
}

/** A pool as DescribePools reports it. */
export interface PoolInfo {
  readonly poolId: string;
  readonly poolArn: string;
  readonly status: string;
  readonly sharedRoutesEnabled: boolean;
  readonly optOutListName: string;
  readonly messageType: string;
}

const isNotFound = (error: unknown) =>
  (error as { name?: string })?.name === "ResourceNotFoundException";

/** The one pool on `listName`. @throws DiscoveryError when there is none or more than one */
export async function findPool(
  sms: PinpointSMSVoiceV2Client,
  listName: string,
  call: Call,
): Promise<PoolInfo> {
  const pools: PoolInfo[] = [];
  let token: string | undefined;
  do {
    const page = await call(() =>
      sms.send(
        new DescribePoolsCommand({
          Filters: [{ Name: "opt-out-list-name", Values: [listName] }],
          NextToken: token,
        }),
      ),
    );
    for (const pool of page.Pools ?? []) {
      pools.push({
        poolId: pool.PoolId ?? "",
        poolArn: pool.PoolArn ?? "",
        status: pool.Status ?? "UNKNOWN",
        sharedRoutesEnabled: pool.SharedRoutesEnabled ?? true,
        optOutListName: pool.OptOutListName ?? "",
        messageType: pool.MessageType ?? "",
      });
    }
    token = page.NextToken;
  } while (token);
  if (pools.length === 0) throw new DiscoveryError(`no pool uses opt-out list ${listName}`);
  if (pools.length > 1) {
    throw new DiscoveryError(
      `${pools.length} pools use opt-out list ${listName} (${pools.map((p) => p.poolId).join(", ")}); expected one`,
    );
  }
  return pools[0];
}

/** The configuration set named `name` and its protect configuration id. @throws DiscoveryError when absent */
export async function findConfigurationSet(
  sms: PinpointSMSVoiceV2Client,
  name: string,
  call: Call,
): Promise<{ name: string; protectConfigurationId?: string }> {
  try {
    const answer = await call(() =>
      sms.send(new DescribeConfigurationSetsCommand({ ConfigurationSetNames: [name] })),
    );
    const set = answer.ConfigurationSets?.[0];
    if (!set) throw new DiscoveryError(`configuration set ${name} does not exist`);
    return { name, protectConfigurationId: set.ProtectConfigurationId };
  } catch (error) {
    if (isNotFound(error)) throw new DiscoveryError(`configuration set ${name} does not exist`);
    throw error;
  }
}

/** Whether the protect configuration `id` exists. */
export async function protectConfigurationExists(
  sms: PinpointSMSVoiceV2Client,
  id: string,
  call: Call,
): Promise<boolean> {
  try {
    const answer = await call(() =>
      sms.send(new DescribeProtectConfigurationsCommand({ ProtectConfigurationIds: [id] })),
    );
    return (answer.ProtectConfigurations ?? []).some((c) => c.ProtectConfigurationId === id);
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

/**
 * DescribePhoneNumbers and DescribeSenderIds take at most five ids per call (model:
 * PhoneNumberIdList and SenderIdList, max 5).
 */
const IDS_PER_CALL = 5;

const chunks = <T>(items: readonly T[]): T[][] =>
  Array.from({ length: Math.ceil(items.length / IDS_PER_CALL) }, (_, i) =>
    items.slice(i * IDS_PER_CALL, (i + 1) * IDS_PER_CALL),
  );

/** Every member of a pool, described: status, type, registration, country, AWS's rate limit. */
export async function poolMembers(
  sms: PinpointSMSVoiceV2Client,
  poolId: string,
  call: Call,
): Promise<MemberInfo[]> {
  const listed: { arn: string; id: string; country: string; kind: MemberInfo["kind"] }[] = [];
  let token: string | undefined;
  do {
    const page = await call(() =>
      sms.send(new ListPoolOriginationIdentitiesCommand({ PoolId: poolId, NextToken: token })),
    );
    for (const member of page.OriginationIdentities ?? []) {
      const arn = member.OriginationIdentityArn ?? "";
      listed.push({
        arn,
        id: member.OriginationIdentity ?? "",
        country: member.IsoCountryCode ?? "",
        kind: arn.includes(":phone-number/") ? "phone-number" : "sender-id",
      });
    }
    token = page.NextToken;
  } while (token);

  const numbers = listed.filter((m) => m.kind === "phone-number");
  const senders = listed.filter((m) => m.kind === "sender-id");
  const described = new Map<string, Omit<MemberInfo, "arn" | "id" | "kind" | "country">>();
  // Every call at once: one round trip on the promote's critical path, however many members.
  await Promise.all([
    ...chunks(numbers).map(async (group) => {
      const answer = await call(() =>
        sms.send(new DescribePhoneNumbersCommand({ PhoneNumberIds: group.map((m) => m.id) })),
      );
      for (const number of answer.PhoneNumbers ?? []) {
        described.set(number.PhoneNumberArn ?? "", {
          status: number.Status ?? "UNKNOWN",
          numberType: number.NumberType,
          registrationId: number.RegistrationId,
          messageTypes: number.MessageType ? [number.MessageType] : [],
          awsMps: number.MessagingLimits?.RateLimits?.SMS,
        });
      }
    }),
    ...chunks(senders).map(async (group) => {
      const answer = await call(() =>
        sms.send(
          new DescribeSenderIdsCommand({
            SenderIds: group.map((m) => ({ SenderId: m.arn, IsoCountryCode: m.country })),
          }),
        ),
      );
      for (const sender of answer.SenderIds ?? []) {
        described.set(sender.SenderIdArn ?? "", {
          status: "ACTIVE",
          registered: sender.Registered ?? false,
          registrationId: sender.RegistrationId,
          messageTypes: sender.MessageTypes ?? [],
          awsMps: sender.MessagingLimits?.RateLimits?.SMS,
        });
      }
    }),
  ]);
  return listed.map((m) => ({
    ...m,
    ...(described.get(m.arn) ?? { status: "UNKNOWN", messageTypes: [] }),
  }));
}

/** What a use case needs of a Region: the countries it sends to and its message type. */
export interface UseCaseNeeds {
  readonly countries: readonly string[];
  readonly messageType: string;
}

/** A pointer the target Region can serve, and what is degraded but not blocking. */
export interface DiscoveredPointer {
  readonly pointer: ActivePointer;
  /** Per country of the use case: usable members and throughput. */
  readonly coverage: Record<string, CountryCoverage>;
  /** E.g. pool members that cannot send while others serve their country. */
  readonly warnings: string[];
}

/**
 * The pointer for `useCase` in `region`, from the Region's own resources: the pool on the
 * list, the same-named configuration set and its protect configuration, after checking that
 * the Region can send with them to every country of the use case.
 *
 * Members: refused only when some country of the use case would have no member that can send
 * there (ACTIVE, registered where required: coverage.ts). One member pending registration or
 * blocked beside another serving the same country does not stop the pool: a pool moves to
 * another member serving the country (the AWS End User Messaging SMS User Guide, "pools"), so
 * refusing then would keep the use case on a failed Region. It is a warning instead.
 *
 * @throws DiscoveryError when the Region cannot send this use case (no ACTIVE pool, shared
 *   routes on, a country no usable member serves, no configuration set, or its protect
 *   configuration is unnamed or does not exist)
 */
export async function discoverPointer(
  sms: PinpointSMSVoiceV2Client,
  region: string,
  useCase: string,
  physicalName: string,
  needs: UseCaseNeeds,
  call: Call,
  settings: ThroughputSettings = {},
): Promise<DiscoveredPointer> {
  // Pool and configuration set are independent: check them side by side, so the checks add
  // one round trip to the promote's critical path rather than three. The pool's problem is
  // reported first when both fail, so the message does not depend on timing.
  const [pool, set] = await Promise.allSettled([
    usablePool(sms, useCase, physicalName, needs, call, settings),
    protectedConfigurationSet(sms, physicalName, call),
  ]);
  if (pool.status === "rejected") throw pool.reason;
  if (set.status === "rejected") throw set.reason;
  return {
    pointer: {
      useCase,
      region,
      poolArn: pool.value.pool.poolArn,
      poolId: pool.value.pool.poolId,
      configurationSetName: set.value.name,
      protectConfigurationId: set.value.protectConfigurationId,
    },
    coverage: pool.value.coverage,
    warnings: pool.value.warnings,
  };
}

/** The pool on the list, if it can send to every country; warnings for members it sends without. */
async function usablePool(
  sms: PinpointSMSVoiceV2Client,
  useCase: string,
  listName: string,
  needs: UseCaseNeeds,
  call: Call,
  settings: ThroughputSettings,
): Promise<{ pool: PoolInfo; coverage: Record<string, CountryCoverage>; warnings: string[] }> {
  const pool = await findPool(sms, listName, call);
  if (pool.status !== "ACTIVE") {
    throw new DiscoveryError(`pool ${pool.poolId} is ${pool.status}, not ACTIVE`);
  }
  if (pool.sharedRoutesEnabled) {
    throw new DiscoveryError(
      `pool ${pool.poolId} has shared routes on; run pulumi up to turn them off`,
    );
  }
  const members = await poolMembers(sms, pool.poolId, call);
  if (members.length === 0) throw new DiscoveryError(`pool ${pool.poolId} has no members`);
  const coverage = poolCoverage(members, needs.countries, needs.messageType, settings);
  const uncovered = uncoveredCountries(coverage);
  if (uncovered.length > 0) {
    throw new DiscoveryError(
      `pool ${pool.poolId} has no member that can send to ${uncovered.length === 1 ? "one country" : `${uncovered.length} countries`} of ${useCase} (${uncovered.join("; ")})`,
    );
  }
  const degraded = Object.values(coverage).flatMap((c) => c.unusable.map((u) => u.problem));
  const warnings =
    degraded.length === 0
      ? []
      : [
          `${useCase}: ${degraded.length} member${degraded.length === 1 ? "" : "s"} of pool ${pool.poolId} cannot send (${degraded.join(", ")}); every country still has another`,
        ];
  return { pool, coverage, warnings };
}

/** The configuration set, if it names a protect configuration that exists. */
async function protectedConfigurationSet(
  sms: PinpointSMSVoiceV2Client,
  name: string,
  call: Call,
): Promise<{ name: string; protectConfigurationId: string }> {
  const set = await findConfigurationSet(sms, name, call);
  if (!set.protectConfigurationId) {
    throw new DiscoveryError(`configuration set ${name} has no protect configuration`);
  }
  // The pointer hands the id to applications, which may pass it when sending: an id that does
  // not exist would fail their sends, and the pumping protection would be gone with it.
  if (!(await protectConfigurationExists(sms, set.protectConfigurationId, call))) {
    throw new DiscoveryError(
      `protect configuration ${set.protectConfigurationId} of configuration set ${name} does not exist; run pulumi up`,
    );
  }
  return { name: set.name, protectConfigurationId: set.protectConfigurationId };
}
