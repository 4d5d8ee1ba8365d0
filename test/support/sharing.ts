/**
 * Test support for RAM sharing: resource tokens, a secondary account to add to
 * `minimalEstate()`, and lookups over recorded resources.
 */
import type { RecordedResource } from "../../engine/recording-monitor";
import { minimalEstate } from "./estate";

export const RAM = {
  share: "aws:ram/resourceShare:ResourceShare",
  resourceAssociation: "aws:ram/resourceAssociation:ResourceAssociation",
  principalAssociation: "aws:ram/principalAssociation:PrincipalAssociation",
  accepter: "aws:ram/resourceShareAccepter:ResourceShareAccepter",
  awsProvider: "pulumi:providers:aws",
  nativeProvider: "pulumi:providers:aws-native",
  protectConfiguration: "aws-native:smsvoice:ProtectConfiguration",
} as const;

export const OWNER = "111122223333";
export const SECONDARY = "444455556666";
export const SECONDARY_ROLE = `arn:aws:iam::${SECONDARY}:role/messaging-deployer`;
export const OU = "arn:aws:organizations::999988887777:ou/o-abcdefghij/ou-ab12-cdefghij";

/** A secondary account in the organization that receives otp in both Regions, declared by the stack. */
export function drSender(): Record<string, unknown> {
  return {
    account: SECONDARY,
    roleArn: SECONDARY_ROLE,
    regions: { "us-east-1": { useCases: ["otp"] }, "us-west-2": { useCases: ["otp"] } },
  };
}

/** `minimalEstate()` with these secondary accounts. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function estateSharing(secondaryAccounts: Record<string, unknown>): any {
  return { ...minimalEstate(), secondaryAccounts };
}

/** The region and account fields of an ARN. */
export function arnParts(arn: string): { region: string; account: string; resource: string } {
  const [, , , region, account, ...rest] = arn.split(":");
  return { region, account, resource: rest.join(":") };
}

/** The share a RAM association or accepter points at. */
export function shareOf(resources: RecordedResource[], r: RecordedResource): RecordedResource {
  const arn = (r.inputs.resourceShareArn ?? r.inputs.shareArn) as string;
  const found = resources.filter((s) => s.type === RAM.share && s.outputs.arn === arn);
  if (found.length !== 1)
    throw new Error(`${r.name}: expected one share ${arn}, found ${found.length}`);
  return found[0];
}

/** ARNs associated with a share, by the share's logical name. */
export function sharedArns(resources: RecordedResource[], share: RecordedResource): string[] {
  return resources
    .filter(
      (r) => r.type === RAM.resourceAssociation && r.inputs.resourceShareArn === share.outputs.arn,
    )
    .map((r) => r.inputs.resourceArn as string)
    .sort();
}

/** Principals granted a share. */
export function principalsOf(resources: RecordedResource[], share: RecordedResource): string[] {
  return resources
    .filter(
      (r) => r.type === RAM.principalAssociation && r.inputs.resourceShareArn === share.outputs.arn,
    )
    .map((r) => r.inputs.principal as string)
    .sort();
}
