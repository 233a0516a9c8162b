import { isHttpUrl } from "../core/text.ts";
import type { FactCheckInput } from "../core/factcheck.ts";
import { normalizeVerdict } from "../core/verdicts.ts";
import { dateFromUrl, toIsoDate } from "./dates.ts";

/** Rating given to a vclaim that carries none (most of 2022-2a-en, all of 2020-t2); its verdict is `other`. */
export const UNRATED = "unrated";
/**
 * Review date for vclaims that carry no date at all (2020-t2): the schema needs one. A sentinel, not a fact:
 * these records exist for retrieval evaluation, and any reply showing them would flag the date as very old.
 */
export const UNDATED_REVIEW_DATE = "1970-01-01";
/** Licence of the CheckThat! collections (every upstream README): free for general research use. */
export const CHECKTHAT_LICENSE = "CheckThat-research-use";

const SITE_BY_PUBLISHER: Readonly<Record<string, string>> = {
  snopes: "snopes.com",
  politifact: "politifact.com",
};

function str(value: unknown): string | undefined {
  if (typeof value === "string") {
    const trimmed = value.trim();
    return trimmed ? trimmed : undefined;
  }
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  return undefined;
}


/** Options for {@link mapCheckthatVclaim}. */
export interface VclaimOptions {
  /** `source` written into the record, e.g. `checkthat-2022-2a-en`. Default `checkthat-vclaims`. */
  source?: string;
}

/**
 * Maps one CheckThat! vclaims row (`{id, claim, title, subtitle?, author?, claimant?, date?, url?, rating?,
 * publisher, language}`, formats of 2020-t2, 2022-2a-en and 2022-2b-en) to a FactCheck input. Pure.
 * - keeps the vclaim `id` as the record id, so the benchmark's qrels match search results;
 * - no rating → rating `unrated`, verdict `other`;
 * - 2022-2b (PolitiFact) `date` is "stated on <date> in …", i.e. the claim date; the review date comes from the
 *   review URL (`/factchecks/2019/oct/30/…`), else the claim date;
 * - no url (2020-t2): a Snopes search link for the title (`https://www.snopes.com/search/?q=<title>`) stands in,
 *   because the schema needs a valid URL. We use `q`, not WordPress' `?s=`, because `normalizeUrl` drops `s` as a
 *   tracking parameter, which would fold every such record onto one URL.
 * Returns `{ error }` for a row that cannot make a record (not an object, no id, no claim).
 */
export function mapCheckthatVclaim(row: unknown, options: VclaimOptions = {}): FactCheckInput | { error: string } {
  if (typeof row !== "object" || row === null || Array.isArray(row)) return { error: "row is not an object" };
  const r = row as Record<string, unknown>;
  const id = str(r.id);
  if (!id) return { error: "id: missing" };
  const claim = str(r.claim) ?? str(r.title);
  if (!claim) return { error: "claim: missing" };

  const publisherName = str(r.publisher) ?? "Snopes";
  const site = SITE_BY_PUBLISHER[publisherName.toLowerCase()];
  const title = str(r.title);
  const givenUrl = str(r.url);
  let url: string;
  if (givenUrl && isHttpUrl(givenUrl)) url = givenUrl;
  else url = `https://www.${site ?? "snopes.com"}/search/?q=${encodeURIComponent(title ?? claim)}`;

  const rawDate = str(r.date);
  const stated = rawDate !== undefined && /^stated on\b/i.test(rawDate);
  const claimDate = stated ? toIsoDate(rawDate) : undefined;
  const reviewDate =
    (stated ? undefined : toIsoDate(rawDate)) ?? dateFromUrl(url) ?? claimDate ?? UNDATED_REVIEW_DATE;

  const rating = str(r.rating);
  const verdict = rating ? normalizeVerdict(rating, { ...(site ? { site } : {}), language: "en" }) : "other";
  const language = str(r.language) ?? "en";
  const subtitle = str(r.subtitle);
  const claimant = str(r.claimant);

  const record: FactCheckInput = {
    id: id.slice(0, 200),
    claim,
    rating: rating ?? UNRATED,
    verdict,
    publisher: site ? { name: publisherName, site } : { name: publisherName },
    url,
    reviewDate,
    language,
    source: options.source ?? "checkthat-vclaims",
    license: CHECKTHAT_LICENSE,
  };
  if (title) record.title = title;
  if (subtitle && subtitle !== claim) record.summary = subtitle;
  if (claimDate) record.claimDate = claimDate;
  if (claimant) record.claimant = claimant;
  return record;
}
