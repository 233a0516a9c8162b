import { defaultIdf } from "./model/idf.ts";
import { analyzeText, cosine, coverage, type TextAnalysis } from "./features.ts";

/**
 * Features of the part of a post that best states a candidate's claim. A forwarded post is long and noisy (OCR text,
 * a caption, several claims): the whole-post similarities fall although one sentence says the claim word for word.
 * They also see a post that shares a claim's frame but says something else: both sides keep a rare word the other
 * lacks ("Putin calls me brilliant" / "Obama called Putin a jackass").
 */
export const WINDOW_FEATURE_NAMES = [
  "window_cos", // best IDF-weighted cosine of a post window (sentence or two) with the claim
  "window_cover", // share of that window's stem weight found in the claim (the window restates the claim)
  "window_claim_cover", // share of the claim's stem weight found in that window
  "rare_unmatched", // (rarest window word missing from the claim) × (rarest claim word missing from the window), IDF / max
] as const;

/** At most this many windows are compared (sentences first, then pairs of adjacent sentences). */
export const MAX_POST_WINDOWS = 12;

/** The windows of a post: each claim sentence and each pair of adjacent ones (none for a one-sentence post). */
export function postWindows(sentences: readonly string[]): TextAnalysis[] {
  if (sentences.length < 2) return [];
  const texts = [...sentences];
  for (let i = 0; i + 1 < sentences.length; i++) texts.push(`${sentences[i]} ${sentences[i + 1]}`);
  const lean = { grams: false, names: false, bigrams: false } as const;
  return texts.slice(0, MAX_POST_WINDOWS).map((t) => analyzeText(t, defaultIdf(), lean));
}

const HAS_DIGIT = /\d/;

function rarestMissing(of: TextAnalysis, inside: TextAnalysis): number {
  let best = 0;
  const weights = inside.weights;
  for (const stem of of.weights.keys()) {
    const weight = of.weights.get(stem)!;
    if (weight > best && !weights.has(stem) && !HAS_DIGIT.test(stem)) best = weight;
  }
  return best;
}

/** `WINDOW_FEATURE_NAMES` values of the best window against `claim` (the wording closest to the post). */
export function windowFeatureValues(
  windows: readonly TextAnalysis[],
  claim: TextAnalysis,
  /** With one window: its `cosine` with the claim and `coverage(claim, window)` when the caller has them already. */
  known?: { cos: number; claimCover: number },
): number[] {
  let best = windows[0]!;
  let bestCos = -1;
  if (known && windows.length === 1) bestCos = known.cos;
  else {
    for (const w of windows) {
      const cos = cosine(w, claim);
      if (cos > bestCos) {
        best = w;
        bestCos = cos;
      }
    }
  }
  const max = defaultIdf().maxIdf;
  return [
    Math.max(0, bestCos),
    coverage(best, claim),
    known && windows.length === 1 ? known.claimCover : coverage(claim, best),
    (rarestMissing(best, claim) / max) * (rarestMissing(claim, best) / max),
  ];
}
