"use strict";
/**
 * `postinstall`: installs and builds the policy pack in `policies/` (its own npm project,
 * which `npm run check` and the tests start), in this repository only.
 *
 * When the package is installed as a dependency of another project, there is no
 * `policies/` (the package ships `dist/` only) and a nested `npm ci` would run in the
 * consumer's tree: it does nothing there. A dependency is recognised by its path (it lies
 * under a `node_modules` folder, also for global installs) or by the missing pack.
 *
 * Plain CommonJS: it runs before anything is compiled.
 */
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");

/** Why the pack is not installed here, or undefined when it is. */
function skipReason(root) {
  if (root.split(path.sep).includes("node_modules")) return "installed as a dependency";
  if (!fs.existsSync(path.join(root, "policies", "package.json"))) return "no policies/ here";
  return undefined;
}

module.exports = { skipReason };

if (require.main === module) {
  const reason = skipReason(ROOT);
  if (reason) {
    process.stdout.write(`messaging-estate: policy pack not installed (${reason})\n`);
  } else {
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const run = (args) => execFileSync(npm, args, { cwd: ROOT, stdio: "inherit" });
    run(["ci", "--prefix", "policies", "--no-audit", "--no-fund"]);
    run(["run", "--prefix", "policies", "build"]);
  }
}
