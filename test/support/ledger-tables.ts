/**
 * Test support: the DynamoDB tables `pulumi up` of an estate declares for the opt-out ledger
 * (the global ledger table with a replica in every Region, and each Region's own state
 * table), created on the local endpoint. Pair with `seedEstate` (failover-estate.ts).
 */
import { ledgerTableName, stateTableName } from "../../lambda/lib/ledger";
import { estateRegions } from "../../stacks/config/rules";
import type { EstateConfig } from "../../stacks/config/schema";
import { type AwsEndpoint, dynamoDb } from "./aws-endpoint";

/** Creates the estate's ledger tables on `aws` (after `aws.reset()`, which forgets them). */
export function createLedgerTables(aws: AwsEndpoint, estate: EstateConfig): void {
  const account = dynamoDb(aws.state);
  const regions = estateRegions(estate);
  account.createTable({
    name: ledgerTableName(estate.namePrefix),
    hashKey: "pk",
    rangeKey: "sk",
    regions,
  });
  for (const region of regions) {
    account.createTable({
      name: stateTableName(estate.namePrefix),
      hashKey: "pk",
      rangeKey: "sk",
      regions: [region],
    });
  }
}
