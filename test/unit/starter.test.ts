import { createReadStream, existsSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { createGunzip } from "node:zlib";
import { describe, expect, it } from "vitest";
import { FactCheckSchema, type FactCheck } from "../../src/core/factcheck.ts";
import { MemoryLogger } from "../../src/core/logger.ts";
import { DEFAULT_STARTER_DIR, ensureStarterData, starterFiles } from "../../src/ingest/starter.ts";
import { MemorySearchIndex } from "../../src/search/memory.ts";

const FIXTURES = fileURLToPath(new URL("../fixtures/starter/", import.meta.url));

/** Counts the batches it is given. */
class CountingIndex extends MemorySearchIndex {
  readonly batches: number[] = [];
  override async upsert(records: readonly FactCheck[]): Promise<void> {
    this.batches.push(records.length);
    await super.upsert(records);
  }
}

describe("ensureStarterData", () => {
  it("fills an empty index from plain and gzipped JSONL, skipping and naming bad lines", async () => {
    const index = new CountingIndex();
    const logger = new MemoryLogger();
    const { loaded } = await ensureStarterData(index, { logger, dir: FIXTURES });
    // a-plain: ids 1, 3 valid; b-packed: 4, 5 valid plus 1 again (idempotent upsert); c-damaged: unreadable.
    expect(loaded).toBe(5);
    expect(await index.count()).toBe(4);
    expect((await index.get(["fixture-3"]))[0]?.altClaims).toEqual(["다른 표현"]);
    const skipped = logger.entries.filter((e) => e.message === "starter line skipped").map((e) => e.fields);
    expect(skipped).toEqual([
      { file: "a-plain.jsonl", line: 2, reason: "invalid JSON" },
      expect.objectContaining({ file: "a-plain.jsonl", line: 3, field: "verdict" }),
      expect.objectContaining({ file: "b-packed.jsonl.gz", line: 3, field: "url" }),
    ]);
    expect(logger.entries.find((e) => e.message === "starter file unreadable")?.fields).toMatchObject({
      file: "c-damaged.jsonl.gz",
    });
    expect(logger.entries.find((e) => e.message === "starter data loaded")?.fields).toMatchObject({
      loaded: 5,
      skipped: 3,
      files: 3,
    });
  });

  it("upserts in batches of the given size", async () => {
    const index = new CountingIndex();
    await ensureStarterData(index, { logger: new MemoryLogger(), dir: FIXTURES, batchSize: 2 });
    expect(index.batches).toEqual([2, 2, 1]);
  });

  it("does nothing when the index already holds records", async () => {
    const index = new CountingIndex();
    await ensureStarterData(index, { logger: new MemoryLogger(), dir: FIXTURES });
    const before = index.batches.length;
    const again = await ensureStarterData(index, { logger: new MemoryLogger(), dir: FIXTURES });
    expect(again).toEqual({ loaded: 0 });
    expect(index.batches.length).toBe(before);
  });

  it("warns and loads nothing when the directory is missing", async () => {
    const logger = new MemoryLogger();
    const index = new MemorySearchIndex();
    const out = await ensureStarterData(index, { logger, dir: join(FIXTURES, "does-not-exist") });
    expect(out).toEqual({ loaded: 0 });
    expect(await index.count()).toBe(0);
    expect(logger.entries.map((e) => e.message)).toEqual(["starter data not found"]);
  });

  it("ignores files that are not JSONL", () => {
    expect(starterFiles(FIXTURES).map((f) => f.slice(FIXTURES.length))).toEqual([
      "a-plain.jsonl",
      "b-packed.jsonl.gz",
      "c-damaged.jsonl.gz",
    ]);
  });
});

describe("the committed starter data", () => {
  it("lives in <package>/data/starter, whatever the cwd", () => {
    expect(DEFAULT_STARTER_DIR).toBe(fileURLToPath(new URL("../../data/starter/", import.meta.url)));
    expect(existsSync(join(DEFAULT_STARTER_DIR, "seed-afp.jsonl"))).toBe(true);
  });

  it("validates line by line and holds the seed AFP fact-check", async () => {
    const files = starterFiles(DEFAULT_STARTER_DIR);
    expect(files.length).toBeGreaterThanOrEqual(5);
    const ids = new Set<string>();
    let seed: FactCheck | undefined;
    let duplicates = 0;
    for (const file of files) {
      const raw = createReadStream(file);
      const input = file.endsWith(".gz") ? raw.pipe(createGunzip()) : raw;
      for await (const line of createInterface({ input, crlfDelay: Infinity })) {
        const record = FactCheckSchema.parse(JSON.parse(line));
        if (ids.has(record.id)) duplicates++;
        ids.add(record.id);
        if (record.source === "seed") seed = record;
      }
    }
    expect(duplicates).toBe(0);
    expect(ids.size).toBeGreaterThan(20_000);
    expect(seed).toMatchObject({
      rating: "Misleading",
      verdict: "misleading",
      publisher: { name: "AFP Fact Check", site: "factcheck.afp.com" },
      reviewDate: "2022-04-26",
      claimDate: "2022-04-15",
      language: "en",
    });
    expect(seed?.claimant).toBeUndefined();
    expect(seed?.altClaims.some((c) => /북한/.test(c) && /파병/.test(c))).toBe(true);
  });
});
