/**
 * SES warming in one Region: the dedicated IP pools (with leased IPs assigned to STANDARD
 * pools), one configuration set per email use case, a DKIM-signing identity per sending
 * subdomain, bounce and complaint feedback queues, and reputation alarms.
 *
 * Declaration order follows the dependencies a reader would draw: pools, then the IPs in
 * them, then feedback topics, then the use cases that send through a pool and publish to
 * the topics, then the identities whose default configuration set is a use case's.
 *
 * Logical names embed pool names, use-case keys, IPs and domains verbatim (all valid in
 * URNs) rather than slugs of them, so two config entries can never collapse into one name,
 * and nothing in a name depends on list order or on a pool's scaling mode.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { physicalNames, sesNames } from "../../lib/naming";
import { own } from "../../lib/own";
import { partitionOf } from "../../lib/regions";
import { TAG_USE_CASE } from "../tags";
import { SesFeedbackQueues } from "./feedback-queues";
import { SesIpPool, type ScalingMode } from "./ip-pool";
import { SesReputationAlarms, type ReputationThresholds } from "./reputation-alarms";
import { SesSendingUseCase } from "./sending-use-case";
import type { WarmupPlanParams } from "./warmup-plan";

/** Tag naming the SES pool a resource belongs to. */
export const TAG_SES_POOL = "messaging:ses-pool";

/**
 * Physical name of a use case's configuration set: `<namePrefix>-email-<useCase>`, so it
 * cannot be mistaken for the SMS configuration set of a same-named SMS use case.
 *
 * @param namePrefix - the estate's `namePrefix`; no default.
 * @param useCase - the SES use-case key; no default.
 */
export function sesConfigurationSetName(namePrefix: string, useCase: string): string {
  return physicalNames.sesConfigurationSet(namePrefix, useCase);
}

/** One dedicated IP pool of an SES Region. */
export interface SesPoolArgs {
  /** MANAGED (SES allocates and warms IPs) or STANDARD (leased IPs, warmed by `warmup`). Default: MANAGED. */
  scalingMode?: ScalingMode;
  /** IPv4 addresses leased for a STANDARD pool. Default: none. */
  dedicatedIps?: string[];
  /** Warm-up plan of a STANDARD pool. Default: none. */
  warmup?: WarmupPlanParams;
  /** True once the pool was converted STANDARD→MANAGED in SES itself. Default: false. */
  convertedFromStandard?: boolean;
  /** Where the caller configures the pool, named in the scaling-mode guard's error. Default: `regions.<region>.pools.<name>`. */
  configPath?: string;
}

/** Kinds of email a use case sends; marketing and transactional mail never share a domain. */
export type SesUseCaseKind = "transactional" | "marketing";

/** One email sending use case of an SES Region. */
export interface SesUseCaseArgs {
  /** transactional or marketing. Required. */
  kind: SesUseCaseKind;
  /** Sending subdomain, e.g. `transactional.example.com` (a DKIM identity is declared for it). Required. */
  domain: string;
  /** The pool (a key of `pools`) the use case sends through. Required. */
  pool: string;
  /** From addresses, all in `domain`. Default: none. */
  fromAddresses?: string[];
}

/** Arguments of {@link SesWarmingRegion}. */
export interface SesWarmingRegionArgs {
  /** AWS Region. Required. */
  region: string;
  /** Account that owns the SES resources (policy conditions, ARNs). Required. */
  account: string;
  /** Prefix of configuration set names (`<namePrefix>-email-<use case>`). Required. */
  namePrefix: string;
  /** Dedicated IP pools by SES pool name. Default: none. */
  pools?: Record<string, SesPoolArgs>;
  /** Sending use cases by name. Default: none. */
  useCases?: Record<string, SesUseCaseArgs>;
  /** Alarm threshold overrides. Default: warning at half SES's review levels, review at them (reputation-thresholds.ts). */
  alarmThresholds?: Partial<ReputationThresholds>;
  /** Tags on every taggable resource. Default: none. */
  tags?: Record<string, string>;
}

/** SES warming in one Region. Token `messaging:ses:WarmingRegion`. */
export class SesWarmingRegion extends pulumi.ComponentResource {
  readonly region: string;
  /** Pools by config key (= pool name). */
  readonly pools: Record<string, SesIpPool> = {};
  /** Leased IPs of STANDARD pools, by IP address. */
  readonly ipAssignments: Record<string, aws.sesv2.DedicatedIpAssignment> = {};
  /** Use cases by config key. */
  readonly useCases: Record<string, SesSendingUseCase> = {};
  /** Domain identities by domain (lower case). */
  readonly identities: Record<string, aws.sesv2.EmailIdentity> = {};
  /** Feedback queues; absent in a Region that declares no use case. */
  readonly feedback?: SesFeedbackQueues;
  readonly alarms: SesReputationAlarms;

