/**
 * Recognising opt-outs and opt-ins in an inbound SMS. The opt-out keywords are the ones AWS End
 * User Messaging SMS honours on every number ("Required opt-out keywords" in the AWS End User
 * Messaging SMS User Guide): ARRET, CANCEL, END, OPT-OUT, OPTOUT, QUIT, REMOVE, STOP, TD,
 * UNSUBSCRIBE. Pure data and string functions: the Lambda bundle and the config rules share it.
 */

/** Opt-out keywords, upper case. */
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

/**
 * Keywords AWS documents for rejoining after an opt-out (UNSTOP and START, which US carriers
 * honour on toll-free numbers and which pools commonly declare as opt-in keywords).
 */
export const AWS_OPT_IN_KEYWORDS: readonly string[] = ["START", "UNSTOP"];

/** The mandatory keywords AWS answers on every number. */
export const MANDATORY_KEYWORDS: readonly string[] = ["HELP", "STOP"];

const KEYWORDS = new Set(OPT_OUT_KEYWORDS);

/** Upper case, accents dropped (exported for the config rules, which compare declared keywords). */
export function normaliseKeyword(text: string): string {
  return normalise(text);
}

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
 * $500–$1,500 per later message (TCPA) while a spurious one only costs a
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

/**
 * The first of `keywords` the message body is or begins with (as a whole word), or undefined.
 * Multi-word keywords (`JOIN NOW`) match as a phrase.
 *
 * @param body the inbound `messageBody`; undefined or blank gives undefined
 * @param keywords upper-case keywords, e.g. a use case's opt-in keywords
 */
export function keywordOf(
  body: string | undefined,
  keywords: readonly string[],
): string | undefined {
  if (!body) return undefined;
  const text = normalise(body).replace(/\s+/g, " ");
  return keywords.find((keyword) => {
    const k = normalise(keyword).replace(/\s+/g, " ");
    return k.length > 0 && (text === k || text.startsWith(`${k} `));
  });
}
