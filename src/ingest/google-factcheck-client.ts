import { GoogleFactCheckError } from "./google-factcheck-error.ts";

/** Path of the search method under the API root. */
export const CLAIMS_SEARCH_PATH = "/v1alpha1/claims:search";
/** Claims asked per page (the API defaults to 10 and documents no maximum; 50 as other clients use). */
export const GOOGLE_PAGE_SIZE = 50;
/** Per-request timeout (milliseconds). */
export const GOOGLE_REQUEST_TIMEOUT_MS = 15_000;
/** Attempts per page before giving up (429 and 5xx answers, network errors). */
export const GOOGLE_MAX_ATTEMPTS = 5;
/** First backoff delay; doubled each retry, with jitter (milliseconds). */
export const GOOGLE_BASE_DELAY_MS = 1_000;
/** Longest single wait, also the cap for a server's Retry-After (milliseconds). */
export const GOOGLE_MAX_DELAY_MS = 60_000;
/** Safety stop on pages per sync. */
export const GOOGLE_MAX_PAGES = 50;

/** Filters of `claims:search`. The API needs `query` or `reviewPublisherSiteFilter`. */
export interface ClaimSearchParams {
  query?: string;
  languageCode?: string;
  reviewPublisherSiteFilter?: string;
  maxAgeDays?: number;
}

export interface GoogleClientOptions {
  apiKey: string;
  /** e.g. `https://factchecktools.googleapis.com` (GOOGLE_FACTCHECK_API_ROOT). */
  apiRoot: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  maxPages?: number;
  pageSize?: number;
  /** Injected for tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Called before each retry (for logs: status and delay, never the key). */
  onRetry?: (info: { status: number | undefined; attempt: number; delayMs: number }) => void;
}

/** One page of results as the API returned it. */
export interface ClaimSearchPage {
  page: number;
  body: unknown;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Removes every occurrence of the key (raw and URL-encoded) from a text that came from outside. */
export function scrubKey(text: string, apiKey: string): string {
  if (!apiKey) return text;
  let out = text.split(apiKey).join("[redacted]");
  const encoded = encodeURIComponent(apiKey);
  if (encoded !== apiKey) out = out.split(encoded).join("[redacted]");
  return out;
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

async function errorText(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: unknown; status?: unknown } };
    const message = typeof body?.error?.message === "string" ? body.error.message : "";
    const status = typeof body?.error?.status === "string" ? body.error.status : "";
    return [status, message].filter(Boolean).join(": ").slice(0, 300);
  } catch {
    return "";
  }
}

/** The request URL without the key (the key goes in the `X-Goog-Api-Key` header, never in the URL). */
export function claimSearchUrl(apiRoot: string, params: ClaimSearchParams, pageSize: number, pageToken?: string): URL {
  const url = new URL(`${apiRoot.replace(/\/+$/, "")}${CLAIMS_SEARCH_PATH}`);
  if (params.query) url.searchParams.set("query", params.query);
  if (params.languageCode) url.searchParams.set("languageCode", params.languageCode);
  if (params.reviewPublisherSiteFilter) url.searchParams.set("reviewPublisherSiteFilter", params.reviewPublisherSiteFilter);
  if (params.maxAgeDays !== undefined) url.searchParams.set("maxAgeDays", String(params.maxAgeDays));
  url.searchParams.set("pageSize", String(pageSize));
  if (pageToken) url.searchParams.set("pageToken", pageToken);
  return url;
}

/**
 * Pages through `claims:search`, yielding each page's JSON. Retries 429 and 5xx answers and network errors with
 * exponential backoff and jitter (honouring Retry-After, capped); other answers fail at once. Stops when there is no
 * `nextPageToken`, the token repeats, or `maxPages` is reached. Throws GoogleFactCheckError, whose message never
 * contains the key.
 */
export async function* searchClaims(params: ClaimSearchParams, options: GoogleClientOptions): AsyncGenerator<ClaimSearchPage> {
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? defaultSleep;
  const maxAttempts = options.maxAttempts ?? GOOGLE_MAX_ATTEMPTS;
  const baseDelay = options.baseDelayMs ?? GOOGLE_BASE_DELAY_MS;
  const maxDelay = options.maxDelayMs ?? GOOGLE_MAX_DELAY_MS;
  const maxPages = options.maxPages ?? GOOGLE_MAX_PAGES;
  const pageSize = options.pageSize ?? GOOGLE_PAGE_SIZE;
  const seenTokens = new Set<string>();
  let pageToken: string | undefined;

  for (let page = 1; page <= maxPages; page++) {
    const url = claimSearchUrl(options.apiRoot, params, pageSize, pageToken);
    let body: unknown;
    for (let attempt = 1; ; attempt++) {
      let status: number | undefined;
      let why: string;
      let wait: number | undefined;
      try {
        const response = await doFetch(url, {
          headers: { "x-goog-api-key": options.apiKey, accept: "application/json" },
          signal: AbortSignal.timeout(options.timeoutMs ?? GOOGLE_REQUEST_TIMEOUT_MS),
        });
        status = response.status;
        if (response.ok) {
          body = await response.json();
          break;
        }
        why = `HTTP ${status}${await errorText(response).then((t) => (t ? ` ${t}` : ""))}`;
        wait = retryAfterMs(response.headers.get("retry-after"));
        if (status !== 429 && status < 500) {
          const message = `Google Fact Check API: page ${page}: ${scrubKey(why, options.apiKey)}`;
          throw new GoogleFactCheckError(message, status, attempt);
        }
      } catch (error) {
        if (error instanceof GoogleFactCheckError) throw error;
        why =
          error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")
            ? "timed out"
            : `network error: ${error instanceof Error ? error.message : String(error)}`;
        if (error instanceof SyntaxError) why = "answer is not JSON";
      }
      if (attempt >= maxAttempts) {
        throw new GoogleFactCheckError(
          `Google Fact Check API: page ${page}: ${scrubKey(why, options.apiKey)} (gave up after ${attempt} attempts)`,
          status,
          attempt,
        );
      }
      const backoff = Math.min(maxDelay, baseDelay * 2 ** (attempt - 1));
      const delayMs = Math.min(maxDelay, wait ?? backoff / 2 + Math.random() * (backoff / 2));
      options.onRetry?.({ status, attempt, delayMs: Math.round(delayMs) });
      await sleep(delayMs);
    }
    yield { page, body };
    const next = (body as { nextPageToken?: unknown } | null)?.nextPageToken;
    if (typeof next !== "string" || next === "" || seenTokens.has(next)) return;
    seenTokens.add(next);
    pageToken = next;
  }
}
