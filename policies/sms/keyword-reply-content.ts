/**
 * `sms-keyword-reply-content`: HELP, STOP and opt-in replies carry what carriers require.
 */
import { missingElements, REQUIRED_ELEMENTS, ELEMENTS, type ReplyKind } from "../lib/carrier-rules";
import {
  configSchema,
  isExempt,
  known,
  listText,
  readConfig,
  type MessagingResourcePolicy,
} from "../lib/policy-kit";
import { isUnknown, list, obj, str } from "../lib/props";
import { labelOf } from "../lib/labels";
import { AWS, NATIVE } from "../lib/types";

interface Config {
  programNames: string[];
}

const schema = configSchema({
  programNames: {
    type: "array",
    items: { type: "string", minLength: 2 },
    default: [],
    description:
      'Program (brand) names a reply may carry, e.g. ["Northwind Pay"]; any one counts. When empty, replies are not judged for the brand, only for the other elements. Default: [].',
  },
});

const KIND_LABEL: Record<Exclude<ReplyKind, "optInDescription">, string> = {
  help: "HELP reply",
  stop: "STOP reply",
  optIn: "opt-in confirmation",
};

/** The replies a resource declares: [kind, keyword, text], skipping unknown values. */
function repliesOf(
  type: string,
  props: Record<string, unknown>,
): [Exclude<ReplyKind, "optInDescription">, string, string][] {
  const out: [Exclude<ReplyKind, "optInDescription">, string, string][] = [];
  if (type === AWS.keyword) {
    for (const key of ["keyword", "keywordMessage", "keywordAction"]) {
      if (isUnknown(props, key)) return [];
    }
    const keyword = (str(props, "keyword") ?? "").trim().toUpperCase();
    const text = str(props, "keywordMessage");
    if (!text) return [];
    if (keyword === "HELP") out.push(["help", keyword, text]);
    else if (keyword === "STOP") out.push(["stop", keyword, text]);
    else if (str(props, "keywordAction") === "OPT_IN") out.push(["optIn", keyword, text]);
    return out;
  }
  // aws-native pools and phone numbers carry their keywords inline.
  const mandatory = obj(props, "mandatoryKeywords");
  for (const [kind, key] of [
    ["help", "help"],
    ["stop", "stop"],
  ] as const) {
    const entry = mandatory && obj(mandatory, key);
    const text = entry && known(() => str(entry, "message"));
    if (text) out.push([kind, key.toUpperCase(), text]);
  }
  const optional = list(props, "optionalKeywords");
  for (let i = 0; i < optional.length; i++) {
    const item = known(() => optional[i]) as Record<string, unknown> | undefined;
    if (!item || str(item, "action") !== "OPT_IN") continue;
    const text = known(() => str(item, "message"));
    if (text) out.push(["optIn", str(item, "keyword") ?? "opt-in keyword", text]);
  }
  return out;
}

/**
 * Carriers test a program's keywords and refuse (or filter) programs whose replies lack
 * what recipients need: a HELP reply names the program and gives a support phone number or
 * email and "Msg & data rates may apply"; a STOP reply names the program and confirms that
 * nothing more will be sent; an opt-in confirmation names the program, the message
 * frequency, how to get help and how to opt out, and the rates text ("How to Register for a
 * United States (US) SMS Short Code with AWS End User Messaging"; "10DLC Registration Best
 * Practices to Send SMS with AWS End User Messaging"). The rule tables are shared with the
 * stack config validation. Each violation names the elements missing. Applies to
 * `@pulumi/aws` keywords and to aws-native pools and phone numbers (inline keywords).
 * Mandatory, medium. Config: `programNames` (default none: the brand is then not judged),
 * `exemptResources` (default none).
 */
export const smsKeywordReplyContent: MessagingResourcePolicy = {
  name: "sms-keyword-reply-content",
  description:
    "HELP, STOP and opt-in replies must carry what carriers require: the program name; for HELP a support contact and the rates text; for STOP the confirmation that no more messages will come; for opt-in the frequency, help, opt-out and rates text.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps:
    'Rewrite the reply with every element it lacks, e.g. HELP: "Acme: help at support@acme.example or +1-800-555-0199. Msg&data rates may apply."; STOP: "Acme: you are unsubscribed and will receive no more messages."; opt-in: "Acme: you\'re subscribed, up to 4 msgs/month. Msg&data rates may apply. Reply HELP for help, STOP to cancel." Configure programNames to have the brand checked too.',
  configSchema: schema,
  validateResource: (args, reportViolation) => {
    if (![AWS.keyword, NATIVE.pool, NATIVE.phoneNumber].includes(args.type as never)) {
      args.notApplicable("applies to keywords and to aws-native pools and phone numbers only");
    }
    const config = readConfig<Config>(args, schema);
    if (isExempt(config, args)) args.notApplicable("exempted by exemptResources");
    const label = args.type === AWS.keyword ? "" : `${labelOf(args.type)}'s `;
    for (const [kind, keyword, text] of repliesOf(args.type, args.props)) {
      const missing = missingElements(kind, text, config.programNames);
      if (missing.length === 0) continue;
      const needs = REQUIRED_ELEMENTS[kind]
        .filter((key) => key !== "brand" || config.programNames.length > 0)
        .map((key) => ELEMENTS[key].what);
      reportViolation(
        `${label}${KIND_LABEL[kind]} (${keyword}) lacks ${listText(missing.map((m) => m.what))}; carriers require ${listText(needs)}.`.replace(
          /^./,
          (c) => c.toUpperCase(),
        ),
      );
    }
  },
};
