/**
 * The Pulumi program (`main` in Pulumi.yaml). Reads `messaging:estate` from the stack's
 * config, validates all of it before declaring anything, then declares the estate.
 */
import * as pulumi from "@pulumi/pulumi";
import { ESTATE_CONFIG_KEY } from "./config/issues";
import { parseEstateConfig } from "./config/load";
import { deployEstate } from "./estate";

const [namespace, key] = ESTATE_CONFIG_KEY.split(":");
const estate = parseEstateConfig(
  new pulumi.Config(namespace).getObject(key),
  `stack ${pulumi.getStack()}`,
);

const { outputs } = deployEstate(estate);

export const primaryRegion = outputs.primaryRegion;
export const standbyRegions = outputs.standbyRegions;
export const useCases = outputs.useCases;
