/**
 * Character n-gram sets as sorted, de-duplicated `Float64Array`s of numeric gram keys instead of `Set<string>`:
 * no string per gram (the lookup's former top cost and most of its garbage), ~8 bytes a gram when cached, and set
 * intersection by a merge. The keys keep the cosine numerically the same as with strings:
 * - a gram of 4 UTF-16 code units all below U+2000 (Latin, Greek, Cyrillic, Hebrew, Arabic, Indic, …) packs
 *   exactly into 52 bits (13 bits a unit), so it cannot collide;
 * - any other gram (CJK, Hangul, astral characters) gets a 52-bit hash above 2^52 (two 32-bit hashes); a collision
 *   between two different grams of one comparison has a probability around n·m / 2^52 (~1e-10 for two long texts).
 */

/** Character n-gram size (`CHAR_NGRAM` of features.ts). */
export const GRAM_SIZE = 4;

/** A sorted set of gram keys (ascending, no duplicates). */
export type GramSet = Float64Array;

const EXACT_UNIT_LIMIT = 0x2000;
const TWO_13 = 0x2000;
const TWO_26 = TWO_13 * TWO_13;
const TWO_39 = TWO_26 * TWO_13;
const TWO_52 = TWO_39 * TWO_13;
const TWO_20 = 0x100000;
const EMPTY: GramSet = new Float64Array(0);

/** Two independent 32-bit hashes (FNV-1a and a multiply-xorshift) of code units, folded into 52 bits above 2^52. */
function hashedKey(s: string, from: number, to: number): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x9e3779b9;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x85ebca6b);
    h2 ^= h2 >>> 13;
  }
  h2 = Math.imul(h2 ^ (h2 >>> 16), 0xc2b2ae35);
  h2 ^= h2 >>> 16;
  return TWO_52 + (h1 >>> 0) * TWO_20 + ((h2 >>> 0) & (TWO_20 - 1));
}

function sortedUnique(keys: Float64Array): GramSet {
  if (keys.length === 0) return EMPTY;
  keys.sort();
  let n = 1;
  for (let i = 1; i < keys.length; i++) if (keys[i] !== keys[n - 1]) keys[n++] = keys[i]!;
  // A copy of the exact size, so a cached set does not keep the larger buffer alive.
  return keys.slice(0, n);
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
    const keys = new Float64Array(n);
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
    return sortedUnique(keys);
  }
  // Astral characters (two code units each): grams of code points, hashed.
  const chars = Array.from(flat);
  const n = chars.length - GRAM_SIZE + 1;
  if (n <= 0) return EMPTY;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const gram = chars.slice(i, i + GRAM_SIZE).join("");
    keys[i] = gram.length === GRAM_SIZE && !/[\uD800-\uDFFF]/.test(gram) && isExact(gram) ? exactKey(gram) : hashedKey(gram, 0, gram.length);
  }
  return sortedUnique(keys);
}

function isExact(gram: string): boolean {
  for (let i = 0; i < gram.length; i++) if (gram.charCodeAt(i) >= EXACT_UNIT_LIMIT) return false;
  return true;
}

function exactKey(gram: string): number {
  return gram.charCodeAt(0) * TWO_39 + gram.charCodeAt(1) * TWO_26 + gram.charCodeAt(2) * TWO_13 + gram.charCodeAt(3);
}

/** Grams two sets have in common (sorted merge; binary search from the smaller set when sizes differ a lot). */
export function commonGrams(a: GramSet, b: GramSet): number {
  const [small, big] = a.length <= b.length ? [a, b] : [b, a];
  if (small.length === 0) return 0;
  let common = 0;
  if (small.length * 8 < big.length) {
    let lo = 0;
    for (let i = 0; i < small.length; i++) {
      const x = small[i]!;
      let hi = big.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (big[mid]! < x) lo = mid + 1;
        else hi = mid;
      }
      if (lo < big.length && big[lo] === x) common++;
    }
    return common;
  }
  let i = 0;
  let j = 0;
  while (i < small.length && j < big.length) {
    const x = small[i]!;
    const y = big[j]!;
    if (x === y) {
      common++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return common;
}

/** Cosine of two gram sets as binary vectors: common / √(|a|·|b|); 0 when either is empty. */
export function gramCosine(a: GramSet, b: GramSet): number {
  if (a.length === 0 || b.length === 0) return 0;
  return commonGrams(a, b) / Math.sqrt(a.length * b.length);
}
