import type { FactCheck } from "./factcheck.ts";

/** Meilisearch rejects queries with more than this many words; the embedded index obeys the same limit. */
export const MAX_QUERY_TERMS = 10;

/**
 * One retrieval query of the query plan.
 * `terms` are already-analysed words (see `src/core/text.ts`), at most `MAX_QUERY_TERMS`; each implementation
 * escapes them for its own syntax, so a term may contain any character.
 */
export interface SearchQuery {
  terms: string[];
  /** BCP-47 language of the post, a hint (Meilisearch `locales`); never a filter. */
  language?: string;
  /** How many candidates to return at most (1..200). */
  limit: number;
}

/** One candidate. `score` is the backend's own relevance score, higher is better, comparable only within a query. */
export interface SearchHit {
  factCheck: FactCheck;
  score: number;
  /** 0-based rank in this query's result list. */
  rank: number;
}

/**
 * A hit that names its record by the backend's row reference instead of carrying it (`SearchIndex.searchRefs`).
 * Within one index a record has one reference and a reference one record, like ids.
 */
export interface SearchRef {
  ref: number;
  score: number;
  /** 0-based rank in this query's result list. */
  rank: number;
}

export interface IndexStats {
  total: number;
  byPublisher: Record<string, number>;
  byLanguage: Record<string, number>;
  byVerdict: Record<string, number>;
  /** Newest `reviewDate` in the index, or null when empty. */
  newestReviewDate: string | null;
}

/**
 * The port every search backend implements (embedded SQLite FTS5, Meilisearch, in-memory fake).
 * Invariants, held by test/contract/search-index.contract.ts:
 * - `upsert` is idempotent by `id`: upserting the same record twice leaves one record;
 * - `search` never throws on user-derived terms (quotes, operators, emoji, markup); an empty term list returns [];
 * - results are ordered by descending `score`; `rank` is the position;
 * - an unreachable backend throws `SearchUnavailableError` (src/core/errors.ts), never returns a false empty list.
 */
export interface SearchIndex {
  /** Short backend name for logs and doctor output, e.g. `sqlite`, `meilisearch`. */
  readonly backend: string;
  upsert(records: readonly FactCheck[]): Promise<void>;
  /** Deletes by id; returns how many existed. */
  delete(ids: readonly string[]): Promise<number>;
  count(): Promise<number>;
  /** Records by id, in the order asked; unknown ids are left out. */
  get(ids: readonly string[]): Promise<FactCheck[]>;
  search(query: SearchQuery): Promise<SearchHit[]>;
  /** Several queries in one round trip where the backend allows it (Meilisearch multi-search). */
  searchMany(queries: readonly SearchQuery[]): Promise<SearchHit[][]>;
  /**
   * Optional two-step search, for a backend where reading a record costs more than finding it (the embedded index):
   * `searchMany` with references instead of records; `loadRefs` then reads only the records the caller keeps (a
   * group lookup reranks 40 of ~100 hits). Same hits, scores and ranks as `searchMany`. `loadRefs` leaves out a
   * reference whose record is gone (deleted in between).
   */
  searchRefs?(queries: readonly SearchQuery[]): Promise<SearchRef[][]>;
  loadRefs?(refs: readonly number[]): Promise<Map<number, FactCheck>>;
  /** Fact-checks whose review `url` or one of whose `appearances` equals `url` (after `normalizeUrl`). */
  findByUrl(url: string): Promise<FactCheck[]>;
  stats(): Promise<IndexStats>;
  close(): Promise<void>;
}
