import type Database from "better-sqlite3";
import { RECORD_COLUMNS, type RecordRow, type RecordValues } from "./sqlite-record.ts";

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
 * - Version 3 (issue 15): `fc_records` became the compact row of src/search/sqlite-record.ts (texts as columns,
 *   repeated short strings as ids into `fc_strings`, dates as integers, the review URL as prefix id + rest, arrays
 *   in `extra` only when non-empty, a summary that begins with the claim stored without it, CJK text as UTF-16)
 *   with a 48-bit hash index on the id instead of the unique text index (200k bench records: 211 → 118 MiB). The
 *   rows are converted in place in SQL (same `rid`, so `fc_fts` and `fc_url_keys` stay valid) through SQL
 *   functions registered before migrating (`claimbot_id_key`, `claimbot_url_prefix_length`, `claimbot_day`,
 *   `claimbot_extra`, `claimbot_pack`, `claimbot_summary`, `claimbot_summary_flags`). `review_date` and
 *   `claim_date` have no declared type on purpose (BLOB affinity): an integer day stays an integer and a non-ISO
 *   date text stays text, so the way back is exact. The freed pages are reused by later writes; `VACUUM` returns
 *   them to the file system.
 * - Version 4 (issue 15): the seven short strings of a record (publisher name and site, rating, verdict, language,
 *   source, licence) became one `profile` id into `fc_profiles` (whose columns are `fc_strings` ids); `extra` holding
 *   only appearance URLs became `<fc_strings id of the URL prefix> <rest>` lines (JSON stays JSON otherwise, and
 *   starts with `{`); record-id and URL keys became 31-bit (`key48 >> 17`: 4 bytes in SQLite instead of 6). 200k bench
 *   records: `fc_records` 69.3 → 64.2 MiB, URL keys 4.0 → 3.0, id-key index 3.3 → 2.5; with
 *   `SqliteFtsIndex.compact()` (FTS5 `optimize` + `VACUUM`), which `claimbot ingest` runs after a large import, the
 *   file is 98.4 MiB (109.1 before). Converted in place in SQL (same `rid`, so `fc_fts` stays valid), through
 *   `claimbot_appearances_only` and `claimbot_url_prefix_length`; then `VACUUM` once.
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
  `ALTER TABLE fc_records RENAME TO fc_records_v2;
   CREATE TABLE fc_strings (
     sid INTEGER PRIMARY KEY,
     s TEXT NOT NULL UNIQUE
   );
   CREATE TABLE fc_records (
     rid INTEGER PRIMARY KEY,
     id_key INTEGER NOT NULL,
     id TEXT NOT NULL,
     claim TEXT NOT NULL,
     title TEXT,
     summary TEXT,
     claimant TEXT,
     url_prefix INTEGER NOT NULL,
     url_rest TEXT NOT NULL,
     review_date NOT NULL,
     claim_date,
     publisher INTEGER NOT NULL,
     site INTEGER,
     rating INTEGER NOT NULL,
     verdict INTEGER NOT NULL,
     language INTEGER NOT NULL,
     source INTEGER NOT NULL,
     license INTEGER NOT NULL,
     extra TEXT,
     flags INTEGER NOT NULL
   );
   CREATE TEMP TABLE fc_v2 AS
     SELECT rid, json_extract(json, '$.id') AS id, json_extract(json, '$.claim') AS claim,
            json_extract(json, '$.title') AS title, json_extract(json, '$.summary') AS summary,
            json_extract(json, '$.claimant') AS claimant, json_extract(json, '$.url') AS url,
            json_extract(json, '$.reviewDate') AS review_date, json_extract(json, '$.claimDate') AS claim_date,
            json_extract(json, '$.publisher.name') AS publisher, json_extract(json, '$.publisher.site') AS site,
            json_extract(json, '$.rating') AS rating, json_extract(json, '$.verdict') AS verdict,
            json_extract(json, '$.language') AS language, json_extract(json, '$.source') AS source,
            json_extract(json, '$.license') AS license, claimbot_extra(json) AS extra
     FROM fc_records_v2;
   INSERT OR IGNORE INTO fc_strings (s)
     SELECT substr(url, 1, claimbot_url_prefix_length(url)) FROM fc_v2
     UNION SELECT publisher FROM fc_v2 UNION SELECT site FROM fc_v2 WHERE site IS NOT NULL
     UNION SELECT rating FROM fc_v2 UNION SELECT verdict FROM fc_v2 UNION SELECT language FROM fc_v2
     UNION SELECT source FROM fc_v2 UNION SELECT license FROM fc_v2;
   INSERT INTO fc_records (rid, id_key, id, claim, title, summary, claimant, url_prefix, url_rest, review_date,
                           claim_date, publisher, site, rating, verdict, language, source, license, extra, flags)
     SELECT rid, claimbot_id_key(id), id, claimbot_pack(claim), claimbot_pack(title),
            claimbot_summary(claim, summary), claimbot_pack(claimant),
            (SELECT sid FROM fc_strings WHERE s = substr(url, 1, claimbot_url_prefix_length(url))),
            substr(url, claimbot_url_prefix_length(url) + 1),
            claimbot_day(review_date), claimbot_day(claim_date),
            (SELECT sid FROM fc_strings WHERE s = publisher), (SELECT sid FROM fc_strings WHERE s = site),
            (SELECT sid FROM fc_strings WHERE s = rating), (SELECT sid FROM fc_strings WHERE s = verdict),
            (SELECT sid FROM fc_strings WHERE s = language), (SELECT sid FROM fc_strings WHERE s = source),
            (SELECT sid FROM fc_strings WHERE s = license), extra, claimbot_summary_flags(claim, summary)
     FROM fc_v2;
   DROP TABLE fc_v2;
   DROP TABLE fc_records_v2;
   CREATE INDEX fc_records_id_key ON fc_records(id_key);`,
  `CREATE TABLE fc_profiles (
     pid INTEGER PRIMARY KEY,
     publisher INTEGER NOT NULL,
     site INTEGER,
     rating INTEGER NOT NULL,
     verdict INTEGER NOT NULL,
     language INTEGER NOT NULL,
     source INTEGER NOT NULL,
     license INTEGER NOT NULL
   );
   CREATE INDEX fc_profiles_strings ON fc_profiles(publisher, site, rating, verdict, language, source, license);
   INSERT INTO fc_profiles (publisher, site, rating, verdict, language, source, license)
     SELECT publisher, site, rating, verdict, language, source, license FROM fc_records
     GROUP BY publisher, site, rating, verdict, language, source, license ORDER BY MIN(rid);
   INSERT OR IGNORE INTO fc_strings (s)
     SELECT substr(a.value, 1, claimbot_url_prefix_length(a.value))
     FROM fc_records r, json_each(r.extra, '$.appearances') a
     WHERE r.extra IS NOT NULL AND claimbot_appearances_only(r.extra)
     ORDER BY r.rid, a.key;
   ALTER TABLE fc_records RENAME TO fc_records_v3;
   CREATE TABLE fc_records (
     rid INTEGER PRIMARY KEY,
     id_key INTEGER NOT NULL,
     id TEXT NOT NULL,
     claim TEXT NOT NULL,
     title TEXT,
     summary TEXT,
     claimant TEXT,
     url_prefix INTEGER NOT NULL,
     url_rest TEXT NOT NULL,
     review_date NOT NULL,
     claim_date,
     profile INTEGER NOT NULL,
     extra TEXT,
     flags INTEGER NOT NULL
   );
   INSERT INTO fc_records (rid, id_key, id, claim, title, summary, claimant, url_prefix, url_rest, review_date,
                           claim_date, profile, extra, flags)
     SELECT r.rid, r.id_key >> 17, r.id, r.claim, r.title, r.summary, r.claimant, r.url_prefix, r.url_rest,
            r.review_date, r.claim_date,
            (SELECT p.pid FROM fc_profiles p
             WHERE p.publisher = r.publisher AND p.site IS r.site AND p.rating = r.rating AND p.verdict = r.verdict
               AND p.language = r.language AND p.source = r.source AND p.license = r.license),
            CASE WHEN r.extra IS NOT NULL AND claimbot_appearances_only(r.extra) THEN
              (SELECT group_concat(s.sid || ' ' || substr(a.value, claimbot_url_prefix_length(a.value) + 1), char(10) ORDER BY a.key)
               FROM json_each(r.extra, '$.appearances') a
               JOIN fc_strings s ON s.s = substr(a.value, 1, claimbot_url_prefix_length(a.value)))
            ELSE r.extra END,
            r.flags
     FROM fc_records_v3 r;
   DROP TABLE fc_records_v3;
   CREATE INDEX fc_records_id_key ON fc_records(id_key);
   ALTER TABLE fc_url_keys RENAME TO fc_url_keys_v3;
   CREATE TABLE fc_url_keys (
     key INTEGER NOT NULL,
     rid INTEGER NOT NULL,
     PRIMARY KEY (key, rid)
   ) WITHOUT ROWID;
   INSERT OR IGNORE INTO fc_url_keys (key, rid) SELECT key >> 17, rid FROM fc_url_keys_v3;
   DROP TABLE fc_url_keys_v3;`,
];

