import { afterAll, beforeAll } from "vitest";
import { loadStarterCollection } from "../../src/eval/identity-sets.ts";
import { SqliteFtsIndex } from "../../src/search/sqlite-fts.ts";
import { openDatabase } from "../../src/store/database.ts";

/**
 * The bundled starter data in an in-memory embedded index, built once for the calling `describe` block (before its
 * tests) and closed after them. Read `index` in tests and hooks, not while the block is being defined.
 */
export function useStarterIndex(): { readonly index: SqliteFtsIndex } {
  const db = openDatabase(":memory:");
  const index = new SqliteFtsIndex(db);
  beforeAll(async () => {
    const { records } = loadStarterCollection();
    for (let i = 0; i < records.length; i += 2000) await index.upsert(records.slice(i, i + 2000));
  }, 120_000);
  afterAll(async () => {
    await index.close();
    db.close();
  });
  return { index };
}
