/**
 * Who is running a command, for the records a promote leaves (promotion.ts, presumed-down.ts,
 * the lease): the AWS caller identity when STS answers, else `user@host`.
 */
import * as os from "node:os";
import { GetCallerIdentityCommand, type STSClient } from "@aws-sdk/client-sts";

/** `$USER@hostname` (what the machine says when AWS cannot). */
export function localOperator(): string {
  let user: string;
  try {
    user = os.userInfo().username;
  } catch {
    user = process.env.USER ?? process.env.USERNAME ?? "unknown";
  }
  return `${user}@${os.hostname()}`;
}

/**
 * The caller's ARN from STS, or `fallback` when STS cannot say (no answer within the client's
 * timeout, or no permission): naming the operator must never hold up a failover.
 *
 * @param fallback default {@link localOperator}()
 */
export async function callerIdentity(
  sts: STSClient,
  fallback: string = localOperator(),
): Promise<{ operator: string; fromAws: boolean }> {
  try {
    const answer = await sts.send(new GetCallerIdentityCommand({}));
    if (answer.Arn) return { operator: answer.Arn, fromAws: true };
  } catch {
    // Fall through: the machine's user is still better than nobody.
  }
  return { operator: fallback, fromAws: false };
}
