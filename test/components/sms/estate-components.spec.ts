/**
 * The SMS components, built for real from a small estate under the offline engine: what
 * each registers and with which inputs and options.
 */
import { strict as assert } from "node:assert";
import type { RecordedResource } from "../../../engine/recording-monitor";
import { clone, minimalEstate, named, ofType, runEstate, TOKENS } from "../../support/estate";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

describe("SMS components", () => {
  let resources: RecordedResource[];
  const arnOf = (name: string) => named(resources, name).outputs.arn as string;

  before(async () => {
    ({ resources } = await runEstate(minimalEstate()));
  });

  describe("originators", () => {
    it("requests every phone number and sender ID with deletion protection, Pulumi protect and retainOnDelete", () => {
      const originators = [
        ...ofType(resources, TOKENS.phoneNumber),
        ...ofType(resources, TOKENS.senderId),
      ];
      assert.equal(originators.length, 5 + 2);
      for (const r of originators) {
        assert.equal(r.inputs.deletionProtectionEnabled, true, r.name);
        assert.equal(r.protect, true, r.name);
        assert.equal(r.retainOnDelete, true, r.name);
      }
    });

    it("declares each originator in its own Region", () => {
      assert.equal(named(resources, "us-east-1-originators-otp-us").inputs.region, "us-east-1");
      assert.equal(named(resources, "us-west-2-originators-otp-us").inputs.region, "us-west-2");
      assert.match(
        arnOf("us-west-2-originators-otp-us"),
        /^arn:aws:sms-voice:us-west-2:111122223333:phone-number\/phone-[0-9a-f]{32}$/,
      );
    });

    it("puts every originator, spares included, on its use case's opt-out list", () => {
      for (const name of ["us-east-1-originators-otp-us", "us-east-1-originators-otp-us-spare"]) {
        assert.equal(named(resources, name).inputs.optOutListName, "acme-otp");
      }
      assert.equal(
        named(resources, "us-east-1-originators-marketing-us").inputs.optOutListName,
        "acme-marketing",
      );
    });

    it("does not wait for numbers gated on registration, but does for plain long codes", () => {
      assert.equal(named(resources, "us-east-1-originators-otp-us").inputs.waitForActive, false); // toll-free
      assert.equal(
        named(resources, "us-east-1-originators-marketing-us").inputs.waitForActive,
        false,
      ); // 10DLC
      assert.equal(named(resources, "us-west-2-originators-otp-us").inputs.waitForActive, true); // long code
    });

    it("requests one sender ID per country, with the use case's message type", () => {
      const sender = named(resources, "us-east-1-originators-otp-brand-gb");
      assert.deepEqual(
        {
          senderId: sender.inputs.senderId,
          country: sender.inputs.isoCountryCode,
          types: sender.inputs.messageTypes,
        },
        { senderId: "ACME", country: "GB", types: ["TRANSACTIONAL"] },
      );
      assert.equal(
        sender.outputs.arn,
        "arn:aws:sms-voice:us-east-1:111122223333:sender-id/ACME/GB",
      );
    });
  });

  describe("opt-out lists", () => {
    it("creates one protected list per use case per Region", () => {
      const lists = ofType(resources, TOKENS.optOutList);
      assert.deepEqual(lists.map((l) => `${l.inputs.region}/${l.inputs.name}`).sort(), [
        "us-east-1/acme-marketing",
        "us-east-1/acme-otp",
        "us-west-2/acme-marketing",
        "us-west-2/acme-otp",
      ]);
      for (const list of lists) assert.equal(list.protect, true);
    });
  });

  describe("phone pools", () => {
    it("sets shared routes off explicitly and turns on deletion protection", () => {
      for (const pool of ofType(resources, TOKENS.pool)) {
        assert.ok(
          "sharedRoutesEnabled" in pool.inputs,
          `${pool.name} must set sharedRoutesEnabled explicitly`,
        );
        assert.equal(pool.inputs.sharedRoutesEnabled, false);
        assert.equal(pool.inputs.deletionProtectionEnabled, true);
      }
    });

    it("holds the use case's non-spare originators, never the spares", () => {
      const pool = named(resources, "us-east-1-otp-pool");
      assert.deepEqual(pool.inputs.originationIdentities, [
        arnOf("us-east-1-originators-otp-us"),
        arnOf("us-east-1-originators-otp-brand-gb"),
      ]);
      assert.ok(
        !(pool.inputs.originationIdentities as string[]).includes(
          arnOf("us-east-1-originators-otp-us-spare"),
        ),
      );
    });

    it("uses the same opt-out list as every one of its members", () => {
      const byArn = new Map(ofType(resources, TOKENS.phoneNumber).map((n) => [n.outputs.arn, n]));
      for (const pool of ofType(resources, TOKENS.pool)) {
        for (const arn of pool.inputs.originationIdentities as string[]) {
          const member = byArn.get(arn);
          if (member)
            assert.equal(
              member.inputs.optOutListName,
              pool.inputs.optOutListName,
              `${member.name} in ${pool.name}`,
            );
        }
      }
    });

    it("never replaces a pool when its first member changes (isoCountryCode is ignored after creation)", () => {
      const pool = named(resources, "us-east-1-otp-pool");
      assert.equal(pool.inputs.isoCountryCode, "US");
      assert.deepEqual(pool.ignoreChanges, ["isoCountryCode"]);
    });

    it("answers HELP and STOP (actions owned by AWS) and opts in with JOIN, on the pool", () => {
      const keywords = ofType(resources, TOKENS.keyword).filter((k) =>
        k.name.startsWith("us-east-1-otp-"),
      );
      assert.deepEqual(
        keywords.map((k) => [k.inputs.keyword, k.inputs.keywordAction ?? null]).sort(),
        [
          ["HELP", null],
          ["JOIN", "OPT_IN"],
          ["STOP", null],
        ],
      );
      for (const k of keywords)
        assert.equal(k.inputs.originationIdentityArn, arnOf("us-east-1-otp-pool"));
    });

    it("wires two-way use cases to an inbound topic on the pool and its numbers", () => {
      const topic = named(resources, "us-east-1-marketing-inbound-topic");
      const pool = named(resources, "us-east-1-marketing-pool");
      assert.equal(pool.inputs.twoWayEnabled, true);
      assert.equal(pool.inputs.twoWayChannelArn, topic.outputs.arn);
      const number = named(resources, "us-east-1-originators-marketing-us");
      assert.equal(number.inputs.twoWayChannelEnabled, true);
      assert.equal(number.inputs.twoWayChannelArn, topic.outputs.arn);
      const policy = JSON.parse(
        named(resources, "us-east-1-marketing-inbound-topic-policy").inputs.policy as string,
      );
      assert.deepEqual(policy.Statement[0].Condition, {
        StringEquals: { "aws:SourceAccount": "111122223333" },
      });
      assert.equal(named(resources, "us-east-1-otp-pool").inputs.twoWayEnabled, false);
    });
  });

  describe("configuration sets", () => {
    it("declares one aws-native set per use case per Region through that Region's provider", () => {
      const sets = ofType(resources, TOKENS.configurationSet);
      assert.equal(sets.length, 4);
      for (const set of sets) {
        const region = set.name.startsWith("us-east-1") ? "us-east-1" : "us-west-2";
        assert.equal(set.region, region, set.name);
        assert.match(set.provider, new RegExp(`::${region}-aws-native::`));
      }
    });

    it("sends CloudWatch Logs events through a role that trusts only this account's End User Messaging", () => {
      const set = named(resources, "us-east-1-otp-config-set");
      const [destination] = set.inputs.eventDestinations as Loose[];
      const role = named(resources, "us-east-1-otp-config-logs-role");
      assert.equal(destination.cloudWatchLogsDestination.iamRoleArn, role.outputs.arn);
      assert.equal(
        destination.cloudWatchLogsDestination.logGroupArn,
        arnOf("us-east-1-otp-config-logs-logs"),
      );
      const trust = JSON.parse(role.inputs.assumeRolePolicy as string);
      assert.deepEqual(trust.Statement[0].Principal, { Service: "sms-voice.amazonaws.com" });
      assert.deepEqual(trust.Statement[0].Condition, {
        StringEquals: { "aws:SourceAccount": "111122223333" },
        ArnLike: {
          "aws:SourceArn": "arn:aws:sms-voice:us-east-1:111122223333:configuration-set/acme-otp",
        },
      });
    });

    it("grants each role only its own destination", () => {
      const logs = JSON.parse(
        named(resources, "us-east-1-otp-config-logs-role-policy").inputs.policy as string,
      );
      const group = arnOf("us-east-1-otp-config-logs-logs");
      assert.deepEqual(logs.Statement[0].Resource, [group, `${group}:*`]);
      assert.ok(!logs.Statement[0].Action.some((a: string) => a.includes("*")));
      const firehose = JSON.parse(
        named(resources, "us-west-2-marketing-config-stream-role-policy").inputs.policy as string,
      );
      assert.deepEqual(firehose.Statement[0], {
        Effect: "Allow",
        Action: ["firehose:PutRecord", "firehose:PutRecordBatch"],
        Resource: ["arn:aws:firehose:us-west-2:111122223333:deliverystream/sms"],
      });
    });
  });

  describe("adopted originators", () => {
    it("adds an originator obtained outside Pulumi to the pool by ARN, without managing it", async () => {
      const raw = clone(minimalEstate()) as Loose;
      raw.regions["us-east-1"].existingOriginators = {
        "otp-short-code": {
          useCase: "otp",
          kind: "phoneNumber",
          numberType: "SHORT_CODE",
          id: "phone-0123456789abcdef0123456789abcdef",
          countries: ["US"],
        },
      };
      const run = await runEstate(raw);
      const pool = named(run.resources, "us-east-1-otp-pool");
      assert.ok(
        (pool.inputs.originationIdentities as string[]).includes(
          "arn:aws:sms-voice:us-east-1:111122223333:phone-number/phone-0123456789abcdef0123456789abcdef",
        ),
      );
      assert.equal(
        ofType(run.resources, TOKENS.phoneNumber).length,
        5,
        "no resource is declared for it",
      );
    });
  });

  describe("adopted sender IDs", () => {
    const sid = (country: string) =>
      `arn:aws:sms-voice:us-east-1:111122223333:sender-id/ACMEPAY/${country}`;

    it("joins the pool once per country, whatever order the countries are listed in", async () => {
      const members = async (countries: string[]) => {
        const raw = clone(minimalEstate()) as Loose;
        raw.useCases.otp.countries = ["US", "GB", "DE", "FR"];
        for (const region of ["us-east-1", "us-west-2"]) {
          raw.regions[region].senderIds["otp-brand"].countries = ["GB", "DE", "FR"];
        }
        raw.regions["us-east-1"].existingOriginators = {
          "otp-legacy": { useCase: "otp", kind: "senderId", id: "ACMEPAY", countries },
        };
        const run = await runEstate(raw);
        return named(run.resources, "us-east-1-otp-pool").inputs.originationIdentities as string[];
      };
      const forward = await members(["DE", "FR"]);
      assert.ok(forward.includes(sid("DE")) && forward.includes(sid("FR")), forward.join("\n"));
      assert.equal(forward.filter((arn) => arn.includes("/ACMEPAY/")).length, 2);
      assert.deepEqual(await members(["FR", "DE"]), forward, "reordering changes nothing");
    });
  });

  describe("tags", () => {
    it("tags every use-case resource with the stack's tags, its use case and its Region's role", () => {
      const tags = named(resources, "us-west-2-otp-pool").inputs.tags as Record<string, string>;
      assert.deepEqual(tags, {
        owner: "platform",
        "messaging:managed-by": "pulumi",
        "messaging:public-facing": "true",
        "messaging:region-role": "standby",
        "messaging:use-case": "otp",
      });
      // Only public-facing use cases carry the public-facing tag.
      const marketing = named(resources, "us-west-2-marketing-pool").inputs.tags as Record<
        string,
        string
      >;
      assert.equal(marketing["messaging:public-facing"], undefined);
      assert.equal(marketing["messaging:use-case"], "marketing");
    });
  });
});
