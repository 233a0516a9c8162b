import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FactCheckSchema } from "../../src/core/factcheck.ts";
import { createLookup } from "../../src/core/lookup.ts";
import type { Lookup, LookupFn } from "../../src/core/lookup-types.ts";
import { LOOKUP_CACHE_TTL_MS, memoizeLookup } from "../../src/runtime/lookup-memo.ts";
import { MemorySearchIndex } from "../../src/search/memory.ts";
import { fakeLookup, SEED_TEXT } from "../runtime/helpers.ts";

it("identical posts within the TTL share one lookup; other posts, modes, failures and expired entries do not", async () => {
  const inner = fakeLookup();
  const clock = { now: 0 };
  const lookup = memoizeLookup(inner, { ttlMs: 1_000, now: () => clock.now });
  const [a, b] = await Promise.all([lookup({ text: SEED_TEXT }, "group"), lookup({ text: SEED_TEXT }, "group")]);
  expect(a).toBe(b);
  expect(inner.calls).toHaveLength(1);
  await lookup({ text: SEED_TEXT }, "dm");
  await lookup({ text: `${SEED_TEXT}!` }, "group");
  expect(inner.calls).toHaveLength(3);
  await expect(lookup({ text: "UNAVAILABLE" }, "dm")).rejects.toThrow();
  await expect(lookup({ text: "UNAVAILABLE" }, "dm")).rejects.toThrow();
  expect(inner.calls).toHaveLength(5);
  clock.now = 1_500;
  await lookup({ text: SEED_TEXT }, "group");
  expect(inner.calls).toHaveLength(6);
});

describe("the app's memo of recent lookups (viral posts)", () => {
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
  const seed = FactCheckSchema.parse(JSON.parse(readFileSync(new URL("../fixtures/lookup/seed-afp.jsonl", import.meta.url), "utf8").trim().split("\n")[0]!));
  const post = { text: "North Korea is sending troops to Ukraine to fight for Russia, Russian state TV says" };

  it("answers a repeated post (spaces aside) without searching again, with the same outcome", async () => {
    const index = new CountingIndex();
    await index.upsert([seed]);
    const lookup = memoizeLookup(createLookup({ index }), { ttlMs: LOOKUP_CACHE_TTL_MS, max: 500 });
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
    expect(lookup.stats.size()).toBe(4);
  });

  it("forgets entries past their time and beyond its size, and never keeps an 'index unreachable' answer", async () => {
    let calls = 0;
    let outcome: Lookup["outcome"] = "rejected";
    const inner: LookupFn = async (p, mode) => {
      calls++;
      return outcome === "rejected"
        ? ({ mode, query: p.text, tookMs: 1, candidates: [], outcome, matches: [], reason: "search-unavailable" } as unknown as Lookup)
        : ({ mode, query: p.text, tookMs: 1, candidates: [], outcome: "none", matches: [] } as unknown as Lookup);
    };
    let clock = 0;
    const lookup = memoizeLookup(inner, { max: 2, ttlMs: 1000, now: () => clock });
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
  });
});
