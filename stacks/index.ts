/**
 * The Pulumi program (`main` in Pulumi.yaml). Reads `messaging:estate` from the stack's
 * config, validates all of it before declaring anything, then declares the estate.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  ACTIVE_REGION_KEY,
  ACTIVE_REGION_OVERRIDES_KEY,
  parseActiveRegions,
} from "./config/active-region";
import { ESTATE_CONFIG_KEY } from "./config/issues";
import { parseEstateConfig } from "./config/load";
import { deployEstate } from "./estate";
import { WARMUP_AS_OF_CONFIG_KEY } from "./ses";

const [namespace, key] = ESTATE_CONFIG_KEY.split(":");
const estate = parseEstateConfig(
  new pulumi.Config(namespace).getObject(key),
  `stack ${pulumi.getStack()}`,
);

// Where each use case sends from; flipped during a failover (docs/runbook.md). Checked
// against the estate before anything is declared.
const active = parseActiveRegions(
  estate,
  {
    activeRegion: new pulumi.Config(namespace).get(ACTIVE_REGION_KEY.split(":")[1]),
    overrides: new pulumi.Config(namespace).getObject(ACTIVE_REGION_OVERRIDES_KEY.split(":")[1]),
  },
  `stack ${pulumi.getStack()}`,
);

const [asOfNamespace, asOfKey] = WARMUP_AS_OF_CONFIG_KEY.split(":");
const { outputs } = deployEstate(estate, {
  activeRegions: active,
  // Date of the exported SES warm-up caps; unset means the run's UTC date (stacks/ses.ts).
  warmupAsOf: new pulumi.Config(asOfNamespace).get(asOfKey),
});

// The stack outputs. Those the estate does not have (no `ses` section, no secondary
// accounts) are left out rather than exported as undefined, which Pulumi reports on every
// run ("Undefined value (ses) will not show as a stack output").
export = Object.fromEntries(
  Object.entries({
    primaryRegion: outputs.primaryRegion,
    standbyRegions: outputs.standbyRegions,
    useCases: outputs.useCases,
    activeRegions: outputs.activeRegions,
    applicationPolicies: outputs.applicationPolicies,
    ses: outputs.ses,
    sesWarmupCaps: outputs.sesWarmupCaps,
    secondaryAccounts: outputs.secondaryAccounts,
    registrations: outputs.registrations,
  }).filter(([, value]) => value !== undefined),
);
