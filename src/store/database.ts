import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import type { Config } from "../config.ts";

/** How long a writer waits for another connection's lock before SQLite gives up, in milliseconds. */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

/**
 * Page cache per connection, in KiB (SQLite `cache_size` takes a negative number for KiB). SQLite allocates it page
 * by page as pages are read, so a process's share grows with the file up to this bound and stays there.
 */
export const SQLITE_CACHE_KIB = 32 * 1024;

/**
 * Page cache of a connection that only serves lookups (the bots, the HTTP API, the console), in KiB: set by
 * `createApp` unless it opens the index to write (`admin`: ingest, sync). Measured (issue 15, 200k fact-checks):
 * serving peaked 23–31 MiB lower (227 against 250–258 MiB) with the same lookup latency and CPU (a lookup reads its
 * candidates' rows once; the OS page cache holds the file; 32, 128 and 256 MiB gave the same lookup times), while an
 * import with 16 MiB ran slower (the shared collections end to end 9,870 → 6,861 records per CPU-second, the 1M
 * build 75.8 → 96.5 CPU-s, one run), so imports keep `SQLITE_CACHE_KIB`.
 */
export const SQLITE_SERVING_CACHE_KIB = 16 * 1024;

/** Gives a serving connection its smaller page cache (`SQLITE_SERVING_CACHE_KIB`); pages over it are let go. */
export function useServingPageCache(db: Database.Database): void {
  db.pragma(`cache_size = -${SQLITE_SERVING_CACHE_KIB}`);
}

/**
 * Largest WAL file left on disk after a checkpoint, in bytes (`journal_size_limit`; SQLite's default keeps the WAL at
 * its largest size ever). Checkpoints run every 1,000 pages (`wal_autocheckpoint`, SQLite's default, set explicitly).
 */
export const SQLITE_JOURNAL_SIZE_LIMIT = 64 * 1024 * 1024;

/**
 * Page size of a new file, in bytes; an existing file keeps its own (SQLite's 4 KiB before issue 15's session 18)
 * until its first compaction with no other connection open (`releaseFreePages`, files up to `AUTO_RESIZE_MAX_BYTES`)
 * or `claimbot doctor --fix`.
 * Measured on the bench's 100k-review feed, written on one thread: 118k page writes and 45k page reads of the WAL and
 * its checkpoints at 4 KiB, 29k and 10k at 16 KiB; the writes 28.0–30.2 → 25.0–27.2 µs a record, the file 82.7 → 79.7
 * MiB (32 KiB: no faster, 64 KiB: slower). Imports end to end, alternated: shared collections 16.9–17.3k → 17.7–18.1k
 * records/s, the feed 14.1–14.7k → 14.5–14.7k. Lookups at 200k read the same rows as fast (same answers).
 */
export const SQLITE_PAGE_SIZE = 16 * 1024;

/** Where the embedded index and the chat store live: one SQLite file per index name. */
export function dataPaths(config: Pick<Config, "CLAIMBOT_DATA_DIR" | "CLAIMBOT_INDEX">): { dir: string; dbFile: string } {
  const dir = resolve(config.CLAIMBOT_DATA_DIR);
  return { dir, dbFile: join(dir, `${config.CLAIMBOT_INDEX}.sqlite`) };
}

/**
 * Opens (creating the folder if needed) a SQLite file: 16 KiB pages and incremental auto-vacuum (new files; see
 * `SQLITE_PAGE_SIZE` and `releaseFreePages`), WAL journal, `synchronous=NORMAL` (durable at checkpoints, never
 * corrupt, much faster writes), a busy timeout so a second process (an ingest while the bot runs) waits instead of
 * failing, foreign keys on, and bounded memory and disk: a 32 MiB page cache, no mmap, the WAL truncated to 64 MiB
 * after checkpoints. `:memory:` works for tests. The caller owns the handle and closes it (the composition root,
 * src/app.ts); stores and the index borrow it.
 */
