/** The example stack as a whole, through the same path `npm start` takes. */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as YAML from "yaml";
import { main as preview } from "../../tools/preview";
import { runStack, type StackRun } from "../../tools/stack-run";
import { clone, minimalEstate, ofType, TOKENS } from "../support/estate";

describe("example stack", function () {
  this.timeout(60_000);
  let run: StackRun;

  before(async () => {
    run = await runStack({ stack: "example" });
  });

  it("declares a pool, opt-out list and configuration set for every use case in every Region", () => {
    for (const token of [TOKENS.pool, TOKENS.optOutList, TOKENS.configurationSet]) {
      // The owning account's (the secondary account's own configuration sets are in sharing specs).
      const regions = ofType(run.resources, token)
        .filter((r) => r.account === run.estate.account)
        .map((r) => r.region)
        .sort();
      assert.deepEqual(
        regions,
        ["us-east-1", "us-east-1", "us-east-1", "us-west-2", "us-west-2", "us-west-2"],
        token,
      );
    }
  });

  it("turns message feedback on for the use case that asks for it (otp) and leaves the others' sets unset", () => {
    const sets = ofType(run.resources, TOKENS.configurationSet).filter(
      (r) => r.account === run.estate.account,
    );
    const feedback = sets
      .map(
        (r) =>
          `${r.region} ${String(r.inputs.configurationSetName)} ${String(r.inputs.messageFeedbackEnabled)}`,
      )
      .sort();
    assert.deepEqual(feedback, [
      "us-east-1 northwind-alerts undefined",
      "us-east-1 northwind-marketing undefined",
      "us-east-1 northwind-otp true",
      "us-west-2 northwind-alerts undefined",
      "us-west-2 northwind-marketing undefined",
      "us-west-2 northwind-otp true",
    ]);
  });

  it("has US originators of more than one type and sender IDs for at least a dozen countries", () => {
    const usTypes = new Set(
      ofType(run.resources, TOKENS.phoneNumber)
        .filter((n) => n.inputs.isoCountryCode === "US" && n.region === "us-east-1")
        .map((n) => n.inputs.numberType),
    );
    assert.ok(usTypes.size >= 2, [...usTypes].join());
    const senderCountries = new Set(
      ofType(run.resources, TOKENS.senderId).map((s) => s.inputs.isoCountryCode),
    );
    assert.ok(senderCountries.size >= 12, [...senderCountries].join());
  });

  it("exports, per use case and Region, the pool and configuration set to send with", () => {
    const useCases = run.outputs.useCases as Record<string, Record<string, Record<string, string>>>;
    assert.deepEqual(Object.keys(useCases).sort(), ["alerts", "marketing", "otp"]);
    assert.match(
      useCases.otp["us-west-2"].poolArn,
      /^arn:aws:sms-voice:us-west-2:111122223333:pool\/pool-[0-9a-f]{32}$/,
    );
    assert.equal(useCases.otp["us-west-2"].configurationSetName, "northwind-otp");
    assert.match(
      useCases.alerts["us-east-1"].inboundTopicArn,
      /^arn:aws:sns:us-east-1:111122223333:/,
    );
  });

  it("prints a tree by account and Region with key properties (npm start)", async () => {
    const out: string[] = [];
    const code = await preview([], { out: (t) => out.push(t), err: (t) => out.push(t) });
    assert.equal(code, 0, out.join("\n"));
    const text = out.join("\n");
    assert.match(text, /^Stack example · account 111122223333 · \d+ resources/);
    assert.match(text, /├─ us-east-1 \(primary\)/);
    assert.match(text, /└─ us-west-2 \(standby\)/);
    assert.match(
      text,
      /Smsvoicev2Pool us-east-1-otp-pool .*shared-routes=off opt-out-list=northwind-otp/,
    );
    assert.match(
      text,
      /Smsvoicev2PhoneNumber us-east-1-originators-otp-us-tfn .*country=US type=TOLL_FREE .*deletion-protection=on protected/,
    );
    // Capacity per Region, use case and country, and the standby's shortfall.
    assert.match(
      text,
      /us-east-1 \(primary\)\s+otp\s+US\s+100\s+otp-us-short-code \(default\)\s+2/,
    );
    assert.match(text, /us-west-2 \(standby\)\s+otp\s+US\s+3\s+otp-us-tfn \(default\)\s+2/);
    assert.match(
      text,
      /Standby capacity below 50% of the primary \(advisory\):\n {2}! otp to US: us-west-2 carries 3 MPS, 3% of us-east-1's 100 MPS \(below 50%\)/,
    );
  });

  it("prints every resource as JSON with --json", async () => {
    const out: string[] = [];
    assert.equal(
      await preview(["--json"], { out: (t) => out.push(t), err: (t) => out.push(t) }),
      0,
    );
    const parsed = JSON.parse(out.join("\n")) as { resources: Array<Record<string, unknown>> };
    assert.equal(parsed.resources.length, run.resources.length);
    const pool = parsed.resources.find((r) => r.name === "us-east-1-otp-pool")!;
    assert.deepEqual(Object.keys(pool).sort(), [
      "custom",
      "id",
      "inputs",
      "name",
      "parent",
      "protect",
      "provider",
      "region",
      "retainOnDelete",
      "secretInputs",
      "type",
      "urn",
    ]);
    assert.equal(pool.region, "us-east-1");
    // Protect override numbers are personal data: registered as secrets, never printed.
    const override = parsed.resources.find(
      (r) => r.name === "us-east-1-protect-override-qa-handset-uk",
    )!;
    assert.deepEqual(override.secretInputs, ["destinationPhoneNumber"]);
    assert.equal((override.inputs as Record<string, unknown>).destinationPhoneNumber, "[secret]");
    assert.ok(!out.join("\n").includes("+447700900456"));
  });

  it("sums up each Region's Protect layer and shows the account-level guards", async () => {
    const out: string[] = [];
    assert.equal(await preview([], { out: (t) => out.push(t), err: (t) => out.push(t) }), 0);
    const text = out.join("\n");
    for (const region of ["us-east-1", "us-west-2"]) {
      assert.match(
        text,
        new RegExp(
          `\\[messaging:protect:RegionProtect\\] ${region}-protect  countries-blocked=\\d{3} filter=otp monitor=none account-default=set`,
        ),
      );
      assert.match(
        text,
        new RegExp(
          `TextMessageSpendLimitOverride ${region}-protect-spend-limit  monthly-limit=\\$5000`,
        ),
      );
      assert.match(
        text,
        new RegExp(
          `ProtectNumberOverride ${region}-protect-override-qa-handset-uk  number=\\(secret\\) action=ALLOW`,
        ),
      );
    }
    assert.ok(!text.includes("+447700900456"));
  });

  it("exits 2 with the config problems for a stack that does not validate", async () => {
    const err: string[] = [];
    assert.equal(
      await preview(["--stack", "no-such-stack"], {
        out: () => undefined,
        err: (t) => err.push(t),
      }),
      2,
    );
    assert.match(err.join("\n"), /Pulumi\.no-such-stack\.yaml does not exist/);
  });

  it("exits 2 listing every config problem with its path for a stack file that does not validate", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "preview-invalid-"));
    try {
      const raw = clone(minimalEstate()) as Record<string, unknown>;
      raw.account = "12345";
      raw.standbyRegions = ["us-wst-2"];
      fs.writeFileSync(
        path.join(dir, "Pulumi.broken.yaml"),
        YAML.stringify({ config: { "messaging:estate": raw } }),
      );
      const out: string[] = [];
      const err: string[] = [];
      const code = await preview(["--stack", "broken", "--stacks-dir", dir], {
        out: (t) => out.push(t),
        err: (t) => err.push(t),
      });
      assert.equal(code, 2);
      assert.deepEqual(out, []);
      const text = err.join("\n");
      assert.match(text, /messaging:estate\.account: .*12-digit AWS account id/);
      assert.match(text, /messaging:estate\.standbyRegions\[0\]: not a Region/);
      assert.doesNotMatch(text, /at .*\.ts:\d+/, "no stack trace for a config problem");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
