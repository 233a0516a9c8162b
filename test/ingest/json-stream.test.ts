import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { writeDataFeed } from "../../src/bench/datafeed.ts";
import { runIngest } from "../../src/ingest/pipeline.ts";
import { readSources } from "../../src/ingest/sources.ts";
import type { ParsedSource } from "../../src/ingest/types.ts";
import { fixturePath } from "./helpers.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "claimbot-json-stream-"));
  dirs.push(dir);
  return dir;
}

async function collect(file: string, stream: boolean, extra: { chunkRecords?: number } = {}): Promise<ParsedSource[]> {
  const out: ParsedSource[] = [];
  const options = { format: "auto" as const, defaults: {}, streamJsonAboveBytes: stream ? 0 : Number.MAX_SAFE_INTEGER, ...extra };
  for await (const source of readSources([file], options)) out.push(source);
  return out;
}
const records = (sources: ParsedSource[]) => sources.flatMap((s) => s.records.map((r) => ({ location: r.location, record: r.record })));

describe("streaming JSON ingest (stream-json)", () => {
  for (const fixture of ["claimreview-feed.json", "claimreview-array.json", "gfc-response.json"]) {
    it(`streams ${fixture} to the same records and locations as reading it whole`, async () => {
      const whole = await collect(fixturePath(fixture), false);
      const streamed = await collect(fixturePath(fixture), true);
      expect(records(streamed).length).toBeGreaterThan(0);
      expect(records(streamed)).toEqual(records(whole));
      expect(streamed[0]!.format).toBe(whole[0]!.format);
    });
  }

  it("reads a generated DataFeed in chunks: every review is counted once, across continuation chunks", async () => {
    const dir = tempDir();
    const feed = await writeDataFeed(join(dir, "feed.json"), { reviews: 2_500 });
    const sources = await collect(feed.file, true, { chunkRecords: 1_000 });
    expect(sources.map((s) => s.records.length)).toEqual([1_000, 1_000, 500]);
    expect(sources.slice(1).every((s) => s.continuation)).toBe(true);
    expect(sources[0]!.records[7]!.location).toBe(`${feed.file}#dataFeedElement[7].item[0]`);
    const summary = await runIngest(sources, { dryRun: true });
    expect(summary).toMatchObject({ sources: 1, read: 2_500, valid: 2_500, skipped: 0 });
  });

  it("streams a gzipped JSON array and a Fact Check API dump saved as an array of pages", async () => {
    const dir = tempDir();
    const pages = JSON.parse(readFileSync(fixturePath("gfc-response.json"), "utf8")) as unknown;
    const file = join(dir, "pages.json.gz");
    writeFileSync(file, gzipSync(JSON.stringify([pages, pages])));
    const sources = await collect(file, true);
    const all = records(sources);
    expect(all.length).toBeGreaterThan(0);
    expect(all[0]!.location).toMatch(/#\[0\]\.claims\[0\]\.claimReview\[0\]$/);
    expect(all.some((r) => r.location.includes("#[1].claims"))).toBe(true);
  });

  it("keeps what was read before a syntax error and reports the file as failed", async () => {
    const dir = tempDir();
    const feed = await writeDataFeed(join(dir, "feed.json"), { reviews: 50 });
    const text = readFileSync(feed.file, "utf8");
    const broken = join(dir, "broken.json");
    writeFileSync(broken, text.slice(0, Math.floor(text.length / 2)) + "}{ not json");
    const sources = await collect(broken, true);
    const summary = await runIngest(sources, { dryRun: true });
    expect(summary.valid).toBeGreaterThan(10);
    expect(summary.valid).toBeLessThan(50);
    expect(summary.sourcesFailed[0]?.error).toMatch(/invalid JSON/);
  });

  it("reports an element that holds no record, with its path", async () => {
    const dir = tempDir();
    const file = join(dir, "mixed.json");
    writeFileSync(file, JSON.stringify({ dataFeedElement: [{ "@type": "DataFeedItem", item: [] }, 42] }));
    const sources = await collect(file, true);
    expect(sources[0]!.problems.map((p) => p.location)).toEqual([`${file}#dataFeedElement[0]`, `${file}#dataFeedElement[1]`]);
  });
});
