/** `SmsConfigurationSet` from hand-written arguments: destinations of each kind, defaults and errors. */
import { strict as assert } from "node:assert";
import {
  SmsConfigurationSet,
  type SmsConfigurationSetArgs,
} from "../../../components/sms/configuration-set";
import { ACCOUNT, componentError, ofType, one, runComponent } from "../../support/components";

const SET = "aws-native:smsvoice:ConfigurationSet";
const TOPIC = "aws:sns/topic:Topic";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";

function args(overrides: Partial<SmsConfigurationSetArgs> = {}): SmsConfigurationSetArgs {
  return {
    region: "eu-west-1",
    account: ACCOUNT,
    configurationSetName: "acme-otp",
    defaultMessageType: "TRANSACTIONAL",
    ...overrides,
  };
}

type Destination = {
  eventDestinationName: string;
  matchingEventTypes: string[];
  snsDestination?: { topicArn: string };
  cloudWatchLogsDestination?: { logGroupArn: string; iamRoleArn: string };
  kinesisFirehoseDestination?: { deliveryStreamArn: string; iamRoleArn: string };
};

describe("SmsConfigurationSet (hand-written args)", function () {
  it("defaults to no destination, no protect configuration and no tags", async function () {
    const run = await runComponent(() => new SmsConfigurationSet("otp-set", args()));
    const set = one(run, SET);
    assert.equal(set.inputs.configurationSetName, "acme-otp");
    assert.deepEqual(set.inputs.eventDestinations, []);
    assert.equal(set.inputs.protectConfigurationId, undefined);
    assert.deepEqual(set.inputs.tags, []);
    assert.equal(ofType(run, ROLE).length + ofType(run, TOPIC).length, 0);
  });

  it("creates what a destination does not name, with events defaulting to ALL, and substitutes {region}", async function () {
    const run = await runComponent(
      () =>
        new SmsConfigurationSet(
          "otp-set",
          args({
            eventDestinations: {
              alerts: { sns: {} },
              logs: { cloudwatchLogs: {}, events: ["TEXT_DELIVERED", "TEXT_BLOCKED"] },
              stream: {
                firehose: {
                  deliveryStreamArn: `arn:aws:firehose:{region}:${ACCOUNT}:deliverystream/sms`,
                },
              },
              existing: { sns: { topicArn: `arn:aws:sns:{region}:${ACCOUNT}:events` } },
            },
          }),
        ),
    );
    const destinations = one(run, SET).inputs.eventDestinations as Destination[];
    const byName = Object.fromEntries(destinations.map((d) => [d.eventDestinationName, d]));
    assert.deepEqual(Object.keys(byName), ["alerts", "existing", "logs", "stream"]);
    assert.deepEqual(byName.alerts.matchingEventTypes, ["ALL"]);
    assert.deepEqual(byName.logs.matchingEventTypes, ["TEXT_BLOCKED", "TEXT_DELIVERED"]);
    assert.equal(
      byName.existing.snsDestination?.topicArn,
      `arn:aws:sns:eu-west-1:${ACCOUNT}:events`,
    );
    assert.equal(
      byName.stream.kinesisFirehoseDestination?.deliveryStreamArn,
      `arn:aws:firehose:eu-west-1:${ACCOUNT}:deliverystream/sms`,
    );
    // One topic created (for `alerts` only), one log group at the default 365 days.
    assert.equal(ofType(run, TOPIC).length, 1);
    assert.equal(one(run, LOG_GROUP).inputs.retentionInDays, 365);
    // A role per destination that needs one (logs, firehose), scoped to this set by ARN.
    const roles = ofType(run, ROLE);
    assert.equal(roles.length, 2);
    for (const role of roles) {
      const trust = JSON.parse(role.inputs.assumeRolePolicy as string);
      assert.deepEqual(trust.Statement[0].Condition, {
        StringEquals: { "aws:SourceAccount": ACCOUNT },
        ArnLike: {
          "aws:SourceArn": `arn:aws:sms-voice:eu-west-1:${ACCOUNT}:configuration-set/acme-otp`,
        },
      });
    }
    assert.equal(ofType(run, ROLE_POLICY).length, 2);
  });

  it("takes the partition from the Region (GovCloud)", async function () {
    const run = await runComponent(
      () =>
        new SmsConfigurationSet(
          "otp-set",
          args({ region: "us-gov-west-1", eventDestinations: { logs: { cloudwatchLogs: {} } } }),
        ),
    );
    const trust = JSON.parse(one(run, ROLE).inputs.assumeRolePolicy as string);
    assert.equal(
      trust.Statement[0].Condition.ArnLike["aws:SourceArn"],
      `arn:aws-us-gov:sms-voice:us-gov-west-1:${ACCOUNT}:configuration-set/acme-otp`,
    );
  });

  it("refuses a destination naming two kinds, or none, as a ResourceError naming the set", async function () {
    const both = await componentError(
      () =>
        new SmsConfigurationSet(
          "otp-set",
          args({ eventDestinations: { mixed: { sns: {}, cloudwatchLogs: {} } } }),
        ),
    );
    assert.ok(both.error.resource instanceof SmsConfigurationSet);
    assert.match(
      both.error.message,
      /otp-set: event destination mixed must name exactly one of sns, cloudwatchLogs or firehose \(it names sns and cloudwatchLogs\)/,
    );
    const none = await componentError(
      () => new SmsConfigurationSet("otp-set", args({ eventDestinations: { empty: {} } })),
    );
    assert.match(
      none.error.message,
      /event destination empty must name exactly one .* \(it names none\)/,
    );
    assert.equal(none.registered.filter((r) => r.type === SET).length, 0);
  });

  it("refuses more than five destinations", async function () {
    const eventDestinations = Object.fromEntries(
      ["a", "b", "c", "d", "e", "f"].map((key) => [key, { sns: {} }]),
    );
    const { error, registered } = await componentError(
      () => new SmsConfigurationSet("otp-set", args({ eventDestinations })),
    );
    assert.match(
      error.message,
      /otp-set: 6 event destinations; a configuration set holds at most 5/,
    );
    assert.equal(registered.filter((r) => r.type === TOPIC).length, 0);
  });
});
