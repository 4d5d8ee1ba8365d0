/**
 * Test support: runs the failover CLI as its own process on a stack directory of the test's
 * (`node --import tsx test/support/failover-child.ts <stacks dir> <args…>`), so a test can
 * kill it mid-run (kill -9) and look at what it left behind. Credentials come from the
 * environment, as for a real run.
 */
import { runAsEntryPoint } from "../../tools/exit";
import { runFailover } from "../../tools/failover";

const [stacksDir, ...args] = process.argv.slice(2);
runAsEntryPoint(() => runFailover(args, { stacksDir }), { label: "error", failureCode: 2 });
