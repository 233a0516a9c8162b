import { it } from "vitest";
import { SqliteFtsIndex } from "../../../src/search/sqlite-fts.ts";
import { openDatabase } from "../../../src/store/database.ts";
import { silentLogger } from "../../../src/core/logger.ts";
import { createLookup } from "../../../src/core/lookup.ts";
import { SEED, SEED_POST } from "./fake-runtime.ts";
it("probe", async () => {
  const index = new SqliteFtsIndex(openDatabase(":memory:"), { logger: silentLogger });
  await index.upsert([SEED]);
  const lookup = createLookup({ index });
  for (const t of [SEED_POST, SEED.claim, "North Korea decided to send troops to Ukraine"]) {
    for (const mode of ["dm", "group"] as const) {
      const l = await lookup({ text: t }, mode);
      console.log(mode, l.outcome, l.matches.map((m) => m.score), l.candidates.map((m) => m.score));
    }
  }
});
