import { loadHtml } from "./html-parser.ts";
import { parseClaimReviewJson } from "./claimreview.ts";
import type { IngestProblem, ParseContext, ParseResult } from "./types.ts";
import { httpUrl, languageTag } from "./util.ts";

/** Characters that are illegal raw inside JSON strings but common in hand-written JSON-LD blocks. */
// eslint-disable-next-line no-control-regex
const RAW_CONTROL_CHARS = /[\u0000-\u001f]+/g;

function parseBlock(raw: string): unknown {
  const body = raw.trim().replace(/^<!--|-->$/g, "").replace(/^\s*\/\/\s*<!\[CDATA\[|\/\/\s*\]\]>\s*$/g, "");
  try {
    return JSON.parse(body);
  } catch (first) {
    // A frequent breakage: raw line breaks or tabs inside string values. Outside strings they are whitespace, so
    // turning every run into a space is safe.
    try {
      return JSON.parse(body.replace(RAW_CONTROL_CHARS, " "));
    } catch {
      throw first;
    }
  }
}

/**
 * Parses an HTML page: every `<script type="application/ld+json">` block is read with a real HTML parser
 * (cheerio); each ClaimReview found becomes a candidate. A block that is not valid JSON is reported (`page.html
 * script#3`) and the other blocks are still read. The page's canonical URL and `<html lang>` fill reviews that lack
 * `url` or `inLanguage`.
 */
export function parseClaimReviewHtml(html: string, ctx: ParseContext): ParseResult {
  const $ = loadHtml(html);
  const canonical =
    httpUrl($('link[rel="canonical"]').attr("href")) ?? httpUrl($('meta[property="og:url"]').attr("content"));
  const pageLanguage = languageTag($("html").attr("lang"));
  // The page's own canonical link beats the address it was fetched from (syndication copies, tracking parameters).
  const pageUrl = canonical ?? ctx.pageUrl;
  const language = ctx.defaults.language ?? pageLanguage;
  const pageCtx: ParseContext = {
    ...ctx,
    ...(pageUrl ? { pageUrl } : {}),
    defaults: { ...ctx.defaults, ...(language ? { language } : {}) },
  };
  const result: ParseResult = { records: [], problems: [] };
  const problems: IngestProblem[] = result.problems;
  const blocks = $('script[type="application/ld+json" i]').toArray();
  blocks.forEach((element, i) => {
    const location = `${ctx.name} script#${i + 1}`;
    let root: unknown;
    try {
      root = parseBlock($(element).text());
    } catch (error) {
      problems.push({ location, message: `invalid JSON-LD block: ${(error as Error).message}`, severity: "error" });
      return;
    }
    const parsed = parseClaimReviewJson(root, pageCtx, location);
    result.records.push(...parsed.records);
    problems.push(...parsed.problems);
  });
  if (blocks.length === 0) {
    problems.push({ location: ctx.name, message: "no JSON-LD block in the page", severity: "warning" });
  } else if (result.records.length === 0) {
    problems.push({ location: ctx.name, message: "no ClaimReview in the page's JSON-LD", severity: "warning" });
  }
  return result;
}
