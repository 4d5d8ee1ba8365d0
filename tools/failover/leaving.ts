/**
 * Which Regions a promote is leaving, and so must not contact.
 *
 * The stack's config alone is not enough: after a promote whose `pulumi config set` was not
 * run yet, the config still names the Region sending was moved away from, while the live
 * pointers name the Region that sends now, which is the one that has just failed. So a
 * promote also reads the use cases' pointers in the target Region (which it contacts anyway,
 * and which must be healthy to take over) and leaves every Region they name as well as every
 * Region the config names. Leaving one Region too many costs a re-run once it answers;
 * contacting the failed one could hang or half-succeed.
 */
import { errorText } from "../../lambda/lib/opt-out-sync";
import { parsePointer } from "../../components/failover/pointer-document";
import { activeRegionOf } from "../../stacks/config/active-region";
import type { SSMClient } from "@aws-sdk/client-ssm";
import type { Call } from "./discovery";
import { readParameter } from "./pointers";
import { type FailoverStack, pointerName } from "./stack";

/** Regions not to contact, each with why; and what the read of the live pointers found. */
export interface LeavingPlan {
  /** Region → reasons (sorted by Region). Never holds the target. */
  readonly notContacted: Record<string, string[]>;
  /** Use case → Region its pointer in the target names (only pointers that could be read). */
  readonly livePointers: Record<string, string>;
  /** The target's pointers could not be read: the Regions being left are unknown. Refuse. */
  readonly problems: string[];
  /** Pointers absent or unreadable as documents: only the config was used for them. */
  readonly notes: string[];
}

/** Options of {@link regionsBeingLeft}. */
export interface LeavingOptions {
  /** A planned move: nothing is being left and no pointer is read. Default: false. */
  readonly planned?: boolean;
  /** Regions the operator knows are down. Default: none. */
  readonly skipRegions?: readonly string[];
}

const list = (useCases: readonly string[]) => useCases.join(", ");

/**
 * Works out the Regions a promote of `useCases` to `to` must not contact.
 *
 * @param targetSsm an SSM client for `to` (the only Region this function contacts)
 */
export async function regionsBeingLeft(
  stack: FailoverStack,
  to: string,
  useCases: readonly string[],
  targetSsm: SSMClient,
  call: Call,
  options: LeavingOptions = {},
): Promise<LeavingPlan> {
  const byConfig = new Map<string, string[]>();
  const byPointer = new Map<string, string[]>();
  const livePointers: Record<string, string> = {};
  const problems: string[] = [];
  const notes: string[] = [];
  const add = (map: Map<string, string[]>, region: string, useCase: string) => {
    if (region !== to) map.set(region, [...(map.get(region) ?? []), useCase]);
  };

  if (!options.planned) {
    for (const useCase of useCases) add(byConfig, activeRegionOf(stack.active, useCase), useCase);
    await Promise.all(
      useCases.map(async (useCase) => {
        const name = pointerName(stack, useCase);
        let value: string | undefined;
        try {
          value = await readParameter(targetSsm, name, call);
        } catch (error) {
          problems.push(
            `cannot read the pointer of ${useCase} in ${to} (${name}), so the Region being left is unknown: ${errorText(error)}`,
          );
          return;
        }
        if (value === undefined) {
          notes.push(
            `${to} has no pointer for ${useCase} yet; the stack config alone says where it sends from`,
          );
          return;
        }
        try {
          livePointers[useCase] = parsePointer(value).region;
          add(byPointer, livePointers[useCase], useCase);
        } catch (error) {
          // Not a refusal: the value is overwritten by this promote, and the config's Region is
          // still left. Refusing would keep the use case on a failed Region over a bad document.
          notes.push(
            `the pointer of ${useCase} in ${to} is unreadable (${(error as Error).message}); the stack config alone says where it sends from`,
          );
        }
      }),
    );
  }

  const reasons = new Map<string, string[]>();
  const reason = (region: string, text: string) =>
    reasons.set(region, [...(reasons.get(region) ?? []), text]);
  for (const [region, names] of byConfig) {
    reason(region, `being left: the stack config names it for ${list(names.sort())}`);
  }
  for (const [region, names] of byPointer) {
    reason(region, `being left: the pointers in ${to} name it for ${list(names.sort())}`);
  }
  for (const region of options.skipRegions ?? []) reason(region, "--skip-region");
  problems.sort();
  notes.sort();
  return {
    notContacted: Object.fromEntries([...reasons].sort(([a], [b]) => a.localeCompare(b))),
    livePointers,
    problems,
    notes,
  };
}

/** Use cases whose live pointer in the target names another Region than the stack config. */
export function configLagging(
  stack: FailoverStack,
  plan: LeavingPlan,
): { useCase: string; config: string; pointer: string }[] {
  return Object.entries(plan.livePointers)
    .filter(([useCase, region]) => region !== activeRegionOf(stack.active, useCase))
    .map(([useCase, pointer]) => ({
      useCase,
      config: activeRegionOf(stack.active, useCase),
      pointer,
    }))
    .sort((a, b) => a.useCase.localeCompare(b.useCase));
}
