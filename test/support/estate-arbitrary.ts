/**
 * Test support: fast-check arbitraries for estate configs — estates that mostly pass
 * validation (with names chosen to collide now and then), mutations that break them in the
 * ways a hand-edited YAML file does, and permutations of every list and map.
 */
import fc from "fast-check";
import { sesSection } from "./ses";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

const REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "ca-central-1"];
/** Use-case names; now and then one that collides with a name the estate builds. */
const useCaseName = fc.oneof(
  { arbitrary: fc.constantFrom("otp", "alerts", "marketing", "billing"), weight: 6 },
  { arbitrary: fc.constantFrom("account", "reconciler", "otp-config"), weight: 1 },
);
const OPT_IN_KEYWORDS = ["JOIN", "START", "JOIN NOW", "JOIN_NOW", "SUBSCRIBE"];
const AUTO_REPLIES = ["INFO", "MORE INFO", "YES"];
const DESTINATION_KEYS = ["logs", "events", "stream", "a-config-x", "x"];
const REPLY = "Acme: help at support@acme.example or +1-800-555-0199. Msg&data rates may apply.";
/** Replies carrying what carriers require of STOP and opt-in replies (brand, confirmation, …). */
const STOP = "Acme: you are unsubscribed and will receive no more messages.";
const JOIN =
  "Acme: you're subscribed, up to 4 msgs/month. Msg&data rates may apply. Reply HELP for help, STOP to end.";

const destination = fc.oneof(
  fc.constant({ type: "cloudwatchLogs" }),
  fc.constant({ type: "cloudwatchLogs", retentionDays: 30, events: ["TEXT_DELIVERED"] }),
  fc.constant({ type: "sns" }),
  fc.constant({ type: "sns", topicArn: "arn:aws:sns:{region}:111122223333:sms-events" }),
  fc.constant({
    type: "firehose",
    deliveryStreamArn: "arn:aws:firehose:{region}:111122223333:deliverystream/sms",
  }),
);

const useCase = fc.record({
  messageType: fc.constantFrom("TRANSACTIONAL", "PROMOTIONAL"),
  countries: fc.subarray(["US", "CA", "GB", "DE"], { minLength: 1 }),
  twoWay: fc.boolean(),
  selfManaged: fc.boolean(),
  publicFacing: fc.boolean(),
  optIn: fc.uniqueArray(fc.constantFrom(...OPT_IN_KEYWORDS), { minLength: 1, maxLength: 2 }),
  autoReply: fc.subarray(AUTO_REPLIES, { maxLength: 2 }),
  destinations: fc.uniqueArray(fc.tuple(fc.constantFrom(...DESTINATION_KEYS), destination), {
    maxLength: 2,
    selector: ([key]) => key,
  }),
});

