import assert from "node:assert/strict";
import {
  ConflictException,
  CreateOptOutListCommand,
  CreateProtectConfigurationCommand,
  DeleteAccountDefaultProtectConfigurationCommand,
  DeleteOptedOutNumberCommand,
  DeleteProtectConfigurationCommand,
  DeleteProtectConfigurationRuleSetNumberOverrideCommand,
  DeleteTextMessageSpendLimitOverrideCommand,
  DescribeConfigurationSetsCommand,
  DescribeOptedOutNumbersCommand,
  DescribeOptOutListsCommand,
  DescribePhoneNumbersCommand,
  DescribePoolsCommand,
  DescribeProtectConfigurationsCommand,
  DescribeSenderIdsCommand,
  DescribeSpendLimitsCommand,
  InternalServerException,
  ListPoolOriginationIdentitiesCommand,
  ListProtectConfigurationRuleSetNumberOverridesCommand,
  paginateDescribePhoneNumbers,
  PinpointSMSVoiceV2Client,
  type PinpointSMSVoiceV2ClientConfig,
  PutOptedOutNumberCommand,
  PutProtectConfigurationRuleSetNumberOverrideCommand,
  ResourceNotFoundException,
  SetAccountDefaultProtectConfigurationCommand,
  SetTextMessageSpendLimitOverrideCommand,
  ThrottlingException,
  ValidationException,
} from "@aws-sdk/client-pinpoint-sms-voice-v2";
import {
  GetParameterCommand,
  GetParametersByPathCommand,
  GetParametersCommand,
  ParameterAlreadyExists,
  ParameterNotFound,
  PutParameterCommand,
  SSMClient,
} from "@aws-sdk/client-ssm";
import { type AwsEndpoint, startAwsEndpoint } from "./aws-endpoint";

const credentials = { accessKeyId: "test", secretAccessKey: "test" };

/** Asserts `promise` rejects with an instance of `type` and returns the error for further checks. */
async function rejection<T extends Error>(
  promise: Promise<unknown>,
  type: new (...args: never[]) => T,
): Promise<T> {
  try {
    await promise;
  } catch (error) {
    assert.ok(
      error instanceof type,
      `expected ${type.name}, got ${(error as Error)?.name}: ${(error as Error)?.message}`,
    );
    return error;
  }
  assert.fail(`expected ${type.name}, but the call succeeded`);
}

