/**
 * `ses-marketing-dedicated-pool`: marketing mail goes out through a dedicated IP pool.
 */
import {
  configSchema,
  includesIgnoringCase,
  isExempt,
  readConfig,
  type MessagingResourcePolicy,
} from "../lib/policy-kit";
import { isUnknown, obj } from "../lib/props";
import { sesConfigurationSetView } from "../lib/ses";
import { SES_CONFIGURATION_SET_TYPES } from "../lib/types";

interface Config {
  useCaseTagKey: string;
  marketingUseCases: string[];
  marketingNamePattern: string;
}

const schema = configSchema({
  useCaseTagKey: {
    type: "string",
    default: "messaging:use-case",
    description: 'Tag naming a resource\'s use case. Default: "messaging:use-case".',
  },
  marketingUseCases: {
    type: "array",
    items: { type: "string" },
    default: ["marketing", "promotional", "promotions", "newsletter"],
    description:
      "Use cases (values of the use-case tag, compared ignoring case) that send marketing mail. Default: marketing, promotional, promotions, newsletter.",
  },
  marketingNamePattern: {
    type: "string",
    default: "(^|[-_.])(marketing|promo|promotional|promotions|newsletter)([-_.]|$)",
    description:
      "Regular expression on the configuration set's name (matched ignoring case) that also marks it as marketing. Default: a marketing, promo, promotional, promotions or newsletter name segment. Empty to disable.",
  },
});

/**
 * Marketing mail draws more complaints than transactional mail; on shared or common IPs
 * it drags down the reputation transactional mail depends on. Warming guidance keeps
 * marketing on its own dedicated pool (digest §10). A set is "marketing" by its use-case
 * tag or its name. Advisory, medium (the prod config makes it mandatory). Config:
 * `useCaseTagKey`, `marketingUseCases`, `marketingNamePattern`, `exemptResources`.
 */
export const sesMarketingDedicatedPool: MessagingResourcePolicy = {
  name: "ses-marketing-dedicated-pool",
  description:
    "SES configuration sets that send marketing mail should deliver through a dedicated IP pool (deliveryOptions.sendingPoolName), so that marketing complaints do not damage the reputation of transactional mail.",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps:
    "Declare a dedicated IP pool for marketing (`aws.sesv2.DedicatedIpPool`, warmed per the warm-up plan) and set `deliveryOptions.sendingPoolName` on the marketing configuration set (use `aws.sesv2`, not the v1 `aws.ses` set, which cannot name a pool).",
  configSchema: schema,
  validateResource: (args, reportViolation) => {
    if (!SES_CONFIGURATION_SET_TYPES.includes(args.type))
      args.notApplicable("applies to SES configuration sets only");
    const config = readConfig<Config>(args, schema);
    if (isExempt(config, args)) args.notApplicable("exempted by exemptResources");
    if (isUnknown(args.props, "deliveryOptions")) return;
    const delivery = obj(args.props, "deliveryOptions");
    if (delivery && isUnknown(delivery, "sendingPoolName")) return;
    const view = sesConfigurationSetView(args)!;
    const useCase = view.tags[config.useCaseTagKey];
    const byTag = includesIgnoringCase(config.marketingUseCases, useCase);
    const byName =
      !!config.marketingNamePattern &&
      !!view.name &&
      new RegExp(config.marketingNamePattern, "i").test(view.name);
    if (!byTag && !byName) args.notApplicable("not a marketing configuration set");
    if (!view.supportsSendingPool) {
      reportViolation(
        "SES configuration set sends marketing mail but is a v1 aws.ses.ConfigurationSet, which cannot name a dedicated IP pool; declare it with aws.sesv2 and set deliveryOptions.sendingPoolName.",
      );
    } else if (!view.sendingPoolName) {
      reportViolation(
        "SES configuration set sends marketing mail without a dedicated IP pool (deliveryOptions.sendingPoolName is unset); assign the marketing pool.",
      );
    }
  },
};
