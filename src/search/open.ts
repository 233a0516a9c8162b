import type Database from "better-sqlite3";
import type { Config } from "../config.ts";
import type { Logger } from "../core/logger.ts";
import type { SearchIndex } from "../core/search-index.ts";

/**
 * Opens the configured search backend. STUB (owner H1 replaces it): sqlite → SqliteFtsIndex on `db`;
 * meilisearch → `(await import("./meilisearch.ts")).createMeilisearchIndex(config, { logger, admin })`.
 */
export async function openSearchIndex(
  _config: Config,
  _deps: { logger: Logger; db: Database.Database; admin?: boolean },
): Promise<SearchIndex> {
  throw new Error("openSearchIndex: not implemented yet");
}
