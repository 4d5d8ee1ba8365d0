/** `PhonePool` from hand-written arguments: its defaults, its keywords and its errors. */
import { strict as assert } from "node:assert";
import { PhonePool, type PhonePoolArgs } from "../../../components/sms/phone-pool";
import {
  componentError,
  HELP,
  JOIN,
  ofType,
  one,
  phoneArn,
  runComponent,
  STOP,
} from "../../support/components";

const POOL = "aws:pinpoint/smsvoicev2Pool:Smsvoicev2Pool";
const KEYWORD = "aws:pinpoint/smsvoicev2Keyword:Smsvoicev2Keyword";

function args(overrides: Partial<PhonePoolArgs> = {}): PhonePoolArgs {
  return {
    region: "us-east-1",
    messageType: "TRANSACTIONAL",
    optOutListName: "acme-otp",
    members: [
      { arn: phoneArn("phone-ca"), country: "CA" },
      { arn: phoneArn("phone-us"), country: "US" },
    ],
    keywords: { help: HELP, stop: STOP, optIn: { JOIN } },
    ...overrides,
  };
}

describe("PhonePool (hand-written args)", function () {
  it("defaults to shared routes off, AWS-managed opt-outs, one-way, deletion protection on and Pulumi protect", async function () {
    const run = await runComponent(() => new PhonePool("otp", args()));
    const pool = one(run, POOL);
    assert.equal(pool.inputs.sharedRoutesEnabled, false);
    assert.equal(pool.inputs.selfManagedOptOutsEnabled, false);
    assert.equal(pool.inputs.twoWayEnabled, false);
    assert.equal(pool.inputs.twoWayChannelArn, undefined);
    assert.equal(pool.inputs.deletionProtectionEnabled, true);
    assert.equal(pool.protect, true);
    // The first member's country is fixed at creation; later drift must not replace the pool.
    assert.equal(pool.inputs.isoCountryCode, "CA");
    assert.deepEqual(pool.ignoreChanges, ["isoCountryCode"]);
    assert.deepEqual(pool.inputs.originationIdentities, [
      phoneArn("phone-ca"),
      phoneArn("phone-us"),
    ]);
    assert.equal(pool.inputs.optOutListName, "acme-otp");
    assert.equal(pool.inputs.tags, undefined);
  });

  it("declares HELP and STOP without an action, opt-ins as OPT_IN and auto-replies as AUTOMATIC_RESPONSE", async function () {
    const run = await runComponent(
      () =>
        new PhonePool(
          "otp",
          args({
            keywords: {
              help: HELP,
              stop: STOP,
              optIn: { START: JOIN, JOIN },
              autoReply: { HOURS: "Acme: we answer every day from 8am to 8pm Eastern time." },
            },
          }),
        ),
    );
    const byWord = Object.fromEntries(
      ofType(run, KEYWORD).map((k) => [k.inputs.keyword as string, k]),
    );
    assert.deepEqual(Object.keys(byWord).sort(), ["HELP", "HOURS", "JOIN", "START", "STOP"]);
    assert.equal(byWord.HELP.inputs.keywordAction, undefined);
    assert.equal(byWord.STOP.inputs.keywordAction, undefined);
    assert.equal(byWord.JOIN.inputs.keywordAction, "OPT_IN");
    assert.equal(byWord.START.inputs.keywordAction, "OPT_IN");
    assert.equal(byWord.HOURS.inputs.keywordAction, "AUTOMATIC_RESPONSE");
    assert.equal(byWord.HELP.inputs.keywordMessage, HELP);
    for (const keyword of Object.values(byWord)) assert.equal(keyword.inputs.region, "us-east-1");
  });

  it("enables two-way on the pool when given an inbound topic, and takes explicit settings", async function () {
    const topic = "arn:aws:sns:us-east-1:111122223333:inbound";
    const run = await runComponent(
      () =>
        new PhonePool(
          "otp",
          args({
            twoWayChannelArn: topic,
            selfManagedOptOuts: true,
            sharedRoutesEnabled: true,
            deletionProtectionEnabled: false,
            tags: { owner: "platform" },
          }),
        ),
    );
    const pool = one(run, POOL);
    assert.equal(pool.inputs.twoWayEnabled, true);
    assert.equal(pool.inputs.twoWayChannelArn, topic);
    assert.equal(pool.inputs.selfManagedOptOutsEnabled, true);
    assert.equal(pool.inputs.sharedRoutesEnabled, true);
    assert.equal(pool.inputs.deletionProtectionEnabled, false);
    assert.deepEqual(pool.inputs.tags, { owner: "platform" });
  });

  it("refuses a pool without members, as a ResourceError naming the pool, before declaring the pool", async function () {
    const { error, registered } = await componentError(
      () => new PhonePool("otp", args({ members: [] })),
    );
    assert.ok(error.resource instanceof PhonePool);
    assert.match(error.message, /pool otp: a pool needs at least one member; add an originator/);
    assert.equal(registered.filter((r) => r.type === POOL).length, 0);
  });

  it("refuses a pool without an opt-in keyword, naming the pool", async function () {
    const { error, registered } = await componentError(
      () => new PhonePool("otp", args({ keywords: { help: HELP, stop: STOP, optIn: {} } })),
    );
    assert.ok(error.resource instanceof PhonePool);
    assert.match(error.message, /pool otp: declare at least one opt-in keyword/);
    assert.equal(registered.filter((r) => r.type === POOL || r.type === KEYWORD).length, 0);
  });
});
