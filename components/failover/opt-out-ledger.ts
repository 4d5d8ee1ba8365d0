/**
 * The opt-out ledger: one DynamoDB global table with a replica in every Region of the estate,
 * holding every opt-out and opt-in decision (docs/opt-out-ledger.md). It is the legal record
 * of who opted out when, so it is kept like the opt-out lists themselves: point-in-time
 * recovery in every replica, deletion protection, and Pulumi's `protect` and
 * `retainOnDelete`.
 *
 * Each Region's functions read and write only their own Region's replica; DynamoDB carries
 * every write to the other replicas (asynchronously, typically within a second), and the
 * stream of each replica feeds that Region's applier.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ledgerTableName } from "../../lambda/lib/ledger";
import { failoverNames } from "../../lib/naming";
import { partitionOf } from "../../lib/regions";
import { irreplaceable } from "../tags";

export interface OptOutLedgerArgs {
  /** The estate's primary Region: the table is created there. Required. */
  primaryRegion: string;
  /** Every Region of the estate; each other one holds a replica. Required. */
  regions: string[];
  /** Account owning the table (for replica ARNs). Required. */
  account: string;
  /** Prefix of the table's name (`<namePrefix>-opt-out-ledger`). Required. */
  namePrefix: string;
  /** Default: none. */
  tags?: Record<string, string>;
}

/** The ledger. Token `messaging:failover:OptOutLedger`. */
export class OptOutLedger extends pulumi.ComponentResource {
  readonly table: aws.dynamodb.Table;
  readonly tableName: string;
  /** The table's ARN in each Region (its replica there). */
  readonly arns: Record<string, string> = {};
  /** The stream of each Region's replica (what that Region's applier reads). */
  readonly streamArns: Record<string, pulumi.Output<string>> = {};

  constructor(name: string, args: OptOutLedgerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("messaging:failover:OptOutLedger", name, {}, opts);
    this.tableName = ledgerTableName(args.namePrefix);
    // Sorted, so reordering standbyRegions in the config changes nothing.
    const replicaRegions = args.regions.filter((r) => r !== args.primaryRegion).sort();
    this.table = new aws.dynamodb.Table(
      failoverNames.ledgerTable(name),
      {
        region: args.primaryRegion,
        name: this.tableName,
        billingMode: "PAY_PER_REQUEST",
        hashKey: "pk",
        rangeKey: "sk",
        attributes: [
          { name: "pk", type: "S" },
          { name: "sk", type: "S" },
        ],
        // Global tables need streams of both images; the appliers read them too.
        streamEnabled: true,
        streamViewType: "NEW_AND_OLD_IMAGES",
        pointInTimeRecovery: { enabled: true },
        deletionProtectionEnabled: true,
        replicas: replicaRegions.map((regionName) => ({
          regionName,
          pointInTimeRecovery: true,
          deletionProtectionEnabled: true,
          propagateTags: true,
        })),
        tags: args.tags,
      },
      irreplaceable({ parent: this }),
    );
    for (const region of args.regions) {
      this.arns[region] =
        `arn:${partitionOf(region)}:dynamodb:${region}:${args.account}:table/${this.tableName}`;
      this.streamArns[region] =
        region === args.primaryRegion
          ? this.table.streamArn
          : this.table.replicas.apply((replicas) => {
              const replica = (replicas ?? []).find((r) => r.regionName === region);
              if (!replica?.streamArn) {
                throw new pulumi.ResourceError(
                  `the opt-out ledger has no stream in ${region}; its replica is missing`,
                  this,
                );
              }
              return replica.streamArn;
            });
    }
    this.registerOutputs({ tableName: this.tableName });
  }
}
