import { parse } from "csv-parse/sync";
import { finishRecord, type Draft } from "./record.ts";
import type { Candidate, IngestProblem, ParseContext, ParseResult } from "./types.ts";
import { text } from "./util.ts";

/** Record fields a CSV column can fill. */
type CsvField =
  | "id" | "claim" | "altClaim" | "title" | "summary" | "rating" | "publisher" | "site" | "url" | "reviewDate"
  | "claimDate" | "claimant" | "language" | "appearances" | "license";

/**
 * Header aliases, compared after lower-casing and dropping everything but letters and digits (so `Review URL`,
 * `review_url` and `reviewUrl` are one). The first matching column wins. Documented in the ingest notes.
 */
export const CSV_COLUMN_ALIASES: Readonly<Record<CsvField, readonly string[]>> = {
  id: ["id", "factcheckid", "recordid"],
  claim: ["claim", "claimreviewed", "claimtext", "statement", "text", "claimtitle", "rumor", "rumour"],
  altClaim: ["claimen", "claimenglish", "claimtranslation", "translatedclaim"],
  title: ["title", "headline", "reviewtitle", "articletitle"],
  summary: ["summary", "description", "explanation", "reviewtext", "ratingexplanation", "conclusion"],
  rating: ["rating", "textualrating", "verdict", "label", "ruling", "alternatename", "ratingname", "truthrating"],
  publisher: ["publisher", "publishername", "factchecker", "organization", "organisation", "author", "sourcename"],
  site: ["publishersite", "site", "domain", "publisherdomain", "website"],
  url: ["url", "reviewurl", "factcheckurl", "claimreviewurl", "link", "articleurl", "reviewlink"],
  reviewDate: ["reviewdate", "date", "datepublished", "published", "publishdate", "publicationdate", "factcheckdate"],
  claimDate: ["claimdate", "dateclaimed", "claimpublished", "claimfirstseen", "statedon"],
  claimant: ["claimant", "speaker", "claimauthor", "source", "whosaid"],
  language: ["language", "lang", "languagecode", "inlanguage", "locale"],
  appearances: ["appearances", "appearance", "claimurl", "claimurls", "claimsourceurl", "firstappearance", "postUrl"],
  license: ["license", "licence"],
};

const fold = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, "");

/** Column index → field, for the given header row. Exported for the notes and tests. */
export function mapCsvHeader(headers: readonly string[]): Map<number, CsvField> {
  const map = new Map<number, CsvField>();
  const taken = new Set<CsvField>();
  const folded = headers.map(fold);
  for (const [field, aliases] of Object.entries(CSV_COLUMN_ALIASES) as Array<[CsvField, readonly string[]]>) {
    for (const alias of aliases) {
      const i = folded.indexOf(fold(alias));
      if (i >= 0 && !map.has(i) && !taken.has(field)) {
        map.set(i, field);
        taken.add(field);
        break;
      }
    }
  }
  return map;
}

function detectDelimiter(firstLine: string): string {
  const counts = [",", "\t", ";", "|"].map((d) => ({ d, n: firstLine.split(d).length - 1 }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0] && counts[0].n > 0 ? counts[0].d : ",";
}

/**
 * Parses CSV/TSV with a header row (delimiter sniffed from it: comma, tab, semicolon or bar). Columns are mapped by
 * {@link CSV_COLUMN_ALIASES}; unknown columns are ignored. A broken row (bad quoting) is reported with its line and
 * skipped; the other rows are read. `appearances` may hold several URLs separated by spaces, `|` or `;`.
 */
export function parseCsv(content: string, ctx: ParseContext): ParseResult {
  const records: Candidate[] = [];
  const problems: IngestProblem[] = [];
  const body = content.replace(/^\uFEFF/, "");
  const delimiter = detectDelimiter(body.slice(0, body.search(/\r?\n|$/)));
  let rows: Array<{ record: string[]; info: { lines: number } }>;
  try {
    rows = parse(body, {
      delimiter,
      info: true,
      relax_column_count: true,
      relax_quotes: false,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (error) => {
        const line = typeof error?.lines === "number" ? error.lines : "?";
        const message = `unreadable CSV row: ${error?.message ?? "?"}`;
        problems.push({ location: `${ctx.name}:${line}`, message, severity: "error" });
        return undefined;
      },
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (error) {
    return {
      records,
      problems: [
        ...problems,
        { location: ctx.name, message: `unreadable CSV: ${(error as Error).message}`, severity: "error" },
      ],
    };
  }
  const header = rows.shift();
  if (!header) return { records, problems: [{ location: ctx.name, message: "empty CSV", severity: "error" }] };
  const columns = mapCsvHeader(header.record);
  const mapped = new Set(columns.values());
  for (const required of ["claim", "rating", "url"] as const) {
    if (!mapped.has(required) && !ctx.defaults[required]) {
      problems.push({
        location: `${ctx.name}:${header.info.lines}`,
        field: required,
        message: `no column for ${required} (header aliases: ${CSV_COLUMN_ALIASES[required].join(", ")})`,
        severity: "warning",
      });
    }
  }
  for (const { record: cells, info } of rows) {
    const values: Partial<Record<CsvField, string>> = {};
    columns.forEach((field, i) => {
      const v = text(cells[i]);
      if (v !== undefined) values[field] = v;
    });
    const draft: Draft = { source: `csv:${ctx.name}` };
    const set = <K extends keyof Draft>(key: K, v: Draft[K] | undefined) => {
      if (v !== undefined) draft[key] = v;
    };
    set("id", values.id);
    set("claim", values.claim);
    set("altClaims", values.altClaim ? [values.altClaim] : undefined);
    set("title", values.title);
    set("summary", values.summary);
    set("rating", values.rating);
    set("publisher", values.publisher);
    set("site", values.site?.toLowerCase().replace(/^https?:\/\//, "").replace(/^www\./, "").replace(/\/.*$/, ""));
    set("url", values.url);
    set("reviewDate", values.reviewDate);
    set("claimDate", values.claimDate);
    set("claimant", values.claimant);
    set("language", values.language);
    set("appearances", values.appearances?.split(/[\s|;]+/).filter(Boolean));
    set("license", values.license);
    records.push({ record: finishRecord(draft, ctx.defaults), location: `${ctx.name}:${info.lines}` });
  }
  return { records, problems };
}
