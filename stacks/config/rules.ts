/**
 * Rules that relate config values to each other: Region roles, references between use
 * cases and originators, message-type consistency, and coverage (every use case can reach
 * every one of its countries from every Region of the estate). Single-value rules are in
 * `schema.ts`.
 */
import { orderedRegions } from "../../lib/active-regions";
import { own } from "../../lib/own";
import { checkCarrierRules } from "./carrier-rules";
import { ENCRYPTED_CONFIG_VALUE } from "./formats";
import type { ConfigIssue } from "./issues";
import { isSmsRegion, partitionOf, SMS_REGIONS } from "./regions";
import { REGION_PLACEHOLDER, type EstateConfig, type MessageType } from "./schema";
import { checkOptOutRules } from "./opt-out-rules";
import { checkRegistrationRules } from "./registration-rules";
import { checkSharing } from "./sharing";
import { oneOf, quote } from "./text";

/** A pool member or spare, normalised across phone numbers, sender IDs and adopted originators. */
export interface OriginatorSummary {
  region: string;
  key: string;
  section: "phoneNumbers" | "senderIds" | "existingOriginators";
  useCase: string;
  spare: boolean;
  countries: string[];
  messageTypes: MessageType[] | undefined;
  twoWayCapable: boolean;
}

/** Every originator of one Region's config, in a common shape. */
export function summariseOriginators(config: EstateConfig, region: string): OriginatorSummary[] {
  const block = own(config.regions, region);
  if (!block) return [];
  const out: OriginatorSummary[] = [];
  for (const [key, number] of Object.entries(block.phoneNumbers)) {
    out.push({
      region,
      key,
      section: "phoneNumbers",
      useCase: number.useCase,
      spare: number.spare,
      countries: [number.country],
      messageTypes: number.messageType ? [number.messageType] : undefined,
      twoWayCapable: true,
    });
  }
  for (const [key, sender] of Object.entries(block.senderIds)) {
    out.push({
      region,
      key,
      section: "senderIds",
      useCase: sender.useCase,
      spare: sender.spare,
      countries: sender.countries,
      messageTypes: sender.messageTypes,
      twoWayCapable: false, // sender IDs are one-way only (digest §1.5)
    });
  }
  for (const [key, existing] of Object.entries(block.existingOriginators)) {
    out.push({
      region,
      key,
      section: "existingOriginators",
      useCase: existing.useCase,
      spare: existing.spare,
      countries: existing.countries,
      messageTypes: existing.messageType ? [existing.messageType] : undefined,
      twoWayCapable: existing.kind === "phoneNumber",
    });
  }
  return out;
}

/**
 * Primary first, then the standbys in alphabetical order, whatever order the config lists
 * them in: this list reaches resource inputs (the opt-out functions' settings), so its
 * order must not depend on how the YAML is written.
 */
export function estateRegions(config: EstateConfig): string[] {
  return orderedRegions(config.primaryRegion, config.standbyRegions);
}

/** Checks every cross-field rule and returns all problems found (empty when valid). */
export function checkEstateRules(config: EstateConfig): ConfigIssue[] {
  return [
    ...checkRegionRoles(config),
    ...checkUseCases(config),
    ...checkOriginators(config),
    ...checkCoverage(config),
    ...checkProtect(config),
    ...checkPartitions(config),
    ...checkSharing(config, estateRegions(config)),
    ...checkOptOutRules(config),
    ...checkCarrierRules(config),
    ...checkRegistrationRules(config),
  ];
}

function checkRegionRoles(config: EstateConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const seen = new Set<string>();
  config.standbyRegions.forEach((region, index) => {
    if (region === config.primaryRegion) {
      issues.push({
        path: ["standbyRegions", index],
        message: `${region} is the primary region; a standby must be a different Region`,
      });
    } else if (seen.has(region)) {
      issues.push({
        path: ["standbyRegions", index],
        message: `${region} is listed twice; remove the repeat`,
      });
    }
    seen.add(region);
  });
  const roles = new Set(estateRegions(config));
  for (const region of Object.keys(config.regions)) {
    if (!isSmsRegion(region)) {
      issues.push({
        path: ["regions", region],
        message: `not a Region with an End User Messaging SMS endpoint; use one of ${SMS_REGIONS.join(", ")}`,
      });
    } else if (!roles.has(region)) {
      issues.push({
        path: ["regions", region],
        message: `${region} is neither the primaryRegion nor a standbyRegion; add it to standbyRegions or remove this block`,
      });
    }
  }
  for (const region of roles) {
    if (!own(config.regions, region)) {
      issues.push({
        path: ["regions"],
        message: `${region} is part of the estate but has no originators; add a regions.${region} block`,
      });
    }
  }
  return issues;
}

const RESERVED_KEYWORDS = new Set(["HELP", "STOP"]);

