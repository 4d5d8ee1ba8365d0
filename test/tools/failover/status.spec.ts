/** `failover status`: the readiness report and its exit code, against the local endpoint. */
import { strict as assert } from "node:assert";
import { loadEstateFromFile, stackFilePath } from "../../../stacks/config/load";
import { type AwsEndpoint, startAwsEndpoint } from "../../support/aws-endpoint";
import { runCli, seedEstate, type SeededUseCase, testNumbers } from "../../support/failover-estate";

/** The report row of a use case in a Region. */
const row = (stdout: string, useCase: string, region: string) =>
  stdout
    .split("\n")
    .find((line) => line.startsWith(`${useCase} `) && line.includes(` ${region} `)) ?? "";

describe("failover status", function () {
  this.timeout(60_000);
  let aws: AwsEndpoint;
  let seeded: Record<string, Record<string, SeededUseCase>>;
  const estate = loadEstateFromFile(stackFilePath("example"));

  before(async () => {
    aws = await startAwsEndpoint({ accountId: estate.account });
  });
  beforeEach(() => {
    aws.reset();
    const same = { alerts: testNumbers(3), marketing: testNumbers(120, 100), otp: [] };
    seeded = seedEstate(aws, estate, { optOuts: { "us-east-1": same, "us-west-2": same } });
  });
  after(async () => aws.close());

  it("reports every use case ready in both Regions and exits 0", async () => {
    const { code, stdout } = await runCli(aws, ["--stack", "example", "status"]);
    assert.equal(code, 0, stdout);
    assert.match(
      row(stdout, "marketing", "us-west-2"),
      /standby .*ok 1\/1 ACTIVE .*ok off .*ok 120 \(= us-east-1\) .*ok northwind-marketing .*ok protect-.* ok us-east-1 +READY$/,
    );
    assert.match(row(stdout, "otp", "us-east-1"), /active .*READY$/);
    assert.match(stdout, /Every Region is ready to send every use case\./);
    assert.match(stdout, /no `pulumi config` change is needed/);
    assert.ok(
      aws.requests.every((r) => !/^(Put|Delete|Create|Update)/.test(r.operation)),
      "status only reads",
    );
  });

  it("flags a standby whose opt-out list, members, shared routes or protect configuration fall short", async () => {
    const west = aws.state.region("us-west-2");
    west.optOutLists.get("northwind-marketing")!.numbers.delete(testNumbers(1, 150)[0]);
    west.phoneNumbers.get(seeded["us-west-2"].alerts.phoneNumberId)!.status = "PENDING";
    west.pools.get(seeded["us-west-2"].otp.poolId)!.sharedRoutesEnabled = true;
    west.protectConfigurations.delete(seeded["us-west-2"].otp.protectConfigurationId);
    const { code, stdout } = await runCli(aws, ["--stack", "example", "status"]);
    assert.equal(code, 3, stdout);
    assert.match(
      row(stdout, "marketing", "us-west-2"),
      /NO 119 vs 120 in us-east-1 \(lacks 1, extra 0\).*NOT READY$/,
    );
    assert.match(row(stdout, "alerts", "us-west-2"), /NO 0\/1 ACTIVE \(phone-\w+ PENDING\)/);
    assert.match(row(stdout, "otp", "us-west-2"), /NO ON .*NO protect-\w+ missing/);
    assert.match(row(stdout, "otp", "us-east-1"), /READY$/);
    assert.match(stdout, /run `npm run failover -- sync-opt-outs`/);
  });

  it("reports a silent primary unreachable instead of hanging, and still checks the standby", async () => {
    aws.faults.set("us-east-1", { mode: "silence" });
    const { code, stdout } = await runCli(aws, ["--stack", "example", "status"]);
    assert.equal(code, 3);
    assert.match(stdout, /us-east-1 unreachable: TimeoutError/);
    assert.match(
      row(stdout, "otp", "us-west-2"),
      /ok 1\/1 ACTIVE .*\?\? 0 \(active us-east-1 not readable\)/,
    );
    const skipped = await runCli(aws, [
      "--stack",
      "example",
      "status",
      "--skip-region",
      "us-east-1",
    ]);
    assert.match(skipped.stdout, /us-east-1 unreachable: skipped/);
  });

  it("after a promote without the config change, says which pulumi config set to run, and warns of split pointers", async () => {
    aws.faults.set("us-east-1", { mode: "5xx" });
    assert.equal(
      (await runCli(aws, ["--stack", "example", "promote", "--to", "us-west-2"])).code,
      0,
    );
    const during = await runCli(aws, ["--stack", "example", "status"]);
    assert.match(
      during.stdout,
      /pulumi config set messaging:activeRegion us-west-2 --stack example/,
    );
    aws.faults.clear();
    const after = await runCli(aws, ["--stack", "example", "status"]);
    assert.match(
      after.stdout,
      /WARNING: the otp pointers disagree \(us-east-1 → us-east-1, us-west-2 → us-west-2\)/,
    );
    assert.match(row(after.stdout, "otp", "us-west-2"), /NO us-west-2 \(config: us-east-1\)/);
  });
});
