import { hash } from "node:crypto";
import type { FactCheck } from "../core/factcheck.ts";
import { silentLogger, type Logger } from "../core/logger.ts";
import { normalizeUrl } from "../core/text.ts";
import type { SearchIndex } from "../core/search-index.ts";
import type { PreparedRecord } from "../search/sqlite-record.ts";
import { UNRATED } from "./checkthat-vclaims.ts";
import type { ProgressSink } from "./progress.ts";
import { MAX_PROBLEMS_KEPT, type IngestSummary, type OtherShare } from "./summary.ts";
import type { IngestProblem, ParsedSource } from "./types.ts";
import { IngestInterruptedError } from "./ingest-interrupted-error.ts";
import { validateFactCheck } from "./validate.ts";

/** Records per `upsert` call: large enough for one transaction to amortise, small enough to resume cheaply. */
export const UPSERT_BATCH_RECORDS = 2000;
/**
 * Records per upsert into an index that takes prepared rows (SQLite): FTS5 writes a segment per transaction and
 * merges them as they pile up, so fewer, larger transactions cost less (200k bench records: 9.8 → 7.8 s of writing
 * with 10,000 instead of 2,000).
 */
export const SQLITE_UPSERT_BATCH_RECORDS = 10_000;

/** An index that writes prepared records (SqliteFtsIndex); not part of the SearchIndex port. */
export interface PreparedUpsert {
  upsertPrepared(records: readonly PreparedRecord[]): Promise<void>;
}

export function takesPrepared(index: SearchIndex): index is SearchIndex & PreparedUpsert {
  return typeof (index as Partial<PreparedUpsert>).upsertPrepared === "function";
}

/** The batch size of a run: the caller's, else by the kind of index. */
export function batchSizeFor(options: Pick<IngestOptions, "batchSize" | "index">): number {
  return options.batchSize ?? (options.index && takesPrepared(options.index) ? SQLITE_UPSERT_BATCH_RECORDS : UPSERT_BATCH_RECORDS);
}
/** Progress is reported at most every this many records. */
const PROGRESS_STEP_RECORDS = 500;

export interface IngestOptions {
  /** Target index; required unless `dryRun`. */
  index?: SearchIndex;
  /** Parse and validate only. */
  dryRun?: boolean;
  batchSize?: number;
  progress?: ProgressSink;
  logger?: Logger;
}

/**
 * Validation issues as `field: why`, plainly worded. The id is derived from url and claim, so when either is
 * missing the id's own complaint is noise and is left out.
 */
function describeIssues(
  issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>,
): Array<{ field: string; why: string }> {
  const described = issues.map((i) => ({
    field: i.path.map(String).join("."),
    why: /received undefined$/.test(i.message) ? "missing" : i.message,
  }));
  const derivedFrom = described.some((d) => d.field === "url" || d.field === "claim");
  return derivedFrom && described.length > 1 ? described.filter((d) => d.field !== "id") : described;
}

/**
 * Whitespace and punctuation (ASCII, Latin-1, General Punctuation with curly quotes and dashes, CJK punctuation),
 * folded out of claims when comparing reviews. A plain character class: much cheaper than `\p{P}` on 100k claims.
 */
