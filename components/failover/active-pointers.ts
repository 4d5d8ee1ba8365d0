/**
 * The active-region pointers: for every use case, an SSM parameter holding the pointer
 * document (pointer-document.ts) in EVERY Region of the estate, so applications read where
 * to send from locally, even when another Region is down.
 *
 * Flipping the active Region changes only these parameters' values: their names, resource
 * names and every other input are independent of which Region is active.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { failoverNames } from "../../lib/naming";
import { pointerParameterName, renderPointer } from "./pointer-document";

/** What a use case sends with in one Region. */
export interface PointerTarget {
  /** The use case's pool ARN there. Required. */
  poolArn: pulumi.Input<string>;
  /** The pool's id. Required. */
  poolId: pulumi.Input<string>;
  /** The use case's configuration set name. Required. */
  configurationSetName: pulumi.Input<string>;
  /** The use case's protect configuration id. Required. */
  protectConfigurationId: pulumi.Input<string>;
}

/** Arguments of {@link ActivePointers}. */
export interface ActivePointersArgs {
  /** The estate's `namePrefix` (parameter paths are `/messaging/<namePrefix>/<useCase>/active`). Required. */
  namePrefix: string;
  /** Every Region of the estate: each holds a copy of every pointer. Required. */
  regions: string[];
  /** Per use case, per Region: what the use case sends with there. Required. */
  targets: Record<string, Record<string, PointerTarget>>;
  /** Per use case, the Region it sends from; must be a key of its `targets`. Required. */
  active: Record<string, string>;
  /** Tags of the parameter a Region holds for a use case. Default: none. */
  tags?: (region: string, useCase: string) => Record<string, string>;
}

/** The pointers of an estate. Token `messaging:failover:ActivePointers`. */
export class ActivePointers extends pulumi.ComponentResource {
  /** Parameters by use case, then Region. */
  readonly parameters: Record<string, Record<string, aws.ssm.Parameter>> = {};
  /** Parameter name of each use case's pointer (the same in every Region). */
  readonly parameterNames: Record<string, string> = {};

  constructor(name: string, args: ActivePointersArgs, opts?: pulumi.ComponentResourceOptions) {
    super("messaging:failover:ActivePointers", name, {}, opts);
    for (const useCase of Object.keys(args.targets).sort()) {
      const region = args.active[useCase];
      const target = args.targets[useCase][region];
      if (!target) {
        throw new pulumi.ResourceError(
          `active pointers: use case ${useCase} is set to send from ${region}, which has no ${useCase} pool; choose one of ${Object.keys(args.targets[useCase]).join(", ")}`,
          this,
        );
      }
      const value = pulumi
        .all([
          target.poolArn,
          target.poolId,
          target.configurationSetName,
          target.protectConfigurationId,
        ])
        .apply(([poolArn, poolId, configurationSetName, protectConfigurationId]) =>
          renderPointer({
            useCase,
            region,
            poolArn,
            poolId,
            configurationSetName,
            protectConfigurationId,
          }),
        );
      const parameterName = pointerParameterName(args.namePrefix, useCase);
      this.parameterNames[useCase] = parameterName;
      this.parameters[useCase] = {};
      for (const holder of args.regions) {
        this.parameters[useCase][holder] = new aws.ssm.Parameter(
          failoverNames.pointer(name, holder, useCase),
          {
            region: holder,
            name: parameterName,
            type: "String",
            // Not secret, and reviewers should see a failover in `pulumi preview`.
            insecureValue: value,
            // `npm run failover -- promote` may have written the parameter first (e.g. in a
            // Region added during an outage): adopt it rather than fail with ParameterAlreadyExists.
            overwrite: true,
            description: `Where the ${useCase} use case sends from (pool, configuration set, protect configuration). Managed by Pulumi via messaging:activeRegion; rewritten by 'npm run failover -- promote' during an outage.`,
            tags: args.tags?.(holder, useCase),
          },
          { parent: this },
        );
      }
    }
    this.registerOutputs({ parameterNames: this.parameterNames });
  }
}
