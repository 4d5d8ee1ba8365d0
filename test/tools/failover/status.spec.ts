/**
 * `failover status`: the readiness report and its exit code against the local endpoint with a
 * listener per Region. "Ready" must mean ready: every departure (a country a standby cannot
 * reach, split pointers, a config that lags them, a Region presumed down or not answering, a
 * promote holding the lease) is stated with the command that fixes it, and changes the exit
 * code.
 */
import { strict as assert } from "node:assert";
import { loadEstateFromFile, stackFilePath } from "../../../stacks/config/load";
import { renderLease } from "../../../tools/failover/lease";
import { type AwsEndpoint, startAwsEndpoint } from "../../support/aws-endpoint";
import {
  runCli,
  seedEstate,
  type SeededUseCase,
  seedFreshness,
  testNumbers,
} from "../../support/failover-estate";

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
  const status = (...extra: string[]) => runCli(aws, ["--stack", "example", "status", ...extra]);

  before(async () => {
    aws = await startAwsEndpoint({
      accountId: estate.account,
      regions: ["us-east-1", "us-west-2"],
    });
  });
  beforeEach(async () => {
    await aws.reset();
    const same = { alerts: testNumbers(3), marketing: testNumbers(120, 100), otp: [] };
    seeded = seedEstate(aws, estate, { optOuts: { "us-east-1": same, "us-west-2": same } });
  });
  after(async () => aws.close());

  it("reports every use case ready in both Regions, per country, and exits 0", async () => {
    const { code, stdout } = await status();
    assert.equal(code, 0, stdout);
    assert.match(
      row(stdout, "marketing", "us-west-2"),
      /standby .*ok 3\/3 .*ok off .*ok 120 \(= us-east-1\) .*ok fresh \(120\/120\) .*ok northwind-marketing .*ok protect-.* ok us-east-1 +READY$/,
    );
    assert.match(row(stdout, "otp", "us-east-1"), /active .*ok 15\/15 .*READY$/);
    assert.match(stdout, /^Ready: every Region can send every use case/m);
    assert.match(stdout, /no `pulumi config` change is needed/);
    assert.ok(
      aws.requests.every((r) => !/^(Put|Delete|Create|Update)/.test(r.operation)),
      "status only reads",
    );
  });

  it("flags a standby whose opt-out list, countries, shared routes or protect configuration fall short, and exits 1", async () => {
    const west = aws.state.region("us-west-2");
    west.optOutLists.get("northwind-marketing")!.numbers.delete(testNumbers(1, 150)[0]);
    const caNumber = seeded["us-west-2"].alerts.members["alerts-ca-long"].id;
    west.phoneNumbers.get(caNumber)!.status = "PENDING";
    west.pools.get(seeded["us-west-2"].otp.poolId)!.sharedRoutesEnabled = true;
    west.protectConfigurations.delete(seeded["us-west-2"].otp.protectConfigurationId);
    const { code, stdout } = await status();
    assert.equal(code, 1, stdout);
    assert.match(
      row(stdout, "marketing", "us-west-2"),
      /NO 119 vs 120 in us-east-1 \(lacks 1, extra 0\).*NOT READY$/,
    );
    assert.match(
      row(stdout, "alerts", "us-west-2"),
      new RegExp(`NO 2/3 \\(CA: ${caNumber} PENDING\\)`),
    );
    assert.match(row(stdout, "otp", "us-west-2"), /NO ON .*NO protect-\w+ missing/);
    assert.match(row(stdout, "otp", "us-east-1"), /READY$/);
    assert.match(
      stdout,
      /opt-out lists differ between Regions\n {2}npm run failover -- --stack example sync-opt-outs/,
    );
  });

  it("marks a promotional use case not ready when the standby's opt-out reconciliation is behind or unknown", async () => {
    seedFreshness(aws, estate, "us-west-2", "marketing", { behind: 2, ledgerOptedOut: 122 });
    aws.state.region("us-west-2").parameters.delete("/messaging/northwind/otp/opt-out-freshness");
    const { code, stdout } = await status();
    assert.equal(code, 1, stdout);
    assert.match(
      row(stdout, "marketing", "us-west-2"),
      /NO BEHIND: 2 ledger decisions not applied.*NOT READY$/,
    );
    // A transactional use case can still be promoted (with a warning): unknown, not unready.
    assert.match(row(stdout, "otp", "us-west-2"), /\?\? UNKNOWN: no freshness document.*READY$/);
  });

  it("reports a silent primary unreachable instead of hanging, still checks the standby, and exits 3", async () => {
    await aws.transport.set("us-east-1", "silent");
    const { code, stdout } = await status();
    assert.equal(code, 3, stdout);
    assert.match(stdout, /us-east-1 unreachable: TimeoutError/);
    assert.match(
      row(stdout, "otp", "us-west-2"),
      /ok 15\/15 .*\?\? 0 \(active us-east-1 not readable\)/,
    );
    assert.match(stdout, /NOT READY: .*us-east-1 could not be read \(run status again\)/);
    const skipped = await status("--skip-region", "us-east-1");
    assert.match(skipped.stdout, /us-east-1 unreachable: skipped/);
  });

  it("in an outage of the sending Region, says the standby can take over when its lists follow the ledger", async () => {
    aws.faults.set("us-east-1", { mode: "5xx", services: ["sms-voice"] });
    const { code, stdout } = await status();
    assert.equal(code, 3, stdout);
    // Its lists cannot be compared with the sending Region's, but the opt-out ledger says they
    // hold every decision the standby knows of: what promote checks, so what status reports.
    assert.match(
      row(stdout, "marketing", "us-west-2"),
      /\?\? 120 \(active us-east-1 not readable\) +ok fresh \(120\/120\) .*(?<!NOT) READY$/,
    );
    assert.match(row(stdout, "otp", "us-east-1"), /NOT READY$/);
    // Not when the ledger says it is behind.
    seedFreshness(aws, estate, "us-west-2", "marketing", { behind: 2 });
    const behind = await status();
    assert.match(row(behind.stdout, "marketing", "us-west-2"), /NOT READY$/);
  });

  it("compares what each Region carries per country and warns where the standby carries less", async () => {
    const { stdout } = await status();
    assert.match(stdout, /otp +US +100 MPS +3 MPS/);
    assert.match(
      stdout,
      /WARNING: otp in us-west-2 carries less than in us-east-1: US 3 MPS vs 100 MPS/,
    );
  });

  it("after a promote without the config change: the primary presumed down and the config lagging, each with its command", async () => {
    await aws.transport.set("us-east-1", "refuse");
    assert.equal(
      (await runCli(aws, ["--stack", "example", "promote", "--to", "us-west-2"])).code,
      0,
    );
    const during = await status();
    assert.equal(during.code, 1, during.stdout);
    assert.match(row(during.stdout, "otp", "us-west-2"), /active .*ok us-west-2 +READY$/);
    assert.match(row(during.stdout, "otp", "us-east-1"), /\?\? presumed down/);
    assert.match(
      during.stdout,
      /NOT READY: the stack config lags the pointers .*\n {2}pulumi config set messaging:activeRegion us-west-2 --stack example/,
    );
    assert.match(
      during.stdout,
      /NOT READY: us-east-1 is presumed down since .*\n {2}npm run failover -- --stack example clear-presumed-down us-east-1/,
    );
    assert.match(
      during.stdout,
      /otp: moved from us-east-1 to us-west-2 by arn:aws:iam::111122223333:user\/AKIDTEST at /,
    );
    assert.doesNotMatch(during.stdout, /no `pulumi config` change is needed/);
  });

  it("says a promote holds the lease, or died holding it, with the command to finish it", async () => {
    const lease = renderLease({
      promoteId: "p1",
      owner: "arn:aws:sts::111122223333:assumed-role/OnCall/dave",
      to: "us-west-2",
      useCases: ["otp"],
      acquiredAt: "2025-01-01T00:00:00.000Z",
      expiresAt: "2025-01-01T00:02:00.000Z",
    });
    aws.state.seed("us-west-2", {
      parameters: [{ name: "/messaging/northwind/_failover/lease", value: lease }],
    });
    const { code, stdout } = await status();
    assert.equal(code, 1, stdout);
    assert.match(
      stdout,
      /us-west-2: arn:aws:sts::111122223333:assumed-role\/OnCall\/dave started a promote that did not finish otp to us-west-2 .*\n {2}npm run failover -- --stack example promote --to us-west-2 --use-case otp/,
    );
  });

  it("exits 2 before any table when the stack does not exist", async () => {
    const { code, stdout, stderr } = await runCli(aws, ["--stack", "nope", "status"]);
    assert.equal(code, 2);
    assert.equal(stdout, "");
    assert.match(stderr, /Pulumi\.nope\.yaml does not exist/);
  });

  it("exits 2, contacting nothing, for a --skip-region outside the estate (a typo would contact the dead Region)", async () => {
    const { code, stdout, stderr } = await status("--skip-region", "us-east1");
    assert.equal(code, 2, stdout);
    assert.equal(stdout, "");
    assert.match(
      stderr,
      /--skip-region us-east1 is not a Region of the estate \(us-east-1, us-west-2\)/,
    );
    assert.deepEqual(aws.requests, []);
  });
});