describe("local AWS endpoint", () => {
  let aws: AwsEndpoint;
  const clients: { destroy(): void }[] = [];

  function sms(
    region: string,
    extra: Partial<PinpointSMSVoiceV2ClientConfig> = {},
  ): PinpointSMSVoiceV2Client {
    const client = new PinpointSMSVoiceV2Client({
      region,
      endpoint: aws.url,
      credentials,
      maxAttempts: 1,
      ...extra,
    });
    clients.push(client);
    return client;
  }

  function ssm(region: string): SSMClient {
    const client = new SSMClient({ region, endpoint: aws.url, credentials, maxAttempts: 1 });
    clients.push(client);
    return client;
  }

  before(async () => {
    aws = await startAwsEndpoint();
  });

  afterEach(() => {
    aws.reset();
  });

  after(async () => {
    for (const client of clients) client.destroy();
    await aws.close();
  });

  describe("protocol", () => {
    it("answers an unknown operation with 400 UnknownOperationException in body and header", async () => {
      const response = await fetch(aws.url, {
        method: "POST",
        headers: {
          "content-type": "application/x-amz-json-1.0",
          "x-amz-target": "PinpointSMSVoiceV2.LaunchRockets",
          authorization:
            "AWS4-HMAC-SHA256 Credential=test/20250101/eu-west-1/sms-voice/aws4_request, SignedHeaders=host, Signature=0",
        },
        body: "{}",
      });
      assert.equal(response.status, 400);
      assert.equal(response.headers.get("x-amzn-errortype"), "UnknownOperationException");
      const body = (await response.json()) as Record<string, string>;
      assert.equal(body.__type, "UnknownOperationException");
      assert.match(body.message, /LaunchRockets/);
      assert.deepEqual(
        aws.requests.map((r) => [r.region, r.service, r.operation, r.status]),
        [["eu-west-1", "sms-voice", "LaunchRockets", 400]],
      );
    });

    it("rejects an unsigned request with 403 and logs its region as unknown", async () => {
      const response = await fetch(aws.url, {
        method: "POST",
        headers: { "x-amz-target": "PinpointSMSVoiceV2.DescribePools" },
        body: "{}",
      });
      assert.equal(response.status, 403);
      assert.equal(aws.requests[0].region, "unknown");
    });
  });

  describe("SMS Voice v2 state", () => {
    it("pages DescribePhoneNumbers with MaxResults/NextToken in creation order", async () => {
      const seeded = aws.state.seed("eu-west-1", {
        phoneNumbers: [
          "+447700900001",
          "+447700900002",
          "+447700900003",
          "+447700900004",
          "+447700900005",
        ].map((phoneNumber) => ({ phoneNumber, isoCountryCode: "GB", numberType: "LONG_CODE" })),
      });
      const client = sms("eu-west-1");
      const pages: string[][] = [];
      for await (const page of paginateDescribePhoneNumbers({ client, pageSize: 2 }, {})) {
        pages.push((page.PhoneNumbers ?? []).map((n) => n.PhoneNumberId ?? ""));
      }
      const ids = seeded.phoneNumbers.map((n) => n.id);
      assert.deepEqual(pages, [ids.slice(0, 2), ids.slice(2, 4), ids.slice(4)]);

      const first = await client.send(new DescribePhoneNumbersCommand({ MaxResults: 3 }));
      assert.equal(first.PhoneNumbers?.length, 3);
      assert.ok(first.PhoneNumbers?.[0].CreatedTimestamp instanceof Date);
      const rest = await client.send(
        new DescribePhoneNumbersCommand({ NextToken: first.NextToken }),
      );
      assert.equal(rest.PhoneNumbers?.length, 2);
      assert.equal(rest.NextToken, undefined);
    });

    it("rejects a bad NextToken and an out-of-range MaxResults with ValidationException", async () => {
      const client = sms("eu-west-1");
      const badToken = await rejection(
        client.send(new DescribePhoneNumbersCommand({ NextToken: "not-a-token" })),
        ValidationException,
      );
      assert.equal(badToken.Reason, "INVALID_NEXT_TOKEN");
      const tooMany = await rejection(
        client.send(new DescribePoolsCommand({ MaxResults: 101 })),
        ValidationException,
      );
      assert.match(tooMany.message, /between 1 and 100/);
    });

    it("answers ResourceNotFoundException with type, id and message for unknown ids", async () => {
      const client = sms("eu-west-1");
      const error = await rejection(
        client.send(new DescribePhoneNumbersCommand({ PhoneNumberIds: ["phone-missing"] })),
        ResourceNotFoundException,
      );
      assert.equal(error.ResourceType, "phone-number");
      assert.equal(error.ResourceId, "phone-missing");
      assert.match(error.message, /phone-missing/);
      assert.equal(error.$metadata.httpStatusCode, 400);
    });

    it("keeps opt-out lists and opted-out numbers with put, describe, delete and conflicts", async () => {
      const client = sms("eu-west-1");
      await client.send(new CreateOptOutListCommand({ OptOutListName: "marketing" }));
      const duplicate = await rejection(
        client.send(new CreateOptOutListCommand({ OptOutListName: "marketing" })),
        ConflictException,
      );
      assert.equal(duplicate.Reason, "RESOURCE_ALREADY_EXISTS");

      for (const number of ["+12065550100", "+12065550101", "+12065550102"]) {
        await client.send(
          new PutOptedOutNumberCommand({ OptOutListName: "marketing", OptedOutNumber: number }),
        );
      }
      const page = await client.send(
        new DescribeOptedOutNumbersCommand({ OptOutListName: "marketing", MaxResults: 2 }),
      );
      assert.deepEqual(
        page.OptedOutNumbers?.map((n) => [n.OptedOutNumber, n.EndUserOptedOut]),
        [
          ["+12065550100", false],
          ["+12065550101", false],
        ],
      );
      assert.ok(page.NextToken);

      await client.send(
        new DeleteOptedOutNumberCommand({
          OptOutListName: "marketing",
          OptedOutNumber: "+12065550101",
        }),
      );
      const all = await client.send(
        new DescribeOptedOutNumbersCommand({ OptOutListName: "marketing" }),
      );
      assert.deepEqual(
        all.OptedOutNumbers?.map((n) => n.OptedOutNumber),
        ["+12065550100", "+12065550102"],
      );
      await rejection(
        client.send(
          new DeleteOptedOutNumberCommand({
            OptOutListName: "marketing",
            OptedOutNumber: "+12065550101",
          }),
        ),
        ResourceNotFoundException,
      );
      const invalid = await rejection(
        client.send(
          new PutOptedOutNumberCommand({
            OptOutListName: "marketing",
            OptedOutNumber: "+1 (206) 555",
          }),
        ),
        ValidationException,
      );
      assert.match(invalid.message, /regular expression pattern/);

      const lists = await client.send(new DescribeOptOutListsCommand({}));
      assert.deepEqual(
        lists.OptOutLists?.map((l) => l.OptOutListName),
        ["Default", "marketing"],
      );
    });

    it("serves seeded pools, members, sender IDs and configuration sets with filters", async () => {
      const seeded = aws.state.seed("eu-west-1", {
        optOutLists: [{ name: "shared", optedOutNumbers: ["+447700900999"] }],
        phoneNumbers: [
          {
            phoneNumber: "+447700900001",
            isoCountryCode: "GB",
            numberType: "LONG_CODE",
            optOutListName: "shared",
          },
          { phoneNumber: "+12065550142", numberCapabilities: ["SMS", "VOICE"] },
        ],
        senderIds: [{ senderId: "ACME", isoCountryCode: "GB" }],
        pools: [
          {
            members: ["+447700900001", { senderId: "ACME", isoCountryCode: "GB" }],
            optOutListName: "shared",
            deletionProtectionEnabled: true,
          },
          { members: ["+12065550142"] },
        ],
        configurationSets: [{ name: "otp", defaultMessageType: "TRANSACTIONAL" }],
      });
      const client = sms("eu-west-1");
      const [gbPool, usPool] = seeded.pools;

      const protectedPools = await client.send(
        new DescribePoolsCommand({
          Filters: [{ Name: "deletion-protection-enabled", Values: ["true"] }],
        }),
      );
      assert.deepEqual(
        protectedPools.Pools?.map((p) => [p.PoolId, p.OptOutListName, p.SharedRoutesEnabled]),
        [[gbPool.id, "shared", false]],
      );

      const members = await client.send(
        new ListPoolOriginationIdentitiesCommand({ PoolId: gbPool.arn }),
      );
      assert.deepEqual(
        members.OriginationIdentities?.map((m) => [m.OriginationIdentity, m.IsoCountryCode]),
        [
          [seeded.phoneNumbers[0].id, "GB"],
          ["ACME", "GB"],
        ],
      );
      const numbers = await client.send(
        new DescribePhoneNumbersCommand({
          Filters: [{ Name: "number-capability", Values: ["VOICE"] }],
        }),
      );
      assert.deepEqual(
        numbers.PhoneNumbers?.map((n) => [n.PhoneNumber, n.PoolId]),
        [["+12065550142", usPool.id]],
      );
      const senderIds = await client.send(
        new DescribeSenderIdsCommand({ SenderIds: [{ SenderId: "ACME", IsoCountryCode: "GB" }] }),
      );
      assert.equal(senderIds.SenderIds?.[0].SenderIdArn, seeded.senderIds[0].arn);
      const sets = await client.send(
        new DescribeConfigurationSetsCommand({ ConfigurationSetNames: ["otp"] }),
      );
      assert.equal(sets.ConfigurationSets?.[0].DefaultMessageType, "TRANSACTIONAL");
      await rejection(
        client.send(new ListPoolOriginationIdentitiesCommand({ PoolId: "pool-nope" })),
        ResourceNotFoundException,
      );
    });

    it("keeps protect configurations, the account default and number overrides", async () => {
      const client = sms("eu-west-1");
      const created = await client.send(
        new CreateProtectConfigurationCommand({ DeletionProtectionEnabled: true }),
      );
      const id = created.ProtectConfigurationId ?? "";
      assert.equal(created.AccountDefault, false);

      await rejection(
        client.send(new DeleteAccountDefaultProtectConfigurationCommand({})),
        ResourceNotFoundException,
      );
      await client.send(
        new SetAccountDefaultProtectConfigurationCommand({ ProtectConfigurationId: id }),
      );
      const defaults = await client.send(
        new DescribeProtectConfigurationsCommand({
          Filters: [{ Name: "account-default", Values: ["true"] }],
        }),
      );
      assert.deepEqual(
        defaults.ProtectConfigurations?.map((c) => c.ProtectConfigurationId),
        [id],
      );
      const protectedDelete = await rejection(
        client.send(new DeleteProtectConfigurationCommand({ ProtectConfigurationId: id })),
        ConflictException,
      );
      assert.equal(protectedDelete.Reason, "DELETION_PROTECTION_ENABLED");
      aws.state.region("eu-west-1").protectConfigurations.get(id)!.deletionProtectionEnabled =
        false;
      const defaultDelete = await rejection(
        client.send(new DeleteProtectConfigurationCommand({ ProtectConfigurationId: id })),
        ConflictException,
      );
      assert.equal(defaultDelete.Reason, "PROTECT_CONFIGURATION_IS_ACCOUNT_DEFAULT");

      const expiry = new Date(Date.now() + 86_400_000);
      const put = await client.send(
        new PutProtectConfigurationRuleSetNumberOverrideCommand({
          ProtectConfigurationId: id,
          DestinationPhoneNumber: "+12065550142",
          Action: "ALLOW",
          ExpirationTimestamp: expiry,
        }),
      );
      assert.equal(put.IsoCountryCode, "US");
      assert.equal(put.ExpirationTimestamp?.getTime(), expiry.getTime());
      await client.send(
        new PutProtectConfigurationRuleSetNumberOverrideCommand({
          ProtectConfigurationId: id,
          DestinationPhoneNumber: "+447700900001",
          Action: "BLOCK",
        }),
      );
      const gb = await client.send(
        new ListProtectConfigurationRuleSetNumberOverridesCommand({
          ProtectConfigurationId: id,
          Filters: [{ Name: "destination-phone-number-begins-with", Values: ["+44"] }],
        }),
      );
      assert.deepEqual(
        gb.RuleSetNumberOverrides?.map((o) => [
          o.DestinationPhoneNumber,
          o.Action,
          o.ExpirationTimestamp,
        ]),
        [["+447700900001", "BLOCK", undefined]],
      );
      const badNumber = await rejection(
        client.send(
          new PutProtectConfigurationRuleSetNumberOverrideCommand({
            ProtectConfigurationId: id,
            DestinationPhoneNumber: "+1 (206) 555-0142",
            Action: "ALLOW",
          }),
        ),
        ValidationException,
      );
      assert.match(badNumber.message, /destinationPhoneNumber/);
      await client.send(
        new DeleteProtectConfigurationRuleSetNumberOverrideCommand({
          ProtectConfigurationId: id,
          DestinationPhoneNumber: "+12065550142",
        }),
      );
      const left = await client.send(
        new ListProtectConfigurationRuleSetNumberOverridesCommand({ ProtectConfigurationId: id }),
      );
      assert.equal(left.RuleSetNumberOverrides?.length, 1);

      const removed = await client.send(new DeleteAccountDefaultProtectConfigurationCommand({}));
      assert.equal(removed.DefaultProtectConfigurationId, id);
      await client.send(new DeleteProtectConfigurationCommand({ ProtectConfigurationId: id }));
      await rejection(
        client.send(
          new SetAccountDefaultProtectConfigurationCommand({ ProtectConfigurationId: id }),
        ),
        ResourceNotFoundException,
      );
    });

    it("keeps the text spend-limit override within the service's MaxLimit", async () => {
      aws.state.seed("eu-west-1", {
        spendLimits: { TEXT_MESSAGE_MONTHLY_SPEND_LIMIT: { maxLimit: 500 } },
      });
      const client = sms("eu-west-1");
      const text = async () =>
        (await client.send(new DescribeSpendLimitsCommand({}))).SpendLimits?.find(
          (l) => l.Name === "TEXT_MESSAGE_MONTHLY_SPEND_LIMIT",
        );
      assert.deepEqual(await text(), {
        Name: "TEXT_MESSAGE_MONTHLY_SPEND_LIMIT",
        EnforcedLimit: 500,
        MaxLimit: 500,
        Overridden: false,
      });
      await client.send(new SetTextMessageSpendLimitOverrideCommand({ MonthlyLimit: 120 }));
      assert.equal((await text())?.EnforcedLimit, 120);
      assert.equal((await text())?.Overridden, true);
      const tooHigh = await rejection(
        client.send(new SetTextMessageSpendLimitOverrideCommand({ MonthlyLimit: 501 })),
        ValidationException,
      );
      assert.equal(tooHigh.Reason, "REQUESTED_SPEND_LIMIT_HIGHER_THAN_SERVICE_LIMIT");
      const deleted = await client.send(new DeleteTextMessageSpendLimitOverrideCommand({}));
      assert.equal(deleted.MonthlyLimit, 120);
      assert.equal((await text())?.Overridden, false);
    });
  });

  describe("regions", () => {
    it("keeps state per region and logs the region of every request", async () => {
      aws.state.seed("eu-west-1", {
        phoneNumbers: [{ phoneNumber: "+447700900001", isoCountryCode: "GB" }],
      });
      aws.state.seed("us-west-2", {
        phoneNumbers: [{ phoneNumber: "+12065550100" }, { phoneNumber: "+12065550101" }],
      });
      const eu = await sms("eu-west-1").send(new DescribePhoneNumbersCommand({}));
      const us = await sms("us-west-2").send(new DescribePhoneNumbersCommand({}));
      assert.deepEqual(
        eu.PhoneNumbers?.map((n) => n.PhoneNumber),
        ["+447700900001"],
      );
      assert.deepEqual(
        us.PhoneNumbers?.map((n) => n.PhoneNumber),
        ["+12065550100", "+12065550101"],
      );
      assert.ok(
        eu.PhoneNumbers?.[0].PhoneNumberArn?.startsWith(
          "arn:aws:sms-voice:eu-west-1:123456789012:phone-number/",
        ),
      );
      assert.deepEqual(
        aws.requests.map((r) => [r.region, r.service, r.operation, r.status]),
        [
          ["eu-west-1", "sms-voice", "DescribePhoneNumbers", 200],
          ["us-west-2", "sms-voice", "DescribePhoneNumbers", 200],
        ],
      );
      assert.equal(aws.requests.filter((r) => r.region === "us-east-1").length, 0);
      assert.ok(aws.requests.every((r) => r.at instanceof Date));
    });
  });

  describe("faults", () => {
    it("throttles the first N requests of a region, then serves", async () => {
      aws.faults.set("eu-west-1", { mode: "throttle", times: 2 });
      const client = sms("eu-west-1");
      for (let i = 0; i < 2; i++) {
        const error = await rejection(
          client.send(new DescribePoolsCommand({})),
          ThrottlingException,
        );
        assert.equal(error.$metadata.httpStatusCode, 400);
      }
      await client.send(new DescribePoolsCommand({}));
      await sms("us-west-2").send(new DescribePoolsCommand({}));
      assert.deepEqual(
        aws.requests.map((r) => [r.region, r.status, r.fault]),
        [
          ["eu-west-1", 400, "throttle"],
          ["eu-west-1", 400, "throttle"],
          ["eu-west-1", 200, undefined],
          ["us-west-2", 200, undefined],
        ],
      );
      assert.equal(aws.faults.injected("eu-west-1"), 2);
    });

    it("answers 5xx InternalServerException only for the listed operations", async () => {
      aws.faults.set("eu-west-1", { mode: "5xx", status: 503, operations: ["DescribePools"] });
      const client = sms("eu-west-1");
      const error = await rejection(
        client.send(new DescribePoolsCommand({})),
        InternalServerException,
      );
      assert.equal(error.$metadata.httpStatusCode, 503);
      assert.equal(error.$fault, "server");
      await client.send(new DescribePhoneNumbersCommand({}));
      aws.faults.clear("eu-west-1");
      await client.send(new DescribePoolsCommand({}));
    });

    it("applies a wildcard-region fault everywhere", async () => {
      aws.faults.set("*", { mode: "5xx" });
      await rejection(
        sms("ap-southeast-2").send(new DescribePoolsCommand({})),
        InternalServerException,
      );
    });

    it("never answers a silenced request, so the client's own timeout fires", async () => {
      aws.faults.set("us-east-1", { mode: "silence" });
      const client = sms("us-east-1", {
        requestHandler: { requestTimeout: 200, throwOnRequestTimeout: true },
      });
      await assert.rejects(client.send(new DescribePoolsCommand({})), (error: Error) => {
        assert.match(`${error.name} ${error.message}`, /timeout|timed out/i);
        return true;
      });
      assert.deepEqual(
        aws.requests.map((r) => [r.region, r.status, r.fault]),
        [["us-east-1", null, "silence"]],
      );
    });

    it("closes promptly while a silenced request is still open", async () => {
      const other = await startAwsEndpoint();
      other.faults.set("us-east-1", { mode: "silence" });
      const client = new PinpointSMSVoiceV2Client({
        region: "us-east-1",
        endpoint: other.url,
        credentials,
        maxAttempts: 1,
      });
      clients.push(client);
      const pending = client.send(new DescribePoolsCommand({})).then(
        () => "answered",
        () => "failed",
      );
      while (other.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
      await other.close();
      assert.equal(await pending, "failed");
    });
  });

  describe("rate limit", () => {
    it("serves up to the bucket and throttles the rest, refilling with the clock", async () => {
      let clock = 1_000_000;
      const limited = await startAwsEndpoint({ now: () => clock });
      try {
        const stats = limited.setRateLimit("eu-west-1", 2);
        const client = new PinpointSMSVoiceV2Client({
          region: "eu-west-1",
          endpoint: limited.url,
          credentials,
          maxAttempts: 1,
        });
        clients.push(client);
        const outcomes: string[] = [];
        const attempt = async () => {
          try {
            await client.send(new DescribePoolsCommand({}));
            outcomes.push("served");
          } catch (error) {
            assert.ok(error instanceof ThrottlingException);
            outcomes.push("throttled");
          }
        };
        for (let i = 0; i < 5; i++) await attempt();
        clock += 1_000; // one second refills two tokens
        await attempt();
        assert.deepEqual(outcomes, [
          "served",
          "served",
          "throttled",
          "throttled",
          "throttled",
          "served",
        ]);
        assert.deepEqual(stats, { served: 3, throttled: 3 });
        assert.deepEqual(limited.rateLimitStats("eu-west-1"), { served: 3, throttled: 3 });

        const other = new PinpointSMSVoiceV2Client({
          region: "us-west-2",
          endpoint: limited.url,
          credentials,
          maxAttempts: 1,
        });
        clients.push(other);
        for (let i = 0; i < 5; i++) await other.send(new DescribePoolsCommand({}));
        assert.deepEqual(limited.rateLimitStats("us-west-2"), { served: 0, throttled: 0 });
      } finally {
        await limited.close();
      }
    });
  });

  describe("rate limit starting empty", () => {
    it("serves no burst: only what the clock has refilled since the limit was set", async () => {
      let clock = 1_000_000;
      const limited = await startAwsEndpoint({ now: () => clock });
      try {
        const stats = limited.setRateLimit("eu-west-1", 4, { initialTokens: 0 });
        const client = new PinpointSMSVoiceV2Client({
          region: "eu-west-1",
          endpoint: limited.url,
          credentials,
          maxAttempts: 1,
        });
        clients.push(client);
        const served = async (attempts: number) => {
          let n = 0;
          for (let i = 0; i < attempts; i++) {
            try {
              await client.send(new DescribePoolsCommand({}));
              n++;
            } catch (error) {
              assert.ok(error instanceof ThrottlingException);
            }
          }
          return n;
        };
        assert.equal(await served(3), 0, "an empty bucket serves nothing at once");
        clock += 500; // half a second at 4/s: two tokens
        assert.equal(await served(3), 2);
        assert.deepEqual(stats, { served: 2, throttled: 4 });
        assert.throws(
          () => limited.setRateLimit("eu-west-1", 4, { initialTokens: 5 }),
          /initialTokens must be between 0 and 4/,
        );
      } finally {
        await limited.close();
      }
    });
  });

  describe("SSM", () => {
    it("puts, gets and overwrites versioned parameters", async () => {
      const client = ssm("eu-west-1");
      const first = await client.send(
        new PutParameterCommand({ Name: "/failover/active", Value: "eu-west-1", Type: "String" }),
      );
      assert.equal(first.Version, 1);
      const exists = await rejection(
        client.send(new PutParameterCommand({ Name: "/failover/active", Value: "us-west-2" })),
        ParameterAlreadyExists,
      );
      assert.match(exists.message, /overwrite/);
      const second = await client.send(
        new PutParameterCommand({ Name: "/failover/active", Value: "us-west-2", Overwrite: true }),
      );
      assert.equal(second.Version, 2);

      const current = await client.send(new GetParameterCommand({ Name: "/failover/active" }));
      assert.equal(current.Parameter?.Value, "us-west-2");
      assert.equal(current.Parameter?.Version, 2);
      assert.equal(current.Parameter?.Type, "String");
      assert.ok(current.Parameter?.LastModifiedDate instanceof Date);
      assert.equal(
        current.Parameter?.ARN,
        "arn:aws:ssm:eu-west-1:123456789012:parameter/failover/active",
      );
      const old = await client.send(new GetParameterCommand({ Name: "/failover/active:1" }));
      assert.equal(old.Parameter?.Value, "eu-west-1");

      await rejection(
        client.send(new GetParameterCommand({ Name: "/failover/missing" })),
        ParameterNotFound,
      );
      await rejection(
        ssm("us-west-2").send(new GetParameterCommand({ Name: "/failover/active" })),
        ParameterNotFound,
      );

      const many = await client.send(
        new GetParametersCommand({ Names: ["/failover/active", "/nope"] }),
      );
      assert.deepEqual(
        many.Parameters?.map((p) => p.Value),
        ["us-west-2"],
      );
      assert.deepEqual(many.InvalidParameters, ["/nope"]);
    });

    it("hides SecureString values unless decryption is asked for", async () => {
      const client = ssm("eu-west-1");
      await client.send(
        new PutParameterCommand({ Name: "/app/token", Value: "s3cr3t", Type: "SecureString" }),
      );
      const hidden = await client.send(new GetParameterCommand({ Name: "/app/token" }));
      assert.notEqual(hidden.Parameter?.Value, "s3cr3t");
      const shown = await client.send(
        new GetParameterCommand({ Name: "/app/token", WithDecryption: true }),
      );
      assert.equal(shown.Parameter?.Value, "s3cr3t");
    });

    it("lists a path one level or recursively, in pages", async () => {
      aws.state.seed("eu-west-1", {
        parameters: ["/estate/a", "/estate/b", "/estate/c", "/estate/deep/d", "/other/x"].map(
          (name) => ({
            name,
            value: name,
          }),
        ),
      });
      const client = ssm("eu-west-1");
      const names = async (recursive: boolean) => {
        const found: string[] = [];
        let NextToken: string | undefined;
        do {
          const page = await client.send(
            new GetParametersByPathCommand({
              Path: "/estate",
              Recursive: recursive,
              MaxResults: 2,
              NextToken,
            }),
          );
          found.push(...(page.Parameters ?? []).map((p) => p.Name ?? ""));
          NextToken = page.NextToken;
        } while (NextToken);
        return found;
      };
      assert.deepEqual(await names(false), ["/estate/a", "/estate/b", "/estate/c"]);
      assert.deepEqual(await names(true), [
        "/estate/a",
        "/estate/b",
        "/estate/c",
        "/estate/deep/d",
      ]);
      assert.ok(aws.requests.every((r) => r.service === "ssm" && r.region === "eu-west-1"));
    });
  });
});
