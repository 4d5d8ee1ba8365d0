/**
 * Whole stacks through every policy, in process: the example stack (built by the real
 * components) passes every mandatory policy under the default, prod and dev configs; the
 * deliberately broken fixture program fails with exactly one violation of each policy.
 */
import { strict as assert } from "node:assert";
import * as path from "node:path";
import { all } from "../../policies/all";
import { runProgramFile } from "../../engine/program";
import { readStackConfig, stackFilePath } from "../../stacks/config/load";
import { analyzerResources, type AnalyzerResourceSpec } from "../../tools/check/analyzer-resources";
import { evaluatePolicy, policyInfoOf } from "../../tools/check/policy-args";
import {
  readPolicyConfigFile,
  reconcilePolicyConfig,
  type ResolvedPolicyConfig,
} from "../../tools/check/policy-config";
import { runStack } from "../../tools/stack-run";

const ROOT = path.resolve(__dirname, "..", "..");
const FIXTURES = path.join(ROOT, "test", "fixtures", "programs");

/** Resolved config of every policy from a config file (or the defaults). */
function resolved(file?: string): Record<string, ResolvedPolicyConfig> {
  const { config, errors } = reconcilePolicyConfig(
    all.map(policyInfoOf),
    file ? readPolicyConfigFile(file) : {},
  );
  assert.deepEqual(errors, []);
  return config;
}

/** `<level> <policy> <resource>: <message>` for every violation under a resolved config. */
async function evaluateAll(
  specs: AnalyzerResourceSpec[],
  config: Record<string, ResolvedPolicyConfig>,
): Promise<string[]> {
  const byUrn = new Map(specs.map((s) => [s.urn, s.name]));
  const out: string[] = [];
  for (const policy of all) {
    const { enforcementLevel, properties } = config[policy.name];
    if (enforcementLevel === "disabled") continue;
    for (const v of await evaluatePolicy(policy, specs, properties)) {
      out.push(
        `${enforcementLevel} ${policy.name} ${(v.urn && byUrn.get(v.urn)) ?? "(stack)"}: ${v.message}`,
      );
    }
  }
  return out;
}

