import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { writeDataFeed } from "../../src/bench/datafeed.ts";
import { runIngest } from "../../src/ingest/pipeline.ts";
import { readSources } from "../../src/ingest/sources.ts";
import type { ParsedSource } from "../../src/ingest/types.ts";
import { useTempDirs } from "../support/temp-dirs.ts";
import { fixturePath } from "./helpers.ts";

const newTempDir = useTempDirs();
const tempDir = () => newTempDir("claimbot-json-stream-");

async function collect(file: string, stream: boolean, extra: { chunkRecords?: number } = {}): Promise<ParsedSource[]> {
  const out: ParsedSource[] = [];
  const options = { format: "auto" as const, defaults: {}, streamJsonAboveBytes: stream ? 0 : Number.MAX_SAFE_INTEGER, ...extra };
  for await (const source of readSources([file], options)) out.push(source);
  return out;
}
const records = (sources: ParsedSource[]) => sources.flatMap((s) => s.records.map((r) => ({ location: r.location, record: r.record })));

describe("streaming JSON ingest", () => {
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

describe("scanJsonRecords (the fast scanner used for big files)", () => {
  const documents = [
    { "@context": "https://schema.org", dateModified: "2026-12-01", dataFeedElement: [{ "@type": "DataFeedItem", item: [{ a: "x, ] } \" \\ [" }] }, 42, "s", null, [1, [2]]], note: { k: [1, 2] } },
    [{ id: 1, nested: { deep: ["}", "]", "\\\"", "é 北韓 😀"] } }, true, -1.5e3, []],
    { claims: [{ text: "c" }], nextPageToken: "t" },
    { "@type": "ClaimReview", claimReviewed: "one object, no container", author: { name: "A" } },
    { data: { not: "an array" }, items: [] },
    [],
    { "@graph": [{ "@id": "#a" }, { "@id": "#b", "x": { "y": [{}] } }], "x\"y": 1 },
  ];
  async function* chunked(text: string, size: number): AsyncGenerator<string> {
    for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
  }
  async function* tokens(text: string): AsyncGenerator<{ name: string; value?: unknown }> {
    const { Readable } = await import("node:stream");
    const parser = (await import("stream-json")).default;
    yield* Readable.from([text]).pipe(parser({ streamValues: false })) as AsyncIterable<{ name: string; value?: unknown }>;
  }
  const all = async <T>(it: AsyncIterable<T>) => {
    const out: T[] = [];
    for await (const x of it) out.push(x);
    return out;
  };

  it("yields the same values, paths and head as the token walk, whatever the chunk boundaries", async () => {
    const { scanJsonRecords, streamJsonRecords } = await import("../../src/ingest/json-stream.ts");
    for (const doc of documents) {
      const text = JSON.stringify(doc, null, doc === documents[1] ? 2 : 0);
      const headA: Record<string, unknown> = {};
      const expected = await all(streamJsonRecords(tokens(text), headA));
      for (const size of [1, 2, 3, 7, 64, text.length]) {
        const headB: Record<string, unknown> = {};
        expect(await all(scanJsonRecords(chunked(text, size), headB)), `${text} in chunks of ${size}`).toEqual(expected);
        expect(headB).toEqual(headA);
      }
    }
  });

  it("yields the records a chunk completed before the error in that chunk, then throws at the same offset as the per-character scanner did", async () => {
    const { scanJsonRecords } = await import("../../src/ingest/json-stream.ts");
    const cases: Array<[string, number, string]> = [
      ['[{"a": 1}] trailing', 1, "unexpected data after the JSON value at character 11"],
      ['{"dataFeedElement": [{"a": 1},, {"b":2}]}', 1, "unexpected ',' at character 30"],
      ['{"dataFeedElement": [{"a": "x\\\\"}, {"b": "\\"]"}, {"c": ]}', 2, "unexpected end of the JSON text at character 57"],
    ];
    for (const [broken, records, message] of cases) {
      for (const size of [1, 4, broken.length]) {
        const got: unknown[] = [];
        const error = await (async () => {
          for await (const item of scanJsonRecords(chunked(broken, size))) got.push(item);
        })().catch((e: unknown) => e);
        expect(error, `${broken} in chunks of ${size}`).toBeInstanceOf(SyntaxError);
        expect(String((error as Error).message)).toContain(message);
        expect(got, `${broken} in chunks of ${size}`).toHaveLength(records);
      }
    }
  });

  it("throws a SyntaxError naming the offset on broken input", async () => {
    const { scanJsonRecords } = await import("../../src/ingest/json-stream.ts");
    for (const broken of ['{"dataFeedElement": [{"a": 1}, {"b": ]}', '[{"a": 1}] trailing', '{"dataFeedElement": [{"a": 1}', '{"a" 1}']) {
      await expect(all(scanJsonRecords(chunked(broken, 5))), broken).rejects.toThrow(/at character \d+/);
    }
  });
});
