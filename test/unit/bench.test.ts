import { describe, expect, it } from "vitest";
import { FactCheckSchema } from "../../src/core/factcheck.ts";
import { groupMix, isCjkPost, loadBaseRecords, scaleRecords, SharedDataMissingError } from "../../src/bench/dataset.ts";
import { seededRandom as prng } from "../../src/core/random.ts";
import { renderMarkdown, type BenchReport, type ScaleReport } from "../../src/bench/report.ts";
import { claimbotAndFloor, medianOf, roundOrder, type RoundPair } from "../../src/bench/rounds.ts";
import type { IngestResult, ServeResult } from "../../src/bench/worker.ts";
import { curveSvg } from "../../src/bench/curve-svg.ts";
import { sharedCollectionFiles } from "../../src/bench/dataset.ts";
import { existsSync } from "node:fs";
import { percentile, summarize } from "../../src/bench/stats.ts";
import { factCheck } from "../contract/fixtures.ts";
import type { FactCheck } from "../../src/core/factcheck.ts";
import type { Lookup, LookupFn } from "../../src/core/lookup-types.ts";

describe("bench statistics", () => {
  it("computes nearest-rank percentiles", () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 0.5)).toBe(50);
    expect(percentile(sorted, 0.95)).toBe(95);
    expect(percentile(sorted, 0.99)).toBe(99);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
    expect(summarize([3, 1, 2])).toMatchObject({ count: 3, p50: 2, max: 3, mean: 2 });
  });
});

describe("bench data", () => {
  it("is deterministic for a seed", () => {
    const a = prng(5);
    const b = prng(5);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });

  it("scales a base collection to exactly n valid records with unique ids", () => {
    const base = [
      factCheck({ id: "b1", claim: "The mayor banned bicycles downtown in 2019", title: "Bicycle ban" }),
      factCheck({ id: "b2", claim: "A new law taxes sunshine on weekends" }),
    ];
    const records = scaleRecords(base, 25, 1);
    expect(records).toHaveLength(25);
    expect(new Set(records.map((r) => r.id)).size).toBe(25);
    for (const record of records) expect(() => FactCheckSchema.parse(record)).not.toThrow();
    expect(records.slice(0, 2)).toEqual(base);
    expect(scaleRecords(base, 25, 1)).toEqual(records);
  });

  it("mixes claim posts into chit-chat at the share asked", () => {
    const mix = groupMix(["claim one", "claim two"], 2000, 0.1, 3);
    const claims = mix.filter((m) => m.kind === "claim").length;
    expect(claims).toBeGreaterThan(140);
    expect(claims).toBeLessThan(260);
  });

  const sharedDir = new URL("../../../shared/data", import.meta.url).pathname;
  it.skipIf(!existsSync(sharedDir))("lists the shared collections end-to-end ingest reads (fact-check collections and CheckThat! vclaims)", () => {
    const files = sharedCollectionFiles(sharedDir);
    expect(files.some((f) => f.endsWith("factchecks/cofacts-2019.jsonl"))).toBe(true);
    expect(files.some((f) => f.endsWith("checkthat/2022-2a-en/vclaims.jsonl"))).toBe(true);
    expect(files.every((f) => f.endsWith(".jsonl"))).toBe(true);
  });

  it("says plainly when the shared collections are missing", () => {
    expect(() => loadBaseRecords("/nonexistent/shared/data")).toThrow(SharedDataMissingError);
  });
});

/** A report of one scale with these serving figures (its build: 20,000 records/s against the floor's 40,000). */
function oneScaleReport(scale: number, serve: ScaleReport["serve"], options: Partial<BenchReport["options"]> = {}): BenchReport {
  const side = { wallMs: 1, cpuMs: 1, perSecond: 20_000, perCpuSecond: 20_000, sizeMiB: 10 };
  return {
    date: "2026-01-01T00:00:00.000Z",
    machine: { cpu: "CPU", cores: 2, memoryGiB: 8, os: "linux", node: "20", sqlite: "3", loadAverageStart: [1, 1, 1], loadAverageEnd: [1, 1, 1] },
    options: { scales: [scale], queries: 1, mix: 10, claimShare: 0.1, seed: 1, dataDir: "/data", ...options },
    lookupImplementation: "test",
    scales: [
      {
        scale,
        build: { records: 1000, generateMs: 1, ingest: side, floor: { ...side, perSecond: 40_000 }, peakRssMiB: 1 },
        cold: { lookup: { openMs: 1, firstQueryMs: 1, totalMs: 2 }, floor: { openMs: 1, firstQueryMs: 0, totalMs: 1 } },
        serve,
      },
    ],
    totalSeconds: 1,
  };
}

