/**
 * Lookups in objects keyed by names that come from outside the code: country codes, tag
 * keys, policy config keys. A plain object answers `record["constructor"]` or
 * `record["toString"]` with a member of `Object.prototype` even when nobody declared that
 * key, so a policy that indexes by such a name would find a function and carry on as if the
 * key were there. Lookups by an outside name go through {@link own}, which only sees the
 * object's own properties.
 *
 * The pack is its own package (published alone), so it cannot import the repository's
 * `lib/own.ts`; that module re-exports these instead, so both use one definition.
 */

/**
 * The value `record` itself holds under `key`, or undefined; never an inherited member.
 *
 * @param record - any object keyed by names; undefined reads as empty. No default.
 * @param key - the name to look up; no default.
 */
export function own<V>(
  record: Readonly<Record<string, V>> | undefined,
  key: string,
): V | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * True when `record` itself holds `key` (inherited members such as `constructor` do not count).
 *
 * @param record - the object to ask; undefined holds nothing. No default.
 * @param key - the name; no default.
 */
export function hasOwn(record: object | undefined, key: string): boolean {
  return record !== undefined && Object.hasOwn(record, key);
}
