/**
 * Trust and resource policies that let AWS End User Messaging act for one account only.
 * Every grant carries `aws:SourceAccount` (and `aws:SourceArn` where the resource is known)
 * so that another account's messaging resources cannot use our role or topic: the
 * confused-deputy guard AWS recommends for service principals.
 */
import * as pulumi from "@pulumi/pulumi";

/** Service principal of AWS End User Messaging SMS. */
export const SMS_VOICE_PRINCIPAL = "sms-voice.amazonaws.com";

/** Trust policy letting `sms-voice` assume a role, only for `account` (and `sourceArn` if given). */
export function smsVoiceTrustPolicy(
  account: string,
  sourceArn?: pulumi.Input<string>,
): pulumi.Output<string> {
  return pulumi.output(sourceArn).apply((arn) =>
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: SMS_VOICE_PRINCIPAL },
          Action: "sts:AssumeRole",
          Condition: {
            StringEquals: { "aws:SourceAccount": account },
            ...(arn ? { ArnLike: { "aws:SourceArn": arn } } : {}),
          },
        },
      ],
    }),
  );
}

/** Topic policy letting `sms-voice` of `account` publish to `topicArn`. */
export function smsVoicePublishPolicy(
  account: string,
  topicArn: pulumi.Input<string>,
): pulumi.Output<string> {
  return pulumi.output(topicArn).apply((arn) =>
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AllowEndUserMessagingPublish",
          Effect: "Allow",
          Principal: { Service: SMS_VOICE_PRINCIPAL },
          Action: "sns:Publish",
          Resource: arn,
          Condition: { StringEquals: { "aws:SourceAccount": account } },
        },
      ],
    }),
  );
}
