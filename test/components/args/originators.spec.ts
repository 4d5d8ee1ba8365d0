/** `RegionOriginators` and `TwoWayChannel` from hand-written arguments. */
import { strict as assert } from "node:assert";
import { RegionOriginators, type RegionOriginatorsArgs } from "../../../components/sms/originators";
import { TwoWayChannel } from "../../../components/sms/two-way-channel";
import { ACCOUNT, componentError, ofType, one, runComponent } from "../../support/components";

const NUMBER = "aws:pinpoint/smsvoicev2PhoneNumber:Smsvoicev2PhoneNumber";
const SENDER = "aws:pinpoint/smsvoicev2SenderId:Smsvoicev2SenderId";

function args(overrides: Partial<RegionOriginatorsArgs> = {}): RegionOriginatorsArgs {
  return {
    region: "us-east-1",
    account: ACCOUNT,
    useCases: { otp: { messageType: "TRANSACTIONAL", optOutListName: "acme-otp" } },
    ...overrides,
  };
}

describe("RegionOriginators (hand-written args)", function () {
  it("declares nothing by default", async function () {
    let originators: RegionOriginators | undefined;
    const run = await runComponent(() => (originators = new RegionOriginators("r", args())));
    assert.equal(ofType(run, NUMBER).length + ofType(run, SENDER).length, 0);
    assert.deepEqual(Object.keys(originators!.byUseCase), ["otp"]);
  });

  it("requests numbers with SMS only, the use case's message type and list, protected and retained", async function () {
    let originators: RegionOriginators | undefined;
    const run = await runComponent(
      () =>
        (originators = new RegionOriginators(
          "r",
          args({
            phoneNumbers: {
              "otp-us": { useCase: "otp", country: "US", numberType: "LONG_CODE" },
              "otp-spare": { useCase: "otp", country: "US", numberType: "TOLL_FREE", spare: true },
            },
          }),
        )),
    );
    const numbers = Object.fromEntries(ofType(run, NUMBER).map((n) => [n.name, n]));
    const member = Object.values(numbers).find((n) => n.inputs.numberType === "LONG_CODE")!;
    assert.deepEqual(member.inputs.numberCapabilities, ["SMS"]);
    assert.equal(member.inputs.messageType, "TRANSACTIONAL");
    assert.equal(member.inputs.optOutListName, "acme-otp");
    assert.equal(member.inputs.selfManagedOptOutsEnabled, false);
    assert.equal(member.inputs.twoWayChannelEnabled, false);
    assert.equal(member.inputs.deletionProtectionEnabled, true);
    for (const n of Object.values(numbers)) {
      assert.equal(n.protect, true, n.name);
      assert.equal(n.retainOnDelete, true, n.name);
    }
    // A long code is active at once; a toll-free number waits on its registration.
    const byType = Object.fromEntries(Object.values(numbers).map((n) => [n.inputs.numberType, n]));
    assert.equal(byType.LONG_CODE.inputs.waitForActive, true);
    assert.equal(byType.TOLL_FREE.inputs.waitForActive, false);
    assert.equal(originators!.byUseCase.otp.members.length, 1);
    assert.equal(originators!.byUseCase.otp.spares.length, 1);
  });

  it("requests a sender ID once per country and builds adopted ARNs in the Region's partition", async function () {
    let originators: RegionOriginators | undefined;
    const run = await runComponent(
      () =>
        (originators = new RegionOriginators(
          "r",
          args({
            region: "us-gov-west-1",
            senderIds: { brand: { useCase: "otp", senderId: "ACME", countries: ["GB", "DE"] } },
            existingOriginators: {
              short: { useCase: "otp", kind: "phoneNumber", id: "phone-123", countries: ["US"] },
            },
          }),
        )),
    );
    const senders = ofType(run, SENDER);
    assert.deepEqual(senders.map((s) => s.inputs.isoCountryCode).sort(), ["DE", "GB"]);
    for (const s of senders) assert.deepEqual(s.inputs.messageTypes, ["TRANSACTIONAL"]);
    assert.deepEqual(originators!.adoptedArns, {
      short: `arn:aws-us-gov:sms-voice:us-gov-west-1:${ACCOUNT}:phone-number/phone-123`,
    });
  });

  it("refuses an originator of an unknown use case, naming the component and the fix", async function () {
    const { error, registered } = await componentError(
      () =>
        new RegionOriginators(
          "r",
          args({
            phoneNumbers: { x: { useCase: "alerts", country: "US", numberType: "LONG_CODE" } },
          }),
        ),
    );
    assert.ok(error.resource instanceof RegionOriginators);
    assert.match(
      error.message,
      /r: an originator serves unknown use case alerts; add it to useCases/,
    );
    assert.equal(registered.filter((r) => r.type === NUMBER).length, 0);
  });

  it("attaches a number to a registration by its key, and refuses an unknown key", async function () {
    const run = await runComponent(
      () =>
        new RegionOriginators(
          "r",
          args({
            phoneNumbers: {
              tf: { useCase: "otp", country: "US", numberType: "TOLL_FREE", registration: "tfr" },
            },
            registrationIds: { tfr: "registration-0123" },
          }),
        ),
    );
    assert.equal(one(run, NUMBER).inputs.registrationId, "registration-0123");
    const { error, registered } = await componentError(
      () =>
        new RegionOriginators(
          "r",
          args({
            phoneNumbers: {
              tf: { useCase: "otp", country: "US", numberType: "TOLL_FREE", registration: "other" },
            },
            registrationIds: { tfr: "registration-0123" },
          }),
        ),
    );
    assert.ok(error.resource instanceof RegionOriginators);
    assert.match(error.message, /r: phone number tf names unknown registration other; declare it/);
    assert.equal(registered.filter((r) => r.type === NUMBER).length, 0);
  });

  it("refuses an adopted originator with neither id nor arn", async function () {
    const { error } = await componentError(
      () =>
        new RegionOriginators(
          "r",
          args({
            existingOriginators: {
              short: { useCase: "otp", kind: "phoneNumber", countries: ["US"] },
            },
          }),
        ),
    );
    assert.match(error.message, /r: existing originator short needs exactly one of id or arn/);
  });
});

describe("TwoWayChannel (hand-written args)", function () {
  it("lets only the account's End User Messaging publish to the inbound topic", async function () {
    const run = await runComponent(
      () => new TwoWayChannel("inbound", { region: "us-east-1", account: ACCOUNT }),
    );
    const topic = one(run, "aws:sns/topic:Topic");
    assert.equal(topic.inputs.tags, undefined);
    const policy = JSON.parse(one(run, "aws:sns/topicPolicy:TopicPolicy").inputs.policy as string);
    assert.deepEqual(policy.Statement[0].Principal, { Service: "sms-voice.amazonaws.com" });
    assert.deepEqual(policy.Statement[0].Condition, {
      StringEquals: { "aws:SourceAccount": ACCOUNT },
    });
  });
});
