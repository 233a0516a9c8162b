import type Database from "better-sqlite3";
import { SearchUnavailableError } from "../core/errors.ts";
import type { FactCheck } from "../core/factcheck.ts";
import { silentLogger, type Logger } from "../core/logger.ts";
import type { IndexStats, SearchHit, SearchIndex, SearchQuery, SearchRef } from "../core/search-index.ts";
import { normalizeUrl } from "../core/text.ts";
import { databaseBytes, type FreePagesRelease, releaseFreePages, runMigrations } from "../store/database.ts";
import BetterSqlite3 from "better-sqlite3";
import { ftsPhrases, orMatch, quoteFts } from "./fts-query.ts";
import { MemoryPostings, readPostings, readPostingsSteps, type PostingsData } from "./memory-postings.ts";
import { FTS_COLUMN_WEIGHTS, INDEX_MIGRATIONS, prepareStatements } from "./sqlite-fts-schema.ts";
import { prepareForIndex, recordUrlKeys, urlKey } from "./sqlite-prepare.ts";
import {
  appearancesOnly,
  dayNumber,
  dayText,
  decodeRecord,
  decodeRecordAt,
  extraColumn,
  key48,
  idKey,
  packText,
  PREPARED,
  rowEquals,
  rowValues,
  summaryColumns,
  StringTable,
  urlPrefixLength,
  type PreparedRecord,
  type RecordRow,
} from "./sqlite-record.ts";

export { FTS_COLUMN_WEIGHTS };
export type { PreparedRecord };

/**
 * Query-time budget of posting-list entries bm25 may score, summed over the phrases kept. bm25 costs about 1 µs per
 * matching row, so an OR of common words over 200k records would take 50+ ms. Phrases are kept rarest first
 * while their document frequencies fit the budget (the rarest always; when even it is over budget, the two rarest
 * are AND-ed). Dropped phrases are the frequent ones, whose IDF (and so share of the score) is small; Meilisearch's
 * `matchingStrategy: "frequency"` does the same. Measured on CheckThat! dev (14k and 19k records), 4,000 leaves
 * Recall@5/@20 of the raw search unchanged against an unbounded OR.
 */
export const DEFAULT_MAX_SCORED_POSTINGS = 4000;

/** Document frequencies are cached until a write (of this or another connection); the cache is dropped past this. */
const DF_CACHE_MAX_ENTRIES = 50_000;

/**
 * A phrase that is one ASCII word in index form: its document frequency can be read from the FTS5 vocabulary (the
 * tokenizer keeps such a word as it is; a word with diacritics or several tokens is counted through MATCH).
 */
const VOCABULARY_TERM = /^[a-z0-9]+$/;

/** Candidates per query are clamped to this range (the port allows 1..200). */
const MIN_LIMIT = 1;
const MAX_LIMIT = 200;

export interface SqliteFtsIndexOptions {
  logger?: Logger;
  /** See `DEFAULT_MAX_SCORED_POSTINGS`; `Infinity` scores every phrase (exact OR query, slow at scale). */
  maxScoredPostings?: number;
  /**
   * Ranked queries from the postings held in memory (src/search/memory-postings.ts: same rows, same scores, a
   * fraction of FTS5's time): `"off"` (default), `"background"` (read in slices between lookups, on a read-only
   * connection of their own, when the index holds at least `MEMORY_POSTINGS_MIN_RECORDS`; FTS5 answers meanwhile,
   * and again after a write until they are read anew), or
   * `"now"` (read on this thread at the first query, and at the first after each write, whatever the size: tests
   * and tools).
   */
  memoryPostings?: "off" | "background" | "now";
  /** `"background"` reads the postings only for an index of at least this many records (tests lower it). */
  memoryPostingsMinRecords?: number;
}

/**
 * Below this many records a served index keeps ranking in FTS5: its queries are cheap there (a few hundred µs at 20k)
 * and reading the postings would cost a worker's start for little.
 */
export const MEMORY_POSTINGS_MIN_RECORDS = 20_000;

