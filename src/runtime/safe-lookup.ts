import { SearchUnavailableError } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import type { Lookup, LookupFn, Mode, Post } from "../core/lookup-types.ts";
import type { Metrics } from "./metrics.ts";

const NO_QUERY = { language: "und", cleanedLength: 0, queries: [], urls: [] };

/** A `rejected` lookup (nothing was searched). */
export function rejectedLookup(mode: Mode, reason: "empty" | "search-unavailable", tookMs = 0): Lookup {
  return { outcome: "rejected", reason, mode, matches: [], candidates: [], query: { ...NO_QUERY, queries: [], urls: [] }, tookMs };
}

/**
 * Wraps the lookup so it never throws: an unreachable index (or any unexpected failure) becomes
 * `rejected/search-unavailable`, which replies render as "try again", never as a false `none`. Records metrics.
 */
export function createSafeLookup(deps: {
  lookup: LookupFn;
  metrics: Metrics;
  logger: Logger;
  /** Registers the promise as in flight (graceful shutdown waits for it). */
  track: <T>(promise: Promise<T>) => Promise<T>;
}): LookupFn {
  const { metrics, logger } = deps;
  return async (post: Post, mode: Mode): Promise<Lookup> => {
    const started = performance.now();
    try {
      const lookup = await deps.track(deps.lookup(post, mode));
      metrics.observeLookup(lookup.outcome, mode, (performance.now() - started) / 1000);
      logger.debug("lookup done", { mode, outcome: lookup.outcome, length: post.text.length, tookMs: lookup.tookMs });
      return lookup;
    } catch (error) {
      const unavailable = error instanceof SearchUnavailableError;
      metrics.inc("claimbot_errors_total", { where: unavailable ? "search-unavailable" : "lookup" });
      if (!unavailable) logger.error("lookup failed", { mode, err: error instanceof Error ? error.name : "unknown" });
      metrics.observeLookup("rejected", mode, (performance.now() - started) / 1000);
      return rejectedLookup(mode, "search-unavailable", Math.round(performance.now() - started));
    }
  };
}
