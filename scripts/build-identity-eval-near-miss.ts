/**
 * Near-miss posts: a different claim in the words of a checked one. (a) Synthetic swaps: one salient slot of a
 * starter claim replaced by another value of its kind (pools in build-identity-eval-pools.ts). (b) Mined frame
 * pairs: two starter claims that share a frame and differ in one entity-like span; the post is record B, and B with
 * its near-duplicates is removed from the eval index.
 */
import { capitalise, claimKey, contentWords, duplicatesOf, jaccard, picker, similarClaims, tokens, type BuilderData } from "./build-identity-eval-data.ts";
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
}

/** Synthetic swaps wanted per slot kind (the set reports what it reached). */
export const SWAP_QUOTA: Readonly<Record<SlotKind, number>> = {
  person: 40, surname: 28, organisation: 36, country: 24, demonym: 18, "us-state": 24, city: 14, object: 36, number: 28, year: 12,
};
/** Mined frame pairs wanted. */
export const FRAME_PAIR_QUOTA = 90;
/** Share of posts written fully in lower case, as people often type. */
export const LOWERCASE_SHARE = 0.15;
/** Share of posts given a light wrapper ("BREAKING:", "Wow —"). */
export const WRAP_SHARE = 0.25;
/** A starter claim at least this similar (Jaccard of content words) to a post is a sibling of its template. */
const SIBLING_JACCARD = 0.6;
/** Longest differing span (tokens) of a frame pair. */
const MAX_SPAN_TOKENS = 5;
/** Templates shorter than this (words) are skipped. */
const MIN_TEMPLATE_WORDS = 7;
/** A replacement value is used at most this often across the set. */
const MAX_VALUE_USES = 2;

const PREFIXES = ["BREAKING: ", "Wow — ", "Unbelievable. ", "Just saw this: ", "So apparently ", "Is this true? ", "WOW!! ", "Read this: "];
const SUFFIXES = [" 😡", " Share this!", " Unreal.", " 🤔", " Disgusting!", " Pass it on."];

