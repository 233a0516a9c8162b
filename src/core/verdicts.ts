import { VERDICTS, type Verdict } from "./factcheck.ts";
import { HAND_VERDICTS } from "./verdict-hand.ts";
import { siteKey, verdictKey } from "./verdict-key.ts";
import TABLE from "./verdict-table.json" with { type: "json" };

export { verdictKey } from "./verdict-key.ts";

/** A rating with more words than this is a sentence: the prefix rule does not guess from it. */
const PREFIX_RULE_MAX_WORDS = 8;
/** Same, in characters of the folded key. */
const PREFIX_RULE_MAX_CHARS = 80;
/** The longest leading run of words the prefix rule tries as a wording. */
const PREFIX_MAX_WORDS = 4;
/** A "Label: value" prefix longer than this (words) is not a label ("Our rating: False" is; a sentence is not). */
const LABEL_MAX_WORDS = 4;

/**
 * Words that, after a leading verdict word, turn or qualify it ("true but…", "false, not…"): the prefix rule then
 * declines. Whole words for space-separated languages.
 */
const QUALIFIER_WORDS = new Set(
  (
    "not no never nor isn wasn aren doesn didn but however although though except yet unless " +
    "pero sino aunque sin ni mas não nem sem mais pas ne sans aber nicht kein keine ohne jedoch ma non però " +
    "tapi namun tetapi bukan tidak"
  ).split(" "),
);
/** A wording ending in one of these ("true but", "verdadero, pero") is not used as a prefix. */
const CONTRAST_WORDS = new Set(["but", "pero", "mas", "mais", "aber", "ma", "however"]);
/** Negation and contrast markers of CJK and Korean, which attach to words instead of standing apart. */
const QUALIFIER_CJK = /아니|아님|아닌|않|없|하지만|그러나|다만|ない|ません|ではな|じゃな|しかし|但|不|非|沒|没|無|无|未|卻|却/u;

const VERDICT_NAMES: ReadonlySet<string> = new Set<Verdict>(VERDICTS);

function asVerdict(value: unknown): Verdict | undefined {
  return typeof value === "string" && VERDICT_NAMES.has(value) ? (value as Verdict) : undefined;
}

function toMap(record: Record<string, unknown>): Map<string, Verdict> {
  const map = new Map<string, Verdict>();
  for (const [key, value] of Object.entries(record)) {
    const verdict = asVerdict(value);
    if (verdict) map.set(key, verdict);
  }
  return map;
}

const HAND: ReadonlyMap<string, Verdict> = new Map(HAND_VERDICTS.map(([w, v]) => [verdictKey(w), v]));
const GLOBAL: ReadonlyMap<string, Verdict> = toMap(TABLE.global);
const BY_SITE: ReadonlyMap<string, ReadonlyMap<string, Verdict>> = new Map(
  Object.entries(TABLE.bySite as Record<string, Record<string, unknown>>).map(([site, m]) => [site, toMap(m)]),
);

/** How a rating was resolved: which table, or which rule. For the build report and for debugging. */
export type VerdictMatch = "site" | "hand" | "table" | "label" | "prefix" | "none";

function exact(key: string, site: string | undefined): { verdict: Verdict; via: VerdictMatch } | undefined {
  const siteHit = site ? BY_SITE.get(site)?.get(key) : undefined;
  if (siteHit) return { verdict: siteHit, via: "site" };
  const handHit = HAND.get(key);
  if (handHit) return { verdict: handHit, via: "hand" };
  const tableHit = GLOBAL.get(key);
  if (tableHit) return { verdict: tableHit, via: "table" };
  return undefined;
}

function qualified(rest: readonly string[]): boolean {
  return rest.some((word) => QUALIFIER_WORDS.has(word) || QUALIFIER_CJK.test(word));
}

/**
 * Resolves a rating and says how. Order: the publisher's own per-site map, the hand entries, the generated table
 * (all on the folded key); then the value after a short "Label:" ("Our rating: False", "판정: 사실 아님"); then a
 * conservative prefix rule: a short rating whose first 1–4 words are a known wording and whose remaining words hold
 * no negation or contrast ("False – the photo is from 2015"). Anything else is `other`.
 */
export function resolveVerdict(
  rating: string,
  context?: { site?: string; language?: string },
): { verdict: Verdict; via: VerdictMatch } {
  const site = context?.site ? siteKey(context.site) : undefined;
  const key = verdictKey(rating);
  if (!key) return { verdict: "other", via: "none" };
  const hit = exact(key, site);
  if (hit) return hit;

  const colon = Math.max(rating.lastIndexOf(":"), rating.lastIndexOf("："));
  if (colon > 0) {
    const label = verdictKey(rating.slice(0, colon));
    const value = verdictKey(rating.slice(colon + 1));
    if (value && label.split(" ").length <= LABEL_MAX_WORDS) {
      const labelled = exact(value, site);
      if (labelled) return { verdict: labelled.verdict, via: "label" };
    }
  }

  const words = key.split(" ");
  if (words.length > 1 && words.length <= PREFIX_RULE_MAX_WORDS && key.length <= PREFIX_RULE_MAX_CHARS) {
    for (let n = Math.min(PREFIX_MAX_WORDS, words.length - 1); n >= 1; n--) {
      const prefix = exact(words.slice(0, n).join(" "), site);
      if (!prefix) continue;
      // "true but" is a wording of its own, yet "true but misleading" says more than it: no guess.
      if (qualified(words.slice(n)) || CONTRAST_WORDS.has(words[n - 1]!)) break;
      return { verdict: prefix.verdict, via: "prefix" };
    }
  }
  return { verdict: "other", via: "none" };
}

/**
 * Maps a publisher's rating wording (any language) onto the normalised scale. Unknown wordings give `other`; the
 * caller keeps the original as `rating`. `context.site` (a host such as `politifact.com`) selects the publisher's
 * own map where one exists; `context.language` is accepted for callers' convenience and not needed today (no
 * wording in the tables means different verdicts in different languages).
 */
export function normalizeVerdict(rating: string, context?: { site?: string; language?: string }): Verdict {
  return resolveVerdict(rating, context).verdict;
}
