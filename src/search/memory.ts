import type { FactCheck } from "../core/factcheck.ts";
import type { IndexStats, SearchHit, SearchIndex, SearchQuery } from "../core/search-index.ts";
import { MAX_QUERY_TERMS } from "../core/search-index.ts";
import { indexForm, normalizeUrl } from "../core/text.ts";

/** Weight of a term found in the claim (or an alternative claim), the title and the summary. */
const FIELD_WEIGHTS = { claim: 3, title: 2, summary: 1 } as const;

interface Entry {
  record: FactCheck;
  json: string;
  claim: string[];
  title: string[];
  summary: string[];
  urls: Set<string>;
}

function tokensOf(text: string): string[] {
  const form = indexForm(text);
  return form ? form.split(" ") : [];
}

/** True when `phrase` (tokens) occurs as a contiguous run in `tokens`. */
function containsPhrase(tokens: readonly string[], phrase: readonly string[]): boolean {
  if (phrase.length === 0) return false;
  outer: for (let i = 0; i + phrase.length <= tokens.length; i++) {
    for (let j = 0; j < phrase.length; j++) if (tokens[i + j] !== phrase[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * An in-memory `SearchIndex` for unit tests of the lookup and the runtime: the same analysis as the embedded index
 * (`indexForm`: words, CJK bigrams; a term that analyses to several tokens must occur as a phrase), scored by
 * field-weighted term overlap (claim 3, title 2, summary 1) summed over the query's terms. No IDF: a fake, not a
 * search engine. Records are copied in and out so callers cannot mutate the stored state.
 */
export class MemorySearchIndex implements SearchIndex {
  readonly backend = "memory";
  private readonly entries = new Map<string, Entry>();

  constructor(records: readonly FactCheck[] = []) {
    for (const record of records) this.put(record);
  }

  private put(record: FactCheck): void {
    const urls = new Set<string>();
    for (const raw of [record.url, ...record.appearances]) {
      const url = normalizeUrl(raw);
      if (url) urls.add(url);
    }
    const json = JSON.stringify(record);
    this.entries.set(record.id, {
      record: JSON.parse(json) as FactCheck,
      json,
      claim: tokensOf([record.claim, ...record.altClaims].join("\n")),
      title: tokensOf(record.title ?? ""),
      summary: tokensOf(record.summary ?? ""),
      urls,
    });
  }

  private copy(entry: Entry): FactCheck {
    return JSON.parse(entry.json) as FactCheck;
  }

  async upsert(records: readonly FactCheck[]): Promise<void> {
    for (const record of records) this.put(record);
  }

  async delete(ids: readonly string[]): Promise<number> {
    let deleted = 0;
    for (const id of new Set(ids)) if (this.entries.delete(id)) deleted++;
    return deleted;
  }

  async count(): Promise<number> {
    return this.entries.size;
  }

  async get(ids: readonly string[]): Promise<FactCheck[]> {
    const out: FactCheck[] = [];
    for (const id of ids) {
      const entry = this.entries.get(id);
      if (entry) out.push(this.copy(entry));
    }
    return out;
  }

  async search(query: SearchQuery): Promise<SearchHit[]> {
    const phrases: string[][] = [];
    const seen = new Set<string>();
    for (const term of query.terms) {
      const form = indexForm(String(term).slice(0, 1024));
      if (!form || seen.has(form)) continue;
      seen.add(form);
      phrases.push(form.split(" "));
      if (phrases.length >= MAX_QUERY_TERMS) break;
    }
    if (phrases.length === 0) return [];
    const scored: Array<{ entry: Entry; score: number }> = [];
    for (const entry of this.entries.values()) {
      let score = 0;
      for (const phrase of phrases) {
        if (containsPhrase(entry.claim, phrase)) score += FIELD_WEIGHTS.claim;
        if (containsPhrase(entry.title, phrase)) score += FIELD_WEIGHTS.title;
        if (containsPhrase(entry.summary, phrase)) score += FIELD_WEIGHTS.summary;
      }
      // Shorter claims first among ties, like BM25's length normalisation.
      if (score > 0) scored.push({ entry, score: score - entry.claim.length / 10_000 });
    }
    scored.sort((a, b) => b.score - a.score || a.entry.record.id.localeCompare(b.entry.record.id));
    const limit = Math.min(200, Math.max(1, Math.floor(query.limit) || 1));
    return scored.slice(0, limit).map((s, rank) => ({ factCheck: this.copy(s.entry), score: s.score, rank }));
  }

  async searchMany(queries: readonly SearchQuery[]): Promise<SearchHit[][]> {
    return Promise.all(queries.map((q) => this.search(q)));
  }

  async findByUrl(url: string): Promise<FactCheck[]> {
    const normalized = normalizeUrl(url);
    if (!normalized) return [];
    return [...this.entries.values()]
      .filter((e) => e.urls.has(normalized))
      .sort((a, b) => b.record.reviewDate.localeCompare(a.record.reviewDate) || a.record.id.localeCompare(b.record.id))
      .map((e) => this.copy(e));
  }

  async stats(): Promise<IndexStats> {
    const stats: IndexStats = { total: 0, byPublisher: {}, byLanguage: {}, byVerdict: {}, newestReviewDate: null };
    for (const { record } of this.entries.values()) {
      stats.total++;
      stats.byPublisher[record.publisher.name] = (stats.byPublisher[record.publisher.name] ?? 0) + 1;
      stats.byLanguage[record.language] = (stats.byLanguage[record.language] ?? 0) + 1;
      stats.byVerdict[record.verdict] = (stats.byVerdict[record.verdict] ?? 0) + 1;
      if (!stats.newestReviewDate || record.reviewDate > stats.newestReviewDate) stats.newestReviewDate = record.reviewDate;
    }
    return stats;
  }

  async close(): Promise<void> {}
}
