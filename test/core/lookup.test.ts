import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SearchUnavailableError } from "../../src/core/errors.ts";
import { FactCheckSchema, type FactCheck } from "../../src/core/factcheck.ts";
import { MemoryLogger } from "../../src/core/logger.ts";
import { createLookup, toLookupJson } from "../../src/core/lookup.ts";
import type { LookupFn, Mode } from "../../src/core/lookup-types.ts";
import type { SearchIndex } from "../../src/core/search-index.ts";
import { MemorySearchIndex } from "../../src/search/memory.ts";
import { SqliteFtsIndex } from "../../src/search/sqlite-fts.ts";

function fixture(name: string): FactCheck[] {
  const text = readFileSync(new URL(`../fixtures/lookup/${name}`, import.meta.url), "utf8");
  return text.split("\n").filter((l) => l.trim()).map((l) => FactCheckSchema.parse(JSON.parse(l)));
}

const SEED_POST =
  "[Breaking] Russian state media reported that North Korea has decided to send troops to Ukraine to support Russia in the Russia-Ukraine war";
const CHITCHAT = "Happy birthday! See you at dinner on Saturday";
const DEV_TWEET =
  "Republicans in Illinois don't want the child of a single mother to get a birth certificate. Unbelievable. https://t.co/yoEOL6vXBm — Paul Wilczynski (@PaulWilczynski) February 25, 2016";
const DEV_GOLD = "vclaim-sno-single-mother-birth-certificate";
const MODES: Mode[] = ["dm", "group"];

let db: Database.Database;
let lookup: LookupFn;
const logger = new MemoryLogger();

beforeAll(async () => {
  db = new Database(":memory:");
  const index = new SqliteFtsIndex(db);
  await index.upsert([...fixture("seed-afp.jsonl"), ...fixture("snopes-sample.jsonl")]);
  lookup = createLookup({ index, logger });
});
afterAll(() => db.close());

