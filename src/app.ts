import type Database from "better-sqlite3";
import { loadConfig, type Config } from "./config.ts";
import type { Logger } from "./core/logger.ts";
import { createLookup } from "./core/lookup.ts";
import type { LookupFn } from "./core/lookup-types.ts";
import type { SearchIndex } from "./core/search-index.ts";
import { ensureStarterData } from "./ingest/starter.ts";
import { createLogger } from "./logger.ts";
import { openSearchIndex } from "./search/open.ts";
import { dataPaths, openDatabase } from "./store/database.ts";

/** Everything a command or a bot needs, wired once. Owner H6 extends it (stores, runtime). */
export interface App {
  config: Config;
  logger: Logger;
  /** The SQLite file of the data dir: chat store always; the index too when SEARCH_BACKEND=sqlite. */
  db: Database.Database;
  index: SearchIndex;
  lookup: LookupFn;
  close(): Promise<void>;
}

export interface AppOptions {
  config?: Config;
  logger?: Logger;
  /** Show a progress bar when the starter data is loaded on first use. */
  progress?: boolean;
  /** Open the index with admin rights (ingest). */
  admin?: boolean;
  /** Skip filling an empty index from data/ (ingest into a fresh index, eval). */
  skipStarterData?: boolean;
}

/** The composition root: config → logger → database → index → starter data → lookup. */
export async function createApp(options: AppOptions = {}): Promise<App> {
  const config = options.config ?? loadConfig();
  const logger = options.logger ?? createLogger(config);
  const db = openDatabase(dataPaths(config).dbFile);
  const index = await openSearchIndex(config, { logger, db, admin: options.admin ?? false });
  if (!options.skipStarterData) await ensureStarterData(index, { logger, progress: options.progress ?? false });
  const lookup = createLookup({ index, logger });
  return {
    config,
    logger,
    db,
    index,
    lookup,
    async close() {
      await index.close();
      if (db.open) db.close();
    },
  };
}
