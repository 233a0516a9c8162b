import { findMentions, identityTokens, PERSON_TITLES, isStopWord, sameEntity, type IdentityToken, type Mention } from "./entities.ts";
import { stem } from "./features.ts";
import { defaultIdf } from "./model/idf.ts";

/**
 * The alignment the claim-identity comparison (claim-identity.ts) works on: a text's words with their stems and
 * mentions, a long post's window that best holds the claim, the longest common subsequence of the two that marks
 * the shared frame, and the slots between its words.
 */

/** Posts longer than this (content words) are compared on their best window, not whole. */
export const WHOLE_POST_MAX_WORDS = 40;

/** A text analysed for comparison; `from`/`to` bound the tokens looked at (a long post's window). */
export interface Analysed {
  tokens: IdentityToken[];
  mentions: Mention[];
  /** Per token: its stem, or "" for a stop word or a one-letter word. */
  stems: string[];
}

export interface View {
  a: Analysed;
  from: number;
  to: number;
}

/**
 * A Hangul word's first this many syllables stand for it: particles and endings follow the stem ("북한이" / "북한",
 * "결정했다고" / "결정했다", "우크라이나에" / "우크라이나"), and most Sino-Korean nouns are two syllables. No
 * well-kept JavaScript Korean analyser exists (open-korean-text needs Java); this is the alignment's only need.
 */
export const HANGUL_STEM_CHARS = 2;
export const HANGUL_WORD = /^\p{Script=Hangul}+$/u;

/** The stem the alignment compares: `stem` (features.ts), or a Hangul word's first syllables. */
export function alignmentStem(word: string): string {
  return HANGUL_WORD.test(word) ? Array.from(word).slice(0, HANGUL_STEM_CHARS).join("") : stem(word);
}

export function analyse(text: string): Analysed {
  const { tokens, mentions } = findMentions(identityTokens(text));
  const stop = (w: string) => isStopWord(w) || NEGATORS.has(w) || (w.length < 2 && !/\d/.test(w));
  const stems = tokens.map((t) => (stop(t.lower) ? "" : alignmentStem(t.lower)));
  return { tokens, mentions, stems };
}

export const contentCount = (v: View) => v.a.stems.slice(v.from, v.to).filter(Boolean).length;
export const mentionsIn = (v: View) => v.a.mentions.filter((m) => m.from >= v.from && m.to <= v.to);
/** The first mention of the text holding one of the tokens `at`. */
export const mentionOver = (v: View, at: readonly number[]) => v.a.mentions.find((m) => at.some((i) => i >= m.from && i < m.to));
export function wordSet(v: View): Set<string> {
  const out = new Set<string>();
  for (let i = v.from; i < v.to; i++) {
    const t = v.a.tokens[i]!;
    out.add(t.lower);
    if (v.a.stems[i]) out.add(v.a.stems[i]!);
  }
  return out;
}

/** The window of a long post that holds most of the claim's stems (ties: the earliest). */
export function bestWindow(post: Analysed, claim: Analysed): View {
  const whole = { a: post, from: 0, to: post.tokens.length };
  const claimStems = new Set(claim.stems.filter(Boolean));
  const contentIdx = post.stems.map((s, i) => (s ? i : -1)).filter((i) => i >= 0);
  const size = Math.max(2 * claimStems.size, 20);
  if (contentIdx.length <= Math.max(WHOLE_POST_MAX_WORDS, size)) return whole;
  let best = -1;
  let bestFrom = 0;
  for (let s = 0; s + size <= contentIdx.length; s++) {
    const seen = new Set<string>();
    for (let k = s; k < s + size; k++) {
      const st = post.stems[contentIdx[k]!]!;
      if (claimStems.has(st)) seen.add(st);
    }
    if (seen.size > best) [best, bestFrom] = [seen.size, s];
  }
  return { a: post, from: contentIdx[bestFrom]!, to: contentIdx[bestFrom + size - 1]! + 1 };
}

