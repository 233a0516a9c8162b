import type { FactCheck } from "./factcheck.ts";
import { cjkBigramWeight, defaultIdf, type IdfTable } from "./model/idf.ts";
import { nameWords } from "./query-plan.ts";
import { charGramSet, commonGrams, EMPTY_GRAM_SET, fnv1a, gramCosine, keySet, type GramSet } from "./char-grams.ts";
import { cjkBigrams, EN_STOPWORDS, isCjk, isCjkRun, normalizeText, tokenizeNormalized } from "./text.ts";
import { WINDOW_FEATURE_NAMES, windowFeatureValues } from "./window-features.ts";

/** Texts longer than this are cut before n-gram features (bounded work per candidate). */
export const MAX_FEATURE_TEXT_CHARS = 1500;
/** Character n-gram size of the `char_*` features. */
export const CHAR_NGRAM = 4;

/**
 * The reranker's features, computed from the texts themselves (backend-independent apart from `rank`/`score`).
 * Order matters: it is the order of the weights in model/reranker.json.
 */
export const BASE_FEATURE_NAMES = [
  "backend_rank", // 1 / (1 + best rank over the queries)
  "backend_score", // best score / best score of that query (0..1)
  "query_hits", // share of the post's queries that returned the candidate
  "word_cos_claim", // IDF-weighted cosine of stems, post vs claim
  "word_cos_title", // same vs title
  "cover_post", // IDF share of the post's stems found in claim+title+summary
  "cover_claim", // IDF share of the claim's stems found in the post
  "char_claim", // character 4-gram cosine, post vs claim
  "char_title", // same vs title
  "bigram_claim", // share of the claim's word bigrams found in the post
  "numbers_common", // numbers in common (capped at 3) / 3
  "numbers_missing", // 1 when the claim has numbers and none are in the post
  "names_common", // names of the post found in the candidate (capped at 3) / 3
  "url_hit", // a URL of the post is the review or an appearance
  "post_length", // ln(1 + salient stems of the post) / 5
  "claim_length", // ln(1 + salient stems of the claim) / 5
] as const;

/** Date features (after the list features in FEATURE_NAMES, so models of older feature lists stay valid). */
export const DATE_FEATURE_NAMES = [
  "date_near", // 1 / (1 + |days between the post and the review| / 90); 0 when the review date is unknown
  "date_unknown", // 1 when the review date is unknown (a placeholder before 1990)
  "author_common", // share of the words of the post's author (tweet signature) found in the candidate
] as const;

/**
 * Features of a candidate relative to the other candidates of the same post (computed by `withListFeatures`): a
 * clear winner is likelier right than one of several look-alikes, which a per-candidate score cannot see.
 */
export const LIST_FEATURE_NAMES = [
  "word_cos_rank", // 1 / (1 + rank by word_cos_claim in the list)
  "char_rank", // 1 / (1 + rank by char_claim)
  "cover_claim_rank", // 1 / (1 + rank by cover_claim)
  "word_cos_gap", // word_cos_claim − best word_cos_claim of the other candidates
  "char_gap", // char_claim − best char_claim of the others
  "word_cos_sq", // word_cos_claim²
  "char_sq", // char_claim²
] as const;

/** Every feature, in the order of the weights in model/reranker.json. */
export const FEATURE_NAMES = [...BASE_FEATURE_NAMES, ...LIST_FEATURE_NAMES, ...DATE_FEATURE_NAMES, ...WINDOW_FEATURE_NAMES] as const;

/** The per-candidate part of a full vector (base, date and window features), as `computeFeatureValues` returns it. */
export function perCandidatePart(full: readonly number[]): number[] {
  const listEnd = BASE_FEATURE_NAMES.length + LIST_FEATURE_NAMES.length;
  return [...full.slice(0, BASE_FEATURE_NAMES.length), ...full.slice(listEnd)];
}
export type FeatureName = (typeof FEATURE_NAMES)[number];

/**
 * Features the confidence model may use: how close the texts are, not how the candidate compares with the others
 * (a lone weak candidate in a small index must not look sure). Only features whose weight can be expected to be
 * positive: a negative weight on a similarity (squares, bigrams, collinear with the cosines) extrapolates badly to
 * a post that repeats the claim word for word, which training tweets rarely do.
 */
