/**
 * Loaded by mocha before any spec (`.mocharc.json` `require`).
 *
 * Mocha sets `Error.stackTraceLimit = Infinity`. On Node.js 26, V8 aborts the whole process
 * ("Check failed: new_capacity > 0") when it captures a stack trace with a limit that large
 * (nodejs/node issue 66074), which Pulumi's closure serialization of dynamic providers does.
 * A generous finite limit keeps deep traces and keeps the process alive.
 */
Error.stackTraceLimit = 200;
