/**
 * `failover promote` against the local endpoint with a listener per Region: the Region being
 * left fails at the transport (refused, silent, reset) or answers 5xx and must receive no
 * connection at all; re-runs are safe; a target that cannot send a use case to one of its
 * countries is refused with nothing written; Regions that fail are reported and finished by a
 * re-run; every run leaves who promoted, when and from where.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parsePointer } from "../../../components/failover/pointer-document";
import { parsePresumedDown } from "../../../components/failover/presumed-down";
import { parsePromotion, pointerDigest } from "../../../components/failover/promotion";
import {
  loadEstateFromFile,
  parseEstateConfig,
  readStackConfig,
  stackFilePath,
} from "../../../stacks/config/load";
import { runFailover } from "../../../tools/failover";
import { type AwsEndpoint, startAwsEndpoint } from "../../support/aws-endpoint";
import {
  runCli,
  seedEstate,
  type SeededUseCase,
  threeRegionEstate,
  writeStackFile,
} from "../../support/failover-estate";

const USE_CASES = ["alerts", "marketing", "otp"];
const REGIONS = ["us-east-1", "us-west-2", "eu-west-1"];

describe("failover promote", function () {
  this.timeout(60_000);
  let aws: AwsEndpoint;
  let seeded: Record<string, Record<string, SeededUseCase>>;
  const estate = loadEstateFromFile(stackFilePath("example"));
  const parameter = (region: string, name: string) => {
    const record = aws.state.region(region).parameters.get(name);
    return record?.history[record.history.length - 1].value;
  };
  const pointer = (region: string, useCase: string, prefix = "northwind") => {
    const value = parameter(region, `/messaging/${prefix}/${useCase}/active`);
    return value === undefined ? undefined : parsePointer(value);
  };
  const sentTo = (region: string, from = 0) =>
    aws.requests.slice(from).filter((r) => r.region === region);
  const writesIn = (region: string, from = 0) =>
    sentTo(region, from).filter((r) => r.operation === "PutParameter");
  const promote = (...extra: string[]) =>
    runCli(aws, ["--stack", "example", "promote", "--to", "us-west-2", ...extra]);

  before(async () => {
    aws = await startAwsEndpoint({ accountId: estate.account, regions: REGIONS });
  });
  beforeEach(async () => {
    await aws.reset();
    seeded = seedEstate(aws, estate);
  });
  after(async () => aws.close());

  const outages = [
    ["refuses connections", () => aws.transport.set("us-east-1", "refuse")],
    ["accepts connections and never answers", () => aws.transport.set("us-east-1", "silent")],
    ["resets connections", () => aws.transport.set("us-east-1", "reset")],
    ["answers 5xx", async () => aws.faults.set("us-east-1", { mode: "5xx" })],
  ] as const;
  for (const [what, fail] of outages) {
    it(`moves every use case to the standby while the primary ${what}, without one connection to it`, async () => {
      await fail();
      const { code, stdout } = await promote();
      assert.equal(code, 0, stdout);
      assert.equal(sentTo("us-east-1").length, 0, "no request reached the failed primary");
      assert.equal(aws.transport.connections("us-east-1"), 0, "not even a connection");
      for (const useCase of USE_CASES) {
        const target = seeded["us-west-2"][useCase];
        assert.deepEqual(pointer("us-west-2", useCase), {
          useCase,
          region: "us-west-2",
          poolArn: target.poolArn,
          poolId: target.poolId,
          configurationSetName: target.configurationSetName,
          protectConfigurationId: target.protectConfigurationId,
        });
        assert.equal(
          pointer("us-east-1", useCase)?.region,
          "us-east-1",
          "the primary's copy is untouched",
        );
      }
      assert.match(stdout, /Not contacted: us-east-1/);
      assert.match(stdout, /Done: every contacted Region now points .* at us-west-2 \(read back\)/);
      assert.match(stdout, /pulumi config set messaging:activeRegion us-west-2 --stack example/);
    });
  }

  it("records who promoted, when, from where and what, beside each pointer, and presumes the primary down", async () => {
    aws.state.identities.set("AKIDTEST", "arn:aws:sts::111122223333:assumed-role/OnCall/alice");
    const before = Date.now();
    const { code, stdout } = await promote();
    assert.equal(code, 0, stdout);
    for (const region of ["us-west-2"]) {
      for (const useCase of USE_CASES) {
        const promotion = parsePromotion(
          parameter(region, `/messaging/northwind/${useCase}/promotion`)!,
        );
        assert.equal(promotion.promotedBy, "arn:aws:sts::111122223333:assumed-role/OnCall/alice");
        assert.equal(promotion.from, "us-east-1");
        assert.equal(promotion.to, "us-west-2");
        assert.equal(promotion.generation, 1);
        assert.equal(promotion.planned, false);
        assert.ok(Date.parse(promotion.promotedAt) >= before - 1000);
        assert.equal(
          promotion.pointerSha256,
          pointerDigest(parameter(region, `/messaging/northwind/${useCase}/active`)!),
        );
      }
    }
    const record = parsePresumedDown(
      parameter("us-west-2", "/messaging/northwind/_failover/presumed-down")!,
    );
    assert.deepEqual(Object.keys(record.regions), ["us-east-1"]);
    assert.equal(
      record.regions["us-east-1"].by,
      "arn:aws:sts::111122223333:assumed-role/OnCall/alice",
    );
    assert.equal(record.generation, 1);
    assert.match(stdout, /by arn:aws:sts::111122223333:assumed-role\/OnCall\/alice/);
    assert.match(stdout, /Presumed down from now on: us-east-1/);
    assert.equal(
      parameter("us-west-2", "/messaging/northwind/_failover/lease"),
      undefined,
      "the lease is released",
    );
  });

  it("names the operator user@host when STS does not answer, and still promotes", async () => {
    aws.faults.set("us-west-2", { mode: "5xx", services: ["sts"] });
    const { code, stdout } = await runCli(
      aws,
      ["--stack", "example", "promote", "--to", "us-west-2"],
      { localOperator: "oncall@laptop" },
    );
    assert.equal(code, 0, stdout);
    assert.equal(
      parsePromotion(parameter("us-west-2", "/messaging/northwind/otp/promotion")!).promotedBy,
      "oncall@laptop",
    );
  });

  it("is idempotent: a second run writes nothing, adds no parameter version and keeps the first run's record", async () => {
    assert.equal((await promote()).code, 0);
    const first = parameter("us-west-2", "/messaging/northwind/otp/promotion");
    const mark = aws.requests.length;
    const again = await promote();
    assert.equal(again.code, 0, again.stdout);
    const writes = writesIn("us-west-2", mark)
      .map((r) => (r.input as { Name: string }).Name)
      .filter((name) => !name.endsWith("/_failover/lease"));
    assert.deepEqual(writes, [], "nothing but the lease");
    assert.match(again.stdout, /unchanged/);
    assert.equal(
      aws.state.region("us-west-2").parameters.get("/messaging/northwind/otp/active")!.history
        .length,
      2,
    );
    assert.equal(parameter("us-west-2", "/messaging/northwind/otp/promotion"), first);
  });

  it("refuses, writing nothing, when the target cannot send a use case", async () => {
    aws.state.region("us-west-2").pools.get(seeded["us-west-2"].otp.poolId)!.sharedRoutesEnabled =
      true;
    aws.state.region("us-west-2").configurationSets.delete("northwind-alerts");
    const { code, stdout } = await promote();
    assert.equal(code, 1, stdout);
    assert.match(stdout, /REFUSED/);
    assert.match(stdout, /otp cannot send from us-west-2: .*shared routes on/);
    assert.match(
      stdout,
      /alerts cannot send from us-west-2: .*configuration set northwind-alerts does not exist/,
    );
    assert.deepEqual(
      aws.requests
        .filter((r) => r.operation === "PutParameter" || r.operation === "DeleteParameter")
        .map((r) => (r.input as { Name: string }).Name),
      ["/messaging/northwind/_failover/lease", "/messaging/northwind/_failover/lease"],
      "nothing but the lease, taken and released",
    );
    assert.equal(parameter("us-west-2", "/messaging/northwind/_failover/lease"), undefined);
    assert.doesNotMatch(stdout, /pulumi config set/);
  });

  it("refuses when a country would have no member that can send, even if another country's sender ID is ACTIVE", async () => {
    // The reproduction: every US member of marketing PENDING, its GB sender ID fine.
    const west = aws.state.region("us-west-2");
    for (const member of Object.values(seeded["us-west-2"].marketing.members)) {
      const number = west.phoneNumbers.get(member.id);
      if (number && number.isoCountryCode === "US") number.status = "PENDING";
    }
    const { code, stdout } = await promote();
    assert.equal(code, 1, stdout);
    assert.match(
      stdout,
      /marketing cannot send from us-west-2: (DiscoveryError: )?pool \S+ has no member that can send to one country of marketing \(US: phone-\w+ PENDING\)/,
    );
    assert.equal(pointer("us-west-2", "marketing")?.region, "us-east-1");
  });

  it("counts a sender ID only where it is registered, and a US toll-free or 10DLC number only with a registration", async () => {
    const west = aws.state.region("us-west-2");
    west.senderIds.get("NWNDPY/IN")!.registered = false; // India requires registration
    const tfn = west.phoneNumbers.get(seeded["us-west-2"].otp.members["otp-us-tfn"].id)!;
    const tenDlc = west.phoneNumbers.get(seeded["us-west-2"].otp.members["otp-us-10dlc"].id)!;
    delete tfn.registrationId;
    delete tenDlc.registrationId;
    const { code, stdout } = await promote();
    assert.equal(code, 1, stdout);
    assert.match(stdout, /IN: sender ID NWNDPY is not registered for IN/);
    assert.match(
      stdout,
      /US: phone-\w+ TOLL_FREE is not attached to a registration, phone-\w+ TEN_DLC is not attached/,
    );
  });

  it("promotes, with a warning, a pool that has a member that cannot send beside one serving the same country", async () => {
    const west = aws.state.region("us-west-2");
    const tfn = west.phoneNumbers.get(seeded["us-west-2"].otp.members["otp-us-tfn"].id)!;
    tfn.status = "PENDING";
    const { code, stdout } = await promote();
    assert.equal(code, 0, stdout);
    assert.match(
      stdout,
      new RegExp(
        `WARNING: otp: 1 member of pool ${seeded["us-west-2"].otp.poolId} cannot send \\(${tfn.id} PENDING\\); every country still has another`,
      ),
    );
    assert.equal(pointer("us-west-2", "otp")?.region, "us-west-2");
  });

  it("reports per country what the target carries next to the Region left, and warns where it drops", async () => {
    const { code, stdout } = await promote("--use-case", "otp");
    assert.equal(code, 0, stdout);
    // us-east-1 declares a US short code (100 MPS); us-west-2 has toll-free and 10DLC only.
    assert.match(stdout, /otp +US +3 MPS +100 MPS \(us-east-1, declared\)/);
    assert.match(stdout, /otp +GB +10 MPS +10 MPS \(us-east-1, declared\)/);
    assert.match(
      stdout,
      /WARNING: otp: us-west-2 carries less than us-east-1 was built for: US 3 MPS \(was 100 MPS\)/,
    );
    // AWS's own figure replaces the default.
    const west = aws.state.region("us-west-2");
    west.phoneNumbers.get(seeded["us-west-2"].otp.members["otp-us-tfn"].id)!.rateLimits = {
      SMS: 150,
    };
    await aws.reset();
    seeded = seedEstate(aws, estate);
    aws.state
      .region("us-west-2")
      .phoneNumbers.get(seeded["us-west-2"].otp.members["otp-us-tfn"].id)!.rateLimits = {
      SMS: 150,
    };
    const raised = await promote("--use-case", "otp");
    assert.match(raised.stdout, /otp +US +150 MPS +100 MPS/);
    assert.doesNotMatch(raised.stdout, /carries less/);
  });

  it("moves only the chosen use case and prints the override to set", async () => {
    const { code, stdout } = await promote("--use-case", "otp");
    assert.equal(code, 0, stdout);
    assert.equal(pointer("us-west-2", "otp")?.region, "us-west-2");
    assert.equal(pointer("us-west-2", "alerts")?.region, "us-east-1");
    assert.match(
      stdout,
      /pulumi config set --path 'messaging:activeRegionOverrides\.otp' us-west-2 --stack example/,
    );
  });

  it("fails back with --planned, rewriting the Region being left too and presuming nothing down", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "promote-spec-"));
    try {
      const raw = readStackConfig(stackFilePath("example"))["messaging:estate"];
      writeStackFile(dir, "failed-over", raw, { "messaging:activeRegion": "us-west-2" });
      await aws.reset();
      seedEstate(aws, estate, { pointers: { default: "us-west-2", overrides: {} } });
      const { code, stdout } = await runCli(
        aws,
        ["--stack", "failed-over", "promote", "--to", "us-east-1", "--planned"],
        { stacksDir: dir },
      );
      assert.equal(code, 0, stdout);
      for (const region of ["us-east-1", "us-west-2"])
        assert.equal(pointer(region, "otp")?.region, "us-east-1");
      assert.equal(
        parameter("us-east-1", "/messaging/northwind/_failover/presumed-down"),
        undefined,
      );
      assert.match(
        stdout,
        /pulumi config set messaging:activeRegion us-east-1 --stack failed-over/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  describe("with three Regions", () => {
    let dir: string;
    const three = parseEstateConfig(threeRegionEstate());
    const run = (args: string[]) => runCli(aws, ["--stack", "three", ...args], { stacksDir: dir });
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "promote-spec-"));
      writeStackFile(dir, "three", threeRegionEstate());
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("reports a standby it could not write, and a re-run finishes it without rewriting the rest", async () => {
      await aws.reset();
      const seededThree = seedEstate(aws, three);
      await aws.transport.set("us-east-1", "silent");
      aws.faults.set("eu-west-1", { mode: "5xx", operations: ["PutParameter"] });
      const args = ["promote", "--to", "us-west-2"];
      const first = await run(args);
      assert.equal(first.code, 3, first.stdout);
      assert.match(first.stdout, /INCOMPLETE/);
      assert.match(first.stdout, /eu-west-1: not every value was written|eu-west-1 +failed/);
      assert.equal(
        pointer("us-west-2", "otp", "acme")?.poolArn,
        seededThree["us-west-2"].otp.poolArn,
      );
      assert.equal(pointer("eu-west-1", "otp", "acme")?.region, "us-east-1");

      aws.faults.clear("eu-west-1");
      const mark = aws.requests.length;
      const second = await run(args);
      assert.equal(second.code, 0, second.stdout);
      assert.equal(pointer("eu-west-1", "otp", "acme")?.region, "us-west-2");
      assert.deepEqual(
        writesIn("us-west-2", mark)
          .map((r) => (r.input as { Name: string }).Name)
          .filter((name) => !name.endsWith("/_failover/lease")),
        [],
        "nothing rewritten where it was already done",
      );
      // The re-run finishes the first run: the same promote id everywhere.
      assert.equal(
        parsePromotion(parameter("eu-west-1", "/messaging/acme/otp/promotion")!).promoteId,
        parsePromotion(parameter("us-west-2", "/messaging/acme/otp/promotion")!).promoteId,
      );
      assert.equal(aws.transport.connections("us-east-1"), 0);
    });

    it("leaves the Region the target's live pointers name when the config lags behind them", async () => {
      // An earlier promote moved everything to us-west-2 without `pulumi config set`: the
      // config still says us-east-1. Now us-west-2 fails in turn.
      await aws.reset();
      const seededThree = seedEstate(aws, three, {
        pointers: { default: "us-west-2", overrides: {} },
      });
      await aws.transport.set("us-west-2", "silent");
      const { code, stdout } = await run(["promote", "--to", "eu-west-1"]);
      assert.equal(code, 0, stdout);
      assert.equal(aws.transport.connections("us-west-2"), 0, "the Region that failed");
      assert.equal(aws.transport.connections("us-east-1"), 0, "the config's Region");
      for (const useCase of ["marketing", "otp"]) {
        assert.equal(
          pointer("eu-west-1", useCase, "acme")?.poolArn,
          seededThree["eu-west-1"][useCase].poolArn,
        );
      }
      assert.match(stdout, /Not contacted: us-east-1, us-west-2/);
      assert.match(stdout, /us-east-1: being left: the stack config names it for marketing, otp/);
      assert.match(
        stdout,
        /us-west-2: being left: the pointers in eu-west-1 name it for marketing, otp/,
      );
      assert.match(stdout, /WARNING: the stack config lags the live pointers in eu-west-1/);
      assert.match(stdout, /otp sends from us-west-2, config says us-east-1/);
    });

    it("leaves only the Regions the moved use cases' pointers name", async () => {
      await aws.reset();
      seedEstate(aws, three, {
        pointers: { default: "us-east-1", overrides: { otp: "us-west-2" } },
      });
      aws.faults.set("us-east-1", { mode: "5xx" });
      const { code, stdout } = await run([
        "promote",
        "--to",
        "eu-west-1",
        "--use-case",
        "marketing",
      ]);
      assert.equal(code, 0, stdout);
      assert.equal(sentTo("us-east-1").length, 0);
      assert.equal(pointer("us-west-2", "marketing", "acme")?.region, "eu-west-1");
      assert.equal(pointer("us-west-2", "otp", "acme")?.region, "us-west-2", "otp not moved");
      assert.match(stdout, /Not contacted: us-east-1 \(/);
      assert.doesNotMatch(stdout, /WARNING: the stack config lags/);
    });

    it("refuses, contacting no other Region, when the target's pointers cannot be read", async () => {
      await aws.reset();
      seedEstate(aws, three);
      aws.faults.set("eu-west-1", { mode: "5xx", operations: ["GetParameters"] });
      const { code, stdout } = await run(["promote", "--to", "eu-west-1"]);
      assert.equal(code, 1, stdout);
      assert.match(stdout, /REFUSED/);
      assert.match(stdout, /cannot read the pointers and records in eu-west-1/);
      assert.equal(aws.requests.filter((r) => r.region !== "eu-west-1").length, 0);
      for (const region of ["us-east-1", "us-west-2"]) {
        assert.equal(aws.transport.connections(region), 0, region);
      }
    });
  });

  it("exits 2 with a clear message for a Region or use case outside the estate, or no stack", async () => {
    const region = await runCli(aws, ["--stack", "example", "promote", "--to", "eu-west-1"]);
    assert.equal(region.code, 2);
    assert.match(
      region.stderr,
      /--to eu-west-1 is not a Region of the estate \(us-east-1, us-west-2\)/,
    );
    const useCase = await promote("--use-case", "sms");
    assert.equal(useCase.code, 2);
    assert.match(useCase.stderr, /unknown use case sms/);
    const saved = process.env.MESSAGING_STACK;
    delete process.env.MESSAGING_STACK;
    try {
      const noStack = await runCli(aws, ["promote", "--to", "us-west-2"]);
      assert.equal(noStack.code, 2);
      assert.match(noStack.stderr, /--stack/);
    } finally {
      if (saved !== undefined) process.env.MESSAGING_STACK = saved;
    }
    assert.equal(
      (await runCli(aws, ["--stack", "example", "promote"])).code,
      2,
      "--to is required",
    );
    const both = await runCli(aws, [
      "--endpoint-url",
      aws.url,
      "--stack",
      "example",
      "promote",
      "--to",
      "us-west-2",
    ]);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--endpoint-url or --region-endpoints, not both/);
    assert.equal(aws.requests.length, 0);
  });

  it("honours the SDK's AWS_ENDPOINT_URL_<SERVICE> variables when no endpoint is given", async () => {
    const names = [
      "AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2",
      "AWS_ENDPOINT_URL_SSM",
      "AWS_ENDPOINT_URL_STS",
    ];
    for (const name of names) process.env[name] = aws.url;
    try {
      aws.faults.set("us-east-1", { mode: "silence" });
      let output = "";
      const code = await runFailover(
        ["--timeout-ms", "1500", "--stack", "example", "promote", "--to", "us-west-2"],
        {
          credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "x" },
          stdout: (t) => void (output += t),
          stderr: (t) => void (output += t),
        },
      );
      assert.equal(code, 0, output);
      assert.equal(sentTo("us-east-1").length, 0);
      assert.deepEqual([...new Set(aws.requests.map((r) => r.service))].sort(), [
        "sms-voice",
        "ssm",
        "sts",
      ]);
      assert.equal(pointer("us-west-2", "otp")?.region, "us-west-2");
    } finally {
      for (const name of names) delete process.env[name];
    }
  });

  it("still works with one endpoint for every Region (--endpoint-url)", async () => {
    aws.faults.set("us-east-1", { mode: "silence" });
    let stdout = "";
    const code = await runFailover(
      [
        "--endpoint-url",
        aws.url,
        "--timeout-ms",
        "400",
        "--stack",
        "example",
        "promote",
        "--to",
        "us-west-2",
      ],
      {
        credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "x" },
        stdout: (t) => void (stdout += t),
        stderr: (t) => void (stdout += t),
      },
    );
    assert.equal(code, 0, stdout);
    assert.equal(sentTo("us-east-1").length, 0);
    assert.ok(
      aws.requests.every((r) => r.via === undefined),
      "all through the shared port",
    );
    assert.equal(pointer("us-west-2", "otp")?.region, "us-west-2");
  });
});
