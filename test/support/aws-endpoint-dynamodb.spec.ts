/**
 * The local endpoint's DynamoDB, driven through the real `@aws-sdk/client-dynamodb`: item
 * operations with expressions, Query order and pages, batches, global-table replication
 * (held, delivered, dropped, last writer wins) and streams. Answers are checked against the
 * SDK's own schemas by the endpoint itself; a test here proves that check bites.
 */
import assert from "node:assert/strict";
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItem$,
  PutItemCommand,
  QueryCommand,
  Query$,
  ResourceNotFoundException,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { type AwsEndpoint, dynamoDb, startAwsEndpoint } from "./aws-endpoint";
import { operationShapes, shapeProblems } from "./aws-endpoint/sdk-shapes";

const credentials = { accessKeyId: "test", secretAccessKey: "test" };
const REGIONS = ["us-east-1", "eu-west-1", "us-west-2"];

describe("local AWS endpoint: DynamoDB", () => {
  let aws: AwsEndpoint;
  const clients = new Map<string, DynamoDBClient>();
  const ddb = (region: string) => {
    let client = clients.get(region);
    if (!client) {
      client = new DynamoDBClient({ region, endpoint: aws.url, credentials, maxAttempts: 1 });
      clients.set(region, client);
    }
    return client;
  };
  const S = (s: string) => ({ S: s });

  before(async () => (aws = await startAwsEndpoint()));
  beforeEach(() => {
    aws.reset();
    dynamoDb(aws.state).createTable({
      name: "ledger",
      hashKey: "pk",
      rangeKey: "sk",
      regions: REGIONS,
    });
  });
  after(async () => {
    for (const client of clients.values()) client.destroy();
    await aws.close();
  });

  it("puts conditionally, gets, updates and deletes an item", async () => {
    const item = { pk: S("otp"), sk: S("+12065550100#1"), decision: S("OPTED_OUT") };
    await ddb("us-east-1").send(
      new PutItemCommand({
        TableName: "ledger",
        Item: item,
        ConditionExpression: "attribute_not_exists(#sk)",
        ExpressionAttributeNames: { "#sk": "sk" },
      }),
    );
    await assert.rejects(
      ddb("us-east-1").send(
        new PutItemCommand({
          TableName: "ledger",
          Item: item,
          ConditionExpression: "attribute_not_exists(sk)",
        }),
      ),
      ConditionalCheckFailedException,
    );
    const got = await ddb("us-east-1").send(
      new GetItemCommand({ TableName: "ledger", Key: { pk: S("otp"), sk: S("+12065550100#1") } }),
    );
    assert.deepEqual(got.Item, item);
    const updated = await ddb("us-east-1").send(
      new UpdateItemCommand({
        TableName: "ledger",
        Key: { pk: S("otp"), sk: S("+12065550100#1") },
        UpdateExpression: "SET #d = :d, seen = if_not_exists(seen, :n) REMOVE gone",
        ConditionExpression: "#d = :old",
        ExpressionAttributeNames: { "#d": "decision" },
        ExpressionAttributeValues: {
          ":d": S("OPTED_IN"),
          ":n": { N: "5" },
          ":old": S("OPTED_OUT"),
        },
        ReturnValues: "ALL_NEW",
      }),
    );
    assert.deepEqual(updated.Attributes, { ...item, decision: S("OPTED_IN"), seen: { N: "5" } });
    await ddb("us-east-1").send(
      new DeleteItemCommand({
        TableName: "ledger",
        Key: { pk: S("otp"), sk: S("+12065550100#1") },
      }),
    );
    assert.equal(dynamoDb(aws.state).count("us-east-1", "ledger"), 0);
  });

  it("rejects unused or undefined placeholders, a missing key and an unknown table, as DynamoDB does", async () => {
    const put = (extra: object) =>
      ddb("us-east-1").send(
        new PutItemCommand({ TableName: "ledger", Item: { pk: S("a"), sk: S("b") }, ...extra }),
      );
    await assert.rejects(
      put({ ExpressionAttributeValues: { ":x": S("1") } }),
      /unused in expressions: keys: \{:x\}/,
    );
    await assert.rejects(
      put({ ConditionExpression: "x = :y" }),
      /attribute value used in expression is not defined/,
    );
    await assert.rejects(
      ddb("us-east-1").send(new PutItemCommand({ TableName: "ledger", Item: { pk: S("a") } })),
      /Missing the key sk/,
    );
    await assert.rejects(
      ddb("us-east-1").send(
        new GetItemCommand({ TableName: "nope", Key: { pk: S("a"), sk: S("b") } }),
      ),
      ResourceNotFoundException,
    );
  });

  it("queries a partition in key order, forwards or backwards, by prefix, in pages", async () => {
    const numbers = Array.from({ length: 30 }, (_, i) => `+1206555${String(1000 + i)}`);
    for (const n of [...numbers].reverse()) {
      for (const t of ["2025-01-01", "2025-02-01"]) {
        await ddb("us-east-1").send(
          new PutItemCommand({ TableName: "ledger", Item: { pk: S("otp"), sk: S(`${n}#${t}`) } }),
        );
      }
    }
    const latest = await ddb("us-east-1").send(
      new QueryCommand({
        TableName: "ledger",
        KeyConditionExpression: "pk = :p AND begins_with(sk, :n)",
        ExpressionAttributeValues: { ":p": S("otp"), ":n": S(`${numbers[7]}#`) },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    assert.deepEqual(
      latest.Items?.map((i) => i.sk.S),
      [`${numbers[7]}#2025-02-01`],
    );
    const seen: string[] = [];
    let start: Record<string, { S: string }> | undefined;
    let pages = 0;
    do {
      const page = await ddb("us-east-1").send(
        new QueryCommand({
          TableName: "ledger",
          KeyConditionExpression: "pk = :p",
          ExpressionAttributeValues: { ":p": S("otp") },
          Limit: 7,
          ExclusiveStartKey: start,
        }),
      );
      seen.push(...page.Items!.map((i) => i.sk.S!));
      start = page.LastEvaluatedKey as typeof start;
      pages++;
    } while (start);
    assert.equal(seen.length, 60);
    assert.deepEqual(seen, [...seen].sort());
    assert.equal(pages, 9, "8 full pages of 7 and a last one of 4");
  });

  it("writes and reads batches", async () => {
    await ddb("us-east-1").send(
      new BatchWriteItemCommand({
        RequestItems: {
          ledger: Array.from({ length: 25 }, (_, i) => ({
            PutRequest: { Item: { pk: S("m"), sk: S(`k${i}`) } },
          })),
        },
      }),
    );
    const got = await ddb("us-east-1").send(
      new BatchGetItemCommand({
        RequestItems: {
          ledger: {
            Keys: [
              { pk: S("m"), sk: S("k3") },
              { pk: S("m"), sk: S("missing") },
            ],
          },
        },
      }),
    );
    assert.deepEqual(got.Responses?.ledger, [{ pk: S("m"), sk: S("k3") }]);
    await assert.rejects(
      ddb("us-east-1").send(
        new BatchWriteItemCommand({
          RequestItems: {
            ledger: [0, 1].map(() => ({ PutRequest: { Item: { pk: S("m"), sk: S("dup") } } })),
          },
        }),
      ),
      /duplicates/,
    );
  });

  describe("global tables", () => {
    it("replicates every write to the other replicas at once by default, with a stream record in each", async () => {
      await ddb("eu-west-1").send(
        new PutItemCommand({ TableName: "ledger", Item: { pk: S("a"), sk: S("1") } }),
      );
      for (const region of REGIONS) {
        assert.equal(dynamoDb(aws.state).count(region, "ledger"), 1, region);
        const records = dynamoDb(aws.state).streamRecords(region, "ledger");
        assert.deepEqual(
          records.map((r) => [r.eventName, r.awsRegion]),
          [["INSERT", region]],
        );
      }
    });

    it("holds writes until delivered, drops them when their Region is lost, and resolves conflicts last-writer-wins", async () => {
      let clock = 1_000_000;
      const timed = await startAwsEndpoint({ now: () => clock });
      const client = (region: string) =>
        new DynamoDBClient({ region, endpoint: timed.url, credentials, maxAttempts: 1 });
      const account = dynamoDb(timed.state);
      try {
        account.createTable({ name: "ledger", hashKey: "pk", rangeKey: "sk", regions: REGIONS });
        account.replication.hold();
        await client("us-east-1").send(
          new PutItemCommand({
            TableName: "ledger",
            Item: { pk: S("a"), sk: S("1"), v: S("east") },
          }),
        );
        clock += 10;
        await client("eu-west-1").send(
          new PutItemCommand({
            TableName: "ledger",
            Item: { pk: S("a"), sk: S("1"), v: S("west") },
          }),
        );
        assert.equal(account.replication.pending.length, 4);
        // Deliver the newer write first: the older one then loses everywhere.
        account.replication.deliver({ from: "eu-west-1" });
        account.replication.deliver({ from: "us-east-1" });
        for (const region of REGIONS)
          assert.equal(account.items(region, "ledger")[0].v.S, "west", region);

        await client("us-west-2").send(
          new PutItemCommand({ TableName: "ledger", Item: { pk: S("b"), sk: S("1") } }),
        );
        assert.equal(account.replication.drop({ from: "us-west-2" }), 2);
        assert.equal(account.count("us-east-1", "ledger"), 1, "the lost write never arrives");
        // Re-putting the same item records nothing new in the stream.
        const before = account.streamRecords("eu-west-1", "ledger").length;
        await client("eu-west-1").send(
          new PutItemCommand({
            TableName: "ledger",
            Item: { pk: S("a"), sk: S("1"), v: S("west") },
          }),
        );
        assert.equal(account.streamRecords("eu-west-1", "ledger").length, before);
      } finally {
        await timed.close();
      }
    });
  });

  it("checks requests and answers against the SDK's schemas", () => {
    const { input, output } = operationShapes(Query$);
    assert.deepEqual(shapeProblems(output, { Items: [{ pk: { S: "a" } }], Count: 1 }), []);
    assert.deepEqual(shapeProblems(output, { Items: [{ pk: { S: "a", N: "1" } }], Count: "1" }), [
      "$.Items[0].pk: a AttributeValue union must set exactly one member, got 2 (S, N)",
      '$.Count: expected number, got string "1"',
    ]);
    assert.deepEqual(shapeProblems(input, { KeyConditionExpression: "x" }), [
      "$.TableName: required by QueryInput but missing",
    ]);
    assert.deepEqual(
      shapeProblems(operationShapes(PutItem$).input, { TableName: "t", Item: {}, Bogus: 1 }),
      ["$.Bogus: not a member of PutItemInput"],
    );
  });
});
