/**
 * Account-level resiliency over AWS RAM (digest §6): which use cases are shared with which
 * secondary accounts in which Region, and the cross-field rules of the `secondaryAccounts`
 * section. Pure: no Pulumi, no I/O. Single-value rules are in `schema.ts`; `rules.ts`
 * calls {@link checkSharing} with the rest.
 */
import { own } from "../../lib/own";
import {
  principalOf,
  sharePlan as planShares,
  sharedUseCasesOf,
  type SharePlan,
  type SharePrincipal,
} from "../../lib/share-plan";
import type { ConfigIssue } from "./issues";
import { isSmsRegion, SMS_REGIONS } from "./regions";
import type { EstateConfig, EventDestinationConfig } from "./schema";
import { oneOf, quote } from "./text";

export { principalOf, sharedUseCasesOf, type SharePlan, type SharePrincipal };

/**
 * Who gets what, in which Region (see `lib/share-plan.ts`).
 *
 * @param regions the estate's Regions in order (primary first)
 */
export function sharePlan(config: EstateConfig, regions: readonly string[]): SharePlan {
  return planShares(config.secondaryAccounts, regions);
}

/** The account field (5th) of an ARN, or undefined when it has none. */
function arnAccount(arn: string): string | undefined {
  return arn.split(":")[4] || undefined;
}

/**
 * Destinations End User Messaging can only write to inside the sending account: it
 * assumes a role of that account to put CloudWatch Logs events or Firehose records, and
 * neither service takes a resource policy that would open them to another account.
 */
function sameAccountOnly(
  destination: EventDestinationConfig,
): { field: string; arn: string } | undefined {
  if (destination.type === "cloudwatchLogs" && destination.logGroupArn) {
    return { field: "logGroupArn", arn: destination.logGroupArn };
  }
  if (destination.type === "firehose") {
    return { field: "deliveryStreamArn", arn: destination.deliveryStreamArn };
  }
  return undefined;
}

/**
 * Cross-field rules of `secondaryAccounts`.
 *
 * @param regions the estate's Regions (a secondary account can only receive there)
 */
