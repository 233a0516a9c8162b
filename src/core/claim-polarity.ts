import { frameShare, NEGATORS, SLOT_MAX_DISTANCE, slotDistance, type View } from "./claim-alignment.ts";
import type { ClaimDifference } from "./claim-identity.ts";

/**
 * Numbers, years and polarity for the claim-identity comparison (claim-identity.ts): the former safety guards
 * (a word negated on one side only; a contrasting pair; numbers that never agree) and numbers or years swapped in
 * their slot.
 */

/** Negation and dates decide only on windows up to this many words. */
export const POLARITY_MAX_WORDS = 40;
/** Opposites count when the post holds at least this share of the claim (they say the same thing, flipped). */
export const POLARITY_FRAME_MIN_SHARE = 0.3;
/** Numbers and years that disagree count when the post holds at least this share of the claim. */
export const NUMBER_FRAME_MIN_SHARE = 0.4;
export const NEGATION_REACH_WORDS = 3;
/** Contrasting pairs (each side lists inflections). Countries and places are compared as mentions instead. */
export const ANTONYMS: ReadonlyArray<readonly [readonly string[], readonly string[]]> = [
  [["increase", "increased", "increases", "increasing"], ["decrease", "decreased", "decreases", "decreasing", "cut", "cuts"]],
  [["rise", "rose", "rises", "rising", "risen"], ["fall", "fell", "falls", "falling", "fallen", "drop", "dropped"]],
  [["higher", "highest"], ["lower", "lowest"]],
  [["won", "win", "wins", "winning"], ["lost", "lose", "loses", "losing"]],
  [["legal", "legalized", "legalised"], ["illegal", "banned", "outlawed"]],
  [["alive"], ["dead", "died", "killed"]],
  [["support", "supports", "supported", "supporting"], ["oppose", "opposes", "opposed", "opposing"]],
  [["approve", "approved", "approves"], ["reject", "rejected", "rejects", "veto", "vetoed"]],
  [["democrat", "democrats", "democratic"], ["republican", "republicans", "gop"]],
  [["liberal", "liberals"], ["conservative", "conservatives"]],
  [["hired", "hire", "hires"], ["fired", "fire", "fires"]],
  [["buy", "buys", "bought"], ["sell", "sells", "sold"]],
  [["import", "imports", "imported"], ["export", "exports", "exported"]],
  [["minimum"], ["maximum"]],
  [["north", "northern"], ["south", "southern"]],
  [["east", "eastern"], ["west", "western"]],
  [["오른", "인상"], ["인하"]],
];
export const MAGNITUDES: ReadonlySet<string> = new Set(
  "percent per hundred thousand million millions billion billions trillion trillions times years months weeks days".split(" "),
);
export const YEAR = /^(19|20)\d\d$/;

/** A number as compared: "2.50" and "2.5", "3.0" and "3", "07" and "7" are one number. */
export function numberKey(t: string): string {
  return (/^\d+\.\d+$/.test(t) ? t.replace(/\.?0+$/, "") : t).replace(/^0+(?=\d)/, "");
}

/** Numbers of a view (years apart; a lone digit only before a magnitude: elsewhere it is a list or a time). */
export function numbersOf(v: View): { numbers: Set<string>; years: Set<string> } {
  const numbers = new Set<string>();
  const years = new Set<string>();
  for (let i = v.from; i < v.to; i++) {
    const t = v.a.tokens[i]!.lower;
    if (!/\d/.test(t)) continue;
    if (YEAR.test(t)) years.add(t);
    else if (/^\d+\.\d+$/.test(t)) numbers.add(numberKey(t));
    else if (/^\d+$/.test(t)) {
      if (t.length === 1 && !MAGNITUDES.has(v.a.tokens[i + 1]?.lower ?? "")) continue;
      numbers.add(numberKey(t));
    } else if (/^\d+(?:k|m|bn|b)$/.test(t)) numbers.add(t.replace(/\D+$/, "")); // "$80M" says 80 (million)
    else if (/^\d+[a-z]{1,3}$/.test(t) && !/^\d+(?:st|nd|rd|th|s|pm|am)$/.test(t)) numbers.add(t); // "9mm", "5g"
  }
  return { numbers, years };
}

