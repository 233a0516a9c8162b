import type { BuildResult, ColdResult, ServeResult } from "./worker.ts";
import { renderOcrMarkdown, type OcrBenchReport } from "./ocr.ts";

/** Everything one `npm run bench` measured; written as bench-out/bench.json. Keys are stable. */
export interface BenchReport {
  date: string;
  machine: {
    cpu: string;
    cores: number;
    memoryGiB: number;
    os: string;
    node: string;
    sqlite: string;
    loadAverageStart: number[];
    loadAverageEnd: number[];
  };
  options: { scales: number[]; queries: number; mix: number; claimShare: number; seed: number; dataDir: string };
  lookupImplementation: string;
  scales: ScaleReport[];
  totalSeconds: number;
  /** OCR figures (src/bench/ocr.ts), when measured. */
  ocr?: OcrBenchReport;
}

export interface ScaleReport {
  scale: number;
  build: BuildResult;
  cold: { lookup: ColdResult; floor: ColdResult };
  serve: { lookup: ServeResult; floor: ServeResult };
}

/** Targets of issue 4 (moonshots, not gates), checked at the largest scale. */
export const TARGETS = {
  p50Ms: 5,
  p99Ms: 25,
  groupMessagesPerSecond: 1000,
  peakRssMiB: 300,
  ingestPerSecond: 20_000,
} as const;

const fmt = (n: number, digits = 1) =>
  Number.isFinite(n) ? n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 }) : "n/a";
const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${fmt(a / b, 2)}×` : "n/a");

function row(name: string, ours: number, floor: number, unit: string, digits = 1, target = ""): string {
  return `| ${name} | ${fmt(ours, digits)} ${unit} | ${fmt(floor, digits)} ${unit} | ${ratio(ours, floor)} | ${target} |`;
}

/** The markdown report: one table per scale, claimbot next to the bare FTS5 floor and the ratio. */
export function renderMarkdown(report: BenchReport): string {
  const m = report.machine;
  const lines: string[] = [
    `## Speed, memory and scale (\`npm run bench\`)`,
    "",
    `Run ${report.date} on ${m.cpu}, ${m.cores} cores, ${fmt(m.memoryGiB)} GiB RAM, ${m.os}, Node ${m.node}, ` +
      `SQLite ${m.sqlite}. Load average at start ${m.loadAverageStart.map((l) => fmt(l, 2)).join(" / ")}, at end ` +
      `${m.loadAverageEnd.map((l) => fmt(l, 2)).join(" / ")} (1/5/15 min). Total ${fmt(report.totalSeconds, 0)} s.`,
    "",
    `Lookup under test: ${report.lookupImplementation}. Data: the shared CheckThat! and fact-check collections ` +
      `(${report.options.dataDir}), replicated with perturbed claims, titles, ids and URLs to each scale. Queries: ` +
      `${report.options.queries} CheckThat! tweets, debate sentences and Chinese forwards per mode; group mix: ` +
      `${report.options.mix} messages, ${fmt(report.options.claimShare * 100, 0)}% claim posts, the rest chit-chat.`,
    "",
    "**Floor** = a bare FTS5 table (default `unicode61`, raw claim/title/summary, no JSON, no URL table) queried with " +
      "the post's first 10 distinct non-stop-words OR-ed, `ORDER BY bm25 LIMIT 20`, ids only. Ratio = claimbot ÷ " +
      "floor. *Index search only* = `SqliteFtsIndex.search` with the floor's terms (the index's share of a lookup). Latencies are wall-clock per call; each step runs in its own child process (peak RSS is that process's " +
      "`maxRSS`).",
    "",
  ];
  for (const s of report.scales) {
    const big = s.scale === Math.max(...report.options.scales);
    const l = s.serve.lookup;
    const f = s.serve.floor;
    lines.push(
      `### ${fmt(s.scale, 0)} fact-checks`,
      "",
      "| figure | claimbot | floor | ratio | target |",
      "|---|---|---|---|---|",
      row("ingest rate", s.build.ingest.perSecond, s.build.floor.perSecond, "rec/s", 0, `≥ ${fmt(TARGETS.ingestPerSecond, 0)} rec/s`),
      row("ingest per CPU-second", s.build.ingest.perCpuSecond, s.build.floor.perCpuSecond, "rec/s", 0),
      row("index size on disk", s.build.ingest.sizeMiB, s.build.floor.sizeMiB, "MiB"),
      row("cold start (open + first lookup)", s.cold.lookup.totalMs, s.cold.floor.totalMs, "ms"),
      row("… of which open (index, lookup)", s.cold.lookup.openMs, s.cold.floor.openMs, "ms"),
      row("peak RSS, serving", l.peakRssMiB, f.peakRssMiB, "MiB", 0, big ? `≤ ${TARGETS.peakRssMiB} MiB` : ""),
      row("lookup dm p50", l.latency.dm.p50, f.latency.dm.p50, "ms", 2, big ? `≤ ${TARGETS.p50Ms} ms` : ""),
      row("lookup dm p95", l.latency.dm.p95, f.latency.dm.p95, "ms", 2),
      row("lookup dm p99", l.latency.dm.p99, f.latency.dm.p99, "ms", 2, big ? `≤ ${TARGETS.p99Ms} ms` : ""),
      row("lookup group p50", l.latency.group.p50, f.latency.group.p50, "ms", 2, big ? `≤ ${TARGETS.p50Ms} ms` : ""),
      row("lookup group p95", l.latency.group.p95, f.latency.group.p95, "ms", 2),
      row("lookup group p99", l.latency.group.p99, f.latency.group.p99, "ms", 2, big ? `≤ ${TARGETS.p99Ms} ms` : ""),
      row("index search only p50", l.indexSearch?.p50 ?? Number.NaN, f.latency.dm.p50, "ms", 2),
      row("index search only p99", l.indexSearch?.p99 ?? Number.NaN, f.latency.dm.p99, "ms", 2),
      row("CPU per dm lookup (mean)", l.cpuPerLookupMs.dm, f.cpuPerLookupMs.dm, "ms", 2),
      row(
        "group screening throughput",
        l.throughput.perSecond,
        f.throughput.perSecond,
        "msg/s",
        0,
        `≥ ${fmt(TARGETS.groupMessagesPerSecond, 0)} msg/s/core`,
      ),
      row("group screening per CPU-second", l.throughput.perCpuSecond, f.throughput.perCpuSecond, "msg/s", 0),
      "",
      `Build: generating the records took ${fmt(s.build.generateMs / 1000)} s; ingest used ` +
        `${fmt(s.build.ingest.cpuMs / 1000)} s CPU for ${fmt(s.build.ingest.wallMs / 1000)} s wall; build peak RSS ` +
        `${fmt(s.build.peakRssMiB, 0)} MiB (holds the generated records). Group mix: ${l.throughput.screened} of ` +
        `${l.throughput.messages} messages passed the pre-filter (${l.throughput.prefilter}); group outcomes of those, ` +
        `by message kind: ` +
        `${Object.entries(l.outcomes).map(([k, v]) => `${k} ${v}`).join(", ") || "none"}.`,
      "",
    );
  }
  if (report.ocr) lines.push(renderOcrMarkdown(report.ocr));
  return lines.join("\n");
}
