import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { createLookup, createLookupTrace, toLookupJson } from "../../src/core/lookup.ts";
import type { Lookup, LookupFn, Mode } from "../../src/core/lookup-types.ts";
import type { SearchIndex } from "../../src/core/search-index.ts";
import { SqliteFtsIndex } from "../../src/search/sqlite-fts.ts";
import { useStarterIndex } from "./starter-index.ts";

/**
 * The embedded index's two-step search (`searchRefs`, then `loadRefs` of the candidates reranked) gives the lookup
 * the same candidates, scores and answers as the one-step `searchMany`, on the bundled starter index and the posts
 * of the claim-identity sets (near-misses, paraphrases, noisy posts).
 */
const posts = ["near-miss", "paraphrase", "noisy"].flatMap((set) =>
  readFileSync(`test/fixtures/eval/identity/${set}.jsonl`, "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => (JSON.parse(line) as { text: string }).text)
    // Every fourth post of each set keeps the test short; links and all take the same path as in the eval.
    .filter((_, i) => i % 4 === 0),
);

/** The index without its two-step search: the lookup falls back to `searchMany`. */
function oneStep(index: SqliteFtsIndex): SearchIndex {
  return {
    backend: index.backend,
    upsert: (r) => index.upsert(r),
    delete: (ids) => index.delete(ids),
    count: () => index.count(),
    get: (ids) => index.get(ids),
    search: (q) => index.search(q),
    searchMany: (q) => index.searchMany(q),
    findByUrl: (url) => index.findByUrl(url),
    stats: () => index.stats(),
    close: () => index.close(),
  };
}

const shape = (lookup: Lookup) => ({
  json: toLookupJson(lookup),
  candidates: lookup.candidates.map((c) => [c.factCheck.id, c.score, c.backendScore, c.matchedTerms]),
});

describe("lookup with the index's two-step search", () => {
  const starter = useStarterIndex();
  let index: SqliteFtsIndex;
  let twoStep: LookupFn;
  let single: LookupFn;
  beforeAll(() => {
    index = starter.index;
    const now = () => new Date("2026-12-01T00:00:00Z");
    twoStep = createLookup({ index, now });
    single = createLookup({ index: oneStep(index), now });
  });

  it("gives the same answers and candidates as one-step search, in both modes", async () => {
    expect(posts.length).toBeGreaterThan(150);
    let matches = 0;
    for (const mode of ["dm", "group"] as Mode[]) {
      for (const text of posts) {
        const a = await twoStep({ text }, mode);
        const b = await single({ text }, mode);
        expect({ ...shape(a), text, mode }).toEqual({ ...shape(b), text, mode });
        if (a.outcome === "match") matches++;
      }
    }
    // The comparison covers answers that speak, not only silence.
    expect(matches).toBeGreaterThan(20);
  }, 120_000);

  it("traces (the eval's lookups) read every retrieved candidate: the same retrieval order and ranking as one-step", async () => {
    const now = () => new Date("2026-12-01T00:00:00Z");
    const a = createLookupTrace({ index, now });
    const b = createLookupTrace({ index: oneStep(index), now });
    for (const text of posts.slice(0, 40)) {
      const x = await a({ text }, "dm");
      const y = await b({ text }, "dm");
      expect(x.retrieved.length).toBeGreaterThan(0);
      expect(x.retrieved).toEqual(y.retrieved);
      expect(x.ranked.map((c) => [c.factCheck.id, c.score, c.features])).toEqual(y.ranked.map((c) => [c.factCheck.id, c.score, c.features]));
    }
  }, 60_000);

  it("searchRefs ranks and scores like search; loadRefs reads those records and leaves out a deleted one", async () => {
    const query = { terms: ["north", "korea", "troops", "ukraine"], limit: 30 };
    const hits = await index.search(query);
    const [refs] = await index.searchRefs([query]);
    expect(hits.length).toBeGreaterThan(5);
    expect(refs!.map((r) => [r.rank, r.score])).toEqual(hits.map((h) => [h.rank, h.score]));
    const records = await index.loadRefs(refs!.map((r) => r.ref));
    expect(refs!.map((r) => records.get(r.ref)?.id)).toEqual(hits.map((h) => h.factCheck.id));
    expect(records.get(refs![0]!.ref)).toEqual(hits[0]!.factCheck);

    const gone = hits[1]!.factCheck.id;
    await index.delete([gone]);
    const after = await index.loadRefs(refs!.map((r) => r.ref));
    expect(after.size).toBe(refs!.length - 1);
    expect([...after.values()].map((r) => r.id)).not.toContain(gone);
    expect(await index.loadRefs([])).toEqual(new Map());
  });
});
