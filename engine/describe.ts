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

/** `kind=pool resource=pool-…` from a shared resource's ARN (`…:sms-voice:<region>:<account>:<kind>/<id>`). */
function sharedResource(arn: unknown): string[] {
  if (typeof arn !== "string") return ["kind=unknown"];
  const resource = arn.split(":").slice(5).join(":");
  const slash = resource.indexOf("/");
  return slash < 0
    ? [`kind=${resource}`]
    : [`kind=${resource.slice(0, slash)}`, `resource=${resource.slice(slash + 1)}`];
}

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
    case "aws:sesv2/dedicatedIpPool:DedicatedIpPool":
      return [`pool=${i.poolName}`, `scaling=${i.scalingMode ?? "unset"}`, ...guard];
    case "aws:sesv2/dedicatedIpAssignment:DedicatedIpAssignment":
      return [`ip=${i.ip}`, `pool=${i.destinationPoolName}`];
    case "aws:sesv2/configurationSet:ConfigurationSet": {
      const delivery = (i.deliveryOptions ?? {}) as Record<string, unknown>;
      const reputation = (i.reputationOptions ?? {}) as { reputationMetricsEnabled?: boolean };
      const suppression = (i.suppressionOptions ?? {}) as { suppressedReasons?: string[] };
      const suppressed = (suppression.suppressedReasons ?? []).join(",") || "none";
      return [
        `name=${i.configurationSetName}`,
        `pool=${delivery.sendingPoolName ?? "shared"}`,
        `tls=${delivery.tlsPolicy ?? "OPTIONAL"}`,
        `reputation-metrics=${onOff(reputation.reputationMetricsEnabled)}`,
        `suppress=${suppressed}`,
      ];
    }
    case "aws:sesv2/emailIdentity:EmailIdentity": {
      const dkim = (i.dkimSigningAttributes ?? {}) as Record<string, unknown>;
      return [
        `identity=${i.emailIdentity}`,
        `dkim=${dkim.domainSigningSelector ? "BYODKIM" : `easy-${dkim.nextSigningKeyLength ?? "default"}`}`,
        `configuration-set=${i.configurationSetName ?? "none"}`,
      ];
    }
    case "aws:sesv2/configurationSetEventDestination:ConfigurationSetEventDestination": {
      const destination = (i.eventDestination ?? {}) as { matchingEventTypes?: string[] };
      return [
        `set=${i.configurationSetName}`,
        `events=${(destination.matchingEventTypes ?? []).join(",")}`,
      ];
    }
    case "aws:sqs/queue:Queue": {
      const redrive =
        typeof i.redrivePolicy === "string"
          ? (JSON.parse(i.redrivePolicy) as { maxReceiveCount?: number })
          : undefined;
      const days =
        typeof i.messageRetentionSeconds === "number"
          ? `${i.messageRetentionSeconds / 86_400}d`
          : "default";
      return [
        redrive ? `dead-letter-after=${redrive.maxReceiveCount}-receives` : "redrive=none",
        `retention=${days}`,
      ];
    }
    case "aws:cloudwatch/metricAlarm:MetricAlarm":
      return [
        `metric=${i.namespace}/${i.metricName}`,
        `${i.comparisonOperator === "GreaterThanOrEqualToThreshold" ? ">=" : (i.comparisonOperator ?? "?")}${i.threshold}`,
      ];
    case "aws:ram/resourceShare:ResourceShare":
      return [`name=${i.name}`, `allow-external-principals=${onOff(i.allowExternalPrincipals)}`];
    case "aws:ram/resourceAssociation:ResourceAssociation":
      return sharedResource(i.resourceArn);
    case "aws:ram/principalAssociation:PrincipalAssociation":
      return [`principal=${i.principal}`];
    case "aws:ram/resourceShareAccepter:ResourceShareAccepter":
      return [`share=${typeof i.shareArn === "string" ? i.shareArn : "unknown"}`];
    case "aws:ssm/parameter:Parameter": {
      // Active-region pointers carry JSON naming the Region a use case sends from.
      let active: string | undefined;
      try {
        active = (JSON.parse(String(i.insecureValue)) as { region?: string }).region;
      } catch {
        active = undefined;
      }
      return [`name=${i.name}`, ...(active ? [`active=${active}`] : [])];
    }
    case "pulumi-nodejs:dynamic/protect:AccountDefaultProtectConfiguration":
      return [`default=${i.protectConfigurationId}`];
    case "pulumi-nodejs:dynamic/protect:TextMessageSpendLimitOverride":
      return [`monthly-limit=$${i.monthlyLimit}`];
    case "pulumi-nodejs:dynamic/protect:ProtectNumberOverride":
      return [
        // Personal data: the preview never prints the number.
        "number=(secret)",
        `action=${i.action}`,
        `expires=${i.expirationTimestamp ?? "never"}`,
        `configuration=${i.protectConfigurationId}`,
      ];
    case "pulumi-nodejs:dynamic/sms:Registration":
      return [
        `type=${i.registrationType}`,
        `fields=${Object.keys((i.fields as object | undefined) ?? {}).length}`,
        i.submit === true ? "submit" : "draft (submit: false)",
      ];
    case "pulumi-nodejs:dynamic/ses:ScalingModeGuard":
      return [`pool=${i.poolName}`, `holds-scaling=${i.scalingMode}`];
    case "aws:lambda/function:Function":
      return [`name=${i.name}`, `handler=${i.handler}`, `runtime=${i.runtime}`];
    case "aws:cloudwatch/eventRule:EventRule":
      return i.scheduleExpression ? [`schedule=${i.scheduleExpression}`] : [];
    default:
      return guard;
  }
}

/** SMS statuses of an aws-native protect configuration's country rules. */
function smsStatuses(record: RecordedResource): string[] {
  const rules = (record.inputs.countryRuleSet as { sms?: Array<{ protectStatus: string }> })?.sms;
  return (rules ?? []).map((rule) => rule.protectStatus);
}

/**
 * One line for a component, from its children, where a component sums up what a reviewer
 * asks of it; empty otherwise. A Region's Protect layer says how many countries are
 * blocked outright (by the account-level configuration) and which use cases filter or monitor.
 */
export function componentSummary(
  component: RecordedResource,
  children: readonly RecordedResource[],
): string[] {
  if (component.type !== "messaging:protect:RegionProtect") return [];
  const configurations = children.filter(
    (c) => c.type === "aws-native:smsvoice:ProtectConfiguration",
  );
  const prefix = `${component.name}-`;
  const useCase = (c: RecordedResource) => c.name.slice(prefix.length);
  const account = configurations.find((c) => useCase(c) === "account");
  const perUseCase = configurations.filter((c) => c !== account);
  const using = (status: string) =>
    perUseCase
      .filter((c) => smsStatuses(c).includes(status))
      .map(useCase)
      .sort()
      .join(",") || "none";
  const blocked = account ? smsStatuses(account).filter((s) => s === "BLOCK").length : 0;
  const defaults = children.some(
    (c) => c.type === "pulumi-nodejs:dynamic/protect:AccountDefaultProtectConfiguration",
  );
  return [
    `countries-blocked=${blocked}`,
    `filter=${using("FILTER")}`,
    `monitor=${using("MONITOR")}`,
    `account-default=${defaults ? "set" : "not-set"}`,
  ];
}
