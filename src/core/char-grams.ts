/**
 * Character n-gram sets as de-duplicated `Float64Array`s of numeric gram keys instead of `Set<string>`: no string per
 * gram (the lookup's former top cost and most of its garbage), ~8 bytes a gram when cached. The keys keep the cosine
 * numerically the same as with strings:
 * - a gram of 4 UTF-16 code units all below U+2000 (Latin, Greek, Cyrillic, Hebrew, Arabic, Indic, …) packs
 *   exactly into 52 bits (13 bits a unit), so it cannot collide;
 * - any other gram (CJK, Hangul, astral characters) gets a 52-bit hash above 2^52 (two 32-bit hashes); a collision
 *   between two different grams of one comparison has a probability around n·m / 2^52 (~1e-10 for two long texts).
 * A set is de-duplicated through an open-addressing table (issue 15: sorting each candidate's keys was ~45% of
 * analysing a claim), so its keys are in first-seen order; sets are intersected by probing a table of the first set,
 * built once per set (a post is compared with every candidate).
 */

/** Character n-gram size (`CHAR_NGRAM` of features.ts). */
export const GRAM_SIZE = 4;

/** A set of gram keys (no duplicates, in first-seen order). */
export type GramSet = Float64Array;

const EXACT_UNIT_LIMIT = 0x2000;
const TWO_13 = 0x2000;
const TWO_26 = TWO_13 * TWO_13;
const TWO_39 = TWO_26 * TWO_13;
const TWO_52 = TWO_39 * TWO_13;
const TWO_20 = 0x100000;
/** The empty set (shared: a set is never written to once made). */
export const EMPTY_GRAM_SET: GramSet = new Float64Array(0);
const EMPTY = EMPTY_GRAM_SET;

/** 32-bit FNV-1a of the code units `from`..`to` of `s` (also the stem hash of features.ts' bigram keys). */
export function fnv1a(s: string, from = 0, to = s.length): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Two independent 32-bit hashes (FNV-1a and a multiply-xorshift) of code units, folded into 52 bits above 2^52. */
function hashedKey(s: string, from: number, to: number): number {
  let h2 = 0x9e3779b9;
  for (let i = from; i < to; i++) {
    h2 = Math.imul(h2 ^ s.charCodeAt(i), 0x85ebca6b);
    h2 ^= h2 >>> 13;
  }
  h2 = Math.imul(h2 ^ (h2 >>> 16), 0xc2b2ae35);
  h2 ^= h2 >>> 16;
  return TWO_52 + fnv1a(s, from, to) * TWO_20 + ((h2 >>> 0) & (TWO_20 - 1));
}

/** A 52-bit key of a whole string (the hashed gram key; the term keys of src/search/memory-postings.ts). */
export function textKey(s: string): number {
  return hashedKey(s, 0, s.length);
}

/** Scratch space of `distinct` (grown as needed): the keys of one text, and a table stamped per text. */
let scratchKeys = new Float64Array(2048);
let scratchTable = new Float64Array(4096);
let scratchStamps = new Uint32Array(4096);
let stamp = 0;

/** Table slot of a key (an integer below 2^53) in a table of 2^bits slots. */
function slotOf(key: number, shift: number): number {
  return Math.imul((key >>> 0) ^ Math.imul((key / 4294967296) | 0, 0x9e3779b1), 0x85ebca6b) >>> shift;
}

/** The first `n` keys of `keys`, each once, in first-seen order (a copy of the exact size). */
function distinct(keys: Float64Array, n: number): GramSet {
  if (n === 0) return EMPTY;
  let bits = 12;
  while (1 << bits < 2 * n) bits++;
  if (scratchTable.length < 1 << bits) {
    scratchTable = new Float64Array(1 << bits);
    scratchStamps = new Uint32Array(1 << bits);
    stamp = 0;
  }
  const table = scratchTable;
  const stamps = scratchStamps;
  const mask = (1 << bits) - 1;
  const shift = 32 - bits;
  stamp = (stamp + 1) >>> 0;
  if (stamp === 0) {
    stamps.fill(0);
    stamp = 1;
  }
  let u = 0;
  for (let i = 0; i < n; i++) {
    const key = keys[i]!;
    for (let h = slotOf(key, shift); ; h = (h + 1) & mask) {
      if (stamps[h] !== stamp) {
        stamps[h] = stamp;
        table[h] = key;
        keys[u++] = key;
        break;
      }
      if (table[h] === key) break;
    }
  }
  return keys.slice(0, u);
}

