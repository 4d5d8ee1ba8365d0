/**
 * `MessagingRegion` and `MessagingEstate` from hand-written arguments, as another team's
 * program would declare them: defaults, the Protect layer underneath, and errors.
 */
import { strict as assert } from "node:assert";
import * as awsnative from "@pulumi/aws-native";
import {
  MessagingEstate,
  type MessagingEstateArgs,
} from "../../../components/sms/messaging-estate";
import {
  MessagingRegion,
  type MessagingRegionArgs,
} from "../../../components/sms/messaging-region";
import type { UseCaseArgs } from "../../../components/sms/use-case";
import {
  ACCOUNT,
  componentError,
  HELP,
  JOIN,
  ofType,
  one,
  runComponent,
  STOP,
} from "../../support/components";

const OPT_OUT_LIST = "aws:pinpoint/smsvoicev2OptOutList:Smsvoicev2OptOutList";
const POOL = "aws:pinpoint/smsvoicev2Pool:Smsvoicev2Pool";
const SET = "aws-native:smsvoice:ConfigurationSet";
const PROTECT = "aws-native:smsvoice:ProtectConfiguration";
const NATIVE_PROVIDER = "pulumi:providers:aws-native";
const ACCOUNT_DEFAULT = "pulumi-nodejs:dynamic/protect:AccountDefaultProtectConfiguration";

const otp: UseCaseArgs = {
  messageType: "TRANSACTIONAL",
  countries: ["US"],
  keywords: { help: HELP, stop: STOP, optIn: { JOIN } },
};

function regionArgs(overrides: Partial<MessagingRegionArgs> = {}): MessagingRegionArgs {
  return {
    region: "us-east-1",
    role: "primary",
    account: ACCOUNT,
    useCases: { otp },
    originators: {
      phoneNumbers: { "otp-us": { useCase: "otp", country: "US", numberType: "LONG_CODE" } },
    },
    ...overrides,
  };
}

function protectStatus(configuration: { inputs: Record<string, unknown> }, country: string) {
  const rules = (
    configuration.inputs.countryRuleSet as { sms: { countryCode: string; protectStatus: string }[] }
  ).sms;
  return rules.find((r) => r.countryCode === country)?.protectStatus;
}

describe("MessagingRegion (hand-written args)", function () {
  it("names physical resources with the default prefix and tags them with the Region's role", async function () {
    const run = await runComponent(() => {
      const provider = new awsnative.Provider("native", { region: "us-east-1" });
      new MessagingRegion("us-east-1", regionArgs(), { providers: [provider] });
    });
    assert.equal(one(run, OPT_OUT_LIST).inputs.name, "messaging-otp");
    assert.equal(one(run, SET).inputs.configurationSetName, "messaging-otp");
    assert.deepEqual(one(run, OPT_OUT_LIST).inputs.tags, {
      "messaging:managed-by": "pulumi",
      "messaging:region-role": "primary",
      "messaging:use-case": "otp",
    });
    // Not two-way, not self-managed: the pool says so explicitly.
    assert.equal(one(run, POOL).inputs.twoWayEnabled, false);
    assert.equal(one(run, POOL).inputs.selfManagedOptOutsEnabled, false);
  });

  it("protects by default: ALLOW for a service use case, FILTER for a public-facing one, FILTER at account level, blocking the rest", async function () {
    const run = await runComponent(
      () =>
        new MessagingRegion(
          "us-east-1",
          regionArgs({
            useCases: {
              otp: { ...otp, publicFacing: true },
              alerts: { ...otp, countries: ["CA"] },
            },
            originators: {
              phoneNumbers: {
                "otp-us": { useCase: "otp", country: "US", numberType: "LONG_CODE" },
                "alerts-ca": { useCase: "alerts", country: "CA", numberType: "LONG_CODE" },
              },
            },
          }),
        ),
    );
    const configurations = ofType(run, PROTECT);
    assert.equal(configurations.length, 3);
    const byName = Object.fromEntries(configurations.map((c) => [c.name, c]));
    const otpConfig = Object.values(byName).find((c) => c.name.endsWith("otp"))!;
    const alertsConfig = Object.values(byName).find((c) => c.name.endsWith("alerts"))!;
    const accountConfig = Object.values(byName).find((c) => c !== otpConfig && c !== alertsConfig)!;
    assert.equal(protectStatus(otpConfig, "US"), "FILTER");
    assert.equal(protectStatus(alertsConfig, "CA"), "ALLOW");
    assert.equal(protectStatus(accountConfig, "US"), "FILTER");
    assert.equal(protectStatus(accountConfig, "CA"), "FILTER");
    assert.equal(protectStatus(accountConfig, "FR"), "BLOCK");
    // The account-level configuration becomes the account default unless told otherwise.
    assert.equal(one(run, ACCOUNT_DEFAULT).inputs.region, "us-east-1");
    assert.equal(
      one(run, ACCOUNT_DEFAULT).inputs.protectConfigurationId,
      accountConfig.outputs.protectConfigurationId,
    );
  });

  it("refuses a Region without use cases, as a ResourceError naming it", async function () {
    const { error, registered } = await componentError(
      () => new MessagingRegion("us-east-1", regionArgs({ useCases: {} })),
    );
    assert.ok(error.resource instanceof MessagingRegion);
    assert.match(error.message, /us-east-1: declare at least one use case/);
    assert.equal(registered.filter((r) => r.custom).length, 0);
  });

  it("refuses a use case without a pool member in the Region (the pool names it)", async function () {
    const { error } = await componentError(
      () => new MessagingRegion("us-east-1", regionArgs({ originators: {} })),
    );
    assert.match(error.message, /pool .*otp.*: a pool needs at least one member/);
  });

  it("refuses a number override naming an unknown use case", async function () {
    const { error } = await componentError(
      () =>
        new MessagingRegion(
          "us-east-1",
          regionArgs({
            protect: {
              numberOverrides: {
                vip: { number: "+12065550142", action: "ALLOW", useCase: "alerts" },
              },
            },
          }),
        ),
    );
    assert.match(
      error.message,
      /number override vip names unknown use case alerts; use one of otp/,
    );
  });
});

