import { createHash } from "node:crypto";
import type { Lookup, LookupFn, Mode, Post } from "./lookup-types.ts";
import { LruMap } from "./lru.ts";

/**
 * Viral posts repeat: the same forwarded text reaches many groups and many DMs within minutes. A small LRU of recent
 * lookups, keyed by the mode and what decides a lookup (the text with its spaces folded, the URLs, the language hint,
 * the forwarded post's date),
 * answers a repeat without searching again. Entries expire after `ttlMs` (the index may change under another
 * process: a fact-check ingested now reaches a repeated post at the latest that much later); `rejected` lookups
 * (index down, nothing checkable) are never kept. Keys are SHA-256 digests; the cache lives in memory only and
 * nothing of it is written anywhere.
 */
export const LOOKUP_CACHE_ENTRIES = 500;
export const LOOKUP_CACHE_TTL_MS = 5 * 60_000;

export interface LookupCacheOptions {
  entries?: number;
  ttlMs?: number;
  now?: () => number;
}

export interface CachedLookupFn extends LookupFn {
  readonly stats: { hits: number; misses: number; size: () => number };
}

function keyOf(post: Post, mode: Mode): string {
  const text = typeof post.text === "string" ? post.text.replace(/\s+/gu, " ").trim() : "";
  const urls = Array.isArray(post.urls) ? post.urls.filter((u) => typeof u === "string").join(" ") : "";
  const date = typeof post.forwardOrigin?.date === "string" ? post.forwardOrigin.date : "";
  return createHash("sha256").update(`${mode}\u0000${post.lang ?? ""}\u0000${date}\u0000${urls}\u0000${text}`).digest("base64");
}

export function cachedLookup(lookup: LookupFn, options: LookupCacheOptions = {}): CachedLookupFn {
  const entries = Math.max(0, options.entries ?? LOOKUP_CACHE_ENTRIES);
  const ttlMs = options.ttlMs ?? LOOKUP_CACHE_TTL_MS;
  const now = options.now ?? Date.now;
  const kept = new LruMap<string, { lookup: Lookup; at: number }>(entries);
  const stats = { hits: 0, misses: 0, size: () => kept.size };
  const fn = (async (post: Post, mode: Mode): Promise<Lookup> => {
    if (entries === 0) return lookup(post, mode);
    const key = keyOf(post, mode);
    const hit = kept.get(key);
    if (hit && now() - hit.at <= ttlMs) {
      stats.hits++;
      return { ...hit.lookup, tookMs: 0 };
    }
    if (hit) kept.delete(key);
    stats.misses++;
    const result = await lookup(post, mode);
    if (result.outcome !== "rejected") kept.set(key, { lookup: result, at: now() });
    return result;
  }) as CachedLookupFn;
  Object.defineProperty(fn, "stats", { value: stats });
  return fn;
}
