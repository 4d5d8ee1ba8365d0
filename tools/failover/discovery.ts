/**
 * Finding a use case's sending resources in one Region with Describe calls only, from the
 * names the program derives from config: the pool is the one on the use case's opt-out list,
 * the configuration set has the list's name, and the set names its protect configuration.
 */
import {
  DescribeConfigurationSetsCommand,
  DescribePhoneNumbersCommand,
  DescribePoolsCommand,
  DescribeProtectConfigurationsCommand,
  ListPoolOriginationIdentitiesCommand,
  type PinpointSMSVoiceV2Client,
} from "@aws-sdk/client-pinpoint-sms-voice-v2";
import type { ActivePointer } from "../../components/failover/pointer-document";

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
}

/** A pool member and its status (sender IDs have none: reported as ACTIVE). */
export interface MemberInfo {
  readonly arn: string;
  readonly id: string;
  readonly kind: "phone-number" | "sender-id";
  readonly status: string;
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

/** DescribePhoneNumbers takes at most five ids per call (model: PhoneNumberIdList max 5). */
const PHONE_IDS_PER_CALL = 5;

/** Every member of a pool with its status. */
export async function poolMembers(
  sms: PinpointSMSVoiceV2Client,
  poolId: string,
  call: Call,
): Promise<MemberInfo[]> {
  const members: { arn: string; id: string; kind: MemberInfo["kind"] }[] = [];
  let token: string | undefined;
  do {
    const page = await call(() =>
      sms.send(new ListPoolOriginationIdentitiesCommand({ PoolId: poolId, NextToken: token })),
    );
    for (const member of page.OriginationIdentities ?? []) {
      const arn = member.OriginationIdentityArn ?? "";
      members.push({
        arn,
        id: member.OriginationIdentity ?? "",
        kind: arn.includes(":phone-number/") ? "phone-number" : "sender-id",
      });
    }
    token = page.NextToken;
  } while (token);

  const status = new Map<string, string>();
  const phoneIds = members.filter((m) => m.kind === "phone-number").map((m) => m.id);
  for (let i = 0; i < phoneIds.length; i += PHONE_IDS_PER_CALL) {
    const ids = phoneIds.slice(i, i + PHONE_IDS_PER_CALL);
    const answer = await call(() =>
      sms.send(new DescribePhoneNumbersCommand({ PhoneNumberIds: ids })),
    );
    for (const number of answer.PhoneNumbers ?? []) {
      status.set(number.PhoneNumberId ?? "", number.Status ?? "UNKNOWN");
    }
  }
  return members.map((m) => ({
    ...m,
    status: m.kind === "sender-id" ? "ACTIVE" : (status.get(m.id) ?? "UNKNOWN"),
  }));
}

/** A pointer the target Region can serve, and what is degraded but not blocking. */
export interface DiscoveredPointer {
  readonly pointer: ActivePointer;
  /** E.g. pool members that are not ACTIVE while others are. */
  readonly warnings: string[];
}

/**
 * The pointer for `useCase` in `region`, from the Region's own resources: the pool on the
 * list, the same-named configuration set and its protect configuration, after checking that
 * the Region can send with them.
 *
 * Members: refused only when no member is ACTIVE. One number pending registration or blocked
 * among ACTIVE ones does not stop the pool from sending: a pool fails over to another member
 * serving the same country (domain digest §2, "in-pool failover"), so refusing then would keep
 * the use case on a failed Region during an outage. It is a warning instead (a country only
 * the inactive member serves is not reached), and `status` still reports the pool not ready.
 *
 * @throws DiscoveryError when the Region cannot send this use case (no ACTIVE pool, shared
 *   routes on, no ACTIVE member, no configuration set, or its protect configuration is
 *   unnamed or does not exist)
 */
export async function discoverPointer(
  sms: PinpointSMSVoiceV2Client,
  region: string,
  useCase: string,
  physicalName: string,
  call: Call,
): Promise<DiscoveredPointer> {
  // Pool and configuration set are independent: check them side by side, so the checks add
  // one round trip to the promote's critical path rather than three. The pool's problem is
  // reported first when both fail, so the message does not depend on timing.
  const [pool, set] = await Promise.allSettled([
    usablePool(sms, useCase, physicalName, call),
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
    warnings: pool.value.warnings,
  };
}

/** The pool on the list, if it can send; warnings for members it sends without. */
async function usablePool(
  sms: PinpointSMSVoiceV2Client,
  useCase: string,
  listName: string,
  call: Call,
): Promise<{ pool: PoolInfo; warnings: string[] }> {
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
  const inactive = members.filter((m) => m.status !== "ACTIVE");
  const describe = (ms: readonly MemberInfo[]) => ms.map((m) => `${m.id} ${m.status}`).join(", ");
  if (members.length === 0) throw new DiscoveryError(`pool ${pool.poolId} has no members`);
  if (inactive.length === members.length) {
    throw new DiscoveryError(`no member of pool ${pool.poolId} is ACTIVE (${describe(inactive)})`);
  }
  const warnings =
    inactive.length === 0
      ? []
      : [
          `${useCase}: ${inactive.length} of ${members.length} members of pool ${pool.poolId} are not ACTIVE (${describe(inactive)}); it sends from the other ${members.length - inactive.length}`,
        ];
  return { pool, warnings };
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
