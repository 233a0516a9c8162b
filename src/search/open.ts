import type Database from "better-sqlite3";
import type { Config } from "../config.ts";
import type { Logger } from "../core/logger.ts";
import type { SearchIndex } from "../core/search-index.ts";
import { SqliteFtsIndex } from "./sqlite-fts.ts";

/** The shape of src/search/meilisearch.ts (owner H7), loaded lazily so the SDK is imported only when used. */
interface MeilisearchModule {
  createMeilisearchIndex(config: Config, deps: { logger: Logger; admin: boolean }): Promise<SearchIndex> | SearchIndex;
}

// A computed specifier keeps tsc and the bundler-less runtime from resolving the module before it is needed.
const MEILISEARCH_MODULE = "./meilisearch.ts";

/**
 * Opens the configured search backend.
 * - `sqlite` (default): `SqliteFtsIndex` on `deps.db`, which the caller keeps owning (the index never closes it).
 * - `meilisearch`: the Meilisearch client, imported lazily; `admin` selects the admin key (ingest, doctor).
 */
export async function openSearchIndex(
  config: Config,
  deps: { logger: Logger; db: Database.Database; admin?: boolean },
): Promise<SearchIndex> {
  const { logger } = deps;
  if (config.SEARCH_BACKEND === "meilisearch") {
    const { createMeilisearchIndex } = (await import(MEILISEARCH_MODULE)) as MeilisearchModule;
    return createMeilisearchIndex(config, { logger, admin: deps.admin ?? false });
  }
  return new SqliteFtsIndex(deps.db, { logger });
}
