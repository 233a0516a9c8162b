import { describe, expect, it } from "vitest";
import { alternatedRounds, medianOf, roundOrder } from "../../src/bench/rounds.ts";
import { renderMarkdown, type BenchReport, type ServeRound } from "../../src/bench/report.ts";
import type { IngestResult, ServeResult } from "../../src/bench/worker.ts";

describe("bench rounds", () => {
  it("alternates which step runs first, round by round", async () => {
    expect(roundOrder(0, "a", "b")).toEqual(["a", "b"]);
    expect(roundOrder(1, "a", "b")).toEqual(["b", "a"]);
    expect(roundOrder(2, "a", "b")).toEqual(["a", "b"]);
    const ran: string[] = [];
    const rounds = await alternatedRounds(
      3,
      async (r) => (ran.push(`claimbot${r}`), `c${r}`),
      async (r) => (ran.push(`floor${r}`), `f${r}`),
    );
    expect(ran).toEqual(["claimbot0", "floor0", "floor1", "claimbot1", "claimbot2", "floor2"]);
    // Results stay paired by round whatever ran first.
    expect(rounds).toEqual([
      { a: "c0", b: "f0" },
      { a: "c1", b: "f1" },
      { a: "c2", b: "f2" },
    ]);
  });

  it("takes the median of every number, figure by figure, and the rest from the first round", () => {
    const rounds = [
      { latency: { p50: 5, p99: 30 }, label: "first", threaded: true, outcomes: { match: 3 }, list: [1] },
      { latency: { p50: 9, p99: 20 }, label: "second", threaded: false, outcomes: { match: 1 }, list: [2] },
      { latency: { p50: 4, p99: 25 }, label: "third", threaded: false, outcomes: { match: 2 }, list: [3] },
    ];
    expect(medianOf(rounds)).toEqual({ latency: { p50: 5, p99: 25 }, label: "first", threaded: true, outcomes: { match: 2 }, list: [1] });
    // An even count: the mean of the middle two; one round: itself; an optional figure missing from a round.
    expect(medianOf([{ x: 1 }, { x: 4 }, { x: 2 }, { x: 10 }])).toEqual({ x: 3 });
    const one = { x: 7 };
    expect(medianOf([one])).toBe(one);
    expect(medianOf([{ x: 1, y: 8 }, { x: 3 }, { x: 2, y: 6 }])).toEqual({ x: 2, y: 7 });
    expect(() => medianOf([])).toThrow(/at least one round/);
  });

  it("reports the medians in the tables and lists every round", () => {
    const serve = (p50: number, p99: number, perSecond: number): ServeResult => ({
      latency: { dm: { count: 1, p50, p95: p99, p99, mean: p50, max: p99 }, group: { count: 1, p50: p50 / 2, p95: p99 / 2, p99: p99 / 2, mean: p50 / 2, max: p99 / 2 } },
      cpuPerLookupMs: { dm: p50 * 2, group: p50 },
      throughput: { messages: 10, claimShare: 0.1, screened: 2, wallMs: 10, cpuMs: 10, perSecond, perCpuSecond: perSecond, prefilter: "x" },
      outcomes: {},
      peakRssMiB: 200,
    });
    const ingest = (perSecond: number): IngestResult => ({ records: 10, read: 10, wallMs: 1, cpuMs: 1, perSecond, perCpuSecond: perSecond, sizeMiB: 1, peakRssMiB: 50 });
    const rounds: ServeRound[] = [
      { lookup: serve(6, 30, 1800), floor: serve(5, 29, 600) },
      { lookup: serve(4, 22, 2200), floor: serve(9, 48, 350) },
      { lookup: serve(5, 24, 2000), floor: serve(6, 31, 590) },
    ];
    const side = { wallMs: 1, cpuMs: 1, perSecond: 20_000, perCpuSecond: 20_000, sizeMiB: 10 };
    const report: BenchReport = {
      date: "2026-01-01T00:00:00.000Z",
      machine: { cpu: "CPU", cores: 2, memoryGiB: 8, os: "linux", node: "20", sqlite: "3", loadAverageStart: [1, 1, 1], loadAverageEnd: [1, 1, 1] },
      options: { scales: [200_000], queries: 1, mix: 10, claimShare: 0.1, seed: 1, dataDir: "/data", rounds: 3 },
      lookupImplementation: "test",
      scales: [
        {
          scale: 200_000,
          build: { records: 1000, generateMs: 1, ingest: side, floor: side, peakRssMiB: 1 },
          cold: { lookup: { openMs: 1, firstQueryMs: 1, totalMs: 2 }, floor: { openMs: 1, firstQueryMs: 0, totalMs: 1 } },
          serve: { lookup: medianOf(rounds.map((r) => r.lookup)), floor: medianOf(rounds.map((r) => r.floor)), rounds },
        },
      ],
      totalSeconds: 1,
      ingestEndToEnd: {
        collections: {
          files: 7,
          claimbot: ingest(17_000),
          floor: ingest(50_000),
          rounds: [
            { claimbot: ingest(16_000), floor: ingest(50_000) },
            { claimbot: ingest(17_000), floor: ingest(52_000) },
            { claimbot: ingest(18_000), floor: ingest(48_000) },
          ],
        },
        feed: { reviews: 10, bytes: 10, languages: 9, claimbot: ingest(14_000), floor: ingest(25_000) },
      },
    };
    const markdown = renderMarkdown(report);
    expect(markdown).toContain("**Rounds:** serving and end-to-end ingest were measured 3 times");
    expect(markdown).toContain("| lookup dm p50 | 5 ms | 6 ms | 0.83× | ≤ 5 ms |");
    expect(markdown).toContain("| lookup dm p99 | 24 ms | 31 ms | 0.77× | ≤ 25 ms |");
    expect(markdown).toContain("| group screening throughput | 2,000 msg/s | 590 msg/s | 3.39× | ≥ 1,000 msg/s/core |");
    expect(markdown).toContain("| 1 | claimbot | 6 (5) ms | 30 (29) ms | 3 (2.5) ms | 15 (14.5) ms | 12 (10) ms | 1,800 (600) msg/s | 200 (200) MiB |");
    expect(markdown).toContain("| 2 | floor | 4 (9) ms | 22 (48) ms |");
    expect(markdown).toContain("| 3 | claimbot | 18,000 (48,000) rec/s | – |");
    // One round (the default): no rounds note, no round tables.
    const single = renderMarkdown({ ...report, options: { ...report.options, rounds: 1 }, scales: [{ ...report.scales[0]!, serve: { lookup: rounds[0]!.lookup, floor: rounds[0]!.floor } }], ingestEndToEnd: { ...report.ingestEndToEnd!, collections: { files: 7, claimbot: ingest(1), floor: ingest(2) } } });
    expect(single).not.toContain("Rounds:");
    expect(single).not.toContain("round by round");
  });
});