describe("stacks through the whole pack", () => {
  describe("the example stack", () => {
    let specs: AnalyzerResourceSpec[];
    before(async () => {
      const run = await runStack({ stack: "example" });
      specs = await analyzerResources(run.resources, {
        stack: "example",
        project: "messaging",
        config: readStackConfig(stackFilePath("example")),
      });
    });

    for (const env of [undefined, "prod", "dev"]) {
      it(`passes every mandatory policy with ${env ? `config/${env}.json` : "the default config"}`, async () => {
        const config = resolved(env && path.join(ROOT, "policies", "config", `${env}.json`));
        const mandatory = (await evaluateAll(specs, config)).filter((line) =>
          line.startsWith("mandatory"),
        );
        assert.deepEqual(mandatory, []);
      });
    }
  });

  describe("the broken fixture program", () => {
    let specs: AnalyzerResourceSpec[];
    before(async () => {
      const config = { "aws:region": "us-east-1" };
      const run = await runProgramFile(path.join(FIXTURES, "broken.ts"), {
        stack: "dev",
        project: "policy-fixtures",
        config,
        account: "111122223333",
      });
      specs = await analyzerResources(run.resources, {
        stack: "dev",
        project: "policy-fixtures",
        config,
      });
    });

    it("breaks every policy exactly once, on the resource it mutated", async () => {
      const lines = await evaluateAll(specs, resolved(path.join(FIXTURES, "policy-config.json")));
      assert.deepEqual(lines.sort(), [
        "advisory messaging-required-tags use1-otp-events-topic: Resource is missing required tag cost-center.",
        "advisory ses-marketing-dedicated-pool ses-marketing: SES configuration set sends marketing mail without a dedicated IP pool (deliveryOptions.sendingPoolName is unset); assign the marketing pool.",
        "advisory sms-configuration-set-has-event-destination usw2-otp-config: Configuration set acme-otp has no enabled event destination; its delivery events are recorded nowhere.",
        "advisory sms-originator-type-diversity (stack): us-west-2 reaches 1 country through fewer originator types than they need: GB (only sender ID originators, 2 types needed: add a long code or short code).",
        "advisory sms-pool-opt-in-keyword use1-otp-pool: Pool use1-otp-pool has no opt-in keyword; declare at least one keyword with action OPT_IN (e.g. JOIN).",
        "advisory sms-protect-configuration-blocks-countries usw2-otp-protect: Protect configuration allows every country for SMS (no BLOCK rule); block the countries you never send to.",
        "advisory sms-protect-filter-public-use-cases use1-otp-config: Configuration set acme-otp serves the public-facing use case otp but has no Protect configuration; associate one whose SMS rules FILTER the countries at risk of SMS pumping.",
        "advisory sms-standby-capacity usw2-otp-pool: Use case otp's pool in the standby Region us-west-2 carries less than 50% of its primary pool's throughput to US (US 1 MPS against 3 MPS); a failover would throttle sending there.",
        "advisory sms-standby-region-parity use1-alerts-pool: Use case alerts has a pool in the primary Region us-east-1 but none in the standby Region us-west-2; declare one there so sending can fail over.",
        "mandatory ram-share-no-external-principals use1-otp-share: Resource share has allowExternalPrincipals: true; set it to false.",
        "mandatory ram-share-principal-allow-list usw2-otp-share-to-dr: Principal 999988887777 is not in allowedPrincipals (444455556666); add it to the policy config or stop sharing with it.",
        "mandatory ram-share-same-region usw2-otp-share-pool: Resource share usw2-otp-share is in us-west-2 but would hold arn:aws:sms-voice:us-east-1:111122223333:pool/pool-primary from us-east-1; RAM shares SMS resources only within one Region, so share it from a share in us-east-1.",
        "mandatory ses-configuration-set-tls-required ses-notices: SES configuration set has deliveryOptions.tlsPolicy OPTIONAL; set it to REQUIRE.",
        "mandatory sms-configuration-set-max-event-destinations use1-otp-config: Configuration set acme-otp has 6 event destinations; the limit is 5.",
        "mandatory sms-deletion-protection-enabled use1-otp-us-tfn: Phone number has deletionProtectionEnabled: false; set it to true.",
        "mandatory sms-event-destination-role-source-account use1-alerts-events-role: Role use1-alerts-events-role (event destination firehose of configuration set acme-alerts) trusts sms-voice.amazonaws.com without an aws:SourceAccount condition; add one naming the account that owns the configuration set.",
        'mandatory sms-keyword-reply-content use1-otp-keyword-help: HELP reply (HELP) lacks a support phone number or email address and the "Msg & data rates may apply" disclosure; carriers require a support phone number or email address and the "Msg & data rates may apply" disclosure.',
        "mandatory sms-originator-one-pool use1-otp-pool: Originator use1-otp-gb-sender is already a member of pool use1-alerts-pool; AWS holds an originator in one pool only, so this pool's association fails. Members of use1-alerts-pool and use1-otp-pool must not overlap.",
        "mandatory sms-originator-pulumi-protect usw2-otp-us-10dlc: Phone number is not protected in Pulumi; declare it with the resource options protect: true and retainOnDelete: true.",
        'mandatory sms-pool-opt-out-list-matches-members use1-otp-gb-long: Phone number use1-otp-gb-long uses opt-out list "Default" but its pool use1-otp-pool uses "acme-otp"; both must use the same list.',
        "mandatory sms-pool-shared-routes-disabled use1-otp-pool: Pool has sharedRoutesEnabled: true; set it to false.",
        "mandatory sms-registration-required use1-otp-us-10dlc: US 10DLC number has no registrationId: carriers block its messages until it is registered; set registrationId to its US_TEN_DLC_CAMPAIGN_REGISTRATION in this Region.",
        "mandatory sms-self-managed-opt-outs-toll-free use1-otp-us-tfn: US toll-free number has selfManagedOptOutsEnabled: true, but US toll-free numbers are not eligible: the toll-free network answers STOP and blocks the sender itself; set it to false, or use a 10DLC or short code number for this use case.",
        "mandatory sms-self-managed-opt-outs-two-way use1-alerts-pool: Pool has selfManagedOptOutsEnabled: true but two-way SMS is off, so STOP replies reach nobody; enable two-way with an inbound SNS topic or turn self-managed opt-outs off.",
        'mandatory sms-sender-id-format use1-otp-in-sender: Sender ID "ACMEOTP" is sent to India, where sender IDs must be exactly 6 characters.',
      ]);
      assert.equal(new Set(lines.map((l) => l.split(" ")[1])).size, all.length);
    });
  });
});
