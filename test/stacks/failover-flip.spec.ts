/**
 * Flipping `messaging:activeRegion` changes only the active-region pointers. The real
 * program (stacks/index.ts) runs for the example stack with each value; every registered
 * resource is compared: the same URNs, and identical inputs and options everywhere except
 * the pointer parameters' values, which change exactly as expected. So no originator, pool
 * or opt-out list can be created, replaced or deleted by a failover.
 */
import { strict as assert } from "node:assert";
import { runProgramFile } from "../../engine/program";
import type { RecordedResource } from "../../engine/recording-monitor";
import { OfflineProgramError } from "../../engine/run";
import { parsePointer } from "../../components/failover/pointer-document";
import { readStackConfig, stackFilePath } from "../../stacks/config/load";
import { REPO_ROOT, STACK_PROGRAM } from "../../tools/stack-run";
import { named } from "../support/estate";

const POINTER = "aws:ssm/parameter:Parameter";
const isPointer = (r: RecordedResource) =>
  r.type === POINTER && r.name.startsWith("failover-active-pointers-");

async function runExample(
  extra: Record<string, unknown> = {},
): Promise<Map<string, RecordedResource>> {
  const config = { ...readStackConfig(stackFilePath("example")), ...extra };
  const run = await runProgramFile(STACK_PROGRAM, {
    stack: "example",
    config,
    account: "111122223333",
    defaultRegion: "us-east-1",
    rootDir: REPO_ROOT,
  });
  const byUrn = new Map<string, RecordedResource>();
  for (const r of run.resources) byUrn.set(r.urn, r);
  return byUrn;
}

/** What Pulumi diffs and acts on, besides inputs. */
const options = (r: RecordedResource) => ({
  type: r.type,
  parent: r.parent,
  provider: r.provider,
  protect: r.protect,
  retainOnDelete: r.retainOnDelete,
  deleteBeforeReplace: r.deleteBeforeReplace,
  ignoreChanges: r.ignoreChanges,
  aliases: r.aliases,
});

/** URNs whose inputs differ between two runs; asserts everything else is identical. */
function compare(a: Map<string, RecordedResource>, b: Map<string, RecordedResource>): string[] {
  assert.deepEqual([...b.keys()].sort(), [...a.keys()].sort(), "the same resources are registered");
  const changed: string[] = [];
  for (const [urn, left] of a) {
    const right = b.get(urn)!;
    assert.deepEqual(options(right), options(left), urn);
    if (isPointer(left)) {
      const { insecureValue: _l, ...restLeft } = left.inputs;
      const { insecureValue: _r, ...restRight } = right.inputs;
      assert.deepEqual(restRight, restLeft, `${urn}: only the value may change`);
      if (left.inputs.insecureValue !== right.inputs.insecureValue) changed.push(urn);
    } else {
      assert.deepEqual(right.inputs, left.inputs, urn);
      assert.deepEqual([...right.dependencies].sort(), [...left.dependencies].sort(), urn);
    }
  }
  return changed;
}

const pointerOf = (run: Map<string, RecordedResource>, region: string, useCase: string) =>
  parsePointer(
    named([...run.values()], `failover-active-pointers-${region}-${useCase}`).inputs
      .insecureValue as string,
  );

describe("failover flip (messaging:activeRegion)", function () {
  this.timeout(120_000);
  let primary: Map<string, RecordedResource>;

  before(async () => {
    primary = await runExample();
  });

  it("defaults to the primary Region: every pointer names us-east-1", () => {
    for (const region of ["us-east-1", "us-west-2"]) {
      for (const useCase of ["alerts", "marketing", "otp"]) {
        assert.equal(pointerOf(primary, region, useCase).region, "us-east-1");
      }
    }
    assert.ok(
      [...primary.values()].some(
        (r) => r.type === "aws:pinpoint/smsvoicev2PhoneNumber:Smsvoicev2PhoneNumber",
      ),
    );
    // The comparison sees the functions' code itself, not just an archive object.
    const code = named([...primary.values()], "us-east-1-opt-out-replication-replicator").inputs
      .code as {
      assets: Record<string, { text: string }>;
    };
    assert.ok(code.assets["index.js"].text.length > 10_000);
  });

  it("an explicit activeRegion equal to the primary changes nothing at all", async () => {
    assert.deepEqual(
      compare(primary, await runExample({ "messaging:activeRegion": "us-east-1" })),
      [],
    );
  });

  it("flipping to the standby changes only the six pointer values, to the standby's own resources", async () => {
    const standby = await runExample({ "messaging:activeRegion": "us-west-2" });
    const changed = compare(primary, standby);
    assert.deepEqual(
      changed.map((urn) => urn.split("::").pop()).sort(),
      ["us-east-1", "us-west-2"]
        .flatMap((r) =>
          ["alerts", "marketing", "otp"].map((u) => `failover-active-pointers-${r}-${u}`),
        )
        .sort(),
    );
    const resources = [...standby.values()];
    for (const region of ["us-east-1", "us-west-2"]) {
      for (const useCase of ["alerts", "marketing", "otp"]) {
        const pool = named(resources, `us-west-2-${useCase}-pool`);
        assert.deepEqual(pointerOf(standby, region, useCase), {
          useCase,
          region: "us-west-2",
          poolArn: pool.outputs.arn,
          poolId: pool.id,
          configurationSetName: `northwind-${useCase}`,
          protectConfigurationId: named(resources, `us-west-2-protect-${useCase}`).outputs
            .protectConfigurationId,
        });
      }
    }
  });

  it("a per-use-case override moves only that use case's pointers", async () => {
    const run = await runExample({ "messaging:activeRegionOverrides": { otp: "us-west-2" } });
    assert.deepEqual(
      compare(primary, run)
        .map((urn) => urn.split("::").pop())
        .sort(),
      ["failover-active-pointers-us-east-1-otp", "failover-active-pointers-us-west-2-otp"],
    );
    assert.equal(pointerOf(run, "us-east-1", "otp").region, "us-west-2");
    assert.equal(pointerOf(run, "us-east-1", "alerts").region, "us-east-1");
  });

  it("rejects a Region outside the estate or an unknown use case before declaring anything", async () => {
    for (const [extra, pattern] of [
      [
        { "messaging:activeRegion": "eu-west-1" },
        /messaging:activeRegion: "eu-west-1" is not a Region of the estate; use one of us-east-1, us-west-2/,
      ],
      [
        { "messaging:activeRegionOverrides": { sms: "us-west-2" } },
        /messaging:activeRegionOverrides\.sms: unknown use case "sms"/,
      ],
      [
        { "messaging:activeRegionOverrides": { otp: "mars-1" } },
        /messaging:activeRegionOverrides\.otp: "mars-1" is not a Region/,
      ],
    ] as const) {
      const error = await runExample(extra).then(
        () => assert.fail("expected the program to fail"),
        (e: unknown) => e,
      );
      assert.ok(error instanceof OfflineProgramError, String(error));
      assert.match(error.message, pattern);
      assert.equal(error.registered.filter((r) => r.custom).length, 0, "nothing was declared");
    }
  });
});