export function openDatabase(file: string): Database.Database {
  if (file !== ":memory:" && !file.startsWith("file:")) mkdirSync(dirname(resolve(file)), { recursive: true });
  const db = new Database(file);
  // A new file gets larger pages and keeps a map of its pages, so that free pages can be given back without rewriting
  // the file (`releaseFreePages`). Only possible before the first table and before the WAL mode writes the header;
  // no-ops on an existing file.
  db.pragma(`page_size = ${SQLITE_PAGE_SIZE}`);
  db.pragma("auto_vacuum = INCREMENTAL");
  if (file !== ":memory:") db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  db.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
  // No memory-mapped I/O: the file is read into the bounded page cache above. With mmap the pages of the file would
  // count in the process's RSS (file-backed) as the file grows; explicit, so a build with another default cannot
  // change it.
  db.pragma("mmap_size = 0");
  db.pragma("wal_autocheckpoint = 1000");
  db.pragma(`journal_size_limit = ${SQLITE_JOURNAL_SIZE_LIMIT}`);
  db.pragma("foreign_keys = ON");
  return db;
}

/** `PRAGMA auto_vacuum`'s value for incremental auto-vacuum (0 none, 1 full). */
const AUTO_VACUUM_INCREMENTAL = 2;

/**
 * Largest file `releaseFreePages` rewrites with `SQLITE_PAGE_SIZE` pages on its own. While the rewrite runs, a process
 * opening the file waits for it (up to `SQLITE_BUSY_TIMEOUT_MS`, then fails to start). Measured on this project's
 * 2-core machine: 1.1–1.4 s for the 200k bench index (99 MiB), 5.1 s at 1M (504 MiB), where a process opening the file
 * 0.8 s in waited 4.4 s. A larger file is rewritten by `claimbot doctor --fix` (`resizePages`), with the bot stopped.
 */
export const AUTO_RESIZE_MAX_BYTES = 256 * 1024 * 1024;

/** The database's size in bytes, as SQLite counts it (pages × page size; the WAL not included). */
export function databaseBytes(db: Database.Database): number {
  return (db.pragma("page_count", { simple: true }) as number) * (db.pragma("page_size", { simple: true }) as number);
}

/** How `releaseFreePages` gave the free pages back. */
export type FreePagesRelease = "incremental" | "full" | "resized";

/**
 * Gives the file's free pages back to the file system and says how:
 * - `"incremental"`: a file made with incremental auto-vacuum (every file `openDatabase` created since issue 15,
 *   session 15) and `SQLITE_PAGE_SIZE` pages, with `PRAGMA incremental_vacuum`, which moves only the pages at the end
 *   of the file into the holes;
 * - `"resized"`: a file with pages of another size (SQLite's 4 KiB default, files made before session 18), of at most
 *   `AUTO_RESIZE_MAX_BYTES`, when this is the only connection to it (`resizePages`): one full `VACUUM` out of WAL
 *   mode rewrites it with `SQLITE_PAGE_SIZE` pages and incremental auto-vacuum (SQLite cannot change the page size in
 *   WAL mode), then WAL mode again. Once: the next call is incremental. With another connection open (a bot serving
 *   from the file during an import) SQLite refuses to leave WAL mode at once (`SQLITE_BUSY`, no wait) and the file is
 *   compacted as below;
 * - `"full"`: a file made without incremental auto-vacuum, with one full `VACUUM` in WAL mode (the copy goes to the
 *   write-ahead log), which turns incremental auto-vacuum on for it, so the next call is incremental.
 * A full `VACUUM` needs room on disk for a second copy of the file. Throws what SQLite throws.
 */
export function releaseFreePages(db: Database.Database, options: { resizeMaxBytes?: number } = {}): FreePagesRelease {
  if (
    db.pragma("page_size", { simple: true }) !== SQLITE_PAGE_SIZE &&
    databaseBytes(db) <= (options.resizeMaxBytes ?? AUTO_RESIZE_MAX_BYTES) &&
    resizePages(db)
  ) {
    return "resized";
  }
  if (db.pragma("auto_vacuum", { simple: true }) === AUTO_VACUUM_INCREMENTAL) {
    db.pragma("incremental_vacuum");
    return "incremental";
  }
  // Takes effect with this VACUUM.
  db.pragma("auto_vacuum = INCREMENTAL");
  db.exec("VACUUM");
  return "full";
}

/**
 * Rewrites a WAL-mode file with `SQLITE_PAGE_SIZE` pages and incremental auto-vacuum; false (nothing changed) when
 * the file is not in WAL mode (in memory, read-only) or another connection has it open.
 */
