import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzeCandidate, analyzeText, BASE_FEATURE_NAMES, computeFeatures, DATE_FEATURE_NAMES, FEATURE_NAMES, stem, withListFeatures } from "../../src/core/features.ts";
import { WINDOW_FEATURE_NAMES } from "../../src/core/window-features.ts";
import { FactCheckSchema } from "../../src/core/factcheck.ts";
import { fitLogistic, predict } from "../../src/core/model/logistic.ts";
import { defaultReranker, parseRerankerModel, rerankScore } from "../../src/core/rerank.ts";

const seed = FactCheckSchema.parse(JSON.parse(readFileSync(new URL("../fixtures/lookup/seed-afp.jsonl", import.meta.url), "utf8").trim()));
const evidence = { bestRank: 0, bestScoreNorm: 1, queryHits: 1, urlHit: false };

describe("features", () => {
  it("folds simple English suffixes", () => {
    expect(stem("troops")).toBe(stem("troop"));
    expect(stem("countries")).toBe("country");
    expect(stem("covid19")).toBe("covid19");
  });

  it("scores the same claim far above an unrelated text, in every similarity feature", () => {
    const candidate = analyzeCandidate(seed);
    const same = computeFeatures(analyzeText("North Korea decided to send troops to Ukraine, Russian state media reported"), candidate, evidence);
    const other = computeFeatures(analyzeText("Happy birthday! See you at dinner on Saturday"), candidate, evidence);
    expect(same.values).toHaveLength(BASE_FEATURE_NAMES.length + DATE_FEATURE_NAMES.length + WINDOW_FEATURE_NAMES.length);
    for (const name of ["word_cos_claim", "cover_post", "cover_claim", "char_claim"] as const) {
      const i = BASE_FEATURE_NAMES.indexOf(name);
      expect(same.values[i]!).toBeGreaterThan(other.values[i]! + 0.3);
    }
    expect(same.matchedTerms).toEqual(expect.arrayContaining(["korea", "troops", "ukraine"]));
    expect(other.matchedTerms).toEqual([]);
  });

  it("adds list features: ranks and gaps against the other candidates", () => {
    const cos = BASE_FEATURE_NAMES.indexOf("word_cos_claim");
    const base = [0.9, 0.5, 0.1].map((c) => BASE_FEATURE_NAMES.map((_, i) => (i === cos ? c : 0)));
    const full = withListFeatures(base);
    expect(full[0]).toHaveLength(FEATURE_NAMES.length);
    const rank = FEATURE_NAMES.indexOf("word_cos_rank");
    const gap = FEATURE_NAMES.indexOf("word_cos_gap");
    expect(full.map((v) => v[rank])).toEqual([1, 1 / 2, 1 / 3]);
    expect(full[0]![gap]).toBeCloseTo(0.4);
    expect(full[1]![gap]).toBeCloseTo(-0.4);
  });
});

describe("logistic model and the shipped reranker", () => {
  it("fits a separable toy problem", () => {
    const xs = Array.from({ length: 200 }, (_, i) => [i / 200, (i * 7) % 13]);
    const ys = xs.map(([a]) => (a! > 0.5 ? 1 : 0));
    const model = fitLogistic(["a", "noise"], xs, ys, { l2: 1e-4 });
    expect(predict(model, [0.9, 3])).toBeGreaterThan(0.9);
    expect(predict(model, [0.1, 3])).toBeLessThan(0.1);
  });

  it("ships a reranker.json that fits the feature list, and scores within 0..1", () => {
    const file = JSON.parse(readFileSync(new URL("../../src/core/model/reranker.json", import.meta.url), "utf8")) as unknown;
    expect(parseRerankerModel(file)).not.toBeNull();
    expect(parseRerankerModel({ ranker: { features: ["x"] } })).toBeNull();
    const model = defaultReranker();
    const p = rerankScore(FEATURE_NAMES.map(() => 0.5), model);
    expect(p).toBeGreaterThanOrEqual(0);
    expect(p).toBeLessThanOrEqual(1);
  });
});
