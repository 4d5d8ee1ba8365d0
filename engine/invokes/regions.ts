/**
 * What AWS reports about its Regions: partition, DNS suffix, display name and Availability
 * Zones (as `ec2:DescribeRegions` and `ec2:DescribeAvailabilityZones` describe them).
 */

/** The partition a Region belongs to. */
export function partitionFor(region: string): string {
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-iso-")) return "aws-iso";
  if (region.startsWith("us-isob-")) return "aws-iso-b";
  if (region.startsWith("eu-isoe-")) return "aws-iso-e";
  if (region.startsWith("us-isof-")) return "aws-iso-f";
  return "aws";
}

/** DNS suffix and reverse DNS prefix of a partition. */
export function partitionDns(partition: string): { dnsSuffix: string; reverseDnsPrefix: string } {
  switch (partition) {
    case "aws-cn":
      return { dnsSuffix: "amazonaws.com.cn", reverseDnsPrefix: "cn.com.amazonaws" };
    case "aws-iso":
      return { dnsSuffix: "c2s.ic.gov", reverseDnsPrefix: "gov.ic.c2s" };
    case "aws-iso-b":
      return { dnsSuffix: "sc2s.sgov.gov", reverseDnsPrefix: "gov.sgov.sc2s" };
    case "aws-iso-e":
      return { dnsSuffix: "cloud.adc-e.uk", reverseDnsPrefix: "uk.adc-e.cloud" };
    case "aws-iso-f":
      return { dnsSuffix: "csp.hci.ic.gov", reverseDnsPrefix: "gov.ic.hci.csp" };
    default:
      return { dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
  }
}

/** Display names and Availability Zone counts of the commercial, GovCloud and China Regions. */
const REGIONS: Record<string, { description: string; zones: number }> = {
  "us-east-1": { description: "US East (N. Virginia)", zones: 6 },
  "us-east-2": { description: "US East (Ohio)", zones: 3 },
  "us-west-1": { description: "US West (N. California)", zones: 2 },
  "us-west-2": { description: "US West (Oregon)", zones: 4 },
  "af-south-1": { description: "Africa (Cape Town)", zones: 3 },
  "ap-east-1": { description: "Asia Pacific (Hong Kong)", zones: 3 },
  "ap-south-1": { description: "Asia Pacific (Mumbai)", zones: 3 },
  "ap-south-2": { description: "Asia Pacific (Hyderabad)", zones: 3 },
  "ap-southeast-1": { description: "Asia Pacific (Singapore)", zones: 3 },
  "ap-southeast-2": { description: "Asia Pacific (Sydney)", zones: 3 },
  "ap-southeast-3": { description: "Asia Pacific (Jakarta)", zones: 3 },
  "ap-southeast-4": { description: "Asia Pacific (Melbourne)", zones: 3 },
  "ap-northeast-1": { description: "Asia Pacific (Tokyo)", zones: 3 },
  "ap-northeast-2": { description: "Asia Pacific (Seoul)", zones: 4 },
  "ap-northeast-3": { description: "Asia Pacific (Osaka)", zones: 3 },
  "ca-central-1": { description: "Canada (Central)", zones: 3 },
  "ca-west-1": { description: "Canada West (Calgary)", zones: 3 },
  "eu-central-1": { description: "Europe (Frankfurt)", zones: 3 },
  "eu-central-2": { description: "Europe (Zurich)", zones: 3 },
  "eu-west-1": { description: "Europe (Ireland)", zones: 3 },
  "eu-west-2": { description: "Europe (London)", zones: 3 },
  "eu-west-3": { description: "Europe (Paris)", zones: 3 },
  "eu-north-1": { description: "Europe (Stockholm)", zones: 3 },
  "eu-south-1": { description: "Europe (Milan)", zones: 3 },
  "eu-south-2": { description: "Europe (Spain)", zones: 3 },
  "il-central-1": { description: "Israel (Tel Aviv)", zones: 3 },
  "me-south-1": { description: "Middle East (Bahrain)", zones: 3 },
  "me-central-1": { description: "Middle East (UAE)", zones: 3 },
  "sa-east-1": { description: "South America (Sao Paulo)", zones: 3 },
  "us-gov-east-1": { description: "AWS GovCloud (US-East)", zones: 3 },
  "us-gov-west-1": { description: "AWS GovCloud (US-West)", zones: 3 },
  "cn-north-1": { description: "China (Beijing)", zones: 3 },
  "cn-northwest-1": { description: "China (Ningxia)", zones: 3 },
};

/** The Region's display name, or undefined for a Region this table does not know. */
export function regionDescription(region: string): string | undefined {
  return REGIONS[region]?.description;
}

/** `us-east-1` → `use1`, the prefix of zone ids. */
function zoneIdPrefix(region: string): string {
  const [area, direction, number] = region.replace(/^us-gov-/, "usg-").split("-");
  const letters = direction
    .replace("northeast", "ne")
    .replace("northwest", "nw")
    .replace("southeast", "se")
    .replace("southwest", "sw")
    .replace("central", "c")
    .replace("north", "n")
    .replace("south", "s")
    .replace("east", "e")
    .replace("west", "w");
  return `${area}${letters}${number}`;
}

/**
 * The Region's Availability Zones (names `<region>a`…, ids `<prefix>-az1`…), or undefined
 * for a Region this table does not know. Zone ids map to names per account in AWS; here
 * they follow the names' order.
 */
export function availabilityZones(
  region: string,
): { names: string[]; zoneIds: string[] } | undefined {
  const known = REGIONS[region];
  if (!known) return undefined;
  const names: string[] = [];
  const zoneIds: string[] = [];
  for (let i = 0; i < known.zones; i++) {
    names.push(`${region}${String.fromCharCode(97 + i)}`);
    zoneIds.push(`${zoneIdPrefix(region)}-az${i + 1}`);
  }
  return { names, zoneIds };
}
