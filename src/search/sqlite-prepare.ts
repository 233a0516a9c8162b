import type { FactCheck } from "../core/factcheck.ts";
import { normalizeUrl } from "../core/text.ts";
import { ftsForm } from "./fts-query.ts";
import { key31, prepareRecord, type PreparedRecord } from "./sqlite-record.ts";

/**
 * What the SQLite index writes for a record, computed without the database: the FTS texts, the URL keys and the
 * row (`PreparedRecord`). Kept apart from src/search/sqlite-fts.ts so that an ingest worker thread can prepare
 * records without opening SQLite (src/ingest/ingest-worker.ts).
 */

/**
 * Summary text indexed per record, in characters: the gist, bounded for long article bodies (a Chinese summary
 * of 1,000 characters is 1,000 bigram tokens, which costs more to index than everything else in the record).
 */
export const SUMMARY_INDEX_CHARS = 400;

/**
 * The texts stored in the FTS row of a record (already in index form). The summary's first `SUMMARY_INDEX_CHARS`
 * characters are indexed; when the summary begins with the claim (a reply the claim was cut from, as in Cofacts),
 * that part is already in the claim column and is not indexed twice (issue 15: a third fewer postings for such
 * records, and the claim column's weight still counts them).
 */
export function ftsColumns(record: FactCheck): { claim: string; title: string; summary: string } {
  const summary = (record.summary ?? "").slice(0, SUMMARY_INDEX_CHARS);
  return {
    claim: ftsForm(record.altClaims.length ? [record.claim, ...record.altClaims].join("\n") : record.claim),
    title: ftsForm(record.title ?? ""),
    summary: ftsForm(record.summary?.startsWith(record.claim) ? summary.slice(record.claim.length) : summary),
  };
}

/** The key of a normalised URL in `fc_url_keys` (`key31`, as record ids). */
export function urlKey(normalizedUrl: string): number {
  return key31(normalizedUrl);
}

/** Keys of the normalised, de-duplicated review URL and appearance URLs of a record. */
export function recordUrlKeys(record: Pick<FactCheck, "url" | "appearances">): Set<number> {
  const keys = new Set<number>();
  for (const raw of [record.url, ...(record.appearances ?? [])]) {
    const url = normalizeUrl(raw);
    if (url) keys.add(urlKey(url));
  }
  return keys;
}

/** Everything the index writes for `record` but the string ids: see `PreparedRecord`. */
export function prepareForIndex(record: FactCheck): PreparedRecord {
  return prepareRecord(record, ftsColumns(record), recordUrlKeys(record));
}
