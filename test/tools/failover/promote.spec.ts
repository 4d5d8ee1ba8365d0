/**
 * `failover promote` against the local endpoint: the Region being left answers 5xx or not
 * at all and must receive zero requests; re-runs are safe; a target that cannot send is
 * refused with nothing written; Regions that fail are reported and finished by a re-run.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parsePointer } from "../../../components/failover/pointer-document";
import {
  loadEstateFromFile,
  parseEstateConfig,
  readStackConfig,
  stackFilePath,
} from "../../../stacks/config/load";
import { type AwsEndpoint, startAwsEndpoint } from "../../support/aws-endpoint";
import {
  runCli,
  seedEstate,
  type SeededUseCase,
  threeRegionEstate,
  writeStackFile,
} from "../../support/failover-estate";

const USE_CASES = ["alerts", "marketing", "otp"];

describe("failover promote", function () {
  this.timeout(60_000);
  let aws: AwsEndpoint;
  let seeded: Record<string, Record<string, SeededUseCase>>;
  const estate = loadEstateFromFile(stackFilePath("example"));
  const pointer = (region: string, useCase: string, prefix = "northwind") => {
    const record = aws.state
      .region(region)
      .parameters.get(`/messaging/${prefix}/${useCase}/active`);
    return record && parsePointer(record.history[record.history.length - 1].value);
  };
  const sentTo = (region: string, from = 0) =>
    aws.requests.slice(from).filter((r) => r.region === region);

  before(async () => {
    aws = await startAwsEndpoint({ accountId: estate.account });
  });
  beforeEach(() => {
    aws.reset();
    seeded = seedEstate(aws, estate);
  });
  after(async () => aws.close());

  for (const fault of [{ mode: "5xx" as const }, { mode: "silence" as const }]) {
    it(`moves every use case to the standby while the primary answers ${fault.mode === "5xx" ? "5xx" : "nothing"}, without one request to it`, async () => {
      aws.faults.set("us-east-1", fault);
      const { code, stdout } = await runCli(aws, [
        "--stack",
        "example",
        "promote",
        "--to",
        "us-west-2",
      ]);
      assert.equal(code, 0, stdout);
      assert.equal(sentTo("us-east-1").length, 0, "the failed primary was never contacted");
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
      assert.match(stdout, /pulumi config set messaging:activeRegion us-west-2 --stack example/);
    });
  }

  it("is idempotent: a second run writes nothing and adds no parameter version", async () => {
    assert.equal(
      (await runCli(aws, ["--stack", "example", "promote", "--to", "us-west-2"])).code,
      0,
    );
    const before = aws.requests.length;
    const again = await runCli(aws, ["--stack", "example", "promote", "--to", "us-west-2"]);
    assert.equal(again.code, 0);
    assert.equal(
      sentTo("us-west-2", before).filter((r) => r.operation === "PutParameter").length,
      0,
    );
    assert.match(again.stdout, /unchanged/);
    assert.equal(
      aws.state.region("us-west-2").parameters.get("/messaging/northwind/otp/active")!.history
        .length,
      2,
    );
  });

  it("refuses, writing nothing, when the target cannot send a use case", async () => {
    aws.state.region("us-west-2").pools.get(seeded["us-west-2"].otp.poolId)!.sharedRoutesEnabled =
      true;
    aws.state.region("us-west-2").configurationSets.delete("northwind-alerts");
    const { code, stdout } = await runCli(aws, [
      "--stack",
      "example",
      "promote",
      "--to",
      "us-west-2",
    ]);
    assert.equal(code, 2, stdout);
    assert.match(stdout, /REFUSED/);
    assert.match(stdout, /otp cannot send from us-west-2: .*shared routes on/);
    assert.match(
      stdout,
      /alerts cannot send from us-west-2: .*configuration set northwind-alerts does not exist/,
    );
    assert.equal(aws.requests.filter((r) => r.operation === "PutParameter").length, 0);
    assert.doesNotMatch(stdout, /pulumi config set/);
  });

  it("refuses when the protect configuration the set names does not exist, or no pool member is ACTIVE", async () => {
    const west = aws.state.region("us-west-2");
    west.protectConfigurations.delete(seeded["us-west-2"].otp.protectConfigurationId);
    west.phoneNumbers.get(seeded["us-west-2"].alerts.phoneNumberId)!.status = "PENDING";
    const { code, stdout } = await runCli(aws, [
      "--stack",
      "example",
      "promote",
      "--to",
      "us-west-2",
    ]);
    assert.equal(code, 2, stdout);
    assert.match(stdout, /REFUSED/);
    assert.match(
      stdout,
      new RegExp(
        `otp cannot send from us-west-2: .*protect configuration ${seeded["us-west-2"].otp.protectConfigurationId} .*does not exist`,
      ),
    );
    assert.match(
      stdout,
      /alerts cannot send from us-west-2: .*no member of pool .* is ACTIVE \(phone-\w+ PENDING\)/,
    );
    assert.equal(aws.requests.filter((r) => r.operation === "PutParameter").length, 0);
  });

  it("promotes, with a warning, a pool that has an ACTIVE member besides one that is not", async () => {
    const west = aws.state.region("us-west-2");
    const [spare] = aws.state.seed("us-west-2", {
      phoneNumbers: [{ phoneNumber: "+12065559999", optOutListName: "northwind-otp" }],
    }).phoneNumbers;
    spare.status = "PENDING";
    west.pools.get(seeded["us-west-2"].otp.poolId)!.members.push(spare.arn);
    const { code, stdout } = await runCli(aws, [
      "--stack",
      "example",
      "promote",
      "--to",
      "us-west-2",
    ]);
    assert.equal(code, 0, stdout);
    assert.match(
      stdout,
      new RegExp(
        `WARNING: otp: 1 of 2 members of pool ${seeded["us-west-2"].otp.poolId} are not ACTIVE \\(${spare.id} PENDING\\)`,
      ),
    );
    assert.equal(pointer("us-west-2", "otp")?.region, "us-west-2");
  });

  it("moves only the chosen use case and prints the override to set", async () => {
    const { code, stdout } = await runCli(aws, [
      "--stack",
      "example",
      "promote",
      "--to",
      "us-west-2",
      "--use-case",
      "otp",
    ]);
    assert.equal(code, 0, stdout);
    assert.equal(pointer("us-west-2", "otp")?.region, "us-west-2");
    assert.equal(pointer("us-west-2", "alerts")?.region, "us-east-1");
    assert.match(
      stdout,
      /pulumi config set --path 'messaging:activeRegionOverrides\.otp' us-west-2 --stack example/,
    );
  });

  it("fails back with --planned, rewriting the Region being left too", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "promote-spec-"));
    try {
      const raw = readStackConfig(stackFilePath("example"))["messaging:estate"];
      writeStackFile(dir, "failed-over", raw, { "messaging:activeRegion": "us-west-2" });
      aws.reset();
      seedEstate(aws, estate, { pointers: { default: "us-west-2", overrides: {} } });
      const { code, stdout } = await runCli(
        aws,
        ["--stack", "failed-over", "promote", "--to", "us-east-1", "--planned"],
        { stacksDir: dir },
      );
      assert.equal(code, 0, stdout);
      for (const region of ["us-east-1", "us-west-2"])
        assert.equal(pointer(region, "otp")?.region, "us-east-1");
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
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "promote-spec-"));
      writeStackFile(dir, "three", threeRegionEstate());
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("reports a standby it could not write, and a re-run finishes it without rewriting the rest", async () => {
      aws.reset();
      const three = parseEstateConfig(threeRegionEstate());
      const seededThree = seedEstate(aws, three);
      aws.faults.set("us-east-1", { mode: "silence" });
      aws.faults.set("eu-west-1", { mode: "5xx", operations: ["PutParameter", "GetParameter"] });
      const args = ["--stack", "three", "promote", "--to", "us-west-2"];
      const first = await runCli(aws, args, { stacksDir: dir });
      assert.equal(first.code, 3, first.stdout);
      assert.match(first.stdout, /INCOMPLETE/);
      assert.match(first.stdout, /eu-west-1: pointer of marketing not written/);
      assert.equal(
        pointer("us-west-2", "otp", "acme")?.poolArn,
        seededThree["us-west-2"].otp.poolArn,
      );
      assert.equal(pointer("eu-west-1", "otp", "acme")?.region, "us-east-1");

      aws.faults.clear("eu-west-1");
      const mark = aws.requests.length;
      const second = await runCli(aws, args, { stacksDir: dir });
      assert.equal(second.code, 0, second.stdout);
      assert.equal(pointer("eu-west-1", "otp", "acme")?.region, "us-west-2");
      assert.equal(
        sentTo("us-west-2", mark).filter((r) => r.operation === "PutParameter").length,
        0,
      );
      assert.equal(sentTo("us-east-1").length, 0);
    });

    it("leaves the Region the target's live pointers name when the config lags behind them", async () => {
      // An earlier promote moved everything to us-west-2 without `pulumi config set`: the
      // config still says us-east-1. Now us-west-2 fails in turn (the auditor's reproduction).
      aws.reset();
      const three = parseEstateConfig(threeRegionEstate());
      const seededThree = seedEstate(aws, three, {
        pointers: { default: "us-west-2", overrides: {} },
      });
      aws.faults.set("us-west-2", { mode: "silence" });
      const { code, stdout } = await runCli(
        aws,
        ["--stack", "three", "promote", "--to", "eu-west-1"],
        { stacksDir: dir },
      );
      assert.equal(code, 0, stdout);
      assert.equal(sentTo("us-west-2").length, 0, "the Region that failed was never contacted");
      assert.equal(sentTo("us-east-1").length, 0, "the config's Region is still left alone");
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
      aws.reset();
      seedEstate(aws, parseEstateConfig(threeRegionEstate()), {
        pointers: { default: "us-east-1", overrides: { otp: "us-west-2" } },
      });
      aws.faults.set("us-east-1", { mode: "5xx" });
      const { code, stdout } = await runCli(
        aws,
        ["--stack", "three", "promote", "--to", "eu-west-1", "--use-case", "marketing"],
        { stacksDir: dir },
      );
      assert.equal(code, 0, stdout);
      assert.equal(sentTo("us-east-1").length, 0);
      assert.equal(pointer("us-west-2", "marketing", "acme")?.region, "eu-west-1");
      assert.equal(pointer("us-west-2", "otp", "acme")?.region, "us-west-2", "otp not moved");
      assert.match(stdout, /Not contacted: us-east-1 \(/);
      assert.doesNotMatch(stdout, /WARNING: the stack config lags/);
    });

    it("refuses, contacting no other Region, when the target's pointers cannot be read", async () => {
      aws.reset();
      seedEstate(aws, parseEstateConfig(threeRegionEstate()));
      aws.faults.set("eu-west-1", { mode: "5xx", operations: ["GetParameter"] });
      const { code, stdout } = await runCli(
        aws,
        ["--stack", "three", "promote", "--to", "eu-west-1"],
        { stacksDir: dir },
      );
      assert.equal(code, 2, stdout);
      assert.match(stdout, /REFUSED/);
      assert.match(stdout, /cannot read .*pointer.* in eu-west-1/);
      assert.equal(aws.requests.filter((r) => r.region !== "eu-west-1").length, 0);
    });
  });

  it("exits 1 with a clear message for a Region or use case outside the estate, or no stack", async () => {
    const region = await runCli(aws, ["--stack", "example", "promote", "--to", "eu-west-1"]);
    assert.equal(region.code, 1);
    assert.match(
      region.stderr,
      /--to eu-west-1 is not a Region of the estate \(us-east-1, us-west-2\)/,
    );
    const useCase = await runCli(aws, [
      "--stack",
      "example",
      "promote",
      "--to",
      "us-west-2",
      "--use-case",
      "sms",
    ]);
    assert.equal(useCase.code, 1);
    assert.match(useCase.stderr, /unknown use case sms/);
    const saved = process.env.MESSAGING_STACK;
    delete process.env.MESSAGING_STACK;
    try {
      const noStack = await runCli(aws, ["promote", "--to", "us-west-2"]);
      assert.equal(noStack.code, 1);
      assert.match(noStack.stderr, /--stack/);
    } finally {
      if (saved !== undefined) process.env.MESSAGING_STACK = saved;
    }
    assert.equal(
      (await runCli(aws, ["--stack", "example", "promote"])).code,
      1,
      "--to is required",
    );
    assert.equal(aws.requests.length, 0);
  });
});
