import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { FactCheck } from "../../src/core/factcheck.ts";
import type { SearchHit, SearchIndex } from "../../src/core/search-index.ts";
import { factCheck, HOSTILE_TERMS, sampleRecords } from "./fixtures.ts";

export interface ContractOptions {
  /**
   * Register the assertions that depend on ranking quality (field weights, more terms first). False for fakes
   * that only check the wire (the loopback Meilisearch fake).
   */
  relevance: boolean;
}

export type IndexFactory = () => Promise<{ index: SearchIndex; cleanup?: () => Promise<void> }>;

const ids = (hits: readonly SearchHit[]) => hits.map((h) => h.factCheck.id);

/**
 * The SearchIndex contract (src/core/search-index.ts): every implementation runs this suite.
 * Usage: `searchIndexContract("sqlite", async () => ({ index, cleanup }), { relevance: true })`.
 */
export function searchIndexContract(name: string, factory: IndexFactory, options: ContractOptions): void {
  describe(`SearchIndex contract: ${name}`, () => {
    let index: SearchIndex;
    let cleanup: (() => Promise<void>) | undefined;

    beforeEach(async () => {
      const made = await factory();
      index = made.index;
      cleanup = made.cleanup;
    });
    afterEach(async () => {
      await cleanup?.();
    });

    const load = async (records: FactCheck[] = sampleRecords()) => {
      await index.upsert(records);
      return records;
    };

    it("has a backend name", () => {
      expect(index.backend).toMatch(/^[a-z0-9-]+$/);
    });

    it("finds a record by a unique term", async () => {
      await load();
      const hits = await index.search({ terms: ["zorblax"], limit: 10 });
      expect(ids(hits)).toContain("en-vaccine");
      expect(hits[0]?.factCheck.id).toBe("en-vaccine");
    });

    it("finds a record by a word in any letter case", async () => {
      await load();
      expect(ids(await index.search({ terms: ["ASTRONAUTS"], limit: 10 }))).toContain("en-moon");
    });

    it("counts records and is idempotent on upsert by id", async () => {
      const records = await load();
      expect(await index.count()).toBe(records.length);
      await index.upsert(records);
      await index.upsert([records[0]!, records[0]!]);
      expect(await index.count()).toBe(records.length);
      expect(ids(await index.search({ terms: ["zorblax"], limit: 10 }))).toEqual(["en-vaccine"]);
    });

    it("replaces a record's searchable text on upsert of the same id", async () => {
      await load();
      const changed = factCheck({ id: "en-vaccine", claim: "Quuxfrob bridges are made of cheese", rating: "False" });
      await index.upsert([changed]);
      expect(await index.count()).toBe(5);
      expect(await index.search({ terms: ["zorblax"], limit: 10 })).toEqual([]);
      expect(ids(await index.search({ terms: ["quuxfrob"], limit: 10 }))).toEqual(["en-vaccine"]);
      expect(await index.get(["en-vaccine"])).toEqual([changed]);
      expect(await index.findByUrl("https://social.example.com/post/123")).toEqual([]);
    });

    it("deletes by id and returns how many existed", async () => {
      await load();
      expect(await index.delete(["en-vaccine", "no-such-id", "en-vaccine"])).toBe(1);
      expect(await index.count()).toBe(4);
      expect(await index.search({ terms: ["zorblax"], limit: 10 })).toEqual([]);
      expect(await index.get(["en-vaccine"])).toEqual([]);
      expect(await index.findByUrl("https://social.example.com/post/123")).toEqual([]);
      expect(await index.delete([])).toBe(0);
      expect(await index.delete(["no-such-id"])).toBe(0);
    });

    it("gets records in the order asked, leaving out unknown ids", async () => {
      await load();
      const got = await index.get(["zh-water", "no-such-id", "en-moon", "ko-troops"]);
      expect(got.map((r) => r.id)).toEqual(["zh-water", "en-moon", "ko-troops"]);
      expect(await index.get([])).toEqual([]);
    });

    it("returns what went in, field for field", async () => {
      const full = factCheck({
        id: "full-record",
        claim: "A claim with every field set",
        altClaims: ["Une affirmation avec tous les champs", "모든 필드가 있는 주장"],
        title: "Every field",
        summary: "A summary with \"quotes\", <markup> & emoji 🙂",
        rating: "Pants on Fire!",
        verdict: "false",
        publisher: { name: "Example Checks" },
        url: "https://checks.example.org/fact-check/full?x=1",
        reviewDate: "2024-02-29",
        claimDate: "2024-02-01",
        claimant: "Someone",
        language: "en-GB",
        appearances: ["https://video.example.net/watch?v=abc", "https://social.example.com/p/9"],
        source: "claimreview:feed.json",
        license: "CC-BY-4.0",
      });
      const minimal = factCheck({ id: "minimal-record", claim: "Minimal" });
      await index.upsert([full, minimal]);
      expect(await index.get(["full-record", "minimal-record"])).toEqual([full, minimal]);
      const hit = (await index.search({ terms: ["affirmation"], limit: 5 }))[0];
      expect(hit?.factCheck).toEqual(full);
    });

    it("finds records by review URL or appearance URL after URL normalisation", async () => {
      await load();
      const byAppearance = await index.findByUrl("http://social.example.com/post/123/");
      expect(byAppearance.map((r) => r.id)).toEqual(["en-vaccine"]);
      const byAppearanceTracked = await index.findByUrl("https://m.social.example.com/post/123?utm_medium=x&fbclid=1");
      expect(byAppearanceTracked.map((r) => r.id)).toEqual(["en-vaccine"]);
      const byReview = await index.findByUrl("https://www.checks.example.org/fact-check/en-moon#comments");
      expect(byReview.map((r) => r.id)).toEqual(["en-moon"]);
      expect(await index.findByUrl("https://social.example.com/post/999")).toEqual([]);
      expect(await index.findByUrl("not a url")).toEqual([]);
      expect(await index.findByUrl("javascript:alert(1)")).toEqual([]);
    });

    it("finds every record sharing an appearance URL", async () => {
      const shared = "https://social.example.com/viral/1";
      await index.upsert([
        factCheck({ id: "a", claim: "First check", appearances: [shared], reviewDate: "2020-01-01" }),
        factCheck({ id: "b", claim: "Second check", appearances: [shared], reviewDate: "2021-01-01" }),
      ]);
      const found = await index.findByUrl(shared);
      expect(found.map((r) => r.id).sort()).toEqual(["a", "b"]);
    });

    it("reports stats", async () => {
      const empty = await index.stats();
      expect(empty).toEqual({ total: 0, byPublisher: {}, byLanguage: {}, byVerdict: {}, newestReviewDate: null });
      await load();
      const stats = await index.stats();
      expect(stats.total).toBe(5);
      expect(stats.byPublisher).toEqual({
        "Example Checks": 2,
        PolitiFact: 1,
        "SNU FactCheck": 1,
        "台灣事實查核中心": 1,
      });
      expect(stats.byLanguage).toEqual({ en: 3, ko: 1, "zh-TW": 1 });
      expect(stats.byVerdict).toEqual({ false: 3, "mostly-false": 2 });
      expect(stats.newestReviewDate).toBe("2022-04-27");
    });

    it("respects the limit", async () => {
      const many = Array.from({ length: 30 }, (_, i) =>
        factCheck({ id: `many-${i}`, claim: `Common marker word number ${i}` }),
      );
      await index.upsert(many);
      expect(await index.search({ terms: ["marker"], limit: 7 })).toHaveLength(7);
      expect(await index.search({ terms: ["marker"], limit: 1 })).toHaveLength(1);
      expect((await index.search({ terms: ["marker"], limit: 200 })).length).toBe(30);
    });

    it("returns [] for empty or unsearchable terms", async () => {
      await load();
      expect(await index.search({ terms: [], limit: 10 })).toEqual([]);
      expect(await index.search({ terms: ["", "   "], limit: 10 })).toEqual([]);
      expect(await index.search({ terms: ["🙂", "!!!", '"'], limit: 10 })).toEqual([]);
    });

    it("returns [] for terms nothing contains", async () => {
      await load();
      expect(await index.search({ terms: ["qwertyuiopasdf"], limit: 10 })).toEqual([]);
    });

    it("never throws on hostile terms", async () => {
      await load();
      for (const terms of HOSTILE_TERMS) {
        const hits = await index.search({ terms, limit: 10 });
        expect(Array.isArray(hits), JSON.stringify(terms).slice(0, 80)).toBe(true);
      }
      // Operator characters around a word are neutralised, the word itself still counts.
      for (const term of ["zorblax*", "-zorblax", "^zorblax", '"zorblax"', "(zorblax)"]) {
        expect(ids(await index.search({ terms: [term], limit: 10 })), term).toContain("en-vaccine");
      }
      expect(await index.count()).toBe(5);
    });

    it("finds Korean and Chinese records by a word inside a longer run", async () => {
      await load();
      expect(ids(await index.search({ terms: ["북한"], limit: 10 }))).toContain("ko-troops");
      expect(ids(await index.search({ terms: ["러시아"], limit: 10 }))).toContain("ko-troops");
      expect(ids(await index.search({ terms: ["熱水"], limit: 10 }))).toContain("zh-water");
      expect(ids(await index.search({ terms: ["新冠肺炎"], limit: 10 }))).toContain("zh-water");
    });

    it("orders hits by descending score with rank as the position", async () => {
      await load();
      const hits = await index.search({ terms: ["water", "moon", "vaccine", "flu", "microchips"], limit: 10 });
      expect(hits.length).toBeGreaterThanOrEqual(3);
      hits.forEach((hit, i) => {
        expect(hit.rank).toBe(i);
        expect(Number.isFinite(hit.score)).toBe(true);
        if (i > 0) expect(hit.score).toBeLessThanOrEqual(hits[i - 1]!.score);
      });
    });

    it("answers several queries at once, in order", async () => {
      await load();
      const results = await index.searchMany([
        { terms: ["zorblax"], limit: 5 },
        { terms: [], limit: 5 },
        { terms: ["astronauts"], limit: 5 },
      ]);
      expect(results).toHaveLength(3);
      expect(ids(results[0]!)).toEqual(["en-vaccine"]);
      expect(results[1]).toEqual([]);
      expect(ids(results[2]!)).toEqual(["en-moon"]);
    });

    if (options.relevance) {
      it("ranks a record matching more of the terms first", async () => {
        await load();
        const hits = await index.search({ terms: ["hot", "water", "flu"], limit: 10 });
        expect(hits[0]?.factCheck.id).toBe("en-water");
      });

      it("ranks a term in the claim above the same term in the summary", async () => {
        await index.upsert([
          factCheck({ id: "in-summary", claim: "Something else entirely", summary: "It mentions glimmerfish once." }),
          factCheck({ id: "in-claim", claim: "Glimmerfish can fly over mountains", summary: "A long summary." }),
        ]);
        const hits = await index.search({ terms: ["glimmerfish"], limit: 10 });
        expect(ids(hits)).toEqual(["in-claim", "in-summary"]);
        expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
      });

      it("ranks the Korean record first for a Korean query", async () => {
        await load();
        const hits = await index.search({ terms: ["북한이", "러시아에", "군대를"], limit: 10 });
        expect(hits[0]?.factCheck.id).toBe("ko-troops");
      });
    }
  });
}
