import Database from "better-sqlite3";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { SearchUnavailableError } from "../../src/core/errors.ts";
import { MemoryLogger } from "../../src/core/logger.ts";
import type { FactCheck } from "../../src/core/factcheck.ts";
import { registerIndexMigrationFunctions, SqliteFtsIndex } from "../../src/search/sqlite-fts.ts";
import { ftsColumns } from "../../src/search/sqlite-prepare.ts";
import { key31, key48 } from "../../src/search/sqlite-record.ts";
import { hash } from "node:crypto";
import { INDEX_MIGRATIONS } from "../../src/search/sqlite-fts-schema.ts";
import { normalizeUrl } from "../../src/core/text.ts";
import { openDatabase, releaseFreePages, runMigrations, schemaVersion, SQLITE_PAGE_SIZE } from "../../src/store/database.ts";
import { useTempDirs } from "../support/temp-dirs.ts";
import { factCheck, sampleRecords } from "./fixtures.ts";
import { searchIndexContract } from "./search-index.contract.ts";

/** Version 1 of the index schema, verbatim, to test the upgrade path. */
const V1_SCHEMA = `CREATE TABLE fc_records (
     rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, json TEXT NOT NULL, publisher TEXT NOT NULL,
     language TEXT NOT NULL, verdict TEXT NOT NULL, review_date TEXT NOT NULL);
   CREATE TABLE fc_urls (url TEXT NOT NULL, rid INTEGER NOT NULL REFERENCES fc_records(rid) ON DELETE CASCADE,
     PRIMARY KEY (url, rid)) WITHOUT ROWID;
   CREATE INDEX fc_urls_rid ON fc_urls(rid);
   CREATE VIRTUAL TABLE fc_fts USING fts5(claim, title, summary, content='', contentless_delete=1,
     tokenize="unicode61 remove_diacritics 2 categories 'L* N* Co M*'");`;

const newTempDir = useTempDirs();
const tempDir = () => newTempDir("claimbot-fts-");

searchIndexContract(
  "sqlite (file-backed)",
  async () => {
    const db = openDatabase(join(tempDir(), "index.sqlite"));
    const index = new SqliteFtsIndex(db);
    return {
      index,
      cleanup: async () => {
        await index.close();
        db.close();
      },
    };
  },
  { relevance: true },
);

searchIndexContract("sqlite (:memory:)", async () => ({ index: new SqliteFtsIndex(openDatabase(":memory:")) }), {
  relevance: true,
});

/** A version-2 index (JSON rows, 48-bit URL keys) holding records that exercise every column of the later schemas. */
function versionTwoIndex(): { db: ReturnType<typeof openDatabase>; records: FactCheck[] } {
  const db = openDatabase(":memory:");
  db.function("claimbot_url_key", { deterministic: true }, (_url: unknown) => null);
  runMigrations(db, "index", INDEX_MIGRATIONS.slice(0, 2));
  const records: FactCheck[] = [
    ...sampleRecords(),
    factCheck({ id: "empty-title", claim: "Quorvex towers glow at night", title: "", claimDate: "2020-02-29" }),
    factCheck({ id: "odd-date", claim: "Snarfle rivers run uphill", reviewDate: "2021-5-1" }),
    factCheck({ id: "no-site", claim: "Blenkin apples are blue", publisher: { name: "Lone Checker" } }),
    factCheck({
      id: "arrays",
      claim: "Wibbly bridges sing",
      altClaims: ["Les ponts wibbly chantent"],
      appearances: ["https://video.example.net/v/9", "https://social.example.com/post/77"],
      claimant: "A blog",
    }),
    factCheck({
      id: "appearances-only",
      claim: "Wobbly tunnels hum",
      appearances: ["https://video.example.net/v/10", "https://social.example.com/post/78"],
    }),
    factCheck({ id: "odd-appearance", claim: "Gleeb clocks run late", appearances: ["https://x.example/a b", "https://x.example/line\nbreak"] }),
    factCheck({ id: "bare-url", claim: "Zizzle storms hit the coast", url: "https://bare.example.org" }),
    factCheck({ id: "reply", claim: "喝冰水會致癌", summary: "喝冰水會致癌。這個說法沒有根據，醫師表示…", language: "zh-TW" }),
    factCheck({ id: "reply-same", claim: "Glorp soup cures colds", summary: "Glorp soup cures colds" }),
    factCheck({ id: "unicode-url", claim: "Mokku trains fly", url: "https://例え.jp/記事/一/2" }),
    { ...factCheck({ id: "extra-key", claim: "Frindle cats purr loudly" }), note: "kept" } as unknown as FactCheck,
  ];
  const insert = db.prepare(
    "INSERT INTO fc_records (id, json, publisher, language, verdict, review_date) VALUES (?, ?, ?, ?, ?, ?)",
  );
  for (const r of records) {
    const rid = Number(insert.run(r.id, JSON.stringify(r), r.publisher.name, r.language, r.verdict, r.reviewDate).lastInsertRowid);
    const c = ftsColumns(r);
    db.prepare("INSERT INTO fc_fts (rowid, claim, title, summary) VALUES (?, ?, ?, ?)").run(rid, c.claim, c.title, c.summary);
    for (const u of [r.url, ...r.appearances]) {
      const n = normalizeUrl(u);
      // Version 2 keyed URLs by 48 bits.
      if (n) db.prepare("INSERT OR IGNORE INTO fc_url_keys (key, rid) VALUES (?, ?)").run(key48(n), rid);
    }
  }
  return { db, records };
}