function checkUseCases(config: EstateConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const [name, useCase] of Object.entries(config.useCases)) {
    const at = (...rest: (string | number)[]) => ["useCases", name, ...rest];
    if (useCase.selfManagedOptOuts && !useCase.twoWay) {
      issues.push({
        path: at("selfManagedOptOuts"),
        message:
          "self-managed opt-outs need two-way messaging to receive STOP replies; set twoWay: true",
      });
    }
    const optIn = Object.keys(useCase.keywords.optIn);
    for (const keyword of [...optIn, ...Object.keys(useCase.keywords.autoReply)]) {
      const section = optIn.includes(keyword) ? "optIn" : "autoReply";
      if (RESERVED_KEYWORDS.has(keyword)) {
        issues.push({
          path: at("keywords", section, keyword),
          message: `${keyword} is a mandatory keyword; set its reply under keywords.${keyword.toLowerCase()}`,
        });
      }
    }
    for (const keyword of Object.keys(useCase.keywords.autoReply)) {
      if (optIn.includes(keyword)) {
        issues.push({
          path: at("keywords", "autoReply", keyword),
          message: `${keyword} is already an opt-in keyword; a keyword has one action`,
        });
      }
    }
  }
  return issues;
}

function checkOriginators(config: EstateConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const [region, block] of Object.entries(config.regions)) {
    const senderIdSeen = new Map<string, string>();
    for (const originator of summariseOriginators(config, region)) {
      const at = (...rest: (string | number)[]) => [
        "regions",
        region,
        originator.section,
        originator.key,
        ...rest,
      ];
      const useCase = own(config.useCases, originator.useCase);
      if (!useCase) {
        issues.push({
          path: at("useCase"),
          message: unknownUseCase(config, originator.useCase),
        });
        continue;
      }
      if (originator.messageTypes && !originator.messageTypes.includes(useCase.messageType)) {
        issues.push({
          path: at(originator.section === "senderIds" ? "messageTypes" : "messageType"),
          message: `the ${originator.useCase} pool sends ${useCase.messageType}; a member of another message type would mix message types in one pool`,
        });
      }
      originator.countries.forEach((code, index) => {
        if (!useCase.countries.includes(code)) {
          issues.push({
            path: originator.section === "phoneNumbers" ? at("country") : at("countries", index),
            message: `use case ${originator.useCase} does not send to ${code}; add ${code} to useCases.${originator.useCase}.countries or remove it here`,
          });
        }
      });
    }
    for (const [key, number] of Object.entries(block.phoneNumbers)) {
      const at = (...rest: string[]) => ["regions", region, "phoneNumbers", key, ...rest];
      if (number.numberType === "TEN_DLC" && number.country !== "US") {
        issues.push({
          path: at("country"),
          message: "10DLC numbers exist only in the US; use LONG_CODE elsewhere",
        });
      }
    }
    for (const [key, sender] of Object.entries(block.senderIds)) {
      sender.countries.forEach((code, index) => {
        const id = `${sender.senderId}/${code}`;
        const first = senderIdSeen.get(id);
        if (first) {
          issues.push({
            path: ["regions", region, "senderIds", key, "countries", index],
            message: `sender ID ${sender.senderId} for ${code} is already declared by ${first}; AWS holds one per country`,
          });
        } else {
          senderIdSeen.set(id, `senderIds.${key}`);
        }
      });
    }
    for (const [key, existing] of Object.entries(block.existingOriginators)) {
      const at = (...rest: (string | number)[]) => [
        "regions",
        region,
        "existingOriginators",
        key,
        ...rest,
      ];
      if (existing.kind === "senderId") {
        // An adopted sender ID by ARN is one country's registration: the ARN ends in it.
        const arnCountry = existing.arn?.split("/").pop();
        if (
          existing.arn &&
          (existing.countries.length !== 1 || existing.countries[0] !== arnCountry)
        ) {
          issues.push({
            path: at("countries"),
            message: `the ARN is sender ID ${existing.arn.split("/").slice(-2).join("/")}, which serves ${arnCountry} only; set countries: [${arnCountry}], or adopt it by id to list several countries`,
          });
        }
        const senderId = existing.id ?? existing.arn?.split("/").slice(-2)[0];
        existing.countries.forEach((code, index) => {
          const id = `${senderId}/${code}`;
          const first = senderIdSeen.get(id);
          if (first) {
            issues.push({
              path: at("countries", index),
              message: `sender ID ${senderId} for ${code} is already declared by ${first}; AWS holds one per country, so adopt or request it once`,
            });
          } else {
            senderIdSeen.set(id, `existingOriginators.${key}`);
          }
        });
      }
      const arnRegion = existing.arn?.split(":")[3];
      if (existing.arn && arnRegion !== region) {
        issues.push({
          path: at("arn"),
          message: `the ARN is in ${arnRegion}; originators cannot leave their Region, declare it under regions.${arnRegion}`,
        });
      }
    }
  }
  return issues;
}

