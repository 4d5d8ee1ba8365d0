/**
 * The opt-out ledger bundle: built by esbuild at program time, small, reproducible,
 * self-contained (it loads with nothing but Node's built-in modules), and working: the
 * bundled recorder writes to the local endpoint's ledger, found through the SDK's own
 * AWS_ENDPOINT_URL_* variable as a deployed function would find AWS.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import { isBuiltin } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { buildLambda, bundleLambda } from "../../../components/failover/lambda-bundle";
import { RECORDER_SETTINGS_ENV } from "../../../lambda/lib/settings";
import { type AwsEndpoint, dynamoDb, startAwsEndpoint } from "../../support/aws-endpoint";
import { TEST_CREDENTIALS } from "../../support/failover-estate";

type Handler = (event: unknown, context?: unknown) => Promise<unknown>;

/**
 * Loads the bundle the way Lambda loads `/var/task/index.js`: with `require`, from a
 * directory that has no node_modules anywhere above it, so any dependency left outside the
 * bundle fails to resolve.
 */
function loadBundle(code: string, dir: string): Record<string, unknown> {
  const file = path.join(dir, "index.js");
  fs.writeFileSync(file, code);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file) as Record<string, unknown>;
}

/**
 * Module specifiers the code requires or imports by literal name. (The SDK's error messages
 * quote `[require("@aws-sdk/signature-v4-crt");]` as advice; the bracket tells those apart.)
 */
function specifiers(code: string): string[] {
  return [...code.matchAll(/(?<![\w.$[])(?:require|import)\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map(
    (m) => m[1],
  );
}

describe("opt-out ledger bundle", function () {
  this.timeout(60_000);
  let aws: AwsEndpoint;
  let dir: string;
  const saved: Record<string, string | undefined> = {};
  const setEnv = (values: Record<string, string>) => {
    for (const [key, value] of Object.entries(values)) {
      if (!(key in saved)) saved[key] = process.env[key];
      process.env[key] = value;
    }
  };

  before(async () => {
    aws = await startAwsEndpoint();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "opt-out-bundle-"));
  });
  after(async () => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    await aws.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("is one small CommonJS file, reproducible byte for byte", () => {
    const bundle = bundleLambda();
    assert.ok(bundle.code.length > 10_000, "the SDK client is bundled, not left external");
    assert.ok(bundle.code.length < 1_000_000, `${bundle.code.length} bytes`);
    assert.equal(buildLambda().sha256, bundle.sha256);
    assert.equal(bundleLambda(), bundle, "built once per process");
  });

  it("loads with only Node built-ins and exports the three handlers", () => {
    const { code } = bundleLambda();
    const needed = specifiers(code);
    assert.ok(needed.length > 0 && needed.every((id) => isBuiltin(id)), needed.join(", "));
    const exported = loadBundle(code, dir);
    assert.equal(typeof exported.record, "function");
    assert.equal(typeof exported.apply, "function");
    assert.equal(typeof exported.reconcile, "function");
  });

  it("records a STOP in the ledger when run from the bundle, and the global table carries it", async () => {
    const topic = "arn:aws:sns:us-east-1:123456789012:inbound";
    dynamoDb(aws.state).createTable({
      name: "acme-opt-out-ledger",
      hashKey: "pk",
      rangeKey: "sk",
      regions: ["us-east-1", "us-west-2"],
    });
    setEnv({
      AWS_ENDPOINT_URL_DYNAMODB: aws.url,
      AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2: aws.url,
      AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
      AWS_REGION: "us-east-1",
      [RECORDER_SETTINGS_ENV]: JSON.stringify({
        region: "us-east-1",
        ledgerTable: "acme-opt-out-ledger",
        topics: { [topic]: { useCase: "alerts", optInKeywords: ["JOIN"] } },
      }),
    });
    const exported = loadBundle(bundleLambda().code, dir);
    const logged: string[] = [];
    const log = console.log;
    console.log = (line: string) => void logged.push(line);
    const message = JSON.stringify({ originationNumber: "+447700900123", messageBody: "Stop" });
    try {
      await (exported.record as Handler)({
        Records: [
          {
            Sns: {
              TopicArn: topic,
              MessageId: "m-1",
              Message: message,
              Timestamp: "2025-06-01T10:00:00.000Z",
            },
          },
        ],
      });
    } finally {
      console.log = log;
    }
    assert.match(logged.join("\n"), /"event":"opt-out-decision".*"decision":"OPTED_OUT"/);
    assert.doesNotMatch(logged.join("\n"), /447700900123/, "logs carry no phone number");
    for (const region of ["us-east-1", "us-west-2"]) {
      const [item] = dynamoDb(aws.state).items(region, "acme-opt-out-ledger");
      assert.equal(item.sk.S, "+447700900123#2025-06-01T10:00:00.000Z#us-east-1#m-1", region);
    }
    assert.deepEqual(
      aws.requests.map((r) => [r.region, r.operation]),
      [["us-east-1", "PutItem"]],
    );
  });
});
