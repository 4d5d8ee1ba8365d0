/**
 * One email use case (e.g. transactional receipts, marketing offers) in one Region: its
 * SES configuration set, which pins the use case to its dedicated IP pool, and the event
 * destinations that send its bounces and complaints to the Region's feedback topics.
 *
 * Senders name the configuration set on every send (or rely on their identity's default
 * set), so everything a use case must always do lives on the set: send through its own
 * pool, refuse to deliver without TLS, keep reputation metrics, and suppress addresses
 * that bounced or complained.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { FEEDBACK_EVENT_TYPE, FEEDBACK_KINDS, type FeedbackKind } from "./feedback-queues";

/** Arguments of {@link SesSendingUseCase}. */
export interface SesSendingUseCaseArgs {
  /** AWS Region of the configuration set. Required. */
  region: string;
  /** Physical configuration set name (1–64 letters, digits, `-`, `_`), unique per account and Region. Required. */
  configurationSetName: string;
  /** Pool every message of the use case is sent from (pass the pool's output so the set waits for it). Required. */
  sendingPoolName: pulumi.Input<string>;
  /** Feedback topics per kind; bounces and complaints each go to their own. Required. */
  feedbackTopicArns: Record<FeedbackKind, pulumi.Input<string>>;
  /**
   * `REQUIRE` (never deliver over plaintext) or `OPTIONAL`. Default: "REQUIRE"; mailbox
   * providers all speak TLS, so a message that cannot be encrypted is better bounced.
   */
  tlsPolicy?: "REQUIRE" | "OPTIONAL";
  /**
   * Reasons for which SES adds recipients to the account's suppression list automatically.
   * Default: ["BOUNCE", "COMPLAINT"]: a hard bounce or a complaint must never be mailed again
   * (digest §10.6).
   */
  suppressedReasons?: Array<"BOUNCE" | "COMPLAINT">;
  /** Tags on the configuration set. Default: none. */
  tags?: Record<string, string>;
}

/** Configuration set and feedback destinations of a use case. Token `messaging:ses:SendingUseCase`. */
export class SesSendingUseCase extends pulumi.ComponentResource {
  readonly configurationSet: aws.sesv2.ConfigurationSet;
  readonly eventDestinations: Record<FeedbackKind, aws.sesv2.ConfigurationSetEventDestination>;
  readonly configurationSetName: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;

  constructor(name: string, args: SesSendingUseCaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super("messaging:ses:SendingUseCase", name, {}, opts);
    const { region } = args;
    this.configurationSet = new aws.sesv2.ConfigurationSet(
      `${name}-set`,
      {
        region,
        configurationSetName: args.configurationSetName,
        deliveryOptions: {
          sendingPoolName: args.sendingPoolName,
          tlsPolicy: args.tlsPolicy ?? "REQUIRE",
        },
        reputationOptions: { reputationMetricsEnabled: true },
        sendingOptions: { sendingEnabled: true },
        suppressionOptions: {
          suppressedReasons: [...(args.suppressedReasons ?? ["BOUNCE", "COMPLAINT"])].sort(),
        },
        tags: args.tags,
      },
      { parent: this },
    );
    this.configurationSetName = this.configurationSet.configurationSetName;
    this.arn = this.configurationSet.arn;

    const destinations = {} as Record<FeedbackKind, aws.sesv2.ConfigurationSetEventDestination>;
    for (const kind of FEEDBACK_KINDS) {
      destinations[kind] = new aws.sesv2.ConfigurationSetEventDestination(
        `${name}-${kind}`,
        {
          region,
          configurationSetName: this.configurationSetName,
          eventDestinationName: kind,
          eventDestination: {
            enabled: true,
            matchingEventTypes: [FEEDBACK_EVENT_TYPE[kind]],
            snsDestination: { topicArn: args.feedbackTopicArns[kind] },
          },
        },
        { parent: this },
      );
    }
    this.eventDestinations = destinations;
    this.registerOutputs({ configurationSetName: this.configurationSetName, arn: this.arn });
  }
}