export const CONFIDENCE_FEATURE_NAMES: readonly FeatureName[] = [
  "query_hits",
  "word_cos_claim",
  "word_cos_title",
  "cover_post",
  "cover_claim",
  "char_claim",
  "char_title",
  "numbers_common",
  "names_common",
  "url_hit",
  "post_length",
  "claim_length",
  "window_cos",
  "window_cover",
  "window_claim_cover",
  "rare_unmatched",
];

const idx = (name: (typeof BASE_FEATURE_NAMES)[number]) => BASE_FEATURE_NAMES.indexOf(name);

function ranksBy(vectors: readonly (readonly number[])[], column: number): number[] {
  const order = vectors.map((v, i) => ({ i, v: v[column] ?? 0 })).sort((a, b) => b.v - a.v);
  const ranks = new Array<number>(vectors.length).fill(0);
  order.forEach((o, r) => (ranks[o.i] = r));
  return ranks;
}

function gaps(vectors: readonly (readonly number[])[], column: number): number[] {
  let best = -Infinity;
  let second = -Infinity;
  for (const v of vectors) {
    const x = v[column] ?? 0;
    if (x > best) [best, second] = [x, best];
    else if (x > second) second = x;
  }
  return vectors.map((v) => {
    const x = v[column] ?? 0;
    const other = x === best ? second : best;
    return other === -Infinity ? x : x - other;
  });
}

/**
 * Full feature vectors (FEATURE_NAMES order) from the per-candidate vectors of one post's candidates (base + date
 * features, as `computeFeatures` returns them), adding the list features.
 */
export function withListFeatures(base: readonly (readonly number[])[]): number[][] {
  const cos = idx("word_cos_claim");
  const chr = idx("char_claim");
  const cov = idx("cover_claim");
  const cosRank = ranksBy(base, cos);
  const charRank = ranksBy(base, chr);
  const covRank = ranksBy(base, cov);
  const cosGap = gaps(base, cos);
  const charGap = gaps(base, chr);
  const baseCount = BASE_FEATURE_NAMES.length;
  const tailCount = DATE_FEATURE_NAMES.length + WINDOW_FEATURE_NAMES.length;
  return base.map((v, i) => {
    const out = new Array<number>(FEATURE_NAMES.length);
    let k = 0;
    for (let j = 0; j < baseCount; j++) out[k++] = v[j]!;
    out[k++] = 1 / (1 + cosRank[i]!);
    out[k++] = 1 / (1 + charRank[i]!);
    out[k++] = 1 / (1 + covRank[i]!);
    out[k++] = cosGap[i]!;
    out[k++] = charGap[i]!;
    out[k++] = (v[cos] ?? 0) ** 2;
    out[k++] = (v[chr] ?? 0) ** 2;
    for (let j = 0; j < tailCount; j++) out[k++] = v[baseCount + j] ?? 0;
    return out;
  });
}

/** Light English suffix folding so "troops" meets "troop" and "vaccinated" meets "vaccine(s)" often enough. */
export function stem(word: string): string {
  if (word.length <= 4 || /\d/.test(word) || isCjk(word)) return word;
  let w = word;
  if (w.endsWith("ies") && w.length > 5) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) w = w.slice(0, -1);
  if (w.length > 6 && w.endsWith("ing")) w = w.slice(0, -3);
  else if (w.length > 5 && w.endsWith("ed")) w = w.slice(0, -2);
  else if (w.length > 5 && w.endsWith("ly")) w = w.slice(0, -2);
  if (w.length > 5 && w.endsWith("e")) w = w.slice(0, -1);
  return w;
}

/** The analysed form of one text: weighted stems, bigrams, character n-grams, numbers, names. */
export interface TextAnalysis {
  /** stem → IDF weight (binary term frequency). */
  weights: Map<string, number>;
  norm2: number;
  total: number;
  /** Word-stem bigrams as a set of numeric keys (`bigramKey`; empty when analysed with `bigrams: false`). */
  bigrams: GramSet;
  /** Character `CHAR_NGRAM`-grams as a set of numeric keys (empty when analysed with `grams: false`). */
  grams: GramSet;
  numbers: Set<string>;
  /** Name words (empty when analysed with `names: false`). */
  names: Set<string>;
  /** Raw lower-cased tokens (for matched-terms display); empty when analysed with `tokenSet: false`. */
  tokens: Set<string>;
  /** With `tokenSet: false`: the raw lower-cased tokens in order, repeats kept (the members of `tokens`). */
  pieces?: string[];
  /** CJK runs of the text, whole (for showing matched words instead of bigrams). */
  cjkRuns: string[];
  /** Characters of the normalised text analysed (at most `MAX_FEATURE_TEXT_CHARS`). */
  textLength: number;
}

