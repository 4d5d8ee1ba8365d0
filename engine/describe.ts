/**
 * Human-facing summaries of recorded resources: a short type label and the properties a
 * reviewer looks at first for each resource type.
 */
import type { RecordedResource } from "./recording-monitor";

/** `aws:pinpoint/smsvoicev2PhoneNumber:Smsvoicev2PhoneNumber` → `Smsvoicev2PhoneNumber`. */
export function shortType(type: string): string {
  return type.split(":").pop() ?? type;
}

const onOff = (value: unknown) => (value === true ? "on" : value === false ? "off" : "unset");

/** Key properties of a resource as `key=value` pairs, empty when nothing stands out. */
export function keyProperties(record: RecordedResource): string[] {
  const i = record.inputs as Record<string, unknown>;
  const guard = record.protect ? ["protected"] : [];
  switch (record.type) {
    case "aws:pinpoint/smsvoicev2PhoneNumber:Smsvoicev2PhoneNumber":
      return [
        `country=${i.isoCountryCode}`,
        `type=${i.numberType}`,
        `message=${i.messageType}`,
        `opt-out-list=${i.optOutListName ?? "Default"}`,
        `deletion-protection=${onOff(i.deletionProtectionEnabled)}`,
        ...guard,
      ];
    case "aws:pinpoint/smsvoicev2SenderId:Smsvoicev2SenderId":
      return [
        `sender-id=${i.senderId}`,
        `country=${i.isoCountryCode}`,
        `deletion-protection=${onOff(i.deletionProtectionEnabled)}`,
        ...guard,
      ];
    case "aws:pinpoint/smsvoicev2Pool:Smsvoicev2Pool":
      return [
        `message=${i.messageType}`,
        `shared-routes=${onOff(i.sharedRoutesEnabled)}`,
        `opt-out-list=${i.optOutListName ?? "Default"}`,
        `members=${Array.isArray(i.originationIdentities) ? i.originationIdentities.length : 0}`,
        `two-way=${onOff(i.twoWayEnabled)}`,
        `deletion-protection=${onOff(i.deletionProtectionEnabled)}`,
      ];
    case "aws:pinpoint/smsvoicev2OptOutList:Smsvoicev2OptOutList":
      return [`name=${i.name}`, ...guard];
    case "aws:pinpoint/smsvoicev2Keyword:Smsvoicev2Keyword":
      return [`keyword=${i.keyword}`, `action=${i.keywordAction ?? "mandatory"}`];
    case "aws-native:smsvoice:ConfigurationSet": {
      const destinations =
        (i.eventDestinations as Array<Record<string, unknown>> | undefined) ?? [];
      return [
        `name=${i.configurationSetName}`,
        `destinations=${destinations.map((d) => d.eventDestinationName).join(",") || "none"}`,
        ...(i.protectConfigurationId ? [`protect-configuration=${i.protectConfigurationId}`] : []),
      ];
    }
    case "aws-native:smsvoice:ProtectConfiguration": {
      const sms = (
        (i.countryRuleSet as { sms?: Array<{ protectStatus: string }> } | undefined)?.sms ?? []
      ).map((rule) => rule.protectStatus);
      const count = (status: string) => sms.filter((s) => s === status).length;
      return [
        `sms: blocked=${count("BLOCK")}`,
        `filter=${count("FILTER")}`,
        `monitor=${count("MONITOR")}`,
        `allow=${count("ALLOW")}`,
        `deletion-protection=${onOff(i.deletionProtectionEnabled)}`,
      ];
    }
    default:
      return guard;
  }
}
