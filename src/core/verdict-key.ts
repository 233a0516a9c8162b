/**
 * The lookup key of a rating wording: NFKC, lower case, every run of characters that are not letters, digits or
 * combining marks folded to one space, trimmed. "Pants on Fire!", "pants-on-fire" and "PANTS_ON_FIRE" share a key;
 * Hangul, Han and kana are letters, so CJK wordings keep their characters.
 */
export function verdictKey(rating: string): string {
  return rating
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, " ")
    .trim();
}

/** Folds a publisher site to a bare host: no scheme, no `www.`, no path, lower case. */
export function siteKey(site: string): string {
  return site
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, "")
    .replace(/^www\./, "")
    .replace(/[/?#].*$/, "");
}
