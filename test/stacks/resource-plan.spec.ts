/**
 * The resource plan (stacks/config/resource-plan.ts) is what the config validation knows
 * about the names a config will produce. These specs hold it to the program: for estates
 * exercising every component and option, the plan's URNs and AWS names are exactly what
 * the program registers; and configs whose names would collide are refused, naming both
 * entries, where the program without validation would register one URN twice.
 */
import { strict as assert } from "node:assert";
import { OfflineProgramError, runOffline } from "../../engine/run";
import type { RecordedResource } from "../../engine/recording-monitor";
import { EstateConfigError } from "../../stacks/config/issues";
import { parseEstateConfig, readStackConfig, stackFilePath } from "../../stacks/config/load";
import { estateSchema, type EstateConfig } from "../../stacks/config/schema";
import { deployEstate } from "../../stacks/estate";
import { clone, minimalEstate, runEstate } from "../support/estate";
import { threeRegionEstate } from "../support/failover-estate";
import { duplicateUrns, planMismatches } from "../support/resource-plan";
import { sesEstate } from "../support/ses";
import { drSender, estateSharing, OU, SECONDARY } from "../support/sharing";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

/** The minimal estate with everything optional turned on somewhere. */
function everything(): Loose {
  const e: Loose = estateSharing({
    "dr-sender": {
      ...drSender(),
      regions: {
        "us-east-1": { useCases: ["otp", "marketing"] },
        "us-west-2": { useCases: ["otp"] },
      },
      eventDestinations: {
        otp: { own: { type: "cloudwatchLogs", retentionDays: 30 }, feed: { type: "sns" } },
        marketing: {},
      },
    },
    partner: {
      account: "777788889999",
      roleArn: "arn:aws:iam::777788889999:role/messaging-deployer",
      inOrganization: false,
      regions: { "us-west-2": { useCases: ["marketing"] } },
      eventDestinations: {
        marketing: {
          stream: {
            type: "firehose",
            deliveryStreamArn: "arn:aws:firehose:{region}:777788889999:deliverystream/sms",
          },
        },
      },
    },
    whole: { principal: OU, regions: { "us-east-1": { useCases: ["otp"] } } },
  });
  e.useCases.marketing.selfManagedOptOuts = true;
  e.useCases.marketing.stopConfirmation = "estate";
  e.useCases.marketing.keywords.autoReply = {
    "MORE INFO": "Acme offers: see acme.example/offers for this month's deals.",
  };
  e.useCases.otp.eventDestinations.alerts = {
    type: "sns",
    topicArn: "arn:aws:sns:{region}:111122223333:sms-alerts",
    events: ["TEXT_BLOCKED", "TEXT_DELIVERED"],
  };
  e.useCases.otp.eventDestinations.archive = {
    type: "cloudwatchLogs",
    logGroupArn: "arn:aws:logs:{region}:111122223333:log-group:/sms/archive",
  };
  e.regions["us-east-1"].existingOriginators = {
    "otp-short-code": {
      useCase: "otp",
      kind: "phoneNumber",
      numberType: "SHORT_CODE",
      arn: "arn:aws:sms-voice:us-east-1:111122223333:phone-number/phone-0123456789abcdef",
      countries: ["US"],
    },
    "otp-legacy": { useCase: "otp", kind: "senderId", id: "ACMEPAY", countries: ["GB"] },
  };
  e.protect = {
    setAccountDefault: false,
    monthlySpendLimitUsd: 1200,
    numberOverrides: {
      everywhere: { number: "+447700900123", action: "ALLOW", reason: "QA-1" },
      "east-only": {
        number: "+12065550142",
        action: "BLOCK",
        useCase: "marketing",
        regions: ["us-east-1"],
        reason: "OPS-2",
      },
    },
  };
  return e;
}

function oneRegion(): Loose {
  const e: Loose = minimalEstate();
  e.standbyRegions = [];
  delete e.regions["us-west-2"];
  return e;
}

/** Runs the program on a config that only passed the schema: what validation stops. */
/**
 * Runs the program on a config that skipped the name checks: the resources it registered,
 * or, when the engine refused a second registration of one URN (as `pulumi up` does), the
 * engine's refusal.
 */
async function registeredWithoutNameChecks(
  raw: unknown,
): Promise<{ registered: RecordedResource[]; refusal?: string }> {
  const config = estateSchema.parse(raw) as EstateConfig;
  try {
    const run = await runOffline(() => deployEstate(config).outputs, { account: config.account });
    return { registered: run.resources };
  } catch (error) {
    if (error instanceof OfflineProgramError) {
      return { registered: error.registered, refusal: error.message };
    }
    throw error;
  }
}

