/**
 * Entry of the opt-out ledger bundle (built with esbuild by
 * `components/failover/lambda-bundle.ts`): one artifact, three handlers.
 */
export { handler as record } from "./opt-out-recorder";
export { handler as reconcile } from "./opt-out-reconciler";
export { handler as apply } from "./opt-out-applier";