/** A raw estate as a stack file would hold it (a fresh object each time). */
export const arbEstate: fc.Arbitrary<Loose> = fc
  .record({
    primary: fc.constantFrom(...REGIONS),
    standbys: fc.subarray(REGIONS, { maxLength: 2 }),
    useCases: fc.uniqueArray(fc.tuple(useCaseName, useCase), {
      minLength: 1,
      maxLength: 3,
      selector: ([name]) => name,
    }),
    setAccountDefault: fc.boolean(),
    spendLimit: fc.option(fc.constantFrom(100, 5000), { nil: undefined }),
    overrides: fc.subarray(["staff", "qa"]),
    secondary: fc.option(fc.boolean(), { nil: undefined }),
    ses: fc.boolean(),
  })
  .map((draw) => {
    const standbys = draw.standbys.filter((r) => r !== draw.primary);
    const regions = [draw.primary, ...standbys];
    const useCases: Loose = {};
    const blocks: Loose = Object.fromEntries(
      regions.map((r) => [r, { phoneNumbers: {}, senderIds: {} }]),
    );
    draw.useCases.forEach(([name, u], index) => {
      useCases[name] = {
        messageType: u.messageType,
        countries: u.countries,
        twoWay: u.twoWay,
        selfManagedOptOuts: u.twoWay && u.selfManaged,
        // AWS sends no STOP confirmation for self-managed opt-outs: the config says who does.
        ...(u.twoWay && u.selfManaged ? { stopConfirmation: "estate" } : {}),
        publicFacing: u.publicFacing,
        keywords: {
          help: REPLY,
          stop: STOP,
          optIn: Object.fromEntries(u.optIn.map((k) => [k, JOIN])),
          autoReply: Object.fromEntries(
            u.autoReply.filter((k) => !u.optIn.includes(k)).map((k) => [k, REPLY]),
          ),
        },
        eventDestinations: Object.fromEntries(u.destinations),
      };
      for (const region of regions) {
        const block = blocks[region];
        const senderCountries: string[] = [];
        for (const country of u.countries) {
          // Sender IDs are one-way: two-way use cases get numbers everywhere.
          if ((country === "GB" || country === "DE") && !u.twoWay) senderCountries.push(country);
          else {
            // US numbers are registered, per Region; US toll-free numbers cannot keep
            // opt-outs themselves, so a self-managed use case sends US through 10DLC.
            const selfManaged = u.twoWay && u.selfManaged;
            block.phoneNumbers[`${name}-${country.toLowerCase()}`] = {
              useCase: name,
              country,
              numberType: country !== "US" ? "LONG_CODE" : selfManaged ? "TEN_DLC" : "TOLL_FREE",
              ...(country === "US" ? { registrationId: `registration-${region}-${name}` } : {}),
            };
          }
        }
        if (senderCountries.length > 0) {
          block.senderIds[`${name}-brand`] = {
            useCase: name,
            senderId: `BRAND${index + 1}`,
            countries: senderCountries,
          };
        }
      }
    });
    const first = draw.useCases[0][0];
    const estate: Loose = {
      account: "111122223333",
      brand: "Acme",
      namePrefix: "acme",
      primaryRegion: draw.primary,
      standbyRegions: standbys,
      tags: { owner: "platform" },
      useCases,
      regions: blocks,
      protect: {
        setAccountDefault: draw.setAccountDefault,
        ...(draw.spendLimit !== undefined ? { monthlySpendLimitUsd: draw.spendLimit } : {}),
        numberOverrides: Object.fromEntries(
          draw.overrides.map((key, i) => [
            key,
            {
              number: i === 0 ? "+447700900123" : "+12065550142",
              action: "ALLOW",
              reason: "QA-1",
              ...(i === 1 ? { useCase: first, regions: [draw.primary] } : {}),
            },
          ]),
        ),
      },
    };
    if (draw.secondary !== undefined) {
      estate.secondaryAccounts = {
        "dr-sender": {
          account: "444455556666",
          ...(draw.secondary ? { roleArn: "arn:aws:iam::444455556666:role/deployer" } : {}),
          regions: { [draw.primary]: { useCases: [first] } },
        },
      };
    }
    if (draw.ses) estate.ses = sesSection();
    return estate;
  });

/** Values a hand-edited stack file can put anywhere. */
export const nastyValue: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
  undefined,
  null,
  "",
  " ",
  "constructor",
  "__proto__",
  "toString",
  0,
  -1,
  1.5,
  2 ** 53 - 1,
  Number.POSITIVE_INFINITY,
  Number.NaN,
  true,
  [],
  {},
  ["constructor"],
  { constructor: 1 },
  "x".repeat(300),
  "A".repeat(100_000),
  "\u202eevil\u202c",
  "nul\u0000byte",
  "line\nbreak",
  "us-east-1",
  "{region}",
  "arn:aws:sns:us-east-1::x",
  "arn:aws-cn:sns:us-east-1:111122223333:x",
  111122223333,
  "JOIN NOW",
  "TRANSACTIONAL",
);

/** Keys a hand-edited stack file can add. */
export const nastyKey: fc.Arbitrary<string> = fc.constantFrom(
  "constructor",
  "__proto__",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "JOIN NOW",
  "aws:owner",
  "",
  "a.b",
  "\u202ertl",
  "UPPER",
  "x".repeat(100),
  "countrys",
  "account",
  "reconciler",
);

/** One edit of a config: at the `at`-th path (modulo how many there are). */
export interface Mutation {
  at: number;
  action: "set" | "delete" | "add" | "rename";
  value: unknown;
  key: string;
}

export const arbMutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  action: fc.constantFrom("set", "delete", "add", "rename"),
  value: nastyValue,
  key: nastyKey,
});

