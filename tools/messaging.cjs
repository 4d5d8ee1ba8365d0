#!/usr/bin/env node
"use strict";
/**
 * `messaging`: the package's command (its `bin`, and what the npm scripts run). It runs the
 * compiled CLI in `bin/` (see tools/build.cjs). When the sources changed since the last
 * build (a developer's edit, a `git pull`), it rebuilds first, so the command never runs
 * stale code; when that is impossible it says how to fix it instead of failing with a
 * stack trace.
 */
const fs = require("node:fs");
const path = require("node:path");

// The published package ships the components only (dist/); the command and its stacks
// live in a checkout of the repository.
if (!fs.existsSync(path.join(__dirname, "build.cjs"))) {
  process.stderr.write(
    "messaging: this command runs from a checkout of the messaging-estate repository; the installed package provides the Pulumi components only (import them from your program).\n",
  );
  process.exit(2); // nothing is pending on stdout yet
}

let build;
try {
  build = require("./build.cjs");
  if (build.isStale()) {
    build.build({ log: (line) => process.stderr.write(`messaging: sources changed; ${line}\n`) });
  }
} catch (error) {
  process.stderr.write(
    `messaging: cannot compile the command into bin/ (${error && error.message ? error.message.split("\n")[0] : error}).\n` +
      "Run `npm ci` (it installs the dependencies and builds), or `npm run build` to see why.\n",
  );
  process.exit(2); // nothing is pending on stdout yet
}

require(path.join(build.OUT_DIR, "tools", "cli.js")).start();
