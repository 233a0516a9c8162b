import Database from "better-sqlite3";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { FactCheck } from "../../src/core/factcheck.ts";
import { seededRandom } from "../../src/core/random.ts";
import { MemoryPostings, readPostings } from "../../src/search/memory-postings.ts";
import { FTS_COLUMN_WEIGHTS, SqliteFtsIndex } from "../../src/search/sqlite-fts.ts";
import { openDatabase } from "../../src/store/database.ts";
import { factCheck } from "./fixtures.ts";
import { useTempDirs } from "../support/temp-dirs.ts";
import { searchIndexContract } from "./search-index.contract.ts";

const newTempDir = useTempDirs();
const tempDir = () => newTempDir("claimbot-postings-");

// The port's contract with every ranked query answered from memory (read again after each write).
searchIndexContract("sqlite, postings in memory", async () => ({ index: new SqliteFtsIndex(openDatabase(":memory:"), { memoryPostings: "now" }) }), {
  relevance: true,
});

/** A small vocabulary, so that rows share words, repeat them across columns and tie on score. */
const WORDS = Array.from({ length: 60 }, (_, i) => `w${i}x`).concat(["moon", "vaccine", "café", "zürich", "new", "york"]);

function corpus(n: number, seed: number): FactCheck[] {
  const rand = seededRandom(seed);
  const pick = (k: number) => Array.from({ length: k }, () => WORDS[Math.floor(rand() * rand() * WORDS.length)]!).join(" ");
  const records: FactCheck[] = [];
  for (let i = 0; i < n; i++) {
    // Every tenth record repeats an earlier one's texts under another id: equal scores, ranked by row id.
    const twin = i % 10 === 9 ? records[i - 5] : undefined;
    records.push(
      factCheck({
        id: `r${i}`,
        claim: twin?.claim ?? pick(2 + Math.floor(rand() * 8)),
        title: twin?.title ?? pick(Math.floor(rand() * 6)),
        summary: twin?.summary ?? pick(Math.floor(rand() * 40)),
      }),
    );
  }
  return records;
}

function randomQueries(count: number, seed: number): string[][] {
  const rand = seededRandom(seed);
  return Array.from({ length: count }, () => Array.from({ length: 1 + Math.floor(rand() * 7) }, () => WORDS[Math.floor(rand() * WORDS.length)]!));
}

/** Both indexes on one database: one ranks in FTS5, the other from memory. */
async function pair(records: FactCheck[], maxScoredPostings: number) {
  const db = openDatabase(":memory:");
  const fts = new SqliteFtsIndex(db, { maxScoredPostings });
  await fts.upsert(records);
  // Updates and deletes before the postings are read: the tombstones and replaced rows must not show.
  await fts.upsert(records.slice(0, 40).map((r, i) => ({ ...r, claim: `${r.claim} ${WORDS[i % WORDS.length]}` })));
  await fts.delete(records.slice(100, 130).map((r) => r.id));
  const memory = new SqliteFtsIndex(db, { maxScoredPostings, memoryPostings: "now" });
  expect(await memory.readMemoryPostings()).toBe(true);
  return { db, fts, memory };
}

