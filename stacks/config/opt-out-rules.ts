/**
 * Config rules about opt-outs that relate values to each other:
 *
 * - a keyword the use case answers automatically (or one it declares as an opt-in) may not be
 *   one of AWS's opt-out keywords, and an automatic reply may not take an opt-in keyword:
 *   AWS opts a number out (or back in) on those whatever the pool declares, and the opt-out
 *   ledger records them as decisions, so the reply would be a lie;
 * - a self-managed use case says who confirms STOP (AWS sends no confirmation then), and only
 *   a self-managed one may.
 *
 * Each problem names its config path and the fix.
 */
import { AWS_OPT_IN_KEYWORDS, normaliseKeyword, OPT_OUT_KEYWORDS } from "../../lambda/lib/keywords";
import type { ConfigIssue } from "./issues";
import type { EstateConfig } from "./schema";

const OPT_OUT = new Set(OPT_OUT_KEYWORDS);
const AWS_OPT_IN = new Set(AWS_OPT_IN_KEYWORDS);

/** The opt-out keyword a declared keyword is or begins with (AWS matches a message that begins with one). */
function optOutWordOf(keyword: string): string | undefined {
  const text = normaliseKeyword(keyword);
  return OPT_OUT.has(text) ? text : [...OPT_OUT].find((k) => text.startsWith(`${k} `));
}

/** Checks every use case's keywords and STOP confirmation. */
export function checkOptOutRules(config: EstateConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const [name, useCase] of Object.entries(config.useCases)) {
    const at = (...rest: (string | number)[]) => ["useCases", name, ...rest];
    const optIn = Object.keys(useCase.keywords.optIn);
    for (const keyword of Object.keys(useCase.keywords.autoReply)) {
      const optOutWord = optOutWordOf(keyword);
      // STOP itself is reported by the mandatory-keyword rule (rules.ts), with its own fix.
      if (optOutWord && normaliseKeyword(keyword) !== "STOP") {
        issues.push({
          path: at("keywords", "autoReply", keyword),
          message: `${keyword} is an AWS opt-out keyword: a reply beginning with ${optOutWord} opts the number out, whatever the automatic response says; remove it from autoReply (the STOP reply is set under keywords.stop) or pick another word`,
        });
      } else if (AWS_OPT_IN.has(normaliseKeyword(keyword))) {
        issues.push({
          path: at("keywords", "autoReply", keyword),
          message: `${keyword} is a keyword end users send to opt back in; move it to keywords.optIn so it opts the number in, or pick another word`,
        });
      }
    }
    for (const keyword of optIn) {
      const optOutWord = optOutWordOf(keyword);
      if (optOutWord && optOutWord !== "STOP") {
        issues.push({
          path: at("keywords", "optIn", keyword),
          message: `${keyword} is an AWS opt-out keyword: AWS opts the number out on it, so it cannot opt anyone in; pick another opt-in keyword such as JOIN or START`,
        });
      }
    }
    if (useCase.selfManagedOptOuts && !useCase.stopConfirmation) {
      issues.push({
        path: at("stopConfirmation"),
        message:
          "self-managed opt-outs: AWS sends no STOP confirmation (nor HELP answer), so say who does: stopConfirmation: estate (the estate replies with keywords.stop and keywords.help from the number the end user texted) or stopConfirmation: application (your service replies)",
      });
    }
    if (!useCase.selfManagedOptOuts && useCase.stopConfirmation) {
      issues.push({
        path: at("stopConfirmation"),
        message:
          "AWS confirms STOP itself when opt-outs are AWS-managed; remove stopConfirmation, or set selfManagedOptOuts: true",
      });
    }
  }
  return issues;
}
