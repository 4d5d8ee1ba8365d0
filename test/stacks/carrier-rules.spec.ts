/**
 * Carriers' rules in the config validation (stacks/config/carrier-rules.ts,
 * registration-rules.ts): registrations where carriers require them, per Region; generic
 * and badly hyphenated sender IDs; what HELP, STOP and opt-in replies must carry, with the
 * missing element named; self-managed opt-outs on US toll-free; one pool per adopted number.
 * Each rejection names its config path and the fix, before any resource is declared.
 */
import { strict as assert } from "node:assert";
import fc from "fast-check";
import { EstateConfigError } from "../../stacks/config/issues";
import { loadEstateFromFile, parseEstateConfig } from "../../stacks/config/load";
import { stackFilePath } from "../../stacks/config/stack-file";
import { clone, minimalEstate } from "../support/estate";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

function issuesOf(mutate: (e: Loose) => void): { path: string; message: string }[] {
  const estate = clone(minimalEstate()) as Loose;
  mutate(estate);
  try {
    parseEstateConfig(estate);
  } catch (error) {
    if (!EstateConfigError.is(error)) throw error;
    return error.issues.map((issue, i) => ({ path: error.paths[i], message: issue.message }));
  }
  return [];
}

/** The one issue a mutation causes: its path and message. */
function onlyIssue(mutate: (e: Loose) => void): { path: string; message: string } {
  const issues = issuesOf(mutate);
  assert.equal(issues.length, 1, JSON.stringify(issues, null, 2));
  return issues[0];
}

const E = "messaging:estate";

