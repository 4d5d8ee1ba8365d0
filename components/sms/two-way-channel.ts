/**
 * The inbound side of a two-way use case in one Region: an SNS topic that receives replies
 * (and STOP keywords, which opt-out replication listens to), with a policy that lets only
 * this account's End User Messaging publish to it.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { smsNames } from "../../lib/naming";
import { smsVoicePublishPolicy } from "./service-principal";

/** Arguments of {@link TwoWayChannel}. */
export interface TwoWayChannelArgs {
  /** Region of the topic (the Region the use case receives replies in). Required. */
  region: pulumi.Input<string>;
  /** Account (12 digits) whose End User Messaging may publish. Required. */
  account: string;
  /** Tags on the topic. Default: none. */
  tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** Inbound-message topic. Token `messaging:sms:TwoWayChannel`. */
export class TwoWayChannel extends pulumi.ComponentResource {
  readonly topic: aws.sns.Topic;
  readonly topicArn: pulumi.Output<string>;

  constructor(name: string, args: TwoWayChannelArgs, opts?: pulumi.ComponentResourceOptions) {
    super("messaging:sms:TwoWayChannel", name, {}, opts);
    this.topic = new aws.sns.Topic(
      smsNames.twoWayTopic(name),
      { region: args.region, tags: args.tags },
      { parent: this },
    );
    new aws.sns.TopicPolicy(
      smsNames.twoWayTopicPolicy(name),
      {
        region: args.region,
        arn: this.topic.arn,
        policy: smsVoicePublishPolicy(args.account, this.topic.arn),
      },
      { parent: this },
    );
    this.topicArn = this.topic.arn;
    this.registerOutputs({ topicArn: this.topicArn });
  }
}
