import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { charGramSet, commonGrams, gramCosine } from "../../src/core/char-grams.ts";
import { analyzeCandidate, candidateCacheStats, CANDIDATE_CACHE_BYTES } from "../../src/core/features.ts";
import { FactCheckSchema } from "../../src/core/factcheck.ts";
import { tokenize } from "../../src/core/text.ts";

/** The former string implementation, as the reference the numeric keys must reproduce. */
function stringGrams(tokens: readonly string[]): Set<string> {
  const chars = Array.from(` ${tokens.join(" ")} `);
  const grams = new Set<string>();
  for (let i = 0; i + 4 <= chars.length; i++) grams.add(chars.slice(i, i + 4).join(""));
  return grams;
}

function stringCosine(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let common = 0;
  for (const g of a) if (b.has(g)) common++;
  return common / Math.sqrt(a.size * b.size);
}

const TEXTS = [
  "North Korea decided to send troops to Ukraine, Russian state media reported",
  "Russian state media: North Korea sends 10,000 troops to Ukraine",
  "북한이 우크라이나에 파병을 결정했다고 러시아 국영 언론이 보도했다",
  "北韓決定派兵烏克蘭，俄羅斯官媒報導",
  "Ελλάδα και Κύπρος: η κυβέρνηση αποφάσισε",
  "Vaccines 💉 cause autism 🧠 says viral post 😱😱",
  "abc中文mixed токен",
  "",
  "a",
];

describe("character n-gram sets", () => {
  it("count the same distinct grams as strings, in every script, sorted without duplicates", () => {
    for (const text of TEXTS) {
      const tokens = tokenize(text);
      const keys = charGramSet(tokens);
      expect(keys.length).toBe(stringGrams(tokens).size);
      for (let i = 1; i < keys.length; i++) expect(keys[i]!).toBeGreaterThan(keys[i - 1]!);
    }
  });

  it("give the cosine of the string sets, exactly", () => {
    for (const a of TEXTS) {
      for (const b of TEXTS) {
        const [ta, tb] = [tokenize(a), tokenize(b)];
        expect(gramCosine(charGramSet(ta), charGramSet(tb))).toBe(stringCosine(stringGrams(ta), stringGrams(tb)));
      }
    }
  });

  it("intersect by merge and by binary search alike", () => {
    const small = Float64Array.from([3, 9, 20]);
    const big = Float64Array.from(Array.from({ length: 100 }, (_, i) => i * 3));
    expect(commonGrams(small, big)).toBe(2); // 3 and 9; 20 is not a multiple of 3
    expect(commonGrams(big, small)).toBe(2);
    expect(commonGrams(Float64Array.from([1, 2, 3]), Float64Array.from([2, 3, 4]))).toBe(2);
    expect(commonGrams(new Float64Array(0), big)).toBe(0);
  });
});

describe("candidate analysis cache", () => {
  it("returns the cached analysis for an unchanged record, re-analyses a changed one, and stays within its bytes", () => {
    const seed = FactCheckSchema.parse(
      JSON.parse(readFileSync(new URL("../fixtures/lookup/seed-afp.jsonl", import.meta.url), "utf8").trim()),
    );
    const first = analyzeCandidate(seed);
    expect(analyzeCandidate(seed)).toBe(first);
    const changed = analyzeCandidate({ ...seed, claim: `${seed.claim} again` });
    expect(changed).not.toBe(first);
    const stats = candidateCacheStats();
    expect(stats.entries).toBeGreaterThan(0);
    expect(stats.bytes).toBeGreaterThan(0);
    expect(stats.bytes).toBeLessThanOrEqual(CANDIDATE_CACHE_BYTES);
  });
});
