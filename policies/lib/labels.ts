/**
 * Human names of resource types for violation messages.
 */
import { AWS, NATIVE } from "./types";

const LABELS: Record<string, string> = {
  [AWS.phoneNumber]: "Phone number",
  [NATIVE.phoneNumber]: "Phone number",
  [AWS.senderId]: "Sender ID",
  [NATIVE.senderId]: "Sender ID",
  [AWS.pool]: "Pool",
  [NATIVE.pool]: "Pool",
  [AWS.optOutList]: "Opt-out list",
  [NATIVE.optOutList]: "Opt-out list",
  [AWS.configurationSet]: "Configuration set",
  [NATIVE.configurationSet]: "Configuration set",
  [NATIVE.protectConfiguration]: "Protect configuration",
  [AWS.ramShare]: "Resource share",
  [NATIVE.ramShare]: "Resource share",
  [AWS.sesConfigurationSet]: "SES configuration set",
  [AWS.sesv2ConfigurationSet]: "SES configuration set",
  [NATIVE.sesConfigurationSet]: "SES configuration set",
};

/** "Phone number", "Pool"...; the type's last segment for anything else. */
export function labelOf(type: string): string {
  return LABELS[type] ?? type.split(":").pop() ?? type;
}
