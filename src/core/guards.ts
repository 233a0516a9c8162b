import type { FactCheck } from "./factcheck.ts";
import { EN_STOPWORDS, tokenize } from "./text.ts";

/**
 * Safety rules that veto a `match` where the words overlap but the claims say different things. The reranker only
 * sees how much two texts share; these catch the cheap ways of sharing nearly every word while meaning another thing:
 * - `negation`: a word one side says with a verbal negator the other says without ("vaccines cause autism" /
 *   "… doesn't cause autism"), on posts short enough to be one statement;
 * - `antonym`: the post says one of a contrasting pair and the fact-check the other ("South Korea" / "North Korea");
 * - `number`: both name numbers (years aside) and none of them agree ("10 million jobs" / "15 million jobs").
 * A vetoed candidate can still be shown as `related` in a private chat, never as a `match`.
 */
export type ClaimClash = "negation" | "antonym" | "number";

/** Negation only decides for posts up to this many words: longer posts mix several statements. */
export const NEGATION_RULE_MAX_WORDS = 40;

/** Verbal negators (after `tokenize`, which drops apostrophes). "no" is left out: it mostly quantifies a noun. */
const NEGATORS: ReadonlySet<string> = new Set([
  "not", "never", "cannot", "dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "cant", "wont",
  "wouldnt", "shouldnt", "couldnt", "hasnt", "havent", "hadnt", "aint",
]);

/** How far after a negator its word is looked for ("doesn't really cause"). */
const NEGATION_REACH_WORDS = 3;

/** Crude stem so "vaccines"/"vaccine", "causes"/"cause" meet. */
const stem = (w: string) => (w.length > 4 && w.endsWith("s") && !w.endsWith("ss") ? w.slice(0, -1) : w);

/** Contrasting pairs; each side may list inflections. */
const ANTONYMS: ReadonlyArray<readonly [readonly string[], readonly string[]]> = [
  [["north", "northern"], ["south", "southern"]],
  [["east", "eastern"], ["west", "western"]],
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
  [["오른", "인상"], ["인하"]],
  [["북한"], ["남한", "한국"]],
];

interface Analysed {
  tokens: string[];
  words: Set<string>;
  count: number;
  numbers: Set<string>;
  /** Stems of the words a verbal negator bears on, and of those said without one. */
  negated: Set<string>;
  affirmed: Set<string>;
}

function analyse(text: string): Analysed {
  const tokens = tokenize(text);
  const words = new Set(tokens);
  // CJK runs come out whole ("북한이"): also index their two-character prefixes so "북한" is seen.
  for (const t of tokens) if (/^[\p{Script=Hangul}\p{Script=Han}]{3,}$/u.test(t)) words.add(Array.from(t).slice(0, 2).join(""));
  // Years are left out: a claim often dates itself ("in July 2019") where the post does not, or dates differently.
  // A lone digit counts only before a magnitude ("6 trillion", "3 percent"): elsewhere it is a list or a time.
  const numbers = new Set<string>();
  tokens.forEach((t, i) => {
    if (!/^\d+$/.test(t) || /^(19|20)\d\d$/.test(t)) return;
    if (t.length === 1 && !MAGNITUDES.has(tokens[i + 1] ?? "")) return;
    numbers.add(t.replace(/^0+(?=\d)/, ""));
  });
  const negated = new Set<string>();
  const affirmed = new Set<string>();
  let reach = 0;
  for (const t of tokens) {
    if (NEGATORS.has(t)) {
      reach = NEGATION_REACH_WORDS;
      continue;
    }
    if (EN_STOPWORDS.has(t)) {
      if (reach > 0) reach--;
      continue;
    }
    (reach > 0 ? negated : affirmed).add(stem(t));
    reach = 0;
  }
  return { tokens, words, count: tokens.length, numbers, negated, affirmed };
}

/** A word one side negates and the other affirms (and does not also negate). */
function polarityFlip(a: Analysed, b: Analysed): boolean {
  for (const w of a.negated) if (b.affirmed.has(w) && !b.negated.has(w) && !a.affirmed.has(w)) return true;
  return false;
}

const MAGNITUDES: ReadonlySet<string> = new Set([
  "percent", "per", "hundred", "thousand", "million", "millions", "billion", "billions", "trillion", "trillions",
  "times", "years", "months", "weeks", "days",
]);

/** A wording sharing fewer words than this with the post (another language) is not compared. */
const MIN_SHARED_WORDS = 2;

function shared(a: Analysed, b: Analysed): number {
  let n = 0;
  for (const w of a.words) if (b.words.has(w)) n++;
  return n;
}

const hasAny = (words: Set<string>, list: readonly string[]) => list.some((w) => words.has(w));

/** The first rule by which `claim` says something other than `post`, or null. Pure. */
export function claimClash(post: string, factCheck: Pick<FactCheck, "claim" | "altClaims">): ClaimClash | null {
  return clashChecker(post)(factCheck);
}

/** `claimClash` with the post analysed once, for checking many candidates of one post. */
export function clashChecker(post: string): (factCheck: Pick<FactCheck, "claim" | "altClaims">) => ClaimClash | null {
  const p = analyse(post);
  return (factCheck) => {
    if (p.count === 0) return null;
    // The post must clash with every wording it can be compared with: one that shares words with it and agrees
    // settles it. Wordings in another language share no words and say nothing either way.
    const wordings = [factCheck.claim, ...(factCheck.altClaims ?? [])].map(analyse);
    const comparable = wordings.filter((w) => shared(p, w) >= MIN_SHARED_WORDS);
    const clashes = (comparable.length > 0 ? comparable : wordings.slice(0, 1)).map((w) => clashWith(p, w));
    if (clashes.some((c) => c === null)) return null;
    return clashes[0] ?? null;
  };
}

function clashWith(p: Analysed, c: Analysed): ClaimClash | null {
  if (p.count <= NEGATION_RULE_MAX_WORDS && (polarityFlip(p, c) || polarityFlip(c, p))) return "negation";
  for (const [a, b] of ANTONYMS) {
    const pa = hasAny(p.words, a);
    const pb = hasAny(p.words, b);
    const ca = hasAny(c.words, a);
    const cb = hasAny(c.words, b);
    if ((pa && !pb && cb && !ca) || (pb && !pa && ca && !cb)) return "antonym";
  }
  if (p.numbers.size > 0 && c.numbers.size > 0 && ![...p.numbers].some((n) => c.numbers.has(n))) return "number";
  return null;
}
