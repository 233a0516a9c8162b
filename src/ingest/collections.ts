import { isHttpUrl } from "../core/text.ts";
import type { FactCheckInput } from "../core/factcheck.ts";
import { factCheckId } from "../core/ids.ts";
import { normalizeVerdict } from "../core/verdicts.ts";
import { toIsoDate } from "./dates.ts";
import { validateFactCheck } from "./validate.ts";

/**
 * Mapper for the shared fact-check collections' JSONL (../shared/data/factchecks/*.jsonl: VERITAS PolitiFact,
 * Snopes, FactCheck.org; Cofacts). One row: `{id, claim, claim_en, review_text, title, verdict, publisher,
 * publisher_site, url, date, language, license, extra}`.
 */

/** A reply-only row (Cofacts: no claim text, only the editors' reply) shorter than this (characters) is skipped. */
export const MIN_REPLY_CHARS = 20;
/** The claim cut from a reply-only row's reply text is at most this long (characters). */
export const DERIVED_CLAIM_MAX_CHARS = 300;
/** A reply kept as `summary` is cut to this length (characters): the schema's limit. */
export const SUMMARY_MAX_CHARS = 8000;
/** Most appearance URLs kept per record: the schema's limit. */
export const MAX_APPEARANCES = 200;

/** Sentence ends of Latin and CJK scripts; a period after a common abbreviation or an initial is not one. */
const SENTENCE_END =
  /(?<!\b(?:Dr|Mr|Mrs|Ms|St|Jr|Sr|Prof|Gen|Gov|Sen|Rep|vs|etc|No|Inc|Co|[A-Z]))[.!?…](?=\s|$|["'」』”’)）])|[。！？]/gu;
const URL_IN_TEXT = /https?:\/\/\S+/giu;
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF\u00AD]/g;

/** Whitespace folded and invisible characters dropped; unlike NFKC, keeps full-width CJK punctuation as written. */
function foldSpace(text: string): string {
  return text.replace(INVISIBLE, "").replace(/\s+/g, " ").trim();
}

function str(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  return trimmed ? trimmed : undefined;
}


/**
 * The first part of a reply, at most `DERIVED_CLAIM_MAX_CHARS`: URLs dropped, whitespace folded, then as many whole
 * sentences as fit; when no sentence end falls in that span, cut at the last space (or hard) with an ellipsis.
 */
export function claimFromReply(reply: string): string {
  const text = foldSpace(reply.replace(URL_IN_TEXT, " "));
  if (text.length <= DERIVED_CLAIM_MAX_CHARS) return text;
  const head = text.slice(0, DERIVED_CLAIM_MAX_CHARS);
  let cut = -1;
  for (const match of head.matchAll(SENTENCE_END)) cut = match.index + match[0].length;
  if (cut >= MIN_REPLY_CHARS) return head.slice(0, cut).trim();
  const space = head.lastIndexOf(" ");
  const body = space >= MIN_REPLY_CHARS ? head.slice(0, space) : head.slice(0, DERIVED_CLAIM_MAX_CHARS - 1);
  return `${body.trim()}…`;
}

/** `CC-BY-NC-SA-4.0 (repo LICENSE.md; see README)` → `CC-BY-NC-SA-4.0`. */
function licenseId(raw: string): string {
  return raw.split(/\s+\(/)[0]!.trim();
}

/** `veritas-politifact:12` → `veritas-politifact`; `cofacts:AV0e…` → `cofacts`. */
function sourceFromId(id: unknown): string | undefined {
  const s = str(id);
  const prefix = s?.split(":")[0];
  return prefix && prefix !== s && /^[a-z0-9][a-z0-9_-]{0,60}$/i.test(prefix) ? prefix : undefined;
}

/**
 * True when `row` has the shape of the shared collections' rows (for format auto-detection): an object with
 * `verdict`, `publisher`, `url` and at least one of `claim` / `review_text` / `publisher_site`.
 */
export function looksLikeSharedFactcheck(row: unknown): boolean {
  if (typeof row !== "object" || row === null || Array.isArray(row)) return false;
  const r = row as Record<string, unknown>;
  return "verdict" in r && "publisher" in r && "url" in r && ("review_text" in r || "publisher_site" in r);
}

/** Options for {@link mapSharedFactcheck}. */
export interface SharedFactcheckOptions {
  /** `source` of the record; default the row id's prefix (`veritas-snopes`), else `shared-factchecks`. */
  source?: string;
}

/**
 * Maps one row of the shared fact-check collections to a validated FactCheck input, or says why it cannot.
 * - id: `factCheckId(url, claim)`, so the same review reached through two sources is one record;
 * - a reply-only row (claim null, as in Cofacts) becomes a record whose `claim` is the reply's first sentences
 *   (`claimFromReply`) and whose `summary` is the whole reply when it is longer than that; replies under
 *   `MIN_REPLY_CHARS` are skipped with an error;
 * - `rating` is the raw `verdict` (RUMOR, "pants on fire!", …), `verdict` its normalised form;
 * - `claim_en`, when it differs from the claim, goes to `altClaims`; `extra.article_urls` (Cofacts: the pages
 *   listing the rumour) go to `appearances` when they are http(s) URLs. VERITAS `extra.claim_source_url` does NOT:
 *   it is often a source the fact-check cites (a news article, a company page), not a post that spread the claim,
 *   and a URL hit is strong evidence for a match, so sharing that source would wrongly return this verdict;
 * - dates are cut to `YYYY-MM-DD`; the licence keeps its identifier (`CC-BY-NC-SA-4.0`).
 * Pure; never throws.
 */
/**
 * Scraping artefacts of the VERITAS Snopes rows: 1,504 claims end with the link text "see example( s )", and all
 * are lower-cased. The artefact is cut and the first letter raised, so the reply quotes a clean sentence.
 */
export function cleanScrapedClaim(claim: string): string {
  const cut = claim.replace(/\s*see examples?\s*\(\s*s\s*\)\s*$/i, "").trim();
  return cut.charAt(0).toUpperCase() + cut.slice(1);
}

export function mapSharedFactcheck(
  row: unknown,
  options: SharedFactcheckOptions = {},
): FactCheckInput | { error: string } {
  if (typeof row !== "object" || row === null || Array.isArray(row)) return { error: "row: expected a JSON object" };
  const r = row as Record<string, unknown>;
  const url = str(r.url);
  if (!url || !isHttpUrl(url)) return { error: "url: missing or not an http(s) URL" };
  const rating = str(r.verdict) ?? str(r.rating);
  if (!rating) return { error: "verdict: missing" };
  const publisherName = str(r.publisher);
  if (!publisherName) return { error: "publisher: missing" };
  const reviewDate = toIsoDate(r.date);
  if (!reviewDate) return { error: "date: missing or not a date" };

  const review = typeof r.review_text === "string" ? r.review_text.trim() : "";
  let claim = str(r.claim) ? cleanScrapedClaim(foldSpace(r.claim as string)) : "";
  let summary: string | undefined;
  if (!claim) {
    if (!review) return { error: "claim: missing, and no review_text to take it from" };
    if (foldSpace(review).length < MIN_REPLY_CHARS) {
      return { error: `review_text: reply-only row shorter than ${MIN_REPLY_CHARS} characters` };
    }
    claim = claimFromReply(review);
    if (!claim) return { error: "review_text: no text left once URLs are removed" };
  }
  // A reply short enough to be the claim whole adds nothing as a summary (and would count twice in search).
  if (review && foldSpace(review) !== claim) summary = review.slice(0, SUMMARY_MAX_CHARS);

  const site = str(r.publisher_site);
  const language = str(r.language) ?? (site === "cofacts.tw" ? "zh-TW" : undefined);
  if (!language) return { error: "language: missing" };

  const altClaims: string[] = [];
  const claimEn = str(r.claim_en);
  if (claimEn && claimEn !== claim) altClaims.push(claimEn);

  const extra = typeof r.extra === "object" && r.extra !== null ? (r.extra as Record<string, unknown>) : {};
  const candidates = Array.isArray(extra.article_urls) ? extra.article_urls : [];
  const appearances: string[] = [];
  for (const c of candidates) {
    const u = str(c);
    if (u && u.length <= 2048 && isHttpUrl(u) && !appearances.includes(u)) appearances.push(u);
    if (appearances.length >= MAX_APPEARANCES) break;
  }

  const title = str(r.title);
  const input: FactCheckInput = {
    id: factCheckId(url, claim),
    claim,
    altClaims,
    ...(title ? { title } : {}),
    ...(summary ? { summary } : {}),
    rating,
    verdict: normalizeVerdict(rating, { ...(site ? { site } : {}), language }),
    publisher: { name: publisherName, ...(site ? { site } : {}) },
    url,
    reviewDate,
    language,
    appearances,
    source: options.source ?? sourceFromId(r.id) ?? "shared-factchecks",
    license: licenseId(str(r.license) ?? "unknown"),
  };
  const parsed = validateFactCheck(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { error: `${issue?.path.join(".") || "record"}: ${issue?.message ?? "invalid"}` };
  }
  return parsed.data;
}