describe("bench report", () => {
  it("renders each figure next to its floor with the ratio", () => {
    const latency = { count: 1, p50: 4, p95: 8, p99: 10, mean: 5, max: 10 };
    const floorLatency = { count: 1, p50: 2, p95: 4, p99: 5, mean: 2.5, max: 5 };
    const serve = (l: typeof latency) => ({
      latency: { dm: l, group: l },
      cpuPerLookupMs: { dm: l.mean, group: l.mean },
      throughput: { messages: 10, claimShare: 0.1, screened: 2, wallMs: 10, cpuMs: 10, perSecond: 1000, perCpuSecond: 1000, prefilter: "x" },
      outcomes: {},
      peakRssMiB: 100,
    });
    const report = oneScaleReport(1000, { lookup: serve(latency), floor: serve(floorLatency) });
    const markdown = renderMarkdown(report);
    expect(markdown).toContain("| lookup dm p50 | 4 ms | 2 ms | 2× | ≤ 5 ms |");
    expect(markdown).toContain("| ingest rate | 20,000 rec/s | 40,000 rec/s | 0.5× |");
    expect(markdown).not.toContain("### Scale curve");
    expect(markdown).toContain("| CPU per group lookup (mean) | 5 ms | 2.5 ms | 2× |");
    expect(markdown).not.toContain("as served");
    // With the as-served pass (recent-lookup cache in front of the group lookup) it gets its own row, no floor.
    const served = renderMarkdown({
      ...report,
      scales: [{ ...report.scales[0]!, serve: { ...report.scales[0]!.serve, lookup: { ...serve(latency), throughput: { ...serve(latency).throughput, served: { wallMs: 5, cpuMs: 5, perSecond: 2000, perCpuSecond: 2000, cacheHits: 1, peakRssMiB: 120 } } } } }],
    });
    expect(served).toContain("| group screening as served (recent-lookup cache; 1 of 2 screened answered from it; peak RSS then 120 MiB) | 2,000 msg/s | – | – |  |");
    expect(markdown).not.toContain("beside another process");
    // With the DM lookups beside another process's chat-state writes: their row, no floor (the floor keeps no postings).
    const beside = renderMarkdown({
      ...report,
      scales: [{ ...report.scales[0]!, serve: { ...report.scales[0]!.serve, lookup: { ...serve(latency), beside: { latency: { ...latency, p50: 4.5, p99: 12 }, fromMemory: 498, lookups: 500, writes: 21, everyMs: 200 } } } }],
    });
    expect(beside).toContain(
      "| lookup dm p50 / p99 beside another process's chat-state writes (one every 200 ms, 21 in all; 498 of 500 lookups ranked from the postings in memory) | 4.5 / 12 ms | – | – |  |",
    );

    // Two scales: the curve table (each figure with its floor) and the SVG plot.
    const big = { ...report.scales[0]!, scale: 1_000_000, serve: { lookup: serve({ ...latency, p50: 9, p99: 30 }), floor: serve(floorLatency) } };
    const curved: BenchReport = {
      ...report,
      options: { ...report.options, scales: [1000, 1_000_000] },
      scales: [report.scales[0]!, big],
      ingestEndToEnd: {
        collections: { files: 7, claimbot: { records: 100, read: 120, wallMs: 1000, cpuMs: 900, perSecond: 100, perCpuSecond: 111, sizeMiB: 1, peakRssMiB: 50 }, floor: { records: 120, read: 120, wallMs: 100, cpuMs: 90, perSecond: 1200, perCpuSecond: 1333, sizeMiB: 1, peakRssMiB: 40 } },
        feed: { reviews: 10, bytes: 10_000, languages: 9, claimbot: { records: 10, read: 10, wallMs: 10, cpuMs: 10, perSecond: 1000, perCpuSecond: 1000, sizeMiB: 1, peakRssMiB: 50 }, floor: { records: 10, read: 10, wallMs: 5, cpuMs: 5, perSecond: 2000, perCpuSecond: 2000, sizeMiB: 1, peakRssMiB: 40 } },
      },
    };
    const withCurve = renderMarkdown(curved);
    // Issue 15's targets where it sets them: peak RSS ≤ 400 MiB at 1M (≤ 250 and index ≤ 100 MiB at 200k).
    expect(withCurve).toContain("| peak RSS, serving | 100 MiB | 100 MiB | 1× | ≤ 400 MiB |");
    const at200k = renderMarkdown({ ...report, scales: [{ ...report.scales[0]!, scale: 200_000 }] });
    expect(at200k).toContain("| peak RSS, serving | 100 MiB | 100 MiB | 1× | ≤ 250 MiB |");
    expect(at200k).toContain("| index size on disk | 10 MiB | 10 MiB | 1× | ≤ 100 MiB |");
    expect(withCurve).toContain("| 1,000,000 | 9 ms (2) (target ≤ 10) | 30 ms (5) |");
    // Latency and screening targets per scale: issue 15's at 200k and 1M, none at a smaller scale below the largest.
    expect(withCurve).toContain("| lookup dm p50 | 9 ms | 2 ms | 4.5× | ≤ 10 ms |");
    expect(withCurve).toContain("| lookup dm p99 | 30 ms | 5 ms | 6× |  |");
    expect(withCurve).toContain("| lookup dm p50 | 4 ms | 2 ms | 2× |  |");
    expect(at200k).toContain("| lookup group p99 | 10 ms | 5 ms | 2× | ≤ 25 ms |");
    expect(at200k).toMatch(/\| group screening throughput \| [^|]+ \| [^|]+ \| [^|]+ \| ≥ 1,000 msg\/s\/core \|/);
    expect(withCurve).toContain("| shared collections: rate | 100 rec/s | 1,200 rec/s | 0.08× | ≥ 20,000 rec/s |");
    const svg = curveSvg(curved);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("1,000,000 → 9.00 ms");
    expect(svg).toContain(">1M</text>");
    // No split by script in a run that did not measure one (a report of an older bench.json).
    expect(markdown).not.toContain("posts in CJK scripts");
  });

  it("splits the DM latency by the post's script, each beside the floor's for the same posts", () => {
    const summary = (count: number, p50: number, p95: number) => ({ count, p50, p95, p99: p95, mean: p50, max: p95 });
    const serve = (cjk: [number, number], other: [number, number]) => ({
      latency: {
        dm: summary(500, 5, 10),
        group: summary(500, 3, 6),
        byScript: {
          cjk: { dm: summary(25, ...cjk), group: summary(25, 4, 8) },
          other: { dm: summary(475, ...other), group: summary(475, 3, 6) },
        },
      },
      cpuPerLookupMs: { dm: 5, group: 3 },
      throughput: { messages: 10, claimShare: 0.1, screened: 2, wallMs: 10, cpuMs: 10, perSecond: 1000, perCpuSecond: 1000, prefilter: "x" },
      outcomes: {},
      peakRssMiB: 100,
    });
    const markdown = renderMarkdown(oneScaleReport(200_000, { lookup: serve([9, 18], [4.5, 9]), floor: serve([3, 6], [4.5, 12]) }));
    expect(markdown).toContain("| … dm p50, posts in CJK scripts (25) | 9 ms | 3 ms | 3× |  |");
    expect(markdown).toContain("| … dm p95, posts in CJK scripts (25) | 18 ms | 6 ms | 3× |  |");
    expect(markdown).toContain("| … dm p50, other posts (475) | 4.5 ms | 4.5 ms | 1× |  |");
    expect(markdown).toContain("| … dm p95, other posts (475) | 9 ms | 12 ms | 0.75× |  |");
  });
});

