/**
 * Recognising an opt-out in an inbound SMS. The keyword list is the self-managed opt-out
 * sample's (digest §3.1): ARRET, CANCEL, END, OPT-OUT, OPTOUT, QUIT, REMOVE, STOP, TD,
 * UNSUBSCRIBE.
 */

/** Opt-out keywords, upper case (digest §3.1, seeds L2377). */
export const OPT_OUT_KEYWORDS: readonly string[] = [
  "ARRET",
  "CANCEL",
  "END",
  "OPT-OUT",
  "OPTOUT",
  "QUIT",
  "REMOVE",
  "STOP",
  "TD",
  "UNSUBSCRIBE",
];

const KEYWORDS = new Set(OPT_OUT_KEYWORDS);

/** Upper case, accents dropped (`Arrêt` → `ARRET`), surrounding blanks and trailing punctuation removed. */
function normalise(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .trim()
    .toUpperCase()
    .replace(/[.!?,;:]+$/, "");
}

/**
 * The opt-out keyword a message body carries, or undefined.
 *
 * The AWS sample compares the whole body; End User Messaging itself treats a message that
 * *begins with* STOP as an opt-out. We accept both, because a missed opt-out costs
 * $500–$1,500 per later message (TCPA, digest §11) while a spurious one only costs a
 * re-subscription: the stricter reading wins.
 *
 * @param body the inbound `messageBody`; undefined or blank gives undefined
 */
export function optOutKeywordOf(body: string | undefined): string | undefined {
  if (!body) return undefined;
  const text = normalise(body);
  if (KEYWORDS.has(text)) return text;
  const first = normalise(text.split(/\s+/, 1)[0] ?? "");
  return KEYWORDS.has(first) ? first : undefined;
}
