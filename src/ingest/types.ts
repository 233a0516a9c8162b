import type { FactCheckInput } from "../core/factcheck.ts";

/** Input formats `claimbot ingest` understands. `auto` picks one per file from its extension and content. */
export const INGEST_FORMATS = ["claimreview", "gfc", "csv", "jsonl", "article"] as const;
export type IngestFormat = (typeof INGEST_FORMATS)[number];

/**
 * Something wrong with one record or one part of a source. `location` names the place: `file:line` for line
 * formats, `file#path` for JSON (`feed.json#dataFeedElement[2].item[0]`), `page.html script#3`.
 * `error`: the record was skipped; `warning`: it was kept (for example an unsure article field).
 */
export interface IngestProblem {
  location: string;
  /** The record field concerned, e.g. `reviewDate`, when one is known. */
  field?: string;
  message: string;
  severity: "error" | "warning";
}

/**
 * One record a parser produced, not yet validated: usually a FactCheckInput, possibly with fields missing or
 * wrong (the pipeline validates it against FactCheckSchema and reports the field).
 */
export interface Candidate {
  record: FactCheckInput | Record<string, unknown>;
  location: string;
  /** The mapper already ran FactCheckSchema on `record` (its output): the pipeline does not validate it again. */
  validated?: boolean;
}

/** What a parser returns for one source: its records and the problems met, rows it could not read included. */
export interface ParseResult {
  records: Candidate[];
  problems: IngestProblem[];
}

/** One parsed source (a file, a fetched URL, an API page) as the pipeline consumes it. */
export interface ParsedSource extends ParseResult {
  /** File path, URL or a label such as `google:page 3`. */
  name: string;
  format: IngestFormat | "google" | "unknown";
  /** Set when the source could not be read at all (missing file, network error, not parseable). */
  error?: string;
  /** A later chunk of a file already counted (big JSONL files are read in chunks). */
  continuation?: boolean;
}

/**
 * Values the user gives on the command line. For `article` they override what the extractor found; for the other
 * formats they only fill fields a record lacks.
 */
export interface FieldDefaults {
  claim?: string;
  rating?: string;
  publisher?: string;
  /** Publisher host name, e.g. `factcheck.afp.com`. */
  site?: string;
  date?: string;
  url?: string;
  language?: string;
  license?: string;
}

/** Context every parser gets. */
export interface ParseContext {
  /** Name used in locations and in `source`, usually the file's base name or the URL. */
  name: string;
  /** File path of the source when it is a file (the CheckThat mapper names the collection after its folder). */
  path?: string;
  /** The page URL when the content was fetched (fills a ClaimReview that lacks `url`). */
  pageUrl?: string;
  defaults: FieldDefaults;
}

/** A row-level error produced while reading (counted as read and skipped). */
export function rowError(location: string, message: string, field?: string): IngestProblem {
  return field ? { location, field, message, severity: "error" } : { location, message, severity: "error" };
}
