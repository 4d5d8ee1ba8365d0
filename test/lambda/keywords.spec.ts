import { strict as assert } from "node:assert";
import fc from "fast-check";
import { maskNumber, parseInboundRecord, InboundMessageError } from "../../lambda/lib/inbound";
import { keywordOf, OPT_OUT_KEYWORDS, optOutKeywordOf } from "../../lambda/lib/keywords";

const snsRecord = (message: string) => ({
  Sns: { Message: message, MessageId: "msg-1" } as never,
});

describe("opt-out keywords", () => {
  it("holds the ten opt-out keywords AWS honours on every number", () => {
    assert.deepEqual(
      [...OPT_OUT_KEYWORDS],
      [
        "ARRET",
        "CANCEL",
        "END",
        "OPT-OUT",
        "OPTOUT",
        "QUIT",
        "REMOVE",
        "STOP",
        "TD",
        "UNSUBSCRIBE",
      ],
    );
  });

  it("recognises each keyword whatever its case, surrounding blanks or trailing punctuation", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...OPT_OUT_KEYWORDS),
        fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        fc.constantFrom("", " ", "\n", "\t "),
        fc.constantFrom("", ".", "!", "!!", "?"),
        (keyword, upper, pad, punctuation) => {
          const cased = [...keyword].map((c, i) => (upper[i] ? c : c.toLowerCase())).join("");
          assert.equal(optOutKeywordOf(`${pad}${cased}${punctuation}${pad}`), keyword);
        },
      ),
    );
  });

  it("treats a message that begins with a keyword as an opt-out, like End User Messaging does", () => {
    assert.equal(optOutKeywordOf("Stop sending me these"), "STOP");
    assert.equal(optOutKeywordOf("UNSUBSCRIBE please"), "UNSUBSCRIBE");
    assert.equal(optOutKeywordOf("Arrêt"), "ARRET");
  });

  it("ignores other replies, keywords inside a sentence and empty bodies", () => {
    for (const body of [
      "YES",
      "NO",
      "HELP",
      "Please don't stop",
      "STOPPED",
      "ENDLESS",
      "",
      "   ",
      undefined,
    ]) {
      assert.equal(optOutKeywordOf(body), undefined, String(body));
    }
  });
});

describe("inbound SNS payload", () => {
  it("reads the fields End User Messaging publishes", () => {
    const message = parseInboundRecord(
      snsRecord(
        JSON.stringify({
          originationNumber: "+12065550142",
          destinationNumber: "+18445550100",
          messageKeyword: "KEYWORD_123456789012",
          messageBody: "STOP",
          previousPublishedMessageId: "prev-1",
          inboundMessageId: "in-1",
        }),
      ),
    );
    assert.deepEqual(message, {
      originationNumber: "+12065550142",
      destinationNumber: "+18445550100",
      messageKeyword: "KEYWORD_123456789012",
      messageBody: "STOP",
      inboundMessageId: "in-1",
      previousPublishedMessageId: "prev-1",
    });
  });

  it("rejects a message that is not JSON or has no E.164 originationNumber", () => {
    assert.throws(() => parseInboundRecord(snsRecord("STOP")), InboundMessageError);
    assert.throws(
      () =>
        parseInboundRecord(
          snsRecord(JSON.stringify({ originationNumber: "206 555 0142", messageBody: "STOP" })),
        ),
      /E\.164/,
    );
  });

  it("masks numbers for logs", () => {
    assert.equal(maskNumber("+12065550142"), "+1206***0142");
    assert.equal(maskNumber("+1234"), "***");
  });
});

describe("opt-in keywords", () => {
  it("matches a use case's keywords as the whole reply or its first words, in any case", () => {
    assert.equal(keywordOf("join", ["JOIN", "START"]), "JOIN");
    assert.equal(keywordOf("  Start please!", ["JOIN", "START"]), "START");
    assert.equal(keywordOf("join now", ["JOIN NOW"]), "JOIN NOW");
    assert.equal(keywordOf("JOIN   NOW.", ["JOIN NOW"]), "JOIN NOW");
  });

  it("does not match a keyword inside a longer word or later in the reply", () => {
    for (const body of ["JOINED", "please join", "STARTER", "", undefined]) {
      assert.equal(keywordOf(body, ["JOIN", "START"]), undefined, String(body));
    }
  });
});