/** A claim as a person would post it: PolitiFact's "Says …" frame and quote marks dropped. */
export function postForm(claim: string): string {
  let t = claim.replace(/^Says that /, "").replace(/^Says /, "");
  t = t.replace(/["“”]/g, "").replace(/\s+/g, " ").trim();
  return capitalise(t);
}

/** Lower-cases some posts and wraps some, seeded. */
export function surface(text: string, rng: ReturnType<typeof picker>): string {
  let t = text;
  if (rng.chance(WRAP_SHARE)) {
    if (rng.chance(0.6)) {
      const p = rng.pick(PREFIXES);
      t = p === "So apparently " ? p + t.charAt(0).toLowerCase() + t.slice(1) : p + t;
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
    const slots = findSlots(base, pools).filter((sl) => (counts.get(sl.kind) ?? 0) < SWAP_QUOTA[sl.kind]);
    if (slots.length === 0) continue;
    // The kind furthest from its quota first, so every kind fills.
    slots.sort((a, b) => (counts.get(a.kind) ?? 0) / SWAP_QUOTA[a.kind] - (counts.get(b.kind) ?? 0) / SWAP_QUOTA[b.kind]);
    const slot: Slot = slots[0]!;
    const value = swapFor(slot, pools, random);
    if (!value || (valueUses.get(value) ?? 0) >= MAX_VALUE_USES) continue;
    // "a Arkansas" / "an South Carolina": the article follows the new value.
    const head = base.slice(0, slot.start).replace(/\b([Aa])n? $/, (_m, a: string) => (/^[AEIOUaeiou]/.test(value) ? `${a}n ` : `${a} `));
    const text = head + value + base.slice(slot.end);
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
  }
  return out;
}

interface SpanEntry {
  id: string;
  span: string[];
}

const NAME_KINDS = new Set(["person", "surname", "organisation", "name"]);

/** Classifies a differing span by the pools (on the record's cased text), or null when it is not entity-like. */
function spanKind(data: BuilderData, pools: Pools, id: string, span: string[]): string | null {
  const s = data.byId.get(id)!;
  const text = postForm(s.cased);
  const want = span.join(" ");
  for (const slot of findSlots(text, pools)) if (tokens(slot.value).join(" ") === want) return slot.kind;
  if (span.every((w) => /^[\d.,$%]+$/.test(w))) return "number";
  if (s.hasCase) {
    const re = new RegExp(span.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("\\W+"), "i");
    const m = re.exec(text);
    if (m && m.index > 0 && m[0].split(/\W+/).filter(Boolean).every((w) => /^[A-Z0-9]/.test(w))) return "name";
  }
  return contentWords(want).size >= 2 ? "phrase" : null;
}

const IRREGULAR: Record<string, string> = { men: "man", women: "woman", children: "child", people: "person", kids: "child", kid: "child" };
const stem = (w: string) => IRREGULAR[w] ?? w.replace(/(ing|ed|es|s)$/, "").slice(0, 6);

function sameThing(a: string[], b: string[]): boolean {
  const sa = a.map(stem), sb = b.map(stem);
  if (sa.every((w) => sb.includes(w)) || sb.every((w) => sa.includes(w))) return true;
  const ja = sa.join(" "), jb = sb.join(" ");
  if (ja.startsWith(jb) || jb.startsWith(ja)) return true;
  const ca = new Set([...contentWords(a.join(" "))].map(stem)), cb = new Set([...contentWords(b.join(" "))].map(stem));
  return [...ca].some((w) => cb.has(w));
}

/** The kind of a frame pair, or null when the two spans are not the same kind of slot. */
function pairKind(data: BuilderData, pools: Pools, a: SpanEntry, b: SpanEntry): string | null {
  const ka = spanKind(data, pools, a.id, a.span), kb = spanKind(data, pools, b.id, b.span);
  if (!ka || !kb) return null;
  if (ka === kb) return kb;
  if (NAME_KINDS.has(ka) && NAME_KINDS.has(kb)) return "name";
  if ((ka === "phrase" || kb === "phrase") && ka !== "number" && kb !== "number") return "phrase";
  return null;
}

/** Mines frame pairs; returns the posts and the ids they remove from the index. `avoid`: ids not to exclude. */
export function buildFramePairs(data: BuilderData, pools: Pools, random: () => number, avoid: ReadonlySet<string>): EvalLine[] {
  const rng = picker(random);
  const buckets = new Map<string, SpanEntry[]>();
  const seenKey = new Set<string>();
  for (const s of data.starter) {
    if (s.record.language !== "en") continue;
    const key = claimKey(s.record.claim);
    if (seenKey.has(key)) continue;
    seenKey.add(key);
    const t = tokens(postForm(s.cased));
    if (t.length < MIN_TEMPLATE_WORDS || t.length > 40) continue;
    for (let i = 0; i < t.length; i++) {
      for (let len = 1; len <= MAX_SPAN_TOKENS && i + len <= t.length; len++) {
        if (t.length - len < 6) continue;
        const k = `${t.slice(0, i).join(" ")}|${t.slice(i + len).join(" ")}`;
        const list = buckets.get(k);
        const entry = { id: s.record.id, span: t.slice(i, i + len) };
        if (list) list.push(entry);
        else buckets.set(k, [entry]);
      }
    }
  }
  const out: EvalLine[] = [];
  const usedAsPost = new Set<string>();
  const usedAsTemplate = new Set<string>();
  const frames = rng.shuffle([...buckets.entries()].filter(([, list]) => list.length >= 2));
  for (const [frame, list] of frames) {
    if (out.length >= FRAME_PAIR_QUOTA) break;
    const context = contentWords(frame.replace("|", " "));
    if (context.size < 4) continue;
    const [b, ...others] = rng.shuffle(list);
    if (!b || usedAsPost.has(b.id) || usedAsTemplate.has(b.id) || avoid.has(b.id)) continue;
    // Minimal spans only (the pair also sits in a frame with a shorter differing span otherwise).
    const templates = others.filter((a) => a.id !== b.id && a.span[0] !== b.span[0] && a.span.at(-1) !== b.span.at(-1) && !sameThing(a.span, b.span) && !usedAsPost.has(a.id));
    if (templates.length === 0) continue;
    const kinds = templates.map((a) => pairKind(data, pools, a, b));
    if (kinds.some((k) => k === null)) continue;
    const kind = kinds[0]!;
    const exclude = duplicatesOf(data, b.id);
    if (exclude.some((id) => avoid.has(id) || usedAsTemplate.has(id))) continue;
    const mustNotMatch = [...new Set(templates.flatMap((a) => duplicatesOf(data, a.id)))];
    const bText = postForm(data.byId.get(b.id)!.cased);
    if (mustNotMatch.some((id) => jaccard(contentWords(bText), data.byId.get(id)!.words) === 1)) continue;
    exclude.forEach((id) => usedAsPost.add(id));
    mustNotMatch.forEach((id) => usedAsTemplate.add(id));
    out.push({
      id: `nm-frame-${kind}-${b.id}`,
      text: surface(data.byId.get(b.id)!.hasCase ? bText : bText.toLowerCase().replace(/^./, (c) => c.toUpperCase()), rng),
      set: "near-miss",
      kind,
      relevant: [],
      mustNotMatch,
      exclude,
    });
  }
  return out;
}
