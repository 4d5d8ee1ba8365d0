/**
 * String formats AWS and the carriers enforce, shared by the policy pack and the stack
 * config validator (`stacks/config/formats.ts` re-exports them), so there is one source
 * of truth. Free of dependencies outside the pack on purpose: the pack must stay
 * publishable on its own.
 */
import { own } from "./own";

/** E.164 as Protect overrides require it: `+`, then digits only, no spaces or punctuation (digest §5). */
export const E164_PATTERN = /^\+[1-9][0-9]{1,18}$/;

/** Characters a sender ID may hold: letters, digits and dash (digest §1.5; no underscore, no space). */
export const SENDER_ID_CHARACTERS = /^[A-Za-z0-9-]+$/;

/** Shortest and longest sender ID AWS accepts (digest §1.5, §12: the strictest reading). */
export const SENDER_ID_MIN_LENGTH = 3;
export const SENDER_ID_MAX_LENGTH = 11;

/**
 * Countries whose regulators fix the sender ID length. Default: India, exactly 6 (digest
 * §1.5). Policies let users add countries through config.
 */
export const SENDER_ID_EXACT_LENGTHS: Readonly<Record<string, number>> = Object.freeze({ IN: 6 });

/** Options of {@link senderIdProblem}. */
export interface SenderIdRules {
  /**
   * Exact lengths by ISO country code, replacing the built-in table.
   * Default: {@link SENDER_ID_EXACT_LENGTHS} (India 6).
   */
  exactLengthByCountry?: Readonly<Record<string, number>>;
}

/**
 * Why a sender ID fails the format rules, or undefined when it passes.
 *
 * @param senderId the sender ID as declared
 * @param country ISO 3166-1 alpha-2 destination country, when known. Default: none (only
 *   country-independent rules apply).
 * @param rules overrides of the per-country table. Default: India exactly 6.
 */
export function senderIdProblem(
  senderId: string,
  country?: string,
  rules: SenderIdRules = {},
): string | undefined {
  // Digest §1.5 and §12: the strictest reading of the sources. 3–11 characters of letters,
  // digits and dash (no underscore, no space), at least one letter, no dash at either end,
  // India exactly 6. The provider additionally requires upper case because AWS stores
  // sender IDs upper-cased.
  if (!SENDER_ID_CHARACTERS.test(senderId)) {
    return `sender ID "${senderId}" may only contain letters, digits and dashes`;
  }
  if (senderId.length < SENDER_ID_MIN_LENGTH || senderId.length > SENDER_ID_MAX_LENGTH) {
    return `sender ID "${senderId}" is ${senderId.length} characters; it must be ${SENDER_ID_MIN_LENGTH} to ${SENDER_ID_MAX_LENGTH}`;
  }
  if (!/[A-Za-z]/.test(senderId)) {
    return `sender ID "${senderId}" is numeric-only; it needs at least one letter`;
  }
  if (senderId.startsWith("-") || senderId.endsWith("-")) {
    return `sender ID "${senderId}" starts or ends with a dash; carriers refuse it, so use dashes only between letters or digits`;
  }
  if (senderId !== senderId.toUpperCase()) {
    return `sender ID "${senderId}" must be upper case ("${senderId.toUpperCase()}"): AWS stores sender IDs upper-cased`;
  }
  // The country comes from a resource's inputs: only the table's own entries count.
  const exact = country
    ? own(rules.exactLengthByCountry ?? SENDER_ID_EXACT_LENGTHS, country)
    : undefined;
  if (exact !== undefined && senderId.length !== exact) {
    return country === "IN"
      ? `sender ID "${senderId}" is sent to India, where sender IDs must be exactly 6 characters`
      : `sender ID "${senderId}" is sent to ${country}, where sender IDs must be exactly ${exact} characters`;
  }
  return undefined;
}
