import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { dataPaths, openDatabase, runMigrations, SchemaTooNewError, schemaVersion } from "../../src/store/database.ts";
import { useTempDirs } from "../support/temp-dirs.ts";

const tempDir = useTempDirs();

const V1 = "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)";
const V2 = "ALTER TABLE notes ADD COLUMN created_at TEXT; CREATE INDEX notes_created ON notes(created_at)";

describe("runMigrations", () => {
  it("applies pending migrations in order and records each version", () => {
    const db = openDatabase(":memory:");
    expect(schemaVersion(db, "store")).toBe(0);
    expect(runMigrations(db, "store", [V1])).toEqual({ from: 0, to: 1, applied: 1 });
    expect(runMigrations(db, "store", [V1, V2])).toEqual({ from: 1, to: 2, applied: 1 });
    expect(runMigrations(db, "store", [V1, V2])).toEqual({ from: 2, to: 2, applied: 0 });
    const columns = db.prepare("SELECT name FROM pragma_table_info('notes')").all();
    expect(columns).toEqual([{ name: "id" }, { name: "body" }, { name: "created_at" }]);
    const rows = db.prepare("SELECT scope, version FROM schema_migrations ORDER BY version").all();
    expect(rows).toEqual([
      { scope: "store", version: 1 },
      { scope: "store", version: 2 },
    ]);
  });

  it("keeps scopes apart", () => {
    const db = openDatabase(":memory:");
    runMigrations(db, "a", ["CREATE TABLE a1 (x)", "CREATE TABLE a2 (x)"]);
    expect(runMigrations(db, "b", ["CREATE TABLE b1 (x)"])).toEqual({ from: 0, to: 1, applied: 1 });
    expect(schemaVersion(db, "a")).toBe(2);
    expect(schemaVersion(db, "b")).toBe(1);
  });

  it("rolls back a failing migration completely and keeps the previous version", () => {
    const db = openDatabase(":memory:");
    runMigrations(db, "store", [V1]);
    const broken = "CREATE TABLE half (x); INSERT INTO no_such_table VALUES (1)";
    expect(() => runMigrations(db, "store", [V1, broken])).toThrow(/no_such_table/);
    expect(schemaVersion(db, "store")).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    // A fixed list then applies.
    expect(runMigrations(db, "store", [V1, V2]).applied).toBe(1);
  });

  it("refuses a database migrated by newer code", () => {
    const db = openDatabase(":memory:");
    runMigrations(db, "store", [V1, V2]);
    expect(() => runMigrations(db, "store", [V1])).toThrow(SchemaTooNewError);
  });

  it("rejects an empty scope", () => {
    expect(() => runMigrations(openDatabase(":memory:"), " ", [V1])).toThrow(/scope/);
  });

  it("does not run a migration twice when two connections share a file", () => {
    const dir = tempDir("claimbot-db-");
    const file = join(dir, "shared.sqlite");
    const a = openDatabase(file);
    const b = openDatabase(file);
    expect(runMigrations(a, "store", [V1]).applied).toBe(1);
    // b starts from its own view; the re-check inside the write lock skips the applied step.
    expect(runMigrations(b, "store", [V1, V2])).toEqual({ from: 1, to: 2, applied: 1 });
    expect(runMigrations(a, "store", [V1, V2]).applied).toBe(0);
    a.close();
    b.close();
  });
});

describe("openDatabase and dataPaths", () => {
  it("creates the data folder and opens the file in WAL mode", () => {
    const dir = tempDir("claimbot-db-");
    const paths = dataPaths({ CLAIMBOT_DATA_DIR: join(dir, "nested", "data"), CLAIMBOT_INDEX: "alt" });
    expect(paths.dbFile).toBe(join(dir, "nested", "data", "alt.sqlite"));
    const db = openDatabase(paths.dbFile);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
    // Bounded memory and disk for a long-running process (docs/reliability.md, "Soak").
    expect(db.pragma("cache_size", { simple: true })).toBe(-32 * 1024);
    expect(db.pragma("mmap_size", { simple: true })).toBe(0);
    expect(db.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);
    expect(db.pragma("journal_size_limit", { simple: true })).toBe(64 * 1024 * 1024);
    db.close();
  });
});

describe("page cache per connection", () => {
  it("a serving app gets the smaller page cache; an app that writes the index (ingest, sync) keeps the import's", async () => {
    const { createApp } = await import("../../src/app.ts");
    const { loadConfig } = await import("../../src/config.ts");
    const { silentLogger } = await import("../../src/core/logger.ts");
    const { SQLITE_CACHE_KIB, SQLITE_SERVING_CACHE_KIB } = await import("../../src/store/database.ts");
    expect(SQLITE_SERVING_CACHE_KIB).toBeLessThan(SQLITE_CACHE_KIB);
    const config = loadConfig({ CLAIMBOT_DATA_DIR: tempDir("claimbot-cache-"), OCR_ENABLED: "false" });
    const serving = await createApp({ config, logger: silentLogger, skipStarterData: true });
    expect(serving.db.pragma("cache_size", { simple: true })).toBe(-SQLITE_SERVING_CACHE_KIB);
    await serving.close();
    const importing = await createApp({ config, logger: silentLogger, skipStarterData: true, admin: true });
    expect(importing.db.pragma("cache_size", { simple: true })).toBe(-SQLITE_CACHE_KIB);
    await importing.close();
  });
});
