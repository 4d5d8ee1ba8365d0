/**
 * Originator policies: deletion protection, Pulumi protect, sender ID format, self-managed
 * opt-outs, originator type diversity.
 */
import { strict as assert } from "node:assert";
import { smsDeletionProtectionEnabled } from "../../policies/sms/deletion-protection-enabled";
import { smsOriginatorPulumiProtect } from "../../policies/sms/originator-pulumi-protect";
import { smsOriginatorTypeDiversity } from "../../policies/sms/originator-type-diversity";
import { smsSelfManagedOptOutsTwoWay } from "../../policies/sms/self-managed-opt-outs-two-way";
import { smsSenderIdFormat } from "../../policies/sms/sender-id-format";
import type { AnalyzerResourceSpec } from "../../tools/check/analyzer-resources";
import { onResource, recordEstate, violations } from "./support";

describe("policies: SMS originators", () => {
  let compliant: AnalyzerResourceSpec[];
  before(async () => {
    compliant = await recordEstate();
  });

  describe("sms-deletion-protection-enabled", () => {
    const policy = smsDeletionProtectionEnabled;

    it("passes numbers, sender IDs and pools of both providers with protection on", async () => {
      assert.deepEqual(await violations(policy, compliant), []);
    });

    it("flags an @pulumi/aws phone number with protection off", async () => {
      const specs = await recordEstate({
        "use1-otp-us-tfn": { args: { deletionProtectionEnabled: false } },
      });
      assert.deepEqual(await violations(policy, specs), [
        "use1-otp-us-tfn: Phone number has deletionProtectionEnabled: false; set it to true.",
      ]);
    });

    it("flags an aws-native sender ID that leaves it unset", async () => {
      const specs = await recordEstate({
        "usw2-alerts-gb-sender": { args: { deletionProtectionEnabled: undefined } },
      });
      assert.deepEqual(await violations(policy, specs), [
        "usw2-alerts-gb-sender: Sender ID leaves deletionProtectionEnabled unset, which AWS treats as false; set it to true.",
      ]);
    });

    it("flags pools too", async () => {
      const specs = await recordEstate({
        "use1-otp-pool": { args: { deletionProtectionEnabled: false } },
      });
      assert.deepEqual(await violations(policy, specs), [
        "use1-otp-pool: Pool has deletionProtectionEnabled: false; set it to true.",
      ]);
    });

    it("is not applicable to opt-out lists", async () => {
      assert.equal(
        (await onResource(policy, compliant, "use1-otp-list")).notApplicable,
        "applies to phone numbers, sender IDs and pools only",
      );
    });
  });

  describe("sms-originator-pulumi-protect", () => {
    const policy = smsOriginatorPulumiProtect;

    it("passes protected originators and opt-out lists (protect arrives through the analyzer options)", async () => {
      assert.deepEqual(await violations(policy, compliant), []);
      assert.equal(
        (await onResource(policy, compliant, "use1-otp-gb-sender")).violations.length,
        0,
      );
    });

    it("flags an unprotected phone number", async () => {
      const specs = await recordEstate({
        "use1-otp-gb-long": { opts: { protect: false, retainOnDelete: false } },
      });
      assert.deepEqual(await violations(policy, specs), [
        "use1-otp-gb-long: Phone number is not protected in Pulumi; declare it with the resource options protect: true and retainOnDelete: true.",
      ]);
    });

    it("requires protect: retainOnDelete alone does not reach the analyzer", async () => {
      const specs = await recordEstate({
        "usw2-alerts-gb-sender": { opts: { protect: false, retainOnDelete: true } },
      });
      assert.deepEqual(await violations(policy, specs), [
        "usw2-alerts-gb-sender: Sender ID is not protected in Pulumi; declare it with the resource options protect: true and retainOnDelete: true.",
      ]);
    });

    it("flags an unprotected opt-out list unless includeOptOutLists is false", async () => {
      const specs = await recordEstate({ "use1-alerts-list": { opts: { protect: false } } });
      assert.deepEqual(await violations(policy, specs), [
        "use1-alerts-list: Opt-out list is not protected in Pulumi; declare it with the resource options protect: true and retainOnDelete: true.",
      ]);
      assert.deepEqual(await violations(policy, specs, { includeOptOutLists: false }), []);
    });

    it("is not applicable to pools", async () => {
      assert.equal(
        (await onResource(policy, compliant, "use1-otp-pool")).notApplicable,
        "applies to phone numbers, sender IDs and opt-out lists only",
      );
    });
  });

  describe("sms-sender-id-format", () => {
    const policy = smsSenderIdFormat;

    it("passes well-formed sender IDs, including a 6-character one for India", async () => {
      assert.deepEqual(await violations(policy, compliant), []);
    });

    const cases: Array<[string, string, string, string]> = [
      ["use1-otp-gb-sender", "AC", "GB", 'Sender ID "AC" is 2 characters; it must be 3 to 11.'],
      [
        "use1-otp-gb-sender",
        "ACME-OTP-SMS1",
        "GB",
        'Sender ID "ACME-OTP-SMS1" is 13 characters; it must be 3 to 11.',
      ],
      [
        "use1-otp-gb-sender",
        "ACME_OTP",
        "GB",
        'Sender ID "ACME_OTP" may only contain letters, digits and dashes.',
      ],
      [
        "use1-otp-gb-sender",
        "12345",
        "GB",
        'Sender ID "12345" is numeric-only; it needs at least one letter.',
      ],
      [
        "use1-otp-gb-sender",
        "AcmeOtp",
        "GB",
        'Sender ID "AcmeOtp" must be upper case ("ACMEOTP"): AWS stores sender IDs upper-cased.',
      ],
      [
        "use1-otp-in-sender",
        "ACMEOTP",
        "IN",
        'Sender ID "ACMEOTP" is sent to India, where sender IDs must be exactly 6 characters.',
      ],
    ];
    for (const [name, senderId, country, message] of cases) {
      it(`flags ${senderId} (${country})`, async () => {
        const specs = await recordEstate({
          [name]: { args: { senderId, isoCountryCode: country } },
        });
        assert.deepEqual(await violations(policy, specs), [`${name}: ${message}`]);
      });
    }

    it("checks aws-native sender IDs", async () => {
      const specs = await recordEstate({
        "use1-alerts-gb-sender": { args: { senderId: "ACME ALERT" } },
      });
      assert.deepEqual(await violations(policy, specs), [
        'use1-alerts-gb-sender: Sender ID "ACME ALERT" may only contain letters, digits and dashes.',
      ]);
    });

    it("takes per-country exact lengths from config, replacing the default table", async () => {
      const specs = await recordEstate({ "use1-otp-gb-sender": { args: { senderId: "ACMEOTP" } } });
      const result = await onResource(policy, specs, "use1-otp-gb-sender", {
        exactLengthByCountry: { GB: 8 },
      });
      assert.deepEqual(result.violations, [
        {
          message:
            'Sender ID "ACMEOTP" is sent to GB, where sender IDs must be exactly 8 characters.',
        },
      ]);
      // Replacing the table drops India's rule.
      const india = await recordEstate({ "use1-otp-in-sender": { args: { senderId: "ACMEOTP" } } });
      assert.deepEqual(await violations(policy, india, { exactLengthByCountry: {} }), []);
    });
  });

  describe("sms-self-managed-opt-outs-two-way", () => {
    const policy = smsSelfManagedOptOutsTwoWay;

    it("passes self-managed numbers and pools with two-way and a channel", async () => {
      assert.deepEqual(await violations(policy, compliant), []);
    });

    it("flags an aws-native pool with two-way off", async () => {
      const specs = await recordEstate({
        "use1-alerts-pool": { args: { twoWay: { enabled: false } } },
      });
      assert.deepEqual(await violations(policy, specs), [
        "use1-alerts-pool: Pool has selfManagedOptOutsEnabled: true but two-way SMS is off, so STOP replies reach nobody; enable two-way with an inbound SNS topic or turn self-managed opt-outs off.",
      ]);
    });

    it("flags an aws-native number with two-way on but no channel", async () => {
      const specs = await recordEstate({
        "use1-alerts-ca-long": { args: { twoWay: { enabled: true } } },
      });
      assert.deepEqual(await violations(policy, specs), [
        "use1-alerts-ca-long: Phone number has self-managed opt-outs and two-way SMS on but no two-way channel; set the inbound SNS topic ARN so replies reach the application.",
      ]);
    });

    it("flags an @pulumi/aws pool that self-manages opt-outs one-way", async () => {
      const specs = await recordEstate({
        "usw2-otp-pool": { args: { selfManagedOptOutsEnabled: true } },
      });
      assert.deepEqual(await violations(policy, specs), [
        "usw2-otp-pool: Pool has selfManagedOptOutsEnabled: true but two-way SMS is off, so STOP replies reach nobody; enable two-way with an inbound SNS topic or turn self-managed opt-outs off.",
      ]);
    });

    it("flags an @pulumi/aws number the same way", async () => {
      const specs = await recordEstate({
        "use1-otp-us-tfn": { args: { selfManagedOptOutsEnabled: true } },
      });
      assert.deepEqual(await violations(policy, specs), [
        "use1-otp-us-tfn: Phone number has selfManagedOptOutsEnabled: true but two-way SMS is off, so STOP replies reach nobody; enable two-way with an inbound SNS topic or turn self-managed opt-outs off.",
      ]);
    });
  });

  describe("sms-originator-type-diversity", () => {
    const policy = smsOriginatorTypeDiversity;

    it("passes when every country has two originator types in every Region", async () => {
      assert.deepEqual(await violations(policy, compliant), []);
    });

    it("flags a country left with one type in one Region", async () => {
      const specs = await recordEstate({
        "usw2-otp-gb-long": { omit: true },
        "usw2-alerts-gb-sender": { omit: true },
      });
      assert.deepEqual(await violations(policy, specs), [
        "(stack): us-west-2 reaches 1 country through fewer originator types than they need: GB (only sender ID originators, 2 types needed: add a long code or short code).",
      ]);
    });

    it("does not count simulator numbers", async () => {
      const specs = await recordEstate({
        "use1-otp-us-10dlc": { args: { numberType: "SIMULATOR" } },
      });
      assert.deepEqual(await violations(policy, specs), [
        "(stack): us-east-1 reaches 1 country through fewer originator types than they need: US (only toll-free number originators, 2 types needed: add a 10DLC number or short code).",
      ]);
    });

    it("honours minimumTypes and exemptCountries", async () => {
      assert.deepEqual(
        await violations(policy, compliant, {
          minimumTypes: 3,
          exemptCountries: ["CA", "GB", "IN", "US"],
        }),
        [],
      );
      assert.deepEqual(
        (
          await violations(policy, compliant, {
            minimumTypes: 3,
            exemptCountries: ["CA", "GB", "IN"],
          })
        ).length,
        2,
      );
    });
  });
});
