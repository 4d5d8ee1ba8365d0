/**
 * The IAM policy document an application role needs to send one use case with the
 * application client (client/): read the use case's pointer in every Region (a service reads
 * the copy in its own Region, and may run in any), and send through every Region's pool and
 * configuration set (the pointer may name any of them after a failover). The resources are
 * the two a `SendTextMessage` request names: the pool (`OriginationIdentity`) and the
 * configuration set. Pure, so it can be tested without Pulumi.
 */

/** What a use case sends with in one Region. */
export interface SendingResources {
  /** `arn:<partition>:sms-voice:<region>:<account>:pool/<id>`. */
  readonly poolArn: string;
  readonly configurationSetArn: string;
}

/** An IAM policy document. */
export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly {
    readonly Sid: string;
    readonly Effect: "Allow";
    readonly Action: readonly string[];
    readonly Resource: readonly string[];
  }[];
}

/**
 * The document for one use case.
 *
 * @param pointerName the pointer parameter's name (`/messaging/<namePrefix>/<useCase>/active`)
 * @param byRegion the sending resources per Region of the estate
 */
export function applicationPolicy(
  pointerName: string,
  byRegion: Readonly<Record<string, SendingResources>>,
): PolicyDocument {
  const regions = Object.keys(byRegion).sort();
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ReadTheUseCasePointer",
        Effect: "Allow",
        Action: ["ssm:GetParameter"],
        Resource: regions.map((region) => {
          // The pool's ARN carries the partition and account the parameter lives in.
          const [, partition, , , account] = byRegion[region].poolArn.split(":");
          return `arn:${partition}:ssm:${region}:${account}:parameter${pointerName}`;
        }),
      },
      {
        Sid: "SendThroughEveryRegion",
        Effect: "Allow",
        Action: ["sms-voice:SendTextMessage"],
        Resource: regions.flatMap((region) => [
          byRegion[region].poolArn,
          byRegion[region].configurationSetArn,
        ]),
      },
    ],
  };
}
