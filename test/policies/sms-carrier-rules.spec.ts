/**
 * Carrier rules in the pack: registrations on US numbers, self-managed opt-outs on US
 * toll-free, one pool per originator, reply content, generic sender IDs. Each is run on the
 * compliant fixture estate (both providers, two Regions) with one thing broken.
 */
import { strict as assert } from "node:assert";
import { smsKeywordReplyContent } from "../../policies/sms/keyword-reply-content";
import { smsOriginatorOnePool } from "../../policies/sms/originator-one-pool";
import { smsRegistrationRequired } from "../../policies/sms/registration-required";
import { smsSelfManagedOptOutsTollFree } from "../../policies/sms/self-managed-opt-outs-toll-free";
import { smsSenderIdFormat } from "../../policies/sms/sender-id-format";
import type { AnalyzerResourceSpec } from "../../tools/check/analyzer-resources";
import { onResource, previewOfNewResources, recordEstate, violations } from "./support";

describe("policies: carrier rules", () => {
  let compliant: AnalyzerResourceSpec[];
  before(async () => {
    compliant = await recordEstate();
  });

  describe("sms-registration-required", () => {
    const policy = smsRegistrationRequired;

    it("passes registered US numbers and unregistered numbers elsewhere", async () => {
      assert.deepEqual(await violations(policy, compliant), []);
    });

    it("flags a US toll-free and a 10DLC number without a registration", async () => {
      const specs = await recordEstate({
        "use1-otp-us-tfn": { args: { registrationId: undefined } },
        "usw2-otp-us-10dlc": { args: { registrationId: undefined } },
      });
      assert.deepEqual(await violations(policy, specs), [
        "use1-otp-us-tfn: US toll-free number has no registrationId: carriers block its messages until it is registered; set registrationId to its own US_TOLL_FREE_REGISTRATION in this Region.",
        "usw2-otp-us-10dlc: US 10DLC number has no registrationId: carriers block its messages until it is registered; set registrationId to its US_TEN_DLC_CAMPAIGN_REGISTRATION in this Region.",
      ]);
    });

    it("passes a registration id still unknown during preview", async () => {
      const specs = previewOfNewResources(
        await recordEstate({ "use1-otp-us-tfn": { args: { registrationId: undefined } } }),
      );
      const spec = specs.find((s) => s.name === "use1-otp-us-tfn")!;
      spec.inputs.registrationId = "04da6b54-80a4-46f7-ad5d-3b3d1f4b8c9e";
      assert.deepEqual(await violations(policy, specs), []);
    });

    it("is not applicable to aws-native numbers (registered by association afterwards)", async () => {
      assert.equal(
        (await onResource(policy, compliant, "use1-alerts-ca-tfn")).notApplicable,
        "applies to @pulumi/aws phone numbers only",
      );
    });
  });

  describe("sms-self-managed-opt-outs-toll-free", () => {
    const policy = smsSelfManagedOptOutsTollFree;

    it("passes the fixture: its self-managed toll-free number is Canadian", async () => {
      assert.deepEqual(await violations(policy, compliant), []);
    });

    it("flags a US toll-free number with self-managed opt-outs, of either provider", async () => {
      const specs = await recordEstate({
        "use1-otp-us-tfn": { args: { selfManagedOptOutsEnabled: true } },
        "usw2-alerts-ca-tfn": { args: { isoCountryCode: "US" } },
      });
      const found = await violations(policy, specs);
      assert.deepEqual(
        found.map((v) => v.split(":")[0]),
        ["use1-otp-us-tfn", "usw2-alerts-ca-tfn"],
      );
      assert.match(found[0], /not eligible: the toll-free network answers STOP/);
    });
  });

  describe("sms-originator-one-pool", () => {
    const policy = smsOriginatorOnePool;

    it("passes pools with distinct members", async () => {
      assert.deepEqual(await violations(policy, compliant), []);
    });

    it("flags a pool that adopts, by ARN, a number another pool holds (even a pool of the other provider)", async () => {
      const adopted =
        "arn:aws:sms-voice:us-east-1:111122223333:phone-number/phone-0123456789abcdef";
      const specs = await recordEstate({
        "use1-otp-pool": { args: { originationIdentities: [adopted] } },
        "use1-alerts-pool": { args: { originationIdentities: ["phone-0123456789abcdef"] } },
      });
      const found = await violations(policy, specs);
      assert.equal(found.length, 1, found.join("\n"));
      assert.match(
        found[0],
        /^use1-(otp|alerts)-pool: Originator phone-0123456789abcdef is already a member of pool use1-(otp|alerts)-pool; AWS holds an originator in one pool only/,
      );
    });
  });

  describe("sms-keyword-reply-content", () => {
    const policy = smsKeywordReplyContent;

    it("passes the fixture's replies, with the program name configured too", async () => {
      assert.deepEqual(await violations(policy, compliant), []);
      assert.deepEqual(await violations(policy, compliant, { programNames: ["Acme"] }), []);
    });

    it("names what a HELP keyword lacks", async () => {
      const specs = await recordEstate({
        "use1-otp-keyword-help": { args: { keywordMessage: "Reply STOP to end these texts." } },
      });
      assert.deepEqual(await violations(policy, specs, { programNames: ["Acme"] }), [
        'use1-otp-keyword-help: HELP reply (HELP) lacks the program (brand) name, a support phone number or email address and the "Msg & data rates may apply" disclosure; carriers require the program (brand) name, a support phone number or email address and the "Msg & data rates may apply" disclosure.',
      ]);
    });

    it("judges aws-native inline keywords: a STOP that confirms nothing, an opt-in without frequency", async () => {
      const specs = await recordEstate({
        "usw2-alerts-pool": {
          args: {
            mandatoryKeywords: {
              help: {
                message: "Acme alerts: help at help@acme.example. Msg&data rates may apply.",
              },
              stop: { message: "Acme alerts: thanks for your message." },
            },
            optionalKeywords: [
              {
                keyword: "START",
                action: "OPT_IN",
                message:
                  "Acme alerts are on. Msg&data rates may apply. Reply HELP for help, STOP to end.",
              },
            ],
          },
        },
      });
      assert.deepEqual(await violations(policy, specs), [
        'usw2-alerts-pool: Pool\'s STOP reply (STOP) lacks the confirmation that no further messages will be sent (e.g. "you will receive no more messages"); carriers require the confirmation that no further messages will be sent (e.g. "you will receive no more messages").',
        'usw2-alerts-pool: Pool\'s opt-in confirmation (START) lacks the message frequency (e.g. "up to 4 msgs/month", "one per sign-in", "message frequency varies"); carriers require the "Msg & data rates may apply" disclosure, the message frequency (e.g. "up to 4 msgs/month", "one per sign-in", "message frequency varies"), how to get help (e.g. "Reply HELP for help") and how to opt out (e.g. "Reply STOP to cancel").',
      ]);
    });

    it("leaves automatic responses alone", async () => {
      const specs = await recordEstate({
        "use1-otp-keyword-join": {
          args: { keywordAction: "AUTOMATIC_RESPONSE", keywordMessage: "Hi." },
        },
      });
      assert.deepEqual(await violations(policy, specs), []);
    });
  });

  describe("sms-sender-id-format: generic sender IDs", () => {
    it("flags OTP and 2FA, and a configured word, but not one that carries the brand", async () => {
      const specs = await recordEstate({
        "use1-otp-gb-sender": { args: { senderId: "OTP" } },
        "usw2-otp-gb-sender": { args: { senderId: "2FA" } },
      });
      assert.deepEqual(
        (await violations(smsSenderIdFormat, specs)).map((v) => v.split(":")[0]),
        ["use1-otp-gb-sender", "usw2-otp-gb-sender"],
      );
      assert.deepEqual(
        (await violations(smsSenderIdFormat, compliant, { genericSenderIds: ["ACME-OTP"] })).map(
          (v) => v.split(":")[0],
        ),
        ["use1-otp-gb-sender", "usw2-otp-gb-sender"],
      );
      assert.deepEqual(await violations(smsSenderIdFormat, compliant), []);
    });
  });
});