const ROW = RECORD_COLUMNS.join(", ");
const ROW_OF_R = RECORD_COLUMNS.map((c) => `r.${c}`).join(", ");

/** Every statement the index runs, prepared once. */
export function prepareStatements(db: Database.Database) {
  const stats = (column: string) =>
    db.prepare<[], { k: string; n: number }>(
      `SELECT s.s AS k, c.n AS n
       FROM (SELECT p.${column} AS sid, SUM(g.n) AS n
             FROM (SELECT profile, COUNT(*) AS n FROM fc_records GROUP BY profile) g
             JOIN fc_profiles p ON p.pid = g.profile GROUP BY p.${column}) c
       JOIN fc_strings s ON s.sid = c.sid`,
    );
  return {
    // A 31-bit key can be shared by two ids (schema 4): the caller keeps the row whose id is the one asked for.
    findByIdKey: db.prepare<[number], RecordRow & { rid: number }>(`SELECT rid, ${ROW} FROM fc_records WHERE id_key = ?`),
    // Which of these id keys (a JSON array) are stored already: one query per upsert batch instead of one per record.
    storedIdKeys: db.prepare<[string], { id_key: number }>(
      "SELECT id_key FROM fc_records WHERE id_key IN (SELECT value FROM json_each(?))",
    ),
    insertRecord: db.prepare<RecordValues>(
      `INSERT INTO fc_records (${ROW}) VALUES (${RECORD_COLUMNS.map(() => "?").join(", ")})`,
    ),
    updateRecord: db.prepare<[...RecordValues, number]>(
      `UPDATE fc_records SET ${RECORD_COLUMNS.map((c) => `${c} = ?`).join(", ")} WHERE rid = ?`,
    ),
    deleteRecord: db.prepare<[number]>("DELETE FROM fc_records WHERE rid = ?"),
    insertFts: db.prepare<[number, string, string, string]>(
      "INSERT INTO fc_fts (rowid, claim, title, summary) VALUES (?, ?, ?, ?)",
    ),
    deleteFts: db.prepare<[number]>("DELETE FROM fc_fts WHERE rowid = ?"),
    insertUrl: db.prepare<[number, number]>("INSERT OR IGNORE INTO fc_url_keys (key, rid) VALUES (?, ?)"),
    deleteUrl: db.prepare<[number, number]>("DELETE FROM fc_url_keys WHERE key = ? AND rid = ?"),
    count: db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM fc_records"),
    // bm25() with explicit weights sorted by SQLite's top-N sorter measured 30% faster than FTS5's `ORDER BY rank`.
    // The ranked subquery keeps its order; the outer join only adds the rows of the (at most 200) hits.
    // Raw rows (arrays): [rid, rank, ...RECORD_COLUMNS]; the record columns are null when the join finds no row.
    search: db
      .prepare<[string, number], unknown[]>(
        `SELECT s.rid AS rid, s.rank AS rank, ${ROW_OF_R}
         FROM (SELECT rowid AS rid, bm25(fc_fts, ${FTS_COLUMN_WEIGHTS.claim}, ${FTS_COLUMN_WEIGHTS.title}, ${FTS_COLUMN_WEIGHTS.summary}) AS rank
               FROM fc_fts WHERE fc_fts MATCH ? ORDER BY rank LIMIT ?) AS s
         LEFT JOIN fc_records r ON r.rid = s.rid`,
      )
      .raw(true),
    // `search` without the join: row ids and scores only (`SqliteFtsIndex.searchRefs`); same order, same scores.
    searchRefs: db
      .prepare<[string, number], [number, number]>(
        `SELECT rowid, bm25(fc_fts, ${FTS_COLUMN_WEIGHTS.claim}, ${FTS_COLUMN_WEIGHTS.title}, ${FTS_COLUMN_WEIGHTS.summary}) AS rank
         FROM fc_fts WHERE fc_fts MATCH ? ORDER BY rank LIMIT ?`,
      )
      .raw(true),
    // Records by row id, for a JSON array of row ids: [rid, ...RECORD_COLUMNS].
    byRids: db
      .prepare<[string], unknown[]>(`SELECT r.rid, ${ROW_OF_R} FROM fc_records r WHERE r.rid IN (SELECT value FROM json_each(?))`)
      .raw(true),
    // Counting stops at the cap: past the budget the exact number does not matter, and a common word's full
    // posting list would cost milliseconds to walk.
    docFreq: db.prepare<[string, number], { n: number }>(
      "SELECT COUNT(*) AS n FROM (SELECT 1 FROM fc_fts WHERE fc_fts MATCH ? LIMIT ?)",
    ),
    byUrl: db.prepare<[number], RecordRow>(
      `SELECT ${ROW_OF_R} FROM fc_url_keys u JOIN fc_records r ON r.rid = u.rid
       WHERE u.key = ? ORDER BY r.review_date DESC, r.id`,
    ),
    statsBy: { publisher: stats("publisher"), language: stats("language"), verdict: stats("verdict") },
    newest: db.prepare<[], { d: number | string | null }>("SELECT MAX(review_date) AS d FROM fc_records"),
    // Changes when another connection commits (not on this connection's own writes).
    dataVersion: db.prepare<[], { data_version: number }>("PRAGMA data_version"),
    // FTS5's averages and structure records: every committed write to the index (an insert, a delete, a merge)
    // rewrites both; writes to the file's other tables (chat state, feedback) leave them as they are.
    indexMark: db
      .prepare<[], [Buffer | null, Buffer | null]>(
        "SELECT (SELECT block FROM fc_fts_data WHERE id = 1), (SELECT block FROM fc_fts_data WHERE id = 10)",
      )
      .raw(true),
  };
}
