/**
 * String formats AWS and the carriers enforce, in one place so that config validation,
 * components and policies agree. Each pattern cites where it comes from.
 */

/** E.164 as Protect overrides require it: `+`, then digits only, no spaces or punctuation (digest §5). */
export const E164_PATTERN = /^\+[1-9][0-9]{1,18}$/;

/** 12-digit AWS account id. */
export const ACCOUNT_ID_PATTERN = /^[0-9]{12}$/;

/** `OptOutListName` and `ConfigurationSetName` in the SMS Voice v2 model: 1–64 of `[A-Za-z0-9_-]`. */
export const SMS_RESOURCE_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Keys of use cases, originators and destinations: they become resource names, so keep them DNS-like. */
export const CONFIG_KEY_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;

/** SMS Voice v2 keywords: 1–30 characters; the provider stores them upper-case (`Keyword` shape). */
export const KEYWORD_PATTERN = /^[A-Z0-9][A-Z0-9 _-]{0,28}[A-Z0-9]$|^[A-Z0-9]$/;

/** HELP/STOP/opt-in replies must be 20–160 characters (digest §3.2; carriers' rule). */
export const KEYWORD_REPLY_MIN = 20;
export const KEYWORD_REPLY_MAX = 160;

/** Generic AWS ARN (the `AmazonResourceName` shape plus room for log-group ARNs with `*`). */
export const ARN_PATTERN = /^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:[0-9]{0,12}:\S+$/;

/** Why a sender ID fails the format rules, or undefined when it passes. */
export function senderIdProblem(senderId: string, country?: string): string | undefined {
  // Digest §1.5 and §12: the strictest reading of the sources. 3–11 characters of letters,
  // digits and dash (no underscore, no space), at least one letter, India exactly 6. The
  // provider additionally requires upper case because AWS stores sender IDs upper-cased.
  if (!/^[A-Za-z0-9-]+$/.test(senderId)) {
    return `sender ID "${senderId}" may only contain letters, digits and dashes`;
  }
  if (senderId.length < 3 || senderId.length > 11) {
    return `sender ID "${senderId}" is ${senderId.length} characters; it must be 3 to 11`;
  }
  if (!/[A-Za-z]/.test(senderId)) {
    return `sender ID "${senderId}" is numeric-only; it needs at least one letter`;
  }
  if (senderId !== senderId.toUpperCase()) {
    return `sender ID "${senderId}" must be upper case ("${senderId.toUpperCase()}"): AWS stores sender IDs upper-cased`;
  }
  if (country === "IN" && senderId.length !== 6) {
    return `sender ID "${senderId}" is sent to India, where sender IDs must be exactly 6 characters`;
  }
  return undefined;
}
