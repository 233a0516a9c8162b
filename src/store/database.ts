import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Config } from "../config.ts";

/** Where the embedded index and the chat store live: one SQLite file per index name. */
export function dataPaths(config: Pick<Config, "CLAIMBOT_DATA_DIR" | "CLAIMBOT_INDEX">): { dir: string; dbFile: string } {
  const dir = resolve(config.CLAIMBOT_DATA_DIR);
  return { dir, dbFile: join(dir, `${config.CLAIMBOT_INDEX}.sqlite`) };
}

/** Opens (creating the folder if needed) a SQLite file in WAL mode. `:memory:` works for tests. STUB: H1 refines. */
export function openDatabase(file: string): Database.Database {
  if (file !== ":memory:") mkdirSync(resolve(file, ".."), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("busy_timeout = 5000");
  db.pragma("foreign_keys = ON");
  return db;
}
