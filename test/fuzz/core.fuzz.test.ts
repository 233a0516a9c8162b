import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_CLAIM_SENTENCES, MAX_CLEAN_POST_CHARS, MAX_POST_URLS, preparePost } from "../../src/core/prepare.ts";
import { MAX_QUERIES_PER_POST, planQueries } from "../../src/core/query-plan.ts";
import { MAX_QUERY_TERMS } from "../../src/core/search-index.ts";
import { silentLogger } from "../../src/core/logger.ts";
import { toMeiliQuery } from "../../src/search/meilisearch-documents.ts";
import { SqliteFtsIndex } from "../../src/search/sqlite-fts.ts";
import { openDatabase } from "../../src/store/database.ts";
import { SEED } from "../runtime/helpers.ts";
import { fuzz, fuzzAsync, nastyText } from "./fuzz.ts";

const postArb = fc.record(
  {
    text: fc.oneof({ weight: 8, arbitrary: nastyText(1_500) }, { weight: 1, arbitrary: nastyText(25_000) }),
    urls: fc.array(fc.oneof(fc.webUrl(), nastyText(40)), { maxLength: 8 }),
    lang: fc.constantFrom("en", "ko", "ja", "xx", "", "en-US"),
  },
  { requiredKeys: ["text"] },
);

describe("fuzz: prepare and the query plan", () => {
  it("prepare never throws and stays within its bounds; every query holds at most 10 terms, at most 4 queries", () => {
    fuzz(
      "core: preparePost + planQueries",
      postArb,
      (input) => {
        const prepared = preparePost(input);
        expect(prepared.text.length).toBeLessThanOrEqual(MAX_CLEAN_POST_CHARS);
        expect(prepared.urls.length).toBeLessThanOrEqual(MAX_POST_URLS);
        expect(prepared.sentences.length).toBeLessThanOrEqual(MAX_CLAIM_SENTENCES);
        if (prepared.text.trim()) expect(prepared.sentences.length).toBeGreaterThan(0);
        const plan = planQueries(prepared);
        expect(plan.queries.length).toBeLessThanOrEqual(MAX_QUERIES_PER_POST);
        for (const query of plan.queries) {
          expect(query.terms.length).toBeGreaterThan(0);
          expect(query.terms.length).toBeLessThanOrEqual(MAX_QUERY_TERMS);
          // What goes to Meilisearch carries no query syntax and at most 10 words.
          const q = toMeiliQuery(query.terms);
          expect(q.split(" ").filter(Boolean).length).toBeLessThanOrEqual(MAX_QUERY_TERMS);
          expect(q).not.toMatch(/["“”„«»「」『』]/);
        }
      },
      2_000,
    );
  });

  it("no user text becomes FTS5 syntax: the embedded index answers any terms without an error", async () => {
    const index = new SqliteFtsIndex(openDatabase(":memory:"), { logger: silentLogger });
    await index.upsert([SEED]);
    await fuzzAsync(
      "core: sqlite-fts search",
      fc.array(nastyText(60), { minLength: 1, maxLength: MAX_QUERY_TERMS }),
      async (terms) => {
        const hits = await index.search({ terms, limit: 10 });
        expect(Array.isArray(hits)).toBe(true);
      },
      1_500,
    );
    await index.close();
  });
});
