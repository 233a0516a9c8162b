import type Database from "better-sqlite3";
import { textKey } from "../core/char-grams.ts";

/**
 * The FTS5 index's postings held in memory, ranked in JavaScript with the very arithmetic of FTS5's `bm25()` (issue
 * 15). FTS5 spends ~1 µs a matching row on bm25 (a docsize lookup, the instance list, the SQL function call), so a
 * query over the posting budget's ~2,400 rows took 2-4 ms at 200k-1M records, half of a lookup. Here a query walks the
 * same postings in typed arrays: same rows, same scores to the last bit, same order (ties by row id, as SQLite's
 * sorter leaves them), checked query by query against FTS5 in test/contract/memory-postings.test.ts and on the bench's
 * queries. Terms are the index's own (read from `fts5vocab`), so no tokenizer is re-implemented: a phrase is served
 * here only when it is one of the index's terms and its posting count is the document frequency FTS5 reported for
 * it; anything else (a phrase of several words, a word with diacritics, a term whose postings did not add up) leaves
 * the whole query to FTS5.
 *
 * Per posting, 4 bytes: the row id (24 bits) and the bm25 term frequency already weighted by column (`10·claim +
 * 4·title + summary`, FTS_COLUMN_WEIGHTS; 8 bits: a term with a higher one in some row is left to FTS5); per term
 * its 52-bit key (sorted, for a binary search) and first posting; per row its length in tokens. 200k bench records:
 * 5.6M postings, ~28 MiB. An index whose row ids reach 2^24 stays in FTS5.
 */
export interface PostingsData {
  /** 52-bit keys of the terms (`textKey`), ascending, and the term number of each. */
  keys: Float64Array;
  terms: Int32Array;
  /** Postings of term t: `offsets[t]` … `offsets[t + 1]` (row ids ascending). */
  offsets: Int32Array;
  /** `rowid · 256 + weighted frequency` per posting. */
  postings: Uint32Array;
  /** 1 for a term whose postings are not usable (counts disagreed, or a weighted frequency over 255). */
  unusable: Uint8Array;
  /** Tokens of each row, all columns (FTS5's `xColumnSize(-1)`), by row id. */
  docLength: Uint32Array;
  /** FTS5's totals (its averages record): rows and tokens, for `avgdl`. */
  rowCount: number;
  tokenCount: number;
}

/** bm25 column weights, by the column names `fts5vocab` reports (FTS_COLUMN_WEIGHTS of the index). */
export type ColumnWeights = Readonly<Record<string, number>>;

const K1 = 1.2;
const B = 0.75;

/** SQLite varints (big-endian groups of 7 bits), as FTS5 writes its averages record and docsize blobs. */
function readVarints(blob: Uint8Array): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < blob.length) {
    let v = 0;
    let byte: number;
    let n = 0;
    do {
      byte = blob[i++]!;
      // The ninth byte of a SQLite varint holds 8 bits; FTS5's counts never get there.
      v = v * 128 + (byte & 0x7f);
      n++;
    } while (byte & 0x80 && n < 9 && i < blob.length);
    out.push(v);
  }
  return out;
}

/**
 * Reads the postings of `fts` (an FTS5 table of `db`, detail=full) in one read transaction: FTS5's totals, the row
 * lengths, the terms with their document counts (`fts5vocab` 'row') and every instance (`fts5vocab` 'instance'),
 * folded into one weighted frequency per (term, row). Seconds at 200k: a served index reads them in steps
 * (`readPostingsSteps`) on a connection of its own.
 */
