import { VERDICTS } from "../core/factcheck.ts";
import { mapCheckthatVclaim } from "./checkthat-vclaims.ts";
import { claimReviewDraft, hasType } from "./claimreview.ts";
import { looksLikeSharedFactcheck, mapSharedFactcheck } from "./collections.ts";
import { looksLikeGoogleFactCheck, parseGoogleFactCheckJson } from "./google-factcheck.ts";
import { finishRecord } from "./record.ts";
import type { Candidate, IngestProblem, ParseContext, ParseResult } from "./types.ts";
import { asObject, baseName } from "./util.ts";

const VERDICT_SET: ReadonlySet<string> = new Set(VERDICTS);
const LINE_FEED = 0x0a;

/** Kinds of JSONL rows we recognise, tried in this order. */
export type JsonlRowKind = "factcheck" | "shared" | "claimreview" | "gfc" | "vclaim";

/** Which mapper a JSONL row needs, from its fields; undefined when none fits. */
export function jsonlRowKind(row: unknown): JsonlRowKind | undefined {
  const r = asObject(row);
  if (!r) return undefined;
  if ("reviewDate" in r && typeof r.verdict === "string" && VERDICT_SET.has(r.verdict) && "rating" in r) {
    return "factcheck";
  }
  if (looksLikeSharedFactcheck(r)) return "shared";
  if (hasType(r, "ClaimReview")) return "claimreview";
  if (looksLikeGoogleFactCheck(r)) return "gfc";
  if ("id" in r && ("claim" in r || "title" in r) && !("verdict" in r) && !("reviewDate" in r)) return "vclaim";
  return undefined;
}

/** `{error: "url: missing"}` → field `url`. */
function fieldOf(message: string): string | undefined {
  const m = /^([A-Za-z_][\w.]*)\s*:/.exec(message);
  return m?.[1];
}

/**
 * Parses JSON Lines, one record per line, each line mapped by its shape: our FactCheck records as they are, the
 * shared collections' rows (`mapSharedFactcheck`), CheckThat! vclaims (`mapCheckthatVclaim`, source
 * `checkthat-<folder>`), ClaimReview objects and Fact Check API claims. A line that is not JSON or fits no shape is
 * reported with its line number and skipped. `firstLine` numbers the content's first line (for files read in
 * chunks).
 */
export function parseJsonl(content: string | Buffer, ctx: ParseContext, firstLine = 1): ParseResult {
  const records: Candidate[] = [];
  const problems: IngestProblem[] = [];
  const folder = ctx.path ? baseName(ctx.path.replace(/[\\/][^\\/]*$/, "")) : undefined;
  const vclaimSource = folder ? `checkthat-${folder}` : `checkthat:${ctx.name}`;
  // A file's bytes are decoded a line at a time (a line break is never inside a UTF-8 sequence): a line of ASCII
  // becomes a one-byte string, where decoding the whole file made every line two-byte as soon as one character
  // anywhere was outside Latin-1, and decoding it whole cost ~6 ms a megabyte (issue 15: the shared collections'
  // 45 MB, 0.27 s of a 2 s read).
  const bytes = typeof content === "string" ? undefined : content;
  const text = typeof content === "string" ? content : "";
  let lineNo = firstLine - 1;
  let start = 0;
  const length = bytes ? bytes.length : text.length;
  while (start < length) {
    let end = bytes ? bytes.indexOf(LINE_FEED, start) : text.indexOf("\n", start);
    if (end < 0) end = length;
    lineNo++;
    const line = (bytes ? bytes.toString("utf8", start, end) : text.slice(start, end)).trim();
    start = end + 1;
    if (line === "") continue;
    const location = `${ctx.name}:${lineNo}`;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch (error) {
      problems.push({ location, message: `not JSON: ${(error as Error).message}`, severity: "error" });
      continue;
    }
    mapJsonRow(row, location, ctx, { records, problems }, vclaimSource);
  }
  return { records, problems };
}

/**
 * Maps one parsed JSON row by its shape (see `jsonlRowKind`) into `out`: records, or a problem naming `location`.
 * Shared by JSONL and the streamed JSON arrays (src/ingest/json-stream.ts).
 */
export function mapJsonRow(row: unknown, location: string, ctx: ParseContext, out: ParseResult, vclaimSource = `checkthat:${ctx.name}`): void {
  const { records, problems } = out;
  const kind = jsonlRowKind(row);
  switch (kind) {
    case "factcheck":
      records.push({ record: row as Record<string, unknown>, location });
      break;
    case "shared":
    case "vclaim": {
      const mapped = kind === "shared" ? mapSharedFactcheck(row) : mapCheckthatVclaim(row, { source: vclaimSource });
      if ("error" in mapped) {
        const field = fieldOf(mapped.error);
        problems.push({ location, ...(field ? { field } : {}), message: mapped.error, severity: "error" });
      } else {
        // mapSharedFactcheck returns FactCheckSchema's output: validating it again would only cost time.
        records.push(kind === "shared" ? { record: mapped, location, validated: true } : { record: mapped, location });
      }
      break;
    }
    case "claimreview":
      records.push({
        record: finishRecord(claimReviewDraft(row as Record<string, unknown>, `claimreview:${ctx.name}`), ctx.defaults),
        location,
      });
      break;
    case "gfc": {
      const parsed = parseGoogleFactCheckJson(row, { ...ctx, name: location });
      records.push(...parsed.records);
      problems.push(...parsed.problems);
      break;
    }
    default:
      problems.push({
        location,
        message: "row fits no known shape (FactCheck, shared collection, vclaim, ClaimReview, Fact Check API)",
        severity: "error",
      });
  }
}