/** The converted index gives back every record, by id, by search and by URL, and rewriting them changes nothing. */
async function expectSameRecords(db: ReturnType<typeof openDatabase>, index: SqliteFtsIndex, records: FactCheck[]): Promise<void> {
  expect(await index.get(records.map((r) => r.id))).toEqual(records);
  expect((await index.search({ terms: ["wibbly"], limit: 5 }))[0]?.factCheck).toEqual(records.find((r) => r.id === "arrays"));
  expect((await index.search({ terms: ["wobbly"], limit: 5 }))[0]?.factCheck).toEqual(records.find((r) => r.id === "appearances-only"));
  expect((await index.findByUrl("https://social.example.com/post/77")).map((r) => r.id)).toEqual(["arrays"]);
  expect((await index.findByUrl("https://social.example.com/post/78")).map((r) => r.id)).toEqual(["appearances-only"]);
  expect((await index.findByUrl("https://例え.jp/記事/一/2")).map((r) => r.id)).toEqual(["unicode-url"]);
  const stats = await index.stats();
  expect(stats.byPublisher["Lone Checker"]).toBe(1);
  expect(stats.total).toBe(records.length);
  expect(Object.values(stats.byLanguage).reduce((a, b) => a + b, 0)).toBe(records.length);
  // The SQL conversion and the writer agree column by column: upserting the same records changes nothing.
  const changes = () => (db.prepare("SELECT total_changes() AS n").get() as { n: number }).n;
  const before = changes();
  await index.upsert(records);
  expect(changes()).toBe(before);
}

