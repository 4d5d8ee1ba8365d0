import * as pulumi from "@pulumi/pulumi";

/** Tag keys the estate sets on every taggable resource, so costs and ownership can be traced. */
export const TAG_USE_CASE = "messaging:use-case";
export const TAG_REGION_ROLE = "messaging:region-role";
export const TAG_MANAGED_BY = "messaging:managed-by";
/**
 * `"true"` on the resources of a public-facing use case (sends triggered from public web
 * forms), so reviewers and the `sms-protect-filter-public-use-cases` policy can tell.
 */
export const TAG_PUBLIC_FACING = "messaging:public-facing";

/** A use case's own tags: its name, and whether it is public-facing. */
export function useCaseTags(useCase: string, publicFacing: boolean): Record<string, string> {
  return { [TAG_USE_CASE]: useCase, ...(publicFacing ? { [TAG_PUBLIC_FACING]: "true" } : {}) };
}

/** Merges the stack's tags with the estate's own (the estate's keys win: they are load-bearing). */
export function estateTags(
  base: Record<string, string>,
  extra: Record<string, string>,
): Record<string, string> {
  return { ...base, [TAG_MANAGED_BY]: "pulumi", ...extra };
}

/** aws-native takes tags as a list of `{ key, value }`, sorted so reordering changes nothing. */
export function nativeTags(tags: Record<string, string>): { key: string; value: string }[] {
  return Object.keys(tags)
    .sort()
    .map((key) => ({ key, value: tags[key] }));
}

/** Resource options for anything a user cannot get back once released (numbers, opt-out records). */
export function irreplaceable(opts: pulumi.CustomResourceOptions): pulumi.CustomResourceOptions {
  // Two guards: the Pulumi engine refuses to delete a protected resource, and if someone
  // lifts the protection the cloud resource is still retained rather than released.
  return { ...opts, protect: true, retainOnDelete: true };
}
