/**
 * The registration provider (components/sms/registration.ts) against the local endpoint,
 * whose registration operations check every request and answer against the SDK's shapes.
 * The reviewers are played by `reviewRegistration`: a draft, an explicit submission, a
 * REQUIRES_UPDATES round trip (reasons out, a new version in, the denied one untouched), a
 * change refused while a version is in review, and two Regions, one still in review.
 */
import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import {
  changedFields,
  registrationProvider as provider,
  type RegistrationInputs,
  type RegistrationOutputs,
} from "../../../components/sms/registration";
import { reviewRegistration } from "../../support/aws-endpoint";
import { useProtectEnv } from "../protect/protect-env";

const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452", "hex");
const image = {
  sha256: createHash("sha256").update(PNG).digest("hex"),
  base64: PNG.toString("base64"),
};

describe("Registration provider (SMS Voice v2 registrations)", () => {
  const env = useProtectEnv();

  function inputs(
    overrides: Partial<RegistrationInputs> = {},
    region = "us-east-1",
  ): RegistrationInputs {
    return {
      ...env.clientInputs(region),
      registrationType: "US_TOLL_FREE_REGISTRATION",
      fields: {
        "companyInfo.companyName": { text: "Acme Inc." },
        "messagingUseCase.useCaseCategory": { choices: ["TWO_FACTOR_AUTHENTICATION"] },
        "messagingUseCase.optInImage": { attachment: image },
        "messageSamples.messageSample1": {
          text: "Acme: your code is 123456. Reply STOP to opt out.",
        },
      },
      ...overrides,
    };
  }

  /** Creates through the provider; its outputs are always set. */
  async function create(
    given: RegistrationInputs,
  ): Promise<{ id: string; outs: RegistrationOutputs }> {
    const { id, outs } = await provider.create(given);
    assert.ok(outs);
    return { id, outs };
  }

  const live = (id: string, region = "us-east-1") =>
    env.aws.state.region(region).registrations.get(id)!;
  const ops = () => env.aws.requests.map((r) => r.operation);

  it("creates a draft with every field (the attachment uploaded once) and does not submit it", async () => {
    const { id, outs } = await create(inputs());
    assert.equal(outs.status, "CREATED");
    assert.equal(outs.versionStatus, "DRAFT");
    assert.ok(!ops().includes("SubmitRegistrationVersion"), "never submitted without submit: true");
    const record = live(id);
    assert.deepEqual(
      [...record.versions[0].fields.keys()].sort(),
      Object.keys(inputs().fields).sort(),
    );
    assert.equal(record.versions[0].fields.get("companyInfo.companyName")?.textValue, "Acme Inc.");
    assert.deepEqual(
      record.versions[0].fields.get("messagingUseCase.useCaseCategory")?.selectChoices,
      ["TWO_FACTOR_AUTHENTICATION"],
    );
    const attachmentId = record.versions[0].fields.get("messagingUseCase.optInImage")?.attachmentId;
    assert.equal(outs.attachmentIds[image.sha256], attachmentId);
    assert.equal(
      env.aws.state.region("us-east-1").registrationAttachments.get(attachmentId!)?.bytes,
      PNG.length,
    );
    assert.ok(
      env.aws.requests.every((r) => r.status === 200),
      JSON.stringify(env.aws.requests),
    );
  });

  it("submits only when submit turns true, and a draft changes in place until then", async () => {
    const { id, outs } = await create(inputs());
    const edited = inputs({
      fields: { ...inputs().fields, "companyInfo.companyName": { text: "Acme Payments Inc." } },
    });
    const draft = await provider.update(id, outs, edited);
    assert.equal(draft.outs?.versionStatus, "DRAFT");
    assert.equal(live(id).versions.length, 1, "a draft is edited, no new version");
    const submitted = await provider.update(id, draft.outs as RegistrationOutputs, {
      ...edited,
      submit: true,
    });
    assert.equal(submitted.outs?.status, "SUBMITTED");
    assert.equal(submitted.outs?.versionStatus, "SUBMITTED");
    assert.equal(ops().filter((o) => o === "SubmitRegistrationVersion").length, 1);
  });

  it("round-trips REQUIRES_UPDATES: reasons out, a new version with the fix in, the denied version untouched", async () => {
    const { id, outs } = await create(inputs({ submit: true }));
    reviewRegistration(env.aws.state.region("us-east-1"), id, { status: "REVIEWING" }, Date.now());
    reviewRegistration(
      env.aws.state.region("us-east-1"),
      id,
      {
        status: "REQUIRES_UPDATES",
        reasons: [
          {
            reason: "OPT_IN_IMAGE_MISSING_ELEMENTS",
            shortDescription: "The opt-in image does not show the message frequency",
          },
        ],
        fields: {
          "messagingUseCase.optInImage": {
            deniedReason: "MISSING_FREQUENCY",
            feedback: "Show the frequency",
          },
        },
      },
      Date.now(),
    );
    const refreshed = await provider.read(id, outs);
    const props = refreshed.props as RegistrationOutputs;
    assert.equal(props.status, "REQUIRES_UPDATES");
    assert.deepEqual(props.deniedReasons, [
      {
        reason: "OPT_IN_IMAGE_MISSING_ELEMENTS",
        shortDescription: "The opt-in image does not show the message frequency",
      },
    ]);
    assert.deepEqual(props.fieldFeedback, {
      "messagingUseCase.optInImage": "MISSING_FREQUENCY: Show the frequency",
    });

    const NEW_PNG = Buffer.concat([PNG, Buffer.from("frequency")]);
    const fixed = inputs({
      submit: true,
      fields: {
        ...inputs().fields,
        "messagingUseCase.optInImage": {
          attachment: {
            sha256: createHash("sha256").update(NEW_PNG).digest("hex"),
            base64: NEW_PNG.toString("base64"),
          },
        },
      },
    });
    const resubmitted = await provider.update(id, props, fixed);
    assert.equal(resubmitted.outs?.status, "SUBMITTED");
    assert.equal(resubmitted.outs?.versionNumber, 2);
    const record = live(id);
    assert.deepEqual(
      record.versions.map((v) => `${v.versionNumber} ${v.status}`),
      ["1 DENIED", "2 SUBMITTED"],
    );
    // Version 1 keeps what the reviewers saw; version 2 carries the new image, the rest copied.
    assert.notEqual(
      record.versions[0].fields.get("messagingUseCase.optInImage")?.attachmentId,
      record.versions[1].fields.get("messagingUseCase.optInImage")?.attachmentId,
    );
    assert.equal(record.versions[1].fields.get("companyInfo.companyName")?.textValue, "Acme Inc.");
    assert.equal(ops().filter((o) => o === "PutRegistrationFieldValue").length, 4 + 1);
  });

  it("refuses a change while a version is in review, naming the status and what waits", async () => {
    const { id, outs } = await create(inputs({ submit: true }));
    reviewRegistration(env.aws.state.region("us-east-1"), id, { status: "REVIEWING" }, Date.now());
    const changed = inputs({
      submit: true,
      fields: { ...inputs().fields, "companyInfo.companyName": { text: "Acme Payments Inc." } },
    });
    await assert.rejects(
      provider.update(id, outs, changed),
      /version 1 is REVIEWING, and AWS accepts no new version until the reviewers decide; changed fields companyInfo\.companyName wait/,
    );
    assert.equal(live(id).versions.length, 1);
    assert.equal(
      live(id).versions[0].fields.get("companyInfo.companyName")?.textValue,
      "Acme Inc.",
    );
  });

  it("keeps Regions apart: one approved, the other still in review", async () => {
    const east = await create(inputs({ submit: true }, "us-east-1"));
    const west = await create(inputs({ submit: true }, "us-west-2"));
    assert.notEqual(east.id, west.id === east.id ? "" : east.id + "x");
    reviewRegistration(
      env.aws.state.region("us-east-1"),
      east.id,
      { status: "COMPLETE" },
      Date.now(),
    );
    reviewRegistration(
      env.aws.state.region("us-west-2"),
      west.id,
      { status: "REVIEWING" },
      Date.now(),
    );
    const eastNow = (await provider.read(east.id, east.outs)).props as RegistrationOutputs;
    const westNow = (await provider.read(west.id, west.outs)).props as RegistrationOutputs;
    assert.deepEqual([eastNow.status, westNow.status], ["COMPLETE", "REVIEWING"]);
    assert.deepEqual(westNow.deniedReasons, []);
  });

  it("diffs fields by value (attachments by hash), replaces only on Region or type", async () => {
    const olds = { ...inputs(), registrationId: "r" } as unknown as RegistrationOutputs;
    assert.deepEqual(changedFields(inputs().fields, inputs().fields), []);
    const same = await provider.diff("r", olds, inputs());
    assert.equal(same.changes, false);
    const submit = await provider.diff("r", olds, inputs({ submit: true }));
    assert.deepEqual([submit.changes, submit.replaces], [true, []]);
    const type = await provider.diff(
      "r",
      olds,
      inputs({ registrationType: "US_TEN_DLC_CAMPAIGN_REGISTRATION" }),
    );
    assert.deepEqual(type.replaces, ["registrationType"]);
  });

  it("checks inputs before anything is sent", async () => {
    const { failures } = await provider.check({} as never, {
      ...inputs(),
      registrationType: "toll free",
      fields: {
        "companyInfo.companyName": { text: "A", choices: ["B"] } as never,
        nodot: { text: "x" },
      },
      submit: "yes" as never,
    });
    assert.deepEqual(
      failures?.map((f) => `${f.property}: ${f.reason}`),
      [
        "registrationType: registrationType is AWS's RegistrationType, e.g. US_TOLL_FREE_REGISTRATION",
        "fields: fields.companyInfo.companyName: give exactly one of text, choices or attachment",
        "fields: fields.nodot: not a field path",
        "submit: submit must be true or false",
      ],
    );
  });
});
