import { parseGoogleFactCheckJson } from "./google-factcheck.ts";
import { searchClaims, type ClaimSearchParams, type GoogleClientOptions } from "./google-factcheck-client.ts";
import type { FieldDefaults, ParsedSource } from "./types.ts";

/** `source` of records fetched from the Fact Check Tools API. */
export const GOOGLE_SOURCE = "google-factcheck-api";

/**
 * The API's pages as parsed sources for the ingest pipeline (one per page, one record per review). When the API
 * fails for good, the last source carries the error (key-free) and the pages before it are kept.
 */
export async function* googleSources(
  params: ClaimSearchParams,
  client: GoogleClientOptions,
  defaults: FieldDefaults = {},
): AsyncGenerator<ParsedSource> {
  let page = 0;
  try {
    for await (const result of searchClaims(params, client)) {
      page = result.page;
      const name = `google:page ${result.page}`;
      yield { name, format: "google", ...parseGoogleFactCheckJson(result.body, { name, defaults }, GOOGLE_SOURCE) };
    }
  } catch (error) {
    yield {
      name: `google:page ${page + 1}`,
      format: "google",
      records: [],
      problems: [],
      error: error instanceof Error ? error.message : "unknown error",
    };
  }
}