describe("carrier rules in the config validation", () => {
  it("accepts the minimal estate and the example stack (registered per Region, India with its DLT IDs)", () => {
    assert.deepEqual(
      issuesOf(() => {}),
      [],
    );
    const example = loadEstateFromFile(stackFilePath("example"));
    assert.deepEqual(example.useCases.otp.india, {
      entityId: "1101456789012345678",
      templateIds: ["1107456789012345678"],
    });
  });

  describe("registration required where carriers require it", () => {
    it("refuses a US toll-free number without a registration, naming both ways to give one", () => {
      const issue = onlyIssue(
        (e) => delete e.regions["us-east-1"].phoneNumbers["otp-us"].registrationId,
      );
      assert.equal(issue.path, `${E}.regions.us-east-1.phoneNumbers.otp-us.registration`);
      assert.match(
        issue.message,
        /^a US toll-free number sends only once registered .*declare a US_TOLL_FREE_REGISTRATION under regions\.us-east-1\.registrations and name it here \(registration: <key>\), or give the registrationId of one made outside the estate$/,
      );
    });

    it("accepts a US long code without one (only toll-free and 10DLC are registered per number)", () => {
      assert.deepEqual(
        issuesOf(() => {}),
        [],
      );
    });

    for (const country of ["JO", "PH", "QA", "IN", "VN"]) {
      it(`refuses a sender ID for ${country} without a registration in each Region`, () => {
        const issues = issuesOf((e) => {
          e.useCases.otp.countries.push(country);
          if (country === "IN") e.useCases.otp.india = { entityId: "1101", templateIds: ["1107"] };
          for (const region of ["us-east-1", "us-west-2"]) {
            e.regions[region].senderIds[`otp-${country.toLowerCase()}`] = {
              useCase: "otp",
              senderId: country === "IN" ? "ACMEPY" : "ACME",
              countries: [country],
              ...(region === "us-west-2"
                ? { registrationIds: { [country]: `registration-${country}-usw2` } }
                : {}),
            };
          }
        });
        assert.deepEqual(
          issues.map((i) => i.path),
          [
            `${E}.regions.us-east-1.senderIds.otp-${country.toLowerCase()}.registrations.${country}`,
          ],
        );
        assert.match(
          issues[0].message,
          new RegExp(
            `^${country} registers sender IDs before they can send \\(.+\\); declare a ${country}_SENDER_ID_REGISTRATION under regions\\.us-east-1\\.registrations`,
          ),
        );
      });
    }

    it("refuses India through a sender ID without the DLT entity and template IDs", () => {
      const issue = onlyIssue((e) => {
        e.useCases.otp.countries.push("IN");
        for (const region of ["us-east-1", "us-west-2"]) {
          e.regions[region].senderIds["otp-india"] = {
            useCase: "otp",
            senderId: "ACMEPY",
            countries: ["IN"],
            registrationIds: { IN: `registration-in-${region}` },
          };
        }
      });
      assert.equal(issue.path, `${E}.useCases.otp.india`);
      assert.match(
        issue.message,
        /otp sends to India through a sender ID \(in us-east-1, us-west-2\).*declare india: \{ entityId: "<DLT entity ID>", templateIds: \["<DLT template ID>"\] \}, or stop sending otp to IN/,
      );
    });

    it("refuses one registration id in two Regions (registrations are per Region), at the second Region", () => {
      const issue = onlyIssue(
        (e) =>
          (e.regions["us-west-2"].phoneNumbers["marketing-us"].registrationId =
            e.regions["us-east-1"].phoneNumbers["marketing-us"].registrationId),
      );
      assert.equal(issue.path, `${E}.regions.us-west-2.phoneNumbers.marketing-us.registrationId`);
      assert.match(
        issue.message,
        /^registration "registration-marketing-use1" is us-east-1's \(phoneNumbers\.marketing-us\.registrationId\); registrations are per Region .*register in us-west-2 too and give that registration here$/,
      );
    });

    it("accepts one 10DLC campaign registration for two numbers of the same Region", () => {
      assert.deepEqual(
        issuesOf((e) => {
          e.regions["us-east-1"].phoneNumbers["marketing-us-spare"] = {
            ...e.regions["us-east-1"].phoneNumbers["marketing-us"],
            spare: true,
          };
        }),
        [],
      );
    });
  });

  describe("sender IDs", () => {
    for (const generic of ["OTP", "2FA", "otp", "NOTICE", "VERIFY"]) {
      it(`refuses the generic sender ID ${generic}`, () => {
        // Compared upper-cased (AWS stores sender IDs so); a lower-case one is also told to
        // use upper case, by the format rule.
        const issues = issuesOf((e) => {
          for (const region of ["us-east-1", "us-west-2"]) {
            e.regions[region].senderIds["otp-brand"].senderId = generic;
          }
        }).filter((i) => /generic/.test(i.message));
        assert.deepEqual(
          issues.map((i) => i.path),
          [
            `${E}.regions.us-east-1.senderIds.otp-brand.senderId`,
            `${E}.regions.us-west-2.senderIds.otp-brand.senderId`,
          ],
        );
        assert.match(
          issues[0].message,
          new RegExp(
            `sender ID "${generic}" is generic: carriers refuse a sender ID that names no brand .*use one that carries the brand, e\\.g\\. ACME-`,
          ),
        );
      });
    }

    it("accepts a sender ID that carries the brand beside a generic word (ACME-OTP)", () => {
      assert.deepEqual(
        issuesOf((e) => {
          for (const region of ["us-east-1", "us-west-2"]) {
            e.regions[region].senderIds["otp-brand"].senderId = "ACME-OTP";
          }
        }),
        [],
      );
    });

    for (const senderId of ["-ACME", "ACME-"]) {
      it(`refuses ${senderId}, which starts or ends with a hyphen`, () => {
        const issues = issuesOf(
          (e) => (e.regions["us-east-1"].senderIds["otp-brand"].senderId = senderId),
        );
        assert.deepEqual(
          issues.map((i) => i.path),
          [`${E}.regions.us-east-1.senderIds.otp-brand.senderId`],
        );
        assert.match(issues[0].message, /starts or ends with a dash/);
      });
    }
  });

  describe("HELP, STOP and opt-in replies", () => {
    it("refuses a 20-character HELP with neither brand nor contact, naming what it lacks", () => {
      const issue = onlyIssue((e) => (e.useCases.otp.keywords.help = "Reply for help today."));
      assert.equal(issue.path, `${E}.useCases.otp.keywords.help`);
      assert.match(
        issue.message,
        /^A HELP reply must carry the program \(brand\) name, a support phone number or email address and the "Msg & data rates may apply" disclosure \(.+\); this one lacks the program \(brand\) name, a support phone number or email address and the "Msg & data rates may apply" disclosure; e\.g\. "Acme: help at /,
      );
    });

    it("names the one element missing: the rates disclosure", () => {
      const issue = onlyIssue(
        (e) =>
          (e.useCases.otp.keywords.help = "Acme: help at support@acme.example or +1-800-555-0199."),
      );
      assert.match(issue.message, /this one lacks the "Msg & data rates may apply" disclosure;/);
    });

    it("judges the brand by the use case's own brand when it names one", () => {
      // The minimal estate's replies say "Acme:", not "Acme Offers".
      const issues = issuesOf((e) => (e.useCases.marketing.brand = "Acme Offers"));
      assert.deepEqual(
        issues.map((i) => i.path),
        ["help", "optIn.JOIN", "stop"].map((k) => `${E}.useCases.marketing.keywords.${k}`),
      );
      for (const issue of issues) {
        assert.match(
          issue.message,
          /this one lacks the program \(brand\) name; e\.g\. "Acme Offers: /,
        );
      }
    });

    it("refuses a STOP reply that does not confirm that nothing more will be sent", () => {
      const issue = onlyIssue(
        (e) => (e.useCases.otp.keywords.stop = "Acme: thanks, we got your message today."),
      );
      assert.equal(issue.path, `${E}.useCases.otp.keywords.stop`);
      assert.match(
        issue.message,
        /this one lacks the confirmation that no further messages will be sent/,
      );
    });

    it("refuses an opt-in confirmation without the message frequency", () => {
      const issue = onlyIssue(
        (e) =>
          (e.useCases.otp.keywords.optIn.JOIN =
            "Acme: you're subscribed. Msg&data rates may apply. Reply HELP for help, STOP to end."),
      );
      assert.equal(issue.path, `${E}.useCases.otp.keywords.optIn.JOIN`);
      assert.match(issue.message, /this one lacks the message frequency/);
    });

    it("names exactly the elements a HELP reply lacks, whichever are left out (property)", () => {
      const parts = {
        brand: ["Acme:", "the program (brand) name"],
        contact: ["write to support@example.com", "a support phone number or email address"],
        rates: ["Msg&data rates may apply.", 'the "Msg & data rates may apply" disclosure'],
      } as const;
      const keys = Object.keys(parts) as (keyof typeof parts)[];
      fc.assert(
        fc.property(fc.subarray(keys), (kept) => {
          const text = ["Text us for help any time.", ...kept.map((k) => parts[k][0])].join(" ");
          const issues = issuesOf((e) => (e.useCases.otp.keywords.help = text));
          const missing = keys.filter((k) => !kept.includes(k)).map((k) => parts[k][1]);
          if (missing.length === 0) return issues.length === 0;
          assert.equal(issues.length, 1, text);
          const lacks = /this one lacks (.+?); e\.g\./.exec(issues[0].message)?.[1];
          const expected =
            missing.length === 1
              ? missing[0]
              : `${missing.slice(0, -1).join(", ")} and ${missing[missing.length - 1]}`;
          assert.equal(lacks, expected, text);
          return true;
        }),
        { seed: 20261130, numRuns: 50 },
      );
    });
  });

  describe("opt-outs and pools", () => {
    it("refuses self-managed opt-outs on a US toll-free number", () => {
      const issues = issuesOf((e) => {
        e.useCases.otp.selfManagedOptOuts = true;
        e.useCases.otp.twoWay = true;
        e.useCases.otp.stopConfirmation = "estate";
      });
      const tollFree = issues.filter((i) => /not eligible/.test(i.message));
      assert.deepEqual(
        tollFree.map((i) => i.path),
        [
          `${E}.regions.us-east-1.phoneNumbers.otp-us-spare.numberType`,
          `${E}.regions.us-east-1.phoneNumbers.otp-us.numberType`,
        ],
      );
      assert.match(
        tollFree[0].message,
        /use case otp keeps opt-outs itself \(selfManagedOptOuts\), but US toll-free numbers are not eligible: .*serve US with a 10DLC or short code number for otp, or set selfManagedOptOuts: false/,
      );
    });

    it("refuses one adopted number in two pools (two use cases), naming the first adoption", () => {
      const arn = "arn:aws:sms-voice:us-east-1:111122223333:phone-number/phone-0123456789abcdef";
      const issue = onlyIssue((e) => {
        e.regions["us-east-1"].existingOriginators = {
          "otp-short-code": {
            useCase: "otp",
            kind: "phoneNumber",
            numberType: "SHORT_CODE",
            arn,
            countries: ["US"],
          },
          "marketing-short-code": {
            useCase: "marketing",
            kind: "phoneNumber",
            numberType: "SHORT_CODE",
            id: "phone-0123456789abcdef",
            countries: ["US"],
          },
        };
      });
      assert.equal(issue.path, `${E}.regions.us-east-1.existingOriginators.otp-short-code`);
      assert.match(
        issue.message,
        /^phone number "phone-0123456789abcdef" is already adopted as existingOriginators\.marketing-short-code \(use case marketing\); AWS holds a number in one pool only, so adopt it once$/,
      );
    });
  });
});