/** Which optional parts of a `TextAnalysis` to compute (all by default; candidates skip what features never read). */
export interface AnalyzeOptions {
  grams?: boolean;
  names?: boolean;
  bigrams?: boolean;
  /** `false`: no `tokens` set, the tokens are listed in `pieces` (a candidate's tokens are only looked up). */
  tokenSet?: boolean;
}

const HAS_DIGIT = /\d/;
/** Shared empty members of analyses: never added to (an analysis is read-only once made). */
const EMPTY_STRINGS: Set<string> = new Set<string>();
const EMPTY_LIST: string[] = [];

/** What the analysis needs of one word (or CJK bigram): cached, since the same words come back in every text. */
interface PieceInfo {
  digit: boolean;
  /** A stop-word or a one-letter word: not weighted. */
  skip: boolean;
  stem: string;
  weight: number;
  /** A 32-bit hash of `stem` (the stem-bigram keys). */
  hash: number;
}

/** Words whose `PieceInfo` is kept (for the shipped IDF table only); the cache is dropped when full. */
export const PIECE_CACHE_ENTRIES = 50_000;
const pieceCache = new Map<string, PieceInfo>();

function computePieceInfo(piece: string, inCjkToken: boolean, idf: IdfTable): PieceInfo {
  const digit = HAS_DIGIT.test(piece);
  const skip = EN_STOPWORDS.has(piece) || (piece.length < 2 && !digit);
  if (skip) return { digit, skip, stem: piece, weight: 0, hash: 0 };
  // A mixed token ("abc中文") is CJK as a whole, yet some of its bigrams ("ab") are not.
  const cjk = inCjkToken && isCjk(piece);
  const s = cjk ? piece : stem(piece);
  return { digit, skip, stem: s, weight: cjk ? cjkBigramWeight(idf) : idf.idf(piece), hash: fnv1a(s) };
}

/**
 * A 53-bit key of a stem bigram from its stems' hashes. The low 32 bits are a bijection of either hash when the other
 * is fixed, so two bigrams that share a stem never collide (unless their other stems' hashes do); others collide
 * with a probability around 2^-53.
 */
function bigramKey(a: number, b: number): number {
  const low = Math.imul(b ^ ((a << 13) | (a >>> 19)), 0x9e3779b1) >>> 0;
  const high = Math.imul(a ^ Math.imul(b, 0x85ebca6b), 0xc2b2ae35) >>> 11;
  return high * 0x100000000 + low;
}

function pieceInfo(piece: string, inCjkToken: boolean, idf: IdfTable): PieceInfo {
  if (idf !== defaultIdf()) return computePieceInfo(piece, inCjkToken, idf);
  // A piece of a CJK token is a bigram; the same string as a whole token is the same bigram or word, same info.
  let info = pieceCache.get(piece);
  if (info === undefined) {
    info = computePieceInfo(piece, inCjkToken, idf);
    if (pieceCache.size >= PIECE_CACHE_ENTRIES) pieceCache.clear();
    pieceCache.set(piece, info);
  }
  return info;
}

/**
 * `analyzeText`'s loop over the bigrams of a CJK run (every character CJK), without the word-info cache: what
 * `computePieceInfo` gives each of them is known (no digit, no stop-word, the stop-words being ASCII; the bigram is its
 * own stem; `weight`), and a Chinese candidate has ~8× the pieces of an English one of the same length (issue 15). A
 * function of its own, so the loop over other words stays as small as it was.
 */
function addRunBigrams(
  bigrams: readonly string[],
  pieces: Set<string> | string[],
  stemKeys: number[] | undefined,
  weights: Map<string, number>,
  weight: number,
): void {
  for (const piece of bigrams) {
    if (Array.isArray(pieces)) pieces.push(piece);
    else pieces.add(piece);
    // A one-character run (one code unit) is skipped like any one-letter word.
    if (piece.length < 2) continue;
    stemKeys?.push(fnv1a(piece));
    const before = weights.get(piece);
    if (before === undefined || weight > before) weights.set(piece, weight);
  }
}

