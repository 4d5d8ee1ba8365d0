/**
 * Reading an `allowedAccountIds` setting, shared by the pack and the offline check (so it
 * stays dependency-free, like `formats.ts`).
 */

/**
 * The one account an `allowedAccountIds` value names, or undefined when it names none or
 * several. Accepts a list, a JSON-encoded list (how stack config and provider inputs carry
 * it) or a single id.
 */
export function singleAllowedAccount(value: unknown): string | undefined {
  let ids = value;
  if (typeof ids === "string") {
    try {
      ids = JSON.parse(ids);
    } catch {
      ids = [ids];
    }
  }
  return Array.isArray(ids) && ids.length === 1 && typeof ids[0] === "string" ? ids[0] : undefined;
}
