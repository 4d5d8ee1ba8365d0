/**
 * Policy config handling, as the Pulumi CLI does it for --policy-pack-config.
 */
import { strict as assert } from "node:assert";
import {
  parsePolicyConfig,
  PolicyConfigError,
  reconcilePolicyConfig,
  validateJson,
  type PolicyInfoLite,
} from "../../tools/check/policy-config";

const POLICIES: PolicyInfoLite[] = [
  {
    name: "p-one",
    enforcementLevel: "mandatory",
    configSchema: {
      properties: {
        limit: { type: "integer", minimum: 0, maximum: 5, default: 5 },
        keys: { type: "array", items: { type: "string" }, default: ["owner"] },
      },
    },
  },
  { name: "p-two", enforcementLevel: "advisory" },
];

describe("check: policy config", () => {
  it("parses levels given as strings or inside objects", () => {
    assert.deepEqual(
      parsePolicyConfig('{"p-one":"advisory","p-two":{"enforcementLevel":"disabled","x":1}}'),
      {
        "p-one": { enforcementLevel: "advisory" },
        "p-two": { enforcementLevel: "disabled", properties: { x: 1 } },
      },
    );
    assert.deepEqual(parsePolicyConfig("  "), {});
  });

  it("rejects malformed files with the reason", () => {
    assert.throws(
      () => parsePolicyConfig("{", "f.json"),
      (e: Error) => e instanceof PolicyConfigError && /^f\.json: not valid JSON/.test(e.message),
    );
    assert.throws(
      () => parsePolicyConfig("[]", "f.json"),
      /must be a JSON object keyed by policy name/,
    );
    assert.throws(
      () => parsePolicyConfig('{"p":"strict"}', "f.json"),
      /"p": "strict" is not an enforcement level/,
    );
    assert.throws(
      () => parsePolicyConfig('{"p":{"enforcementLevel":3}}', "f.json"),
      /enforcementLevel: 3 is not an enforcement level/,
    );
    assert.throws(
      () => parsePolicyConfig('{"p":7}', "f.json"),
      /must be an enforcement level or an object/,
    );
  });

  it("fills every policy with its schema defaults and own level", () => {
    assert.deepEqual(reconcilePolicyConfig(POLICIES).config, {
      "p-one": { enforcementLevel: "mandatory", properties: { limit: 5, keys: ["owner"] } },
      "p-two": { enforcementLevel: "advisory", properties: {} },
    });
  });

  it("applies 'all', then each policy's entry, over the defaults", () => {
    const result = reconcilePolicyConfig(POLICIES, {
      all: { enforcementLevel: "advisory" },
      "p-one": { properties: { limit: 2 } },
      "p-two": { enforcementLevel: "mandatory" },
    });
    assert.deepEqual(result.config, {
      "p-one": { enforcementLevel: "advisory", properties: { limit: 2, keys: ["owner"] } },
      "p-two": { enforcementLevel: "mandatory", properties: {} },
    });
  });

  it("applies the pack's initial config before the user's", () => {
    const result = reconcilePolicyConfig(
      POLICIES,
      { "p-one": { properties: { limit: 1 } } },
      { "p-one": { enforcementLevel: "disabled", properties: { limit: 3 } } },
    );
    assert.deepEqual(result.config["p-one"], {
      enforcementLevel: "disabled",
      properties: { limit: 1, keys: ["owner"] },
    });
  });

  it("reports schema violations, unknown policies and unknown properties", () => {
    const result = reconcilePolicyConfig(POLICIES, {
      "p-one": { properties: { limit: 9, keys: ["a", 2], limt: 1 } },
      "p-three": { enforcementLevel: "advisory" },
    });
    assert.deepEqual(result.errors, [
      "p-one: limit: must be <= 5",
      "p-one: keys[1]: expected string, got integer",
    ]);
    assert.deepEqual(result.unknownPolicies, ["p-three"]);
    assert.deepEqual(result.unknownProperties, ["p-one.limt"]);
  });

  it("treats policy and property names that are object members as unknown names, never as members", () => {
    // `__proto__` as JSON.parse reads it: an own key, which an assignment would turn into the prototype.
    const given = parsePolicyConfig(
      '{"constructor": "advisory", "toString": {"x": 1}, "__proto__": {"enforcementLevel": "disabled"},' +
        ' "p-one": {"constructor": 1, "toString": "x", "valueOf": 2}}',
    );
    const result = reconcilePolicyConfig(POLICIES, given);
    assert.deepEqual(result.unknownPolicies.sort(), ["__proto__", "constructor", "toString"]);
    assert.deepEqual(result.unknownProperties.sort(), [
      "p-one.constructor",
      "p-one.toString",
      "p-one.valueOf",
    ]);
    assert.equal(result.config["p-one"].enforcementLevel, "mandatory");
    assert.equal(result.config["p-two"].enforcementLevel, "advisory");
    assert.equal((Object as unknown as Record<string, unknown>).enforcementLevel, undefined);
    assert.deepEqual(Object.keys(result.config).sort(), ["p-one", "p-two"]);
    assert.equal(Object.getPrototypeOf(given), Object.prototype);
    assert.deepEqual(
      validateJson(
        { type: "object", properties: { limit: { type: "integer" } } },
        { constructor: "x" },
        "",
      ),
      [],
    );
    assert.deepEqual(
      validateJson(
        { type: "object", properties: { limit: { type: "integer" } }, additionalProperties: false },
        { constructor: "x", toString: 1 },
        "",
      ),
      ["constructor: no value is allowed here", "toString: no value is allowed here"],
    );
  });

  it("validates the JSON-schema subset policies use", () => {
    const schema = {
      type: "object",
      required: ["a"],
      properties: { a: { type: "string", pattern: "^x", minLength: 2 }, b: { enum: [1, 2] } },
      additionalProperties: { type: "boolean" },
    };
    assert.deepEqual(validateJson(schema, { a: "xy", b: 1, c: true }, ""), []);
    assert.deepEqual(validateJson(schema, { a: "y", b: 3, c: 1 }, ""), [
      "a: must be at least 2 characters",
      "a: must match ^x",
      "b: must be one of 1, 2",
      "c: expected boolean, got integer",
    ]);
    assert.deepEqual(validateJson(schema, {}, ""), ["(root): a is required"]);
    assert.deepEqual(
      validateJson({ type: "array", uniqueItems: true, maxItems: 2 }, [1, 1, 1], ""),
      ["(root): must have at most 2 items", "(root): items must be unique"],
    );
    assert.deepEqual(validateJson({ type: "number" }, 1, ""), []);
  });
});