/** Analyses a text for the features. */
export function analyzeText(raw: string, idf: IdfTable = defaultIdf(), options: AnalyzeOptions = {}): TextAnalysis {
  const text = normalizeText(raw).slice(0, MAX_FEATURE_TEXT_CHARS);
  const weights = new Map<string, number>();
  const wantTokenSet = options.tokenSet !== false;
  const tokens = wantTokenSet ? new Set<string>() : EMPTY_STRINGS;
  const pieceList: string[] = [];
  // Sets and lists a text often has none of are allocated at their first member (the shared empty ones are never
  // added to): less garbage a candidate (issue 15).
  let numbers: Set<string> | undefined;
  const wantBigrams = options.bigrams !== false;
  const stemKeys: number[] = [];
  const allTokens = tokenizeNormalized(text);
  let cjkRuns: string[] | undefined;
  // A text with no CJK character has no CJK token (most texts: one test instead of one a token).
  const anyCjk = isCjk(text);
  for (const token of allTokens) {
    // A CJK run is analysed as its bigrams; any other token as itself.
    let pieces: string[] | undefined;
    if (anyCjk && isCjk(token)) {
      (cjkRuns ??= []).push(token);
      pieces = cjkBigrams(token);
      if (isCjkRun(token)) {
        addRunBigrams(pieces, wantTokenSet ? tokens : pieceList, wantBigrams ? stemKeys : undefined, weights, cjkBigramWeight(idf));
        continue;
      }
    }
    const count = pieces ? pieces.length : 1;
    for (let k = 0; k < count; k++) {
      const piece = pieces ? pieces[k]! : token;
      if (wantTokenSet) tokens.add(piece);
      else pieceList.push(piece);
      const info = pieceInfo(piece, pieces !== undefined, idf);
      if (info.digit) (numbers ??= new Set()).add(piece);
      if (info.skip) continue;
      const s = info.stem;
      if (wantBigrams) stemKeys.push(info.hash);
      const w = info.weight;
      const before = weights.get(s);
      if (before === undefined || w > before) weights.set(s, w);
    }
  }
  let bigrams = EMPTY_GRAM_SET;
  if (stemKeys.length > 1) {
    const keys = new Array<number>(stemKeys.length - 1);
    for (let i = 0; i + 1 < stemKeys.length; i++) keys[i] = bigramKey(stemKeys[i]!, stemKeys[i + 1]!);
    bigrams = keySet(keys);
  }
  let norm2 = 0;
  let total = 0;
  for (const w of weights.values()) {
    norm2 += w * w;
    total += w;
  }
  const grams = options.grams === false ? EMPTY_GRAM_SET : charGramSet(allTokens);
  const names = options.names === false ? EMPTY_STRINGS : nameWords(text);
  return {
    weights,
    norm2,
    total,
    bigrams,
    grams,
    numbers: numbers ?? EMPTY_STRINGS,
    names,
    tokens,
    cjkRuns: cjkRuns ?? EMPTY_LIST,
    textLength: text.length,
    ...(wantTokenSet ? {} : { pieces: pieceList }),
  };
}

export function cosine(a: TextAnalysis, b: TextAnalysis): number {
  if (a.norm2 === 0 || b.norm2 === 0) return 0;
  // Keys, then values by key, in insertion order (the sum's order): `for (const [s, w] of map)` allocated an entry
  // array per stem, `forEach` a closure and its context per call (issue 15: a lookup's top garbage, in turn).
  const swap = a.weights.size > b.weights.size;
  const small = swap ? b.weights : a.weights;
  const big = swap ? a.weights : b.weights;
  let dot = 0;
  for (const s of small.keys()) {
    const other = big.get(s);
    if (other !== undefined) dot += small.get(s)! * other;
  }
  return dot / Math.sqrt(a.norm2 * b.norm2);
}

export function coverage(of: TextAnalysis, inside: TextAnalysis): number {
  if (of.total === 0) return 0;
  let hit = 0;
  const weights = inside.weights;
  for (const s of of.weights.keys()) if (weights.has(s)) hit += of.weights.get(s)!;
  return hit / of.total;
}

/** `coverage(of, inside)` with the whole record as `inside` (same sum, same order). */
function coverageIn(of: TextAnalysis, inside: RecordTerms): number {
  if (of.total === 0) return 0;
  let hit = 0;
  for (const s of of.weights.keys()) if (inside.hasStem(s)) hit += of.weights.get(s)!;
  return hit / of.total;
}

function countCommon(a: Set<string>, b: Set<string>): number {
  let n = 0;
  for (const x of a) if (b.has(x)) n++;
  return n;
}

/**
 * What the features ask of a whole record (claim and wordings, title, summary, claimant): does a stem, a token or a
 * number occur in it. Answered from the parts' analyses (their union) without building the union.
 */