export function readPostings(db: Database.Database, fts: string, weights: ColumnWeights): PostingsData {
  const steps = readPostingsSteps(db, fts, weights);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Rows read between two steps of `readPostingsSteps` (~10-20 ms). */
export const ROWS_PER_STEP = 16_384;

/**
 * `readPostings` in steps: the generator pauses every `ROWS_PER_STEP` rows, so a caller can read the postings of a
 * served index in slices between lookups (on a connection of its own: its read transaction stays open throughout).
 */
export function* readPostingsSteps(db: Database.Database, fts: string, weights: ColumnWeights): Generator<void, PostingsData, void> {
  let rows = 0;
  const vocabRow = `temp.${fts}_mp_row`;
  const vocabInstance = `temp.${fts}_mp_instance`;
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS ${vocabRow} USING fts5vocab(main, ${fts}, 'row');
           CREATE VIRTUAL TABLE IF NOT EXISTS ${vocabInstance} USING fts5vocab(main, ${fts}, 'instance')`);
  db.exec("BEGIN");
  try {
    const averages = db.prepare(`SELECT block FROM ${fts}_data WHERE id = 1`).pluck().get() as Uint8Array | undefined;
    const totals = averages ? readVarints(averages) : [0];
    const rowCount = totals[0] ?? 0;
    const tokenCount = totals.slice(1).reduce((a, b) => a + b, 0);
    const maxRid = (db.prepare(`SELECT max(id) FROM ${fts}_docsize`).pluck().get() as number | null) ?? 0;
    const docLength = new Uint32Array(maxRid + 1);
    for (const [id, sz] of db.prepare(`SELECT id, sz FROM ${fts}_docsize`).raw(true).iterate() as Iterable<[number, Uint8Array]>) {
      if (++rows % ROWS_PER_STEP === 0) yield;
      let sum = 0;
      for (const v of readVarints(sz)) sum += v;
      docLength[id] = sum;
    }
    // Terms by their keys (no string kept a term: a million of them would cost more than their postings).
    const termCount = db.prepare(`SELECT COUNT(*) FROM ${vocabRow}`).pluck().get() as number;
    const keys = new Float64Array(termCount);
    const counts = new Int32Array(termCount);
    let termsRead = 0;
    for (const [term, doc] of db.prepare(`SELECT term, doc FROM ${vocabRow}`).raw(true).iterate() as Iterable<[string, number]>) {
      if (++rows % ROWS_PER_STEP === 0) yield;
      if (termsRead === termCount) throw new Error("fts5vocab: more terms than counted");
      keys[termsRead] = textKey(term);
      counts[termsRead++] = doc;
    }
    if (termsRead !== termCount) throw new Error("fts5vocab: fewer terms than counted");
    const offsets = new Int32Array(termCount + 1);
    for (let t = 0; t < termCount; t++) offsets[t + 1] = offsets[t]! + counts[t]!;
    const total = offsets[termCount]!;
    if (maxRid >= 2 ** 24) throw new Error(`row ids up to ${maxRid}: over the 24 bits a posting holds`);
    const postings = new Uint32Array(total);
    const unusable = new Uint8Array(termCount);
    const columnWeight = new Map(Object.entries(weights));
    // Both vocabulary tables list terms in the same (index) order; instances come by term, then row, then column.
    let t = -1;
    let term: string | undefined;
    let key = 0;
    let filled = 0;
    let lastDoc = -1;
    let tf = 0;
    const finishPosting = () => {
      if (lastDoc < 0 || t < 0) return;
      if (filled >= counts[t]! || tf > 0xff) unusable[t] = 1;
      else postings[offsets[t]! + filled] = lastDoc * 256 + tf;
      filled++;
    };
    const finishTerm = () => {
      finishPosting();
      if (t >= 0 && filled !== counts[t]) unusable[t] = 1;
    };
    for (const [instanceTerm, doc, col] of db.prepare(`SELECT term, doc, col FROM ${vocabInstance}`).raw(true).iterate() as Iterable<
      [string, number, string]
    >) {
      if (++rows % ROWS_PER_STEP === 0) yield;
      if (instanceTerm !== term) {
        finishTerm();
        term = instanceTerm;
        key = textKey(term);
        t++;
        while (t < termCount && keys[t] !== key) unusable[t++] = 1;
        if (t >= termCount) throw new Error(`fts5vocab: instance term ${JSON.stringify(term)} not in the row vocabulary`);
        filled = 0;
        lastDoc = -1;
        tf = 0;
      }
      if (doc !== lastDoc) {
        finishPosting();
        lastDoc = doc;
        tf = 0;
      }
      tf += columnWeight.get(col) ?? 0;
    }
    finishTerm();
    for (t++; t < termCount; t++) unusable[t] = 1;
    // The terms by key, for a binary search (no string kept a term: a million would cost more than their postings).
    const terms = Int32Array.from({ length: termCount }, (_, k) => k).sort((a, b) => keys[a]! - keys[b]!);
    const sortedKeys = Float64Array.from(terms, (t) => keys[t]!);
    for (let k = 1; k < termCount; k++) {
      // Two terms of one key (p ~ 1e-6 at a million terms): neither is served from memory.
      if (sortedKeys[k] === sortedKeys[k - 1]) unusable[terms[k]!] = unusable[terms[k - 1]!] = 1;
    }
    return { keys: sortedKeys, terms, offsets, postings, unusable, docLength, rowCount, tokenCount };
  } finally {
    db.exec("COMMIT");
  }
}

/** A query the postings can rank: phrases (terms) with the document frequencies the planner saw. */
export interface MemoryQuery {
  phrases: readonly string[];
  /** Document frequency of each phrase as the planner read it from FTS5. */
  dfs: readonly number[];
  /** The counts are capped (a phrase over the posting budget): a term with at least that many postings is it. */
  capped?: boolean;
}

/** Ranks queries over `PostingsData` as `bm25(fts, …weights) … ORDER BY rank LIMIT n` does. */
export class MemoryPostings {
  readonly postings: number;
  private readonly avgdl: number;
  /** idf by term number (terms met so far). */
  private readonly idfCache = new Map<number, number>();
  private readonly scores: Float64Array;
  private readonly stamps: Uint32Array;
  private stamp = 0;
  private touched: Int32Array;

  /** `ln` is SQLite's own `ln()` (C's `log`): V8's `Math.log` differs from it in the last bit now and then. */
  constructor(
    private readonly data: PostingsData,
    private readonly ln: (x: number) => number,
  ) {
    this.postings = data.postings.length;
    this.avgdl = data.tokenCount / data.rowCount;
    this.scores = new Float64Array(data.docLength.length);
    this.stamps = new Uint32Array(data.docLength.length);
    this.touched = new Int32Array(1024);
  }

  /** Approximate bytes held (the postings, the term table, row lengths and scratch). */
  get bytes(): number {
    const d = this.data;
    return [d.keys, d.terms, d.offsets, d.postings, d.unusable, d.docLength, this.scores, this.stamps, this.touched].reduce(
      (sum, a) => sum + a.byteLength,
      0,
    );
  }

  /**
   * The term number of a phrase when it is one of the index's terms, usable, and its posting count agrees with `df`
   * (the planner's count: exact under the cap, and a phrase kept for an OR is under it); else undefined.
   */
  private termOf(phrase: string, df: number, capped: boolean): number | undefined {
    const t = this.find(phrase);
    if (t < 0 || this.data.unusable[t]) return undefined;
    const n = this.postingCount(t);
    return n === df || (capped && n >= df) ? t : undefined;
  }

  /** The term number of an index term (binary search by key), or -1 when the phrase is none of them. */
  private find(phrase: string): number {
    const d = this.data;
    const key = textKey(phrase);
    let lo = 0;
    let hi = d.keys.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const k = d.keys[mid]!;
      if (k < key) lo = mid + 1;
      else if (k > key) hi = mid - 1;
      else return d.terms[mid]!;
    }
    return -1;
  }

  /**
   * Rows holding an index term, as FTS5's vocabulary counts them (`fts5vocab` 'row', the number its postings were
   * laid out by); 0 when the phrase is no index term. Undefined for a term not served here (its key shared with
   * another term, or its postings unusable): ask FTS5. Only for a phrase that is one index term as written (one ASCII
   * word): the caller keeps the others in FTS5.
   */
  documents(phrase: string): number | undefined {
    const t = this.find(phrase);
    if (t < 0) return 0;
    return this.data.unusable[t] ? undefined : this.postingCount(t);
  }

  /** Rows holding term t: its postings, laid out by the vocabulary's document count. */
  private postingCount(t: number): number {
    return this.data.offsets[t + 1]! - this.data.offsets[t]!;
  }

  /** FTS5's idf: ln((N − n + 0.5) / (n + 0.5)), at least 1e-6. */
  private idf(t: number): number {
    let idf = this.idfCache.get(t);
    if (idf === undefined) {
      const n = this.postingCount(t);
      idf = this.ln((this.data.rowCount - n + 0.5) / (n + 0.5));
      if (idf <= 0) idf = 1e-6;
      this.idfCache.set(t, idf);
    }
    return idf;
  }

  /** `[rowid, rank]` rows of `p1 OR p2 OR …` (rank = −bm25 score), best first; undefined: leave it to FTS5. */
  or(query: MemoryQuery, limit: number): Array<[number, number]> | undefined {
    const terms: number[] = [];
    for (let i = 0; i < query.phrases.length; i++) {
      const t = this.termOf(query.phrases[i]!, query.dfs[i]!, query.capped ?? false);
      if (t === undefined) return undefined;
      terms.push(t);
    }
    const { offsets, postings, docLength } = this.data;
    const scores = this.scores;
    const stamps = this.stamps;
    this.stamp = (this.stamp + 1) >>> 0;
    if (this.stamp === 0) {
      stamps.fill(0);
      this.stamp = 1;
    }
    const stamp = this.stamp;
    let n = 0;
    const avgdl = this.avgdl;
    // Phrase by phrase, so each row's score is summed in the phrase order FTS5 sums it (a phrase a row lacks adds 0).
    for (const t of terms) {
      const idf = this.idf(t);
      for (let p = offsets[t]!, end = offsets[t + 1]!; p < end; p++) {
        const v = postings[p]!;
        const r = v >>> 8;
        const f = v & 0xff;
        const contribution = idf * ((f * (K1 + 1.0)) / (f + K1 * (1 - B + (B * docLength[r]!) / avgdl)));
        if (stamps[r] !== stamp) {
          stamps[r] = stamp;
          scores[r] = 0.0 + contribution;
          if (n === this.touched.length) {
            const grown = new Int32Array(2 * n);
            grown.set(this.touched);
            this.touched = grown;
          }
          this.touched[n++] = r;
        } else scores[r] = scores[r]! + contribution;
      }
    }
    return topRows(this.touched, n, scores, limit);
  }

  /** `[rowid, rank]` rows of `p1 AND p2` (both capped counts over the budget), best first; undefined: FTS5's. */
  and(query: MemoryQuery, limit: number): Array<[number, number]> | undefined {
    if (query.phrases.length !== 2) return undefined;
    const a = this.termOf(query.phrases[0]!, query.dfs[0]!, true);
    const b = this.termOf(query.phrases[1]!, query.dfs[1]!, true);
    if (a === undefined || b === undefined) return undefined;
    const { offsets, postings, docLength } = this.data;
    const idfA = this.idf(a);
    const idfB = this.idf(b);
    const avgdl = this.avgdl;
    const out: number[] = [];
    let i = offsets[a]!;
    let j = offsets[b]!;
    const endA = offsets[a + 1]!;
    const endB = offsets[b + 1]!;
    while (i < endA && j < endB) {
      const ra = postings[i]! >>> 8;
      const rb = postings[j]! >>> 8;
      if (ra < rb) i++;
      else if (rb < ra) j++;
      else {
        const norm = K1 * (1 - B + (B * docLength[ra]!) / avgdl);
        const fa = postings[i]! & 0xff;
        const fb = postings[j]! & 0xff;
        let score = 0.0;
        score += idfA * ((fa * (K1 + 1.0)) / (fa + norm));
        score += idfB * ((fb * (K1 + 1.0)) / (fb + norm));
        this.scores[ra] = score;
        out.push(ra);
        i++;
        j++;
      }
    }
    return topRows(Int32Array.from(out), out.length, this.scores, limit);
  }
}

/**
 * The `limit` best of `rows[0..n)` by score (descending), ties by row id (ascending), as `[rowid, −score]`. A bounded
 * heap whose root is the worst kept row.
 */
function topRows(rows: Int32Array, n: number, scores: Float64Array, limit: number): Array<[number, number]> {
  const k = Math.min(limit, n);
  const heap = new Int32Array(k);
  // a is worse than b: lower score, or the same score and a higher row id.
  const worse = (a: number, b: number) => scores[a]! < scores[b]! || (scores[a] === scores[b] && a > b);
  let size = 0;
  const siftDown = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < size && worse(heap[l]!, heap[m]!)) m = l;
      if (r < size && worse(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      const x = heap[i]!;
      heap[i] = heap[m]!;
      heap[m] = x;
      i = m;
    }
  };
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    if (size < k) {
      let c = size++;
      heap[c] = row;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (!worse(heap[c]!, heap[p]!)) break;
        const x = heap[c]!;
        heap[c] = heap[p]!;
        heap[p] = x;
        c = p;
      }
    } else if (k > 0 && worse(heap[0]!, row)) {
      heap[0] = row;
      siftDown(0);
    }
  }
  const best = Array.from(heap.subarray(0, size));
  best.sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
  return best.map((r) => [r, -1.0 * scores[r]!]);
}