/** Stems a verbal negator bears on, and those said without one. */
export function polarityOf(v: View): { negated: Set<string>; affirmed: Set<string> } {
  const negated = new Set<string>();
  const affirmed = new Set<string>();
  let reach = 0;
  for (let i = v.from; i < v.to; i++) {
    const t = v.a.tokens[i]!.lower;
    // "not only" adds; it does not negate.
    if (NEGATORS.has(t) && t !== "no" && !/^(only|just|merely)$/.test(v.a.tokens[i + 1]?.lower ?? "")) {
      reach = NEGATION_REACH_WORDS;
      continue;
    }
    const s = v.a.stems[i];
    if (!s) {
      if (reach > 0) reach--;
      continue;
    }
    (reach > 0 ? negated : affirmed).add(s);
    reach = 0;
  }
  return { negated, affirmed };
}

export function polarityDifference(p: View, c: View, pw: Set<string>, cw: Set<string>): ClaimDifference | null {
  if (frameShare(pw, c) < POLARITY_FRAME_MIN_SHARE) return null;
  if (p.to - p.from <= POLARITY_MAX_WORDS) {
    const pp = polarityOf(p);
    const cp = polarityOf(c);
    for (const w of pp.negated) if (cp.affirmed.has(w) && !cp.negated.has(w) && !pp.affirmed.has(w)) return { kind: "polarity", post: `not ${w}`, claim: w };
    for (const w of cp.negated) if (pp.affirmed.has(w) && !pp.negated.has(w) && !cp.affirmed.has(w)) return { kind: "polarity", post: w, claim: `not ${w}` };
  }
  for (const [x, y] of ANTONYMS) {
    const px = x.find((w) => pw.has(w));
    const py = y.find((w) => pw.has(w));
    const cx = x.find((w) => cw.has(w));
    const cy = y.find((w) => cw.has(w));
    if (px && !py && cy && !cx) return { kind: "polarity", post: px, claim: cy };
    if (py && !px && cx && !cy) return { kind: "polarity", post: py, claim: cx };
  }
  return null;
}

/**
 * A number or year of the claim that the post replaces with another in the same slot ("cut $15 billion" / "cut $4
 * billion", "in 2010" / "in 2017"), even when other numbers of the two agree. For a post that shares the claim's
 * frame (`NUMBER_FRAME_MIN_SHARE`, or `restatesPart`): the caller (claim-identity.ts `compare`) checks it once for
 * every number rule.
 */
export function numberSlotDifference(p: View, c: View, gapP: number[], gapC: number[]): ClaimDifference | null {
  const counts = (v: View) => {
    const n = new Map<string, number>();
    for (let i = v.from; i < v.to; i++) {
      const t = v.a.tokens[i]!.lower;
      if (!/\d/.test(t)) continue;
      const k = numberKey(t);
      n.set(k, (n.get(k) ?? 0) + 1);
    }
    return n;
  };
  const [inPost, inClaim] = [counts(p), counts(c)];
  // A number is a slot's when the other side lacks it, or says it fewer times and this one is not aligned with it
  // ("90 wheelers … 90 plus percent" / "18 wheelers … 90 plus percent": the first 90 stands where 18 does).
  const digits = (v: View, gaps: number[], mine: Map<string, number>, theirs: Map<string, number>) => {
    const out: number[] = [];
    for (let i = v.from; i < v.to; i++) {
      const t = v.a.tokens[i]!.lower;
      if (!/\d/.test(t) || /^\d+(?:st|nd|rd|th)$/.test(t)) continue;
      const k = numberKey(t);
      if (!theirs.has(k) || (Number.isInteger(gaps[i]) && (mine.get(k) ?? 0) > (theirs.get(k) ?? 0))) out.push(i);
    }
    return out;
  };
  const postDigits = digits(p, gapP, inPost, inClaim);
  for (const ci of digits(c, gapC, inClaim, inPost)) {
    const pi = postDigits.find((i) => gapP[i] === gapC[ci]);
    if (pi === undefined || slotDistance(gapC, c, ci, ci + 1) > SLOT_MAX_DISTANCE || slotDistance(gapP, p, pi, pi + 1) > SLOT_MAX_DISTANCE) continue;
    const [pt, ct] = [p.a.tokens[pi]!.lower, c.a.tokens[ci]!.lower];
    return { kind: YEAR.test(pt) && YEAR.test(ct) ? "date" : "quantity", post: p.a.tokens[pi]!.raw, claim: c.a.tokens[ci]!.raw };
  }
  return null;
}
