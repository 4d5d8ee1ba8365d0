/**
 * The pack as a whole: every policy carries the metadata the pack promises, the pack is
 * self-contained (publishable), only index.ts constructs the PolicyPack, and the shipped
 * config files are valid for the policies' schemas.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { all } from "../../policies/all";
import { policyInfoOf } from "../../tools/check/policy-args";
import {
  readPolicyConfigFile,
  reconcilePolicyConfig,
  validateJson,
} from "../../tools/check/policy-config";

const PACK = path.resolve(__dirname, "..", "..", "policies");

/** Every TypeScript source of the pack. */
function sources(dir = PACK): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === "node_modules" || entry.name === "bin" ? [] : sources(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

describe("policy pack", () => {
  it("covers the rules the estate needs", () => {
    assert.deepEqual(all.map((p) => p.name).sort(), [
      "messaging-required-tags",
      "ram-share-no-external-principals",
      "ram-share-principal-allow-list",
      "ram-share-same-region",
      "ses-configuration-set-tls-required",
      "ses-marketing-dedicated-pool",
      "sms-configuration-set-has-event-destination",
      "sms-configuration-set-max-event-destinations",
      "sms-deletion-protection-enabled",
      "sms-event-destination-role-source-account",
      "sms-keyword-reply-content",
      "sms-originator-one-pool",
      "sms-originator-pulumi-protect",
      "sms-originator-type-diversity",
      "sms-pool-opt-in-keyword",
      "sms-pool-opt-out-list-matches-members",
      "sms-pool-shared-routes-disabled",
      "sms-protect-configuration-blocks-countries",
      "sms-protect-filter-public-use-cases",
      "sms-registration-required",
      "sms-self-managed-opt-outs-toll-free",
      "sms-self-managed-opt-outs-two-way",
      "sms-sender-id-format",
      "sms-standby-capacity",
      "sms-standby-region-parity",
    ]);
  });

  for (const policy of all) {
    describe(policy.name, () => {
      it("has a kebab-case name and full-sentence description and remediation", () => {
        assert.match(policy.name, /^[a-z0-9]+(-[a-z0-9]+)+$/);
        assert.match(policy.description, /^[A-Z].{40,}\.$/s);
        assert.match(policy.remediationSteps, /^[A-Z`].{20,}\.$/s);
      });

      it("sets its enforcement level and severity explicitly", () => {
        assert.ok(["advisory", "mandatory"].includes(policy.enforcementLevel));
        assert.ok(["low", "medium", "high", "critical"].includes(policy.severity));
      });

      it("gives every config property a default that satisfies its own schema", () => {
        const properties = Object.entries(policy.configSchema.properties);
        assert.ok(properties.some(([key]) => key === "exemptResources"));
        for (const [key, schema] of properties) {
          assert.ok(
            typeof schema === "object" && schema.default !== undefined,
            `${key} has no default`,
          );
          assert.ok(typeof schema === "object" && schema.description, `${key} has no description`);
        }
        const { errors } = reconcilePolicyConfig([policyInfoOf(policy)]);
        assert.deepEqual(errors, []);
      });

      it("is either a resource or a stack policy", () => {
        assert.notEqual("validateResource" in policy, "validateStack" in policy);
      });
    });
  }

  it("has unique names", () => {
    assert.equal(new Set(all.map((p) => p.name)).size, all.length);
  });

  it("serves every policy module through all.ts", () => {
    const modules = sources().filter((f) =>
      /^(sms|protect|ram|ses|tags)$/.test(path.relative(PACK, f).split(path.sep)[0]),
    );
    assert.equal(modules.length, all.length);
  });

  it("constructs the PolicyPack only in index.ts", () => {
    const constructing = sources()
      .filter((file) => /new\s+PolicyPack\s*\(/.test(fs.readFileSync(file, "utf8")))
      .map((file) => path.relative(PACK, file));
    assert.deepEqual(constructing, ["index.ts"]);
  });

  it("is self-contained: imports stay inside policies/ or name its own dependencies", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(PACK, "package.json"), "utf8")) as {
      version?: string;
      dependencies: Record<string, string>;
    };
    assert.match(manifest.version ?? "", /^\d+\.\d+\.\d+/);
    for (const file of sources()) {
      const text = fs.readFileSync(file, "utf8");
      for (const [, specifier] of text.matchAll(/(?:from|import)\s+"([^"]+)"/g)) {
        if (specifier.startsWith(".")) {
          const target = path.resolve(path.dirname(file), specifier);
          assert.ok(
            target.startsWith(PACK + path.sep),
            `${path.relative(PACK, file)} imports ${specifier} from outside the pack`,
          );
        } else {
          const pkg = specifier.startsWith("@")
            ? specifier.split("/").slice(0, 2).join("/")
            : specifier.split("/")[0];
          assert.ok(
            pkg in manifest.dependencies,
            `${path.relative(PACK, file)} imports ${pkg}, not a dependency of the pack`,
          );
        }
      }
    }
  });

  it("ships a PulumiPolicy.yaml for the nodejs runtime", () => {
    assert.match(
      fs.readFileSync(path.join(PACK, "PulumiPolicy.yaml"), "utf8"),
      /^runtime: nodejs$/m,
    );
  });

  for (const env of ["prod", "dev"]) {
    it(`ships a valid config/${env}.json`, () => {
      const given = readPolicyConfigFile(path.join(PACK, "config", `${env}.json`));
      const result = reconcilePolicyConfig(all.map(policyInfoOf), given);
      assert.deepEqual(result.errors, []);
      assert.deepEqual(result.unknownPolicies, []);
      assert.deepEqual(result.unknownProperties, []);
    });
  }

  it("makes prod stricter than the defaults and dev more lenient", () => {
    const infos = all.map(policyInfoOf);
    const level = (env: string) =>
      reconcilePolicyConfig(infos, readPolicyConfigFile(path.join(PACK, "config", `${env}.json`)))
        .config;
    const rank = { disabled: 0, advisory: 1, remediate: 2, mandatory: 2 } as const;
    const defaults = reconcilePolicyConfig(infos).config;
    for (const policy of all) {
      assert.ok(
        rank[level("prod")[policy.name].enforcementLevel] >=
          rank[defaults[policy.name].enforcementLevel],
        policy.name,
      );
      assert.ok(
        rank[level("dev")[policy.name].enforcementLevel] <=
          rank[defaults[policy.name].enforcementLevel],
        policy.name,
      );
    }
    assert.deepEqual(validateJson({ type: "array", items: { type: "string" } }, ["a"], ""), []);
  });
});
