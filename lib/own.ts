/**
 * Lookups in objects keyed by names the user chose (use cases, originators, Regions, tags).
 *
 * A plain object answers `record["constructor"]` or `record["toString"]` with a member of
 * `Object.prototype` even when the user declared no such key, and `record["__proto__"] = v`
 * replaces the object's prototype instead of storing `v`. Every lookup by a config key
 * therefore goes through these helpers (or a `Map`), which only ever see the object's own
 * properties.
 */

// One definition for the repository and the policy pack (which is published alone and so
// cannot import from here): what `own` and `hasOwn` do is documented there.
export { hasOwn, own } from "../policies/lib/own";

/**
 * Stores `value` under `key` as an own property, even when `key` is `__proto__`.
 *
 * @param record - the object to write to; no default.
 * @param key - the name; no default.
 * @param value - what to store; no default.
 */
export function setOwn<V>(record: Record<string, V>, key: string, value: V): V {
  Object.defineProperty(record, key, {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
  return value;
}

/**
 * The value `record` holds under `key`, created with `init` when it holds none yet: the
 * prototype-safe form of `record[key] ??= init()`.
 *
 * @param record - the object to read and write; no default.
 * @param key - the name; no default.
 * @param init - makes the value for a key seen the first time; no default.
 */
export function ownOrInit<V>(record: Record<string, V>, key: string, init: () => V): V {
  return Object.hasOwn(record, key) ? record[key] : setOwn(record, key, init());
}

/**
 * Names that are members of every JavaScript object. As config keys they would shadow or
 * reach those members wherever a program, tool or policy indexes an object by the key, so
 * the config validation refuses them (see `stacks/config/reserved-keys.ts`).
 */
export const OBJECT_MEMBER_NAMES: ReadonlySet<string> = new Set(
  Object.getOwnPropertyNames(Object.prototype),
);
