/**
 * The estate's application client: send a use case's SMS through the Region its failover
 * pointer names (see messaging-client.ts and docs/runbook.md, "Applications").
 *
 * ```ts
 * import { MessagingClient } from "./client"; // this repository's client/ folder
 * const otp = new MessagingClient({ namePrefix: "northwind", useCase: "otp", region: process.env.AWS_REGION! });
 * await otp.send({ to: "+12065550100", body: "Your code is 123456" });
 * ```
 */
export {
  certainlyNotSent,
  MessagingClient,
  refusedForDestination,
  type MessagingClientOptions,
  type PointerState,
  SendError,
  type SendRequest,
  type SendResult,
} from "./messaging-client";
export { BoundedCache, type Cached, NothingCachedError } from "./pointer-cache";
export type { ActivePointer } from "../components/failover/pointer-document";