describe("lookup on a fixture index (SQLite FTS5: seed + 320 Snopes vclaims)", () => {
  for (const mode of MODES) {
    it(`matches the seed post to the AFP fact-check (misleading) in ${mode} mode`, async () => {
      const result = await lookup({ text: SEED_POST }, mode);
      expect(result.outcome).toBe("match");
      const top = result.matches[0]!;
      expect(top.factCheck.publisher.name).toBe("AFP Fact Check");
      expect(top.factCheck.verdict).toBe("misleading");
      expect(top.matchedTerms).toEqual(expect.arrayContaining(["korea", "troops"]));
      expect(toLookupJson(result).matches[0]).toMatchObject({ verdict: "misleading", rating: "Misleading", date: "2022-04-26" });
    });

    it(`answers none to chit-chat in ${mode} mode`, async () => {
      const result = await lookup({ text: CHITCHAT }, mode);
      expect(result.outcome).toBe("none");
      expect(result.matches).toEqual([]);
    });
  }

  it("matches a Korean post to the seed through its Korean wording", async () => {
    const result = await lookup({ text: "[속보] 러시아 국영 언론 \"북한, 러시아 지원 위해 우크라이나에 파병 결정\" 🔥" }, "group");
    expect(result.outcome).toBe("match");
    expect(result.query.language).toBe("ko");
    expect(result.matches[0]!.factCheck.publisher.name).toBe("AFP Fact Check");
    // Matched Korean words are shown whole, not as bigrams.
    expect(result.matches[0]!.matchedTerms).toEqual(expect.arrayContaining(["우크라이나에", "파병"]));
  });

  it("finds the gold Snopes fact-check of a 2022-2a-en dev tweet among the matches", async () => {
    const result = await lookup({ text: DEV_TWEET }, "dm");
    expect(result.outcome).toBe("match");
    expect(result.matches.map((m) => m.factCheck.id)).toContain(DEV_GOLD);
    expect(result.query.urls).toEqual(["https://t.co/yoEOL6vXBm"]);
  });

  it("explains itself: score, matched terms, the queries sent (≤ 10 terms each)", async () => {
    const result = await lookup({ text: SEED_POST }, "dm");
    expect(result.matches[0]!.score).toBeGreaterThan(0.5);
    expect(result.matches[0]!.score).toBeLessThanOrEqual(1);
    expect(result.query.language).toBe("en");
    for (const q of result.query.queries) expect(q.length).toBeLessThanOrEqual(10);
    expect(logger.entries.some((e) => e.message === "lookup done")).toBe(true);
    expect(JSON.stringify(logger.entries)).not.toContain("North Korea");
  });

  const hostile: Array<[string, string]> = [
    ["100 kB of text", "North Korea troops Ukraine ".repeat(4000)],
    ["only emoji", "😀🔥🇰🇷👍🏽❤️‍🔥".repeat(50)],
    ["FTS5 syntax", '" NEAR( * - OR AND NOT ^ : ( ) {col}: "unterminated'],
    ["FTS5 with words", 'troops* OR "Ukraine NEAR(Korea, 2) -Russia'],
    ["zero-width characters", "North\u200b Korea\u200d troops\ufeff Ukraine\u2060"],
    ["HTML", '<script>alert("x")</script><a href="javascript:1">North Korea</a> &lt;b&gt; troops'],
    ["control characters", "\u0000\u0001North\u0007 Korea\u001b[31m troops"],
    ["a lone surrogate", "North Korea \ud800 troops"],
  ];
  for (const [name, text] of hostile) {
    it(`gives a clean result for hostile input: ${name}`, async () => {
      for (const mode of MODES) {
        const result = await lookup({ text, urls: ["not a url", "javascript:alert(1)"] }, mode);
        expect(["match", "related", "none", "rejected"]).toContain(result.outcome);
        expect(() => JSON.stringify(toLookupJson(result))).not.toThrow();
      }
    });
  }

  it("rejects a post with nothing checkable as empty", async () => {
    const result = await lookup({ text: "😀😀 \u200b" }, "dm");
    expect(result.outcome).toBe("rejected");
    expect(toLookupJson(result)).toEqual({ outcome: "rejected", matches: [], reason: "empty" });
  });

  it("caps the time on a huge post", async () => {
    const started = Date.now();
    await lookup({ text: "The government confirmed 5G towers spread the virus in 2020. ".repeat(2000) }, "group");
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe("lookup edge cases", () => {
  it("turns SearchUnavailableError into rejected/search-unavailable", async () => {
    const down = new MemorySearchIndex();
    const failing: SearchIndex = Object.assign(Object.create(down) as SearchIndex, {
      backend: "down",
      search: async () => {
        throw new SearchUnavailableError("down", "down");
      },
      searchMany: async () => {
        throw new SearchUnavailableError("down", "down");
      },
      findByUrl: async () => {
        throw new SearchUnavailableError("down", "down");
      },
    });
    const logger = new MemoryLogger();
    const result = await createLookup({ index: failing, logger })({ text: SEED_POST }, "group");
    expect(result.outcome).toBe("rejected");
    if (result.outcome === "rejected") expect(result.reason).toBe("search-unavailable");
    expect(logger.entries.some((e) => e.level === "warn" && e.message === "lookup search unavailable")).toBe(true);
  });

  it("finds a fact-check by an appearance URL of the post", async () => {
    const seed = fixture("seed-afp.jsonl")[0]!;
    const record = { ...seed, id: "url-one", appearances: ["https://www.facebook.com/some/post/123"] };
    const lookupFn = createLookup({ index: new MemorySearchIndex([record]) });
    const result = await lookupFn({ text: "look at this", urls: ["https://facebook.com/some/post/123?fbclid=abc"] }, "dm");
    expect(result.candidates[0]?.urlHit).toBe(true);
    expect(result.candidates[0]?.factCheck.id).toBe("url-one");
  });

  it("shows other publishers' fact-checks of the same claim as extra matches", async () => {
    const seed = fixture("seed-afp.jsonl")[0]!;
    const other = { ...seed, id: "other-publisher", publisher: { name: "Other Check" }, url: "https://other.example/fc/1" };
    const lookupFn = createLookup({ index: new MemorySearchIndex([seed, other]) });
    const result = await lookupFn({ text: SEED_POST }, "dm");
    expect(result.outcome).toBe("match");
    expect(result.matches.map((m) => m.factCheck.publisher.name).sort()).toEqual(["AFP Fact Check", "Other Check"]);
  });
});

describe("rerank depth: a group reranks the first GROUP_RERANK_CANDIDATES, a DM up to MAX_RERANK_CANDIDATES", () => {
  it("a group lookup analyses at most 40 candidates in retrieval order; a DM more, with the same retrieval", async () => {
    const { createLookupTrace, GROUP_RERANK_CANDIDATES, MAX_RERANK_CANDIDATES } = await import("../../src/core/lookup.ts");
    expect(GROUP_RERANK_CANDIDATES).toBeLessThan(MAX_RERANK_CANDIDATES);
    const index = new SqliteFtsIndex(new Database(":memory:"));
    // 150 fact-checks that all share the post's words: retrieval returns more than a group reranks.
    const base = fixture("snopes-sample.jsonl")[0]!;
    const records = Array.from({ length: 150 }, (_, i) => ({
      ...base,
      id: `depth-${i}`,
      url: `https://example.org/fact-check/depth-${i}`,
      claim: `The governor of state ${i} banned fireworks on the fourth of July after protests number ${i}`,
    }));
    await index.upsert(records);
    const trace = createLookupTrace({ index });
    const post = { text: "The governor banned fireworks on the fourth of July after the protests" };
    const dm = await trace(post, "dm");
    const group = await trace(post, "group");
    expect(dm.retrieved.length).toBeGreaterThan(GROUP_RERANK_CANDIDATES);
    expect(group.retrieved).toEqual(dm.retrieved);
    expect(dm.ranked.length).toBe(Math.min(dm.retrieved.length, MAX_RERANK_CANDIDATES));
    expect(group.ranked.length).toBe(GROUP_RERANK_CANDIDATES);
    // The group's candidates are the first 40 retrieved, reranked.
    expect(new Set(group.ranked.map((c) => c.factCheck.id))).toEqual(new Set(dm.retrieved.slice(0, GROUP_RERANK_CANDIDATES)));
  });
});
