import type Database from "better-sqlite3";

/** Column weights of bm25: claim (with alternative wordings), title, summary. The claim is what a post repeats. */
export const FTS_COLUMN_WEIGHTS = { claim: 10, title: 4, summary: 1 } as const;

/**
 * Schema of the index, scope `index` in `schema_migrations`. Append only.
 * - `fc_records`: one row per fact-check; `rid` is the integer key shared with the FTS row; `json` is the record.
 *   `publisher`, `language`, `verdict`, `review_date` are copies for `stats()`.
 * - `fc_urls` (version 1) became `fc_url_keys` (version 2): a 48-bit hash of each normalised review/appearance URL
 *   → record, for `findByUrl` (16 bytes a row instead of the URL text; a hash collision is filtered out on read).
 *   Version 2 back-fills through the SQL function `claimbot_url_key`, registered before migrating.
 * - `fc_fts`: contentless FTS5 (the text is not stored twice) with `contentless_delete=1` so rows can be replaced.
 *   Columns hold `ftsForm` text (words space-separated, CJK runs as bigrams, no English stop-words), so one
 *   `unicode61` tokenizer serves every script; marks (M*) are word characters so Indic and Thai vowel signs do not
 *   split words; `remove_diacritics 2` folds é → e on both sides. The stored `rank` (bm25 with the column weights)
 *   serves ad-hoc `ORDER BY rank` queries from the sqlite3 shell; `search` calls `bm25()` itself.
 * Migration texts are frozen literals: never edit one that shipped, append a new one.
 */
export const INDEX_MIGRATIONS: readonly string[] = [
  `CREATE TABLE fc_records (
     rid INTEGER PRIMARY KEY,
     id TEXT NOT NULL UNIQUE,
     json TEXT NOT NULL,
     publisher TEXT NOT NULL,
     language TEXT NOT NULL,
     verdict TEXT NOT NULL,
     review_date TEXT NOT NULL
   );
   CREATE TABLE fc_urls (
     url TEXT NOT NULL,
     rid INTEGER NOT NULL REFERENCES fc_records(rid) ON DELETE CASCADE,
     PRIMARY KEY (url, rid)
   ) WITHOUT ROWID;
   CREATE INDEX fc_urls_rid ON fc_urls(rid);
   CREATE VIRTUAL TABLE fc_fts USING fts5(
     claim, title, summary,
     content='', contentless_delete=1,
     tokenize="unicode61 remove_diacritics 2 categories 'L* N* Co M*'"
   );
   INSERT INTO fc_fts(fc_fts, rank) VALUES ('rank', 'bm25(10, 4, 1)');`,
  `CREATE TABLE fc_url_keys (
     key INTEGER NOT NULL,
     rid INTEGER NOT NULL,
     PRIMARY KEY (key, rid)
   ) WITHOUT ROWID;
   INSERT OR IGNORE INTO fc_url_keys (key, rid)
     SELECT key, rid FROM (
       SELECT claimbot_url_key(json_extract(json, '$.url')) AS key, rid FROM fc_records
       UNION ALL
       SELECT claimbot_url_key(a.value), r.rid FROM fc_records r, json_each(r.json, '$.appearances') a
     ) WHERE key IS NOT NULL;
   DROP TABLE fc_urls;`,
];

/** Every statement the index runs, prepared once. */
export function prepareStatements(db: Database.Database) {
  return {
    findRid: db.prepare<[string], { rid: number; json: string }>("SELECT rid, json FROM fc_records WHERE id = ?"),
    insertRecord: db.prepare<[string, string, string, string, string, string]>(
      "INSERT INTO fc_records (id, json, publisher, language, verdict, review_date) VALUES (?, ?, ?, ?, ?, ?)",
    ),
    updateRecord: db.prepare<[string, string, string, string, string, number]>(
      "UPDATE fc_records SET json = ?, publisher = ?, language = ?, verdict = ?, review_date = ? WHERE rid = ?",
    ),
    deleteRecord: db.prepare<[number]>("DELETE FROM fc_records WHERE rid = ?"),
    insertFts: db.prepare<[number, string, string, string]>(
      "INSERT INTO fc_fts (rowid, claim, title, summary) VALUES (?, ?, ?, ?)",
    ),
    deleteFts: db.prepare<[number]>("DELETE FROM fc_fts WHERE rowid = ?"),
    insertUrl: db.prepare<[number, number]>("INSERT OR IGNORE INTO fc_url_keys (key, rid) VALUES (?, ?)"),
    deleteUrl: db.prepare<[number, number]>("DELETE FROM fc_url_keys WHERE key = ? AND rid = ?"),
    count: db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM fc_records"),
    getJson: db.prepare<[string], { json: string }>("SELECT json FROM fc_records WHERE id = ?"),
    getJsonByRid: db.prepare<[number], { json: string }>("SELECT json FROM fc_records WHERE rid = ?"),
    // bm25() with explicit weights sorted by SQLite's top-N sorter measured 30% faster than FTS5's `ORDER BY rank`.
    search: db.prepare<[string, number], { rid: number; rank: number }>(
      `SELECT rowid AS rid, bm25(fc_fts, ${FTS_COLUMN_WEIGHTS.claim}, ${FTS_COLUMN_WEIGHTS.title}, ${FTS_COLUMN_WEIGHTS.summary}) AS rank
       FROM fc_fts WHERE fc_fts MATCH ? ORDER BY rank LIMIT ?`,
    ),
    // Counting stops at the cap: past the budget the exact number does not matter, and a common word's full
    // posting list would cost milliseconds to walk.
    docFreq: db.prepare<[string, number], { n: number }>(
      "SELECT COUNT(*) AS n FROM (SELECT 1 FROM fc_fts WHERE fc_fts MATCH ? LIMIT ?)",
    ),
    byUrl: db.prepare<[number], { json: string }>(
      `SELECT r.json FROM fc_url_keys u JOIN fc_records r ON r.rid = u.rid
       WHERE u.key = ? ORDER BY r.review_date DESC, r.id`,
    ),
    statsBy: {
      publisher: db.prepare<[], { k: string; n: number }>(
        "SELECT publisher AS k, COUNT(*) AS n FROM fc_records GROUP BY publisher",
      ),
      language: db.prepare<[], { k: string; n: number }>(
        "SELECT language AS k, COUNT(*) AS n FROM fc_records GROUP BY language",
      ),
      verdict: db.prepare<[], { k: string; n: number }>(
        "SELECT verdict AS k, COUNT(*) AS n FROM fc_records GROUP BY verdict",
      ),
    },
    newest: db.prepare<[], { d: string | null }>("SELECT MAX(review_date) AS d FROM fc_records"),
    // Changes when another connection commits (not on this connection's own writes).
    dataVersion: db.prepare<[], { data_version: number }>("PRAGMA data_version"),
  };
}