export function resizePages(db: Database.Database): boolean {
  if (db.memory || db.readonly || db.pragma("journal_mode", { simple: true }) !== "wal") return false;
  try {
    // Checkpoints the WAL and removes it; SQLITE_BUSY at once while another connection holds the file.
    if (db.pragma("journal_mode = DELETE", { simple: true }) !== "delete") return false;
  } catch (error) {
    if ((error as { code?: string }).code === "SQLITE_BUSY") return false;
    throw error;
  }
  try {
    db.pragma(`page_size = ${SQLITE_PAGE_SIZE}`);
    db.pragma("auto_vacuum = INCREMENTAL");
    db.exec("VACUUM");
  } finally {
    db.pragma("journal_mode = WAL");
    // Reloads the schema the VACUUM changed: without a read first, the next `wal_checkpoint(TRUNCATE)` of a connection
    // with statements prepared before the VACUUM failed once with SQLITE_LOCKED (SQLite 3.53, measured).
    db.prepare("SELECT COUNT(*) FROM sqlite_schema").pluck().get();
  }
  return true;
}

/** The database holds a migration this code does not know: it was written by a newer claimbot. */
export class SchemaTooNewError extends Error {
  override readonly name = "SchemaTooNewError";
  constructor(
    readonly scope: string,
    readonly databaseVersion: number,
    readonly codeVersion: number,
  ) {
    super(
      `database schema "${scope}" is at version ${databaseVersion} but this claimbot knows only ${codeVersion}; ` +
        "upgrade claimbot or use another CLAIMBOT_DATA_DIR",
    );
  }
}

/** What `runMigrations` did. */
export interface MigrationResult {
  /** Version of the scope before the call (0 = never migrated). */
  from: number;
  /** Version after the call, always `migrations.length`. */
  to: number;
  /** How many migrations ran now. */
  applied: number;
}

const MIGRATIONS_TABLE_SQL = `CREATE TABLE IF NOT EXISTS schema_migrations (
  scope TEXT NOT NULL,
  version INTEGER NOT NULL,
  applied_at TEXT NOT NULL,
  PRIMARY KEY (scope, version)
) WITHOUT ROWID`;

/**
 * Brings one scope of the schema up to date. Each component owns a scope (`index` for the search index, `store`
 * for chat settings/feedback/tips, ...) and passes its full, append-only list of migrations: `migrations[0]` is
 * version 1, `migrations[1]` version 2, and so on. Never edit or reorder a shipped migration; append a new one.
 *
 * - The applied versions are recorded in `schema_migrations(scope, version, applied_at)`.
 * - Each pending migration runs in its own `BEGIN IMMEDIATE` transaction together with its bookkeeping row, so a
 *   failing migration leaves the scope at the previous version and nothing half-applied; the error is rethrown.
 * - The current version is re-read inside the write lock, so two processes opening the same file at once do not
 *   run a migration twice.
 * - A migration is SQL text run with `db.exec` (several statements allowed).
 * - A database at a higher version than `migrations.length` throws `SchemaTooNewError` (written by newer code).
 */
export function runMigrations(db: Database.Database, scope: string, migrations: readonly string[]): MigrationResult {
  if (!scope.trim()) throw new Error("runMigrations: scope must not be empty");
  db.exec(MIGRATIONS_TABLE_SQL);
  const currentStmt = db.prepare<[string], { version: number | null }>(
    "SELECT MAX(version) AS version FROM schema_migrations WHERE scope = ?",
  );
  const recordStmt = db.prepare<[string, number, string]>(
    "INSERT INTO schema_migrations (scope, version, applied_at) VALUES (?, ?, ?)",
  );
  const current = () => currentStmt.get(scope)?.version ?? 0;

  const from = current();
  if (from > migrations.length) throw new SchemaTooNewError(scope, from, migrations.length);
  let applied = 0;
  for (let version = from + 1; version <= migrations.length; version++) {
    const step = db.transaction(() => {
      // Another process may have migrated while we waited for the lock.
      if (current() >= version) return false;
      db.exec(migrations[version - 1]!);
      recordStmt.run(scope, version, new Date().toISOString());
      return true;
    });
    if (step.immediate()) applied++;
  }
  return { from, to: migrations.length, applied };
}

/** The version a scope is at (0 when never migrated or when the bookkeeping table does not exist yet). */
export function schemaVersion(db: Database.Database, scope: string): number {
  const table = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
    .get();
  if (!table) return 0;
  const row = db
    .prepare<[string], { version: number | null }>("SELECT MAX(version) AS version FROM schema_migrations WHERE scope = ?")
    .get(scope);
  return row?.version ?? 0;
}
