/**
 * What the failover CLI knows without Pulumi state: the stack file's estate, its active
 * Regions, and the physical names the program derives from config (opt-out lists,
 * configuration sets, pointer parameters). Everything else is discovered with Describe
 * calls. It never loads the Pulumi runtime or the program, so the CLI starts fast during an
 * outage.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
  type ActiveRegions,
  activeRegionsFromStackConfig,
} from "../../stacks/config/active-region";
import { ESTATE_CONFIG_KEY } from "../../stacks/config/issues";
import {
  parseEstateConfig,
  readStackConfig,
  STACKS_DIR,
  stackFilePath,
} from "../../stacks/config/load";
import { estateRegions } from "../../stacks/config/rules";
import type { EstateConfig } from "../../stacks/config/schema";
import { pointerParameterName } from "../../components/failover/pointer-document";
import { FailoverUsageError } from "./usage-error";

/** A stack as the failover CLI sees it. */
export interface FailoverStack {
  readonly stack: string;
  readonly file: string;
  readonly estate: EstateConfig;
  /** The active Regions the stack's config declares. */
  readonly active: ActiveRegions;
  /** Primary first, then standbys. */
  readonly regions: string[];
  /** Use-case names, sorted. */
  readonly useCases: string[];
}

/**
 * Physical name of a use case's opt-out list and configuration set: `<namePrefix>-<useCase>`,
 * the convention of `useCaseResourceName` in components/sms/messaging-region.ts (repeated
 * here to keep Pulumi out of the CLI; a test holds the two together).
 */
export function useCasePhysicalName(namePrefix: string, useCase: string): string {
  return `${namePrefix}-${useCase}`;
}

/** The pointer parameter of a use case. */
export function pointerName(stack: FailoverStack, useCase: string): string {
  return pointerParameterName(stack.estate.namePrefix, useCase);
}

/** Stack names become paths: keep them to Pulumi's stack-name alphabet. */
export const STACK_NAME = /^[A-Za-z0-9_.-]+$/;

/**
 * Reads and validates `stacks/Pulumi.<stack>.yaml`.
 *
 * @param stacksDir default: the repository's `stacks/`
 * @throws EstateConfigError / ActiveRegionConfigError / FailoverUsageError for a missing file
 */
export function loadFailoverStack(stack: string, stacksDir: string = STACKS_DIR): FailoverStack {
  if (!STACK_NAME.test(stack) || stack.includes("..")) {
    throw new FailoverUsageError(
      `--stack must be a stack name (letters, digits, "-", "_", "."), got "${stack}"`,
    );
  }
  const file = stackFilePath(stack, stacksDir);
  if (!fs.existsSync(file)) {
    throw new FailoverUsageError(
      `stack file ${file} does not exist; pass the stack's name with --stack (or MESSAGING_STACK)`,
    );
  }
  const config = readStackConfig(file);
  const estate = parseEstateConfig(config[ESTATE_CONFIG_KEY], path.basename(file));
  return {
    stack,
    file,
    estate,
    active: activeRegionsFromStackConfig(estate, config, path.basename(file)),
    regions: estateRegions(estate),
    useCases: Object.keys(estate.useCases).sort(),
  };
}