describe("bench posts by script", () => {
  it("counts a post as CJK when more than half of its letters are Han, kana or Hangul", () => {
    expect(isCjkPost("北韓派兵到烏克蘭，這是假消息")).toBe(true);
    expect(isCjkPost("북한이 우크라이나에 군대를 보냈다")).toBe(true);
    expect(isCjkPost("ウクライナに派兵 NHK")).toBe(true);
    expect(isCjkPost("North Korea sent troops to Ukraine 北韓")).toBe(false);
    expect(isCjkPost("Pelosi arrested for plotting a coup")).toBe(false);
    // Digits, punctuation and emoji are not letters: a post of none is not CJK.
    expect(isCjkPost("2024 !!! 😂")).toBe(false);
  });
});

describe("bench answers at scale", () => {
  it("counts the gold, a replica or the same claim elsewhere as right, and a claim with other numbers or words as wrong", async () => {
    const { measureQuality } = await import("../../src/bench/quality.ts");
    const gold = factCheck({ id: "2022-2a-en:vclaim-x", claim: "Pennsylvania has 20,000 dead voters on its rolls." });
    const replica = factCheck({ id: "2022-2a-en:vclaim-x~2", claim: "Pennsylvania has 20,000 dead voters on rolls." });
    const elsewhere = factCheck({ id: "veritas-snopes:1", claim: "pennsylvania has 20,000 dead voters on its rolls. see example( s )" });
    const otherNumber = factCheck({ id: "b:2", claim: "Pennsylvania has 30,000 dead voters on its rolls." });
    const otherClaim = factCheck({ id: "b:3", claim: "Orlando nightclub shooter Omar Mateen was a Democrat." });
    const answers = new Map<string, { dm: FactCheck[]; group: FactCheck[] }>([
      ["q1", { dm: [otherClaim, gold], group: [replica] }],
      ["q2", { dm: [elsewhere], group: [otherNumber] }],
      ["q3", { dm: [otherClaim, otherClaim, otherNumber], group: [] }],
    ]);
    const lookup: LookupFn = async (post, mode) => {
      const list = answers.get(post.text)![mode];
      const scored = list.map((fc) => ({ factCheck: fc, score: 0.9, matchedTerms: [] }));
      return { outcome: list.length > 0 ? "match" : "none", mode, matches: mode === "group" ? scored : scored.slice(0, 1), candidates: scored, query: { language: "en", cleanedLength: 1, queries: [], urls: [] }, tookMs: 0 } as unknown as Lookup;
    };
    const q = (text: string) => ({ text, goldId: "vclaim-x", goldClaim: gold.claim });
    const result = await measureQuality(lookup, [q("q1"), q("q2"), q("q3")]);
    // q1: gold second (1/2), q2: the same claim elsewhere first (1), q3: the repeated other claim counts once, gold absent.
    expect(result.dmMapAt5).toBeCloseTo((0.5 + 1 + 0) / 3, 10);
    expect(result.dm).toEqual({ matches: 3, right: 1 });
    expect(result.group).toEqual({ matches: 2, right: 1 });
    // The group match of another claim is listed for a reader to judge.
    expect(result.groupMisses).toEqual([{ query: "", post: "q2", matched: "b:2", claim: otherNumber.claim, score: 0.9 }]);
    expect(result.queries).toBe(3);
  });

  it("has its own table in the report when measured", async () => {
    const { renderQuality } = await import("../../src/bench/report.ts");
    const quality = { queries: 401, dmMapAt5: 0.8321, dm: { matches: 183, right: 170 }, group: { matches: 128, right: 119 }, ms: 7500 };
    const lines = renderQuality({ scales: [{ scale: 200_000, quality }] } as unknown as BenchReport).join("\n");
    expect(lines).toContain("### Answers at each scale");
    expect(lines).toContain("| 200,000 | 0.832 | 183 (170) | 128 (119) | 93% | 7.5 s |");
    expect(renderQuality({ scales: [{ scale: 1000 }] } as unknown as BenchReport)).toEqual([]);
  });
});

