/**
 * The CrossGuard pack. The only module that constructs `PolicyPack`: doing so starts the
 * analyzer gRPC server (and may exit the process), so nothing else may import this file.
 */
import { PolicyPack } from "@pulumi/policy";
import { all, PACK_NAME } from "./all";

new PolicyPack(PACK_NAME, {
  policies: all,
  // Every policy sets its own level; this only applies to a policy that forgot to.
  enforcementLevel: "advisory",
  description:
    "Guards an AWS End User Messaging SMS, Amazon SES and AWS RAM messaging estate: pools, originators, opt-outs, configuration sets, Protect, shares and SES delivery.",
  displayName: "Messaging estate",
  provider: "aws",
  tags: ["aws", "sms", "ses", "ram", "end-user-messaging"],
});
