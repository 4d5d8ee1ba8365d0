/**
 * Sharing is additive: adding a secondary account (or granting an already-shared use case
 * to one more account) adds resources and leaves every existing URN, input and option
 * where it was; reordering the section changes nothing.
 */
import { strict as assert } from "node:assert";
import type { RecordedResource } from "../../../engine/recording-monitor";
import { readStackConfig, stackFilePath } from "../../../stacks/config/load";
import { clone, minimalEstate, runEstate } from "../../support/estate";
import { drSender, estateSharing } from "../../support/sharing";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const snapshot = (resources: RecordedResource[]) =>
  new Map(
    resources.map((r) => [
      r.urn,
      { inputs: r.inputs, protect: r.protect, parent: r.parent, provider: r.provider },
    ]),
  );

/** Asserts every resource of `before` is in `after`, unchanged; returns the URNs `after` added. */
function assertOnlyAdded(before: Map<string, unknown>, after: Map<string, unknown>): string[] {
  for (const [urn, state] of before) {
    assert.ok(after.has(urn), `${urn} moved`);
    assert.deepEqual(after.get(urn), state, urn);
  }
  return [...after.keys()].filter((urn) => !before.has(urn));
}

describe("RAM sharing: URN stability", function () {
  this.timeout(120_000);

  it("adding a secondary account moves no existing URN and changes no existing input", async () => {
    const before = snapshot((await runEstate(minimalEstate())).resources);
    const after = snapshot((await runEstate(estateSharing({ "dr-sender": drSender() }))).resources);
    const added = assertOnlyAdded(before, after);
    assert.ok(added.some((urn) => urn.endsWith("::us-east-1-sharing-otp-share")));
    assert.ok(added.some((urn) => urn.endsWith("::dr-sender-us-west-2-otp-config-set")));
  });

  it("removing the example stack's secondary account would touch nothing but its own resources", async () => {
    const raw = readStackConfig(stackFilePath("example"))["messaging:estate"] as Loose;
    assert.ok(Object.keys(raw.secondaryAccounts ?? {}).length > 0, "the example shares");
    const without = clone(raw);
    delete without.secondaryAccounts;
    const before = snapshot((await runEstate(without)).resources);
    const added = assertOnlyAdded(before, snapshot((await runEstate(raw)).resources));
    assert.ok(
      added.every((urn) => /messaging:sharing:EstateSharing/.test(urn)),
      added.join("\n"),
    );
  });

  it("granting an already-shared use case to one more account only adds its grant", async () => {
    const base = estateSharing({ "dr-sender": drSender() });
    const before = snapshot((await runEstate(base)).resources);
    const grown = clone(base);
    grown.secondaryAccounts["backup"] = {
      account: "555566667777",
      regions: { "us-east-1": { useCases: ["otp"] } },
    };
    const added = assertOnlyAdded(before, snapshot((await runEstate(grown)).resources));
    assert.deepEqual(
      added.map((urn) => urn.split("::").pop()),
      ["us-east-1-sharing-otp-to-backup"],
    );
  });

  it("reordering secondary accounts, Regions and use-case lists changes no URN and no input", async () => {
    const forward = estateSharing({
      "dr-sender": {
        ...drSender(),
        regions: {
          "us-east-1": { useCases: ["otp", "marketing"] },
          "us-west-2": { useCases: ["otp"] },
        },
      },
      backup: {
        account: "555566667777",
        regions: { "us-west-2": { useCases: ["marketing", "otp"] } },
      },
    });
    // marketing's Firehose stream is in the owning account: give dr-sender its own destination.
    forward.secondaryAccounts["dr-sender"].eventDestinations = {
      marketing: { logs: { type: "cloudwatchLogs" } },
    };
    const reversed = clone(forward);
    reversed.secondaryAccounts = Object.fromEntries(
      Object.entries(forward.secondaryAccounts as Record<string, Loose>)
        .reverse()
        .map(([name, entry]) => [
          name,
          {
            ...entry,
            regions: Object.fromEntries(
              Object.entries(entry.regions as Record<string, { useCases: string[] }>)
                .reverse()
                .map(([region, block]) => [region, { useCases: [...block.useCases].reverse() }]),
            ),
          },
        ]),
    );
    const a = snapshot((await runEstate(forward)).resources);
    const b = snapshot((await runEstate(reversed)).resources);
    assert.deepEqual([...b.keys()].sort(), [...a.keys()].sort());
    for (const [urn, state] of a) assert.deepEqual(b.get(urn), state, urn);
  });
});
