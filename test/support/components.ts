/**
 * Test support for specs that build one component from hand-written arguments, the way
 * another team's program would, and run it under the offline engine.
 */
import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import type { RecordedResource } from "../../engine/recording-monitor";
import { OfflineProgramError, runOffline, type OfflineRun } from "../../engine/run";

export const ACCOUNT = "111122223333";
export const REGION = "us-east-1";

export const HELP =
  "Acme: help at support@acme.example or +1-800-555-0199. Msg&data rates may apply.";
export const STOP = "Acme: you are unsubscribed and will receive no more messages.";
export const JOIN =
  "Acme: you're subscribed. Msg&data rates may apply. Reply HELP for help, STOP to end.";

/** Runs `declare` as a stack's whole program under the offline engine (a preview). */
export function runComponent(declare: () => unknown): Promise<OfflineRun> {
  return runOffline(
    () => {
      declare();
      return {};
    },
    { account: ACCOUNT, defaultRegion: REGION },
  );
}

/**
 * Runs `declare`, expects it to fail with a `pulumi.ResourceError` (what the Pulumi CLI
 * prints against the resource, without a stack trace), and returns it with what had been
 * registered.
 */
export async function componentError(
  declare: () => unknown,
): Promise<{ error: pulumi.ResourceError; registered: RecordedResource[] }> {
  try {
    await runComponent(declare);
  } catch (failure) {
    assert.ok(failure instanceof OfflineProgramError, `unexpected failure: ${String(failure)}`);
    assert.ok(
      pulumi.ResourceError.isInstance(failure.cause),
      `expected a ResourceError, got ${String(failure.cause)}`,
    );
    return { error: failure.cause, registered: failure.registered };
  }
  assert.fail("the component was declared without error");
}

/** Custom resources of one type. */
export function ofType(run: { resources: RecordedResource[] }, type: string): RecordedResource[] {
  return run.resources.filter((r) => r.type === type);
}

/** The one resource of `type` (fails loudly otherwise). */
export function one(run: { resources: RecordedResource[] }, type: string): RecordedResource {
  const found = ofType(run, type);
  assert.equal(found.length, 1, `expected one ${type}, found ${found.length}`);
  return found[0];
}

/** A phone number ARN of the test account. */
export function phoneArn(id: string, region = REGION): string {
  return `arn:aws:sms-voice:${region}:${ACCOUNT}:phone-number/${id}`;
}