/** Longest common subsequence of content stems; per token the number of aligned anchors before it (its gap). */
export function align(p: View, c: View): { gapP: number[]; gapC: number[]; anchorsC: Set<number> } {
  const pi: number[] = [];
  for (let i = p.from; i < p.to; i++) if (p.a.stems[i]) pi.push(i);
  const ci: number[] = [];
  for (let i = c.from; i < c.to; i++) if (c.a.stems[i]) ci.push(i);
  const n = pi.length;
  const m = ci.length;
  const dp = Array.from({ length: n + 1 }, () => new Uint16Array(m + 1));
  for (let x = n - 1; x >= 0; x--) {
    for (let y = m - 1; y >= 0; y--) {
      dp[x]![y] = p.a.stems[pi[x]!] === c.a.stems[ci[y]!] ? dp[x + 1]![y + 1]! + 1 : Math.max(dp[x + 1]![y]!, dp[x]![y + 1]!);
    }
  }
  const anchorsP = new Set<number>();
  const anchorsC = new Set<number>();
  for (let x = 0, y = 0; x < n && y < m; ) {
    if (p.a.stems[pi[x]!] === c.a.stems[ci[y]!]) {
      anchorsP.add(pi[x]!);
      anchorsC.add(ci[y]!);
      x++;
      y++;
    } else if (dp[x + 1]![y]! >= dp[x]![y + 1]!) x++;
    else y++;
  }
  const gaps = (v: View, anchors: Set<number>) => {
    const out = new Array<number>(v.a.tokens.length).fill(0);
    let k = 0;
    for (let i = v.from; i < v.to; i++) {
      // An aligned word belongs to no slot: it sits between slot k and slot k + 1.
      if (anchors.has(i)) out[i] = k++ + 0.5;
      else out[i] = k;
    }
    return out;
  };
  return { gapP: gaps(p, anchorsP), gapC: gaps(c, anchorsC), anchorsC };
}

/** The words, one after the other, somewhere in the view (as written or stemmed). */
export function phraseIn(words: readonly string[], v: View): boolean {
  for (let i = v.from; i + words.length <= v.to; i++) {
    if (words.every((w, j) => v.a.tokens[i + j]!.lower === w || (v.a.stems[i + j] !== "" && v.a.stems[i + j] === stem(w)))) return true;
  }
  return false;
}

/** Content words of the view in the slot of token `at`. */
export function slotWords(gaps: number[], v: View, at: number): number {
  let n = 0;
  for (let i = v.from; i < v.to; i++) if (v.a.stems[i] && gaps[i] === gaps[at]) n++;
  return n;
}

/**
 * How far the words [from, to) stand from the shared words around their slot, in content words: from the next
 * shared word in the first slot (before anything is shared), from the last shared word in the final slot, else the
 * nearer of the two. A swap sits right against the frame; a name far inside a stretch of other text is no swap.
 */
export function slotDistance(gaps: number[], v: View, from: number, to: number): number {
  let before = 0;
  let after = 0;
  let first = true;
  let last = true;
  for (let i = v.from; i < v.to; i++) {
    if (gaps[i]! < gaps[from]!) first = false;
    if (gaps[i]! > gaps[from]!) last = false;
    if (gaps[i] !== gaps[from] || !v.a.stems[i]) continue;
    if (i < from) before++;
    else if (i >= to) after++;
  }
  if (first && last) return Math.min(before, after);
  return first ? after : last ? before : Math.min(before, after);
}

/**
 * A country or place that only qualifies a name ("U.S. President Donald Trump", "Iran Gen. Soleimani", "Georgia
 * Power") is not the claim's slot: the name after it is.
 */
export function modifier(m: Mention, v: View): boolean {
  if (m.kind !== "country" && m.kind !== "place") return false;
  const next = v.a.tokens[m.to];
  return next !== undefined && (PERSON_TITLES.has(next.lower) || v.a.mentions.some((o) => o.from === m.to && o.kind !== "country"));
}

