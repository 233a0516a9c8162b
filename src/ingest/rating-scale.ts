import type { Verdict } from "../core/factcheck.ts";

/** Schema.org's default ends of a ClaimReview rating scale (Google's guidance: 1 = false … 5 = true). */
export const DEFAULT_WORST_RATING = 1;
export const DEFAULT_BEST_RATING = 5;

/** Five words for five equal bands of the scale, worst first, with the verdict each stands for. */
const BANDS: ReadonlyArray<{ word: string; verdict: Verdict }> = [
  { word: "False", verdict: "false" },
  { word: "Mostly False", verdict: "mostly-false" },
  { word: "Mixture", verdict: "mixed" },
  { word: "Mostly True", verdict: "mostly-true" },
  { word: "True", verdict: "true" },
];

/**
 * Maps a numeric rating onto a rating word by its position on the publisher's scale (worst..best, which may run
 * either way), in five equal bands. Undefined when the numbers do not make a scale or the value lies outside it.
 */
export function ratingFromScale(
  value: number,
  best: number = DEFAULT_BEST_RATING,
  worst: number = DEFAULT_WORST_RATING,
): { word: string; verdict: Verdict } | undefined {
  if (best === worst) return undefined;
  const position = (value - worst) / (best - worst);
  if (!Number.isFinite(position) || position < 0 || position > 1) return undefined;
  const band = Math.min(BANDS.length - 1, Math.floor(position * BANDS.length));
  return BANDS[band];
}