describe("bench rounds", () => {
  it("alternates which step runs first, round by round", async () => {
    expect(roundOrder(0, "a", "b")).toEqual(["a", "b"]);
    expect(roundOrder(1, "a", "b")).toEqual(["b", "a"]);
    expect(roundOrder(2, "a", "b")).toEqual(["a", "b"]);
    const ran: string[] = [];
    const measured = await claimbotAndFloor(3, {
      claimbot: async (r) => (ran.push(`claimbot${r}`), `c${r}`),
      floor: async (r) => (ran.push(`floor${r}`), `f${r}`),
    });
    expect(ran).toEqual(["claimbot0", "floor0", "floor1", "claimbot1", "claimbot2", "floor2"]);
    // Results stay paired by round whatever ran first.
    expect(measured.rounds).toEqual([
      { claimbot: "c0", floor: "f0" },
      { claimbot: "c1", floor: "f1" },
      { claimbot: "c2", floor: "f2" },
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
    const rounds: Array<RoundPair<ServeResult>> = [
      { claimbot: serve(6, 30, 1800), floor: serve(5, 29, 600) },
      { claimbot: serve(4, 22, 2200), floor: serve(9, 48, 350) },
      { claimbot: serve(5, 24, 2000), floor: serve(6, 31, 590) },
    ];
    const report: BenchReport = {
      ...oneScaleReport(200_000, { lookup: medianOf(rounds.map((r) => r.claimbot)), floor: medianOf(rounds.map((r) => r.floor)), rounds }, { rounds: 3 }),
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
    const single = renderMarkdown({ ...report, options: { ...report.options, rounds: 1 }, scales: [{ ...report.scales[0]!, serve: { lookup: rounds[0]!.claimbot, floor: rounds[0]!.floor } }], ingestEndToEnd: { ...report.ingestEndToEnd!, collections: { files: 7, claimbot: ingest(1), floor: ingest(2) } } });
    expect(single).not.toContain("Rounds:");
    expect(single).not.toContain("round by round");
  });
});
