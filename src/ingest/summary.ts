import type { IngestProblem } from "./types.ts";

/** Most problems kept in a summary; the rest are only counted (a 1M-line file with every line bad stays small). */
export const MAX_PROBLEMS_KEPT = 1000;

/** Counts per input format. */
export interface FormatCounts {
  sources: number;
  read: number;
  valid: number;
  skipped: number;
}

/** Share of records whose rating normalised to `other`, for one publisher. */
export interface OtherShare {
  records: number;
  /** Records that carry no rating at all (rating `unrated`, e.g. most CheckThat vclaims): not counted in `share`. */
  unrated: number;
  other: number;
  /** other / (records - unrated), 0..1, rounded to 4 decimals: how much rated wording failed to normalise. */
  share: number;
  /** The most frequent raw ratings that became `other` (rating → count), at most 5. */
  topOtherRatings: Record<string, number>;
}

/** What one `claimbot ingest` / `sync` run did. Printed as text, or as JSON with `--json`. */
export interface IngestSummary {
  dryRun: boolean;
  sources: number;
  /** Sources that could not be read at all (missing file, network error). */
  sourcesFailed: Array<{ name: string; error: string }>;
  /** Records seen: parsed candidates plus rows that could not be parsed. */
  read: number;
  /** Records that passed validation and were not duplicates within the run. */
  valid: number;
  /** Records written to the index (0 on a dry run). */
  imported: number;
  /** Records rejected (unreadable rows and validation failures). */
  skipped: number;
  /** Records dropped because an earlier record in this run had the same id. */
  duplicates: number;
  byFormat: Record<string, FormatCounts>;
  otherShareByPublisher: Record<string, OtherShare>;
  /** Index size after the run (undefined on a dry run). */
  indexCount?: number;
  durationMs: number;
  /** valid records per second over the whole run. */
  recordsPerSecond: number;
  problems: IngestProblem[];
  problemsTotal: number;
  warningsTotal: number;
}

/** The summary as a few human lines (problems are printed separately). */
export function formatSummary(s: IngestSummary): string {
  const lines = [
    `${s.dryRun ? "dry run: " : ""}read ${s.read}, ${s.dryRun ? "valid" : "imported"} ${s.dryRun ? s.valid : s.imported}, ` +
      `skipped ${s.skipped}, duplicates ${s.duplicates} from ${s.sources} source(s) in ${(s.durationMs / 1000).toFixed(2)} s ` +
      `(${s.recordsPerSecond} records/s)` +
      (s.indexCount !== undefined ? `; index now holds ${s.indexCount}` : ""),
  ];
  for (const [format, c] of Object.entries(s.byFormat)) {
    lines.push(`  ${format}: ${c.sources} source(s), read ${c.read}, valid ${c.valid}, skipped ${c.skipped}`);
  }
  const publishers = Object.entries(s.otherShareByPublisher).sort((a, b) => b[1].records - a[1].records);
  if (publishers.length > 0) {
    lines.push("  verdict `other` share by publisher:");
    for (const [name, o] of publishers) {
      const top = Object.entries(o.topOtherRatings)
        .map(([r, n]) => `${JSON.stringify(r)} ${n}`)
        .join(", ");
      const rated = o.records - o.unrated;
      const unrated = o.unrated > 0 ? `; ${o.unrated} unrated` : "";
      lines.push(`    ${name}: ${(o.share * 100).toFixed(1)}% of ${rated} rated${unrated}${top ? ` (${top})` : ""}`);
    }
  }
  for (const f of s.sourcesFailed) lines.push(`  unreadable: ${f.name}: ${f.error}`);
  return lines.join("\n");
}

/** One problem as a line: `file:12 [reviewDate] expected a date as YYYY-MM-DD`. */
export function formatProblem(p: IngestProblem): string {
  return `${p.severity === "warning" ? "warning" : "skipped"} ${p.location}${p.field ? ` [${p.field}]` : ""}: ${p.message}`;
}
