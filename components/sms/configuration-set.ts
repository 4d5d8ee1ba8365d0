/**
 * A use case's configuration set in one Region, with its event destinations and the
 * least-privilege roles End User Messaging assumes to write to them. The set is declared
 * with aws-native: only its `smsvoice.ConfigurationSet` can carry a Protect configuration
 * and message feedback.
 */
import * as aws from "@pulumi/aws";
import * as awsnative from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { arnForRegion, smsVoiceArn } from "../../lib/arns";
import { configurationSetNames, physicalNames } from "../../lib/naming";
import { nativeTags } from "../tags";
import { smsVoicePublishPolicy, smsVoiceTrustPolicy } from "./service-principal";
import type { EventDestinationArgs, MessageType } from "./use-case";

/** Most event destinations one configuration set holds (AWS End User Messaging SMS quotas). */
export const MAX_EVENT_DESTINATIONS = 5;

/** Arguments of {@link SmsConfigurationSet}. */
export interface SmsConfigurationSetArgs {
  /** Region of the set and of every destination it creates. Required. */
  region: string;
  /** Account (12 digits) whose End User Messaging writes the events (trust-policy condition). Required. */
  account: string;
  /** Physical name, 1–64 of `[A-Za-z0-9_-]`, unique per account and Region. Required. */
  configurationSetName: string;
  /** Default message type of sends through this set (informational: the SMS Voice v2 API sets it per send). Required. */
  defaultMessageType: MessageType;
  /** Event destinations keyed by name (at most 5), each with exactly one target. Default: none. */
  eventDestinations?: Record<string, EventDestinationArgs>;
  /** Protect configuration to associate. Default: none. */
  protectConfigurationId?: pulumi.Input<string>;
  /**
   * Turn on message feedback: every message sent through the set waits for the application
   * to report it received (`PutMessageFeedback`, e.g. when a one-time passcode is used) and
   * counts as failed when no feedback arrives within an hour. Default: false (left unset,
   * as AWS's default).
   */
  messageFeedback?: boolean;
  /** Tags on the set, its roles and the destinations it creates. Default: none. */
  tags?: Record<string, string>;
}

/** Configuration set and destinations. Token `messaging:sms:ConfigurationSet`. */
export class SmsConfigurationSet extends pulumi.ComponentResource {
  readonly configurationSet: awsnative.smsvoice.ConfigurationSet;
  readonly name: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;
  /** Roles End User Messaging assumes, by destination name (CloudWatch Logs, Firehose only). */
  readonly roles: Record<string, aws.iam.Role> = {};

  constructor(name: string, args: SmsConfigurationSetArgs, opts?: pulumi.ComponentResourceOptions) {
    super("messaging:sms:ConfigurationSet", name, {}, opts);
    const { region, account } = args;
    // The set's ARN is known before it exists, so roles can be scoped to it without a cycle.
    const setArn = smsVoiceArn(region, account, `configuration-set/${args.configurationSetName}`);
    const child = { parent: this };
    const destinationKeys = Object.keys(args.eventDestinations ?? {});
    if (destinationKeys.length > MAX_EVENT_DESTINATIONS) {
      throw new pulumi.ResourceError(
        `${name}: ${destinationKeys.length} event destinations; a configuration set holds at most ${MAX_EVENT_DESTINATIONS}, merge or remove some`,
        this,
      );
    }

    const destinations = Object.keys(args.eventDestinations ?? {})
      .sort()
      .map((key) => {
        const config = args.eventDestinations![key];
        const targets = (["sns", "cloudwatchLogs", "firehose"] as const).filter(
          (kind) => config[kind] !== undefined,
        );
        if (targets.length !== 1) {
          throw new pulumi.ResourceError(
            `${name}: event destination ${key} must name exactly one of sns, cloudwatchLogs or firehose (it names ${targets.length === 0 ? "none" : targets.join(" and ")})`,
            this,
          );
        }
        const base = {
          eventDestinationName: key,
          enabled: true,
          matchingEventTypes: [...(config.events ?? ["ALL"])].sort(),
        };
        if (config.sns) {
          let topicArn: pulumi.Input<string>;
          if (config.sns.topicArn) {
            topicArn = arnForRegion(config.sns.topicArn, region);
          } else {
            const topic = new aws.sns.Topic(
              configurationSetNames.topic(name, key),
              { region, tags: args.tags },
              child,
            );
            new aws.sns.TopicPolicy(
              configurationSetNames.topicPolicy(name, key),
              { region, arn: topic.arn, policy: smsVoicePublishPolicy(account, topic.arn) },
              child,
            );
            topicArn = topic.arn;
          }
          return { ...base, snsDestination: { topicArn } };
        }
        if (config.cloudwatchLogs) {
          const logs = config.cloudwatchLogs;
          const logGroupArn = logs.logGroupArn
            ? pulumi.output(arnForRegion(logs.logGroupArn, region))
            : new aws.cloudwatch.LogGroup(
                configurationSetNames.logGroup(name, key),
                {
                  region,
                  name: physicalNames.eventLogGroup(args.configurationSetName, key),
                  retentionInDays: logs.retentionDays ?? 365,
                  tags: args.tags,
                },
                child,
              ).arn;
          const role = this.deliveryRole(name, key, args, setArn, {
            actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            resources: logGroupArn.apply((arn) => [arn, `${arn.replace(/:\*$/, "")}:*`]),
          });
          return { ...base, cloudWatchLogsDestination: { logGroupArn, iamRoleArn: role.arn } };
        }
        const deliveryStreamArn = arnForRegion(config.firehose!.deliveryStreamArn, region);
        const role = this.deliveryRole(name, key, args, setArn, {
          actions: ["firehose:PutRecord", "firehose:PutRecordBatch"],
          resources: pulumi.output([deliveryStreamArn]),
        });
        return {
          ...base,
          kinesisFirehoseDestination: { deliveryStreamArn, iamRoleArn: role.arn },
        };
      });

    this.configurationSet = new awsnative.smsvoice.ConfigurationSet(
      configurationSetNames.set(name),
      {
        configurationSetName: args.configurationSetName,
        eventDestinations: destinations,
        protectConfigurationId: args.protectConfigurationId,
        // Unset rather than false when off: existing sets keep exactly their inputs.
        messageFeedbackEnabled: args.messageFeedback ? true : undefined,
        tags: nativeTags(args.tags ?? {}),
      },
      { parent: this },
    );
    this.name = pulumi.output(args.configurationSetName);
    this.arn = this.configurationSet.arn;
    this.registerOutputs({ name: this.name, arn: this.arn });
  }

  /** A role End User Messaging assumes for one destination, allowed only `actions` on `resources`. */
  private deliveryRole(
    name: string,
    key: string,
    args: SmsConfigurationSetArgs,
    setArn: string,
    grant: { actions: string[]; resources: pulumi.Output<string[]> },
  ): aws.iam.Role {
    const role = new aws.iam.Role(
      configurationSetNames.role(name, key),
      {
        description: `End User Messaging writes ${args.configurationSetName} events to ${key} (${args.region})`,
        assumeRolePolicy: smsVoiceTrustPolicy(args.account, setArn),
        tags: args.tags,
      },
      { parent: this },
    );
    new aws.iam.RolePolicy(
      configurationSetNames.rolePolicy(name, key),
      {
        role: role.name,
        policy: grant.resources.apply((resources) =>
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: grant.actions, Resource: resources }],
          }),
        ),
      },
      { parent: this },
    );
    this.roles[key] = role;
    return role;
  }
}