/** Both mentions qualify the same name (the next mention after each, past titles, names one entity). */
export function sameQualified(a: Mention, va: View, b: Mention, vb: View): boolean {
  const next = (m: Mention, v: View) => v.a.mentions.find((o) => o.from >= m.to && o.from <= m.to + 2 && o.kind !== "country");
  const [x, y] = [next(a, va), next(b, vb)];
  return modifier(a, va) && modifier(b, vb) && x !== undefined && y !== undefined && sameEntity(x, y);
}

/** The first token index after `from` that lies in a later slot (the slot's end). */
export function slotEnd(gaps: number[], from: number): number {
  let i = from;
  while (i < gaps.length && gaps[i] === gaps[from]) i++;
  return i;
}

/** Token indexes inside mentions, and those of mentions the other side names too (never a slot). */
export function mentionTokens(v: View, other: View): { inMention: Set<number>; matched: Set<number> } {
  const inMention = new Set<number>();
  const matched = new Set<number>();
  const others = mentionsIn(other);
  for (const m of v.a.mentions) {
    const same = others.some((o) => sameEntity(m, o));
    for (let i = m.from; i < m.to; i++) {
      inMention.add(i);
      if (same) matched.add(i);
    }
  }
  return { inMention, matched };
}

/**
 * Share of the claim's content-word weight (IDF) found in the post window, leaving out the tokens of `skip` (the
 * differing slot). A near-miss shares its frame: everything but the slot is there. A post that shares little is not
 * a swapped template, and its unmatched names are only other details (a tweet about the same event names others).
 */
export function frameShare(p: Set<string>, c: View, skip?: Mention | ((i: number) => boolean)): number {
  const idf = defaultIdf();
  const skipped = skip === undefined ? () => false : typeof skip === "function" ? skip : (i: number) => i >= skip.from && i < skip.to;
  let total = 0;
  let found = 0;
  for (let i = c.from; i < c.to; i++) {
    const s = c.a.stems[i];
    if (!s || skipped(i)) continue;
    const w = idf.idf(c.a.tokens[i]!.lower);
    total += w;
    if (p.has(s) || p.has(c.a.tokens[i]!.lower)) found += w;
  }
  return total > 0 ? found / total : 0;
}
/**
 * A slot differs when the post holds enough of the claim's frame, or when the claim holds at least this share of the
 * rest of the post: a short post that restates the start of a longer claim with another value in the slot
 * ("Senator Warren was arrested for plotting a coup" / "Rep. Nancy Pelosi was arrested by the Secret Service for
 * plotting a coup to overthrow the president"). Measured on the identity sets' shortened near-misses (docs/eval.md).
 */
export const POST_FRAME_MIN_SHARE = 0.75;

/** Whether the claim's words (`cw`) hold `POST_FRAME_MIN_SHARE` of the post's, the slot's tokens (`skip`) left out. */
export function restatesPart(cw: Set<string>, p: View, skip: Mention | ((i: number) => boolean)): boolean {
  // (A small tolerance: three of four equally weighted words are 75%, not 74.99…%.)
  return frameShare(cw, p, skip) >= POST_FRAME_MIN_SHARE - 1e-9;
}

/** The tokens of `v` that hold a digit (what a quantity or year slot compares). */
export const isNumberAt = (v: View) => (i: number): boolean => /\d/.test(v.a.tokens[i]!.lower);

export const NEGATORS: ReadonlySet<string> = new Set(
  "not never cannot dont doesnt didnt isnt arent wasnt werent cant wont wouldnt shouldnt couldnt hasnt havent hadnt aint no".split(" "),
);
/** A swapped name or number stands at most this many content words from the shared words around its slot. */
export const SLOT_MAX_DISTANCE = 3;
