/**
 * `sms-self-managed-opt-outs-two-way`: self-managed opt-outs need two-way SMS and an
 * inbound channel.
 */
import {
  configSchema,
  isExempt,
  readConfig,
  type MessagingResourcePolicy,
} from "../lib/policy-kit";
import { labelOf } from "../lib/labels";
import { isUnknown, obj } from "../lib/props";
import { originatorView, poolView } from "../lib/sms-model";
import { PHONE_NUMBER_TYPES, POOL_TYPES } from "../lib/types";

const schema = configSchema();
const TYPES = [...PHONE_NUMBER_TYPES, ...POOL_TYPES];

/**
 * With self-managed opt-outs AWS stops answering and recording STOP for the originator;
 * the application must receive replies through two-way SMS on an SNS topic and keep the
 * record itself. Without two-way, opt-outs are silently lost: a legal exposure (digest
 * §3.1, §14.8). Applies to phone numbers and pools of both providers. Mandatory, high.
 * Config: `exemptResources` (default none).
 */
export const smsSelfManagedOptOutsTwoWay: MessagingResourcePolicy = {
  name: "sms-self-managed-opt-outs-two-way",
  description:
    "Phone numbers and pools with self-managed opt-outs must have two-way SMS enabled with an inbound channel. AWS then no longer records STOP, so without inbound replies the opt-outs are lost.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Enable two-way SMS with an SNS topic as the channel (`twoWayEnabled`/`twoWayChannelEnabled` and `twoWayChannelArn` in @pulumi/aws, `twoWay: { enabled: true, channelArn }` in aws-native), or set `selfManagedOptOutsEnabled: false` to let AWS manage opt-outs.",
  configSchema: schema,
  validateResource: (args, reportViolation) => {
    if (!TYPES.includes(args.type)) args.notApplicable("applies to phone numbers and pools only");
    if (isExempt(readConfig(args, schema), args)) args.notApplicable("exempted by exemptResources");
    for (const key of [
      "selfManagedOptOutsEnabled",
      "twoWayEnabled",
      "twoWayChannelEnabled",
      "twoWay",
      "twoWayChannelArn",
    ]) {
      if (isUnknown(args.props, key)) return;
    }
    const nested = obj(args.props, "twoWay");
    if (nested && (isUnknown(nested, "enabled") || isUnknown(nested, "channelArn"))) return;
    const view = poolView(args) ?? originatorView(args)!;
    if (!view.selfManagedOptOutsEnabled) return;
    const label = labelOf(args.type);
    if (!view.twoWayEnabled) {
      reportViolation(
        `${label} has selfManagedOptOutsEnabled: true but two-way SMS is off, so STOP replies reach nobody; enable two-way with an inbound SNS topic or turn self-managed opt-outs off.`,
      );
    } else if (!view.twoWayChannelArn) {
      reportViolation(
        `${label} has self-managed opt-outs and two-way SMS on but no two-way channel; set the inbound SNS topic ARN so replies reach the application.`,
      );
    }
  },
};
