import type { Logger } from "./logger.ts";
import type { Lookup, LookupFn, LookupJson } from "./lookup-types.ts";
import type { SearchIndex } from "./search-index.ts";

/** Builds the lookup pipeline (prepare → retrieve → rerank → decide) on a search index. STUB: owner H4 replaces. */
export function createLookup(deps: { index: SearchIndex; logger?: Logger; now?: () => Date }): LookupFn {
  return async (_post, mode) => ({
    outcome: "none",
    mode,
    matches: [],
    candidates: [],
    query: { language: "und", cleanedLength: 0, queries: [], urls: [] },
    tookMs: 0,
  });
  void deps;
}

/** The stable `check --json` / `POST /v1/lookup` shape. */
export function toLookupJson(lookup: Lookup): LookupJson {
  const json: LookupJson = {
    outcome: lookup.outcome,
    matches: lookup.matches.map((m) => ({
      id: m.factCheck.id,
      claim: m.factCheck.claim,
      rating: m.factCheck.rating,
      verdict: m.factCheck.verdict,
      publisher: m.factCheck.publisher.name,
      url: m.factCheck.url,
      date: m.factCheck.reviewDate,
      language: m.factCheck.language,
      score: Math.round(m.score * 1000) / 1000,
    })),
  };
  if (lookup.outcome === "rejected") json.reason = lookup.reason;
  return json;
}
