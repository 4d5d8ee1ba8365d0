/**
 * The local endpoint's per-Region listeners (transport-level failures), added latency,
 * service-scoped faults, STS caller identity, SendTextMessage, and the checks of requests and
 * answers against the SDK's own shapes.
 */
import assert from "node:assert/strict";
import {
  ConflictException,
  DescribePoolsCommand,
  PinpointSMSVoiceV2Client,
  PutOptedOutNumberCommand,
  SendTextMessageCommand,
  ValidationException,
} from "@aws-sdk/client-pinpoint-sms-voice-v2";
import * as smsSdk from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { GetParameterCommand, PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import {
  type AwsEndpoint,
  operationShapes,
  shapeProblems,
  smsVoiceService,
  ssmService,
  startAwsEndpoint,
} from "./aws-endpoint";

const credentials = { accessKeyId: "AKIDALICE", secretAccessKey: "test" };
const REGIONS = ["us-east-1", "us-west-2"];

describe("local AWS endpoint: Regions, transport and shapes", function () {
  this.timeout(30_000);
  let aws: AwsEndpoint;
  const clients: { destroy(): void }[] = [];
  const track = <T extends { destroy(): void }>(client: T) => (clients.push(client), client);
  const sms = (region: string, endpoint = aws.regionUrls[region]) =>
    track(
      new PinpointSMSVoiceV2Client({
        region,
        endpoint,
        credentials,
        maxAttempts: 1,
        requestHandler: {
          requestTimeout: 300,
          connectionTimeout: 300,
          throwOnRequestTimeout: true,
        },
      }),
    );
  const ssm = (region: string) =>
    track(new SSMClient({ region, endpoint: aws.regionUrls[region], credentials, maxAttempts: 1 }));

  before(async () => {
    aws = await startAwsEndpoint({ regions: REGIONS });
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await aws.reset();
  });
  after(() => aws.close());

  it("gives every Region its own port and rejects a request signed for another Region", async () => {
    assert.deepEqual(Object.keys(aws.regionUrls).sort(), REGIONS);
    assert.notEqual(aws.regionUrls["us-east-1"], aws.regionUrls["us-west-2"]);
    await sms("us-east-1").send(new DescribePoolsCommand({}));
    assert.equal(aws.requests[0].via, "us-east-1");
    const error = await sms("us-west-2", aws.regionUrls["us-east-1"])
      .send(new DescribePoolsCommand({}))
      .then(
        () => assert.fail("a misrouted request was served"),
        (e: { name: string; $metadata?: { httpStatusCode?: number } }) => e,
      );
    assert.equal(error.name, "MisroutedRequestException");
    assert.equal(error.$metadata?.httpStatusCode, 421);
    // The shared port still serves every Region.
    await sms("us-west-2", aws.url).send(new DescribePoolsCommand({}));
  });

  const transportFailures = [
    ["refuse", /ECONNREFUSED/],
    ["reset", /ECONNRESET|socket hang up/],
    ["silent", /TimeoutError|timed out|timeout/i],
  ] as const;
  for (const [mode, pattern] of transportFailures) {
    it(`fails a Region at the transport (${mode}) while the other serves, then brings it back`, async () => {
      await aws.transport.set("us-east-1", mode);
      const error = await sms("us-east-1")
        .send(new DescribePoolsCommand({}))
        .then(
          () => assert.fail(`a ${mode} Region answered`),
          (e: Error & { code?: string }) => e,
        );
      assert.match(`${error.name} ${error.code ?? ""} ${error.message}`, pattern);
      assert.equal(
        aws.requests.filter((r) => r.region === "us-east-1").length,
        0,
        "no HTTP request reached the handler",
      );
      assert.equal(aws.transport.connections("us-east-1"), mode === "refuse" ? 0 : 1);
      await sms("us-west-2").send(new DescribePoolsCommand({}));
      await aws.transport.set("us-east-1", "up");
      await sms("us-east-1").send(new DescribePoolsCommand({}));
    });
  }

  it("drops pooled keep-alive connections when a Region goes silent", async () => {
    const client = sms("us-east-1");
    await client.send(new DescribePoolsCommand({}));
    await aws.transport.set("us-east-1", "silent");
    await assert.rejects(client.send(new DescribePoolsCommand({})));
    assert.equal(aws.requests.length, 1, "the second request never reached the handler");
  });

  it("delays answers by the latency set for a Region and logs the Region's requests", async () => {
    aws.setLatency("*", 30);
    aws.setLatency("us-west-2", 0);
    await Promise.all([
      sms("us-east-1").send(new DescribePoolsCommand({})),
      sms("us-west-2").send(new DescribePoolsCommand({})),
    ]);
    assert.deepEqual(aws.requests.map((r) => r.status).sort(), [200, 200]);
    assert.throws(() => aws.setLatency("us-east-1", -1), RangeError);
  });

  it("fails one service of a Region (SMS down, SSM answering)", async () => {
    aws.faults.set("us-east-1", { mode: "5xx", services: ["sms-voice"] });
    await assert.rejects(sms("us-east-1").send(new DescribePoolsCommand({})), /Injected/);
    await ssm("us-east-1").send(
      new PutParameterCommand({ Name: "/x", Value: "1", Type: "String" }),
    );
    const read = await ssm("us-east-1").send(new GetParameterCommand({ Name: "/x" }));
    assert.equal(read.Parameter?.Value, "1");
  });

  it("answers STS GetCallerIdentity with the identity of the signing key", async () => {
    aws.state.identities.set("AKIDALICE", "arn:aws:sts::123456789012:assumed-role/OnCall/alice");
    const sts = track(
      new STSClient({
        region: "us-west-2",
        endpoint: aws.regionUrls["us-west-2"],
        credentials,
        maxAttempts: 1,
      }),
    );
    const who = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal(who.Arn, "arn:aws:sts::123456789012:assumed-role/OnCall/alice");
    assert.equal(who.Account, "123456789012");
    const bob = track(
      new STSClient({
        region: "us-west-2",
        endpoint: aws.url,
        credentials: { accessKeyId: "AKIDBOB", secretAccessKey: "x" },
        maxAttempts: 1,
      }),
    );
    assert.equal(
      (await bob.send(new GetCallerIdentityCommand({}))).Arn,
      "arn:aws:iam::123456789012:user/AKIDBOB",
    );
    assert.deepEqual(
      aws.requests.map((r) => `${r.service}:${r.operation}`),
      ["sts:GetCallerIdentity", "sts:GetCallerIdentity"],
    );
  });

  it("sends through a pool's member for the destination's country, and refuses what AWS refuses", async () => {
    const { pools } = aws.state.seed("us-east-1", {
      optOutLists: [{ name: "otp", optedOutNumbers: ["+12065550199"] }],
      phoneNumbers: [{ phoneNumber: "+18005550100", optOutListName: "otp" }],
      senderIds: [{ senderId: "ACME", isoCountryCode: "GB" }],
      pools: [
        {
          members: ["+18005550100", { senderId: "ACME", isoCountryCode: "GB" }],
          optOutListName: "otp",
        },
      ],
      configurationSets: [{ name: "otp" }],
    });
    const client = sms("us-east-1");
    const sent = await client.send(
      new SendTextMessageCommand({
        DestinationPhoneNumber: "+12065550100",
        OriginationIdentity: pools[0].arn,
        ConfigurationSetName: "otp",
        MessageBody: "code 1234",
      }),
    );
    assert.ok(sent.MessageId);
    await client.send(
      new SendTextMessageCommand({
        DestinationPhoneNumber: "+447700900123",
        OriginationIdentity: pools[0].id,
      }),
    );
    const log = aws.state.region("us-east-1").sentMessages;
    assert.deepEqual(
      log.map((m) => [m.destinationPhoneNumber, m.originationIdentityArn.split(":").pop()]),
      [
        [
          "+12065550100",
          `phone-number/${aws.state.region("us-east-1").phoneNumbers.values().next().value!.id}`,
        ],
        ["+447700900123", "sender-id/ACME/GB"],
      ],
    );
    const optedOut = await client
      .send(
        new SendTextMessageCommand({
          DestinationPhoneNumber: "+12065550199",
          OriginationIdentity: pools[0].arn,
        }),
      )
      .then(
        () => assert.fail("sent to an opted-out number"),
        (e: unknown) => e,
      );
    assert.ok(optedOut instanceof ConflictException);
    assert.equal(optedOut.Reason, "DESTINATION_PHONE_NUMBER_OPTED_OUT");
    const noRoute = await client
      .send(
        new SendTextMessageCommand({
          DestinationPhoneNumber: "+4915112345678",
          OriginationIdentity: pools[0].arn,
        }),
      )
      .then(
        () => assert.fail("sent to a country no member serves"),
        (e: unknown) => e,
      );
    assert.ok(noRoute instanceof ConflictException);
    assert.equal(noRoute.Reason, "NO_ORIGINATION_IDENTITIES_FOUND");
    assert.equal(log.length, 2);
  });

  describe("SDK shapes", () => {
    it("rejects a request missing a required member in AWS's words", async () => {
      const error = await sms("us-east-1")
        .send(new PutOptedOutNumberCommand({ OptOutListName: "Default" } as never))
        .then(
          () => assert.fail("accepted"),
          (e: unknown) => e,
        );
      assert.ok(error instanceof ValidationException);
      assert.match(
        error.message,
        /Value null at 'optedOutNumber' failed to satisfy constraint: Member must not be null/,
      );
    });

    it("finds unknown members, missing required members and wrong types against the SDK's schemas", () => {
      const shapes = operationShapes(smsSdk, "DescribePhoneNumbers")!;
      const problems = shapeProblems(shapes.output, {
        PhoneNumbers: [
          {
            PhoneNumberArn: "arn",
            PhoneNumber: "+1",
            Status: "ACTIVE",
            IsoCountryCode: "US",
            MessageType: "TRANSACTIONAL",
            NumberCapabilities: "SMS",
            NumberType: "TOLL_FREE",
            MonthlyLeasingPrice: "2.00",
            TwoWayEnabled: false,
            SelfManagedOptOutsEnabled: false,
            OptOutListName: "Default",
            DeletionProtectionEnabled: "no",
            MessagingLimit: {},
          },
        ],
      });
      assert.deepEqual(
        problems.map((p) => [p.path.join("/"), p.kind, p.expected]),
        [
          ["PhoneNumbers/0/CreatedTimestamp", "missing", undefined],
          ["PhoneNumbers/0/NumberCapabilities", "type", "list"],
          ["PhoneNumbers/0/DeletionProtectionEnabled", "type", "boolean"],
          ["PhoneNumbers/0/MessagingLimit", "unknown", undefined],
        ],
      );
      assert.equal(operationShapes(smsSdk, "NoSuchOperation"), undefined);
    });

    it("answers 500 naming the problem when a handler's answer departs from the SDK's shape", async () => {
      const broken = await startAwsEndpoint({
        services: [
          {
            ...smsVoiceService,
            operations: {
              ...smsVoiceService.operations,
              DescribePools: () => ({ Pools: [{ PoolId: 7 }] }),
            },
          },
          ssmService,
        ],
      });
      try {
        const client = track(
          new PinpointSMSVoiceV2Client({
            region: "us-east-1",
            endpoint: broken.url,
            credentials,
            maxAttempts: 1,
          }),
        );
        await assert.rejects(
          client.send(new DescribePoolsCommand({})),
          /does not match the SDK's shape: \$\.Pools\[0\]\.PoolArn: required member missing; .*\$\.Pools\[0\]\.PoolId: expected a string/,
        );
      } finally {
        await broken.close();
      }
    });
  });
});
