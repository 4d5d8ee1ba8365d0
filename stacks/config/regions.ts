/** The SMS Regions and partitions live below the components (`lib/regions.ts`); re-exported for the config. */
export { isSmsRegion, partitionOf, SMS_REGIONS } from "../../lib/regions";
