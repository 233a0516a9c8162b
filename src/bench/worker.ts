/**
 * One bench step in its own process (so its peak RSS is its own): `build`, `cold`, `serve`. Started by
 * src/bench/run.ts with `fork`; reads one JSON job from argv[2], reports progress and the result over IPC.
 */
import { loadConfig } from "../config.ts";
import { isScreenable } from "../runtime/group-policy.ts";
import { applyServePolicies } from "../runtime/heap-policy.ts";
import { LOOKUP_CACHE_TTL_MS, memoizeLookup } from "../runtime/lookup-memo.ts";
import { existsSync, readFileSync, rmSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type Database from "better-sqlite3";
import { silentLogger } from "../core/logger.ts";
import { createLookup } from "../core/lookup.ts";
import type { LookupFn } from "../core/lookup-types.ts";
import { EN_STOPWORDS, tokenize } from "../core/text.ts";
import { quoteFts } from "../search/fts-query.ts";
import { SqliteFtsIndex } from "../search/sqlite-fts.ts";
import { ingestInputs, usesThreads } from "../ingest/threaded.ts";
import { openDatabase, useServingPageCache } from "../store/database.ts";
import { CHAT_WRITE_EVERY_MS, runChatWriter, startChatWriterProcess, type ChatWriterJob } from "./chat-writer.ts";
import { isCjkPost, loadBaseRecords, scaleRecords, type BenchPosts } from "./dataset.ts";
import { loadGoldQueries, measureQuality, type QualityResult } from "./quality.ts";
import { cpuMs, peakRssMiB, summarize, type LatencySummary } from "./stats.ts";

/** Records per `upsert` call, each one transaction. */
export const INGEST_BATCH_RECORDS = 10_000;
/** Candidates the floor query asks for, like a lookup's first retrieval. */
const FLOOR_LIMIT = 20;
/** Lookups run before timing, so JIT and page cache are warm for the latency figures. */
const WARMUP_LOOKUPS = 30;
/** Chat settings minimum length for the group pre-filter (the runtime's default). */
const GROUP_MIN_LENGTH_CHARS = 20;

export type Job =
  | { task: "build"; scale: number; dataDir: string; dbFile: string; floorDbFile: string; seed: number }
  | { task: "cold"; kind: "lookup" | "floor"; dbFile: string; postsFile: string }
  | { task: "serve"; kind: "lookup" | "floor"; dbFile: string; postsFile: string; claimShare: number }
  | { task: "ingest"; kind: "claimbot" | "floor"; inputs: string[]; dbFile: string }
  | { task: "quality"; dbFile: string; dataDir: string }
  | ChatWriterJob;

/** An end-to-end ingest (`claimbot ingest`: read, parse, validate, normalise, dedupe, index) or its floor. */
export interface IngestResult {
  /** Records written: valid and not duplicate (claimbot), rows inserted (floor). */
  records: number;
  /** Rows read from the inputs (claimbot's `read`; the floor's rows). */
  read: number;
  wallMs: number;
  cpuMs: number;
  perSecond: number;
  perCpuSecond: number;
  sizeMiB: number;
  peakRssMiB: number;
  /** claimbot's import ran on a worker thread and the main thread (`ingestInputs`' choice, or BENCH_INGEST_THREADS). */
  threaded?: boolean;
}

export interface BuildResult {
  records: number;
  generateMs: number;
  /** `compactMs`: the end-of-import compaction (`SqliteFtsIndex.compact`), included in `wallMs`. */
  ingest: { wallMs: number; cpuMs: number; perSecond: number; perCpuSecond: number; sizeMiB: number; compactMs?: number };
  floor: { wallMs: number; cpuMs: number; perSecond: number; perCpuSecond: number; sizeMiB: number };
  peakRssMiB: number;
}

export interface ColdResult {
  openMs: number;
  firstQueryMs: number;
  totalMs: number;
}

export interface ServeResult {
  latency: {
    dm: LatencySummary;
    group: LatencySummary;
    /** The same lookups split by the post's script: posts in CJK scripts (`isCjkPost`) and the others. */
    byScript?: { cjk: { dm: LatencySummary; group: LatencySummary }; other: { dm: LatencySummary; group: LatencySummary } };
  };
  cpuPerLookupMs: { dm: number; group: number };
  throughput: {
    messages: number;
    claimShare: number;
    screened: number;
    wallMs: number;
    cpuMs: number;
    perSecond: number;
    perCpuSecond: number;
    prefilter: string;
    /**
     * The same mix as `claimbot serve` handles it: the pre-filter, then the app's recent-lookup cache
     * (`LOOKUP_CACHE_ENTRIES`, 5 minutes) in front of the group lookup, fresh at the start. Not the target figure
     * (that one looks every screened message up); it shows what repeated messages cost when served.
     */
    served?: { wallMs: number; cpuMs: number; perSecond: number; perCpuSecond: number; cacheHits: number; peakRssMiB: number };
  };
  /** Group-mode outcomes in the mix, by message kind (a `match` on chit-chat is a false alarm). */
  outcomes: Record<string, number>;
  /** `SqliteFtsIndex.search` alone with the floor's terms: the index's share of a lookup. */
  indexSearch?: LatencySummary;
  peakRssMiB: number;
  /** The postings read into memory before the lookups (src/search/memory-postings.ts): whether, how long, how big. */
  memoryPostings?: { ready: boolean; ms: number; mib: number };
  /**
   * The DM lookups again while another process writes chat state to the file (`startChatWriterProcess`), as in a
   * deployment of several bot processes on one data directory: their latency, and how many ranked from the postings
   * in memory (all of them, unless another process's writes push the index back to FTS5's ranking). Measured when the
   * postings are in memory.
   */
  beside?: { latency: LatencySummary; fromMemory: number; lookups: number; writes: number; everyMs: number };
}

function send(message: unknown): void {
  if (process.send) process.send(message);
}

/** Sends and waits until the message is handed to the parent, so exiting right after does not lose it. */
function sendFinal(message: unknown): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

function progress(stage: string, done: number, total: number): void {
  send({ type: "progress", stage, done, total });
}

function fileSizeMiB(file: string): number {
  let bytes = 0;
  for (const f of [file, `${file}-wal`]) if (existsSync(f)) bytes += statSync(f).size;
  return bytes / (1024 * 1024);
}

function removeDb(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
}

/** The floor's terms: the post's first 10 distinct words that are not stop-words. */
export function floorTerms(text: string): string[] {
  return [...new Set(tokenize(text).filter((t) => !EN_STOPWORDS.has(t)))].slice(0, 10);
}

/** The bare floor query: the floor terms OR-ed, for BM25 over a raw-text FTS5 table. */
export function floorMatch(text: string): string | null {
  const terms = floorTerms(text);
  return terms.length ? terms.map(quoteFts).join(" OR ") : null;
}

function floorQuery(db: Database.Database): (text: string) => number {
  const stmt = db.prepare<[string, number], { rowid: number }>(
    "SELECT rowid FROM f WHERE f MATCH ? ORDER BY bm25(f) LIMIT ?",
  );
  return (text) => {
    const match = floorMatch(text);
    return match ? stmt.all(match, FLOOR_LIMIT).length : 0;
  };
}

async function build(job: Extract<Job, { task: "build" }>): Promise<BuildResult> {
  let started = performance.now();
  const records = scaleRecords(loadBaseRecords(job.dataDir), job.scale, job.seed);
  const generateMs = performance.now() - started;

  removeDb(job.dbFile);
  const db = openDatabase(job.dbFile);
  const index = new SqliteFtsIndex(db);
  started = performance.now();
  let cpu = cpuMs();
  for (let i = 0; i < records.length; i += INGEST_BATCH_RECORDS) {
    await index.upsert(records.slice(i, i + INGEST_BATCH_RECORDS));
    progress("ingest", Math.min(records.length, i + INGEST_BATCH_RECORDS), records.length);
  }
  // As `claimbot ingest` does after a large import: part of the timed ingest.
  const compacted = await index.compact();
  const ingestWall = performance.now() - started;
  const ingestCpu = cpuMs() - cpu;
  db.pragma("wal_checkpoint(TRUNCATE)");
  await index.close();
  db.close();

  removeDb(job.floorDbFile);
  const floorDb = openDatabase(job.floorDbFile);
  floorDb.exec("CREATE VIRTUAL TABLE f USING fts5(claim, title, summary, content='')");
  const insert = floorDb.prepare<[number, string, string, string]>(
    "INSERT INTO f (rowid, claim, title, summary) VALUES (?, ?, ?, ?)",
  );
  const insertBatch = floorDb.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const r = records[i]!;
      insert.run(i + 1, r.claim, r.title ?? "", r.summary ?? "");
    }
  });
  started = performance.now();
  cpu = cpuMs();
  for (let i = 0; i < records.length; i += INGEST_BATCH_RECORDS) {
    insertBatch(i, Math.min(records.length, i + INGEST_BATCH_RECORDS));
    progress("floor ingest", Math.min(records.length, i + INGEST_BATCH_RECORDS), records.length);
  }
  const floorWall = performance.now() - started;
  const floorCpu = cpuMs() - cpu;
  floorDb.pragma("wal_checkpoint(TRUNCATE)");
  floorDb.close();

  return {
    records: records.length,
    generateMs,
    ingest: {
      wallMs: ingestWall,
      cpuMs: ingestCpu,
      perSecond: records.length / (ingestWall / 1000),
      perCpuSecond: records.length / (Math.max(1, ingestCpu) / 1000),
      sizeMiB: fileSizeMiB(job.dbFile),
      compactMs: compacted.ms,
    },
    floor: {
      wallMs: floorWall,
      cpuMs: floorCpu,
      perSecond: records.length / (floorWall / 1000),
      perCpuSecond: records.length / (Math.max(1, floorCpu) / 1000),
      sizeMiB: fileSizeMiB(job.floorDbFile),
    },
    peakRssMiB: peakRssMiB(),
  };
}

