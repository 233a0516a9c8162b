/**
 * Near-miss posts: a different claim in the words of a checked one. Here: synthetic swaps, one salient slot of a
 * starter claim replaced by another value of its kind (pools in build-identity-eval-pools.ts). Mined frame pairs
 * are in build-identity-eval-frames.ts.
 */
import { contentWords, duplicatesOf, picker, postForm, similarClaims, type BuilderData } from "./build-identity-eval-data.ts";
export { postForm } from "./build-identity-eval-data.ts";
import { findSlots, swapFor, type Pools, type Slot, type SlotKind } from "./build-identity-eval-pools.ts";

/** One line of an identity eval file. */
export interface EvalLine {
  id: string;
  text: string;
  set: "near-miss" | "paraphrase" | "noisy";
  kind: string;
  relevant: string[];
  mustNotMatch: string[];
  exclude: string[];
  lang?: string;
  /** Noise kinds of a noisy post (clean copies: empty). */
  noise?: string[];
  /** A post holding several claims: the relevant ids of each. */
  claims?: string[][];
}

/** Synthetic swaps wanted per slot kind (the set reports what it reached). */
export const SWAP_QUOTA: Readonly<Record<SlotKind, number>> = {
  person: 40, surname: 28, organisation: 36, country: 24, demonym: 18, "us-state": 24, city: 14, object: 36, number: 28, year: 12,
};
/** Share of posts written fully in lower case, as people often type. */
export const LOWERCASE_SHARE = 0.15;
/** Share of posts given a light wrapper ("BREAKING:", "Wow —"). */
export const WRAP_SHARE = 0.25;
/** A starter claim at least this similar (Jaccard of content words) to a post is a sibling of its template. */
const SIBLING_JACCARD = 0.6;
/** Templates shorter than this (words) are skipped. */
export const MIN_TEMPLATE_WORDS = 7;
/** A replacement value is used at most this often across the set. */
const MAX_VALUE_USES = 2;

/** Countries named with "the" ("the Philippines"); another country drops it. */
const THE_COUNTRY = /^(United|Philippines|Netherlands|Bahamas|Czech|Dominican|Central African|Gambia|Maldives|Marshall|Solomon|Comoros|Seychelles)/;
/** First words that are lower-cased after "So apparently" (a name keeps its capital). */
const SENTENCE_OPENERS = /^(A|An|The|There|In|On|At|For|Since|Under|Over|After|Before|When|More|Most|Almost|Only|Every|Some|This|That|These|Those|It|Its)\b/;
const PREFIXES = ["BREAKING: ", "Wow — ", "Unbelievable. ", "Just saw this: ", "So apparently ", "Is this true? ", "WOW!! ", "Read this: "];
const SUFFIXES = [" 😡", " Share this!", " Unreal.", " 🤔", " Disgusting!", " Pass it on."];

/** Lower-cases some posts and wraps some, seeded. */
export function surface(text: string, rng: ReturnType<typeof picker>): string {
  let t = text;
  if (rng.chance(WRAP_SHARE)) {
    if (rng.chance(0.6)) {
      const p = rng.pick(PREFIXES);
      t = p === "So apparently " && SENTENCE_OPENERS.test(t) ? p + t.charAt(0).toLowerCase() + t.slice(1) : p + t;
    } else t = t + rng.pick(SUFFIXES);
  }
  return rng.chance(LOWERCASE_SHARE) ? t.toLowerCase() : t;
}

/** Ids that must not serve as templates: the issue's four examples (tested separately). */
export function issueExampleIds(data: BuilderData): Set<string> {
  const needles = [/pelosi was arrested by the secret service/, /malia obama was arrested while attempting to purchase marijuana/, /california has banned a popular type of ammunition/, /north korea has decided to send troops to ukraine/];
  return new Set(data.starter.filter((s) => needles.some((n) => n.test(s.record.claim.toLowerCase()))).map((s) => s.record.id));
}