// eslint-disable-next-line no-control-regex
const FOLDED_OUT = /[\s!-/:-@[-`{-~\u00a1-\u00bf\u2000-\u206f\u3000-\u303f\uff01-\uff0f]+/g;

/** A source name for logs: a URL's query string may carry a token, so it is left out. */
function logName(name: string): string {
  return /^https?:\/\//i.test(name) ? name.replace(/[?#].*$/, "") : name;
}

/**
 * The same review whatever id a source gave it: review URL and claim, folded like `factCheckId` folds them. Two
 * collections that carry their own ids (VERITAS Snopes and CheckThat 2022-2a hold 3,065 reviews in common) thus
 * dedupe too, while several claims of one article, or several publishers of one claim, stay apart.
 */
function reviewKey(record: FactCheck): string {
  const url = normalizeUrl(record.url) ?? record.url;
  // Kept as a digest: short, and a fresh string. Keeping the key itself would keep alive the whole chunk of input
  // text its parts were sliced from (V8 sliced strings), which made a streamed 235 MB feed cost 670 MB of RSS.
  return hash("sha1", `${url}\n${record.claim.toLowerCase().replace(FOLDED_OUT, " ").trim()}`, "base64");
}

/** The id as a short digest: shares no memory with the input it was sliced from (see `reviewKey`). */
function idKey(id: string): string {
  return hash("sha1", id, "base64");
}

interface PublisherTally {
  records: number;
  unrated: number;
  other: number;
  otherRatings: Map<string, number>;
}

/**
 * After a run that imported at least this many records, an index that can compact itself (SQLite: FTS5 optimize +
 * incremental vacuum, ~0.6 s at 200k records) does so: a bulk import leaves its postings in many segments and free
 * pages behind.
 */
export const COMPACT_AFTER_IMPORTED_RECORDS = 10_000;

/** An index that can compact its storage after a bulk import (SqliteFtsIndex); not part of the SearchIndex port. */
interface CompactableIndex {
  compact(): Promise<unknown>;
}

function isCompactable(index: SearchIndex): index is SearchIndex & CompactableIndex {
  return typeof (index as Partial<CompactableIndex>).compact === "function";
}

/** A batch handed to the index: its number in the run and the locations of its first and last record. */
export interface BatchInfo {
  number: number;
  first: string;
  last: string;
  records: number;
}

/**
 * Writes one batch with `write`; an index failure becomes `IngestInterruptedError` naming the batch and what was
 * imported before it. The one step both ingest paths (`runIngest`, src/ingest/threaded.ts) write with.
 */
export async function writeBatch(batch: BatchInfo, importedBefore: number, write: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    throw new IngestInterruptedError(batch.number, batch.first, batch.last, batch.records, importedBefore, { cause: error });
  }
}

/** A summary with nothing counted yet (the key order is the order `--json` prints). */
export function emptySummary(dryRun: boolean): IngestSummary {
  return {
    dryRun,
    sources: 0,
    sourcesFailed: [],
    read: 0,
    valid: 0,
    imported: 0,
    skipped: 0,
    duplicates: 0,
    byFormat: {},
    otherShareByPublisher: {},
    durationMs: 0,
    recordsPerSecond: 0,
    problems: [],
    problemsTotal: 0,
    warningsTotal: 0,
  };
}

/** What `collectRecords` hands on and reports to. */
export interface CollectHooks {
  batchSize: number;
  logger: Logger;
  progress?: Pick<ProgressSink, "setTotal" | "update">;
  /** Records processed so far (validated or skipped), kept up to date for the caller's last progress report. */
  counter: { done: number };
  /** A batch of valid, new records in input order, with the locations of its first and last record. */
  onBatch(records: FactCheck[], firstLocation: string, lastLocation: string): Promise<void>;
}

/**
 * The reading half of an ingest, the same on one thread or on a worker thread (src/ingest/ingest-worker.ts):
 * validates and dedupes what the sources yield, counts everything into `summary` but `imported`, and hands the
 * valid records on in batches.
 */
export async function collectRecords(
  sources: AsyncIterable<ParsedSource> | Iterable<ParsedSource>,
  summary: IngestSummary,
  hooks: CollectHooks,
): Promise<void> {
  const { logger, progress, counter } = hooks;
  const seen = new Set<string>();
  const seenReviews = new Set<string>();
  const tallies = new Map<string, PublisherTally>();
  let batch: FactCheck[] = [];
  let firstLocation = "";
  let lastLocation = "";
  let total = 0;
  let lastReported = 0;

  const report = (problem: IngestProblem) => {
    if (problem.severity === "warning") summary.warningsTotal++;
    else summary.problemsTotal++;
    if (summary.problems.length < MAX_PROBLEMS_KEPT) summary.problems.push(problem);
  };
  const flush = async () => {
    if (batch.length === 0) return;
    const records = batch;
    batch = [];
    await hooks.onBatch(records, firstLocation, lastLocation);
  };
  const advance = (n: number) => {
    counter.done += n;
    if (progress && counter.done - lastReported >= PROGRESS_STEP_RECORDS) {
      progress.update(counter.done);
      lastReported = counter.done;
    }
  };

  for await (const source of sources) {
    const counts = (summary.byFormat[source.format] ??= { sources: 0, read: 0, valid: 0, skipped: 0 });
    if (!source.continuation) {
      summary.sources++;
      counts.sources++;
    }
    if (source.error) {
      summary.sourcesFailed.push({ name: source.name, error: source.error });
      logger.warn("ingest source unreadable", { source: logName(source.name), error: source.error });
      continue;
    }
    const rowErrors = source.problems.filter((p) => p.severity === "error").length;
    counts.read += source.records.length + rowErrors;
    summary.read += source.records.length + rowErrors;
    counts.skipped += rowErrors;
    summary.skipped += rowErrors;
    for (const problem of source.problems) report(problem);
    total += source.records.length;
    progress?.setTotal(total);

    for (const candidate of source.records) {
      const parsed = candidate.validated
        ? { success: true as const, data: candidate.record as FactCheck }
        : validateFactCheck(candidate.record);
      if (!parsed.success) {
        const issues = describeIssues(parsed.error.issues);
        report({
          location: candidate.location,
          ...(issues[0]?.field ? { field: issues[0].field } : {}),
          message: issues.map((i) => `${i.field || "record"}: ${i.why}`).join("; "),
          severity: "error",
        });
        counts.skipped++;
        summary.skipped++;
        advance(1);
        continue;
      }
      const record = parsed.data;
      const review = reviewKey(record);
      const idDigest = idKey(record.id);
      if (seen.has(idDigest) || seenReviews.has(review)) {
        summary.duplicates++;
        advance(1);
        continue;
      }
      seen.add(idDigest);
      seenReviews.add(review);
      counts.valid++;
      summary.valid++;
      const tally = tallies.get(record.publisher.name) ?? { records: 0, unrated: 0, other: 0, otherRatings: new Map() };
      tally.records++;
      if (record.rating === UNRATED) tally.unrated++;
      else if (record.verdict === "other") {
        tally.other++;
        tally.otherRatings.set(record.rating, (tally.otherRatings.get(record.rating) ?? 0) + 1);
      }
      tallies.set(record.publisher.name, tally);
      if (batch.length === 0) firstLocation = candidate.location;
      lastLocation = candidate.location;
      batch.push(record);
      if (batch.length >= hooks.batchSize) await flush();
      advance(1);
    }
    logger.debug("ingest source read", {
      source: logName(source.name),
      format: source.format,
      records: source.records.length,
      problems: source.problems.length,
    });
  }
  await flush();

  for (const [name, t] of tallies) {
    const top = [...t.otherRatings].sort((a, b) => b[1] - a[1]).slice(0, 5);
    const share: OtherShare = {
      records: t.records,
      unrated: t.unrated,
      other: t.other,
      share: t.records > t.unrated ? Math.round((t.other / (t.records - t.unrated)) * 10_000) / 10_000 : 0,
      topOtherRatings: Object.fromEntries(top),
    };
    summary.otherShareByPublisher[name] = share;
  }
}

/** The end of a run: compaction after a large import, the index count, timing, the log line. */
export async function finishIngest(summary: IngestSummary, started: number, options: IngestOptions): Promise<IngestSummary> {
  const logger = options.logger ?? silentLogger;
  if (!summary.dryRun) {
    const index = options.index!;
    if (summary.imported >= COMPACT_AFTER_IMPORTED_RECORDS && isCompactable(index)) {
      try {
        await index.compact();
      } catch (error) {
        // Every record is in; a file left uncompacted (another process held it, the disk was full) is only bigger.
        logger.warn("index compaction skipped; the next large import compacts it", { error: (error as Error).message });
      }
    }
    summary.indexCount = await index.count();
  }
  summary.durationMs = Math.round(performance.now() - started);
  summary.recordsPerSecond = Math.round(summary.valid / Math.max(0.001, summary.durationMs / 1000));
  logger.info("ingest done", {
    read: summary.read,
    imported: summary.imported,
    skipped: summary.skipped,
    duplicates: summary.duplicates,
    durationMs: summary.durationMs,
  });
  return summary;
}

/**
 * Validates, dedupes and upserts what the sources yield, and sums up the run.
 * - every record is checked with FactCheckSchema; a bad one is reported (location, field, why) and skipped;
 * - within the run, a record whose id, or whose review (url + claim, see `reviewKey`), was already seen is a
 *   duplicate (counted, dropped: the first one wins, so input order decides);
 * - records go to `index.upsert` in batches; since upsert is idempotent by id, a second run changes nothing and a
 *   run killed half-way, run again, ends complete;
 * - after a large import (`COMPACT_AFTER_IMPORTED_RECORDS`) an index that can compact itself does.
 * Throws only when the index fails: `IngestInterruptedError` naming the batch, with the backend's error as its
 * cause (e.g. SearchUnavailableError, MeilisearchTaskError); bad input never throws.
 * src/ingest/threaded.ts runs the same on two threads for files.
 */
export async function runIngest(
  sources: AsyncIterable<ParsedSource> | Iterable<ParsedSource>,
  options: IngestOptions,
): Promise<IngestSummary> {
  const started = performance.now();
  const dryRun = options.dryRun ?? false;
  if (!dryRun && !options.index) throw new Error("runIngest: an index is needed unless dryRun");
  const summary = emptySummary(dryRun);
  const counter = { done: 0 };
  let batchNumber = 0;
  // The bar must be stopped (cursor shown again) even when the index fails half-way.
  try {
    await collectRecords(sources, summary, {
      batchSize: batchSizeFor(options),
      logger: options.logger ?? silentLogger,
      ...(options.progress ? { progress: options.progress } : {}),
      counter,
      onBatch: async (records, first, last) => {
        batchNumber++;
        if (dryRun) return;
        await writeBatch({ number: batchNumber, first, last, records: records.length }, summary.imported, () => options.index!.upsert(records));
        summary.imported += records.length;
      },
    });
  } finally {
    options.progress?.update(counter.done);
    options.progress?.stop();
  }
  return finishIngest(summary, started, options);
}
