import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { charGramSet, commonGrams, gramCosine } from "../../src/core/char-grams.ts";
import { analyzeCandidate, analyzeText, candidateCacheStats, clearCandidateCache, CANDIDATE_CACHE_BYTES, SEEN_PART_KEYS, type TextAnalysis } from "../../src/core/features.ts";
import { defaultIdf } from "../../src/core/model/idf.ts";
import { FactCheckSchema } from "../../src/core/factcheck.ts";
import { cjkBigrams, EN_STOPWORDS, isCjk, tokenize } from "../../src/core/text.ts";
import { stem } from "../../src/core/features.ts";

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
  it("count the same distinct grams as strings, in every script, without duplicates", () => {
    for (const text of TEXTS) {
      const tokens = tokenize(text);
      const keys = charGramSet(tokens);
      expect(keys.length).toBe(stringGrams(tokens).size);
      expect(new Set(keys).size).toBe(keys.length);
    }
    // A text longer than the scratch table's first size, with repeats.
    const long = tokenize(Array.from({ length: 900 }, (_, i) => `w${i % 700}`).join(" "));
    expect(charGramSet(long).length).toBe(stringGrams(long).size);
  });

  it("give the cosine of the string sets, exactly", () => {
    for (const a of TEXTS) {
      for (const b of TEXTS) {
        const [ta, tb] = [tokenize(a), tokenize(b)];
        expect(gramCosine(charGramSet(ta), charGramSet(tb))).toBe(stringCosine(stringGrams(ta), stringGrams(tb)));
      }
    }
  });

  it("intersect in any order, whichever set is the larger", () => {
    const small = Float64Array.from([3, 9, 20]);
    const big = Float64Array.from(Array.from({ length: 100 }, (_, i) => i * 3));
    expect(commonGrams(small, big)).toBe(2); // 3 and 9; 20 is not a multiple of 3
    expect(commonGrams(big, small)).toBe(2);
    expect(commonGrams(Float64Array.from([1, 2, 3]), Float64Array.from([2, 3, 4]))).toBe(2);
    expect(commonGrams(new Float64Array(0), big)).toBe(0);
    expect(commonGrams(big, new Float64Array(0))).toBe(0);
    expect(commonGrams(Float64Array.from([9, 3, 20]), Float64Array.from([20, 4, 3]))).toBe(2);
  });
});

describe("stem bigrams as numeric keys", () => {
  /** The former string implementation: "stem stem" strings of consecutive weighted stems. */
  function stringBigrams(text: string): Set<string> {
    const stems: string[] = [];
    for (const token of tokenize(text)) {
      for (const piece of isCjk(token) ? cjkBigrams(token) : [token]) {
        if (EN_STOPWORDS.has(piece) || (piece.length < 2 && !/\d/.test(piece))) continue;
        stems.push(isCjk(token) && isCjk(piece) ? piece : stem(piece));
      }
    }
    const out = new Set<string>();
    for (let i = 0; i + 1 < stems.length; i++) out.add(`${stems[i]} ${stems[i + 1]}`);
    return out;
  }
  const MORE = [...TEXTS, "troops troops troops to Ukraine troops to Ukraine", "Pelosi arrested for plotting a coup; Warren arrested for plotting a coup"];

  it("count the distinct bigrams and the ones two texts share as the strings did", () => {
    for (const a of MORE) {
      const ka = analyzeText(a).bigrams;
      expect(ka.length).toBe(stringBigrams(a).size);
      for (const b of MORE) {
        const sa = stringBigrams(a);
        const sb = stringBigrams(b);
        expect(commonGrams(ka, analyzeText(b).bigrams)).toBe([...sa].filter((x) => sb.has(x)).length);
      }
    }
  });
});

