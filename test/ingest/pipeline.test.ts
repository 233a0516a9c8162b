import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import type { FactCheck } from "../../src/core/factcheck.ts";
import type { SearchIndex } from "../../src/core/search-index.ts";
import { runIngest } from "../../src/ingest/pipeline.ts";
import { readSources } from "../../src/ingest/sources.ts";
import type { ParsedSource } from "../../src/ingest/types.ts";
import { MemorySearchIndex } from "../../src/search/memory.ts";
import { SqliteFtsIndex } from "../../src/search/sqlite-fts.ts";
import { openDatabase } from "../../src/store/database.ts";
import { fixturePath, MALFORMED_LINES, numberedRecord, writeThousandLines } from "./helpers.ts";

const dir = mkdtempSync(join(tmpdir(), "claimbot-ingest-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const record = (i: number): FactCheck => numberedRecord(i);

/** 1,000 lines, three of them malformed (broken JSON, a bad date, a missing url). */
const jsonlPath = join(dir, "thousand.jsonl");
writeThousandLines(jsonlPath, record);

const read = (inputs: string[]) => readSources(inputs, { format: "auto", defaults: {} });

describe("ingest pipeline", () => {
  it("imports 997 of 1,000 lines and names the 3 malformed ones", async () => {
    const index = new MemorySearchIndex();
    const summary = await runIngest(read([jsonlPath]), { index });
    expect(summary).toMatchObject({ read: 1000, imported: 997, valid: 997, skipped: 3, duplicates: 0, indexCount: 997 });
    const skipped = summary.problems.filter((p) => p.severity === "error");
    expect(skipped.map((p) => p.location)).toEqual(MALFORMED_LINES.map((n) => `${jsonlPath}:${n}`));
    expect(skipped.map((p) => p.field)).toEqual([undefined, "reviewDate", "url"]);
    expect(await index.count()).toBe(997);
  });

  it("streams a big (here: gzipped) JSONL file in chunks with the same result and line numbers", async () => {
    const gz = join(dir, "thousand.jsonl.gz");
    writeFileSync(gz, gzipSync(readFileSync(jsonlPath)));
    const sources = readSources([gz], { format: "auto", defaults: {}, streamAboveBytes: 0, chunkLines: 300 });
    const parts: number[] = [];
    const counted = (async function* () {
      for await (const s of sources) {
        parts.push(s.records.length);
        yield s;
      }
    })();
    const summary = await runIngest(counted, { index: new MemorySearchIndex() });
    // Line 137 is not JSON (no candidate); lines 500 and 999 are candidates that fail validation.
    expect(parts).toEqual([299, 300, 300, 100]);
    expect(summary).toMatchObject({ sources: 1, read: 1000, imported: 997, skipped: 3 });
    expect(summary.byFormat.jsonl!.sources).toBe(1);
    expect(summary.problems.map((p) => p.location)).toEqual(MALFORMED_LINES.map((n) => `${gz}:${n}`));
  });

  it("reports the share of verdict `other` per publisher", async () => {
    const summary = await runIngest(read([jsonlPath]), { dryRun: true });
    expect(summary.imported).toBe(0);
    expect(summary.indexCount).toBeUndefined();
    const even = summary.otherShareByPublisher["Even Checks"]!;
    // Every tenth record is rated "Kinda sorta"; line 500 is one of them but malformed.
    expect(even).toMatchObject({ records: 499, unrated: 0, other: 99, share: Math.round((99 / 499) * 10_000) / 10_000 });
    expect(even.topOtherRatings).toEqual({ "Kinda sorta": 99 });
    expect(summary.otherShareByPublisher["Odd Checks"]!.share).toBe(0);
  });

  it("is idempotent and resumable on SQLite: a run killed half-way, run again, ends complete", async () => {
    const db = openDatabase(join(dir, "resume.sqlite"));
    const index = new SqliteFtsIndex(db);
    // Kill the first run after 2 batches of 200 by failing the third upsert, as a crash would.
    let calls = 0;
    const crashing: SearchIndex = Object.create(index) as SearchIndex;
    crashing.upsert = async (records) => {
      if (++calls === 3) throw new Error("killed");
      await index.upsert(records);
    };
    await expect(runIngest(read([jsonlPath]), { index: crashing, batchSize: 200 })).rejects.toThrow("killed");
    expect(await index.count()).toBe(400);

    const resumed = await runIngest(read([jsonlPath]), { index, batchSize: 200 });
    expect(resumed.imported).toBe(997);
    expect(await index.count()).toBe(997);
    const before = await index.get(["rec-1", "rec-998"]);

    const again = await runIngest(read([jsonlPath]), { index, batchSize: 200 });
    expect(again.indexCount).toBe(997);
    expect(await index.get(["rec-1", "rec-998"])).toEqual(before);
    expect((await index.stats()).total).toBe(997);
    await index.close();
    db.close();
  });

  it("drops a record seen twice in one run (same review through two sources) and counts it", async () => {
    const index = new MemorySearchIndex();
    const summary = await runIngest(
      read([fixturePath("claimreview-feed.json"), fixturePath("gfc-response.json")]),
      { index },
    );
    expect(summary.duplicates).toBe(1);
    const afp = await index.findByUrl("https://factcheck.afp.com/doc.afp.com.32844FA");
    expect(afp).toHaveLength(1);
    expect(summary.byFormat).toMatchObject({ claimreview: { sources: 1, read: 3, valid: 2, skipped: 1 }, gfc: { sources: 1, read: 3, valid: 1, skipped: 1 } });
  });

  it("dedupes one review carried under two ids (url + claim), keeps other claims of the same article", async () => {
    const a = { ...record(1), id: "veritas-snopes:1", claim: "The CEO of Wonder Bread cut ties with the NRA." };
    const b = { ...record(1), id: "vclaim-sno-wonder-bread", claim: "the ceo of wonder bread cut ties with the nra", url: "https://www.example.org/fc/1/" };
    const c = { ...record(1), id: "vclaim-sno-other-claim", claim: "Wonder Bread is owned by the NRA" };
    const sources: ParsedSource[] = [{ name: "m", format: "jsonl", problems: [], records: [a, b, c].map((r, i) => ({ record: r, location: `m:${i + 1}` })) }];
    const index = new MemorySearchIndex();
    const summary = await runIngest(sources, { index });
    expect(summary).toMatchObject({ valid: 2, duplicates: 1 });
    expect((await index.get(["veritas-snopes:1", "vclaim-sno-wonder-bread", "vclaim-sno-other-claim"])).map((r) => r.id)).toEqual([
      "veritas-snopes:1",
      "vclaim-sno-other-claim",
    ]);
  });

  it("walks directories, keeps going past unreadable inputs and counts by format", async () => {
    const index = new MemorySearchIndex();
    const summary = await runIngest(read([fixturePath(""), join(dir, "missing.jsonl")]), { index });
    expect(summary.sourcesFailed).toEqual([{ name: join(dir, "missing.jsonl"), error: "no such file or directory" }]);
    expect(Object.keys(summary.byFormat).sort()).toEqual(["claimreview", "csv", "gfc", "jsonl", "unknown"]);
    expect(summary.imported).toBeGreaterThan(20);
    expect(summary.imported + summary.skipped + summary.duplicates).toBe(summary.read);
    // Unrated CheckThat vclaims (2020-t2 has no ratings) are counted apart, not as failed normalisation.
    const snopes = summary.otherShareByPublisher.Snopes!;
    expect(snopes.unrated).toBeGreaterThanOrEqual(4);
    expect(snopes.share).toBe(0);
  });

  it("reads `-` from standard input, format sniffed from the content", async () => {
    const { Readable } = await import("node:stream");
    const stdin = Readable.from([readFileSync(fixturePath("gfc-response.json"))]);
    const summary = await runIngest(readSources(["-"], { format: "auto", defaults: {}, stdin }), { dryRun: true });
    expect(summary.byFormat).toEqual({ gfc: { sources: 1, read: 3, valid: 2, skipped: 1 } });
  });

  it("reports progress to the sink it is given", async () => {
    const seen: number[] = [];
    let total = 0;
    let stopped = false;
    const sources: ParsedSource[] = [{ name: "mem", format: "jsonl", problems: [], records: Array.from({ length: 1200 }, (_, i) => ({ record: record(i), location: `mem:${i + 1}` })) }];
    await runIngest(sources, {
      index: new MemorySearchIndex(),
      progress: { setTotal: (t) => (total = t), update: (d) => seen.push(d), stop: () => (stopped = true) },
    });
    expect(total).toBe(1200);
    expect(seen.at(-1)).toBe(1200);
    expect(stopped).toBe(true);
  });
});