export interface RecordTerms {
  hasStem(stem: string): boolean;
  hasToken(token: string): boolean;
  hasNumber(number: string): boolean;
  /** How many of `words` are tokens of the record. */
  countTokens(words: ReadonlySet<string>): number;
}

/** The analysed texts of one candidate fact-check. */
export interface CandidateAnalysis {
  /** The claim and each of its other wordings (`altClaims`, often other languages), analysed apart. */
  claims: TextAnalysis[];
  title: TextAnalysis;
  all: RecordTerms;
}

/** At most this many other wordings of a claim are compared with the post. */
export const MAX_ALT_CLAIMS = 5;

/**
 * Text analyses of candidates kept between lookups, keyed by the text and what was analysed (a record's claim,
 * title, summary; a text analysed a second time, in two records or two lookups, is kept from then on: see
 * `SEEN_PART_KEYS`), bounded by their estimated size in bytes (the estimate is ~20% under the real heap; 6 MiB holds
 * ~1,500 texts, ~500 records: the hot set of a group, the fact-checks posts keep meeting; at 200k records a larger
 * cache bought no speed in `npm run bench` but RSS).
 */
export const CANDIDATE_CACHE_BYTES = 6 * 1024 * 1024;
type PartEntry = { analysis: TextAnalysis; bytes: number };
/**
 * The cache's two generations, each with one map per kind keyed by the text itself (no key string to build). New
 * analyses and hits of the old generation go to the young one; when the young one holds half the bytes, the old one
 * is dropped whole and the young one becomes old. Nearly an LRU, at O(1) a call: evicting the oldest entry of a
 * `Map`/`Set` one by one had to skip the deleted entries at its front (~0.7 µs a miss, a miss per candidate text).
 */
type Generation = { maps: Record<PartKind, Map<string, PartEntry>>; bytes: number; entries: number };
const newGeneration = (): Generation => ({ maps: { claim: new Map(), title: new Map(), lean: new Map() }, bytes: 0, entries: 0 });
let youngParts = newGeneration();
let oldParts = newGeneration();

function keepPart(kind: PartKind, key: string, entry: PartEntry): void {
  youngParts.maps[kind].set(key, entry);
  youngParts.bytes += entry.bytes;
  youngParts.entries++;
  if (youngParts.bytes > CANDIDATE_CACHE_BYTES / 2) {
    oldParts = youngParts;
    youngParts = newGeneration();
  }
}

/** Rough heap bytes of a map/set entry and of a string of n UTF-16 units (V8, 64-bit, compressed pointers). */
const ENTRY_BYTES = 40;
const stringBytes = (s: string) => 16 + 2 * s.length;

function analysisBytes(t: TextAnalysis): number {
  let bytes = 400 + t.grams.byteLength + t.bigrams.byteLength;
  for (const s of t.weights.keys()) bytes += ENTRY_BYTES + stringBytes(s);
  for (const set of [t.numbers, t.tokens]) for (const s of set) bytes += ENTRY_BYTES + stringBytes(s);
  for (const s of t.cjkRuns) bytes += 8 + stringBytes(s);
  if (t.pieces) for (const s of t.pieces) bytes += 8 + stringBytes(s);
  return bytes;
}

/** Entries (analysed texts) and estimated bytes of the candidate-analysis cache (for benchmarks and tests). */
export function candidateCacheStats(): { entries: number; bytes: number } {
  return { entries: youngParts.entries + oldParts.entries, bytes: youngParts.bytes + oldParts.bytes };
}

/** Empties the candidate-analysis cache (tests). */
export function clearCandidateCache(): void {
  youngParts = newGeneration();
  oldParts = newGeneration();
  forgetSeenParts();
}

/** The analyses a candidate needs: a claim wording (no names), a title (no names, no bigrams), a lean text. */
type PartKind = "claim" | "title" | "lean";
const PART_OPTIONS: Record<PartKind, AnalyzeOptions> = {
  claim: { names: false, tokenSet: false },
  title: { names: false, bigrams: false, tokenSet: false },
  lean: { grams: false, names: false, bigrams: false, tokenSet: false },
};

/**
 * `analyzeText(text, idf, PART_OPTIONS[kind])`, from the cache when `idf` is the shipped table (two generations
 * bounded by bytes, see `keepPart`). A lean text (a summary, a whole record) is cached under what `analyzeText` reads
 * of it, `normalizeText(text)` cut to `MAX_FEATURE_TEXT_CHARS` (`normalized`, when the caller has it): a long article
 * body is not kept whole as a key.
 */