function readPosts(file: string): BenchPosts {
  return JSON.parse(readFileSync(file, "utf8")) as BenchPosts;
}

async function cold(job: Extract<Job, { task: "cold" }>): Promise<ColdResult> {
  const text = readPosts(job.postsFile).claims[0] ?? "The moon landing was faked";
  const started = performance.now();
  const db = openDatabase(job.dbFile);
  if (job.kind === "floor") {
    const query = floorQuery(db);
    const opened = performance.now();
    query(text);
    const done = performance.now();
    return { openMs: opened - started, firstQueryMs: done - opened, totalMs: done - started };
  }
  const index = new SqliteFtsIndex(db);
  const lookup = createLookup({ index, logger: silentLogger });
  const opened = performance.now();
  await lookup({ text }, "dm");
  const done = performance.now();
  return { openMs: opened - started, firstQueryMs: done - opened, totalMs: done - started };
}

/** Answers at this scale (src/bench/quality.ts), with a fixed clock so runs compare. */
async function quality(job: Extract<Job, { task: "quality" }>): Promise<QualityResult> {
  const queries = loadGoldQueries(job.dataDir);
  const db = openDatabase(job.dbFile);
  useServingPageCache(db);
  const lookup = createLookup({ index: new SqliteFtsIndex(db), logger: silentLogger, now: () => new Date("2026-12-01T00:00:00Z") });
  const result = await measureQuality(lookup, queries);
  db.close();
  return result;
}