/** Builds the synthetic swaps. `blocked`: ids that may be neither template nor sibling (excluded elsewhere). */
export function buildSwaps(data: BuilderData, pools: Pools, random: () => number, blocked: ReadonlySet<string>): EvalLine[] {
  const rng = picker(random);
  const counts = new Map<SlotKind, number>();
  const valueUses = new Map<string, number>();
  const out: EvalLine[] = [];
  const templates = rng.shuffle(
    data.starter.filter((s) => s.hasCase && s.record.language === "en" && s.record.source !== "veritas-factcheckorg" && !blocked.has(s.record.id)),
  );
  const kinds = Object.keys(SWAP_QUOTA) as SlotKind[];
  for (const s of templates) {
    if (kinds.every((k) => (counts.get(k) ?? 0) >= SWAP_QUOTA[k])) break;
    const base = postForm(s.cased);
    if (base.split(" ").length < MIN_TEMPLATE_WORDS || base.length > 300) continue;
    const all = findSlots(base, pools);
    // A slot named twice in other words ("cannabis … marijuana") would leave the claim half unchanged.
    const slots = all.filter((sl) => (counts.get(sl.kind) ?? 0) < SWAP_QUOTA[sl.kind] && !all.some((o) => o !== sl && o.kind === sl.kind && o.group === sl.group && sl.kind === "object"));
    if (slots.length === 0) continue;
    // The kind furthest from its quota first, so every kind fills.
    slots.sort((a, b) => (counts.get(a.kind) ?? 0) / SWAP_QUOTA[a.kind] - (counts.get(b.kind) ?? 0) / SWAP_QUOTA[b.kind]);
    const slot: Slot = slots[0]!;
    const value = swapFor(slot, pools, random);
    if (!value || (valueUses.get(value) ?? 0) >= MAX_VALUE_USES) continue;
    // "a Arkansas" / "an South Carolina": the article follows the new value.
    let head = base.slice(0, slot.start).replace(/\b([Aa])n? $/, (_m, a: string) => (/^[AEIOUaeiou]/.test(value) ? `${a}n ` : `${a} `));
    if (slot.kind === "country" && !THE_COUNTRY.test(value)) head = head.replace(/\bthe $/, "");
    // The same value named elsewhere is swapped too, so the post stays one consistent claim.
    const everywhere = new RegExp(`(?<![\\p{L}])${slot.value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\p{L}])`, "gu");
    const upTo = head.replace(everywhere, () => value) + value;
    const after = base.slice(slot.end).replace(everywhere, () => value);
    const text = upTo + after;
    const words = contentWords(text);
    const own = new Set(duplicatesOf(data, s.record.id));
    const siblings = similarClaims(data, words, SIBLING_JACCARD).map((c) => c.id).filter((id) => !own.has(id));
    // A close claim that names the new value may be this very claim, checked: not a near-miss then.
    const newWords = contentWords(value);
    if (siblings.some((id) => [...newWords].every((w) => data.byId.get(id)!.words.has(w)))) continue;
    if (siblings.some((id) => blocked.has(id))) continue;
    counts.set(slot.kind, (counts.get(slot.kind) ?? 0) + 1);
    valueUses.set(value, (valueUses.get(value) ?? 0) + 1);
    out.push({
      id: `nm-swap-${slot.kind}-${s.record.id}`,
      text: surface(text, rng),
      set: "near-miss",
      kind: slot.kind,
      relevant: [],
      mustNotMatch: [...own, ...siblings],
      exclude: [],
    });
    // The same swap in a post that restates only the start of the claim, up to a few words past the new value
    // ("Senator Warren was arrested for plotting a coup" against "Rep. Nancy Pelosi was arrested by the Secret
    // Service for plotting a coup to overthrow the president"): most of the claim is then missing from the post.
    // Written plainly (no wrapper, no random draw: the other lines stay as they were at every seed).
    const shortened = shortenAfter(upTo, after);
    if (shortened) {
      out.push({
        id: `nm-short-${slot.kind}-${s.record.id}`,
        text: shortened,
        set: "near-miss",
        kind: "shortened",
        relevant: [],
        mustNotMatch: [...own, ...siblings],
        exclude: [],
      });
    }
  }
  return out;
}

/** Words kept past the swapped value in a shortened near-miss. */
export const SHORTENED_TAIL_WORDS = 3;
/** A shortened near-miss keeps at most this share of the template's words (else it is the same post). */
export const SHORTENED_MAX_SHARE = 0.75;
/** A shortened near-miss has at least this many words. */
export const SHORTENED_MIN_WORDS = 5;

/**
 * `upTo` (the post up to and with the swapped value) and the first `SHORTENED_TAIL_WORDS` words of `rest`, or null
 * when that keeps too much of the post, or too little, to be a shortened restatement.
 */
export function shortenAfter(upTo: string, rest: string): string | null {
  const words = (t: string) => t.split(/\s+/).filter(Boolean);
  const tail = words(rest).slice(0, SHORTENED_TAIL_WORDS).join(" ").replace(/[,;:(—–-]+$/u, "");
  const text = `${upTo.trimEnd()}${/^[,.;:!?)]/.test(rest.trimStart()) ? "" : " "}${tail}`.trim().replace(/\s+/g, " ");
  const n = words(text).length;
  if (n < SHORTENED_MIN_WORDS || n > SHORTENED_MAX_SHARE * words(upTo + rest).length) return null;
  return text;
}
