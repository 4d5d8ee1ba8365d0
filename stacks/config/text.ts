/**
 * How config values appear inside problem messages: short, on one line, and safe to print
 * to a terminal or a pull-request comment. A stack file can hold anything (a megabyte
 * string, a NUL, a right-to-left override that makes a terminal show text in another
 * order), and a message must neither explode nor let the text it quotes disguise itself.
 */

/** Longest rendition of a value inside a message, in characters (before the "more" note). */
export const MAX_ECHO_LENGTH = 80;

/**
 * Characters a terminal or a browser would not show as themselves: C0 and C1 controls, the
 * bidirectional embeddings, overrides and isolates (Unicode TR #9), the Arabic letter mark,
 * zero-width characters, line and paragraph separators, the byte-order mark and lone
 * surrogates.
 */
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Replaces every invisible or control character by a `\uXXXX` escape (`\n`, `\t` by name). */
export function escapeInvisible(text: string): string {
  return text.replace(INVISIBLE, (char) => {
    if (char === "\n") return "\\n";
    if (char === "\t") return "\\t";
    if (char === "\r") return "\\r";
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}

/**
 * Cuts `text` to at most `max` characters (never inside a surrogate pair or an escape),
 * noting how much was left out.
 */
export function truncate(text: string, max = MAX_ECHO_LENGTH): string {
  if (text.length <= max) return text;
  let cut = max;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  // Do not cut an escape such as \u202e in half.
  const escape = text.slice(Math.max(0, cut - 5), cut).lastIndexOf("\\");
  if (escape !== -1) cut = Math.max(0, cut - 5) + escape;
  return `${text.slice(0, cut)}… (${text.length - cut} more characters)`;
}

/** A string as a message shows it: quoted, escaped, at most ~80 characters. */
export function quote(text: string): string {
  // Escape first (a NUL becomes \u0000), then cut, so the cut never hides an escape.
  return `"${truncate(escapeInvisible(text).replace(/"/g, '\\"'))}"`;
}

/** A name (config key) as a message shows it: bare when it is plain, else quoted. */
export function quoteName(name: string): string {
  return /^[A-Za-z0-9_.:/@+=-]{1,80}$/.test(name) ? name : quote(name);
}

/**
 * Any value as a message shows it: `"text"`, `42`, `true`, `null`, `a list of 3 items`,
 * `an object with keys a, b`. Never longer than about {@link MAX_ECHO_LENGTH} characters.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null (an empty value)";
  if (typeof value === "string") return value === "" ? "an empty string" : quote(value);
  if (typeof value === "number") {
    return Number.isFinite(value) ? `the number ${value}` : `the number ${String(value)}`;
  }
  if (typeof value === "boolean") return `${value}`;
  if (typeof value === "bigint") return `the number ${truncate(value.toString())}`;
  if (Array.isArray(value)) {
    return value.length === 0
      ? "an empty list"
      : `a list of ${value.length} item${value.length === 1 ? "" : "s"}`;
  }
  if (typeof value === "object") {
    const keys = Object.keys(value);
    if (keys.length === 0) return "an empty object";
    const shown = truncate(keys.map((key) => escapeInvisible(key)).join(", "), 60);
    return `an object with key${keys.length === 1 ? "" : "s"} ${shown}`;
  }
  return `a ${typeof value}`;
}

/** Renders a list of names as "a, b or c". */
export function oneOf(names: readonly string[], conjunction = "or"): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} ${conjunction} ${names[names.length - 1]}`;
}
