import { describe, expect, it } from "vitest";
import { cachedLookup } from "../../src/core/lookup-cache.ts";
import { createLookup } from "../../src/core/lookup.ts";
import type { Lookup, LookupFn } from "../../src/core/lookup-types.ts";
import { MemorySearchIndex } from "../../src/search/memory.ts";
import { FactCheckSchema } from "../../src/core/factcheck.ts";
import { readFileSync } from "node:fs";

const seed = FactCheckSchema.parse(JSON.parse(readFileSync(new URL("../fixtures/lookup/seed-afp.jsonl", import.meta.url), "utf8").trim().split("\n")[0]!));

/** A memory index that counts its searches (the port boundary). */
class CountingIndex extends MemorySearchIndex {
  searches = 0;
  override async searchMany(...args: Parameters<MemorySearchIndex["searchMany"]>) {
    this.searches++;
    return super.searchMany(...args);
  }
  override async search(...args: Parameters<MemorySearchIndex["search"]>) {
    this.searches++;
    return super.search(...args);
  }
}

describe("cachedLookup", () => {
  const post = { text: "North Korea is sending troops to Ukraine to fight for Russia, Russian state TV says" };

  it("answers a repeated post (spaces aside) from the cache, with the same outcome, without searching again", async () => {
    const index = new CountingIndex();
    await index.upsert([seed]);
    const lookup = cachedLookup(createLookup({ index }));
    const first = await lookup(post, "dm");
    const searched = index.searches;
    expect(first.outcome).toBe("match");
    expect(searched).toBeGreaterThan(0);
    const again = await lookup({ text: `  ${post.text.replace(/ /g, "  ")}\n` }, "dm");
    expect(index.searches).toBe(searched);
    expect(again.outcome).toBe("match");
    expect(again.matches[0]?.factCheck.id).toBe(seed.id);
    expect(lookup.stats.hits).toBe(1);
    // Another mode, language hint or URL is another lookup.
    await lookup(post, "group");
    await lookup({ ...post, lang: "ko" }, "dm");
    await lookup({ ...post, urls: ["https://example.org/a"] }, "dm");
    expect(lookup.stats.misses).toBe(4);
  });

  it("forgets entries past their time and beyond its size, and never keeps a rejected lookup", async () => {
    let calls = 0;
    let outcome: Lookup["outcome"] = "rejected";
    const inner: LookupFn = async (p, mode) => {
      calls++;
      return outcome === "rejected"
        ? ({ mode, query: p.text, tookMs: 1, candidates: [], outcome, matches: [], reason: "search-unavailable" } as unknown as Lookup)
        : ({ mode, query: p.text, tookMs: 1, candidates: [], outcome: "none", matches: [] } as unknown as Lookup);
    };
    let clock = 0;
    const lookup = cachedLookup(inner, { entries: 2, ttlMs: 1000, now: () => clock });
    await lookup({ text: "a" }, "dm");
    await lookup({ text: "a" }, "dm");
    expect(calls).toBe(2);
    outcome = "none";
    await lookup({ text: "a" }, "dm");
    await lookup({ text: "a" }, "dm");
    expect(calls).toBe(3);
    clock = 1001;
    await lookup({ text: "a" }, "dm");
    expect(calls).toBe(4);
    await lookup({ text: "b" }, "dm");
    await lookup({ text: "c" }, "dm");
    expect(lookup.stats.size()).toBe(2);
    await lookup({ text: "a" }, "dm");
    expect(calls).toBe(7);
    expect((await cachedLookup(inner, { entries: 0 })({ text: "a" }, "dm")).outcome).toBe("none");
  });
});
