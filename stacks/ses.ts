/**
 * The SES part of the estate: declares {@link SesWarming} when `messaging:estate.ses` is
 * present and shapes its stack outputs. Called by `deployEstate`.
 *
 * ## Which date "today's cap" is for
 *
 * Caps depend on a date, and a program that reads the clock gives a different answer every
 * day. The date therefore only ever reaches the **stack outputs** (`sesWarmupCaps`), never a
 * resource input: no resource diff, and no `pulumi preview` noise, can come from the date.
 * The date is `messaging:warmupAsOf` when set (pin it to reproduce a run, or in CI), else
 * the run's UTC date, so `pulumi up` (or `pulumi refresh`) each morning publishes that
 * day's caps for senders to read with `pulumi stack output sesWarmupCaps`. The whole
 * schedule is not exported: it is long, never changes with the date, and
 * `npm run warmup -- --stack <name>` writes it as CSV, JSON and a chart.
 */
import type * as pulumi from "@pulumi/pulumi";
import { SesWarming, type WarmupCapOutput } from "../components/ses/ses-warming";
import { ROOT_NAME } from "../lib/naming";
import { assertIsoDate } from "../components/ses/warmup-plan";
import type { EstateConfig } from "./config/schema";
import { WARMUP_AS_OF_CONFIG_KEY } from "./config/ses-schema";
import { sesWarmingArgs } from "./config/to-args";

export { WARMUP_AS_OF_CONFIG_KEY };

/** Where an application sends one SES use case from. */
export interface SesUseCaseEndpoint {
  /** Name every send of the use case must carry (`ConfigurationSetName`). */
  configurationSetName: pulumi.Output<string>;
  /** Dedicated IP pool the configuration set sends through. */
  pool: string;
  /** Sending subdomain. */
  domain: string;
  identityArn: pulumi.Output<string>;
  /** Easy DKIM tokens: publish `<token>._domainkey.<domain>` CNAME `<token>.dkim.amazonses.com`. */
  dkimTokens: pulumi.Output<string[]>;
}

/** SES resources of one Region, as exported. */
export interface SesRegionOutputs {
  pools: Record<string, { arn: pulumi.Output<string>; scalingMode: string }>;
  useCases: Record<string, SesUseCaseEndpoint>;
  /** Queue URLs to consume and topic ARNs; absent when the Region has no use case. */
  feedback?: {
    bounceTopicArn: pulumi.Output<string>;
    bounceQueueUrl: pulumi.Output<string>;
    bounceDeadLetterQueueUrl: pulumi.Output<string>;
    complaintTopicArn: pulumi.Output<string>;
    complaintQueueUrl: pulumi.Output<string>;
    complaintDeadLetterQueueUrl: pulumi.Output<string>;
  };
  /** Topic the reputation alarms notify: subscribe on-call to it. */
  alarmTopicArn: pulumi.Output<string>;
}

/** Options of {@link deploySes}. */
export interface DeploySesOptions {
  /** Date for the warm-up caps, ISO `yyyy-mm-dd`. Default: the run's UTC date. */
  warmupAsOf?: string;
  /** Clock for the default date. Default: `() => new Date()`. */
  now?: () => Date;
}

/** What {@link deploySes} declares and exports. */
export interface SesDeployment {
  warming: SesWarming;
  /** Per Region: pools, use-case endpoints, feedback queues, alarm topic. */
  ses: Record<string, SesRegionOutputs>;
  /** Per Region, per STANDARD pool with a plan: the cap on {@link DeploySesOptions.warmupAsOf}. */
  sesWarmupCaps: Record<string, Record<string, WarmupCapOutput>>;
}

/**
 * The date of the exported warm-up caps: `options.warmupAsOf`, else the UTC date of
 * `options.now()`. `deployEstate` calls it before declaring anything, so a malformed
 * `messaging:warmupAsOf` fails the run with nothing registered.
 *
 * @param options - see {@link DeploySesOptions}; default `{}`.
 * @throws Error naming `messaging:warmupAsOf` when that date is malformed
 */
export function warmupAsOfDate(options: DeploySesOptions = {}): string {
  const asOf =
    options.warmupAsOf ?? (options.now ?? (() => new Date()))().toISOString().slice(0, 10);
  try {
    assertIsoDate(asOf, WARMUP_AS_OF_CONFIG_KEY);
  } catch (error) {
    throw new Error(
      `${(error as Error).message}; e.g. pulumi config set ${WARMUP_AS_OF_CONFIG_KEY} 2026-03-01`,
      { cause: error },
    );
  }
  return asOf;
}

/**
 * Declares SES warming for a validated estate, or nothing when it has no `ses` section.
 *
 * @param config - the validated estate; no default.
 * @param options - see {@link DeploySesOptions}; default `{}`.
 * @throws Error naming `messaging:warmupAsOf` when that date is malformed
 */
export function deploySes(
  config: EstateConfig,
  options: DeploySesOptions = {},
): SesDeployment | undefined {
  if (!config.ses) return undefined;
  const asOf = warmupAsOfDate(options);
  const warming = new SesWarming(ROOT_NAME.ses, sesWarmingArgs(config, config.ses));
  const ses: Record<string, SesRegionOutputs> = {};
  for (const [region, regional] of Object.entries(warming.regions)) {
    const regionConfig = config.ses.regions[region];
    const useCases: Record<string, SesUseCaseEndpoint> = {};
    for (const [name, useCase] of Object.entries(regional.useCases)) {
      const domain = regionConfig.useCases[name].domain.toLowerCase();
      const identity = regional.identities[domain];
      useCases[name] = {
        configurationSetName: useCase.configurationSetName,
        pool: regionConfig.useCases[name].pool,
        domain,
        identityArn: identity.arn,
        dkimTokens: identity.dkimSigningAttributes.apply((dkim) => dkim?.tokens ?? []),
      };
    }
    const feedback = regional.feedback;
    ses[region] = {
      pools: Object.fromEntries(
        Object.entries(regional.pools).map(([name, pool]) => [
          name,
          { arn: pool.arn, scalingMode: pool.scalingMode },
        ]),
      ),
      useCases,
      ...(feedback
        ? {
            feedback: {
              bounceTopicArn: feedback.bounces.topic.arn,
              bounceQueueUrl: feedback.bounces.queue.url,
              bounceDeadLetterQueueUrl: feedback.bounces.deadLetterQueue.url,
              complaintTopicArn: feedback.complaints.topic.arn,
              complaintQueueUrl: feedback.complaints.queue.url,
              complaintDeadLetterQueueUrl: feedback.complaints.deadLetterQueue.url,
            },
          }
        : {}),
      alarmTopicArn: regional.alarms.alarmTopicArn,
    };
  }
  return { warming, ses, sesWarmupCaps: warming.capsOn(asOf) };
}
