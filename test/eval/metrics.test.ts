import { describe, expect, it } from "vitest";
import { averagePrecisionAtK, meanAveragePrecisionAtK, meanRecallAtK, quantile, recallAtK } from "../../src/eval/metrics.ts";

describe("MAP@k (official CheckThat definition)", () => {
  it("scores a relevant claim at rank 1 as 1 and at rank 3 as 1/3", () => {
    expect(averagePrecisionAtK(["a", "x", "y"], new Set(["a"]), 5)).toBe(1);
    expect(averagePrecisionAtK(["x", "y", "a"], new Set(["a"]), 5)).toBeCloseTo(1 / 3);
    expect(averagePrecisionAtK(["x", "y", "a"], new Set(["a"]), 2)).toBe(0);
  });

  it("divides by the total number of relevant claims (a query with two relevant claims)", () => {
    // ranks 1 and 3 relevant: (1/1 + 2/3) / 2
    expect(averagePrecisionAtK(["a", "x", "b"], new Set(["a", "b"]), 5)).toBeCloseTo((1 + 2 / 3) / 2);
    // only one of the two found in the top k: 1/2
    expect(averagePrecisionAtK(["a", "x", "y"], new Set(["a", "b"]), 3)).toBeCloseTo(0.5);
  });

  it("scores 0 for a query with no results, and averages over every query of the qrels", () => {
    expect(averagePrecisionAtK([], new Set(["a"]), 5)).toBe(0);
    const map = meanAveragePrecisionAtK(
      [
        { ranked: ["a"], relevant: new Set(["a"]) },
        { ranked: [], relevant: new Set(["b"]) },
        { ranked: ["x", "c"], relevant: new Set(["c"]) },
      ],
      5,
    );
    expect(map).toBeCloseTo((1 + 0 + 0.5) / 3);
    expect(meanAveragePrecisionAtK([], 5)).toBe(0);
  });

  it("does not count a duplicated id twice", () => {
    expect(averagePrecisionAtK(["a", "a", "b"], new Set(["a", "b"]), 5)).toBeCloseTo((1 + 2 / 3) / 2);
  });
});

describe("Recall@k and quantiles", () => {
  it("counts the share of relevant claims in the top k", () => {
    expect(recallAtK(["a", "x", "b"], new Set(["a", "b"]), 1)).toBe(0.5);
    expect(recallAtK(["a", "x", "b"], new Set(["a", "b"]), 3)).toBe(1);
    expect(recallAtK([], new Set(["a"]), 5)).toBe(0);
    expect(meanRecallAtK([{ ranked: ["a"], relevant: new Set(["a"]) }, { ranked: [], relevant: new Set(["b"]) }], 5)).toBe(0.5);
  });

  it("takes nearest-rank quantiles", () => {
    expect(quantile([5, 1, 3, 2, 4], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4], 0.99)).toBe(4);
    expect(quantile([], 0.5)).toBe(0);
  });
});
