import type { Mode, ScoredMatch } from "./lookup-types.ts";

/** The score bounds of one mode. Scores are the reranker's calibrated probabilities (0..1). */
export interface ModeThresholds {
  /** `matches[0]` must score at least this for `match`. */
  match: number;
  /** Below `match`, candidates scoring at least this make `related` (Infinity: never `related`). */
  related: number;
  /** Next to a match, other fact-checks scoring at least this are shown as further matches. */
  extra: number;
}

/**
 * Named thresholds per mode, tuned on CheckThat dev/devtest with `claimbot eval --holdout` (never on test).
 * `group` is stricter: the bot speaks unasked there, so it stays silent unless sure, and never says `related`.
 */
export const DECISION_THRESHOLDS: Readonly<Record<Mode, ModeThresholds>> = {
  // dm: on 2022-2a-en dev (holdout 0.5, seed 1) precision 0.93, match recall 0.61, false-match rate 1.6%.
  dm: { match: 0.4, related: 0.15, extra: 0.4 },
  // group: false-match rate 0 on 2022-2a-en dev and devtest holdouts (seed 1), match recall 0.54 / 0.28.
  group: { match: 0.7, related: Number.POSITIVE_INFINITY, extra: 0.7 },
};

/** At most this many fact-checks besides the first are shown (match extras or related ones). */
export const MAX_EXTRA_MATCHES = 3;

/** The decision on a reranked candidate list (best first). */
export type Decision =
  | { outcome: "match"; matches: ScoredMatch[] }
  | { outcome: "related"; matches: ScoredMatch[] }
  | { outcome: "none"; matches: [] };

/** Decides `match | related | none` from reranked candidates. Pure; `thresholds` defaults to the mode's named ones. */
export function decide(ranked: readonly ScoredMatch[], mode: Mode, thresholds: ModeThresholds = DECISION_THRESHOLDS[mode]): Decision {
  const top = ranked[0];
  if (!top) return { outcome: "none", matches: [] };
  if (top.score >= thresholds.match || (top.urlHit && top.score >= thresholds.extra)) {
    const extras = ranked.slice(1).filter((c) => c.score >= thresholds.extra).slice(0, MAX_EXTRA_MATCHES);
    return { outcome: "match", matches: [top, ...extras] };
  }
  if (top.score >= thresholds.related) {
    return { outcome: "related", matches: ranked.filter((c) => c.score >= thresholds.related).slice(0, 1 + MAX_EXTRA_MATCHES) };
  }
  return { outcome: "none", matches: [] };
}
