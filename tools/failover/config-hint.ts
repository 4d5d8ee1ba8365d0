/**
 * The `pulumi config set` commands that bring a stack's config in line with the pointers
 * after a failover, so the next `pulumi up` keeps the failover instead of undoing it.
 */
import {
  ACTIVE_REGION_KEY,
  ACTIVE_REGION_OVERRIDES_KEY,
  activeRegionOf,
  type ActiveRegions,
} from "../../stacks/config/active-region";

/**
 * The simplest config for a use case → Region map: the Region most use cases use becomes
 * `activeRegion` (ties keep `previousDefault`), the rest become overrides.
 */
export function normaliseActive(
  regionOf: Readonly<Record<string, string>>,
  previousDefault: string,
): ActiveRegions {
  const counts = new Map<string, number>();
  for (const region of Object.values(regionOf)) counts.set(region, (counts.get(region) ?? 0) + 1);
  let best = previousDefault;
  for (const [region, count] of counts) {
    if (count > (counts.get(best) ?? 0)) best = region;
  }
  const overrides = Object.fromEntries(
    Object.entries(regionOf)
      .filter(([, region]) => region !== best)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  return { default: best, overrides };
}

/** Active Region of every use case. */
export function activeByUseCase(
  active: ActiveRegions,
  useCases: readonly string[],
): Record<string, string> {
  return Object.fromEntries(useCases.map((u) => [u, activeRegionOf(active, u)]));
}

/** Commands turning the config `before` into `after` for `stack`; empty when they agree. */
export function configCommands(
  stack: string,
  before: ActiveRegions,
  after: ActiveRegions,
): string[] {
  const commands: string[] = [];
  if (after.default !== before.default) {
    commands.push(`pulumi config set ${ACTIVE_REGION_KEY} ${after.default} --stack ${stack}`);
  }
  const useCases = [
    ...new Set([...Object.keys(before.overrides), ...Object.keys(after.overrides)]),
  ].sort();
  const remaining = Object.keys(after.overrides).length;
  if (remaining === 0 && Object.keys(before.overrides).length > 0) {
    commands.push(`pulumi config rm ${ACTIVE_REGION_OVERRIDES_KEY} --stack ${stack}`);
    return commands;
  }
  for (const useCase of useCases) {
    const from = before.overrides[useCase];
    const to = after.overrides[useCase];
    if (from === to) continue;
    const path = `'${ACTIVE_REGION_OVERRIDES_KEY}.${useCase}'`;
    commands.push(
      to
        ? `pulumi config set --path ${path} ${to} --stack ${stack}`
        : `pulumi config rm --path ${path} --stack ${stack}`,
    );
  }
  return commands;
}

/** The hint block every command ends with. */
export function renderConfigHint(commands: readonly string[]): string {
  if (commands.length === 0) {
    return "Stack config already matches the pointers: no `pulumi config` change is needed.";
  }
  return [
    "Bring the stack's config in line, so the next `pulumi up` keeps this failover:",
    ...commands.map((c) => `  ${c}`),
  ].join("\n");
}