function rejection(raw: unknown): EstateConfigError {
  try {
    parseEstateConfig(raw);
  } catch (error) {
    if (EstateConfigError.is(error)) return error;
    throw error;
  }
  assert.fail("expected the config to be rejected");
}

describe("resource plan", function () {
  this.timeout(120_000);

  const estates: Array<[string, () => unknown]> = [
    ["the minimal estate", minimalEstate],
    ["a one-Region estate (no opt-out replication)", oneRegion],
    ["a three-Region estate", threeRegionEstate],
    ["every optional component (sharing, adopted originators, Protect options)", everything],
    ["an estate with SES warming", sesEstate],
  ];
  for (const [label, make] of estates) {
    it(`plans exactly what the program registers for ${label}`, async () => {
      const run = await runEstate(make());
      assert.deepEqual(planMismatches(run.estate, run.resources), []);
      assert.deepEqual(duplicateUrns(run.resources), []);
    });
  }

  it("plans exactly what the program registers for the example stack", async () => {
    const raw = readStackConfig(stackFilePath("example"))["messaging:estate"];
    const run = await runEstate(raw);
    assert.ok(run.resources.length > 300);
    assert.deepEqual(planMismatches(run.estate, run.resources), []);
  });

  it("notices a resource the plan does not know (the comparison can fail)", async () => {
    const run = await runEstate(minimalEstate());
    const extra = { ...run.resources[1], urn: `${run.resources[1].urn}-unplanned` };
    assert.match(
      planMismatches(run.estate, [...run.resources, extra]).join("\n"),
      /registered but not planned/,
    );
    const renamed = run.resources.map((r) =>
      r.type.endsWith("Smsvoicev2OptOutList") ? { ...r, inputs: { ...r.inputs, name: "x" } } : r,
    );
    assert.match(planMismatches(run.estate, renamed).join("\n"), /name is "x", planned "acme-/);
  });

  /** Configs whose names collide: the problem's path, the other entry it names, and proof. */
  const collisions: Array<{
    name: string;
    mutate: (e: Loose) => void;
    path: string;
    names: RegExp;
    /** What goes wrong without the check. Default: a URN registered twice. */
    unchecked?: (registered: RecordedResource[]) => void;
  }> = [
    {
      name: "a use case named account (its protect configuration takes the account-level one's name)",
      mutate: (e) => {
        e.useCases.account = clone(e.useCases.marketing);
        for (const r of ["us-east-1", "us-west-2"]) {
          e.regions[r].phoneNumbers["account-us"] = {
            useCase: "account",
            country: "US",
            numberType: "LONG_CODE",
          };
        }
      },
      path: "messaging:estate.useCases.account",
      names:
        /"us-east-1-protect-account", the name the account-level protect configuration in us-east-1 already has/,
    },
    {
      name: "opt-in keywords JOIN NOW and JOIN_NOW (one keyword name)",
      mutate: (e) => {
        const reply = e.useCases.otp.keywords.optIn.JOIN;
        e.useCases.otp.keywords.optIn["JOIN NOW"] = reply;
        e.useCases.otp.keywords.optIn.JOIN_NOW = reply;
      },
      path: "messaging:estate.useCases.otp.keywords.optIn.JOIN_NOW",
      names:
        /"us-east-1-otp-keyword-join-now".*\(messaging:estate\.useCases\.otp\.keywords\.optIn\.JOIN NOW\)/,
    },
    {
      name: "a two-way use case named reconciler (its invoke permission takes the reconciler's)",
      mutate: (e) => {
        e.useCases.reconciler = clone(e.useCases.marketing);
        for (const r of ["us-east-1", "us-west-2"]) {
          e.regions[r].phoneNumbers["reconciler-us"] = {
            useCase: "reconciler",
            country: "US",
            numberType: "LONG_CODE",
          };
        }
      },
      path: "messaging:estate.useCases.reconciler",
      names:
        /"us-east-1-opt-out-replication-reconciler-invoke", the name the schedule's permission/,
    },
    {
      name: "use cases otp and otp-config-a with destinations a-config-x and x",
      mutate: (e) => {
        e.useCases["otp-config-a"] = clone(e.useCases.marketing);
        e.useCases["otp-config-a"].eventDestinations = { x: { type: "sns" } };
        e.useCases.otp.eventDestinations = { "a-config-x": { type: "sns" } };
        for (const r of ["us-east-1", "us-west-2"]) {
          e.regions[r].phoneNumbers["oca-us"] = {
            useCase: "otp-config-a",
            country: "US",
            numberType: "LONG_CODE",
          };
        }
      },
      path: "messaging:estate.useCases.otp.eventDestinations.a-config-x",
      names:
        /"us-east-1-otp-config-a-config-x-topic".*\(messaging:estate\.useCases\.otp-config-a\.eventDestinations\.x\)/,
    },
    {
      name: "an adopted number legacy-gb beside an adopted sender ID legacy for GB",
      mutate: (e) => {
        e.regions["us-east-1"].existingOriginators = {
          legacy: { useCase: "otp", kind: "senderId", id: "ACMEOLD", countries: ["GB"] },
          "legacy-gb": {
            useCase: "otp",
            kind: "phoneNumber",
            numberType: "SHORT_CODE",
            id: "phone-0123",
            countries: ["US"],
          },
        };
        e.secondaryAccounts = { "dr-sender": drSender() };
      },
      path: "messaging:estate.regions.us-east-1.existingOriginators.legacy-gb",
      names: /messaging:estate\.regions\.us-east-1\.existingOriginators\.legacy\b/,
      // One key holds both ARNs: the pool silently loses the sender ID and lists the number twice.
      unchecked: (registered) => {
        const pool = registered.find((r) => r.name === "us-east-1-otp-pool")!;
        const members = pool.inputs.originationIdentities as string[];
        assert.ok(!members.some((arn) => arn.endsWith("sender-id/ACMEOLD/GB")));
        assert.equal(members.filter((arn) => arn.endsWith("phone-number/phone-0123")).length, 2);
      },
    },
    {
      name: "a use case shared with accounts a and b-to-c, another named a-to-b shared with c",
      mutate: (e) => {
        e.useCases["otp-to-b"] = clone(e.useCases.otp);
        for (const r of ["us-east-1", "us-west-2"]) {
          e.regions[r].phoneNumbers["otpb-us"] = {
            useCase: "otp-to-b",
            country: "US",
            numberType: "LONG_CODE",
          };
          e.regions[r].senderIds["otpb-brand"] = {
            useCase: "otp-to-b",
            senderId: "ACMEB",
            countries: ["GB"],
          };
        }
        const share = (account: string, useCase: string) => ({
          account,
          regions: { "us-east-1": { useCases: [useCase] } },
        });
        e.secondaryAccounts = {
          "b-to-c": share(SECONDARY, "otp"),
          c: share("777788889999", "otp-to-b"),
        };
      },
      path: "messaging:estate.secondaryAccounts.c",
      names: /"us-east-1-sharing-otp-to-b-to-c".*\(messaging:estate\.secondaryAccounts\.b-to-c\)/,
    },
  ];

  for (const c of collisions) {
    it(`refuses ${c.name}, naming both entries`, async () => {
      const raw = clone(minimalEstate()) as Loose;
      c.mutate(raw);
      const error = rejection(raw);
      const issue = error.issues.find((_, i) => error.paths[i] === c.path);
      assert.ok(issue, `no problem at ${c.path}:\n${error.message}`);
      assert.match(issue.message, c.names);
      // Without the check, the program really would go wrong.
      const { registered, refusal } = await registeredWithoutNameChecks(raw);
      if (c.unchecked) c.unchecked(registered);
      else if (refusal !== undefined) assert.match(refusal, /duplicate resource URN /);
      else assert.notDeepEqual(duplicateUrns(registered), []);
    });
  }

  it("refuses names beyond AWS's limits, counting Pulumi's random suffix", () => {
    const raw = clone(minimalEstate()) as Loose;
    const key = "d".repeat(32);
    raw.useCases.otp.eventDestinations = { [key]: { type: "cloudwatchLogs" } };
    const error = rejection(raw);
    assert.deepEqual(error.paths, [`messaging:estate.useCases.otp.eventDestinations.${key}`]);
    assert.match(
      error.issues[0].message,
      /IAM role .* "us-east-1-otp-config-d{32}-role" plus Pulumi's 8-character random suffix, 66 characters, but AWS allows 64/,
    );
    // Two characters fewer fit exactly (56 + 8 = 64).
    raw.useCases.otp.eventDestinations = { [key.slice(2)]: { type: "cloudwatchLogs" } };
    parseEstateConfig(raw);
  });
});
