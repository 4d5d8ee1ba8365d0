/**
 * AWS STS (`sts`, AWS Query protocol): `GetCallerIdentity`, answering with the identity the
 * request's access key stands for, so tools can record who acted.
 */
import type { OperationContext, OperationHandler, ServiceDefinition } from "./service";

function getCallerIdentity({ state, accessKeyId }: OperationContext): Record<string, unknown> {
  const arn = state.callerArn(accessKeyId);
  return { UserId: `AIDA${accessKeyId.toUpperCase()}`, Account: state.accountId, Arn: arn };
}

const operations: Record<string, OperationHandler> = {
  GetCallerIdentity: getCallerIdentity,
};

/** STS as the endpoint speaks it. */
export const stsService: ServiceDefinition = {
  targetPrefix: "",
  signingName: "sts",
  internalErrorType: "InternalFailure",
  operations,
  protocol: "query",
  xmlNamespace: "https://sts.amazonaws.com/doc/2011-06-15/",
};
