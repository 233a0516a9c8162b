import { on } from "node:events";
import { readdir, stat } from "node:fs/promises";
import { availableParallelism, cpus, loadavg } from "node:os";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { FactCheck } from "../core/factcheck.ts";
import { silentLogger, type Logger } from "../core/logger.ts";
import type { PreparedRecord } from "../search/sqlite-record.ts";
import { batchSizeFor, finishIngest, runIngest, takesPrepared, writeBatch, type IngestOptions, type PreparedUpsert } from "./pipeline.ts";
import { readSources, type ReadOptions } from "./sources.ts";
import type { IngestSummary } from "./summary.ts";

/**
 * Below this much input (bytes on disk) an ingest stays on one thread: a worker costs ~0.3 s to start (its own
 * module graph), which a small import does not win back.
 */
export const THREADED_MIN_INPUT_BYTES = 8 * 1024 * 1024;

const COMPILED = import.meta.url.endsWith(".js");
const WORKER_FILE = new URL(COMPILED ? "./ingest-worker.js" : "./ingest-worker.ts", import.meta.url);

/** Read options a worker can be given (no injected fetch or stdin: they cannot cross threads). */
export type WorkerReadOptions = Omit<ReadOptions, "fetch" | "stdin">;

/** What the worker is started with. */
export interface IngestWorkerData {
  inputs: readonly string[];
  read: WorkerReadOptions;
  batchSize: number;
  /** Post `PreparedRecord`s (the index takes them) instead of records. */
  prepare: boolean;
}

/** Messages from the worker. */
export type WorkerMessage =
  | { type: "total"; total: number }
  | { type: "done"; done: number }
  | { type: "log"; level: "debug" | "info" | "warn" | "error"; message: string; fields: Record<string, unknown> }
  | { type: "batch"; prepared: boolean; records: PreparedRecord[] | FactCheck[]; first: string; last: string }
  | { type: "end"; summary: IngestSummary; done: number }
  | { type: "failed"; name: string; message: string; stack: string };

/**
 * Whether the worker prepares a batch's rows (`prepareForIndex`) itself, given how many batches it posted are not
 * written yet. While the writer is behind (one or more unwritten), the worker has time to spare and takes the
 * preparing off the writer; when the writer has caught up, it would only wait for the worker, so it gets plain
 * records and prepares them itself. Parsing costs more than writing, so preparing everything on the worker (as
 * before) left the writer idle: 100k-review feed, two threads at load 3, 18.4-18.5 s → 11.8-14.8 s wall, same CPU.
 */
export function workerPrepares(unwrittenBatches: number): boolean {
  return unwrittenBatches > 0;
}