/** After a write the postings are read again once writes have paused this long (an import writes in batches). */
export const MEMORY_POSTINGS_REBUILD_DELAY_MS = 60_000;

/** Page cache of the connection that reads the postings (it reads each page once). */
const POSTINGS_READ_CACHE_KIB = 1024;

/** FTS5's averages and structure records as read at one moment (`indexMark` statement): equal = the same index. */
type IndexMark = readonly [Buffer | null, Buffer | null];
const sameBlock = (a: Buffer | null, b: Buffer | null): boolean => (a === null || b === null ? a === b : a.equals(b));
const sameMark = (a: IndexMark | undefined, b: IndexMark): boolean => a !== undefined && sameBlock(a[0], b[0]) && sameBlock(a[1], b[1]);

/** A planned query: the MATCH text, and the phrases and counts it was made of (for the in-memory postings). */
interface PlannedQuery {
  match: string;
  phrases: string[];
  dfs: number[];
  and: boolean;
  /** When `match` (an AND) finds nothing: the rarest phrase alone. */
  fallback?: { match: string; phrase: string; df: number };
}

/** True when one of the record's URLs normalises to `normalizedUrl` (rules out a hash collision). */
function hasUrl(record: FactCheck, normalizedUrl: string): boolean {
  return [record.url, ...record.appearances].some((raw) => normalizeUrl(raw) === normalizedUrl);
}

/**
 * SQL functions the index migrations call (registered before migrating): URL keys (schema 2), the compact record
 * columns (schema 3) and the appearance lines (schema 4), each as the index wrote at that version (the 48-bit keys
 * of schemas 2 and 3 become 31-bit in schema 4).
 */
export function registerIndexMigrationFunctions(db: Database.Database): void {
  db.function("claimbot_url_key", { deterministic: true }, (raw: unknown) => {
    const url = typeof raw === "string" ? normalizeUrl(raw) : null;
    return url ? key48(url) : null;
  });
  db.function("claimbot_id_key", { deterministic: true }, (id: unknown) => key48(String(id)));
  db.function("claimbot_appearances_only", { deterministic: true }, (extra: unknown) =>
    typeof extra === "string" && appearancesOnly(extra) ? 1 : 0,
  );
  db.function("claimbot_url_prefix_length", { deterministic: true }, (url: unknown) =>
    typeof url === "string" ? urlPrefixLength(url) : 0,
  );
  db.function("claimbot_day", { deterministic: true }, (date: unknown) =>
    typeof date === "string" ? dayNumber(date) : ((date ?? null) as number | null),
  );
  db.function("claimbot_extra", { deterministic: true }, (json: unknown) =>
    extraColumn(JSON.parse(String(json)) as FactCheck),
  );
  db.function("claimbot_pack", { deterministic: true }, (text: unknown) =>
    typeof text === "string" ? packText(text) : ((text ?? null) as null),
  );
  const summaryOf = (claim: unknown, summary: unknown) =>
    summaryColumns(String(claim), typeof summary === "string" ? summary : undefined);
  db.function("claimbot_summary", { deterministic: true }, (claim: unknown, summary: unknown) => summaryOf(claim, summary).summary);
  db.function("claimbot_summary_flags", { deterministic: true }, (claim: unknown, summary: unknown) => summaryOf(claim, summary).flags);
}

/**
 * `SELECT doc FROM temp.fc_vocab WHERE term = ?` on an `fts5vocab` 'row' table of `fc_fts`, made in the connection's
 * temp schema (nothing is written to the index file); undefined when SQLite refuses it (then MATCH counts serve).
 */
function vocabularyStatement(db: Database.Database, logger: Logger): Database.Statement<[string], { doc: number }> | undefined {
  try {
    db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fc_vocab USING fts5vocab(main, fc_fts, 'row')");
    return db.prepare<[string], { doc: number }>("SELECT doc FROM temp.fc_vocab WHERE term = ?");
  } catch (error) {
    logger.debug("fts5vocab unavailable; document frequencies are counted", { error: (error as Error).message });
    return undefined;
  }
}