type Prefilter = { name: string; screen: (text: string) => boolean };

/** The runtime's cheap group pre-filter (src/runtime/group-policy.ts), as the bots run it. */
const RUNTIME_PREFILTER: Prefilter = {
  name: "runtime isScreenable",
  screen: (text) => isScreenable(text, { minLength: GROUP_MIN_LENGTH_CHARS }),
};

async function timeEach(
  stage: string,
  posts: readonly string[],
  run: (text: string) => Promise<unknown> | unknown,
): Promise<{ samples: number[]; cpuPerCall: number }> {
  const samples: number[] = [];
  const cpu = cpuMs();
  for (let i = 0; i < posts.length; i++) {
    const started = performance.now();
    await run(posts[i]!);
    samples.push(performance.now() - started);
    if (i % 50 === 0 || i === posts.length - 1) progress(stage, i + 1, posts.length);
  }
  return { samples, cpuPerCall: (cpuMs() - cpu) / Math.max(1, posts.length) };
}

async function serve(job: Extract<Job, { task: "serve" }>): Promise<ServeResult> {
  // Serving is measured as `claimbot serve` runs: with its heap policy (the default of CLAIMBOT_HEAP_GROWING_PERCENT,
  // or what the environment sets) and without allocation-site pretenuring, so peak RSS and GC are the product's.
  if (job.kind !== "floor") applyServePolicies(loadConfig({ CLAIMBOT_HEAP_GROWING_PERCENT: process.env.CLAIMBOT_HEAP_GROWING_PERCENT }).CLAIMBOT_HEAP_GROWING_PERCENT);
  const { claims: posts, mix } = readPosts(job.postsFile);
  const db = openDatabase(job.dbFile);
  // …and with the page cache `createApp` gives a serving connection.
  if (job.kind !== "floor") useServingPageCache(db);
  const outcomes: Record<string, number> = {};
  let dmRun: (text: string) => Promise<unknown> | unknown;
  let groupRun: (text: string) => Promise<unknown> | unknown;
  let prefilter: Prefilter;
  let index: SqliteFtsIndex | undefined;
  let lookup: LookupFn | undefined;
  let currentKind = "claim";
  let memoryPostings: ServeResult["memoryPostings"];
  if (job.kind === "floor") {
    const query = floorQuery(db);
    dmRun = groupRun = query;
    prefilter = { name: "none (bare query per message)", screen: () => true };
  } else {
    // As `claimbot serve` opens it: postings read into memory on a worker thread; measured once they are.
    index = new SqliteFtsIndex(db, { memoryPostings: process.env.SQLITE_MEMORY_POSTINGS === "off" ? "off" : "background" });
    const readStarted = performance.now();
    const ready = await index.readMemoryPostings();
    memoryPostings = { ready, ms: performance.now() - readStarted, mib: (index.memoryPostingsBytes ?? 0) / 1048576 };
    const pipeline = createLookup({ index, logger: silentLogger });
    lookup = pipeline;
    dmRun = async (text) => pipeline({ text }, "dm");
    groupRun = async (text) => {
      const result = await pipeline({ text }, "group");
      const key = `${currentKind} → ${result.outcome}`;
      outcomes[key] = (outcomes[key] ?? 0) + 1;
      return result;
    };
    prefilter = RUNTIME_PREFILTER;
  }
  for (const text of posts.slice(0, WARMUP_LOOKUPS)) await dmRun(text);
  const cjk = posts.map(isCjkPost);
  const dm = await timeEach("lookup dm", posts, dmRun);
  const group = await timeEach("lookup group", posts, groupRun);
  for (const key of Object.keys(outcomes)) delete outcomes[key];
  let indexSearch: LatencySummary | undefined;
  if (index) {
    const searchIndex = index;
    const timed = await timeEach("index search", posts, (text) =>
      searchIndex.search({ terms: floorTerms(text), limit: FLOOR_LIMIT }),
    );
    indexSearch = summarize(timed.samples);
  }

  let screened = 0;
  const started = performance.now();
  const cpu = cpuMs();
  for (let i = 0; i < mix.length; i++) {
    const text = mix[i]!.text;
    currentKind = mix[i]!.kind;
    if (prefilter.screen(text)) {
      screened++;
      await groupRun(text);
    }
    if (i % 200 === 0 || i === mix.length - 1) progress("group mix", i + 1, mix.length);
  }
  const wallMs = performance.now() - started;
  const mixCpu = cpuMs() - cpu;
  // Peak RSS of serving as before (the pipeline, no recent-lookup cache), read before the as-served pass adds its cache.
  const pipelinePeakRssMiB = peakRssMiB();
  let served: ServeResult["throughput"]["served"];
  if (lookup) {
    const cached = memoizeLookup(lookup, { ttlMs: LOOKUP_CACHE_TTL_MS, max: loadConfig({}).LOOKUP_CACHE_ENTRIES });
    const servedStarted = performance.now();
    const servedCpu = cpuMs();
    for (let i = 0; i < mix.length; i++) {
      const text = mix[i]!.text;
      if (prefilter.screen(text)) await cached({ text }, "group");
      if (i % 200 === 0 || i === mix.length - 1) progress("group mix as served", i + 1, mix.length);
    }
    const servedWall = performance.now() - servedStarted;
    const servedCpuMs = cpuMs() - servedCpu;
    served = {
      wallMs: servedWall,
      cpuMs: servedCpuMs,
      perSecond: mix.length / (servedWall / 1000),
      perCpuSecond: mix.length / (Math.max(1, servedCpuMs) / 1000),
      cacheHits: cached.stats.hits,
      peakRssMiB: peakRssMiB(),
    };
  }
  // Only when the postings are in memory (at 10k they stay in FTS5, where other processes' writes change nothing).
  const beside = index?.memoryPostingsBytes !== undefined && lookup ? await dmBesideChatWrites(job.dbFile, index, lookup, posts) : undefined;
  db.close();
  return {
    latency: {
      dm: summarize(dm.samples),
      group: summarize(group.samples),
      byScript: {
        cjk: { dm: summarize(dm.samples.filter((_, i) => cjk[i])), group: summarize(group.samples.filter((_, i) => cjk[i])) },
        other: { dm: summarize(dm.samples.filter((_, i) => !cjk[i])), group: summarize(group.samples.filter((_, i) => !cjk[i])) },
      },
    },
    cpuPerLookupMs: { dm: dm.cpuPerCall, group: group.cpuPerCall },
    throughput: {
      messages: mix.length,
      claimShare: job.claimShare,
      screened,
      wallMs,
      cpuMs: mixCpu,
      perSecond: mix.length / (wallMs / 1000),
      perCpuSecond: mix.length / (Math.max(1, mixCpu) / 1000),
      prefilter: prefilter.name,
      ...(served ? { served } : {}),
    },
    outcomes,
    indexSearch,
    peakRssMiB: pipelinePeakRssMiB,
    ...(memoryPostings ? { memoryPostings } : {}),
    ...(beside ? { beside } : {}),
  };
}

