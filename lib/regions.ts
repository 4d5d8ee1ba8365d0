/**
 * AWS Regions where AWS End User Messaging SMS (the `sms-voice` v2 API) has a regional
 * endpoint.
 *
 * Provenance: AWS General Reference, "AWS End User Messaging SMS endpoints and quotas"
 * (endpoint table for `sms-voice.<region>.amazonaws.com`), as listed in November 2026.
 * Add a Region here when AWS launches the service there; the config validator rejects
 * any other name so that a typo (`us-east1`) fails before a single resource is declared.
 */
export const SMS_REGIONS: readonly string[] = [
  "af-south-1",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ca-central-1",
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "sa-east-1",
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
  "us-gov-east-1",
  "us-gov-west-1",
];

const SMS_REGION_SET = new Set(SMS_REGIONS);

/** True when `region` is a Region with an End User Messaging SMS endpoint. */
export function isSmsRegion(region: string): boolean {
  return SMS_REGION_SET.has(region);
}

/** The ARN partition a Region belongs to (`aws`, `aws-us-gov` or `aws-cn`). */
export function partitionOf(region: string): string {
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("cn-")) return "aws-cn";
  return "aws";
}