/** True for errors of the database itself (better-sqlite3's SqliteError, or a closed connection). */
function isDatabaseFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === "SqliteError" || /database connection is not open/i.test(error.message);
}

/**
 * The embedded search index: SQLite FTS5 with BM25 in the database file the caller opened (`openDatabase`).
 * Ownership: the index borrows `db`; `close()` only stops using it and never closes it. Whoever opened the
 * database (the composition root, src/app.ts, or a test) closes it after closing the index.
 * All calls are synchronous underneath (better-sqlite3); the methods are async only to fit the port.
 */
export class SqliteFtsIndex implements SearchIndex {
  readonly backend = "sqlite";
  private readonly logger: Logger;
  private closed = false;
  private readonly maxScoredPostings: number;
  private readonly dfCache = new Map<string, number>();
  private dataVersion = -1;
  /** The index the cached frequencies and the postings in memory were read from (see `adoptIndexMark`). */
  private indexMark: IndexMark | undefined;
  private readonly stmt: ReturnType<typeof prepareStatements>;
  /** Documents holding a term, from an `fts5vocab` table in this connection's temp schema; absent if not made. */
  private readonly vocabularyDocs: Database.Statement<[string], { doc: number }> | undefined;
  private readonly strings: StringTable;
  private readonly db: Database.Database;
  private readonly upsertTx: (records: readonly PreparedRecord[]) => number;
  private readonly deleteTx: (ids: readonly string[]) => number;
  private readonly memoryMode: "off" | "background" | "now";
  private readonly memoryMinRecords: number;
  private memory: MemoryPostings | undefined;
  private memoryBuilding: Promise<boolean> | undefined;
  private memoryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    db: Database.Database,
    options: SqliteFtsIndexOptions = {},
  ) {
    this.logger = (options.logger ?? silentLogger).child({ component: "sqlite-fts" });
    registerIndexMigrationFunctions(db);
    const started = performance.now();
    const migrated = runMigrations(db, "index", INDEX_MIGRATIONS);
    if (migrated.applied > 0) {
      this.logger.info("index schema migrated", {
        from: migrated.from,
        to: migrated.to,
        ms: Math.round(performance.now() - started),
      });
      if (migrated.from > 0 && migrated.from < 4) {
        // The old rows' pages are free now; give them back to the file system once (a few seconds at 200k).
        const records = (db.prepare("SELECT COUNT(*) AS n FROM fc_records").get() as { n: number }).n;
        this.logger.info(`index upgraded to compact records (schema ${migrated.to}); compacting the file once`, { records });
        try {
          releaseFreePages(db);
        } catch (error) {
          this.logger.warn("index compaction skipped; run VACUUM later to shrink the file", { error: (error as Error).message });
        }
      }
    }

    this.maxScoredPostings = options.maxScoredPostings ?? DEFAULT_MAX_SCORED_POSTINGS;
    this.vocabularyDocs = vocabularyStatement(db, this.logger);
    this.stmt = prepareStatements(db);
    this.strings = new StringTable(db);

    this.db = db;
    this.memoryMode = options.memoryPostings ?? "off";
    this.memoryMinRecords = options.memoryPostingsMinRecords ?? MEMORY_POSTINGS_MIN_RECORDS;
    this.upsertTx = db.transaction((records: readonly PreparedRecord[]) => this.writePrepared(records));
    this.deleteTx = db.transaction((ids: readonly string[]) => {
      let deleted = 0;
      for (const id of new Set(ids)) {
        const row = this.findRow(id);
        if (!row) continue;
        this.stmt.deleteFts.run(row.rid);
        this.deleteUrlKeys(row.rid, row);
        this.stmt.deleteRecord.run(row.rid);
        deleted++;
      }
      return deleted;
    });
    if (this.memoryMode === "background") void this.readMemoryPostings();
  }

  /**
   * Reads the postings into memory (`memoryPostings` option): at once (`"now"`, or a database without a file), else
   * in slices between lookups on a read-only connection of their own (a worker thread measured ~25 MiB more peak
   * memory: its own V8 and SQLite). Resolves true when they serve queries. Postings read while a write happened (here,
   * or by another connection: `data_version`) are thrown away.
   */
  readMemoryPostings(): Promise<boolean> {
    if (this.memoryMode === "off") return Promise.resolve(false);
    if (this.memory) return Promise.resolve(true);
    if (this.memoryBuilding) return this.memoryBuilding;
    const building = this.buildMemoryPostings().finally(() => {
      if (this.memoryBuilding === building) this.memoryBuilding = undefined;
    });
    this.memoryBuilding = building;
    return building;
  }

  private async buildMemoryPostings(): Promise<boolean> {
    if (this.closed) return false;
    const started = performance.now();
    const mark = this.readIndexMark();
    let ln: Database.Statement<[number], number>;
    try {
      ln = this.db.prepare<[number], number>("SELECT ln(?)").pluck();
      ln.get(2);
    } catch (error) {
      this.logger.info("postings stay in FTS5: SQLite has no ln()", { error: (error as Error).message });
      return false;
    }
    const file = this.db.memory ? "" : this.db.name;
    let data: PostingsData;
    try {
      if (this.memoryMode === "background" && (this.stmt.count.get()?.n ?? 0) < this.memoryMinRecords) return false;
      data = this.memoryMode === "now" || !file ? readPostings(this.db, "fc_fts", FTS_COLUMN_WEIGHTS) : await readPostingsInSlices(file, () => this.closed);
    } catch (error) {
      this.logger.warn("postings not read into memory; FTS5 ranks the queries", { error: (error as Error).message });
      return false;
    }
    // Thrown away when the index changed meanwhile (here or by another connection); writes to the file's other tables
    // do not count.
    if (this.closed || !sameMark(mark, this.readIndexMark())) return false;
    this.dataVersion = this.currentDataVersion();
    this.adoptIndexMark(mark);
    this.memory = new MemoryPostings(data, (x) => ln.get(x) as number);
    this.logger.info("postings read into memory", {
      postings: this.memory.postings,
      mib: Math.round(this.memory.bytes / 1048576),
      ms: Math.round(performance.now() - started),
    });
    return true;
  }

  /** Bytes of the postings held in memory, or undefined while FTS5 ranks the queries. */
  get memoryPostingsBytes(): number | undefined {
    return this.memory?.bytes;
  }

  private currentDataVersion(): number {
    return this.stmt.dataVersion.get()?.data_version ?? 0;
  }

  private readIndexMark(): IndexMark {
    return this.stmt.indexMark.get() ?? [null, null];
  }

  /** A write (here or by another connection) makes the postings stale: dropped now, read again once writes pause. */
  private dropMemoryPostings(): void {
    this.memory = undefined;
    if (this.memoryMode !== "background" || this.closed) return;
    clearTimeout(this.memoryTimer);
    this.memoryTimer = setTimeout(() => void this.readMemoryPostings(), MEMORY_POSTINGS_REBUILD_DELAY_MS);
    this.memoryTimer.unref?.();
  }

  /** The stored row of an id (the id key is a hash: a row of another id under the same key is passed over). */
  private findRow(id: string): (RecordRow & { rid: number }) | undefined {
    for (const row of this.stmt.findByIdKey.all(idKey(id))) if (row.id === id) return row;
    return undefined;
  }

  /**
   * Writes prepared records; returns how many were written (an identical record already stored is skipped). One
   * query finds which ids are stored already; only those are read row by row (none, in a fresh import).
   */
  private writePrepared(records: readonly PreparedRecord[]): number {
    const stored = new Set<number>();
    for (const row of this.stmt.storedIdKeys.all(JSON.stringify(records.map((p) => p[PREPARED.idKey])))) stored.add(row.id_key);
    let written = 0;
    // URL keys are hashes: inserted a record at a time they land on random pages of `fc_url_keys`; sorted, a batch's
    // keys fill each page in turn (issue 15, the bench's 100k-review feed: key inserts 961 → 496 ms, all writes 4.09 →
    // 3.84 CPU-s). Pending keys are written before a record's old keys are deleted, so an update deletes them too.
    const pending: number[] = [];
    for (const prepared of records) {
      const values = rowValues(prepared, this.strings);
      const existing = stored.has(prepared[PREPARED.idKey]) ? this.findRow(prepared[PREPARED.id]) : undefined;
      if (existing && rowEquals(existing, values)) continue;
      let rid: number;
      if (existing) {
        rid = existing.rid;
        this.writeUrlKeys(pending);
        this.stmt.updateRecord.run(...values, rid);
        this.stmt.deleteFts.run(rid);
        this.deleteUrlKeys(rid, existing);
      } else {
        rid = Number(this.stmt.insertRecord.run(...values).lastInsertRowid);
        // A second record of the same id later in the batch updates this one.
        stored.add(prepared[PREPARED.idKey]);
      }
      this.stmt.insertFts.run(rid, prepared[PREPARED.ftsClaim], prepared[PREPARED.ftsTitle], prepared[PREPARED.ftsSummary]);
      for (const key of prepared[PREPARED.urlKeys]) pending.push(key, rid);
      written++;
    }
    this.writeUrlKeys(pending);
    return written;
  }

  /** Inserts (key, rid) pairs given flat, in key order; empties the list. */
  private writeUrlKeys(pairs: number[]): void {
    if (pairs.length === 0) return;
    const order = Array.from({ length: pairs.length / 2 }, (_, i) => i);
    order.sort((a, b) => pairs[2 * a]! - pairs[2 * b]! || pairs[2 * a + 1]! - pairs[2 * b + 1]!);
    for (const i of order) this.stmt.insertUrl.run(pairs[2 * i]!, pairs[2 * i + 1]!);
    pairs.length = 0;
  }

  /** Removes a record's URL keys, recomputed from its stored row (no index on `rid` needed). */
  private deleteUrlKeys(rid: number, row: RecordRow): void {
    for (const key of recordUrlKeys(decodeRecord(row, this.strings))) this.stmt.deleteUrl.run(key, rid);
  }

  /** Runs a database call, turning an unexpected SQLite failure into `SearchUnavailableError`. */
  private guard<T>(operation: string, fn: () => T): T {
    if (this.closed) throw new SearchUnavailableError(`sqlite index is closed (${operation})`, this.backend);
    try {
      return fn();
    } catch (error) {
      // A database failure (locked, corrupt, closed file) means the index is unavailable; anything else (a record
      // of the wrong shape) is a bug of the caller and keeps its own error.
      if (!isDatabaseFailure(error)) throw error;
      this.logger.error("index operation failed", { operation, error: (error as Error).message });
      throw new SearchUnavailableError(`sqlite index ${operation} failed`, this.backend, { cause: error });
    }
  }

  /**
   * Drops cached document frequencies and the postings in memory when another connection (an ingest in another
   * process) has changed the index. `data_version` moves with any commit by another connection to the file, the chat
   * state of another bot process sharing the data directory too (a few a second in a busy deployment, which kept
   * the postings from ever being used); FTS5's own records then tell whether the index itself changed.
   */
  private refreshIndexCaches(): void {
    const version = this.currentDataVersion();
    if (version === this.dataVersion) return;
    const first = this.dataVersion === -1;
    this.dataVersion = version;
    if (this.adoptIndexMark(this.readIndexMark()) && !first && (this.memory || this.memoryBuilding)) this.dropMemoryPostings();
  }

  /** After a committed write of this connection: when the index changed, the caches read from it are dropped. */
  private afterOwnWrite(): void {
    if (this.adoptIndexMark(this.readIndexMark())) this.dropMemoryPostings();
  }

  /**
   * Takes `mark` as the index the caches describe; true, with the cached frequencies dropped, when it is another
   * index than the one they were read from.
   */
  private adoptIndexMark(mark: IndexMark): boolean {
    if (sameMark(this.indexMark, mark)) return false;
    this.indexMark = mark;
    this.dfCache.clear();
    return true;
  }

  /** Upserts all records in one transaction: idempotent by id; an unchanged record is skipped. */
  async upsert(records: readonly FactCheck[]): Promise<void> {
    if (records.length === 0) return;
    await this.upsertPrepared(records.map(prepareForIndex));
  }

  /**
   * `upsert` of records already prepared with `prepareForIndex` (src/search/sqlite-prepare.ts), e.g. on an ingest
   * worker thread: this thread then only resolves string ids and writes.
   */
  async upsertPrepared(records: readonly PreparedRecord[]): Promise<void> {
    if (records.length === 0) return;
    const written = this.guard("upsert", () => {
      try {
        const count = this.upsertTx(records);
        this.afterOwnWrite();
        return count;
      } catch (error) {
        // String ids handed out in the rolled-back transaction do not exist.
        this.strings.reset();
        throw error;
      }
    });
    this.logger.debug("index upserted", { received: records.length, written });
  }

  /**
   * Compacts the file after a large import: FTS5 `optimize` merges the posting segments into one, then the free
   * pages (the old segments', mostly) go back to the file system (`releaseFreePages`: incremental on the files
   * `openDatabase` makes; one full `VACUUM` converts an older file, to 16 KiB pages when it is at most 256 MiB and no
   * other connection has it open). 100k-record feed: optimize ~0.35 s, then ~0.01 s of `incremental_vacuum` instead
   * of 0.8–0.9 s of `VACUUM`, for a file 0.6% larger (the page map, and pages `VACUUM` would have repacked). The
   * search results are the same before and after.
   */
  async compact(): Promise<{ beforeBytes: number; afterBytes: number; ms: number; vacuum: FreePagesRelease }> {
    return this.guard("compact", () => {
      const started = performance.now();
      const beforeBytes = databaseBytes(this.db);
      this.db.exec("INSERT INTO fc_fts(fc_fts) VALUES('optimize')");
      this.afterOwnWrite();
      const vacuum = releaseFreePages(this.db);
      this.db.pragma("wal_checkpoint(TRUNCATE)");
      const result = { beforeBytes, afterBytes: databaseBytes(this.db), ms: Math.round(performance.now() - started), vacuum } as const;
      this.logger.info("index compacted", result);
      return result;
    });
  }

  async delete(ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    return this.guard("delete", () => {
      const deleted = this.deleteTx(ids);
      this.afterOwnWrite();
      return deleted;
    });
  }

  async count(): Promise<number> {
    return this.guard("count", () => this.stmt.count.get()?.n ?? 0);
  }

  async get(ids: readonly string[]): Promise<FactCheck[]> {
    return this.guard("get", () => {
      const out: FactCheck[] = [];
      for (const id of ids) {
        const row = this.findRow(id);
        if (row) out.push(decodeRecord(row, this.strings));
      }
      return out;
    });
  }

  async search(query: SearchQuery): Promise<SearchHit[]> {
    const phrases = ftsPhrases(query.terms);
    if (phrases.length === 0) return [];
    return this.guard("search", () => {
      const hits: SearchHit[] = [];
      const plan = this.plan(phrases);
      if (!plan) return hits;
      const ranked = this.memoryRows(plan, query.limit);
      if (ranked) {
        const records = this.readRecords(ranked.map((row) => row[0]));
        for (const [rid, rank] of ranked) {
          const factCheck = records.get(rid);
          if (factCheck) hits.push({ factCheck, score: -rank, rank: hits.length });
        }
        return hits;
      }
      for (const row of this.matchRows(plan, query.limit, this.stmt.search)) {
        // [rid, rank, id_key, id, ...]: no record row (deleted meanwhile) leaves the id null.
        if (row[3] === null) continue;
        hits.push({ factCheck: decodeRecordAt(row, 2, this.strings), score: -(row[1] as number), rank: hits.length });
      }
      return hits;
    });
  }

  /**
   * `searchMany` without reading the records: the ranked query skips the join with `fc_records` and `loadRefs` reads
   * only the rows the caller keeps. Reading and decoding a row costs ~10-17 µs here, about a third of a query's
   * time at 60 hits; a group lookup keeps 40 of its ~100 hits (issue 15).
   */
  async searchRefs(queries: readonly SearchQuery[]): Promise<SearchRef[][]> {
    const out: SearchRef[][] = [];
    for (const query of queries) {
      const phrases = ftsPhrases(query.terms);
      if (phrases.length === 0) {
        out.push([]);
        continue;
      }
      out.push(
        this.guard("search", () => {
          const plan = this.plan(phrases);
          if (!plan) return [];
          const rows = this.memoryRows(plan, query.limit) ?? this.matchRows(plan, query.limit, this.stmt.searchRefs);
          return rows.map((row, rank) => ({ ref: row[0], score: -row[1], rank }));
        }),
      );
    }
    return out;
  }

  async loadRefs(refs: readonly number[]): Promise<Map<number, FactCheck>> {
    const records = new Map<number, FactCheck>();
    if (refs.length === 0) return records;
    return this.guard("search", () => this.readRecords(refs));
  }

  private readRecords(refs: readonly number[]): Map<number, FactCheck> {
    const records = new Map<number, FactCheck>();
    for (const row of this.stmt.byRids.all(JSON.stringify(refs))) records.set(row[0] as number, decodeRecordAt(row, 1, this.strings));
    return records;
  }

  /**
   * The ranked `[rowid, rank]` rows of a query from the in-memory postings (the same rows `matchRows` gives), or
   * undefined when they are not read or cannot serve one of its phrases.
   */
  private memoryRows(plan: PlannedQuery, limit: number): Array<[number, number]> | undefined {
    // `"now"`: read again at the first query after a write, on this thread (synchronous up to installing them).
    if (!this.memory && this.memoryMode === "now" && !this.memoryBuilding) void this.readMemoryPostings();
    const memory = this.memory;
    if (!memory || plan.phrases.length === 0) return undefined;
    const n = clampLimit(limit);
    const query = { phrases: plan.phrases, dfs: plan.dfs };
    const rows = plan.and ? memory.and(query, n) : memory.or(query, n);
    if (!rows || rows.length > 0 || !plan.fallback) return rows;
    return memory.or({ phrases: [plan.fallback.phrase], dfs: [plan.fallback.df], capped: true }, n);
  }

  /** The posting budget's plan of a query (null: none of its phrases is in the index). */
  private plan(phrases: readonly string[]): PlannedQuery | null {
    this.refreshIndexCaches();
    return this.planPhrases(phrases);
  }

  /** The rows of a ranked query (the posting budget's plan, then its fallback when nothing matched). */
  private matchRows<Row>(plan: PlannedQuery, limit: number, statement: { all(match: string, limit: number): Row[] }): Row[] {
    const n = clampLimit(limit);
    const rows = statement.all(plan.match, n);
    return rows.length === 0 && plan.fallback ? statement.all(plan.fallback.match, n) : rows;
  }

  /**
   * The phrases worth scoring: those present in the index, rarest first, while their summed document frequency
   * fits `maxScoredPostings`. When even the rarest phrase is over the budget (a post of only common words), the
   * two rarest must both occur (AND), which bounds the work; when no record has both, the rarest alone is the
   * fallback.
   */
  private planPhrases(phrases: readonly string[]): PlannedQuery | null {
    const budget = this.maxScoredPostings;
    // Unbounded: every phrase, document frequencies unread (not served from memory).
    if (!Number.isFinite(budget)) return { match: orMatch(phrases), phrases: [], dfs: [], and: false };
    const cap = Math.floor(budget) + 1;
    const withDf: Array<{ phrase: string; df: number }> = [];
    for (const phrase of phrases) {
      const df = this.docFrequency(phrase, cap);
      if (df > 0) withDf.push({ phrase, df });
    }
    if (withDf.length === 0) return null;
    withDf.sort((a, b) => a.df - b.df);
    if (withDf[0]!.df >= cap && withDf.length >= 2) {
      const [a, b] = [withDf[0]!, withDf[1]!];
      const rarest = quoteFts(a.phrase);
      return {
        match: `${rarest} AND ${quoteFts(b.phrase)}`,
        phrases: [a.phrase, b.phrase],
        dfs: [a.df, b.df],
        and: true,
        fallback: { match: rarest, phrase: a.phrase, df: a.df },
      };
    }
    const kept: string[] = [];
    const dfs: number[] = [];
    let postings = 0;
    for (const { phrase, df } of withDf) {
      if (kept.length > 0 && postings + df > budget) break;
      kept.push(phrase);
      dfs.push(df);
      postings += df;
    }
    return { match: orMatch(kept), phrases: kept, dfs, and: false };
  }

  /**
   * Records holding `phrase` (any column), counted up to `cap`, cached until the next write. A one-word ASCII phrase
   * (most of them) is read from the FTS5 vocabulary: the same number (rows holding the term, deleted ones left out),
   * at about half the cost of counting matches (issue 15: 16–35 µs against 31–82 µs a word, 200k–1M records; a
   * cold lookup meets ~7 new words), or from the postings held in memory when they are (the same count, ~1 µs);
   * others are counted through MATCH, stopping at the cap.
   */
  docFrequency(phrase: string, cap: number): number {
    const cached = this.dfCache.get(phrase);
    if (cached !== undefined) return cached;
    const df =
      this.vocabularyDocs && VOCABULARY_TERM.test(phrase)
        ? Math.min(cap, this.memory?.documents(phrase) ?? this.vocabularyDocs.get(phrase)?.doc ?? 0)
        : (this.stmt.docFreq.get(quoteFts(phrase), cap)?.n ?? 0);
    if (this.dfCache.size >= DF_CACHE_MAX_ENTRIES) this.dfCache.clear();
    this.dfCache.set(phrase, df);
    return df;
  }

  async searchMany(queries: readonly SearchQuery[]): Promise<SearchHit[][]> {
    const out: SearchHit[][] = [];
    for (const query of queries) out.push(await this.search(query));
    return out;
  }

  async findByUrl(url: string): Promise<FactCheck[]> {
    const normalized = normalizeUrl(url);
    if (!normalized) return [];
    return this.guard("findByUrl", () =>
      this.stmt.byUrl
        .all(urlKey(normalized))
        .map((row) => decodeRecord(row, this.strings))
        .filter((record) => hasUrl(record, normalized)),
    );
  }

  async stats(): Promise<IndexStats> {
    return this.guard("stats", () => {
      const group = (stmt: Database.Statement<[], { k: string; n: number }>) =>
        Object.fromEntries(stmt.all().map((row) => [row.k, row.n]));
      return {
        total: this.stmt.count.get()?.n ?? 0,
        byPublisher: group(this.stmt.statsBy.publisher),
        byLanguage: group(this.stmt.statsBy.language),
        byVerdict: group(this.stmt.statsBy.verdict),
        newestReviewDate: ((d) => (d === null || d === undefined ? null : dayText(d)))(this.stmt.newest.get()?.d),
      };
    });
  }

  /** Stops using the database. Does not close it: the caller that opened it owns it. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    this.memory = undefined;
    clearTimeout(this.memoryTimer);
  }
}

function clampLimit(limit: number): number {
  return Math.min(MAX_LIMIT, Math.max(MIN_LIMIT, Math.floor(limit) || MIN_LIMIT));
}

/**
 * `readPostings` of the index file on a read-only connection of its own, a step (`ROWS_PER_STEP` rows, ~10-20 ms) per
 * turn of the event loop, so lookups go on between the steps. Stops (rejects) when `stopped()` turns true.
 */
async function readPostingsInSlices(file: string, stopped: () => boolean): Promise<PostingsData> {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma(`cache_size = -${POSTINGS_READ_CACHE_KIB}`);
    const steps = readPostingsSteps(db, "fc_fts", FTS_COLUMN_WEIGHTS);
    try {
      for (;;) {
        const step = steps.next();
        if (step.done) return step.value;
        await new Promise((resolve) => setImmediate(resolve));
        if (stopped()) throw new Error("index closed while its postings were read");
      }
    } finally {
      steps.return(undefined as never);
    }
  } finally {
    db.close();
  }
}