/**
 * `ServeResult.beside`: the DM posts looked up, back to back as in the DM pass, while another process writes chat
 * state every `CHAT_WRITE_EVERY_MS`.
 */
async function dmBesideChatWrites(
  dbFile: string,
  index: SqliteFtsIndex,
  lookup: LookupFn,
  posts: readonly string[],
): Promise<NonNullable<ServeResult["beside"]>> {
  const writer = await startChatWriterProcess(fileURLToPath(import.meta.url), dbFile);
  let fromMemory = 0;
  let writes = 0;
  const timed = await timeEach("lookup dm beside chat-state writes", posts, async (text) => {
    await lookup({ text }, "dm");
    if (index.memoryPostingsBytes !== undefined) fromMemory++;
  }).finally(async () => {
    writes = await writer.stop();
  });
  return { latency: summarize(timed.samples), fromMemory, lookups: posts.length, writes, everyMs: CHAT_WRITE_EVERY_MS };
}

/** The texts a floor row indexes: the first claim-, title- and body-like field a row of the inputs has. */
function floorRow(row: Record<string, unknown>): [string, string, string] {
  const text = (...keys: string[]) => {
    for (const key of keys) if (typeof row[key] === "string" && row[key]) return row[key] as string;
    return "";
  };
  return [text("claim", "claimReviewed", "review_text"), text("title", "headline"), text("review_text", "subtitle", "description")];
}

