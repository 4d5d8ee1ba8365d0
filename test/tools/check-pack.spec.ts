/**
 * The pack behind the analyzer protocol: start, GetAnalyzerInfo, Configure, Analyze,
 * AnalyzeStack, close.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { all } from "../../policies/all";
import { AnalyzerClient, type PackInfo } from "../../tools/check/analyzer-client";
import {
  buildPack,
  PackError,
  POLICIES_DIR,
  startPack,
  type RunningPack,
} from "../../tools/check/pack";
import { policyInfoOf } from "../../tools/check/policy-args";
import { reconcilePolicyConfig } from "../../tools/check/policy-config";
import { named, previewOfNewResources, recordEstate } from "../policies/support";

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("check: the pack over gRPC", () => {
  let pack: RunningPack;
  let client: AnalyzerClient;
  let info: PackInfo;

  before(async () => {
    pack = await startPack();
    client = new AnalyzerClient(pack.address);
    info = await client.getAnalyzerInfo();
  });
  after(async () => {
    client?.close();
    await pack?.close();
  });

  it("reports the pack's name, its package.json version and every policy with its metadata", () => {
    const manifest = JSON.parse(
      fs.readFileSync(path.join(POLICIES_DIR, "package.json"), "utf8"),
    ) as { version: string };
    assert.equal(info.name, "messaging-estate");
    assert.equal(info.version, manifest.version);
    assert.deepEqual(
      info.policies.map((p) => [p.name, p.enforcementLevel, p.severity, p.description, p.stack]),
      all.map((p) => [p.name, p.enforcementLevel, p.severity, p.description, "validateStack" in p]),
    );
    assert.deepEqual(
      info.policies.map((p) => p.configSchema?.properties),
      all.map((p) => p.configSchema.properties),
    );
  });

  it("analyzes resources with the options and config it is given", async () => {
    const { config } = reconcilePolicyConfig(info.policies);
    await client.configure(config);
    const specs = await recordEstate({ "use1-otp-gb-long": { opts: { protect: false } } });
    const unprotected = await client.analyze(named(specs, "use1-otp-gb-long"));
    assert.deepEqual(
      unprotected.map((d) => [d.policyName, d.enforcementLevel, d.severity]),
      [["sms-originator-pulumi-protect", "mandatory", "critical"]],
    );
    assert.deepEqual(await client.analyze(named(specs, "use1-otp-us-tfn")), []);

    // Disabling the policy through Configure silences it.
    await client.configure({
      ...config,
      "sms-originator-pulumi-protect": { enforcementLevel: "disabled", properties: {} },
    });
    assert.deepEqual(await client.analyze(named(specs, "use1-otp-gb-long")), []);
  });

  it("analyzes the stack with parents and outputs", async () => {
    await client.configure(reconcilePolicyConfig(all.map(policyInfoOf)).config);
    const specs = await recordEstate({ "usw2-alerts-pool": { omit: true } });
    const diagnostics = await client.analyzeStack(specs);
    assert.deepEqual(
      diagnostics.map((d) => [d.policyName, d.enforcementLevel, d.urn]),
      [["sms-standby-region-parity", "advisory", named(specs, "use1-alerts-pool").urn]],
    );
  });

  it("relates new resources through the property dependencies it is sent, and reports what it cannot verify as advisory", async () => {
    await client.configure(reconcilePolicyConfig(all.map(policyInfoOf)).config);
    const recorded = await recordEstate({
      "use1-otp-gb-long": { args: { optOutListName: undefined } },
    });
    const policy = "sms-pool-opt-out-list-matches-members";
    const mine = (ds: Awaited<ReturnType<AnalyzerClient["analyzeStack"]>>) =>
      ds.filter((d) => d.policyName === policy);
    // With the property dependencies the mismatch is found although every ARN is unknown.
    const related = mine(await client.analyzeStack(previewOfNewResources(recorded)));
    assert.deepEqual(
      related.map((d) => [d.enforcementLevel, d.urn]),
      [["mandatory", named(recorded, "use1-otp-gb-long").urn]],
    );
    // Without them the SDK reports, at advisory level, what the policy could not verify.
    const unrelated = mine(
      await client.analyzeStack(previewOfNewResources(recorded, { propertyDependencies: false })),
    );
    assert.deepEqual(
      unrelated.map((d) => d.enforcementLevel),
      ["advisory"],
    );
    assert.match(
      unrelated[0].message,
      /^can't run policy 'sms-pool-opt-out-list-matches-members' from policy pack 'messaging-estate@v[^']+' during preview: could not verify whether phone number use1-otp-gb-long /,
    );
  });

  it("stops the pack process on close, and close is idempotent", async () => {
    const second = await startPack();
    assert.ok(alive(second.pid));
    await second.close();
    await second.close();
    assert.equal(alive(second.pid), false);
  });

  it("reuses the transpiled pack while the sources are unchanged", () => {
    assert.equal(buildPack(), buildPack());
  });

  it("says how to install the pack when its dependencies are missing", async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), "pack-"));
    try {
      await assert.rejects(
        startPack({ packDir: empty }),
        (e: Error) => e instanceof PackError && /npm ci/.test(e.message),
      );
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
