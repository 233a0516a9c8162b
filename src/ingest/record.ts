import type { FactCheckInput, Verdict } from "../core/factcheck.ts";
import { factCheckId } from "../core/ids.ts";
import { normalizeVerdict } from "../core/verdicts.ts";
import { toIsoDate } from "./dates.ts";
import { detectLanguage } from "../core/language.ts";
import { publisherFromByline } from "./publishers.ts";
import type { FieldDefaults } from "./types.ts";
import { httpUrl, languageTag, siteOf, unique } from "./util.ts";

/** Limits of FactCheckSchema that we cut to instead of rejecting the record (long article descriptions). */
const TITLE_MAX_CHARS = 1000;
const SUMMARY_MAX_CHARS = 8000;
const APPEARANCES_MAX = 200;
/** Licence written when the source states none. */
export const UNKNOWN_LICENSE = "unknown";

/** What a parser found for one record, every field optional; {@link finishRecord} turns it into a record. */
export interface Draft {
  id?: string;
  claim?: string;
  altClaims?: string[];
  title?: string;
  summary?: string;
  rating?: string;
  /** Verdict to use when `normalizeVerdict(rating)` gives `other` (e.g. from a numeric rating scale). */
  fallbackVerdict?: Verdict;
  /** A verdict the source already normalised (our own JSONL); trusted as is. */
  verdict?: Verdict;
  publisher?: string;
  site?: string;
  url?: string;
  reviewDate?: string;
  claimDate?: string;
  claimant?: string;
  language?: string;
  appearances?: string[];
  /** Every appearance is already an `httpUrl` result (`claimReviewDraft`): not parsed a second time. */
  appearancesChecked?: boolean;
  source: string;
  license?: string;
}

function cut(value: string | undefined, max: number): string | undefined {
  if (!value) return undefined;
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/**
 * Completes a draft into a FactCheck input: applies the command-line values (`override`: they win, for articles;
 * `fill`: only where the draft has nothing), normalises the verdict, derives the id from the review URL and the
 * claim unless the draft brings one, guesses a missing language. Missing required fields stay missing so that
 * validation names them.
 */
export function finishRecord(
  draft: Draft,
  defaults: FieldDefaults,
  mode: "fill" | "override" = "fill",
): FactCheckInput | Record<string, unknown> {
  const pick = <T>(own: T | undefined, flag: T | undefined): T | undefined =>
    mode === "override" ? (flag ?? own) : (own ?? flag);
  const claim = pick(draft.claim, defaults.claim);
  const rating = pick(draft.rating, defaults.rating);
  const url = pick(draft.url, defaults.url);
  let site = pick(draft.site, defaults.site);
  // A publisher given on the command line replaces the extracted one, so the extracted site must go with it.
  if (mode === "override" && defaults.publisher && !defaults.site) {
    site = publisherFromByline(defaults.publisher)?.site ?? siteOf(url);
  }
  site ??= siteOf(url);
  const publisher = pick(draft.publisher, defaults.publisher) ?? site;
  const reviewDate = toIsoDate(pick(draft.reviewDate, defaults.date)) ?? pick(draft.reviewDate, defaults.date);
  const language =
    languageTag(pick(draft.language, defaults.language)) ??
    detectLanguage([claim, draft.title, draft.summary].filter(Boolean).join(" ").slice(0, 400));

  let verdict: Verdict | undefined = draft.verdict;
  if (!verdict || (mode === "override" && defaults.rating)) {
    if (rating) {
      verdict = normalizeVerdict(rating, { ...(site ? { site } : {}), language });
      if (verdict === "other" && draft.fallbackVerdict) verdict = draft.fallbackVerdict;
    } else {
      verdict = "other";
    }
  }

  const checked = draft.appearancesChecked ? draft.appearances! : (draft.appearances ?? []).map(httpUrl).filter((u): u is string => !!u);
  const appearances = unique(checked).slice(
    0,
    APPEARANCES_MAX,
  );
  const altClaims = unique((draft.altClaims ?? []).filter((c) => c && c !== claim)).slice(0, 20);
  const record: Record<string, unknown> = {
    id: draft.id ?? (url && claim ? factCheckId(url, claim) : undefined),
    claim,
    rating,
    verdict,
    publisher: publisher ? (site ? { name: publisher, site } : { name: publisher }) : undefined,
    url,
    reviewDate,
    language,
    appearances,
    source: draft.source,
    license: pick(draft.license, defaults.license) ?? UNKNOWN_LICENSE,
  };
  if (altClaims.length > 0) record.altClaims = altClaims;
  const title = cut(draft.title, TITLE_MAX_CHARS);
  if (title) record.title = title;
  const summary = cut(draft.summary, SUMMARY_MAX_CHARS);
  if (summary) record.summary = summary;
  const claimDate = toIsoDate(draft.claimDate);
  if (claimDate) record.claimDate = claimDate;
  if (draft.claimant) record.claimant = draft.claimant.slice(0, 300);
  return record;
}