/** Every object or array inside `value` with the path to it (the root first). */
function containers(
  value: unknown,
  path: (string | number)[] = [],
): Array<[(string | number)[], Loose]> {
  if (value === null || typeof value !== "object") return [];
  const out: Array<[(string | number)[], Loose]> = [[path, value]];
  for (const [key, inner] of Object.entries(value)) {
    out.push(...containers(inner, [...path, Array.isArray(value) ? Number(key) : key]));
  }
  return out;
}

/** Applies mutations in place (keys defined as own properties, even `__proto__`). */
export function mutate(estate: Loose, mutations: readonly Mutation[]): Loose {
  for (const mutation of mutations) {
    // A fresh copy of the value: constants are shared between draws.
    const m = { ...mutation, value: structuredClone(mutation.value) };
    const all = containers(estate);
    const [, target] = all[m.at % all.length];
    const keys = Object.keys(target);
    const define = (key: string, value: unknown) =>
      Object.defineProperty(target, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    const existing = keys.length > 0 ? keys[m.at % keys.length] : undefined;
    switch (m.action) {
      case "set":
        if (existing !== undefined) define(existing, m.value);
        break;
      case "delete":
        if (existing !== undefined) {
          if (Array.isArray(target)) target.splice(Number(existing), 1);
          else delete target[existing];
        }
        break;
      case "add":
        if (Array.isArray(target)) target.push(m.value);
        else define(m.key, m.value);
        break;
      case "rename":
        if (existing !== undefined && !Array.isArray(target)) {
          const value = target[existing];
          delete target[existing];
          define(m.key, value);
        }
        break;
    }
  }
  return estate;
}

/** A copy of `value` with every list and every map's keys in an order drawn from `random`. */
export function permute(value: unknown, random: () => number): unknown {
  const shuffle = <T>(items: T[]): T[] => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };
  if (Array.isArray(value)) return shuffle(value.map((v) => permute(v, random)));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      shuffle(Object.entries(value)).map(([k, v]) => [k, permute(v, random)]),
    );
  }
  return value;
}

/** A small seeded random source (mulberry32), for permutations fast-check can replay. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Names that are members of every JavaScript object, or that the estate builds itself. */
export const trickyName = fc.constantFrom(
  "constructor",
  "__proto__",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "account",
  "reconciler",
  "unknown",
);

/** Where a tricky name goes: a use case's key (with every reference), or one reference. */
export const trickyPlace = fc.constantFrom(
  "use case key",
  "originator's use case",
  "secondary account's use case",
  "override's use case",
  "tag key",
  "event destination key",
  "originator key",
);

/** Puts `name` in `place` of a generated estate (in place; own properties, even `__proto__`). */
export function placeName(estate: Loose, place: string, name: string): Loose {
  const define = (target: Loose, key: string, value: unknown) =>
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  const first = Object.keys(estate.useCases)[0];
  const blocks = Object.values<Loose>(estate.regions);
  const originators = blocks.flatMap((b) => [
    ...Object.values<Loose>(b.phoneNumbers),
    ...Object.values<Loose>(b.senderIds),
  ]);
  switch (place) {
    case "use case key":
      define(estate.useCases, name, estate.useCases[first]);
      delete estate.useCases[first];
      for (const o of originators) if (o.useCase === first) o.useCase = name;
      for (const o of Object.values<Loose>(estate.protect.numberOverrides)) {
        if (o.useCase === first) o.useCase = name;
      }
      for (const s of Object.values<Loose>(estate.secondaryAccounts ?? {})) {
        for (const r of Object.values<Loose>(s.regions)) {
          r.useCases = r.useCases.map((u: string) => (u === first ? name : u));
        }
      }
      break;
    case "originator's use case":
      originators[0].useCase = name;
      break;
    case "secondary account's use case":
      estate.secondaryAccounts = {
        "dr-sender": {
          account: "444455556666",
          regions: { [estate.primaryRegion]: { useCases: [name] } },
        },
      };
      break;
    case "override's use case":
      estate.protect.numberOverrides.tricky = {
        number: "+15550100999",
        action: "BLOCK",
        reason: "T-1",
        useCase: name,
      };
      break;
    case "tag key":
      define(estate.tags, name, "x");
      break;
    case "event destination key":
      define(estate.useCases[first].eventDestinations, name, { type: "sns" });
      break;
    case "originator key":
      define(blocks[0].phoneNumbers, name, {
        useCase: first,
        country: "US",
        numberType: "LONG_CODE",
        spare: true,
      });
      break;
  }
  return estate;
}
