import { readFileSync } from "node:fs";
import { FEATURE_NAMES } from "./features.ts";
import { predict, type LogisticModel } from "./model/logistic.ts";

/**
 * The reranker: two logistic models on the same feature vector (FEATURE_NAMES).
 * - `ranker` orders the candidates of a post (fitted on train queries whose gold is in the index: best MAP);
 * - `confidence` gives the calibrated probability shown as `score` and used by `decide` (fitted on the same queries
 *   plus the same queries re-run with their gold removed, so it learns when to abstain).
 */
export interface RerankerModel {
  ranker: LogisticModel;
  confidence: LogisticModel;
}

/**
 * Fallback weights (standardised space) used only when model/reranker.json is missing or does not fit the current
 * feature list: text similarity dominates, the backend rank helps.
 */
const FALLBACK: LogisticModel = {
  features: [...FEATURE_NAMES],
  mean: FEATURE_NAMES.map(() => 0),
  std: FEATURE_NAMES.map(() => 1),
  weights: FEATURE_NAMES.map((name) =>
    name === "word_cos_claim" ? 6 : name === "cover_claim" ? 3 : name === "char_claim" ? 3 : name === "url_hit" ? 4 : 0,
  ),
  bias: -5,
};
const FALLBACK_MODEL: RerankerModel = { ranker: FALLBACK, confidence: FALLBACK };

let cached: RerankerModel | undefined;

function parseLogistic(json: unknown): LogisticModel | null {
  if (typeof json !== "object" || json === null) return null;
  const m = json as Partial<LogisticModel>;
  const n = Array.isArray(m.features) ? m.features.length : -1;
  const ok =
    Array.isArray(m.features) &&
    n <= FEATURE_NAMES.length &&
    m.features.every((f, i) => f === FEATURE_NAMES[i]) &&
    [m.mean, m.std, m.weights].every((a) => Array.isArray(a) && a.length === n) &&
    typeof m.bias === "number";
  if (!ok) return null;
  // A model of an older, shorter feature list still works: the features added since weigh 0.
  const pad = (values: number[], fill: number) => [...values, ...FEATURE_NAMES.slice(n).map(() => fill)];
  return { features: [...FEATURE_NAMES], mean: pad(m.mean!, 0), std: pad(m.std!, 1), weights: pad(m.weights!, 0), bias: m.bias! };
}

/** Parses and checks a model file: both models must use `FEATURE_NAMES` (or a prefix of it, padded with 0 weights). */
export function parseRerankerModel(json: unknown): RerankerModel | null {
  if (typeof json !== "object" || json === null) return null;
  const file = json as { ranker?: unknown; confidence?: unknown };
  const ranker = parseLogistic(file.ranker);
  const confidence = parseLogistic(file.confidence);
  return ranker && confidence ? { ranker, confidence } : null;
}

/** The shipped reranker (src/core/model/reranker.json, trained by scripts/train-reranker.ts), cached. */
export function defaultReranker(): RerankerModel {
  if (cached) return cached;
  try {
    const parsed = parseRerankerModel(JSON.parse(readFileSync(new URL("./model/reranker.json", import.meta.url), "utf8")));
    cached = parsed ?? FALLBACK_MODEL;
  } catch {
    cached = FALLBACK_MODEL;
  }
  return cached;
}

function safe(p: number): number {
  return Number.isFinite(p) ? p : 0;
}

/** Ranking score of a candidate (only its order among the post's candidates matters). */
export function rankScore(values: readonly number[], model: RerankerModel = defaultReranker()): number {
  return safe(predict(model.ranker, values));
}

/** Calibrated probability (0..1) that a candidate with these features addresses the post's claim. */
export function rerankScore(values: readonly number[], model: RerankerModel = defaultReranker()): number {
  return safe(predict(model.confidence, values));
}