function estateArgs(overrides: Partial<MessagingEstateArgs> = {}): MessagingEstateArgs {
  const numbers = {
    phoneNumbers: { "otp-us": { useCase: "otp", country: "US", numberType: "LONG_CODE" as const } },
  };
  return {
    account: ACCOUNT,
    primaryRegion: "us-west-2",
    standbyRegions: ["us-east-2", "us-east-1"],
    useCases: { otp },
    regions: { "us-east-1": numbers, "us-east-2": numbers, "us-west-2": numbers },
    ...overrides,
  };
}

describe("MessagingEstate (hand-written args)", function () {
  it("declares the primary first, then the standbys in order, each with an aws-native provider pinned to the account", async function () {
    let estate: MessagingEstate | undefined;
    const run = await runComponent(() => (estate = new MessagingEstate("estate", estateArgs())));
    assert.deepEqual(Object.keys(estate!.regions), ["us-west-2", "us-east-1", "us-east-2"]);
    assert.deepEqual(estate!.settings.regionOrder, ["us-west-2", "us-east-1", "us-east-2"]);
    const providers = ofType(run, NATIVE_PROVIDER);
    assert.deepEqual(
      providers.map((p) => p.inputs.region),
      ["us-west-2", "us-east-1", "us-east-2"],
    );
    for (const p of providers)
      assert.deepEqual(JSON.parse(p.inputs.allowedAccountIds as string), [ACCOUNT]);
    // Defaults applied once, for the layers built on the estate.
    assert.equal(estate!.settings.namePrefix, "messaging");
    assert.deepEqual(estate!.settings.tags, {});
    assert.equal(estate!.settings.useCases.otp.protectMode, "ALLOW");
    assert.equal(estate!.settings.useCases.otp.twoWay, false);
    const roles = ofType(run, POOL).map(
      (p) => (p.inputs.tags as Record<string, string>)["messaging:region-role"],
    );
    assert.deepEqual(roles.sort(), ["primary", "standby", "standby"]);
  });

  it("refuses a Region without an entry in regions, naming the fix", async function () {
    const args = estateArgs();
    delete args.regions["us-east-2"];
    const { error, registered } = await componentError(() => new MessagingEstate("estate", args));
    assert.ok(error.resource instanceof MessagingEstate);
    assert.match(error.message, /estate: us-east-2 has no entry in regions; add regions.us-east-2/);
    assert.equal(registered.filter((r) => r.name === "us-east-2").length, 0);
  });
});