export function checkSharing(config: EstateConfig, regions: readonly string[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const estateRegions = new Set(regions);
  const unknownUseCase = (name: string) =>
    `unknown use case ${quote(name)}; use one of ${oneOf(Object.keys(config.useCases).sort())}`;
  const seenPrincipals = new Map<string, string>();

  for (const [name, secondary] of Object.entries(config.secondaryAccounts)) {
    const at = (...rest: (string | number)[]) => ["secondaryAccounts", name, ...rest];
    const field = secondary.account ? "account" : "principal";
    const principal = principalOf(secondary);

    if (secondary.account === config.account) {
      issues.push({
        path: at("account"),
        message: `${secondary.account} is the owning account (account); a secondary account must be a different account, so it can send when the owner cannot`,
      });
    }
    const first = seenPrincipals.get(principal);
    if (first) {
      issues.push({
        path: at(field),
        message: `${principal} is already secondaryAccounts.${first}; merge the two entries (a share lists each principal once)`,
      });
    } else {
      seenPrincipals.set(principal, name);
    }

    if (secondary.principal && secondary.roleArn) {
      issues.push({
        path: at("roleArn"),
        message:
          "a role belongs to one account; the accounts of an organization or OU declare their own side, so remove roleArn or name a single account",
      });
    }
    const roleAccount = secondary.roleArn ? arnAccount(secondary.roleArn) : undefined;
    if (secondary.account && roleAccount && roleAccount !== secondary.account) {
      issues.push({
        path: at("roleArn"),
        message: `roleArn is in account ${roleAccount}, not ${secondary.account}; the stack declares ${secondary.account}'s side with a role in that account`,
      });
    }
    if (secondary.principal && !secondary.inOrganization) {
      issues.push({
        path: at("inOrganization"),
        message:
          "an organization or OU principal is inside the organization by definition; remove inOrganization: false",
      });
    }

    for (const [region, block] of Object.entries(secondary.regions)) {
      if (!isSmsRegion(region)) {
        issues.push({
          path: at("regions", region),
          message: `not a Region with an End User Messaging SMS endpoint; use one of ${SMS_REGIONS.join(", ")}`,
        });
        continue;
      }
      if (!estateRegions.has(region)) {
        issues.push({
          path: at("regions", region),
          message: `${region} is not a Region of the estate (${regions.join(", ")}); RAM shares are regional, so ${name} can only send where the estate has originators`,
        });
        continue;
      }
      block.useCases.forEach((useCase, index) => {
        if (!own(config.useCases, useCase)) {
          issues.push({
            path: at("regions", region, "useCases", index),
            message: unknownUseCase(useCase),
          });
        }
      });
    }

    const shared = new Set(sharedUseCasesOf(secondary));
    const overrides = secondary.eventDestinations;
    if (Object.keys(overrides).length > 0 && !secondary.roleArn) {
      issues.push({
        path: at("eventDestinations"),
        message: `event destinations belong to configuration sets the stack declares in ${name}'s account, which needs roleArn; add roleArn or remove eventDestinations`,
      });
    }
    for (const [useCase, destinations] of Object.entries(overrides)) {
      if (!own(config.useCases, useCase)) {
        issues.push({ path: at("eventDestinations", useCase), message: unknownUseCase(useCase) });
        continue;
      }
      if (!shared.has(useCase)) {
        issues.push({
          path: at("eventDestinations", useCase),
          message: `${useCase} is not shared with ${name} in any Region; share it under regions or remove these destinations`,
        });
      }
      if (!secondary.account) continue;
      for (const [key, destination] of Object.entries(destinations)) {
        const bound = sameAccountOnly(destination);
        const owner = bound ? arnAccount(bound.arn) : undefined;
        if (bound && owner && owner !== secondary.account) {
          issues.push({
            path: at("eventDestinations", useCase, key, bound.field),
            message: `this is in account ${owner}; End User Messaging in ${secondary.account} writes ${destination.type} events only within its own account`,
          });
        }
      }
    }
    // Configuration sets the stack declares in the account copy the use case's destinations
    // unless overridden; those bound to another account's stream or log group cannot work.
    if (secondary.account && secondary.roleArn) {
      for (const useCase of shared) {
        const shared = own(config.useCases, useCase);
        if (!shared || own(overrides, useCase)) continue;
        for (const [key, destination] of Object.entries(shared.eventDestinations)) {
          const bound = sameAccountOnly(destination);
          const owner = bound ? arnAccount(bound.arn) : undefined;
          if (bound && owner && owner !== secondary.account) {
            issues.push({
              path: ["useCases", useCase, "eventDestinations", key, bound.field],
              message: `secondary account ${name} (${secondary.account}) gets its own ${useCase} configuration set, and End User Messaging writes ${destination.type} events only within the sending account; give it a destination of its own under secondaryAccounts.${name}.eventDestinations.${useCase}`,
            });
          }
        }
      }
    }
  }

  // A resource shared with you cannot be re-shared: an adopted originator owned by another
  // account cannot join the share of its use case.
  const plan = sharePlan(
    config,
    regions.filter((r) => own(config.regions, r)),
  );
  for (const [region, byUseCase] of Object.entries(plan)) {
    for (const [key, existing] of Object.entries(
      own(config.regions, region)?.existingOriginators ?? {},
    )) {
      const principals = own(byUseCase, existing.useCase);
      const owner = existing.arn ? arnAccount(existing.arn) : undefined;
      if (principals && owner && owner !== config.account) {
        issues.push({
          path: ["regions", region, "existingOriginators", key, "arn"],
          message: `this originator belongs to account ${owner}, and a resource shared with you cannot be re-shared; ${existing.useCase} is shared in ${region} with ${principals.map((p) => p.name).join(", ")}: share it from ${owner} directly, or stop sharing ${existing.useCase} there`,
        });
      }
    }
  }
  return issues;
}