/**
 * `claimbot ingest` of the inputs into a fresh index, timed from the first byte read to the last commit; or its
 * floor: read each file, `JSON.parse` each line (JSONL) or the whole document (a DataFeed), insert the raw texts
 * into a bare FTS5 table. No validation, normalisation, dedupe or record storage: the least any ingest must do.
 */
async function ingestEndToEnd(job: Extract<Job, { task: "ingest" }>): Promise<IngestResult> {
  removeDb(job.dbFile);
  const db = openDatabase(job.dbFile);
  const started = performance.now();
  const cpu = cpuMs();
  let records = 0;
  let read = 0;
  let threaded = false;
  if (job.kind === "claimbot") {
    const index = new SqliteFtsIndex(db);
    // What `claimbot ingest` runs (on a worker thread for inputs this large).
    // BENCH_INGEST_THREADS=on|off overrides the choice (to compare the two on the same machine).
    const forced = process.env.BENCH_INGEST_THREADS;
    const readOptions = { format: "auto" as const, defaults: {} };
    threaded = forced === "on" ? true : forced === "off" ? false : await usesThreads(job.inputs, readOptions, { index });
    const summary = await ingestInputs(job.inputs, readOptions, { index, threads: threaded });
    records = summary.imported;
    read = summary.read;
    await index.close();
  } else {
    db.exec("CREATE VIRTUAL TABLE f USING fts5(claim, title, summary, content='')");
    const insert = db.prepare<[number, string, string, string]>("INSERT INTO f (rowid, claim, title, summary) VALUES (?, ?, ?, ?)");
    const insertAll = db.transaction((rows: Array<Record<string, unknown>>) => {
      for (const row of rows) insert.run(++records, ...floorRow(row));
    });
    for (const file of job.inputs) {
      const content = readFileSync(file, "utf8");
      let rows: Array<Record<string, unknown>>;
      if (file.endsWith(".jsonl")) {
        rows = content.split("\n").filter((line) => line.trim()).map((line) => JSON.parse(line) as Record<string, unknown>);
      } else {
        const feed = JSON.parse(content) as { dataFeedElement?: Array<{ item?: Array<Record<string, unknown>> }> };
        rows = (feed.dataFeedElement ?? []).flatMap((element) => element.item ?? []);
      }
      read += rows.length;
      for (let i = 0; i < rows.length; i += INGEST_BATCH_RECORDS) insertAll(rows.slice(i, i + INGEST_BATCH_RECORDS));
    }
  }
  const wallMs = performance.now() - started;
  const usedCpu = cpuMs() - cpu;
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  const result = {
    records,
    read,
    wallMs,
    cpuMs: usedCpu,
    perSecond: records / (wallMs / 1000),
    perCpuSecond: records / (Math.max(1, usedCpu) / 1000),
    sizeMiB: fileSizeMiB(job.dbFile),
    peakRssMiB: peakRssMiB(),
    threaded,
  };
  removeDb(job.dbFile);
  return result;
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? "{}") as Job;
  let data: unknown;
  if (job.task === "build") data = await build(job);
  else if (job.task === "cold") data = await cold(job);
  else if (job.task === "serve") data = await serve(job);
  else if (job.task === "ingest") data = await ingestEndToEnd(job);
  else if (job.task === "quality") data = await quality(job);
  else if (job.task === "chat-writer") data = await runChatWriter(job, send);
  else throw new Error(`unknown bench task`);
  await sendFinal({ type: "result", data });
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    await sendFinal({ type: "error", name: (error as Error).name, message: (error as Error).message });
    process.exit(1);
  },
);
