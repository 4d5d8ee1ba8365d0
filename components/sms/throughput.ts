/**
 * Message parts per second by originator type and country. The figures and arithmetic live
 * in the dependency-free `policies/lib/throughput.ts` (the policy pack compares standby and
 * primary capacity with them) and are re-exported here: one source of truth.
 */
export * from "../../policies/lib/throughput";
