import type { Logger } from "../core/logger.ts";
import type { SearchIndex } from "../core/search-index.ts";

/**
 * Fills an empty index from the starter data in data/ (with a progress bar on a TTY when `progress`).
 * Does nothing when the index already holds records. STUB: owner H2 replaces it.
 */
export async function ensureStarterData(
  _index: SearchIndex,
  _deps: { logger: Logger; progress?: boolean },
): Promise<{ loaded: number }> {
  return { loaded: 0 };
}
