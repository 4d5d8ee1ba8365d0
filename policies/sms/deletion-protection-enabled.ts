/**
 * `sms-deletion-protection-enabled`: phone numbers, sender IDs and pools keep AWS's
 * deletion protection on.
 */
import {
  configSchema,
  isExempt,
  readConfig,
  type MessagingResourcePolicy,
} from "../lib/policy-kit";
import { labelOf } from "../lib/labels";
import { bool, isUnknown } from "../lib/props";
import { ORIGINATOR_TYPES, POOL_TYPES } from "../lib/types";

const schema = configSchema();
const TYPES = [...ORIGINATOR_TYPES, ...POOL_TYPES];

/**
 * A released phone number is gone for good (numbers cannot be recreated or moved, and
 * registrations take weeks), so the service-side guard `deletionProtectionEnabled` must be
 * on for phone numbers, sender IDs and the pools that hold them (DESIGN, digest §6).
 * Both providers default it to false. Mandatory, critical. Config: `exemptResources`
 * (e.g. simulator numbers in a sandbox; default none).
 */
export const smsDeletionProtectionEnabled: MessagingResourcePolicy = {
  name: "sms-deletion-protection-enabled",
  description:
    "Phone numbers, sender IDs and pools must have deletionProtectionEnabled set to true. A released number cannot be recreated or moved, and its registrations take weeks to redo.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps:
    "Set `deletionProtectionEnabled: true` on the phone number, sender ID or pool. To release one deliberately, first turn the flag off in a reviewed change of its own.",
  configSchema: schema,
  validateResource: (args, reportViolation) => {
    if (!TYPES.includes(args.type))
      args.notApplicable("applies to phone numbers, sender IDs and pools only");
    if (isExempt(readConfig(args, schema), args)) args.notApplicable("exempted by exemptResources");
    if (isUnknown(args.props, "deletionProtectionEnabled")) return;
    const value = bool(args.props, "deletionProtectionEnabled");
    if (value === false) {
      reportViolation(
        `${labelOf(args.type)} has deletionProtectionEnabled: false; set it to true.`,
      );
    } else if (value === undefined) {
      reportViolation(
        `${labelOf(args.type)} leaves deletionProtectionEnabled unset, which AWS treats as false; set it to true.`,
      );
    }
  },
};
