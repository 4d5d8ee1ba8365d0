/**
 * String formats AWS and the carriers enforce, in one place so that config validation,
 * components and policies agree. Each pattern cites where it comes from.
 *
 * The rules the policy pack also enforces (E.164, sender ID format) live in the pack's
 * dependency-free `policies/lib/formats.ts` and are re-exported here: one source of truth.
 */
export { E164_PATTERN, senderIdProblem } from "../../policies/lib/formats";

/** 12-digit AWS account id. */
export const ACCOUNT_ID_PATTERN = /^[0-9]{12}$/;

/** `OptOutListName` and `ConfigurationSetName` in the SMS Voice v2 model: 1–64 of `[A-Za-z0-9_-]`. */
export const SMS_RESOURCE_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Keys of use cases, originators and destinations: they become resource names, so keep them DNS-like. */
export const CONFIG_KEY_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;

/** SMS Voice v2 keywords: 1–30 characters; the provider stores them upper-case (`Keyword` shape). */
export const KEYWORD_PATTERN = /^[A-Z0-9][A-Z0-9 _-]{0,28}[A-Z0-9]$|^[A-Z0-9]$/;

/** HELP/STOP/opt-in replies must be 20–160 characters (digest §3.2; carriers' rule). */
export const KEYWORD_REPLY_MIN = 20;
export const KEYWORD_REPLY_MAX = 160;

/**
 * A RAM principal that is a whole organization or one organizational unit:
 * `arn:aws:organizations::<management account>:organization/o-…` or `…:ou/o-…/ou-…`
 * (the `organizations` ARN formats in the AWS Service Authorization Reference).
 */
export const ORGANIZATION_PRINCIPAL_PATTERN =
  /^arn:(aws|aws-cn|aws-us-gov):organizations::[0-9]{12}:(organization\/o-[a-z0-9]{10,32}|ou\/o-[a-z0-9]{10,32}\/ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;

/**
 * An IAM role ARN; the account is the fifth field. A role's path is `/`-separated segments
 * of up to 512 characters in all, its name 1–64 of `\w+=,.@-` (IAM API Reference, `Role`).
 */
export const IAM_ROLE_ARN_PATTERN =
  /^arn:(aws|aws-cn|aws-us-gov):iam::[0-9]{12}:role\/(?=[\w+=,.@/-]{1,576}$)(?:[\w+=,.@-]+\/){0,64}[\w+=,.@-]{1,64}$/;

/**
 * What offline tools (preview, check, failover) read in place of a value encrypted with
 * `pulumi config set --secret`: they hold no key to decrypt it. The Pulumi CLI decrypts
 * before the program runs, so a real deployment never sees this string. Fields meant to
 * hold personal data (Protect override numbers) accept it; elsewhere it fails validation.
 */
export const ENCRYPTED_CONFIG_VALUE = "[encrypted]";