describe("postings held in memory", () => {
  it("rank every query as FTS5's bm25 does: same rows, same scores to the last bit, same order (ties included)", async () => {
    for (const budget of [Infinity, 400, 60]) {
      const { fts, memory } = await pair(corpus(1500, 7), budget);
      expect(memory.memoryPostingsBytes).toBeGreaterThan(0);
      const queries = randomQueries(300, 11).map((terms) => ({ terms, limit: 25 }));
      const expected = await fts.searchRefs(queries);
      expect(await memory.searchRefs(queries)).toEqual(expected);
      // The tie rule is exercised: some result lists hold equal scores.
      expect(expected.some((list) => list.some((h, i) => i > 0 && h.score === list[i - 1]!.score))).toBe(true);
      for (const query of queries.slice(0, 40)) expect(await memory.search(query)).toEqual(await fts.search(query));
    }
  });

  it("agree with FTS5 query by query when read directly, and decline a phrase that is not one of the index's terms", async () => {
    const { db } = await pair(corpus(800, 3), 400);
    const data = readPostings(db, "fc_fts", FTS_COLUMN_WEIGHTS);
    const ln = db.prepare<[number], number>("SELECT ln(?)").pluck();
    const postings = new MemoryPostings(data, (x) => ln.get(x) as number);
    const bm25 = db.prepare<[string, number], [number, number]>(
      "SELECT rowid, bm25(fc_fts, 10, 4, 1) AS rank FROM fc_fts WHERE fc_fts MATCH ? ORDER BY rank LIMIT ?",
    ).raw(true);
    const df = db.prepare<[string], number>("SELECT COUNT(*) FROM fc_fts WHERE fc_fts MATCH ?").pluck();
    for (const phrases of randomQueries(150, 5)) {
      const distinct = [...new Set(phrases)].filter((p) => (df.get(`"${p}"`) as number) > 0);
      if (distinct.length === 0) continue;
      const dfs = distinct.map((p) => df.get(`"${p}"`) as number);
      const expected = bm25.all(distinct.map((p) => `"${p}"`).join(" OR "), 30);
      const ascii = distinct.every((p) => /^[a-z0-9]+$/.test(p));
      // A word with diacritics is not a term as written ("café" is indexed as "cafe"): left to FTS5.
      expect(postings.or({ phrases: distinct, dfs }, 30)).toEqual(ascii ? expected : undefined);
      if (distinct.length >= 2 && ascii) {
        const [a, b] = distinct as [string, string];
        expect(postings.and({ phrases: [a, b], dfs: [dfs[0]!, dfs[1]!] }, 30)).toEqual(bm25.all(`"${a}" AND "${b}"`, 30));
      }
    }
    // Several words in one phrase, or a count that does not agree: not served.
    expect(postings.or({ phrases: ["new york"], dfs: [df.get('"new york"') as number] }, 10)).toBeUndefined();
    expect(postings.or({ phrases: ["moon"], dfs: [(df.get('"moon"') as number) + 1] }, 10)).toBeUndefined();
  });

  it("count a word's rows as FTS5 does, for the posting budget (memory and vocabulary agree, deleted rows left out)", async () => {
    const { db, fts, memory } = await pair(corpus(800, 13), 400);
    const count = db.prepare<[string], number>("SELECT COUNT(*) FROM fc_fts WHERE fc_fts MATCH ?").pluck();
    const data = readPostings(db, "fc_fts", FTS_COLUMN_WEIGHTS);
    const postings = new MemoryPostings(data, Math.log);
    const ascii = WORDS.filter((w) => /^[a-z0-9]+$/.test(w)).concat(["absentword", "zzz", "0"]);
    let seen = 0;
    let capped = 0;
    for (const word of ascii) {
      const n = count.get(`"${word}"`) as number;
      expect(postings.documents(word), word).toBe(n);
      if (n > 0) seen++;
      // The cap the planner uses (budget + 1; the cache is per phrase, so one cap per index).
      expect(memory.docFrequency(word, 401), word).toBe(Math.min(401, n));
      expect(fts.docFrequency(word, 401), word).toBe(Math.min(401, n));
      if (n > 401) capped++;
    }
    expect(seen).toBeGreaterThan(50);
    expect(capped).toBeGreaterThan(0);
    // The postings were read: the counts above came from them, and a ranked query still agrees.
    expect(memory.memoryPostingsBytes).toBeGreaterThan(0);
    const query = [{ terms: ["w3x", "w7x", "moon"], limit: 20 }];
    expect(await memory.searchRefs(query)).toEqual(await fts.searchRefs(query));
  });

  it("are dropped by a write and read again before the next ranked query (mode now)", async () => {
    const db = openDatabase(":memory:");
    const index = new SqliteFtsIndex(db, { memoryPostings: "now" });
    await index.upsert(corpus(200, 9));
    expect((await index.searchRefs([{ terms: ["moon"], limit: 5 }]))[0]!.length).toBeGreaterThan(0);
    expect(index.memoryPostingsBytes).toBeGreaterThan(0);
    await index.upsert([factCheck({ id: "new", claim: "plinkett moon moon moon", title: "plinkett moon" })]);
    expect(index.memoryPostingsBytes).toBeUndefined();
    const hits = await index.search({ terms: ["plinkett"], limit: 5 });
    expect(hits.map((h) => h.factCheck.id)).toEqual(["new"]);
    expect(index.memoryPostingsBytes).toBeGreaterThan(0);
    await index.delete(["new"]);
    expect(await index.search({ terms: ["plinkett"], limit: 5 })).toEqual([]);
  });

  it("are read in slices on a connection of their own for a file (background), and dropped when another connection writes to the index only", async () => {
    const file = join(tempDir(), "index.sqlite");
    const db = openDatabase(file);
    const writer = new SqliteFtsIndex(db);
    await writer.upsert(corpus(300, 13));
    const served = new SqliteFtsIndex(db, { memoryPostings: "background", memoryPostingsMinRecords: 100 });
    expect(await served.readMemoryPostings()).toBe(true);
    const queries = randomQueries(50, 17).map((terms) => ({ terms, limit: 20 }));
    expect(await served.searchRefs(queries)).toEqual(await writer.searchRefs(queries));
    // Another bot process on the same data directory writes its chat state (data_version moves): the index is the
    // same, and the postings stay in use.
    const other = new Database(file);
    other.exec("CREATE TABLE chat_state (chat TEXT, at INTEGER)");
    for (let i = 0; i < 3; i++) {
      other.prepare("INSERT INTO chat_state VALUES (?, ?)").run(`chat-${i}`, i);
      expect(await served.searchRefs(queries)).toEqual(await writer.searchRefs(queries));
      expect(served.memoryPostingsBytes).toBeGreaterThan(0);
    }
    // Another process's ingest: the served connection sees the index change and stops using the postings.
    other.exec("DELETE FROM fc_fts WHERE rowid = 1");
    other.close();
    await served.searchRefs([{ terms: ["moon"], limit: 5 }]);
    expect(served.memoryPostingsBytes).toBeUndefined();
    expect(await served.searchRefs(queries)).toEqual(await writer.searchRefs(queries));
    await served.close();
    await writer.close();
    db.close();
  });

  it("read while another connection writes: kept when it wrote other tables, thrown away when it wrote the index", async () => {
    const file = join(tempDir(), "index.sqlite");
    const db = openDatabase(file);
    const writer = new SqliteFtsIndex(db);
    await writer.upsert(corpus(300, 21));
    const other = new Database(file);
    other.exec("CREATE TABLE chat_state (chat TEXT)");
    const served = new SqliteFtsIndex(db, { memoryPostings: "background", memoryPostingsMinRecords: 100 });
    const first = served.readMemoryPostings();
    other.prepare("INSERT INTO chat_state VALUES ('a')").run();
    expect(await first).toBe(true);
    // An index's own write during its read: thrown away too.
    const writing = new SqliteFtsIndex(db, { memoryPostings: "background", memoryPostingsMinRecords: 100 });
    const own = writing.readMemoryPostings();
    await writing.upsert([factCheck({ id: "during", claim: "zorblat seen during the read" })]);
    expect(await own).toBe(false);
    await writing.close();
    const second = new SqliteFtsIndex(db, { memoryPostings: "background", memoryPostingsMinRecords: 100 });
    const reading = second.readMemoryPostings();
    other.exec("DELETE FROM fc_fts WHERE rowid = 2");
    expect(await reading).toBe(false);
    expect(second.memoryPostingsBytes).toBeUndefined();
    other.close();
    await Promise.all([served.close(), second.close(), writer.close()]);
    db.close();
  });

  it("stay in FTS5 below the size that pays for them, and when switched off", async () => {
    const db = openDatabase(":memory:");
    await new SqliteFtsIndex(db).upsert(corpus(50, 1));
    expect(await new SqliteFtsIndex(db, { memoryPostings: "background" }).readMemoryPostings()).toBe(false);
    expect(await new SqliteFtsIndex(db).readMemoryPostings()).toBe(false);
  });
});
