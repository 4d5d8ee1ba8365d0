/**
 * A problem the on-call engineer fixes on the command line (a stack that does not exist, a
 * state file of another stack...): the failover tool prints its message alone, with no
 * stack trace, and exits 2 (`EXIT.usage`). Anything else is a bug and keeps its stack trace.
 */
export class FailoverUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FailoverUsageError";
  }
}
