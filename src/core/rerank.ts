import { readFileSync } from "node:fs";
import { FEATURE_NAMES } from "./features.ts";
import { predict, type LogisticModel } from "./model/logistic.ts";

/**
 * Fallback weights (standardised space) used only when model/reranker.json is missing or does not fit the current
 * feature list: text similarity dominates, the backend rank helps.
 */
const FALLBACK_MODEL: LogisticModel = {
  features: [...FEATURE_NAMES],
  mean: FEATURE_NAMES.map(() => 0),
  std: FEATURE_NAMES.map(() => 1),
  weights: FEATURE_NAMES.map((name) =>
    name === "word_cos_claim" ? 6 : name === "cover_claim" ? 3 : name === "char_claim" ? 3 : name === "url_hit" ? 4 : 0,
  ),
  bias: -5,
};

let cached: LogisticModel | undefined;

/** Parses and checks a model file: its feature list must be exactly `FEATURE_NAMES`. */
export function parseRerankerModel(json: unknown): LogisticModel | null {
  if (typeof json !== "object" || json === null) return null;
  const m = json as Partial<LogisticModel>;
  const ok =
    Array.isArray(m.features) &&
    m.features.length === FEATURE_NAMES.length &&
    m.features.every((f, i) => f === FEATURE_NAMES[i]) &&
    [m.mean, m.std, m.weights].every((a) => Array.isArray(a) && a.length === FEATURE_NAMES.length) &&
    typeof m.bias === "number";
  return ok ? (m as LogisticModel) : null;
}

/** The shipped reranker (src/core/model/reranker.json, trained by scripts/train-reranker.ts), cached. */
export function defaultReranker(): LogisticModel {
  if (cached) return cached;
  try {
    const parsed = parseRerankerModel(JSON.parse(readFileSync(new URL("./model/reranker.json", import.meta.url), "utf8")));
    cached = parsed ?? FALLBACK_MODEL;
  } catch {
    cached = FALLBACK_MODEL;
  }
  return cached;
}

/** Calibrated probability (0..1) that a candidate with these features addresses the post's claim. */
export function rerankScore(values: readonly number[], model: LogisticModel = defaultReranker()): number {
  const p = predict(model, values);
  return Number.isFinite(p) ? p : 0;
}