  constructor(name: string, args: SesWarmingRegionArgs, opts?: pulumi.ComponentResourceOptions) {
    super("messaging:ses:WarmingRegion", name, {}, opts);
    const { region, account } = args;
    const config = { pools: args.pools ?? {}, useCases: args.useCases ?? {} };
    this.region = region;
    const child = { parent: this };
    const tags = (extra: Record<string, string> = {}) =>
      Object.keys({ ...args.tags, ...extra }).length ? { ...args.tags, ...extra } : undefined;

    for (const poolName of Object.keys(config.pools).sort()) {
      const pool = config.pools[poolName];
      this.pools[poolName] = new SesIpPool(
        sesNames.ipPool(name, poolName),
        {
          region,
          poolName,
          scalingMode: pool.scalingMode,
          warmup: pool.warmup,
          convertedFromStandard: pool.convertedFromStandard,
          configPath: pool.configPath,
          tags: tags({ [TAG_SES_POOL]: poolName }),
        },
        child,
      );
    }

    // Leased IPs, keyed by IP and parented here rather than under their pool: moving an IP
    // to another pool in config is then an update of one resource (same URN), replaced
    // delete-first. Replaced create-first, or as a new URN beside the old one, the old
    // assignment's delete would run last and move the IP to SES's default pool.
    for (const poolName of Object.keys(config.pools).sort()) {
      for (const ip of config.pools[poolName].dedicatedIps ?? []) {
        this.ipAssignments[ip] = new aws.sesv2.DedicatedIpAssignment(
          sesNames.ipAssignment(name, ip),
          { region, ip, destinationPoolName: this.pools[poolName].poolName },
          { parent: this, deleteBeforeReplace: true },
        );
      }
    }

    const useCaseNames = Object.keys(config.useCases).sort();
    const setArn = (useCase: string) =>
      `arn:${partitionOf(region)}:ses:${region}:${account}:configuration-set/${sesConfigurationSetName(args.namePrefix, useCase)}`;
    if (useCaseNames.length > 0) {
      this.feedback = new SesFeedbackQueues(
        sesNames.feedback(name),
        { region, account, configurationSetArns: useCaseNames.map(setArn), tags: tags() },
        child,
      );
    }

    for (const useCase of useCaseNames) {
      const spec = config.useCases[useCase];
      const pool = own(this.pools, spec.pool);
      if (!pool) {
        throw new pulumi.ResourceError(
          `${name}: use case ${useCase} sends through pool ${spec.pool}, which ${region} does not declare; add it to pools or use one of: ${Object.keys(this.pools).sort().join(", ") || "(none)"}`,
          this,
        );
      }
      const feedback = this.feedback!;
      this.useCases[useCase] = new SesSendingUseCase(
        sesNames.useCase(name, useCase),
        {
          region,
          configurationSetName: sesConfigurationSetName(args.namePrefix, useCase),
          sendingPoolName: pool.poolName,
          // The policies' `arn` is the topic's ARN, known only once SES may publish there:
          // destinations declared after the grant never point at a topic SES cannot use.
          feedbackTopicArns: {
            bounces: feedback.bounces.topicPolicy.arn,
            complaints: feedback.complaints.topicPolicy.arn,
          },
          tags: tags({ [TAG_USE_CASE]: useCase, [TAG_SES_POOL]: spec.pool }),
        },
        child,
      );
    }

    // One identity per sending subdomain. Several use cases of one kind may share a domain
    // (the schema forbids mixing kinds); the identity's default configuration set is then
    // left unset, so a send that names no set cannot silently use the wrong pool.
    const byDomain = new Map<string, string[]>();
    for (const useCase of useCaseNames) {
      const domain = config.useCases[useCase].domain.toLowerCase();
      byDomain.set(domain, [...(byDomain.get(domain) ?? []), useCase]);
    }
    for (const domain of [...byDomain.keys()].sort()) {
      const users = byDomain.get(domain)!;
      this.identities[domain] = new aws.sesv2.EmailIdentity(
        sesNames.identity(name, domain),
        {
          region,
          emailIdentity: domain,
          // Easy DKIM with 2048-bit keys: SES publishes three CNAME tokens to add to DNS.
          dkimSigningAttributes: { nextSigningKeyLength: "RSA_2048_BIT" },
          configurationSetName:
            users.length === 1 ? this.useCases[users[0]].configurationSetName : undefined,
          tags: tags(users.length === 1 ? { [TAG_USE_CASE]: users[0] } : {}),
        },
        child,
      );
    }

    this.alarms = new SesReputationAlarms(
      sesNames.alarms(name),
      { region, thresholds: args.alarmThresholds, tags: tags() },
      child,
    );
    this.registerOutputs({});
  }
}
