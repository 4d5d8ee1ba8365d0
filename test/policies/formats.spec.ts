/**
 * The shared format rules: one source of truth for the pack and the stack config validator.
 */
import { strict as assert } from "node:assert";
import * as fc from "fast-check";
import * as packFormats from "../../policies/lib/formats";
import * as stackFormats from "../../stacks/config/formats";

describe("policies/lib/formats", () => {
  it("is what stacks/config/formats re-exports", () => {
    assert.equal(stackFormats.senderIdProblem, packFormats.senderIdProblem);
    assert.equal(stackFormats.E164_PATTERN, packFormats.E164_PATTERN);
  });

  it("accepts E.164 numbers and rejects formatted ones", () => {
    assert.ok(packFormats.E164_PATTERN.test("+12065550142"));
    for (const bad of [
      "+1 (206) 555-0142",
      "12065550142",
      "+0123",
      "+1",
      "+1234567890123456789012",
    ]) {
      assert.ok(!packFormats.E164_PATTERN.test(bad), bad);
    }
  });

  it("accepts 3–11 upper-case letters, digits and dashes with a letter", () => {
    for (const ok of ["ACME", "ANYCO-OTP", "A1B", "NORTHWIND12"])
      assert.equal(packFormats.senderIdProblem(ok, "GB"), undefined, ok);
  });

  it("names the first broken rule", () => {
    assert.equal(
      packFormats.senderIdProblem("AB"),
      'sender ID "AB" is 2 characters; it must be 3 to 11',
    );
    assert.equal(
      packFormats.senderIdProblem("ACME OTP"),
      'sender ID "ACME OTP" may only contain letters, digits and dashes',
    );
    assert.equal(
      packFormats.senderIdProblem("123"),
      'sender ID "123" is numeric-only; it needs at least one letter',
    );
    assert.equal(
      packFormats.senderIdProblem("acme"),
      'sender ID "acme" must be upper case ("ACME"): AWS stores sender IDs upper-cased',
    );
    assert.equal(
      packFormats.senderIdProblem("ACMEPAY", "IN"),
      'sender ID "ACMEPAY" is sent to India, where sender IDs must be exactly 6 characters',
    );
    assert.equal(packFormats.senderIdProblem("ACMEPY", "IN"), undefined);
  });

  it("lets callers replace the per-country lengths", () => {
    assert.equal(
      packFormats.senderIdProblem("ACMEPAY", "IN", { exactLengthByCountry: {} }),
      undefined,
    );
    assert.equal(
      packFormats.senderIdProblem("ACMEPAY", "JO", { exactLengthByCountry: { JO: 5 } }),
      'sender ID "ACMEPAY" is sent to JO, where sender IDs must be exactly 5 characters',
    );
  });

  it("looks a country's length up among the table's own entries only (constructor, toString...)", () => {
    // A country code is outside input: the table must not answer with Object.prototype's
    // members, whose "length" is a function and never equal to the sender ID's.
    for (const country of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
      assert.equal(packFormats.senderIdProblem("ACME", country), undefined, country);
      assert.equal(
        packFormats.senderIdProblem("ACME", country, { exactLengthByCountry: { IN: 6 } }),
        undefined,
        country,
      );
    }
  });

  it("refuses a dash at either end, which carriers refuse", () => {
    for (const bad of ["-ACME", "ACME-", "-AC-"]) {
      assert.equal(
        packFormats.senderIdProblem(bad, "GB"),
        `sender ID "${bad}" starts or ends with a dash; carriers refuse it, so use dashes only between letters or digits`,
      );
    }
    assert.equal(packFormats.senderIdProblem("AC-ME", "GB"), undefined);
  });

  it("never accepts a sender ID outside the character set, length or dash placement (property)", () => {
    // Strings over a few telling characters, so dashes at either end come up often.
    const senderIds = fc
      .array(fc.constantFrom("A", "Z", "7", "-", "a", "_", " "), { maxLength: 13 })
      .map((chars) => chars.join(""));
    fc.assert(
      fc.property(senderIds, (id) => {
        const valid = /^[A-Z0-9-]{3,11}$/.test(id) && /[A-Z]/.test(id) && !/^-|-$/.test(id);
        assert.equal(packFormats.senderIdProblem(id, "GB") === undefined, valid);
      }),
    );
  });
});
