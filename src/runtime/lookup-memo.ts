import { createHash } from "node:crypto";
import type { Lookup, LookupFn, Mode, Post } from "../core/lookup-types.ts";

/** How long an identical post reuses a lookup (ms). */
export const LOOKUP_MEMO_TTL_MS = 30_000;
/** Lookups kept at most (a lookup carries its candidates: tens of kB). */
export const LOOKUP_MEMO_MAX = 256;
/** Posts longer than this (characters) are not memoised (rarely repeated, costly to key). */
const MEMO_MAX_TEXT_CHARS = 10_000;

/**
 * Identical posts (same text, links, language, forward origin and mode) within `LOOKUP_MEMO_TTL_MS` share one
 * lookup — in flight or done. A hoax pasted into twenty groups at once, or a flood of one message, costs one search
 * instead of twenty (issue 13, measured by the soak). Failures and "index unreachable" answers are never reused.
 * Keys are digests; the post text is held only inside the lookup promise, as long as the entry lives.
 */
export function memoizeLookup(lookup: LookupFn, options: { ttlMs?: number; max?: number; now?: () => number } = {}): LookupFn {
  const ttl = options.ttlMs ?? LOOKUP_MEMO_TTL_MS;
  const max = options.max ?? LOOKUP_MEMO_MAX;
  const now = options.now ?? Date.now;
  const memo = new Map<string, { at: number; result: Promise<Lookup> }>();
  return (post: Post, mode: Mode): Promise<Lookup> => {
    if (post.text.length > MEMO_MAX_TEXT_CHARS) return lookup(post, mode);
    const key = createHash("sha256").update(JSON.stringify([mode, post])).digest("base64");
    const at = now();
    const hit = memo.get(key);
    if (hit && at - hit.at < ttl) return hit.result;
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
}