/** The worker failed unexpectedly (a bug, not bad input: bad input is reported in the summary). */
export class IngestWorkerError extends Error {
  override readonly name = "IngestWorkerError";
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * `runIngest(readSources(inputs, read), options)` on two threads: a worker reads, parses, validates, dedupes and
 * prepares the rows (src/ingest/ingest-worker.ts, the same `collectRecords`), this thread writes them to the index
 * as they come. The summary is the one `runIngest` gives (problems with their locations, counts, shares); an index
 * failure stops the worker and throws the same `IngestInterruptedError`.
 */
export async function runIngestThreaded(
  inputs: readonly string[],
  read: WorkerReadOptions,
  options: IngestOptions,
): Promise<IngestSummary> {
  const started = performance.now();
  if (options.dryRun || !options.index) throw new Error("runIngestThreaded: an index is needed (dry runs stay on one thread)");
  const index = options.index;
  const logger = options.logger ?? silentLogger;
  const writer: PreparedUpsert | undefined = takesPrepared(index) ? index : undefined;
  const data: IngestWorkerData = { inputs, read, batchSize: batchSizeFor(options), prepare: !!writer };
  const worker = startWorker(data);
  const stopped = new AbortController();
  worker.once("exit", () => stopped.abort());
  let summary: IngestSummary | undefined;
  let imported = 0;
  let batchNumber = 0;
  let done = 0;
  try {
    try {
      for await (const [message] of on(worker, "message", { signal: stopped.signal }) as AsyncIterable<[WorkerMessage]>) {
        if (message.type === "batch") {
          batchNumber++;
          await writeBatch({ number: batchNumber, first: message.first, last: message.last, records: message.records.length }, imported, () =>
            message.prepared ? writer!.upsertPrepared(message.records as PreparedRecord[]) : index.upsert(message.records as FactCheck[]),
          );
          imported += message.records.length;
          worker.postMessage({ type: "written" });
        } else if (message.type === "total") options.progress?.setTotal(message.total);
        else if (message.type === "done") {
          done = message.done;
          options.progress?.update(done);
        } else if (message.type === "log") log(logger, message);
        else if (message.type === "failed") {
          const error = new IngestWorkerError(`ingest worker failed: ${message.name}: ${message.message}`);
          error.stack = message.stack;
          throw error;
        } else if (message.type === "end") {
          summary = message.summary;
          done = message.done;
          break;
        }
      }
    } catch (error) {
      if (!stopped.signal.aborted || summary) throw error;
    }
    if (!summary) throw new IngestWorkerError("ingest worker stopped before the end of its inputs");
  } finally {
    options.progress?.update(done);
    options.progress?.stop();
    await worker.terminate();
  }
  summary.imported = imported;
  return finishIngest(summary, started, options);
}

function log(logger: Logger, message: Extract<WorkerMessage, { type: "log" }>): void {
  logger[message.level](message.message, message.fields);
}

/**
 * The worker, on the compiled build as is; from source through tsx's module hooks, registered in the worker first
 * (tsx is a development dependency, absent from the build; a worker does not take `--import` on Node 20).
 */
function startWorker(workerData: IngestWorkerData): Worker {
  if (COMPILED) return new Worker(WORKER_FILE, { workerData });
  const api = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  const file = JSON.stringify(WORKER_FILE.href);
  return new Worker(`import(${api}).then((tsx) => { tsx.register(); return import(${file}); });`, { eval: true, workerData });
}

/** Bytes on disk of the inputs (directories walked); URLs and `-` count as nothing. */
async function inputBytes(inputs: readonly string[]): Promise<number> {
  let bytes = 0;
  const visit = async (path: string): Promise<void> => {
    const info = await stat(path).catch(() => undefined);
    if (!info) return;
    if (info.isDirectory()) {
      for (const entry of await readdir(path)) await visit(join(path, entry));
    } else bytes += info.size;
  };
  for (const input of inputs) if (input !== "-" && !/^https?:\/\//i.test(input)) await visit(input);
  return bytes;
}

/** How long `coreToSpare` watches the cores when the load average says they are busy. */
export const IDLE_SAMPLE_MS = 200;

/** Idle time summed over the cores and time elapsed, from `os.cpus()` (milliseconds). */
export interface CpuTimes {
  idle: number;
  total: number;
}

function cpuTimes(): CpuTimes {
  let idle = 0;
  let total = 0;
  for (const { times } of cpus()) {
    idle += times.idle;
    total += times.user + times.nice + times.sys + times.idle + times.irq;
  }
  return { idle, total };
}

/** Cores idle between two samples of `os.cpus()` times, out of `cores`. */
export function idleCores(before: CpuTimes, after: CpuTimes, cores: number): number {
  const total = after.total - before.total;
  return total > 0 ? ((after.idle - before.idle) / total) * cores : 0;
}

/**
 * Whether a core is free for the worker. With none, the two threads share one core and the worker's own module
 * graph, copies and garbage collection make the import slower than on one thread (measured on 2 cores at load 3–4:
 * 69k collection records 8.1–8.6 CPU-s on one thread, 10.8–14.7 on two). The 1-minute load average answers at once
 * when it says a core is free; when it says none is, it may only remember this process's own work of the last minute
 * (`npm run bench` imports right after building an index, and ran every import on one thread), so the cores are
 * watched for `IDLE_SAMPLE_MS` and a core idle in that time counts as free (with 10% slack for the sampling).
 */
export async function coreToSpare(
  sample: { loadavg?: () => number[]; cpuTimes?: () => CpuTimes; cores?: number; waitMs?: number } = {},
): Promise<boolean> {
  const cores = sample.cores ?? availableParallelism();
  if (cores - ((sample.loadavg ?? loadavg)()[0] ?? 0) >= 1) return true;
  if (cores < 2) return false;
  const times = sample.cpuTimes ?? cpuTimes;
  const before = times();
  await new Promise((resolve) => setTimeout(resolve, sample.waitMs ?? IDLE_SAMPLE_MS));
  return idleCores(before, times(), cores) >= 0.9;
}

/**
 * `threads`: "auto" (the default) uses a worker for large file imports when a core is free; true forces it where
 * possible; false never.
 */
export interface IngestInputsOptions extends IngestOptions {
  threads?: "auto" | boolean;
}

/** Whether `ingestInputs` runs these inputs on two threads (see there). */
export async function usesThreads(inputs: readonly string[], read: ReadOptions, options: IngestInputsOptions): Promise<boolean> {
  const threads = options.threads ?? "auto";
  const possible = !options.dryRun && !!options.index && !inputs.includes("-") && !read.fetch && !read.stdin;
  if (!possible || threads === false) return false;
  return threads === true || ((await inputBytes(inputs)) >= THREADED_MIN_INPUT_BYTES && (await coreToSpare()));
}

/**
 * What `claimbot ingest` runs: the inputs read and imported, on two threads (`runIngestThreaded`) when the import
 * is large, a core is free (`coreToSpare`) and it can be (files or URLs, no standard input, no injected fetch, not a
 * dry run), else on one (`runIngest`). The summary is the same either way.
 */
export async function ingestInputs(inputs: readonly string[], read: ReadOptions, options: IngestInputsOptions): Promise<IngestSummary> {
  if (await usesThreads(inputs, read, options)) {
    const { fetch: _fetch, stdin: _stdin, ...workerRead } = read;
    return runIngestThreaded(inputs, workerRead, options);
  }
  return runIngest(readSources(inputs, read), options);
}
