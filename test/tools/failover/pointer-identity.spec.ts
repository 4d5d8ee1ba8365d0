/**
 * The same failover, done by `pulumi up` (the program with `messaging:activeRegion`) and by
 * `npm run failover -- promote`, stores the same bytes in every pointer parameter: the program
 * runs offline for the example stack with the standby active, the local endpoint is seeded
 * with the very resources the program declared there, the tool promotes, and the two values
 * are compared byte for byte. So a `pulumi up` after an outage has no pointer to rewrite, and
 * the tool's own records (who, when) live beside the pointer, where Pulumi never looks.
 */
import { strict as assert } from "node:assert";
import { runProgramFile } from "../../../engine/program";
import type { RecordedResource } from "../../../engine/recording-monitor";
import { loadEstateFromFile, readStackConfig, stackFilePath } from "../../../stacks/config/load";
import { REPO_ROOT, STACK_PROGRAM } from "../../../tools/stack-run";
import { type AwsEndpoint, startAwsEndpoint } from "../../support/aws-endpoint";
import { named } from "../../support/estate";
import { runCli, seedFreshness } from "../../support/failover-estate";

describe("pointer documents: program and tool agree byte for byte", function () {
  this.timeout(180_000);
  let aws: AwsEndpoint;
  let resources: RecordedResource[];
  const estate = loadEstateFromFile(stackFilePath("example"));

  before(async () => {
    const run = await runProgramFile(STACK_PROGRAM, {
      stack: "example",
      config: {
        ...readStackConfig(stackFilePath("example")),
        "messaging:activeRegion": "us-west-2",
      },
      account: estate.account,
      defaultRegion: "us-east-1",
      rootDir: REPO_ROOT,
    });
    resources = run.resources;
    aws = await startAwsEndpoint({
      accountId: estate.account,
      regions: ["us-east-1", "us-west-2"],
    });
  });
  after(async () => aws?.close());

  it("writes exactly the value the program declares for the standby", async () => {
    const useCases = Object.keys(estate.useCases).sort();
    for (const useCase of useCases) {
      const pool = named(resources, `us-west-2-${useCase}-pool`);
      const protect = named(resources, `us-west-2-protect-${useCase}`);
      const listName = `${estate.namePrefix}-${useCase}`;
      const countries = estate.useCases[useCase].countries;
      // One registered short code per country is enough to be ready everywhere.
      const numbers = countries.map((country, i) => ({
        phoneNumber: `+1206555${String(2000 + useCases.indexOf(useCase) * 100 + i).padStart(4, "0")}`,
        isoCountryCode: country,
        numberType: "SHORT_CODE",
        optOutListName: listName,
        messageType: estate.useCases[useCase].messageType,
      }));
      aws.state.seed("us-west-2", {
        optOutLists: [{ name: listName }],
        phoneNumbers: numbers,
        pools: [
          {
            id: pool.id,
            members: numbers.map((n) => n.phoneNumber),
            optOutListName: listName,
            messageType: estate.useCases[useCase].messageType,
          },
        ],
        protectConfigurations: [{ id: protect.outputs.protectConfigurationId as string }],
      });
      aws.state.seed("us-west-2", {
        configurationSets: [
          {
            name: listName,
            protectConfigurationId: protect.outputs.protectConfigurationId as string,
          },
        ],
      });
      seedFreshness(aws, estate, "us-west-2", useCase);
    }
    await aws.transport.set("us-east-1", "refuse");
    const { code, stdout } = await runCli(aws, [
      "--stack",
      "example",
      "promote",
      "--to",
      "us-west-2",
    ]);
    assert.equal(code, 0, stdout);
    for (const useCase of useCases) {
      const declared = named(resources, `failover-active-pointers-us-west-2-${useCase}`).inputs
        .insecureValue as string;
      const record = aws.state
        .region("us-west-2")
        .parameters.get(`/messaging/${estate.namePrefix}/${useCase}/active`)!;
      assert.equal(record.history[record.history.length - 1].value, declared, useCase);
    }
  });
});
