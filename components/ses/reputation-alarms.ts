/**
 * CloudWatch alarms on an account's SES reputation in one Region: the bounce rate and the
 * complaint rate SES itself uses to put an account under review or pause its sending.
 *
 * Thresholds. Each metric gets two alarms: `warning`, at half of SES's review level, and
 * `review`, at SES's review level (SES places the account under review at a 5% bounce rate
 * or a 0.1% complaint rate, and may pause it at 10% or 0.5%). The levels, their source
 * (Amazon SES Developer Guide, "Reputation metrics messages" and "Sending review process
 * FAQs") and why the warning sits at half the review level are in reputation-thresholds.ts,
 * which the warm-up plan's defaults come from too: the plan **holds** at the warning level
 * and **steps back** at the review level, so each alarm's advice is what the plan does at
 * that rate. There is no alarm at the pause level: by then the review alarm has long fired.
 *
 * The metrics (`AWS/SES` `Reputation.BounceRate`, `Reputation.ComplaintRate`) are
 * account-wide per Region and carry rates as fractions (0.05 = 5%), so the alarms have no
 * dimensions and the thresholds are fractions too.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SES_PAUSE_LEVELS, SES_REVIEW_LEVELS, WARNING_LEVELS } from "./reputation-thresholds";

/** CloudWatch namespace of SES metrics. */
export const SES_METRIC_NAMESPACE = "AWS/SES";
/** Account-level reputation metrics SES publishes. */
export const BOUNCE_RATE_METRIC = "Reputation.BounceRate";
export const COMPLAINT_RATE_METRIC = "Reputation.ComplaintRate";

/** Alarm levels, as rates (fractions: 0.05 = 5%). */
export interface ReputationThresholds {
  /** Bounce rate for the warning alarm. Default: 0.025 (half the review level; where the warm-up holds). */
  bounceWarning: number;
  /** Bounce rate for the review alarm. Default: 0.05 (SES reviews the account; the warm-up steps back). */
  bounceReview: number;
  /** Complaint rate for the warning alarm. Default: 0.0005 (half the review level; where the warm-up holds). */
  complaintWarning: number;
  /** Complaint rate for the review alarm. Default: 0.001 (SES reviews the account; the warm-up steps back). */
  complaintReview: number;
}

/** Default levels, shared with the warm-up plan (reputation-thresholds.ts gives the source). */
export const DEFAULT_REPUTATION_THRESHOLDS: Readonly<ReputationThresholds> = Object.freeze({
  bounceWarning: WARNING_LEVELS.bounceRate,
  bounceReview: SES_REVIEW_LEVELS.bounceRate,
  complaintWarning: WARNING_LEVELS.complaintRate,
  complaintReview: SES_REVIEW_LEVELS.complaintRate,
});

/** Arguments of {@link SesReputationAlarms}. */
export interface SesReputationAlarmsArgs {
  /** AWS Region whose SES account metrics are watched. Required. */
  region: string;
  /**
   * Topic the alarms notify (on ALARM and back to OK). Default: a topic created here,
   * exported so on-call can subscribe a pager or a mailbox.
   */
  alarmTopicArn?: pulumi.Input<string>;
  /** Overrides of {@link DEFAULT_REPUTATION_THRESHOLDS}; each a rate in (0, 1). Default: none. */
  thresholds?: Partial<ReputationThresholds>;
  /**
   * Length of one evaluation period in seconds. Default: 3600. SES computes the rates over
   * a long window of recent sending, so a short period only adds cost, not warning time.
   */
  periodSeconds?: number;
  /** Tags on the alarms and the created topic. Default: none. */
  tags?: Record<string, string>;
}

/** Warning and review alarms on bounce and complaint rates. Token `messaging:ses:ReputationAlarms`. */
export class SesReputationAlarms extends pulumi.ComponentResource {
  /** The created topic, when no `alarmTopicArn` was given. */
  readonly topic?: aws.sns.Topic;
  readonly alarmTopicArn: pulumi.Output<string>;
  readonly bounceWarning: aws.cloudwatch.MetricAlarm;
  readonly bounceReview: aws.cloudwatch.MetricAlarm;
  readonly complaintWarning: aws.cloudwatch.MetricAlarm;
  readonly complaintReview: aws.cloudwatch.MetricAlarm;
  readonly thresholds: Readonly<ReputationThresholds>;

  constructor(name: string, args: SesReputationAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("messaging:ses:ReputationAlarms", name, {}, opts);
    const t = { ...DEFAULT_REPUTATION_THRESHOLDS, ...args.thresholds };
    for (const [key, value] of Object.entries(t)) {
      if (!(typeof value === "number" && value > 0 && value < 1)) {
        throw new RangeError(
          `${name}: threshold ${key} must be a rate between 0 and 1, got ${value}`,
        );
      }
    }
    if (t.bounceWarning > t.bounceReview || t.complaintWarning > t.complaintReview) {
      throw new RangeError(`${name}: a warning threshold must not exceed its review threshold`);
    }
    this.thresholds = Object.freeze(t);
    const { region, tags } = args;
    if (args.alarmTopicArn === undefined) {
      this.topic = new aws.sns.Topic(`${name}-topic`, { region, tags }, { parent: this });
    }
    this.alarmTopicArn = this.topic ? this.topic.arn : pulumi.output(args.alarmTopicArn!);

    const alarm = (
      role: string,
      metricName: string,
      threshold: number,
      description: string,
    ): aws.cloudwatch.MetricAlarm =>
      new aws.cloudwatch.MetricAlarm(
        `${name}-${role}`,
        {
          region,
          alarmDescription: `SES ${region} ${metricName} at or above ${percent(threshold)}: ${description}. See docs/ses.md.`,
          namespace: SES_METRIC_NAMESPACE,
          metricName,
          statistic: "Maximum",
          period: args.periodSeconds ?? 3600,
          evaluationPeriods: 1,
          datapointsToAlarm: 1,
          comparisonOperator: "GreaterThanOrEqualToThreshold",
          threshold,
          // No mail, no rate: silence is not a breach.
          treatMissingData: "notBreaching",
          alarmActions: [this.alarmTopicArn],
          okActions: [this.alarmTopicArn],
          tags,
        },
        { parent: this },
      );

    this.bounceWarning = alarm(
      "bounce-warning",
      BOUNCE_RATE_METRIC,
      t.bounceWarning,
      "halfway to the level where SES reviews the account; hold the warm-up (the plan holds here) and remove bouncing addresses",
    );
    this.bounceReview = alarm(
      "bounce-review",
      BOUNCE_RATE_METRIC,
      t.bounceReview,
      `SES puts the account under review at this level and may pause sending at ${percent(SES_PAUSE_LEVELS.bounceRate)}; step the warm-up back (the plan steps back here)`,
    );
    this.complaintWarning = alarm(
      "complaint-warning",
      COMPLAINT_RATE_METRIC,
      t.complaintWarning,
      "halfway to the level where SES reviews the account; hold the warm-up (the plan holds here) and check who is mailed",
    );
    this.complaintReview = alarm(
      "complaint-review",
      COMPLAINT_RATE_METRIC,
      t.complaintReview,
      `SES puts the account under review at this level and may pause sending at ${percent(SES_PAUSE_LEVELS.complaintRate)}; step the warm-up back (the plan steps back here)`,
    );
    this.registerOutputs({ alarmTopicArn: this.alarmTopicArn });
  }
}

/** 0.0005 → "0.05%". */
function percent(rate: number): string {
  return `${Number((rate * 100).toPrecision(6))}%`;
}
