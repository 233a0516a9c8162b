import type { Mode, ScoredMatch } from "./lookup-types.ts";

/** The score bounds of one mode. Scores are the reranker's calibrated probabilities (0..1). */
export interface ModeThresholds {
  /** `matches[0]` must score at least this for `match`. */
  match: number;
  /** Below `match`, candidates scoring at least this make `related` (Infinity: never `related`). */
  related: number;
  /** Next to a match, other fact-checks scoring at least this are shown as further matches. */
  extra: number;
  /**
   * Below `related`, a first candidate that stands out (`ScoredMatch.standsOut`) and scores at least this is still
   * shown as `related` on its own (absent or Infinity: never).
   */
  standout?: number;
}

/**
 * Named thresholds per mode, tuned on CheckThat dev/devtest with `claimbot eval --holdout` (never on test).
 * `group` is stricter: the bot speaks unasked there, so it stays silent unless sure, and never says `related`.
 */
export const DECISION_THRESHOLDS: Readonly<Record<Mode, ModeThresholds>> = {
  // dm: 2022-2a-en dev / devtest holdout 0.5 (seeds 1, 2): false-match rate 0–3.1%, match recall 0.40–0.60.
  // `related` 0.04 (was 0.12): a right first candidate on a long, noisy post or a paraphrase is often scored
  // 0.04–0.12 (identity dev sets: paraphrases answered 77% → 82%, noisy posts 50% → 64%); of 35 chit-chat DMs, 2 get
  // `related` at 0.04, the same 2 as at 0.05 (the next highest scores 0.036).
  // `standout` 0.01: a long, noisy post whose fact-check the ranker puts far ahead of every other candidate is often
  // scored 0.01–0.04 (its words are mostly other text); measured on the identity dev set, 26 more noisy posts get their
  // right fact-check as `related` and none a wrong one; on CheckThat 2022-2a-en dev/devtest 19 more right and 1
  // wrong, and with half the gold held out (seeds 1, 2) 12 more right and 23 wrong (34%: all `related` answers there
  // are right 33–39% of the time, those scored 0.04–0.08 23%); no chit-chat message of the bench's 109 gets one
  // (docs/eval.md).
  dm: { match: 0.35, related: 0.04, extra: 0.35, standout: 0.01 },
  // group: same runs: false-match rate 0–0.8%, match recall 0.28–0.49, match precision 0.95–1.
  group: { match: 0.6, related: Number.POSITIVE_INFINITY, extra: 0.6, standout: Number.POSITIVE_INFINITY },
};

/** At most this many fact-checks besides the first are shown (match extras or related ones). */
export const MAX_EXTRA_MATCHES = 3;

/**
 * A candidate below the first decides only when the post links its subject (a URL hit), within this many. A
 * same-claim candidate below a near-miss is not looked for: when the best-ranked fact-check is the same template
 * with another slot, the post is a variant of a checked template, and what ranks below it shares less still.
 * (Measured: with a look three deep, 16 of the 18 near-miss posts answered `match` in DMs, and 7 of 7 in groups,
 * were matched below a near-miss; CheckThat! 2022-2a-en dev/devtest lost one right match and one wrong one.)
 */
export const MATCH_LOOKAHEAD = 3;

/** The decision on a reranked candidate list (best first). */
export type Decision =
  | { outcome: "match"; matches: ScoredMatch[] }
  | { outcome: "related"; matches: ScoredMatch[] }
  | { outcome: "none"; matches: [] };

/**
 * Decides `match | related | none` from reranked candidates. Pure; `thresholds` defaults to the mode's named ones.
 * `differs(candidate, mode)` (lookup.ts, from claim-identity.ts) names candidates whose claim is not the post's:
 * one that differs in a salient slot (who, where, what, how many, polarity), and in a group also one the post outdoes
 * with places or numbers the fact-check never mentions. `match` means the same claim, so such a candidate is never a
 * `match` nor a match's extra, whatever its score (a URL hit aside: the post links the fact-check's own subject). The
 * best-ranked candidate decides: a near-miss on top becomes `related` where the mode allows it (dm: "a similar claim
 * was checked"), and silence in groups; only a URL hit within `MATCH_LOOKAHEAD` may still match below it.
 */
export function decide(
  ranked: readonly ScoredMatch[],
  mode: Mode,
  thresholds: ModeThresholds = DECISION_THRESHOLDS[mode],
  differs: (candidate: ScoredMatch, mode: Mode) => boolean = () => false,
): Decision {
  const top = ranked[0];
  if (!top) return { outcome: "none", matches: [] };
  const sure = (c: ScoredMatch) => c.score >= thresholds.match || (c.urlHit && c.score >= thresholds.extra);
  const same = (c: ScoredMatch) => c.urlHit || !differs(c, mode);
  // The top, then URL hits just below it.
  const deciders = [top, ...ranked.slice(1, MATCH_LOOKAHEAD).filter((c) => c.urlHit)];
  for (const [i, candidate] of deciders.entries()) {
    // Comparing claims costs more than reading a score: a candidate that cannot be a match is compared only when
    // a surer one follows it (if it is the same claim, it still stops the look further down).
    if (!sure(candidate)) {
      if (!deciders.slice(i + 1).some(sure) || same(candidate)) break;
      continue;
    }
    if (!same(candidate)) continue;
    // The first extras in rank order; the claims of those below them are not compared (issue 15: a match of a claim
    // checked many times had every one of its ~100 candidates over the bar compared).
    const extras: ScoredMatch[] = [];
    for (const c of ranked) {
      if (extras.length === MAX_EXTRA_MATCHES) break;
      if (c !== candidate && c.score >= thresholds.extra && same(c)) extras.push(c);
    }
    return { outcome: "match", matches: [candidate, ...extras] };
  }
  if (top.score >= thresholds.related) {
    return { outcome: "related", matches: ranked.filter((c) => c.score >= thresholds.related).slice(0, 1 + MAX_EXTRA_MATCHES) };
  }
  // A first candidate far ahead of the others, on a post that reads like a claim, is shown alone as a similar claim.
  if (top.standsOut && top.score >= (thresholds.standout ?? Number.POSITIVE_INFINITY)) return { outcome: "related", matches: [top] };
  return { outcome: "none", matches: [] };
}
