import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { FactCheck } from "../../src/core/factcheck.ts";
import { MemoryLogger } from "../../src/core/logger.ts";
import { IngestInterruptedError } from "../../src/ingest/ingest-interrupted-error.ts";
import { COMPACT_AFTER_IMPORTED_RECORDS, runIngest } from "../../src/ingest/pipeline.ts";
import { readSources } from "../../src/ingest/sources.ts";
import type { IngestSummary } from "../../src/ingest/summary.ts";
import { ingestInputs } from "../../src/ingest/threaded.ts";
import { MemorySearchIndex } from "../../src/search/memory.ts";
import { SqliteFtsIndex } from "../../src/search/sqlite-fts.ts";
import { openDatabase } from "../../src/store/database.ts";
import { fixturePath, MALFORMED_LINES, numberedRecord, writeThousandLines } from "./helpers.ts";

const dir = mkdtempSync(join(tmpdir(), "claimbot-threaded-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const record = (i: number): FactCheck => numberedRecord(i, { appearances: true });

/** 1,000 lines: three malformed (broken JSON, a bad date, a missing url) and one duplicate of line 10. */
const jsonlPath = join(dir, "thousand.jsonl");
writeThousandLines(jsonlPath, record, 700);

const READ = { format: "auto" as const, defaults: {} };
const ALL_IDS = Array.from({ length: 1001 }, (_, i) => `rec-${i}`);

function sqliteIndex(name: string, logger?: MemoryLogger): { index: SqliteFtsIndex; close: () => void } {
  const db = openDatabase(join(dir, name));
  const index = new SqliteFtsIndex(db, logger ? { logger } : {});
  return { index, close: () => db.close() };
}

/** A summary without its timing, which differs from run to run. */
function untimed(summary: IngestSummary): Omit<IngestSummary, "durationMs" | "recordsPerSecond"> {
  const { durationMs: _d, recordsPerSecond: _r, ...rest } = summary;
  return rest;
}

describe("ingest on two threads", () => {
  it("gives the summary of the one-thread run, names malformed lines by number and writes the same records", async () => {
    const one = sqliteIndex("one.sqlite");
    const two = sqliteIndex("two.sqlite");
    const single = await runIngest(readSources([jsonlPath], READ), { index: one.index, batchSize: 128 });
    const threaded = await ingestInputs([jsonlPath], READ, { index: two.index, batchSize: 128, threads: true });
    expect(threaded).toMatchObject({ read: 1000, imported: 996, skipped: 3, duplicates: 1, indexCount: 996 });
    expect(JSON.stringify(untimed(threaded))).toBe(JSON.stringify(untimed(single)));
    const skipped = threaded.problems.filter((p) => p.severity === "error");
    expect(skipped.map((p) => p.location)).toEqual(MALFORMED_LINES.map((n) => `${jsonlPath}:${n}`));
    expect(skipped.map((p) => p.field)).toEqual([undefined, "reviewDate", "url"]);
    const written = await two.index.get(ALL_IDS);
    expect(written).toHaveLength(996);
    expect(written).toEqual(await one.index.get(ALL_IDS));
    expect((await two.index.findByUrl("https://social.example.com/p/300")).map((r) => r.id)).toEqual(["rec-300"]);
    one.close();
    two.close();
  });

  it("posts whole records to an index that does not take prepared rows", async () => {
    const index = new MemorySearchIndex();
    const summary = await ingestInputs([jsonlPath, fixturePath("claimreview-feed.json")], READ, { index, threads: true });
    const single = await runIngest(readSources([jsonlPath, fixturePath("claimreview-feed.json")], READ), { index: new MemorySearchIndex() });
    expect(JSON.stringify(untimed(summary))).toBe(JSON.stringify(untimed(single)));
    expect(await index.count()).toBe(summary.imported);
    expect(await index.get(["rec-1", "rec-998"])).toEqual([record(1), record(998)]);
  });

  it("stops at the failing batch like the one-thread run, and a second run completes the import", async () => {
    const { index, close } = sqliteIndex("resume.sqlite");
    let calls = 0;
    const crashing = Object.create(index) as SqliteFtsIndex;
    crashing.upsertPrepared = async (records) => {
      if (++calls === 3) throw new Error("killed");
      await index.upsertPrepared(records);
    };
    const seen: number[] = [];
    let stopped = false;
    const progress = { setTotal: () => {}, update: (d: number) => seen.push(d), stop: () => (stopped = true) };
    const error = await ingestInputs([jsonlPath], READ, { index: crashing, batchSize: 200, threads: true, progress }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngestInterruptedError);
    expect(error).toMatchObject({ batch: 3, batchRecords: 200, importedBefore: 400 });
    expect(((error as Error).cause as Error).message).toBe("killed");
    expect((error as IngestInterruptedError).firstLocation).toMatch(/thousand\.jsonl:40\d$/);
    expect(stopped).toBe(true);
    expect(await index.count()).toBe(400);

    const resumed = await ingestInputs([jsonlPath], READ, { index, batchSize: 200, threads: true });
    expect(resumed).toMatchObject({ imported: 996, indexCount: 996 });
    close();
  });

  it("reports progress to the sink it is given", async () => {
    const { index, close } = sqliteIndex("progress.sqlite");
    const seen: number[] = [];
    let total = 0;
    let stopped = false;
    await ingestInputs([jsonlPath], READ, {
      index,
      threads: true,
      progress: { setTotal: (t) => (total = t), update: (d) => seen.push(d), stop: () => (stopped = true) },
    });
    expect(total).toBe(999);
    expect(seen.at(-1)).toBe(999);
    expect(stopped).toBe(true);
    close();
  });

  it("compacts the index after a large import, and not after a small one", async () => {
    const big = join(dir, "big.jsonl");
    writeFileSync(big, Array.from({ length: COMPACT_AFTER_IMPORTED_RECORDS }, (_, i) => JSON.stringify(record(i))).join("\n"));
    const logger = new MemoryLogger();
    const { index, close } = sqliteIndex("compacted.sqlite", logger);
    await ingestInputs([jsonlPath], READ, { index, logger, threads: true });
    expect(logger.entries.filter((e) => e.message === "index compacted")).toHaveLength(0);
    const summary = await ingestInputs([big], READ, { index, logger, threads: true });
    expect(summary.imported).toBe(COMPACT_AFTER_IMPORTED_RECORDS);
    expect(logger.entries.filter((e) => e.message === "index compacted")).toHaveLength(1);
    expect(await index.count()).toBe(COMPACT_AFTER_IMPORTED_RECORDS);

    // A compaction that fails (another process holds the file) leaves the import complete, with a warning.
    const failing = Object.create(index) as SqliteFtsIndex;
    failing.compact = async () => {
      throw new Error("database is locked");
    };
    const again = await runIngest(readSources([big], READ), { index: failing, logger });
    expect(again).toMatchObject({ imported: COMPACT_AFTER_IMPORTED_RECORDS, indexCount: COMPACT_AFTER_IMPORTED_RECORDS });
    expect(logger.entries.find((e) => e.message.startsWith("index compaction skipped"))?.fields).toMatchObject({ error: "database is locked" });
    close();
  });
});

describe("who prepares the rows on two threads", () => {
  it("the worker, while the writer is behind; the writer, once it has caught up", async () => {
    const { workerPrepares } = await import("../../src/ingest/threaded.ts");
    expect(workerPrepares(0)).toBe(false);
    expect(workerPrepares(1)).toBe(true);
    expect(workerPrepares(3)).toBe(true);
  });
});

describe("whether a core is free for the worker", () => {
  const times = (...samples: Array<{ idle: number; total: number }>) => {
    let i = 0;
    return () => samples[Math.min(i++, samples.length - 1)]!;
  };
  const noSample = () => {
    throw new Error("the cores were sampled although the load average had answered");
  };

  it("takes the load average's word when it says a core is free, without sampling", async () => {
    const { coreToSpare } = await import("../../src/ingest/threaded.ts");
    expect(await coreToSpare({ cores: 2, loadavg: () => [0.6], cpuTimes: noSample, waitMs: 0 })).toBe(true);
  });

  it("watches the cores when the load average says none is free: this process's own past work does not count", async () => {
    const { coreToSpare } = await import("../../src/ingest/threaded.ts");
    // Load 1.4 left by the work of the last minute; over the sample both cores were 95% idle.
    const idleNow = times({ idle: 0, total: 0 }, { idle: 380, total: 400 });
    expect(await coreToSpare({ cores: 2, loadavg: () => [1.4], cpuTimes: idleNow, waitMs: 0 })).toBe(true);
    // Another process keeps one core busy and part of the other: 0.6 cores idle.
    const busyNow = times({ idle: 0, total: 0 }, { idle: 120, total: 400 });
    expect(await coreToSpare({ cores: 2, loadavg: () => [1.4], cpuTimes: busyNow, waitMs: 0 })).toBe(false);
    // One core never has one to spare.
    expect(await coreToSpare({ cores: 1, loadavg: () => [0.2], cpuTimes: noSample, waitMs: 0 })).toBe(false);
  });

  it("counts idle cores from two samples of the cores' times", async () => {
    const { idleCores } = await import("../../src/ingest/threaded.ts");
    expect(idleCores({ idle: 100, total: 1000 }, { idle: 500, total: 1800 }, 4)).toBeCloseTo(2, 10);
    expect(idleCores({ idle: 5, total: 10 }, { idle: 5, total: 10 }, 2)).toBe(0);
  });
});
