import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ModeThresholds } from "../core/decide.ts";
import type { FactCheck } from "../core/factcheck.ts";
import { createLookupTrace, type LookupTrace } from "../core/lookup.ts";
import type { Mode, Post } from "../core/lookup-types.ts";
import type { RerankerModel } from "../core/rerank.ts";
import type { SearchIndex } from "../core/search-index.ts";
import type { Translator } from "../core/translator.ts";
import { SqliteFtsIndex } from "../search/sqlite-fts.ts";
import { openDatabase } from "../store/database.ts";

/** Records written to the temporary index per transaction. */
export const UPSERT_BATCH = 2000;

/** How an evaluation gets its index and pipeline. */
export interface EvalIndexOptions {
  /** Index to use instead of a fresh temporary SQLite one (tests). It must be empty; it is left open. */
  index?: SearchIndex;
  model?: RerankerModel;
  thresholds?: Partial<Record<Mode, ModeThresholds>>;
  /** Translate non-English posts into English (cross-language eval); absent = no translation. */
  translator?: Translator;
  onProgress?: (phase: "index", done: number, total: number) => void;
}

/** What the evaluation runs on: the traced pipeline over the filled index. */
export interface EvalIndex {
  trace: (post: Post, mode: Mode) => Promise<LookupTrace>;
  /** Records in the index after filling it. */
  indexed: number;
  indexBuildMs: number;
}

/**
 * Fills a temporary SQLite index (or `options.index`) with `records`, runs `run` on the real lookup pipeline over it,
 * and removes the temporary index afterwards, whatever happens.
 */
export async function withEvalIndex<T>(
  records: readonly FactCheck[],
  options: EvalIndexOptions,
  run: (evalIndex: EvalIndex) => Promise<T>,
): Promise<T> {
  let tempDir: string | undefined;
  let db: ReturnType<typeof openDatabase> | undefined;
  let index = options.index;
  if (!index) {
    tempDir = mkdtempSync(join(tmpdir(), "claimbot-eval-"));
    db = openDatabase(join(tempDir, "eval.sqlite"));
    // Ranked from the postings in memory, as a served index is (read at the first query; the same answers as FTS5's
    // ranking, so SQLITE_MEMORY_POSTINGS=off gives the same eval: issue 15).
    index = new SqliteFtsIndex(db, { memoryPostings: process.env.SQLITE_MEMORY_POSTINGS === "off" ? "off" : "now" });
  }
  try {
    const buildStart = Date.now();
    for (let i = 0; i < records.length; i += UPSERT_BATCH) {
      await index.upsert(records.slice(i, i + UPSERT_BATCH));
      options.onProgress?.("index", Math.min(records.length, i + UPSERT_BATCH), records.length);
    }
    const indexBuildMs = Date.now() - buildStart;
    const indexed = await index.count();
    const trace = createLookupTrace({
      index,
      ...(options.model ? { model: options.model } : {}),
      ...(options.thresholds ? { thresholds: options.thresholds } : {}),
      ...(options.translator ? { translator: options.translator } : {}),
    });
    return await run({ trace, indexed, indexBuildMs });
  } finally {
    if (!options.index) {
      await index.close();
      db?.close();
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    }
  }
}
