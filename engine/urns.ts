/**
 * URNs as the Pulumi engine forms them: `urn:pulumi:<stack>::<project>::<type>::<name>`,
 * where a resource's type is qualified by its parent's (qualified) type unless the parent
 * is the stack, and alias specs resolve to URNs the same way.
 */

const STACK_TYPE = "pulumi:pulumi:Stack";

/** The qualified type of a URN (`parent$child` chains included). */
export function qualifiedTypeOf(urn: string): string {
  return urn.split("::")[2] ?? "";
}

/**
 * The URN of a resource.
 *
 * @param parentUrn the parent's URN; empty for the stack itself and for resources without one
 */
export function urnOf(
  stack: string,
  project: string,
  parentUrn: string,
  type: string,
  name: string,
): string {
  let qualified = type;
  if (parentUrn) {
    const parentType = qualifiedTypeOf(parentUrn);
    if (parentType !== STACK_TYPE) qualified = `${parentType}$${type}`;
  }
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/** An alias as a register request carries it: a URN, or a spec of what differs. */
export interface AliasLike {
  getUrn(): string;
  hasSpec?(): boolean;
  getSpec():
    | {
        getName(): string;
        getType(): string;
        getStack(): string;
        getProject(): string;
        getParenturn(): string;
        getNoparent(): boolean;
      }
    | undefined;
}

/**
 * The URN an alias names, as the engine resolves it: a spec's empty fields default to the
 * resource's own name, type, stack and project, and its parent to the resource's parent
 * unless it says `noParent` or names another.
 */
export function aliasUrn(
  alias: AliasLike,
  resource: { stack: string; project: string; parentUrn: string; type: string; name: string },
): string | undefined {
  if (alias.getUrn()) return alias.getUrn();
  const spec = alias.getSpec();
  if (!spec) return undefined;
  const parent = spec.getNoparent() ? "" : spec.getParenturn() || resource.parentUrn;
  return urnOf(
    spec.getStack() || resource.stack,
    spec.getProject() || resource.project,
    parent,
    spec.getType() || resource.type,
    spec.getName() || resource.name,
  );
}
