import type Database from "better-sqlite3";
import type { Config } from "../config.ts";
import type { Logger } from "../core/logger.ts";
import type { SearchIndex } from "../core/search-index.ts";
import { SqliteFtsIndex } from "./sqlite-fts.ts";

/**
 * Opens the configured search backend.
 * - `sqlite` (default): `SqliteFtsIndex` on `deps.db`, which the caller keeps owning (the index never closes it).
 * - `meilisearch`: the Meilisearch client (src/search/meilisearch.ts), imported lazily so the SDK loads only when
 *   used; `admin` selects the admin key (ingest, doctor).
 */
export async function openSearchIndex(
  config: Config,
  deps: { logger: Logger; db: Database.Database; admin?: boolean },
): Promise<SearchIndex> {
  const { logger } = deps;
  if (config.SEARCH_BACKEND === "meilisearch") {
    const { createMeilisearchIndex } = await import("./meilisearch.ts");
    return createMeilisearchIndex(config, { logger, admin: deps.admin ?? false });
  }
  // Served indexes rank from memory (read in the background); an admin's (ingest, sync, doctor) writes or reads once.
  const memoryPostings = !deps.admin && config.SQLITE_MEMORY_POSTINGS === "on" ? "background" : "off";
  return new SqliteFtsIndex(deps.db, { logger, memoryPostings });
}