function analyzePart(text: string, kind: PartKind, idf: IdfTable, normalized?: string): TextAnalysis {
  if (idf !== defaultIdf()) return analyzeText(text, idf, PART_OPTIONS[kind]);
  const key = kind === "lean" ? (normalized ?? normalizeText(text)).slice(0, MAX_FEATURE_TEXT_CHARS) : text;
  const young = youngParts.maps[kind].get(key);
  if (young) return young.analysis;
  const old = oldParts.maps[kind].get(key);
  if (old) {
    // Still in use: moved to the young generation, so it outlives the old one.
    oldParts.maps[kind].delete(key);
    oldParts.bytes -= old.bytes;
    oldParts.entries--;
    keepPart(kind, key, old);
    return old.analysis;
  }
  const analysis = analyzeText(text, idf, PART_OPTIONS[kind]);
  // A text in a CJK script is kept at once: its analysis (character bigrams) costs several times a Latin text's, and
  // posts in these scripts keep meeting the same few thousand fact-checks (admitted at second sight, the bench's 25
  // Chinese posts analysed 1.7–1.9× as many texts, and their DM p50 went from 7.5–8.0 to 9.3 ms).
  if (analysis.cjkRuns.length > 0 || seenBefore(kind, key)) keepPart(kind, key, { analysis, bytes: stringBytes(key) + analysisBytes(analysis) });
  return analysis;
}

/**
 * A text enters the cache at its second analysis (one in a CJK script at its first); its first only notes a 30-bit
 * hash of its key here (a small integer: a set of them holds no object per key; at most this many, all forgotten at
 * once past the bound, ~1 MB). Most candidates of a DM lookup are never candidates again (200k bench: 18% of the rows
 * a pass reads are read again); caching them at first sight kept every analysis alive past a young-generation
 * collection, so V8 copied it, promoted it and collected it with a mark-compact (issue 15, session 22: 178 → 49 MB
 * promoted over the 500 bench posts). Two texts with one hash only cost a text kept at its first analysis.
 */
export const SEEN_PART_KEYS = 65_536;
/** Set apart the notes of one text analysed as two kinds (a claim that is also a title). */
const KIND_SALT: Record<PartKind, number> = { claim: 0, title: 0x15555555, lean: 0x2aaaaaaa };
let seenParts = new Set<number>();
function forgetSeenParts(): void {
  seenParts = new Set();
}

/** Whether `key` was analysed as `kind` before (its note is then dropped); if not, notes it (`fnv1a` cut to 30 bits). */
function seenBefore(kind: PartKind, key: string): boolean {
  const note = (fnv1a(key) ^ KIND_SALT[kind]) & 0x3fffffff;
  if (seenParts.delete(note)) return true;
  if (seenParts.size >= SEEN_PART_KEYS) forgetSeenParts();
  seenParts.add(note);
  return false;
}

/**
 * The terms of texts joined by a space: the union of their terms (they tokenize to the union of their tokens). The
 * token set is built at the first `hasToken` only; `countTokens` scans the tokens without building it. A class, so a
 * candidate's record shares its methods instead of holding four closures.
 */
class UnionTerms implements RecordTerms {
  #tokenSet: Set<string> | undefined;
  constructor(private readonly parts: readonly TextAnalysis[]) {}

  hasStem(s: string): boolean {
    for (const p of this.parts) if (p.weights.has(s)) return true;
    return false;
  }

  hasNumber(n: string): boolean {
    for (const p of this.parts) if (p.numbers.has(n)) return true;
    return false;
  }

  hasToken(w: string): boolean {
    if (!this.#tokenSet) {
      this.#tokenSet = new Set();
      for (const p of this.parts) for (const t of p.pieces ?? p.tokens) this.#tokenSet.add(t);
    }
    return this.#tokenSet.has(w);
  }

