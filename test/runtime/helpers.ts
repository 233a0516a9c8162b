import type Database from "better-sqlite3";
import { SearchUnavailableError } from "../../src/core/errors.ts";
import { FactCheckSchema, type FactCheck } from "../../src/core/factcheck.ts";
import type { Lookup, LookupFn, Mode, Post, ScoredMatch } from "../../src/core/lookup-types.ts";
import { MemorySearchIndex } from "../../src/search/memory.ts";
import { createRuntime, type BotRuntime, type RuntimeDeps } from "../../src/runtime/runtime.ts";
import type { ChatRef, IncomingMessage, UserRef } from "../../src/runtime/types.ts";
import { openDatabase } from "../../src/store/database.ts";
import { createIdHasher } from "../../src/store/hash-key.ts";
import { openRuntimeStores, type RuntimeStores } from "../../src/store/runtime-stores.ts";

export const SEED: FactCheck = FactCheckSchema.parse({
  id: "factcheck-afp-com-seed",
  claim: "North Korea has decided to send troops to Ukraine to support Russia",
  rating: "Misleading",
  verdict: "misleading",
  publisher: { name: "AFP Fact Check", site: "factcheck.afp.com" },
  url: "https://factcheck.afp.com/doc.afp.com.32998KH",
  reviewDate: "2022-04-26",
  language: "en",
  source: "seed",
  license: "test",
});

export const OTHER: FactCheck = FactCheckSchema.parse({
  id: "snopes-com-vaccine",
  claim: "Vaccines contain microchips for tracking people",
  rating: "False",
  verdict: "false",
  publisher: { name: "Snopes", site: "snopes.com" },
  url: "https://www.snopes.com/fact-check/vaccine-microchips/",
  reviewDate: "2021-01-10",
  language: "en",
  source: "test",
  license: "test",
});

export const SEED_TEXT =
  "[Breaking] Russian state media reported that North Korea has decided to send troops to Ukraine to support Russia";
export const CHITCHAT_TEXT = "Happy birthday! See you at dinner on Saturday";
export const UNRELATED_CLAIM = "The mayor secretly sold the city water supply to a foreign company last week";

function scored(factCheck: FactCheck, score: number): ScoredMatch {
  return { factCheck, score, backendScore: 1, matchedTerms: ["north", "korea", "troops"], urlHit: false };
}

const QUERY = { language: "en", cleanedLength: 10, queries: [], urls: [] };

/**
 * A fake lookup at the port boundary: the seed claim matches (score `seedScore`), "vaccine" is related,
 * "UNAVAILABLE" throws like an unreachable index, anything else is none. Records every call.
 */
export function fakeLookup(options: { seedScore?: number } = {}): LookupFn & { calls: Array<{ post: Post; mode: Mode }> } {
  const calls: Array<{ post: Post; mode: Mode }> = [];
  const fn = async (post: Post, mode: Mode): Promise<Lookup> => {
    calls.push({ post, mode });
    const text = post.text.toLowerCase();
    if (text.includes("unavailable")) throw new SearchUnavailableError("down", "fake");
    if (text.includes("north korea") && text.includes("troops")) {
      return { outcome: "match", mode, matches: [scored(SEED, options.seedScore ?? 0.95)], candidates: [], query: QUERY, tookMs: 1 };
    }
    if (text.includes("vaccine")) {
      return { outcome: "related", mode, matches: [scored(OTHER, 0.5)], candidates: [], query: QUERY, tookMs: 1 };
    }
    return { outcome: "none", mode, matches: [], candidates: [scored(OTHER, 0.1)], query: QUERY, tookMs: 1 };
  };
  return Object.assign(fn, { calls });
}

export interface Harness {
  runtime: BotRuntime;
  stores: RuntimeStores;
  db: Database.Database;
  lookup: ReturnType<typeof fakeLookup>;
  clock: { now: number };
  sleeps: number[];
}

export function makeRuntime(overrides: Partial<RuntimeDeps> = {}, seedScore?: number): Harness {
  const db = openDatabase(":memory:");
  const stores = openRuntimeStores(db);
  const lookup = fakeLookup(seedScore === undefined ? {} : { seedScore });
  const clock = { now: Date.parse("2026-11-26T12:00:00Z") };
  const sleeps: number[] = [];
  const runtime = createRuntime({
    lookup,
    index: new MemorySearchIndex([SEED, OTHER]),
    stores,
    hashId: createIdHasher("test-key"),
    defaultLocale: "en",
    retentionDays: 30,
    now: () => clock.now,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    retentionTimer: false,
    ...overrides,
  });
  return { runtime, stores, db, lookup, clock, sleeps };
}

export const DM: ChatRef = { platform: "telegram", id: "1001", kind: "dm" };
export const GROUP: ChatRef = { platform: "telegram", id: "-100200", kind: "group", title: "Test group" };
export const USER: UserRef = { id: "1001", isBot: false, locale: "en" };
export const ADMIN: UserRef = { id: "7", isBot: false, locale: "en", isAdmin: true };

let messageCounter = 0;
export function message(text: string, chat: ChatRef = DM, sender: UserRef = USER, extra: Partial<IncomingMessage> = {}): IncomingMessage {
  messageCounter++;
  return { chat, sender, messageId: String(messageCounter), fromSelf: false, post: { text }, hasMedia: false, date: Date.now(), ...extra };
}
