/**
 * Resource type tokens the pack checks, for both providers that can declare each thing.
 * Policies match on these strings rather than on provider classes, so the pack needs
 * neither `@pulumi/aws` nor `@pulumi/aws-native` installed (it stays small and publishable).
 */

/** `@pulumi/aws` tokens. */
export const AWS = {
  phoneNumber: "aws:pinpoint/smsvoicev2PhoneNumber:Smsvoicev2PhoneNumber",
  senderId: "aws:pinpoint/smsvoicev2SenderId:Smsvoicev2SenderId",
  pool: "aws:pinpoint/smsvoicev2Pool:Smsvoicev2Pool",
  optOutList: "aws:pinpoint/smsvoicev2OptOutList:Smsvoicev2OptOutList",
  keyword: "aws:pinpoint/smsvoicev2Keyword:Smsvoicev2Keyword",
  configurationSet: "aws:pinpoint/smsvoicev2ConfigurationSet:Smsvoicev2ConfigurationSet",
  eventDestination: "aws:pinpoint/smsvoicev2EventDestination:Smsvoicev2EventDestination",
  iamRole: "aws:iam/role:Role",
  ramShare: "aws:ram/resourceShare:ResourceShare",
  ramResourceAssociation: "aws:ram/resourceAssociation:ResourceAssociation",
  ramPrincipalAssociation: "aws:ram/principalAssociation:PrincipalAssociation",
  sesConfigurationSet: "aws:ses/configurationSet:ConfigurationSet",
  sesv2ConfigurationSet: "aws:sesv2/configurationSet:ConfigurationSet",
  sesv2DedicatedIpPool: "aws:sesv2/dedicatedIpPool:DedicatedIpPool",
} as const;

/** `@pulumi/aws-native` tokens (CloudFormation shapes; no per-resource region). */
export const NATIVE = {
  phoneNumber: "aws-native:smsvoice:PhoneNumber",
  senderId: "aws-native:smsvoice:SenderId",
  pool: "aws-native:smsvoice:Pool",
  optOutList: "aws-native:smsvoice:OptOutList",
  configurationSet: "aws-native:smsvoice:ConfigurationSet",
  protectConfiguration: "aws-native:smsvoice:ProtectConfiguration",
  iamRole: "aws-native:iam:Role",
  ramShare: "aws-native:ram:ResourceShare",
  sesConfigurationSet: "aws-native:ses:ConfigurationSet",
  sesDedicatedIpPool: "aws-native:ses:DedicatedIpPool",
} as const;

export const PHONE_NUMBER_TYPES: readonly string[] = [AWS.phoneNumber, NATIVE.phoneNumber];
export const SENDER_ID_TYPES: readonly string[] = [AWS.senderId, NATIVE.senderId];
export const POOL_TYPES: readonly string[] = [AWS.pool, NATIVE.pool];
export const OPT_OUT_LIST_TYPES: readonly string[] = [AWS.optOutList, NATIVE.optOutList];
/** Originators: what AWS leases to the account and cannot give back once released. */
export const ORIGINATOR_TYPES: readonly string[] = [...PHONE_NUMBER_TYPES, ...SENDER_ID_TYPES];
export const SMS_CONFIGURATION_SET_TYPES: readonly string[] = [
  AWS.configurationSet,
  NATIVE.configurationSet,
];
export const IAM_ROLE_TYPES: readonly string[] = [AWS.iamRole, NATIVE.iamRole];
export const RAM_SHARE_TYPES: readonly string[] = [AWS.ramShare, NATIVE.ramShare];
export const SES_CONFIGURATION_SET_TYPES: readonly string[] = [
  AWS.sesConfigurationSet,
  AWS.sesv2ConfigurationSet,
  NATIVE.sesConfigurationSet,
];