describe("SqliteFtsIndex", () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });

  it("keeps records across a close and reopen of the file", async () => {
    const file = join(dir, "persist.sqlite");
    const logger = new MemoryLogger();
    const db1 = openDatabase(file);
    const first = new SqliteFtsIndex(db1, { logger });
    await first.upsert(sampleRecords());
    await first.close();
    db1.close();
    expect(logger.entries.filter((e) => e.message === "index schema migrated")).toHaveLength(1);

    const db2 = openDatabase(file);
    const second = new SqliteFtsIndex(db2, { logger });
    expect(await second.count()).toBe(5);
    expect((await second.search({ terms: ["zorblax"], limit: 5 }))[0]?.factCheck.id).toBe("en-vaccine");
    expect((await second.findByUrl("https://social.example.com/post/123")).map((r) => r.id)).toEqual(["en-vaccine"]);
    expect(await second.get(["en-moon"])).toEqual([sampleRecords()[1]]);
    expect(logger.entries.filter((e) => e.message === "index schema migrated")).toHaveLength(1);
    expect(schemaVersion(db2, "index")).toBe(4);
    await second.close();
    db2.close();
  });

  it("keys ids and URLs by the leading bits of their SHA-1, as the files on disk hold them", () => {
    for (const text of ["", "a", "snopes-0123456789abcdef", "example.com/a?id=3", "우크라이나", "x".repeat(5000)]) {
      const digest = hash("sha1", text, "buffer");
      expect(key48(text), text).toBe(digest.readUIntBE(0, 6));
      expect(key31(text), text).toBe(digest.readUInt32BE(0) >>> 1);
      expect(key31(text)).toBe(Math.floor(key48(text) / 2 ** 17));
    }
  });

  it("upgrades a version-1 index (URL text table) and back-fills the URL keys", async () => {
    const db = openDatabase(":memory:");
    // Version 1 as it shipped: records, a URL text table, the FTS table.
    runMigrations(db, "index", [V1_SCHEMA]);
    const record = sampleRecords()[0]!;
    db.prepare(
      "INSERT INTO fc_records (id, json, publisher, language, verdict, review_date) VALUES (?, ?, ?, ?, ?, ?)",
    ).run(record.id, JSON.stringify(record), record.publisher.name, record.language, record.verdict, record.reviewDate);
    const index = new SqliteFtsIndex(db);
    expect(schemaVersion(db, "index")).toBe(4);
    expect((await index.findByUrl("https://social.example.com/post/123")).map((r) => r.id)).toEqual(["en-vaccine"]);
    expect((await index.findByUrl(record.url)).map((r) => r.id)).toEqual(["en-vaccine"]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'fc_urls'").get()).toBeUndefined();
  });

  it("converts a version-2 index (JSON rows) to compact rows that give back the same records", async () => {
    const { db, records } = versionTwoIndex();
    const logger = new MemoryLogger();
    const index = new SqliteFtsIndex(db, { logger });
    expect(schemaVersion(db, "index")).toBe(4);
    expect(logger.entries.some((e) => e.message.startsWith("index upgraded to compact records (schema 4)"))).toBe(true);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name IN ('fc_records_v2', 'fc_records_v3')").get()).toBeUndefined();
    await expectSameRecords(db, index, records);
  });

  it("converts a version-3 index to profile ids, appearance lines and 31-bit keys, giving back the same records", async () => {
    const { db, records } = versionTwoIndex();
    registerIndexMigrationFunctions(db);
    runMigrations(db, "index", INDEX_MIGRATIONS.slice(0, 3));
    const v3Extra = db.prepare("SELECT extra FROM fc_records WHERE id = 'appearances-only'").pluck().get() as string;
    expect(JSON.parse(v3Extra)).toEqual({ appearances: ["https://video.example.net/v/10", "https://social.example.com/post/78"] });
    expect(db.prepare("SELECT COUNT(*) FROM pragma_table_info('fc_records')").pluck().get()).toBe(20);
    const v3Keys = db.prepare("SELECT id, id_key FROM fc_records ORDER BY rid").all() as Array<{ id: string; id_key: number }>;
    expect(v3Keys.every((r) => r.id_key === key48(r.id))).toBe(true);

    const logger = new MemoryLogger();
    const index = new SqliteFtsIndex(db, { logger });
    expect(schemaVersion(db, "index")).toBe(4);
    expect(logger.entries.some((e) => e.message.startsWith("index upgraded to compact records (schema 4)"))).toBe(true);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name IN ('fc_records_v3', 'fc_url_keys_v3')").get()).toBeUndefined();
    // 14 columns instead of 20; one profile per distinct publisher/site/rating/verdict/language/source/licence.
    expect(db.prepare("SELECT COUNT(*) FROM pragma_table_info('fc_records')").pluck().get()).toBe(14);
    expect(db.prepare("SELECT COUNT(*) FROM fc_profiles").pluck().get()).toBe(
      new Set(records.map((r) => JSON.stringify([r.publisher, r.rating, r.verdict, r.language, r.source, r.license]))).size,
    );
    const v4Keys = db.prepare("SELECT id, id_key FROM fc_records ORDER BY rid").all() as Array<{ id: string; id_key: number }>;
    expect(v4Keys.every((r) => r.id_key === Math.floor(key48(r.id) / 2 ** 17))).toBe(true);
    const lines = db.prepare("SELECT extra FROM fc_records WHERE id = 'appearances-only'").pluck().get() as string;
    expect(lines).toMatch(/^\d+ 10\n\d+ 78$/);
    // Alternative claims keep their JSON form.
    expect(db.prepare("SELECT extra FROM fc_records WHERE id = 'arrays'").pluck().get()).toMatch(/^\{"altClaims"/);
    await expectSameRecords(db, index, records);
  });

  it("compacts the file after a large import and finds the same records the same way", async () => {
    const file = join(dir, "compact.sqlite");
    const db = openDatabase(file);
    // A new file gets the larger pages (fewer page writes on an import).
    expect(db.pragma("page_size", { simple: true })).toBe(SQLITE_PAGE_SIZE);
    expect(SQLITE_PAGE_SIZE).toBe(16384);
    const index = new SqliteFtsIndex(db);
    const records = Array.from({ length: 3000 }, (_, i) =>
      factCheck({ id: `k-${i}`, claim: `Claim ${i} about the harbour bridge ${i % 13} and ferries ${i % 7}`, title: `Bridge ${i % 29}` }),
    );
    for (let i = 0; i < records.length; i += 100) await index.upsert(records.slice(i, i + 100));
    const query = { terms: ["harbour", "bridge", "ferries", "7"], limit: 50 };
    const before = await index.search(query);
    // FTS5 postings: a segment per batch (partly merged) before, one segment after.
    const postingBytes = () => db.prepare("SELECT SUM(length(block)) FROM fc_fts_data").pluck().get() as number;
    const postingsBefore = postingBytes();
    const result = await index.compact();
    expect(result.afterBytes).toBeLessThan(result.beforeBytes);
    // A file openDatabase made gives its free pages back without rewriting itself.
    expect(result.vacuum).toBe("incremental");
    expect(postingBytes()).toBeLessThan(postingsBefore);
    expect(db.pragma("freelist_count", { simple: true })).toBe(0);
    expect(await index.search(query)).toEqual(before);
    expect(await index.count()).toBe(3000);
    expect(await index.get(["k-2999", "k-5"])).toEqual([records[2999], records[5]]);
    db.close();
  });

  it("compacts a file made without incremental auto-vacuum with one full VACUUM to larger pages, then incrementally", async () => {
    const file = join(dir, "legacy.sqlite");
    // As openDatabase made files before issue 15's session 15: the WAL header written first, so no page map.
    const legacy = new Database(file);
    legacy.pragma("journal_mode = WAL");
    legacy.close();
    const db = openDatabase(file);
    expect(db.pragma("auto_vacuum", { simple: true })).toBe(0);
    // An existing file keeps its page size (SQLite's 4 KiB default then) until its first compaction.
    expect(db.pragma("page_size", { simple: true })).toBe(4096);
    const index = new SqliteFtsIndex(db);
    const records = Array.from({ length: 2000 }, (_, i) => factCheck({ id: `l-${i}`, claim: `Claim ${i} on the tramway ${i % 11}` }));
    for (let i = 0; i < records.length; i += 100) await index.upsert(records.slice(i, i + 100));
    const query = { terms: ["tramway", "7"], limit: 20 };
    const before = await index.search(query);
    expect((await index.compact()).vacuum).toBe("resized");
    expect(db.pragma("page_size", { simple: true })).toBe(SQLITE_PAGE_SIZE);
    expect(db.pragma("auto_vacuum", { simple: true })).toBe(2);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("freelist_count", { simple: true })).toBe(0);
    expect(await index.search(query)).toEqual(before);
    // Rewritten records leave free pages behind; the next compaction gives them back incrementally.
    await index.upsert(records.slice(0, 1000).map((r) => ({ ...r, title: `Tramway ${r.id}` })));
    const second = await index.compact();
    expect(second.vacuum).toBe("incremental");
    expect(db.pragma("freelist_count", { simple: true })).toBe(0);
    expect(await index.get(["l-3"])).toEqual([{ ...records[3], title: "Tramway l-3" }]);
    db.close();
    // Another process opens the rewritten file as before.
    const reopened = openDatabase(file);
    expect(reopened.pragma("page_size", { simple: true })).toBe(SQLITE_PAGE_SIZE);
    expect(reopened.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(await new SqliteFtsIndex(reopened).get(["l-3", "l-1999"])).toEqual([{ ...records[3], title: "Tramway l-3" }, records[1999]]);
    reopened.close();
  });

  it("keeps a small-page file's pages while another connection has it open, and enlarges them once it is alone", async () => {
    const file = join(dir, "small-pages.sqlite");
    // As openDatabase made files in sessions 15–17: incremental auto-vacuum, SQLite's 4 KiB pages.
    const early = new Database(file);
    early.pragma("page_size = 4096");
    early.pragma("auto_vacuum = INCREMENTAL");
    early.pragma("journal_mode = WAL");
    early.close();
    const db = openDatabase(file);
    expect([db.pragma("page_size", { simple: true }), db.pragma("auto_vacuum", { simple: true })]).toEqual([4096, 2]);
    const index = new SqliteFtsIndex(db);
    const records = Array.from({ length: 1500 }, (_, i) => factCheck({ id: `s-${i}`, claim: `Claim ${i} on the funicular ${i % 9}` }));
    for (let i = 0; i < records.length; i += 100) await index.upsert(records.slice(i, i + 100));
    const query = { terms: ["funicular", "4"], limit: 20 };
    const before = await index.search(query);
    // A bot serving from the same file: SQLite will not leave WAL mode; compacted in place, nothing lost or waited for.
    const reader = openDatabase(file);
    const readerIndex = new SqliteFtsIndex(reader);
    expect(await readerIndex.count()).toBe(1500);
    const busy = await index.compact();
    expect(busy.vacuum).toBe("incremental");
    expect(db.pragma("page_size", { simple: true })).toBe(4096);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(await readerIndex.search(query)).toEqual(before);
    reader.close();
    // Alone but larger than the bound an import rewrites by itself: compacted in place.
    expect(releaseFreePages(db, { resizeMaxBytes: 64 * 1024 })).toBe("incremental");
    expect(db.pragma("page_size", { simple: true })).toBe(4096);
    // Alone, the next compaction rewrites it with the larger pages once.
    expect((await index.compact()).vacuum).toBe("resized");
    expect(db.pragma("page_size", { simple: true })).toBe(SQLITE_PAGE_SIZE);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(await index.search(query)).toEqual(before);
    expect(await index.count()).toBe(1500);
    expect((await index.compact()).vacuum).toBe("incremental");
    db.close();
  });

  it("indexes a summary that begins with the claim without the claim's words a second time", async () => {
    const record = factCheck({ id: "reply", claim: "Frobnitz pills cure colds", summary: "Frobnitz pills cure colds. Doctors found no zibber effect." });
    expect(ftsColumns(record)).toEqual({ claim: "frobnitz pills cure colds", title: "", summary: "doctors found zibber effect" });
    expect(ftsColumns({ ...record, summary: "Doctors: frobnitz pills do not cure colds" }).summary).toBe("doctors frobnitz pills cure colds");
    const index = new SqliteFtsIndex(openDatabase(":memory:"));
    await index.upsert([record]);
    expect((await index.search({ terms: ["zibber"], limit: 5 })).map((h) => h.factCheck.id)).toEqual(["reply"]);
    expect((await index.search({ terms: ["frobnitz"], limit: 5 })).map((h) => h.factCheck.id)).toEqual(["reply"]);
    expect(await index.get(["reply"])).toEqual([record]);
  });

  it("shares one profile array between prepared records of one profile, and never between two profiles", async () => {
    const { prepareForIndex } = await import("../../src/search/sqlite-prepare.ts");
    const { PREPARED } = await import("../../src/search/sqlite-record.ts");
    const a = prepareForIndex(factCheck({ id: "p-1", claim: "Pills cure colds" }))[PREPARED.profile];
    const b = prepareForIndex(factCheck({ id: "p-2", claim: "Pills cure flu" }))[PREPARED.profile];
    expect(b).toBe(a);
    // A site written as the lookup key's mark for "no site" makes the same key as no site at all: not shared.
    const tricky = factCheck({ id: "p-3", claim: "x", publisher: { name: "Example Checks", site: "\u0002" } });
    const plain = factCheck({ id: "p-4", claim: "y", publisher: { name: "Example Checks" } });
    const [pt, pp] = [prepareForIndex(tricky)[PREPARED.profile], prepareForIndex(plain)[PREPARED.profile]];
    expect(pt).not.toBe(pp);
    expect([pt[1], pp[1]]).toEqual(["\u0002", null]);
    // Stored and read back with their own profiles.
    const index = new SqliteFtsIndex(openDatabase(":memory:"));
    await index.upsert([tricky, plain]);
    expect(await index.get(["p-3", "p-4"])).toEqual([tricky, plain]);
  });

  it("does not close the database it borrows, and refuses work after close()", async () => {
    const db = openDatabase(join(dir, "owned.sqlite"));
    const index = new SqliteFtsIndex(db);
    await index.upsert(sampleRecords());
    await index.close();
    await index.close();
    expect(db.open).toBe(true);
    expect(db.prepare("SELECT COUNT(*) AS n FROM fc_records").get()).toEqual({ n: 5 });
    await expect(index.search({ terms: ["moon"], limit: 5 })).rejects.toBeInstanceOf(SearchUnavailableError);
    db.close();
  });

  it("turns a database failure into SearchUnavailableError", async () => {
    const db = openDatabase(":memory:");
    const index = new SqliteFtsIndex(db);
    db.close();
    await expect(index.count()).rejects.toBeInstanceOf(SearchUnavailableError);
  });

  it("keeps one FTS row per record when a record is upserted again", async () => {
    const db = openDatabase(":memory:");
    const index = new SqliteFtsIndex(db);
    const record = factCheck({ id: "r1", claim: "Plinkett ships arrive tomorrow" });
    await index.upsert([record]);
    await index.upsert([{ ...record, claim: "Plinkett ships arrive next week" }]);
    await index.upsert([{ ...record, claim: "Plinkett ships arrive next week" }]);
    const hits = await index.search({ terms: ["plinkett"], limit: 10 });
    expect(hits.map((h) => h.factCheck.id)).toEqual(["r1"]);
    expect(await index.search({ terms: ["tomorrow"], limit: 10 })).toEqual([]);
    const vocab = db.prepare("SELECT COUNT(*) AS n FROM fc_fts WHERE fc_fts MATCH 'plinkett'").get();
    expect(vocab).toEqual({ n: 1 });
  });

  it("keeps the last of two records of one id in the same batch, with one row and one FTS row", async () => {
    const db = openDatabase(":memory:");
    const index = new SqliteFtsIndex(db);
    const first = factCheck({ id: "twice", claim: "Quonk birds migrate north", appearances: ["https://social.example.com/q/1"] });
    const second = { ...first, claim: "Quonk birds migrate south", appearances: ["https://social.example.com/q/2"] };
    await index.upsert([first, factCheck({ id: "other", claim: "Zeppo hats" }), second]);
    expect(await index.count()).toBe(2);
    expect(await index.get(["twice"])).toEqual([second]);
    expect(await index.search({ terms: ["north"], limit: 5 })).toEqual([]);
    expect((await index.search({ terms: ["quonk"], limit: 5 })).map((h) => h.factCheck.id)).toEqual(["twice"]);
    expect(await index.findByUrl("https://social.example.com/q/1")).toEqual([]);
    expect((await index.findByUrl("https://social.example.com/q/2")).map((r) => r.id)).toEqual(["twice"]);
    // No stale key left behind (findByUrl filters one out, so count the rows): as many as the two records written alone.
    const alone = openDatabase(":memory:");
    await new SqliteFtsIndex(alone).upsert([factCheck({ id: "other", claim: "Zeppo hats" }), second]);
    const keys = (d: typeof db) => d.prepare("SELECT COUNT(*) AS n FROM fc_url_keys").get();
    expect(keys(db)).toEqual(keys(alone));
  });

  it("treats a term that is FTS5 syntax as text and leaves the tables intact", async () => {
    const db = openDatabase(":memory:");
    const index = new SqliteFtsIndex(db);
    await index.upsert(sampleRecords());
    const hostile = ['"; DROP TABLE fc_records; --', "NEAR(moon vaccine, 0)", "moon OR", "*", "fc_fts:moon"];
    for (const term of hostile) await index.search({ terms: [term], limit: 5 });
    expect(await index.count()).toBe(5);
  });

  it("folds diacritics and full-width forms on both sides", async () => {
    const index = new SqliteFtsIndex(openDatabase(":memory:"));
    await index.upsert([factCheck({ id: "cafe", claim: "Le café de Zürich ferme" })]);
    expect((await index.search({ terms: ["cafe"], limit: 5 }))[0]?.factCheck.id).toBe("cafe");
    expect((await index.search({ terms: ["ＺＵＲＩＣＨ"], limit: 5 }))[0]?.factCheck.id).toBe("cafe");
  });

  it("scores only the rarest phrases when a query would touch too many rows", async () => {
    const index = new SqliteFtsIndex(openDatabase(":memory:"), { maxScoredPostings: 5 });
    const common = Array.from({ length: 20 }, (_, i) => factCheck({ id: `c${i}`, claim: `Senator speech number ${i}` }));
    await index.upsert([...common, factCheck({ id: "rare", claim: "Senator Quibbleton banned kites" })]);
    const hits = await index.search({ terms: ["senator", "quibbleton", "kites"], limit: 10 });
    expect(hits.map((h) => h.factCheck.id)).toEqual(["rare"]);
    // Only common words: the rarest is still searched.
    expect(await index.search({ terms: ["senator", "speech"], limit: 50 })).toHaveLength(20);
    // Two common words that never occur together: the rarer one alone is the fallback, not an empty list.
    await index.upsert(Array.from({ length: 8 }, (_, i) => factCheck({ id: `g${i}`, claim: `Governor vetoed bill ${i}` })));
    const fallback = await index.search({ terms: ["speech", "governor"], limit: 50 });
    expect(fallback.length).toBeGreaterThanOrEqual(8);
    // Unbounded: every phrase is scored.
    const exact = new SqliteFtsIndex(openDatabase(":memory:"), { maxScoredPostings: Infinity });
    await exact.upsert([...common, factCheck({ id: "rare", claim: "Senator Quibbleton banned kites" })]);
    expect(await exact.search({ terms: ["senator", "quibbleton"], limit: 50 })).toHaveLength(21);
  });

  it("reads a word's document frequency from the FTS5 vocabulary, equal to counting its matches (deletes and updates too)", async () => {
    const db = openDatabase(":memory:");
    const index = new SqliteFtsIndex(db);
    const words = ["alpha", "beta", "gamma", "delta", "covid", "19", "café", "zürich", "ｆｕｌｌ"];
    const records = Array.from({ length: 300 }, (_, i) =>
      factCheck({
        id: `r${i}`,
        claim: `${words[i % 9]} ${words[(i * 7) % 9]} claim ${i}`,
        title: i % 4 === 0 ? `${words[(i * 5) % 9]} title` : undefined,
        summary: i % 3 === 0 ? `summary ${words[(i * 2) % 9]}` : undefined,
      }),
    );
    await index.upsert([...records, factCheck({ id: "phrase", claim: "COVID-19 vaccine claim" })]);
    await index.delete(records.filter((_, i) => i % 11 === 0).map((r) => r.id));
    await index.upsert(records.filter((_, i) => i % 13 === 0).map((r) => ({ ...r, claim: `${r.claim} gamma rewritten` })));
    const counted = db.prepare<[string, number], { n: number }>("SELECT COUNT(*) AS n FROM (SELECT 1 FROM fc_fts WHERE fc_fts MATCH ? LIMIT ?)");
    const vocabulary = db.prepare<[string], { doc: number }>("SELECT doc FROM temp.fc_vocab WHERE term = ?");
    // Each cap on its own index (frequencies are cached by phrase; one index always asks with its budget's cap).
    for (const cap of [1000, 50, 5]) {
      const reader = cap === 1000 ? index : new SqliteFtsIndex(db);
      for (const phrase of ["alpha", "beta", "gamma", "delta", "covid", "19", "claim", "title", "summary", "rewritten", "absent", "cafe", "zurich", "full"]) {
        expect(reader.docFrequency(phrase, cap), `${phrase} capped at ${cap}`).toBe(counted.get(`"${phrase}"`, cap)!.n);
      }
    }
    // The vocabulary answered those words (a phrase of several words or with diacritics is counted through MATCH).
    expect(vocabulary.get("gamma")!.doc).toBe(counted.get('"gamma"', 1000)!.n);
    expect(index.docFrequency("café", 1000)).toBe(counted.get('"café"', 1000)!.n);
    expect(index.docFrequency("covid 19", 1000)).toBe(counted.get('"covid 19"', 1000)!.n);
    expect(index.docFrequency("covid 19", 1000)).toBeGreaterThan(0);
  });

  it("sees new records after a write (the frequency cache is dropped)", async () => {
    const index = new SqliteFtsIndex(openDatabase(":memory:"));
    expect(await index.search({ terms: ["flumph"], limit: 5 })).toEqual([]);
    await index.upsert([factCheck({ id: "f", claim: "A flumph was seen downtown" })]);
    expect((await index.search({ terms: ["flumph"], limit: 5 })).map((h) => h.factCheck.id)).toEqual(["f"]);
    await index.delete(["f"]);
    expect(await index.search({ terms: ["flumph"], limit: 5 })).toEqual([]);
  });

  it("sees records another connection wrote after this one cached frequencies", async () => {
    const file = join(dir, "shared.sqlite");
    const botDb = openDatabase(file);
    const ingestDb = openDatabase(file);
    const bot = new SqliteFtsIndex(botDb);
    const ingest = new SqliteFtsIndex(ingestDb);
    expect(await bot.search({ terms: ["gribbleflax"], limit: 5 })).toEqual([]);
    await ingest.upsert([factCheck({ id: "g", claim: "Gribbleflax seen over the harbour" })]);
    expect((await bot.search({ terms: ["gribbleflax"], limit: 5 })).map((h) => h.factCheck.id)).toEqual(["g"]);
    botDb.close();
    ingestDb.close();
  });

  it("keeps a caller's bug (a record of the wrong shape) as its own error", async () => {
    const index = new SqliteFtsIndex(openDatabase(":memory:"));
    const broken = { ...factCheck({ id: "b", claim: "x" }), publisher: undefined } as unknown as FactCheck;
    const error = await index.upsert([broken]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(await index.count()).toBe(0);
  });

  it("upserts 5,000 records in one batch without a gross slowdown", async () => {
    const index = new SqliteFtsIndex(openDatabase(join(dir, "speed.sqlite")));
    const records = Array.from({ length: 5000 }, (_, i) =>
      factCheck({
        id: `speed-${i}`,
        claim: `Claim number ${i} says the mayor of town ${i % 97} banned bicycles on ${i % 7} days`,
        title: `Mayor ${i % 31} bicycle ban`,
        appearances: [`https://social.example.com/p/${i}`],
      }),
    );
    const started = performance.now();
    await index.upsert(records);
    const seconds = (performance.now() - started) / 1000;
    expect(await index.count()).toBe(5000);
    // The bench measures the real rate (goal ≥ 20,000/s); this only guards against a gross regression (one
    // transaction per record, quadratic work) and stays green on a loaded CI machine.
    expect(records.length / seconds).toBeGreaterThan(1000);
  });
});