describe("CJK runs in the analysis", () => {
  /** The weighted stems and pieces as the word-info path gives every piece (the reference of the CJK-run shortcut). */
  function reference(text: string, idf = defaultIdf()): { weights: Array<[string, number]>; pieces: string[] } {
    const weights = new Map<string, number>();
    const pieces: string[] = [];
    for (const token of tokenize(text)) {
      const cjkToken = isCjk(token);
      for (const piece of cjkToken ? cjkBigrams(token) : [token]) {
        pieces.push(piece);
        const digit = /\d/.test(piece);
        if (EN_STOPWORDS.has(piece) || (piece.length < 2 && !digit)) continue;
        const cjk = cjkToken && isCjk(piece);
        const s = cjk ? piece : stem(piece);
        const w = cjk ? idf.maxIdf * 0.8 : idf.idf(piece);
        const before = weights.get(s);
        if (before === undefined || w > before) weights.set(s, w);
      }
    }
    return { weights: [...weights], pieces };
  }
  const CJK_TEXTS = [
    ...TEXTS,
    "中",
    "中 文 中文",
    "𠀀𠀁中 𠀀", // astral Han: a one-character run of two code units is a piece
    "abc中文 中文abc ab中 1中2文 中文123中文",
    "ｶﾀｶﾅ テスト 한국어 北韓 派兵 北韓派兵",
    "文內為學者們的意見。另外一種意見是，經濟、房價、人口增長",
  ];

  it("weighs each bigram of a run and keeps its pieces as the word-info path does, mixed words included", () => {
    for (const text of CJK_TEXTS) {
      const ref = reference(text);
      const analysis = analyzeText(text, defaultIdf(), { tokenSet: false });
      expect([...analysis.weights]).toEqual(ref.weights);
      expect(analysis.pieces).toEqual(ref.pieces);
      expect([...analyzeText(text).tokens]).toEqual([...new Set(ref.pieces)]);
    }
  });

  it("cuts a run into bigrams by characters, astral ones whole", () => {
    expect(cjkBigrams("北韓派兵")).toEqual(["北韓", "韓派", "派兵"]);
    expect(cjkBigrams("中")).toEqual(["中"]);
    expect(cjkBigrams("")).toEqual([]);
    expect(cjkBigrams("𠀀𠀁中")).toEqual(["𠀀𠀁", "𠀁中"]);
    expect(cjkBigrams("𠀀")).toEqual(["𠀀"]);
  });
});

