import type Database from "better-sqlite3";
import { runMigrations } from "./database.ts";

/** Migration scope of the runtime's tables in the shared SQLite file. */
export const RUNTIME_SCHEMA_SCOPE = "runtime";

/**
 * The runtime's tables, append-only (version = position + 1). No table holds message text except `tips.text`,
 * written only on the user's explicit consent. User and chat ids are keyed hashes, except the delivery address
 * of a consented tip and of outbox items.
 */
export const RUNTIME_MIGRATIONS: readonly string[] = [
  `CREATE TABLE chat_settings (
     chat_hash TEXT PRIMARY KEY,
     settings TEXT NOT NULL,
     updated_at INTEGER NOT NULL
   ) WITHOUT ROWID;
   CREATE TABLE answers (
     token TEXT PRIMARY KEY,
     created_at INTEGER NOT NULL,
     mode TEXT NOT NULL,
     outcome TEXT NOT NULL,
     chat_hash TEXT NOT NULL,
     top_id TEXT,
     top_score REAL,
     candidates TEXT NOT NULL
   ) WITHOUT ROWID;
   CREATE INDEX answers_created ON answers(created_at);
   CREATE TABLE feedback (
     token TEXT NOT NULL,
     user_hash TEXT NOT NULL,
     value TEXT NOT NULL CHECK (value IN ('helpful', 'wrong')),
     created_at INTEGER NOT NULL,
     mode TEXT NOT NULL,
     outcome TEXT NOT NULL,
     top_id TEXT,
     top_score REAL,
     candidates TEXT NOT NULL,
     PRIMARY KEY (token, user_hash)
   ) WITHOUT ROWID;
   CREATE INDEX feedback_created ON feedback(created_at);
   CREATE TABLE tips (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     created_at INTEGER NOT NULL,
     platform TEXT NOT NULL,
     chat_id TEXT NOT NULL,
     user_hash TEXT NOT NULL,
     text TEXT NOT NULL,
     urls TEXT NOT NULL,
     language TEXT,
     locale TEXT NOT NULL,
     status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'notified')),
     fact_check_id TEXT,
     notified_at INTEGER
   );
   CREATE INDEX tips_status ON tips(status);
   CREATE TABLE trends (
     day TEXT NOT NULL,
     key TEXT NOT NULL,
     chat_hash TEXT NOT NULL,
     count INTEGER NOT NULL,
     PRIMARY KEY (day, key, chat_hash)
   ) WITHOUT ROWID;
   CREATE TABLE trend_alerts (
     day TEXT NOT NULL,
     key TEXT NOT NULL,
     PRIMARY KEY (day, key)
   ) WITHOUT ROWID;
   CREATE TABLE outbox (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     created_at INTEGER NOT NULL,
     platform TEXT NOT NULL,
     chat_id TEXT NOT NULL,
     reply TEXT NOT NULL,
     taken_at INTEGER,
     delivered_at INTEGER
   );
   CREATE INDEX outbox_pending ON outbox(platform, delivered_at);`,
  // Durable runtime state (issue 13): survives a restart and is shared by every process on the data directory.
  // No text: chat and user keys are keyed hashes, update ids are platform counters.
  `CREATE TABLE cooldowns (
     chat_hash TEXT NOT NULL,
     fact_check_id TEXT NOT NULL,
     at INTEGER NOT NULL,
     PRIMARY KEY (chat_hash, fact_check_id)
   ) WITHOUT ROWID;
   CREATE INDEX cooldowns_at ON cooldowns(at);
   CREATE TABLE rate_events (
     id INTEGER PRIMARY KEY,
     scope TEXT NOT NULL,
     at INTEGER NOT NULL
   );
   CREATE INDEX rate_events_scope ON rate_events(scope, at);
   CREATE TABLE throttle_notices (
     scope TEXT PRIMARY KEY,
     at INTEGER NOT NULL
   ) WITHOUT ROWID;
   CREATE TABLE processed_updates (
     id INTEGER PRIMARY KEY,
     key TEXT NOT NULL UNIQUE,
     at INTEGER NOT NULL
   );
   CREATE INDEX processed_updates_at ON processed_updates(at);
   ALTER TABLE outbox ADD COLUMN dedupe_key TEXT;
   ALTER TABLE outbox ADD COLUMN reply_to TEXT;
   ALTER TABLE outbox ADD COLUMN is_group INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE outbox ADD COLUMN owner TEXT;
   ALTER TABLE outbox ADD COLUMN attempted_at INTEGER;
   ALTER TABLE outbox ADD COLUMN not_before INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE outbox ADD COLUMN status TEXT;
   CREATE UNIQUE INDEX outbox_dedupe ON outbox(dedupe_key) WHERE dedupe_key IS NOT NULL;`,
];

/** Creates or upgrades the runtime's tables. */
export function migrateRuntimeSchema(db: Database.Database): void {
  runMigrations(db, RUNTIME_SCHEMA_SCOPE, RUNTIME_MIGRATIONS);
}
