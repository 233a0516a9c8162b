import { createHash } from "node:crypto";
import { MeilisearchApiError, MeilisearchRequestError, MeilisearchRequestTimeOutError } from "meilisearch";
import type { SearchResponse } from "meilisearch";
import { FactCheckSchema, type FactCheck } from "../core/factcheck.ts";
import { MAX_QUERY_TERMS, type SearchHit } from "../core/search-index.ts";
import { normalizeUrl } from "../core/text.ts";
import type { FailureInfo } from "./resilience.ts";

/**
 * Mapping between FactCheck records and Meilisearch documents, query sanitising and error classification.
 * Everything here is pure (no I/O), so it is tested without a server.
 */

/** Longest record id used verbatim as the Meilisearch primary key; longer ones are hashed. */
export const MAX_VERBATIM_ID_CHARS = 128;
const MEILI_ID = /^[A-Za-z0-9_-]+$/;
const HASHED_PREFIX = "h_";

/**
 * The Meilisearch document id of a record id. Ids already made of `[A-Za-z0-9_-]` and at most 128 characters are
 * kept (factCheckId's `<site>-<hex>` always is); others, and any id starting with the `h_` prefix (so a verbatim id
 * can never collide with a hashed one), become `h_` + 40 hex characters of SHA-256. The original id stays in the
 * document's `id` field.
 */
export function toMeiliId(id: string): string {
  if (id.length <= MAX_VERBATIM_ID_CHARS && MEILI_ID.test(id) && !id.startsWith(HASHED_PREFIX)) return id;
  return HASHED_PREFIX + createHash("sha256").update(id, "utf8").digest("hex").slice(0, 40);
}

/** Filterable key of a URL (hash of its normalised form: no quoting issues in filters). Null when not a URL. */
export function urlKey(url: string): string | null {
  const normalized = normalizeUrl(url);
  if (normalized === null) return null;
  return createHash("sha256").update(normalized, "utf8").digest("hex").slice(0, 32);
}

/** What is stored in Meilisearch: the record unchanged plus the primary key and URL keys. */
export type MeiliDocument = FactCheck & { mid: string; urlKeys: string[] };

export function toDocument(record: FactCheck): MeiliDocument {
  const keys = new Set<string>();
  for (const url of [record.url, ...record.appearances]) {
    const key = urlKey(url);
    if (key) keys.add(key);
  }
  return { ...record, mid: toMeiliId(record.id), urlKeys: [...keys] };
}

/** The record inside a document or hit (extra fields such as `_rankingScore` dropped); null when malformed. */
export function fromDocument(doc: unknown): FactCheck | null {
  const parsed = FactCheckSchema.safeParse(doc);
  return parsed.success ? parsed.data : null;
}

/** Longer words are cut: nothing real is that long, and a 100 kB "word" must not travel to the server. */
export const MAX_WORD_CHARS = 200;

/**
 * The `q` of a query plan: Meilisearch query syntax removed (phrase quotes of any kind, a leading `-` that would
 * negate a word), at most MAX_QUERY_TERMS words. Empty when nothing searchable is left — the caller must then not
 * search, because an empty `q` is a placeholder search that returns everything.
 */
export function toMeiliQuery(terms: readonly string[]): string {
  const words: string[] = [];
  for (const term of terms) {
    for (const piece of term.replace(/["“”„«»「」『』]/g, " ").split(/\s+/)) {
      const word = piece.replace(/^[-‐‑‒–—−]+/, "");
      if (/[\p{L}\p{N}]/u.test(word)) words.push(Array.from(word).slice(0, MAX_WORD_CHARS).join(""));
    }
  }
  return words.slice(0, MAX_QUERY_TERMS).join(" ");
}

/** Filter `mid IN [...]`. Safe to build by hand: mids are `[A-Za-z0-9_-]` only. */
export function midFilter(mids: readonly string[]): string {
  return `mid IN [${mids.map((m) => `"${m}"`).join(", ")}]`;
}

/** Filter on one URL key (hex only). */
export function urlKeyFilter(key: string): string {
  return `urlKeys = "${key}"`;
}

/**
 * Turns a meilisearch-js error into what the retry policy needs. Only the HTTP status and Meilisearch's error
 * code are kept: error messages and causes can carry URLs and request headers, never passed on.
 */
export function classifyMeiliError(error: unknown): FailureInfo {
  if (error instanceof MeilisearchApiError) {
    const status = error.response.status;
    const code = typeof error.cause?.code === "string" ? error.cause.code : undefined;
    if (status === 429) return { kind: "rate-limited", status, code, retryAfterMs: retryAfter(error.response) };
    if (status >= 500) return { kind: "server", status, code };
    if (status === 401 || status === 403) return { kind: "auth", status, code };
    return { kind: "client", status, code };
  }
  if (error instanceof MeilisearchRequestError) {
    return error.cause instanceof MeilisearchRequestTimeOutError ? { kind: "timeout" } : { kind: "network" };
  }
  if (error instanceof MeilisearchRequestTimeOutError) return { kind: "timeout" };
  // A body that is not JSON (a proxy's HTML error page) makes the client throw a SyntaxError: the server is sick.
  if (error instanceof SyntaxError) return { kind: "server" };
  // Anything else is a bug on our side: no status, rethrown unchanged by Resilience.
  return { kind: "client" };
}

function retryAfter(response: Response): number | undefined {
  const header = response.headers.get("retry-after");
  if (!header) return undefined;
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/** One query's hits as the port wants them: records, `_rankingScore` as score, rank = position. */
export function toHits(result: SearchResponse<Record<string, unknown>>): SearchHit[] {
  const scored: Array<{ factCheck: FactCheck; score: number }> = [];
  for (const hit of result.hits) {
    const factCheck = fromDocument(hit);
    if (factCheck) scored.push({ factCheck, score: typeof hit._rankingScore === "number" ? hit._rankingScore : 0 });
  }
  // Meilisearch already ranks by score; a stable sort keeps the port's ordering invariant even on equal scores.
  scored.sort((a, b) => b.score - a.score);
  return scored.map((s, rank) => ({ ...s, rank }));
}