describe("candidate analysis cache", () => {
  const seed = FactCheckSchema.parse(
    JSON.parse(readFileSync(new URL("../fixtures/lookup/seed-afp.jsonl", import.meta.url), "utf8").trim()),
  );
  /** An analysis with its sets and maps as plain arrays, for deep equality. */
  const plain = (t: TextAnalysis) => ({ ...t, weights: [...t.weights], bigrams: [...t.bigrams], numbers: [...t.numbers], names: [...t.names], tokens: [...t.tokens], grams: [...t.grams] });

  it("keeps a text from its second analysis, reuses it for an unchanged record, re-analyses a changed text, and stays within its bytes", () => {
    clearCandidateCache();
    const latin = { ...seed, altClaims: [] }; // the seed's other wordings are Korean, kept at first sight (next test)
    const first = analyzeCandidate(latin);
    expect(candidateCacheStats().entries).toBe(0); // seen once: noted, not kept
    const second = analyzeCandidate(latin);
    expect(second.claims[0]).not.toBe(first.claims[0]);
    expect(plain(second.claims[0]!)).toEqual(plain(first.claims[0]!));
    const again = analyzeCandidate(latin);
    expect(again.claims[0]).toBe(second.claims[0]);
    expect(again.title).toBe(second.title);
    const changed = analyzeCandidate({ ...latin, claim: `${seed.claim} again` });
    expect(changed.claims[0]).not.toBe(second.claims[0]);
    expect(changed.title).toBe(second.title); // same title text: kept since its second analysis
    const stats = candidateCacheStats();
    expect(stats.entries).toBeGreaterThan(0);
    expect(stats.bytes).toBeGreaterThan(0);
    expect(stats.bytes).toBeLessThanOrEqual(CANDIDATE_CACHE_BYTES);
  });

  it("gives from the cache what a fresh analysis gives", () => {
    clearCandidateCache();
    const cached = analyzeCandidate(seed);
    analyzeCandidate(seed);
    // Another table object with the same IDFs: never cached, so analysed afresh.
    const same = { maxIdf: defaultIdf().maxIdf, idf: (w: string) => defaultIdf().idf(w) };
    const fresh = analyzeCandidate(seed, same);
    expect(cached.claims.map(plain)).toEqual(fresh.claims.map(plain));
    expect(plain(cached.title)).toEqual(plain(fresh.title));
    const whole = analyzeText([seed.claim, seed.title ?? "", seed.summary ?? "", seed.claimant ?? ""].join(" \n "), defaultIdf(), { grams: false, names: false, bigrams: false });
    for (const s of whole.weights.keys()) expect(cached.all.hasStem(s)).toBe(true);
    for (const t of whole.tokens) expect(cached.all.hasToken(t)).toBe(true);
    for (const n of whole.numbers) expect(cached.all.hasNumber(n)).toBe(true);
    expect(cached.all.hasStem("zzzunseen")).toBe(false);
    expect(cached.all.hasToken("zzzunseen")).toBe(false);
    const some = new Set([...whole.tokens].slice(0, 3));
    expect(cached.all.countTokens(new Set([...some, "zzzunseen"]))).toBe(some.size);
    expect(analyzeCandidate(seed).all.countTokens(new Set())).toBe(0);
  });

  it("drops the least recently used texts past its byte bound, never the ones just used", () => {
    clearCandidateCache();
    const big = "word ".repeat(250);
    let n = 0;
    // Each text twice: kept from its second analysis.
    const twice = (record: typeof seed) => (analyzeCandidate(record), analyzeCandidate(record));
    while (candidateCacheStats().bytes < CANDIDATE_CACHE_BYTES * 0.9) {
      twice({ ...seed, id: `x${n}`, claim: `${big} ${n}`, title: `title ${n}`, summary: `${n}` });
      n++;
    }
    const kept = twice(seed).claims[0];
    expect(analyzeCandidate(seed).claims[0]).toBe(kept);
    for (let i = 0; i < 2 * n; i++) twice({ ...seed, id: `y${i}`, claim: `${big} y${i}`, title: `title y${i}`, summary: `y${i}` });
    expect(candidateCacheStats().bytes).toBeLessThanOrEqual(CANDIDATE_CACHE_BYTES);
    expect(analyzeCandidate(seed).claims[0]).not.toBe(kept); // evicted by the newer texts
    const last = analyzeCandidate({ ...seed, id: `y${2 * n - 1}`, claim: `${big} y${2 * n - 1}`, title: `title y${2 * n - 1}`, summary: `y${2 * n - 1}` });
    expect(analyzeCandidate({ ...seed, id: "z", claim: `${big} y${2 * n - 1}` }).claims[0]).toBe(last.claims[0]);
  });

  it("keeps a text in a CJK script from its first analysis", () => {
    clearCandidateCache();
    const chinese = analyzeCandidate({ ...seed, id: "zh", claim: "朝鲜向乌克兰派兵", altClaims: [], title: "朝鲜派兵传言" });
    expect(candidateCacheStats().entries).toBe(2); // claim and title; the lean text (the seed's English summary) is only noted
    expect(analyzeCandidate({ ...seed, id: "zh2", claim: "朝鲜向乌克兰派兵", altClaims: [], title: "朝鲜派兵传言" }).claims[0]).toBe(chinese.claims[0]);
  });

  it("keeps none of many texts analysed once each, and forgets what it saw past SEEN_PART_KEYS", () => {
    clearCandidateCache();
    for (let i = 0; i < 3000; i++) {
      analyzeCandidate({ ...seed, id: `once${i}`, claim: `claim once ${i}`, altClaims: [], title: `title once ${i}`, summary: `summary once ${i}` });
    }
    expect(candidateCacheStats()).toEqual({ entries: 0, bytes: 0 });
    // Seen, then more distinct texts than the bound: the first is forgotten, so its next analysis is a first sight again.
    const early = { ...seed, id: "early", claim: "an early claim", altClaims: [], title: "an early title" };
    analyzeCandidate(early);
    const keysPerRecord = 3; // claim, title, lean
    for (let i = 0; i < SEEN_PART_KEYS / keysPerRecord + 1; i++) {
      analyzeCandidate({ ...seed, id: `n${i}`, claim: `c${i}`, altClaims: [], title: `t${i}`, summary: `s${i}` });
    }
    const before = candidateCacheStats().entries;
    analyzeCandidate(early);
    expect(candidateCacheStats().entries).toBe(before);
  });
});
