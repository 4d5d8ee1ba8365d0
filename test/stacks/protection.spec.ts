/**
 * What the README's protection table promises, checked on the example stack: which
 * resources carry AWS deletion protection, Pulumi `protect` and `retainOnDelete`.
 */
import { strict as assert } from "node:assert";
import type { RecordedResource } from "../../engine/recording-monitor";
import { TYPE } from "../../lib/naming";
import { readStackConfig, stackFilePath } from "../../stacks/config/load";
import { ofType, runEstate } from "../support/estate";

describe("protection of what the estate owns", function () {
  this.timeout(120_000);
  let resources: RecordedResource[];

  before(async () => {
    resources = (await runEstate(readStackConfig(stackFilePath("example"))["messaging:estate"]))
      .resources;
  });

  const expectations: Array<[string, string, { aws: boolean; protect: boolean; retain: boolean }]> =
    [
      ["phone numbers", TYPE.phoneNumber, { aws: true, protect: true, retain: true }],
      ["sender IDs", TYPE.senderId, { aws: true, protect: true, retain: true }],
      ["opt-out lists", TYPE.optOutList, { aws: false, protect: true, retain: true }],
      ["pools", TYPE.pool, { aws: true, protect: true, retain: false }],
      [
        "protect configurations",
        TYPE.protectConfiguration,
        { aws: true, protect: false, retain: false },
      ],
    ];
  for (const [label, type, expected] of expectations) {
    it(`${label}: AWS deletion protection ${expected.aws ? "on" : "(none)"}, protect ${expected.protect}, retainOnDelete ${expected.retain}`, () => {
      const found = ofType(resources, type);
      assert.ok(found.length > 0, label);
      for (const r of found) {
        assert.equal(r.protect, expected.protect, `${r.name} protect`);
        assert.equal(r.retainOnDelete, expected.retain, `${r.name} retainOnDelete`);
        if (expected.aws) assert.equal(r.inputs.deletionProtectionEnabled, true, r.name);
        else assert.equal(r.inputs.deletionProtectionEnabled, undefined, r.name);
      }
    });
  }
});
