/**
 * Retrieval metrics of the CheckThat! lab ("detecting previously fact-checked claims").
 * Every function takes a ranked list of ids (best first) and the set of relevant ids of one query.
 */

/**
 * Average precision at k, the official CheckThat definition: the precision at each rank ≤ k that holds a relevant
 * claim, summed, divided by the query's total number of relevant claims. No result (or no relevant claim) → 0.
 */
export function averagePrecisionAtK(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  if (relevant.size === 0) return 0;
  let hits = 0;
  let sum = 0;
  const seen = new Set<string>();
  for (let i = 0; i < Math.min(k, ranked.length); i++) {
    const id = ranked[i]!;
    if (seen.has(id)) continue;
    seen.add(id);
    if (relevant.has(id)) {
      hits++;
      sum += hits / (i + 1);
    }
  }
  return sum / relevant.size;
}

/** Recall at k: the share of the query's relevant claims found in the first k results (0 when none relevant). */
export function recallAtK(ranked: readonly string[], relevant: ReadonlySet<string>, k: number): number {
  if (relevant.size === 0) return 0;
  const top = new Set(ranked.slice(0, k));
  let found = 0;
  for (const id of relevant) if (top.has(id)) found++;
  return found / relevant.size;
}

/** One evaluated query: its ranking and its relevant ids. */
export interface RankedQuery {
  ranked: readonly string[];
  relevant: ReadonlySet<string>;
}

/** MAP@k: mean of `averagePrecisionAtK` over all queries of the qrels (a query with no results counts 0). */
export function meanAveragePrecisionAtK(queries: readonly RankedQuery[], k: number): number {
  if (queries.length === 0) return 0;
  return queries.reduce((s, q) => s + averagePrecisionAtK(q.ranked, q.relevant, k), 0) / queries.length;
}

/** Mean Recall@k over the queries. */
export function meanRecallAtK(queries: readonly RankedQuery[], k: number): number {
  if (queries.length === 0) return 0;
  return queries.reduce((s, q) => s + recallAtK(q.ranked, q.relevant, k), 0) / queries.length;
}

/** The p-quantile (0..1) of a list of numbers by nearest rank; 0 for an empty list. */
export function quantile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank]!;
}
