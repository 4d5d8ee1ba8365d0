/**
 * Which Regions a promote is leaving, and so must not contact.
 *
 * The stack's config alone is not enough: after a promote whose `pulumi config set` was not
 * run yet, the config still names the Region sending was moved away from, while the live
 * pointers name the Region that sends now, which is the one that has just failed. So a
 * promote reads the use cases' pointers in the target Region (which it contacts anyway, and
 * which must be healthy to take over) and leaves every Region they name as well as every
 * Region the config names. Leaving one Region too many costs a re-run once it answers;
 * contacting the failed one could hang or half-succeed.
 */
import { parsePointer } from "../../components/failover/pointer-document";
import { activeRegionOf } from "../../stacks/config/active-region";
import type { FailoverStack } from "./stack";

/** Regions not to contact, each with why; and what the read of the live pointers found. */
export interface LeavingPlan {
  /** Region → reasons it is being left (sorted by Region). Never holds the target. */
  readonly leaving: Record<string, string[]>;
  /** Use case → Region its pointer in the target names (only pointers that could be read). */
  readonly livePointers: Record<string, string>;
  /** Regions being left only because the target's pointers name them (not the config). */
  readonly leftByPointerOnly: string[];
  /** Pointers absent or unreadable as documents: only the config was used for them. */
  readonly notes: string[];
}

const list = (useCases: readonly string[]) => useCases.join(", ");

/**
 * Works out the Regions a promote of `useCases` to `to` leaves, from the config and the
 * pointer values read in the target (`pointerValues`: use case → value, undefined when the
 * parameter does not exist). A planned move leaves nothing.
 */
export function planLeaving(
  stack: FailoverStack,
  to: string,
  useCases: readonly string[],
  pointerValues: Readonly<Record<string, string | undefined>>,
  planned = false,
): LeavingPlan {
  const byConfig = new Map<string, string[]>();
  const byPointer = new Map<string, string[]>();
  const livePointers: Record<string, string> = {};
  const notes: string[] = [];
  const add = (map: Map<string, string[]>, region: string, useCase: string) => {
    if (region !== to) map.set(region, [...(map.get(region) ?? []), useCase]);
  };
  for (const useCase of useCases) {
    const value = pointerValues[useCase];
    if (value === undefined) {
      notes.push(
        `${to} has no pointer for ${useCase} yet; the stack config alone says where it sends from`,
      );
    } else {
      try {
        livePointers[useCase] = parsePointer(value).region;
      } catch (error) {
        // Not a refusal: the value is overwritten by this promote, and the config's Region is
        // still left. Refusing would keep the use case on a failed Region over a bad document.
        notes.push(
          `the pointer of ${useCase} in ${to} is unreadable (${(error as Error).message}); the stack config alone says where it sends from`,
        );
      }
    }
    if (planned) continue;
    add(byConfig, activeRegionOf(stack.active, useCase), useCase);
    if (livePointers[useCase]) add(byPointer, livePointers[useCase], useCase);
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
  notes.sort();
  return {
    leaving: Object.fromEntries([...reasons].sort(([a], [b]) => a.localeCompare(b))),
    livePointers,
    leftByPointerOnly: [...byPointer.keys()].filter((r) => !byConfig.has(r)).sort(),
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
