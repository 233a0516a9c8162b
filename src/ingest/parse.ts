import { htmlToArticleText } from "./article-html.ts";
import { parseArticle } from "./article.ts";
import { parseClaimReviewHtml } from "./claimreview-html.ts";
import { parseClaimReviewText } from "./claimreview.ts";
import { parseCsv } from "./csv.ts";
import { parseGoogleFactCheckJson } from "./google-factcheck.ts";
import { parseJsonl } from "./jsonl.ts";
import type { IngestFormat, ParseContext, ParseResult } from "./types.ts";

/** Parses content in a known format. Pure; never throws on bad input (problems are values). */
export function parseContent(content: string, format: IngestFormat, ctx: ParseContext): ParseResult {
  switch (format) {
    case "claimreview":
      return /^\s*</.test(content.slice(0, 1024).replace(/^\uFEFF/, ""))
        ? parseClaimReviewHtml(content, ctx)
        : parseClaimReviewText(content, ctx);
    case "gfc": {
      let root: unknown;
      try {
        root = JSON.parse(content);
      } catch (error) {
        return {
          records: [],
          problems: [{ location: ctx.name, message: `invalid JSON: ${(error as Error).message}`, severity: "error" }],
        };
      }
      return parseGoogleFactCheckJson(root, ctx);
    }
    case "csv":
      return parseCsv(content, ctx);
    case "jsonl":
      return parseJsonl(content, ctx);
    case "article":
      // A fetched page (or a saved .html) is turned into text first.
      return parseArticle(/^\s*</.test(content.slice(0, 1024)) ? htmlToArticleText(content) : content, ctx);
  }
}