/** A set of any numeric keys (integers below 2^53, such as the stem-bigram keys of features.ts), first-seen order. */
export function keySet(keys: readonly number[]): GramSet {
  const scratch = keysFor(keys.length);
  for (let i = 0; i < keys.length; i++) scratch[i] = keys[i]!;
  return distinct(scratch, keys.length);
}

/** `n` keys of scratch space. */
function keysFor(n: number): Float64Array {
  if (scratchKeys.length < n) scratchKeys = new Float64Array(2 * n);
  return scratchKeys;
}

/**
 * The distinct character `GRAM_SIZE`-grams of ` token token … ` (tokens joined by one space, one space around),
 * counted in code points like `Array.from` does.
 */
export function charGramSet(tokens: readonly string[]): GramSet {
  const flat = ` ${tokens.join(" ")} `;
  if (!/[\uD800-\uDFFF]/.test(flat)) {
    const n = flat.length - GRAM_SIZE + 1;
    if (n <= 0) return EMPTY;
    const keys = keysFor(n);
    for (let i = 0; i < n; i++) {
      const c0 = flat.charCodeAt(i);
      const c1 = flat.charCodeAt(i + 1);
      const c2 = flat.charCodeAt(i + 2);
      const c3 = flat.charCodeAt(i + 3);
      keys[i] =
        c0 < EXACT_UNIT_LIMIT && c1 < EXACT_UNIT_LIMIT && c2 < EXACT_UNIT_LIMIT && c3 < EXACT_UNIT_LIMIT
          ? c0 * TWO_39 + c1 * TWO_26 + c2 * TWO_13 + c3
          : hashedKey(flat, i, i + GRAM_SIZE);
    }
    return distinct(keys, n);
  }
  // Astral characters (two code units each): grams of code points, hashed.
  const chars = Array.from(flat);
  const n = chars.length - GRAM_SIZE + 1;
  if (n <= 0) return EMPTY;
  const keys = keysFor(n);
  for (let i = 0; i < n; i++) {
    const gram = chars.slice(i, i + GRAM_SIZE).join("");
    keys[i] = gram.length === GRAM_SIZE && !/[\uD800-\uDFFF]/.test(gram) && isExact(gram) ? exactKey(gram) : hashedKey(gram, 0, gram.length);
  }
  return distinct(keys, n);
}

function isExact(gram: string): boolean {
  for (let i = 0; i < gram.length; i++) if (gram.charCodeAt(i) >= EXACT_UNIT_LIMIT) return false;
  return true;
}

function exactKey(gram: string): number {
  return gram.charCodeAt(0) * TWO_39 + gram.charCodeAt(1) * TWO_26 + gram.charCodeAt(2) * TWO_13 + gram.charCodeAt(3);
}

/** A set's keys in an open-addressing table (NaN = empty slot), with its shift. */
interface GramTable {
  slots: Float64Array;
  shift: number;
}
const tables = new WeakMap<GramSet, GramTable>();

function tableOf(set: GramSet): GramTable {
  let table = tables.get(set);
  if (table) return table;
  let bits = 4;
  while (1 << bits < 2 * set.length) bits++;
  const slots = new Float64Array(1 << bits).fill(Number.NaN);
  const mask = (1 << bits) - 1;
  const shift = 32 - bits;
  for (const key of set) {
    let h = slotOf(key, shift);
    while (slots[h] === slots[h]) h = (h + 1) & mask;
    slots[h] = key;
  }
  table = { slots, shift };
  tables.set(set, table);
  return table;
}

/**
 * Grams two sets have in common: `b`'s keys probed in a table of `a`'s, built at `a`'s first comparison and kept
 * while `a` lives (pass the set compared with many others first).
 */
export function commonGrams(a: GramSet, b: GramSet): number {
  if (a.length === 0 || b.length === 0) return 0;
  const { slots, shift } = tableOf(a);
  const mask = slots.length - 1;
  let common = 0;
  for (let i = 0; i < b.length; i++) {
    const key = b[i]!;
    for (let h = slotOf(key, shift); ; h = (h + 1) & mask) {
      const slot = slots[h]!;
      if (slot === key) {
        common++;
        break;
      }
      if (slot !== slot) break;
    }
  }
  return common;
}

/** Cosine of two gram sets as binary vectors: common / √(|a|·|b|); 0 when either is empty (`a`: see `commonGrams`). */
export function gramCosine(a: GramSet, b: GramSet): number {
  if (a.length === 0 || b.length === 0) return 0;
  return commonGrams(a, b) / Math.sqrt(a.length * b.length);
}
