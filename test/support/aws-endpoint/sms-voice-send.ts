/**
 * SMS Voice v2 `SendTextMessage` for the local endpoint: resolves the origination identity
 * (a phone number by E.164, id or ARN; a pool by id or ARN; a sender ID), refuses a
 * destination on that identity's opt-out list as AWS does (ValidationException,
 * `DESTINATION_PHONE_NUMBER_OPTED_OUT`), and keeps every message sent so tests can see who was
 * messaged. Nothing is delivered anywhere.
 */
import {
  type JsonObject,
  notFoundError,
  optionalString,
  requiredString,
  requirePattern,
  validationError,
} from "./protocol";
import type { OperationContext } from "./service";
import type { RegionState } from "./state";

/** One message the endpoint accepted. */
export interface SentMessage {
  readonly messageId: string;
  readonly destination: string;
  /** ARN of the phone number, pool or sender ID it was sent from. */
  readonly originationArn: string;
  readonly body: string;
  readonly messageType?: string;
  readonly configurationSetName?: string;
  readonly at: number;
}

const sent = new WeakMap<RegionState, SentMessage[]>();

/** Every message a Region accepted, in order (live array). */
export function sentMessages(regionState: RegionState): SentMessage[] {
  let list = sent.get(regionState);
  if (!list) sent.set(regionState, (list = []));
  return list;
}

const E164 = /^\+[1-9][0-9]{1,18}$/;

/** The identity's ARN and the opt-out list it honours. */
function origination(
  state: RegionState,
  identity: string,
): { arn: string; optOutListName: string } {
  for (const number of state.phoneNumbers.values()) {
    if ([number.phoneNumber, number.id, number.arn].includes(identity)) {
      // A pool member honours its pool's list (the two must be the same list anyway).
      const pool = number.poolId ? state.pools.get(number.poolId) : undefined;
      return { arn: number.arn, optOutListName: pool?.optOutListName ?? number.optOutListName };
    }
  }
  for (const pool of state.pools.values()) {
    if (pool.id === identity || pool.arn === identity)
      return { arn: pool.arn, optOutListName: pool.optOutListName };
  }
  for (const sender of state.senderIds.values()) {
    if (sender.senderId === identity || sender.arn === identity)
      return { arn: sender.arn, optOutListName: "Default" };
  }
  throw notFoundError("origination-identity", identity);
}

/** The SendTextMessage handler. */
export function sendTextMessage(
  { regionState, state }: OperationContext,
  input: JsonObject,
): JsonObject {
  const destination = requiredString(input, "DestinationPhoneNumber");
  requirePattern(destination, "DestinationPhoneNumber", E164);
  const identity = optionalString(input, "OriginationIdentity");
  if (!identity) {
    throw validationError(
      "The local endpoint needs an OriginationIdentity (it picks no identity itself)",
      "MISSING_PARAMETER",
    );
  }
  const body = optionalString(input, "MessageBody") ?? "";
  if (body.length < 1 || body.length > 1600) {
    throw validationError(
      "Value at 'messageBody' failed to satisfy constraint: Member must have length between 1 and 1600",
    );
  }
  const messageType = optionalString(input, "MessageType");
  if (messageType !== undefined && !["TRANSACTIONAL", "PROMOTIONAL"].includes(messageType)) {
    throw validationError(
      `Value '${messageType}' at 'messageType' failed to satisfy constraint: Member must satisfy enum value set: [TRANSACTIONAL, PROMOTIONAL]`,
    );
  }
  const configurationSetName = optionalString(input, "ConfigurationSetName");
  if (configurationSetName !== undefined) {
    const found =
      regionState.configurationSets.get(configurationSetName) ??
      [...regionState.configurationSets.values()].find((c) => c.arn === configurationSetName);
    if (!found) throw notFoundError("configuration-set", configurationSetName);
  }
  const { arn, optOutListName } = origination(regionState, identity);
  if (regionState.optOutLists.get(optOutListName)?.numbers.has(destination)) {
    throw validationError(
      `The destination phone number ${destination} is opted out.`,
      "DESTINATION_PHONE_NUMBER_OPTED_OUT",
    );
  }
  const messageId = state.nextId("message");
  sentMessages(regionState).push({
    messageId,
    destination,
    originationArn: arn,
    body,
    messageType,
    configurationSetName,
    at: state.now(),
  });
  return { MessageId: messageId };
}
