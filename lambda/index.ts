/**
 * Entry of the opt-out replication bundle (built with esbuild by
 * `components/failover/lambda-bundle.ts`): one artifact, two handlers.
 */
export { handler as replicate } from "./opt-out-replicator";
export { handler as reconcile } from "./opt-out-reconciler";
