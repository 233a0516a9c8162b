import { readFileSync } from "node:fs";

/**
 * Inverse document frequencies of words, from the shipped table `idf.json` (built by scripts/train-idf.ts from the
 * fact-check collections). A word missing from the table is rare, so it gets the highest IDF. Loaded once, lazily;
 * when the file is missing every word weighs the same (the pipeline still works, less well).
 */
export interface IdfTable {
  idf(word: string): number;
  /** The IDF of a word never seen (the maximum). */
  readonly maxIdf: number;
}

/**
 * The weight of a CJK bigram, as a share of a table's `maxIdf`: bigrams are not in the table (it holds words), and one
 * is about as specific as a rare word. The queries and the features weigh them alike (`cjkBigramWeight`).
 */
export const CJK_BIGRAM_IDF_SHARE = 0.8;

/** What a CJK bigram weighs in `table` (see `CJK_BIGRAM_IDF_SHARE`). */
export function cjkBigramWeight(table: IdfTable): number {
  return table.maxIdf * CJK_BIGRAM_IDF_SHARE;
}

interface IdfFile {
  documents: number;
  df: Record<string, number>;
}

let cached: IdfTable | undefined;

/** Builds a table from document counts: `idf = ln(1 + N / df)`. Exported for tests. */
export function idfTableFrom(documents: number, df: ReadonlyMap<string, number> | Record<string, number>): IdfTable {
  const map = df instanceof Map ? df : new Map(Object.entries(df));
  const n = Math.max(1, documents);
  const maxIdf = Math.log(1 + n);
  return {
    maxIdf,
    idf(word: string): number {
      const count = map.get(word);
      return count === undefined ? maxIdf : Math.log(1 + n / count);
    },
  };
}

/** The shipped table (cached). */
export function defaultIdf(): IdfTable {
  if (cached) return cached;
  try {
    const file = JSON.parse(readFileSync(new URL("./idf.json", import.meta.url), "utf8")) as IdfFile;
    cached = idfTableFrom(file.documents, file.df);
  } catch {
    cached = idfTableFrom(1, {});
  }
  return cached;
}
