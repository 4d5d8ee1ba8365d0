/**
 * Where SES bounce and complaint feedback goes in one Region: a separate SNS topic for
 * each kind, each delivering to its own SQS queue, which hands messages it cannot get
 * processed to a dead-letter queue (digest §10.6: "separate SNS topics for bounces and
 * complaints, each publishing to its own SQS queue").
 *
 * Every grant names its source: SES may publish to a topic only for this account and only
 * from the listed configuration sets; SNS may send to a queue only from that queue's own
 * topic (`aws:SourceArn`), the confused-deputy guard AWS recommends for service principals.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Service principal of Amazon SES. */
export const SES_PRINCIPAL = "ses.amazonaws.com";
/** Service principal of Amazon SNS. */
export const SNS_PRINCIPAL = "sns.amazonaws.com";

/** The two feedback kinds, in the order resources are declared. */
export const FEEDBACK_KINDS = ["bounces", "complaints"] as const;
/** One of {@link FEEDBACK_KINDS}. */
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

/** SES event type each feedback kind carries (`matchingEventTypes` of its destination). */
export const FEEDBACK_EVENT_TYPE: Record<FeedbackKind, "BOUNCE" | "COMPLAINT"> = {
  bounces: "BOUNCE",
  complaints: "COMPLAINT",
};

/** SQS's longest retention (14 days): feedback survives a long consumer outage. */
export const FEEDBACK_RETENTION_SECONDS = 1_209_600;

/** Arguments of {@link SesFeedbackQueues}. */
export interface SesFeedbackQueuesArgs {
  /** AWS Region of the topics and queues (SES publishes only to topics in its own Region). Required. */
  region: string;
  /** Account whose SES publishes (`aws:SourceAccount`). Required. */
  account: string;
  /**
   * ARNs of the configuration sets allowed to publish (`aws:SourceArn`); they need not
   * exist yet. Required, at least one.
   */
  configurationSetArns: string[];
  /**
   * Deliveries a message may fail before it moves to the dead-letter queue. Default: 5, so
   * a consumer bug parks feedback in the DLQ instead of losing it or looping forever.
   */
  maxReceiveCount?: number;
  /** Deliver the bare SES JSON instead of the SNS envelope. Default: false (envelope, as digest §10.6's handler expects). */
  rawMessageDelivery?: boolean;
  /** Tags on topics and queues. Default: none. */
  tags?: Record<string, string>;
}

/** Topic, queue and dead-letter queue of one feedback kind. */
export interface FeedbackChannel {
  topic: aws.sns.Topic;
  topicPolicy: aws.sns.TopicPolicy;
  queue: aws.sqs.Queue;
  deadLetterQueue: aws.sqs.Queue;
  queuePolicy: aws.sqs.QueuePolicy;
  subscription: aws.sns.TopicSubscription;
}

/** Topic policy letting SES of `account` publish to `topicArn` from the given configuration sets only. */
export function sesPublishPolicy(
  account: string,
  topicArn: pulumi.Input<string>,
  configurationSetArns: string[],
): pulumi.Output<string> {
  return pulumi.output(topicArn).apply((arn) =>
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AllowSesEventPublishing",
          Effect: "Allow",
          Principal: { Service: SES_PRINCIPAL },
          Action: "sns:Publish",
          Resource: arn,
          Condition: {
            StringEquals: { "aws:SourceAccount": account },
            ArnEquals: { "aws:SourceArn": [...configurationSetArns].sort() },
          },
        },
      ],
    }),
  );
}

/** Queue policy letting SNS deliver to `queueArn` from `topicArn` only. */
export function snsToQueuePolicy(
  queueArn: pulumi.Input<string>,
  topicArn: pulumi.Input<string>,
): pulumi.Output<string> {
  return pulumi.all([queueArn, topicArn]).apply(([queue, topic]) =>
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AllowOwnTopicOnly",
          Effect: "Allow",
          Principal: { Service: SNS_PRINCIPAL },
          Action: "sqs:SendMessage",
          Resource: queue,
          Condition: { ArnEquals: { "aws:SourceArn": topic } },
        },
      ],
    }),
  );
}

/** Bounce and complaint topics and queues of one Region. Token `messaging:ses:FeedbackQueues`. */
export class SesFeedbackQueues extends pulumi.ComponentResource {
  readonly bounces: FeedbackChannel;
  readonly complaints: FeedbackChannel;

  constructor(name: string, args: SesFeedbackQueuesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("messaging:ses:FeedbackQueues", name, {}, opts);
    if (args.configurationSetArns.length === 0) {
      throw new pulumi.ResourceError(
        `${name}: no configuration set would publish feedback; declare a use case in this Region`,
        this,
      );
    }
    this.bounces = this.channel(name, "bounces", args);
    this.complaints = this.channel(name, "complaints", args);
    this.registerOutputs({
      bounceTopicArn: this.bounces.topic.arn,
      bounceQueueUrl: this.bounces.queue.url,
      complaintTopicArn: this.complaints.topic.arn,
      complaintQueueUrl: this.complaints.queue.url,
    });
  }

  private channel(name: string, kind: FeedbackKind, args: SesFeedbackQueuesArgs): FeedbackChannel {
    const { region, tags } = args;
    const child = { parent: this };
    const topic = new aws.sns.Topic(`${name}-${kind}-topic`, { region, tags }, child);
    const topicPolicy = new aws.sns.TopicPolicy(
      `${name}-${kind}-topic-policy`,
      {
        region,
        arn: topic.arn,
        policy: sesPublishPolicy(args.account, topic.arn, args.configurationSetArns),
      },
      child,
    );
    const deadLetterQueue = new aws.sqs.Queue(
      `${name}-${kind}-dlq`,
      {
        region,
        messageRetentionSeconds: FEEDBACK_RETENTION_SECONDS,
        sqsManagedSseEnabled: true,
        tags,
      },
      child,
    );
    const queue = new aws.sqs.Queue(
      `${name}-${kind}-queue`,
      {
        region,
        messageRetentionSeconds: FEEDBACK_RETENTION_SECONDS,
        sqsManagedSseEnabled: true,
        redrivePolicy: deadLetterQueue.arn.apply((deadLetterTargetArn) =>
          JSON.stringify({ deadLetterTargetArn, maxReceiveCount: args.maxReceiveCount ?? 5 }),
        ),
        tags,
      },
      child,
    );
    const queuePolicy = new aws.sqs.QueuePolicy(
      `${name}-${kind}-queue-policy`,
      { region, queueUrl: queue.url, policy: snsToQueuePolicy(queue.arn, topic.arn) },
      child,
    );
    // After the queue policy: until it exists SNS may not deliver, and messages would be lost.
    const subscription = new aws.sns.TopicSubscription(
      `${name}-${kind}-subscription`,
      {
        region,
        topic: topic.arn,
        protocol: "sqs",
        endpoint: queue.arn,
        rawMessageDelivery: args.rawMessageDelivery ?? false,
      },
      { parent: this, dependsOn: [queuePolicy] },
    );
    return { topic, topicPolicy, queue, deadLetterQueue, queuePolicy, subscription };
  }
}
