import { toIsoDate } from "./dates.ts";
import { finishRecord, type Draft } from "./record.ts";
import type { Candidate, IngestProblem, ParseContext, ParseResult } from "./types.ts";
import { asArray, asObject, text } from "./util.ts";

/** True when a parsed JSON value looks like a Fact Check Tools `claims:search` response (or a list of them). */
export function looksLikeGoogleFactCheck(root: unknown): boolean {
  const first = Array.isArray(root) ? root[0] : root;
  const obj = asObject(first);
  if (!obj) return false;
  if (Array.isArray(obj.claims)) return true;
  return Array.isArray(obj.claimReview) && typeof obj.text === "string";
}

/**
 * Maps a `claims:search` response (`{claims: [{text, claimant, claimDate, claimReview: [{publisher: {name, site},
 * url, title, reviewDate, textualRating, languageCode}]}], nextPageToken}`), an array of such responses (saved
 * pages), or a single claim object: one candidate per review, since several publishers may review one claim.
 * `source` defaults to `gfc:<name>`.
 */
export function parseGoogleFactCheckJson(root: unknown, ctx: ParseContext, source = `gfc:${ctx.name}`): ParseResult {
  const records: Candidate[] = [];
  const problems: IngestProblem[] = [];
  const pages = Array.isArray(root) ? root : [root];
  pages.forEach((page, p) => {
    const pageObj = asObject(page);
    const prefix = Array.isArray(root) ? `[${p}].` : "";
    const claims = pageObj && Array.isArray(pageObj.claims) ? pageObj.claims : pageObj?.claimReview ? [pageObj] : [];
    claims.forEach((claimValue, c) => {
      const claimObj = asObject(claimValue);
      const claimPath = pageObj?.claims ? `${prefix}claims[${c}]` : `${prefix.replace(/\.$/, "")}` || "$";
      if (!claimObj) {
        problems.push({ location: `${ctx.name}#${claimPath}`, message: "claim is not an object", severity: "error" });
        return;
      }
      const reviews = asArray(claimObj.claimReview);
      if (reviews.length === 0) {
        problems.push({
          location: `${ctx.name}#${claimPath}`,
          field: "claimReview",
          message: "claim has no review",
          severity: "error",
        });
      }
      reviews.forEach((reviewValue, r) => {
        const review = asObject(reviewValue) ?? {};
        const publisher = asObject(review.publisher);
        const draft: Draft = { source };
        const set = <K extends keyof Draft>(key: K, v: Draft[K] | undefined) => {
          if (v !== undefined) draft[key] = v;
        };
        set("claim", text(claimObj.text));
        set("claimant", text(claimObj.claimant));
        set("claimDate", toIsoDate(claimObj.claimDate));
        set("rating", text(review.textualRating));
        set("publisher", text(publisher?.name) ?? text(publisher?.site));
        set("site", text(publisher?.site)?.toLowerCase().replace(/^www\./, ""));
        set("url", text(review.url));
        set("title", text(review.title));
        set("reviewDate", toIsoDate(review.reviewDate));
        set("language", text(review.languageCode));
        records.push({
          record: finishRecord(draft, ctx.defaults),
          location: `${ctx.name}#${claimPath}.claimReview[${r}]`,
        });
      });
    });
  });
  return { records, problems };
}
