/**
 * Invokes answered like AWS: `aws.iam.getPolicyDocument` rendered as the AWS provider
 * renders it, the account, Region, partition, zones, organization and SSM parameters, and
 * aws-native's equivalents; an invoke nobody offline can answer comes back unknown (never
 * its arguments echoed) and is named in the run.
 */
import { strict as assert } from "node:assert";
import * as zlib from "node:zlib";
import * as aws from "@pulumi/aws";
import * as native from "@pulumi/aws-native";
import * as pulumi from "@pulumi/pulumi";
import { renderPolicyDocument, PolicyDocumentError } from "../../engine/invokes/policy-document";
import { runOffline } from "../../engine/run";

const ACCOUNT = "111122223333";

/** Runs `program` offline and returns the run. */
const run = (program: () => unknown, options = {}) =>
  runOffline(program, { account: ACCOUNT, defaultRegion: "us-east-1", ...options });

describe("offline invokes", () => {
  describe("aws.iam.getPolicyDocument, as the AWS provider renders it", () => {
    it("renders an assume-role policy: empty Sid kept, single values collapsed, principals keyed by type", () => {
      const { json, minifiedJson, id } = renderPolicyDocument({
        statements: [
          {
            actions: ["sts:AssumeRole"],
            principals: [{ type: "Service", identifiers: ["sms-voice.amazonaws.com"] }],
          },
        ],
      });
      assert.equal(
        json,
        [
          "{",
          '  "Version": "2012-10-17",',
          '  "Statement": [',
          "    {",
          '      "Sid": "",',
          '      "Effect": "Allow",',
          '      "Action": "sts:AssumeRole",',
          '      "Principal": {',
          '        "Service": "sms-voice.amazonaws.com"',
          "      }",
          "    }",
          "  ]",
          "}",
        ].join("\n"),
      );
      assert.equal(
        minifiedJson,
        '{"Version":"2012-10-17","Statement":[{"Sid":"","Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"sms-voice.amazonaws.com"}}]}',
      );
      assert.equal(id, String(zlib.crc32(json)));
    });

    it("sorts lists in reverse, de-duplicates sets, merges conditions by test and variable", () => {
      const { minifiedJson } = renderPolicyDocument({
        statements: [
          {
            sid: "Logs",
            actions: ["logs:PutLogEvents", "logs:CreateLogStream", "logs:PutLogEvents"],
            resources: ["arn:aws:logs:*:*:log-group:/a", "arn:aws:logs:*:*:log-group:/b"],
            principals: [
              { type: "Service", identifiers: ["sms-voice.amazonaws.com"] },
              { type: "AWS", identifiers: ["arn:aws:iam::111122223333:root"] },
            ],
            conditions: [
              { test: "StringEquals", variable: "aws:SourceAccount", values: [ACCOUNT] },
              {
                test: "ArnLike",
                variable: "aws:SourceArn",
                values: [
                  "arn:aws:sms-voice:*:111122223333:configuration-set/a",
                  "arn:aws:sms-voice:*:111122223333:configuration-set/b",
                ],
              },
            ],
          },
        ],
      });
      assert.deepEqual(JSON.parse(minifiedJson).Statement[0], {
        Sid: "Logs",
        Effect: "Allow",
        Action: ["logs:PutLogEvents", "logs:CreateLogStream"],
        Resource: ["arn:aws:logs:*:*:log-group:/b", "arn:aws:logs:*:*:log-group:/a"],
        Principal: {
          AWS: "arn:aws:iam::111122223333:root",
          Service: "sms-voice.amazonaws.com",
        },
        Condition: {
          ArnLike: {
            "aws:SourceArn": [
              "arn:aws:sms-voice:*:111122223333:configuration-set/b",
              "arn:aws:sms-voice:*:111122223333:configuration-set/a",
            ],
          },
          StringEquals: { "aws:SourceAccount": ACCOUNT },
        },
      });
      // Keys in the provider's order: Sid, Effect, Action, Resource, Principal, Condition.
      assert.deepEqual(Object.keys(JSON.parse(minifiedJson).Statement[0]), [
        "Sid",
        "Effect",
        "Action",
        "Resource",
        "Principal",
        "Condition",
      ]);
    });

    it("merges source documents first, then the statements, then overrides by Sid", () => {
      const source = renderPolicyDocument({
        statements: [
          { actions: ["ec2:*"], resources: ["*"] },
          { sid: "SidToOverride", actions: ["s3:*"], resources: ["*"] },
        ],
      }).json;
      const merged = renderPolicyDocument({
        sourcePolicyDocuments: [source],
        statements: [
          {
            sid: "SidToOverride",
            actions: ["s3:*"],
            resources: ["arn:aws:s3:::somebucket", "arn:aws:s3:::somebucket/*"],
          },
        ],
      });
      assert.deepEqual(JSON.parse(merged.json).Statement, [
        { Sid: "", Effect: "Allow", Action: "ec2:*", Resource: "*" },
        {
          Sid: "SidToOverride",
          Effect: "Allow",
          Action: "s3:*",
          Resource: ["arn:aws:s3:::somebucket/*", "arn:aws:s3:::somebucket"],
        },
      ]);
      const overridden = renderPolicyDocument({
        statements: [{ sid: "A", actions: ["ec2:*"], resources: ["*"] }],
        overridePolicyDocuments: [
          '{"Statement":[{"Sid":"A","Effect":"Deny","Action":"ec2:*","Resource":"*"},{"Effect":"Allow","Action":["iam:PassRole"],"Resource":"*"}]}',
        ],
      });
      assert.deepEqual(JSON.parse(overridden.json).Statement, [
        { Sid: "A", Effect: "Deny", Action: "ec2:*", Resource: "*" },
        // A source document's own lists stay as written, one-element arrays included.
        { Sid: "", Effect: "Allow", Action: ["iam:PassRole"], Resource: "*" },
      ]);
    });

    it("writes policy variables and escapes HTML characters as Go does", () => {
      const { json } = renderPolicyDocument({
        statements: [
          { actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/home/&{aws:username}/<x>"] },
        ],
      });
      assert.match(json, /"Resource": "arn:aws:s3:::b\/home\/\$\{aws:username\}\/\\u003cx\\u003e"/);
    });

    it("fails as the provider fails", () => {
      assert.throws(
        () =>
          renderPolicyDocument({
            statements: [
              { sid: "X", actions: ["a:b"] },
              { sid: "X", actions: ["a:c"] },
            ],
          }),
        (e: Error) => e instanceof PolicyDocumentError && /duplicate Sid \(X\)/.test(e.message),
      );
      assert.throws(
        () =>
          renderPolicyDocument({
            version: "2008-10-17",
            statements: [{ actions: ["s3:*"], resources: ["arn:aws:s3:::&{aws:username}"] }],
          }),
        /not supported in document version 2008-10-17/,
      );
    });

    it("answers the invoke in a program, plain and output form", async () => {
      const result = await run(async () => {
        const plain = await aws.iam.getPolicyDocument({
          statements: [
            {
              actions: ["sts:AssumeRole"],
              principals: [{ type: "Service", identifiers: ["sms-voice.amazonaws.com"] }],
            },
          ],
        });
        const output = aws.iam.getPolicyDocumentOutput({
          statements: [
            {
              actions: ["sts:AssumeRole"],
              principals: [{ type: "Service", identifiers: ["sms-voice.amazonaws.com"] }],
            },
          ],
        });
        new aws.iam.Role("role", { assumeRolePolicy: output.json });
        return { plain: plain.json, minified: plain.minifiedJson };
      });
      const role = result.resources.find((r) => r.name === "role")!;
      assert.equal(role.inputs.assumeRolePolicy, result.outputs.plain);
      assert.match(
        String(result.outputs.minified),
        /^\{"Version":"2012-10-17","Statement":\[\{"Sid":""/,
      );
      assert.deepEqual(result.unansweredInvokes, []);
    });
  });

  it("answers the account, Region, partition and zones of the invoke's provider", async () => {
    const result = await run(async () => {
      const west = new aws.Provider("west", {
        region: "us-west-2",
        allowedAccountIds: ["444455556666"],
      });
      const china = new aws.Provider("china", { region: "cn-north-1" });
      const [identity, region, partition, cnPartition, zones] = await Promise.all([
        aws.getCallerIdentity({}, { provider: west }),
        aws.getRegion({}, { provider: west }),
        aws.getPartition({}, { provider: west }),
        aws.getPartition({}, { provider: china }),
        aws.getAvailabilityZones({ excludeNames: ["us-east-1e"] }),
      ]);
      const nativeWest = new native.Provider("native-west", { region: "eu-west-1" });
      const [accountId, nativeRegion, azs, urlSuffix] = await Promise.all([
        native.getAccountId({ provider: nativeWest }),
        native.getRegion({ provider: nativeWest }),
        native.getAzs({}, { provider: nativeWest }),
        native.getUrlSuffix({ provider: nativeWest }),
      ]);
      return {
        account: identity.accountId,
        region: region.region,
        description: region.description,
        partition: partition.partition,
        cn: [cnPartition.partition, cnPartition.dnsSuffix],
        zones: zones.names,
        zoneIds: zones.zoneIds,
        nativeAccount: accountId.accountId,
        nativeRegion: nativeRegion.region,
        azs: azs.azs,
        urlSuffix: urlSuffix.urlSuffix,
      };
    });
    assert.deepEqual(result.outputs, {
      account: "444455556666",
      region: "us-west-2",
      description: "US West (Oregon)",
      partition: "aws",
      cn: ["aws-cn", "amazonaws.com.cn"],
      zones: ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", "us-east-1f"],
      zoneIds: ["use1-az1", "use1-az2", "use1-az3", "use1-az4", "use1-az6"],
      nativeAccount: ACCOUNT,
      nativeRegion: "eu-west-1",
      azs: ["eu-west-1a", "eu-west-1b", "eu-west-1c"],
      urlSuffix: "amazonaws.com",
    });
    // The caller's ARN is known only to AWS: unknown, and said so.
    assert.deepEqual(
      result.unansweredInvokes.map((i) => [i.token, i.unknownFields]),
      [["aws:index/getCallerIdentity:getCallerIdentity", ["arn", "userId"]]],
    );
  });

  it("answers getOrganization from the organization it was given, and leaves it unknown otherwise", async () => {
    const program = async () => {
      const org = aws.organizations.getOrganizationOutput({});
      new aws.ram.PrincipalAssociation("to-org", {
        resourceShareArn: "arn:aws:ram:us-east-1:111122223333:resource-share/x",
        principal: org.arn,
      });
      return { id: org.id, management: org.masterAccountId };
    };
    const known = await run(program, {
      organizationArn: "arn:aws:organizations::111122223333:organization/o-a1b2c3d4e5",
    });
    assert.deepEqual(known.outputs, { id: "o-a1b2c3d4e5", management: ACCOUNT });
    assert.equal(
      known.resources.find((r) => r.name === "to-org")!.inputs.principal,
      "arn:aws:organizations::111122223333:organization/o-a1b2c3d4e5",
    );
    const unknown = await run(program);
    assert.ok(
      pulumi.isUnknown(unknown.resources.find((r) => r.name === "to-org")!.inputs.principal),
    );
    const [invoke] = unknown.unansweredInvokes;
    assert.equal(invoke.token, "aws:organizations/getOrganization:getOrganization");
    assert.ok(invoke.unknownFields.includes("arn"));
    assert.match(invoke.reason, /--aws-organization/);
  });

  it("reads back SSM parameters the program declares, and only those", async () => {
    const result = await run(async () => {
      new aws.ssm.Parameter("pointer", {
        name: "/messaging/otp/region",
        type: "String",
        value: "us-west-2",
      });
      await new Promise((resolve) => setTimeout(resolve, 10));
      const declared = await aws.ssm.getParameter({ name: "/messaging/otp/region" });
      const elsewhere = aws.ssm.getParameterOutput({ name: "/owned/by/another/stack" });
      new aws.sns.Topic("t", { displayName: elsewhere.value });
      const nativeDeclared = await native.getSsmParameterString({ name: "/messaging/otp/region" });
      return { value: declared.value, nativeValue: nativeDeclared.value };
    });
    assert.deepEqual(result.outputs, { value: "us-west-2", nativeValue: "us-west-2" });
    assert.ok(pulumi.isUnknown(result.resources.find((r) => r.name === "t")!.inputs.displayName));
    assert.deepEqual(
      result.unansweredInvokes.map((i) => [i.token, i.args]),
      [["aws:ssm/getParameter:getParameter", '{"name":"/owned/by/another/stack"}']],
    );
  });

  it("returns every field of a function it does not know as unknown, never the arguments", async () => {
    const result = await run(async () => {
      const role = await aws.iam.getRole({ name: "deployer" });
      new aws.sns.Topic("t", { displayName: role.arn, kmsMasterKeyId: role.name });
      const pool = native.smsvoice.getPoolOutput({ poolId: "pool-123" });
      new aws.sns.Topic("u", { displayName: pool.apply((p) => p.optOutListName ?? "none") });
    });
    const t = result.resources.find((r) => r.name === "t")!;
    // `name` is an argument of getRole too: an echo would have made it "deployer".
    assert.ok(pulumi.isUnknown(t.inputs.displayName));
    assert.ok(pulumi.isUnknown(t.inputs.kmsMasterKeyId));
    assert.ok(pulumi.isUnknown(result.resources.find((r) => r.name === "u")!.inputs.displayName));
    assert.deepEqual(
      result.unansweredInvokes.map((i) => i.token),
      ["aws:iam/getRole:getRole", "aws-native:smsvoice:getPool"],
    );
    assert.ok(result.unansweredInvokes[0].unknownFields.includes("assumeRolePolicy"));
  });
});
