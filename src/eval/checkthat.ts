import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { parse } from "csv-parse/sync";
import { FactCheckSchema, type FactCheck } from "../core/factcheck.ts";
import { mapCheckthatVclaim } from "../ingest/checkthat-vclaims.ts";

/** One benchmark query. */
export interface EvalQuery {
  id: string;
  text: string;
}

/**
 * Reads queries: a CheckThat `*.queries.tsv` (header `id<TAB>text`, CSV-style quoting with `""`) or JSONL with
 * `{id, text}` (also `query`, `tweet_text` or `claim` for the text).
 */
export function loadQueries(file: string): EvalQuery[] {
  const content = readFileSync(file, "utf8");
  if (/\.jsonl?$/i.test(file)) {
    const out: EvalQuery[] = [];
    for (const line of content.split("\n")) {
      if (!line.trim()) continue;
      const row = JSON.parse(line) as Record<string, unknown>;
      const id = row.id ?? row.query_id ?? row.iclaim_id;
      const text = row.text ?? row.query ?? row.tweet_text ?? row.claim ?? row.iclaim;
      if (id !== undefined && typeof text === "string") out.push({ id: String(id), text });
    }
    return out;
  }
  const rows = parse(content, {
    delimiter: "\t",
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
  }) as string[][];
  const body = rows[0]?.[0]?.toLowerCase() === "id" ? rows.slice(1) : rows;
  return body.filter((r) => r.length >= 2).map((r) => ({ id: r[0]!.trim(), text: r.slice(1).join("\t") }));
}

/** Reads TREC qrels (`query_id 0 claim_id relevance`, tabs or spaces): query id → relevant claim ids. */
export function loadQrels(file: string): Map<string, Set<string>> {
  const qrels = new Map<string, Set<string>>();
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const parts = line.trim().split(/\s+/);
    if (parts.length < 4 || parts[3] === "0" || !/^\d+$/.test(parts[3]!)) continue;
    const [qid, , cid] = parts as [string, string, string];
    if (!qrels.has(qid)) qrels.set(qid, new Set());
    qrels.get(qid)!.add(cid);
  }
  return qrels;
}

/** Problems met while reading a collection (rows skipped), counted. */
export interface CollectionLoad {
  records: FactCheck[];
  skipped: number;
}

function recordFromRow(row: unknown, source: string): FactCheck | null {
  const asRecord = FactCheckSchema.safeParse(row);
  if (asRecord.success) return asRecord.data;
  const mapped = mapCheckthatVclaim(row, { source });
  if ("error" in mapped) return null;
  const parsed = FactCheckSchema.safeParse(mapped);
  return parsed.success ? parsed.data : null;
}

/**
 * Reads a collection: a CheckThat `vclaims.jsonl` (mapped by `mapCheckthatVclaim`), a JSONL of FactCheck records,
 * or a folder (its `vclaims.jsonl` when present, else every `*.jsonl` in it).
 */
export function loadCollection(path: string): CollectionLoad {
  let files: string[];
  if (statSync(path).isDirectory()) {
    const vclaims = join(path, "vclaims.jsonl");
    files = existsSync(vclaims)
      ? [vclaims]
      : readdirSync(path).filter((f) => f.endsWith(".jsonl")).sort().map((f) => join(path, f));
  } else files = [path];
  const records: FactCheck[] = [];
  let skipped = 0;
  for (const file of files) {
    const source = `checkthat-${basename(join(file, "..")) || "vclaims"}`;
    for (const line of readFileSync(file, "utf8").split("\n")) {
      if (!line.trim()) continue;
      let row: unknown;
      try {
        row = JSON.parse(line);
      } catch {
        skipped++;
        continue;
      }
      const record = recordFromRow(row, source);
      if (record) records.push(record);
      else skipped++;
    }
  }
  return { records, skipped };
}

/** Resolves the files of a CheckThat folder split: `<dir>/<split>.queries.tsv` and `<dir>/<split>.qrels.tsv`. */
export function checkthatSplitFiles(dir: string, split: string): { queries: string; qrels: string } {
  return { queries: join(dir, `${split}.queries.tsv`), qrels: join(dir, `${split}.qrels.tsv`) };
}

/**
 * Reads a collection in any format: JSONL (CheckThat vclaims or FactCheck records, see `loadCollection`) directly;
 * anything else (ClaimReview JSON/HTML, CSV, Google Fact Check API dumps) through the ingest readers.
 */
export async function loadAnyCollection(path: string): Promise<CollectionLoad> {
  const direct = statSync(path).isDirectory() || /\.(jsonl|ndjson)$/i.test(path) ? loadCollection(path) : undefined;
  if (direct && direct.records.length > 0) return direct;
  const { readSources } = await import("../ingest/sources.ts");
  const records: FactCheck[] = [];
  let skipped = 0;
  for await (const source of readSources([path], { format: "auto", defaults: {} })) {
    skipped += source.problems.filter((p) => p.severity === "error").length;
    for (const candidate of source.records) {
      const parsed = FactCheckSchema.safeParse(candidate.record);
      if (parsed.success) records.push(parsed.data);
      else skipped++;
    }
  }
  return { records, skipped };
}
