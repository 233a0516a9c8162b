import { createHash } from "node:crypto";
import type { Lookup, LookupFn, Mode, Post } from "../core/lookup-types.ts";

/** How long an identical post reuses a lookup (ms). */
export const LOOKUP_MEMO_TTL_MS = 30_000;
/** How long the app's memo in front of the bots and the HTTP API keeps a lookup (ms; entries: `LOOKUP_CACHE_ENTRIES`). */
export const LOOKUP_CACHE_TTL_MS = 5 * 60_000;
/** Lookups kept at most (a lookup carries its candidates: tens of kB). */
export const LOOKUP_MEMO_MAX = 256;
/** Posts longer than this (characters) are not memoised (rarely repeated, costly to key). */
const MEMO_MAX_TEXT_CHARS = 10_000;

/**
 * Identical posts (same text up to spacing, links, language, forward origin and mode) within the TTL share one
 * lookup — in flight or done. A hoax pasted into twenty groups at once, or a flood of one message, costs one search
 * instead of twenty (issue 13, measured by the soak); a viral post forwarded for minutes is searched once per TTL
 * (issue 15: the app keeps `LOOKUP_CACHE_ENTRIES` for 5 minutes in front of the bots and the HTTP API). Failures and
 * "index unreachable" answers are never reused. Keys are digests; the post text is held only inside the lookup
 * promise, as long as the entry lives. `stats`: lookups answered from the memo, and entries kept.
 */
export interface MemoizedLookupFn extends LookupFn {
  readonly stats: { hits: number; size: () => number };
}

export function memoizeLookup(lookup: LookupFn, options: { ttlMs?: number; max?: number; now?: () => number } = {}): MemoizedLookupFn {
  const ttl = options.ttlMs ?? LOOKUP_MEMO_TTL_MS;
  const max = options.max ?? LOOKUP_MEMO_MAX;
  const now = options.now ?? Date.now;
  const memo = new Map<string, { at: number; result: Promise<Lookup> }>();
  const stats = { hits: 0, size: () => memo.size };
  const memoized = (post: Post, mode: Mode): Promise<Lookup> => {
    if (post.text.length > MEMO_MAX_TEXT_CHARS) return lookup(post, mode);
    // A forwarded copy differs from another at most in its spacing.
    const key = createHash("sha256").update(JSON.stringify([mode, { ...post, text: post.text.replace(/\s+/gu, " ").trim() }])).digest("base64");
    const at = now();
    const hit = memo.get(key);
    if (hit && at - hit.at < ttl) {
      stats.hits++;
      return hit.result;
    }
    const result = lookup(post, mode);
    memo.delete(key);
    memo.set(key, { at, result });
    if (memo.size > max) {
      const oldest = memo.keys().next().value;
      if (oldest !== undefined) memo.delete(oldest);
    }
    const forget = () => {
      if (memo.get(key)?.result === result) memo.delete(key);
    };
    result.then((lookupResult) => {
      if (lookupResult.outcome === "rejected" && lookupResult.reason === "search-unavailable") forget();
    }, forget);
    return result;
  };
  return Object.assign(memoized, { stats });
}
