import { looksLikeGoogleFactCheck } from "./google-factcheck.ts";
import type { IngestFormat } from "./types.ts";

/** How much of the content the sniffer looks at (characters). */
const SNIFF_CHARS = 4096;

/** Format implied by a file name's extension, or undefined (`.json` is ambiguous: ClaimReview or Fact Check API). */
export function formatFromExtension(name: string): IngestFormat | undefined {
  const lower = name.toLowerCase().replace(/[?#].*$/, "");
  if (/\.(jsonl|ndjson)$/.test(lower)) return "jsonl";
  if (/\.(csv|tsv)$/.test(lower)) return "csv";
  if (/\.(html?|xhtml)$/.test(lower)) return "claimreview";
  if (/\.(jsonld|json-ld)$/.test(lower)) return "claimreview";
  if (/\.(txt|text|md)$/.test(lower)) return "article";
  return undefined;
}

/** Format of already-parsed JSON: the Fact Check API's response shape, else ClaimReview JSON-LD. */
export function formatOfJson(root: unknown): IngestFormat {
  return looksLikeGoogleFactCheck(root) ? "gfc" : "claimreview";
}

/**
 * Picks a format from the name and the content: the extension when it is unambiguous, else the content: markup →
 * ClaimReview in HTML; a whole JSON document → Fact Check API or ClaimReview; one JSON object per line → JSONL; a
 * delimited header line → CSV; anything else → article text. `contentType` (HTTP) is a hint for fetched URLs.
 */
export function detectFormat(name: string, content: string, contentType?: string): IngestFormat {
  const byExtension = formatFromExtension(name);
  if (byExtension && byExtension !== "article") return byExtension;
  if (contentType && /html/i.test(contentType)) return "claimreview";
  const head = content.slice(0, SNIFF_CHARS).replace(/^\uFEFF/, "").trimStart();
  if (head.startsWith("<")) return "claimreview";
  if (head.startsWith("{") || head.startsWith("[")) {
    try {
      return formatOfJson(JSON.parse(content));
    } catch {
      const lines = head.split("\n").filter((l) => l.trim() !== "");
      if (lines.length > 1 && lines.slice(0, -1).every((l) => l.trimStart().startsWith("{"))) return "jsonl";
      return "claimreview";
    }
  }
  if (byExtension === "article") return "article";
  const firstLine = head.slice(0, head.search(/\r?\n|$/));
  const fields = firstLine.split(/[,\t;]/);
  if (fields.length >= 3 && fields.every((f) => f.trim().length > 0 && f.length < 60)) return "csv";
  return "article";
}