function checkCoverage(config: EstateConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const region of estateRegions(config)) {
    if (!own(config.regions, region)) continue; // reported by checkRegionRoles
    const members = summariseOriginators(config, region).filter((o) => !o.spare);
    for (const [name, useCase] of Object.entries(config.useCases)) {
      const own = members.filter((o) => o.useCase === name);
      useCase.countries.forEach((code, index) => {
        if (!own.some((o) => o.countries.includes(code))) {
          issues.push({
            path: ["useCases", name, "countries", index],
            message: `no originator in ${region} serves ${code} for ${name}; add a phone number or sender ID for ${code} under regions.${region}`,
          });
        }
      });
      if (useCase.twoWay && own.length > 0 && !own.some((o) => o.twoWayCapable)) {
        issues.push({
          path: ["useCases", name, "twoWay"],
          message: `two-way ${name} has only sender IDs in ${region}, which are one-way; add a phone number there`,
        });
      }
    }
  }
  return issues;
}

function checkProtect(config: EstateConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const regions = new Set(estateRegions(config));
  for (const [key, override] of Object.entries(config.protect.numberOverrides)) {
    const at = (...rest: (string | number)[]) => ["protect", "numberOverrides", key, ...rest];
    if (override.useCase && !own(config.useCases, override.useCase)) {
      issues.push({
        path: at("useCase"),
        message: `${unknownUseCase(config, override.useCase)}, or omit it for the account-level configuration`,
      });
    }
    (override.regions ?? []).forEach((region, index) => {
      if (!regions.has(region)) {
        issues.push({
          path: at("regions", index),
          message: `${region} is not a Region of the estate (${[...regions].join(", ")})`,
        });
      }
    });
  }
  issues.push(...checkDuplicateOverrides(config, [...regions]));
  return issues;
}

/**
 * Two overrides of one number in one protect configuration and Region: AWS keeps one
 * override per number per configuration, so the second would silently replace the first
 * (and deleting either would delete the survivor).
 */
function checkDuplicateOverrides(config: EstateConfig, regions: readonly string[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const seen = new Map<string, string>();
  for (const key of Object.keys(config.protect.numberOverrides).sort()) {
    const override = config.protect.numberOverrides[key];
    // Numbers stored with --secret cannot be compared offline; `pulumi up` decrypts them.
    if (override.number === ENCRYPTED_CONFIG_VALUE) continue;
    const target = override.useCase
      ? `the ${override.useCase} protect configuration`
      : "the account-level protect configuration";
    for (const region of override.regions ?? regions) {
      const id = `${override.number}|${override.useCase ?? ""}|${region}`;
      const first = seen.get(id);
      if (first !== undefined) {
        issues.push({
          path: ["protect", "numberOverrides", key, "number"],
          message: `protect.numberOverrides.${first} already overrides this number in ${target} in ${region}; AWS keeps one override per number and configuration, so merge the two entries`,
        });
        break;
      }
      seen.set(id, key);
    }
  }
  return issues;
}

/** "unknown use case "x"; use one of a, b" (names quoted and shortened when odd). */
export function unknownUseCase(config: EstateConfig, name: string): string {
  return `unknown use case ${quote(name)}; use one of ${oneOf(Object.keys(config.useCases).sort())}`;
}

/**
 * One partition for the whole estate: an account lives in one partition (aws, aws-cn,
 * aws-us-gov), so the Regions and every ARN the config names must be in it. ARNs written
 * with `{region}` take each Region's partition, so their partition must be the estate's.
 */
function checkPartitions(config: EstateConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const partition = partitionOf(config.primaryRegion);
  config.standbyRegions.forEach((region, index) => {
    if (partitionOf(region) !== partition) {
      issues.push({
        path: ["standbyRegions", index],
        message: `${region} is in partition ${partitionOf(region)} but the primary Region ${config.primaryRegion} is in ${partition}; an account and its estate live in one partition`,
      });
    }
  });
  const checkArn = (path: (string | number)[], arn: string | undefined, global = false) => {
    if (!arn) return;
    const arnPartition = arn.split(":")[1];
    if (arnPartition !== partition && (global || arn.includes(REGION_PLACEHOLDER))) {
      issues.push({
        path,
        message: `the ARN is in partition ${arnPartition}, but the estate's Regions are in ${partition}; write arn:${partition}:…`,
      });
    }
  };
  const destinations = (
    at: (string | number)[],
    map: Record<string, EstateConfig["useCases"][string]["eventDestinations"][string]>,
  ) => {
    for (const [key, destination] of Object.entries(map)) {
      if (destination.type === "sns") checkArn([...at, key, "topicArn"], destination.topicArn);
      if (destination.type === "cloudwatchLogs") {
        checkArn([...at, key, "logGroupArn"], destination.logGroupArn);
      }
      if (destination.type === "firehose") {
        checkArn([...at, key, "deliveryStreamArn"], destination.deliveryStreamArn);
      }
    }
  };
  for (const [name, useCase] of Object.entries(config.useCases)) {
    destinations(["useCases", name, "eventDestinations"], useCase.eventDestinations);
  }
  for (const [name, secondary] of Object.entries(config.secondaryAccounts)) {
    checkArn(["secondaryAccounts", name, "roleArn"], secondary.roleArn, true);
    checkArn(["secondaryAccounts", name, "principal"], secondary.principal, true);
    for (const [useCase, map] of Object.entries(secondary.eventDestinations)) {
      destinations(["secondaryAccounts", name, "eventDestinations", useCase], map);
    }
  }
  return issues;
}