  countTokens(words: ReadonlySet<string>): number {
    if (words.size === 0) return 0;
    if (this.#tokenSet) return countCommon(words as Set<string>, this.#tokenSet);
    let found: Set<string> | undefined;
    for (const p of this.parts) for (const t of p.pieces ?? p.tokens) if (words.has(t)) (found ??= new Set()).add(t);
    return found?.size ?? 0;
  }
}

/**
 * The terms of the whole record text (claim and wordings, title, summary, claimant), as
 * `analyzeText(all, idf, { grams: false, names: false, bigrams: false })` has them (the features ask for its stems,
 * tokens and numbers only). When nothing is cut (every wording analysed, the joined text within
 * `MAX_FEATURE_TEXT_CHARS`), they are those of the parts already analysed plus the summary and claimant: texts
 * joined by a space tokenize to the union of their tokens, so the claim and title are not tokenized twice.
 */
function wholeRecord(fc: FactCheck, claims: readonly TextAnalysis[], title: TextAnalysis | undefined, idf: IdfTable): RecordTerms {
  if ((fc.altClaims?.length ?? 0) > MAX_ALT_CLAIMS) return new UnionTerms([analyzePart(wholeText(fc), "lean", idf)]);
  // The summary and claimant are analysed only when the whole text is not cut (their analysis would be unused).
  const restText = `${fc.summary ?? ""} \n ${fc.claimant ?? ""}`;
  const restNormalized = normalizeText(restText);
  let length = Math.min(restNormalized.length, MAX_FEATURE_TEXT_CHARS) + 1;
  for (const part of claims) length += part.textLength + 1;
  if (title) length += title.textLength + 1;
  if (length > MAX_FEATURE_TEXT_CHARS) return new UnionTerms([analyzePart(wholeText(fc), "lean", idf)]);
  const parts = claims.slice();
  if (title) parts.push(title);
  parts.push(analyzePart(restText, "lean", idf, restNormalized));
  return new UnionTerms(parts);
}

/** A record's whole text (claim and wordings, title, summary, claimant), built only when it is analysed whole. */
function wholeText(fc: FactCheck): string {
  return [[fc.claim, ...(fc.altClaims ?? [])].join(" \n "), fc.title ?? "", fc.summary ?? "", fc.claimant ?? ""].join(" \n ");
}

/**
 * Analyses a candidate: its claim (and other wordings), title and the whole record text. Each text's analysis is
 * cached by the text (see `CANDIDATE_CACHE_BYTES`).
 */
export function analyzeCandidate(fc: FactCheck, idf: IdfTable = defaultIdf()): CandidateAnalysis {
  // Only what `computeFeatureValues` reads: names are the post's only; bigrams the claims' only.
  const claims = [analyzePart(fc.claim, "claim", idf)];
  const alternatives = fc.altClaims ?? [];
  for (let i = 0; i < alternatives.length && i < MAX_ALT_CLAIMS; i++) claims.push(analyzePart(alternatives[i]!, "claim", idf));
  const ownTitle = fc.title?.trim() ? analyzePart(fc.title, "title", idf) : undefined;
  return {
    claims,
    // The models learnt from collections where every fact-check has a title; many publishers' records have none
    // (VERITAS, ClaimReview without headline). The claim is the closest stand-in: an empty title would read as
    // "nothing in common" and push a verbatim match below the group threshold.
    title: ownTitle ?? claims[0]!,
    all: wholeRecord(fc, claims, ownTitle, idf),
  };
}

/** What retrieval knows about a candidate. */
export interface RetrievalEvidence {
  /** Best 0-based rank over the queries (URL hits count as rank 0). */
  bestRank: number;
  /** Best backend score divided by the best score of the same query (0..1). */
  bestScoreNorm: number;
  /** Share of the post's queries that returned it (0..1). */
  queryHits: number;
  urlHit: boolean;
  /** Days between the post (its own date, else now) and the review, or null when the review date is unknown. */
  daysApart?: number | null;
  /** Lower-cased name words of the post's author, when known. */
  authorWords?: readonly string[];
  /** The post's windows (sentences and pairs of them), analysed; absent or empty: the whole post is the window. */
  windows?: readonly TextAnalysis[];
}

/** Review dates before this year are placeholders (undated collections), not dates. */
export const FIRST_REAL_REVIEW_YEAR = 1990;

/** Days between a post date and a review date (`YYYY-MM-DD`), or null when the review date is a placeholder. */
export function daysBetween(postDate: Date, reviewDate: string): number | null {
  const ms = Date.parse(`${reviewDate}T00:00:00Z`);
  if (!Number.isFinite(ms) || new Date(ms).getUTCFullYear() < FIRST_REAL_REVIEW_YEAR) return null;
  return Math.abs(postDate.getTime() - ms) / 86_400_000;
}

/** The longest stretches of the post's CJK runs whose every bigram occurs in the candidate (shown, not scored). */
function cjkMatches(runs: readonly string[], candidateHas: (token: string) => boolean): string[] {
  const out: string[] = [];
  for (const run of runs) {
    const chars = Array.from(run);
    let start = -1;
    for (let i = 0; i + 1 <= chars.length; i++) {
      const ok = i + 1 < chars.length && candidateHas(chars[i]! + chars[i + 1]!);
      if (ok && start < 0) start = i;
      if (!ok && start >= 0) {
        out.push(chars.slice(start, i + 1).join(""));
        start = -1;
      }
    }
  }
  return [...new Set(out)].sort((a, b) => b.length - a.length);
}

/** Per-candidate feature vector (`BASE_FEATURE_NAMES`, `DATE_FEATURE_NAMES`, then `WINDOW_FEATURE_NAMES`). */
export function computeFeatureValues(post: TextAnalysis, candidate: CandidateAnalysis, evidence: RetrievalEvidence): number[] {
  let numbersCommon = 0;
  for (const n of post.numbers) if (candidate.all.hasNumber(n)) numbersCommon++;
  // The wording closest to the post stands for the claim (a Korean post meets the Korean wording).
  let claim = candidate.claims[0]!;
  let claimCos = 0;
  let claimChar = 0;
  let best = -1;
  for (const wording of candidate.claims) {
    const cos = cosine(post, wording);
    const char = gramCosine(post.grams, wording.grams);
    const closeness = cos + char;
    if (closeness > best) [best, claim, claimCos, claimChar] = [closeness, wording, cos, char];
  }
  // The title is in the claim's first language; when another wording fits better, the post is in another language
  // and that wording stands for the title too.
  const title = claim === candidate.claims[0] ? candidate.title : claim;
  const sameTitle = title === claim;
  const coverClaim = coverage(claim, post);
  const windows =
    evidence.windows && evidence.windows.length > 0
      ? windowFeatureValues(evidence.windows, claim)
      : // The post is its one window: its cosine and the claim's coverage are those computed above.
        windowFeatureValues([post], claim, { cos: claimCos, claimCover: coverClaim });
  return [
    1 / (1 + evidence.bestRank),
    evidence.bestScoreNorm,
    evidence.queryHits,
    claimCos,
    sameTitle ? claimCos : cosine(post, title),
    coverageIn(post, candidate.all),
    coverClaim,
    claimChar,
    sameTitle ? claimChar : gramCosine(post.grams, title.grams),
    claim.bigrams.length === 0 ? 0 : commonGrams(post.bigrams, claim.bigrams) / claim.bigrams.length,
    Math.min(numbersCommon, 3) / 3,
    claim.numbers.size > 0 && countCommon(claim.numbers, post.numbers) === 0 ? 1 : 0,
    Math.min(candidate.all.countTokens(post.names), 3) / 3,
    evidence.urlHit ? 1 : 0,
    Math.log1p(post.weights.size) / 5,
    Math.log1p(claim.weights.size) / 5,
    evidence.daysApart === null || evidence.daysApart === undefined ? 0 : 1 / (1 + evidence.daysApart / 90),
    evidence.daysApart === null ? 1 : 0,
    evidence.authorWords && evidence.authorWords.length > 0
      ? evidence.authorWords.filter((w) => candidate.all.hasToken(w)).length / evidence.authorWords.length
      : 0,
    ...windows,
  ];
}

/** The post words found in a candidate, best first, as shown in a reply (at most 10). */
export function matchedTermsOf(post: TextAnalysis, candidate: CandidateAnalysis): string[] {
  const matchedTerms = [...post.weights.entries()]
    .filter(([s]) => candidate.all.hasStem(s))
    .sort((a, b) => b[1] - a[1])
    .map(([s]) => s)
    .slice(0, 10);
  const display = matchedTerms.filter((s) => !isCjk(s)).map((s) => [...post.tokens].find((t) => stem(t) === s) ?? s);
  return [...cjkMatches(post.cjkRuns, (token) => candidate.all.hasToken(token)), ...display].slice(0, 10);
}

/** Per-candidate feature vector (`BASE_FEATURE_NAMES` then `DATE_FEATURE_NAMES`) and the post words found in it. */
export function computeFeatures(
  post: TextAnalysis,
  candidate: CandidateAnalysis,
  evidence: RetrievalEvidence,
): { values: number[]; matchedTerms: string[] } {
  return { values: computeFeatureValues(post, candidate, evidence), matchedTerms: matchedTermsOf(post, candidate) };
}
