/**
 * The worker-thread half of a threaded ingest (src/ingest/threaded.ts): reads, parses, validates and dedupes the
 * inputs (`collectRecords`, as on one thread) and, for an index that takes prepared records, computes each row
 * (`prepareForIndex`: FTS texts, URL keys, hashes); posts the batches to the main thread, which only writes.
 * At most `MAX_BATCHES_IN_FLIGHT` batches wait for the writer, so memory stays flat however fast parsing is.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { FactCheck } from "../core/factcheck.ts";
import type { Logger } from "../core/logger.ts";
import { prepareForIndex } from "../search/sqlite-prepare.ts";
import { collectRecords, emptySummary } from "./pipeline.ts";
import { readSources } from "./sources.ts";
import { workerPrepares, type IngestWorkerData, type WorkerMessage } from "./threaded.ts";

/** Batches posted and not yet written; the reader waits past this. */
const MAX_BATCHES_IN_FLIGHT = 3;

const port = parentPort!;
const job = workerData as IngestWorkerData;
let credits = MAX_BATCHES_IN_FLIGHT;
let wake: (() => void) | undefined;
port.on("message", (message: { type: "written" }) => {
  if (message.type !== "written") return;
  credits++;
  wake?.();
  wake = undefined;
});

const post = (message: WorkerMessage) => port.postMessage(message);

/** Log lines go to the main thread's logger (fields are plain values). */
const at =
  (level: Extract<WorkerMessage, { type: "log" }>["level"]) =>
  (message: string, fields?: Record<string, unknown>) =>
    post({ type: "log", level, message, fields: fields ?? {} });
const logger: Logger = { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error"), child: () => logger } as Logger;

async function main(): Promise<void> {
  const summary = emptySummary(false);
  const counter = { done: 0 };
  await collectRecords(readSources(job.inputs, job.read), summary, {
    batchSize: job.batchSize,
    logger,
    progress: {
      setTotal: (total) => post({ type: "total", total }),
      update: (done) => post({ type: "done", done }),
    },
    counter,
    onBatch: async (records: FactCheck[], first, last) => {
      const prepare = job.prepare && workerPrepares(MAX_BATCHES_IN_FLIGHT - credits);
      if (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
      credits--;
      post({ type: "batch", prepared: prepare, records: prepare ? records.map(prepareForIndex) : records, first, last });
    },
  });
  post({ type: "end", summary, done: counter.done });
}

main().then(
  () => port.close(),
  (error: unknown) => {
    const e = error instanceof Error ? error : new Error(String(error));
    post({ type: "failed", name: e.name, message: e.message, stack: e.stack ?? "" });
    port.close();
  },
);
