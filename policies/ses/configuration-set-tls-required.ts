/**
 * `ses-configuration-set-tls-required`: SES configuration sets require TLS.
 */
import {
  configSchema,
  isExempt,
  readConfig,
  type MessagingResourcePolicy,
} from "../lib/policy-kit";
import { isUnknown, obj } from "../lib/props";
import { sesConfigurationSetView } from "../lib/ses";
import { SES_CONFIGURATION_SET_TYPES } from "../lib/types";

const schema = configSchema();

/**
 * With the default `OPTIONAL` policy SES delivers in clear text to any receiving server
 * that does not offer TLS; `REQUIRE` refuses such servers, so message content (passcodes,
 * account notices) never crosses the internet unencrypted. Covers `aws.ses`,
 * `aws.sesv2` and aws-native sets. Mandatory, high. Config: `exemptResources` (default none).
 */
export const sesConfigurationSetTlsRequired: MessagingResourcePolicy = {
  name: "ses-configuration-set-tls-required",
  description:
    "Amazon SES configuration sets must set the TLS policy to REQUIRE, so that mail is never delivered unencrypted to a receiving server that does not offer TLS.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    'Set `deliveryOptions: { tlsPolicy: "REQUIRE" }` on the configuration set (`"Require"` on the v1 `aws.ses.ConfigurationSet`).',
  configSchema: schema,
  validateResource: (args, reportViolation) => {
    if (!SES_CONFIGURATION_SET_TYPES.includes(args.type))
      args.notApplicable("applies to SES configuration sets only");
    if (isExempt(readConfig(args, schema), args)) args.notApplicable("exempted by exemptResources");
    if (isUnknown(args.props, "deliveryOptions")) return;
    const delivery = obj(args.props, "deliveryOptions");
    if (delivery && isUnknown(delivery, "tlsPolicy")) return;
    const view = sesConfigurationSetView(args)!;
    if (view.tlsPolicy === undefined) {
      reportViolation(
        "SES configuration set leaves deliveryOptions.tlsPolicy unset, which means OPTIONAL; set it to REQUIRE.",
      );
    } else if (view.tlsPolicy.toUpperCase() !== "REQUIRE") {
      reportViolation(
        `SES configuration set has deliveryOptions.tlsPolicy ${view.tlsPolicy}; set it to REQUIRE.`,
      );
    }
  },
};
