import type { Mode } from "../core/lookup-types.ts";
import type { EvalReport, SweepRow } from "./run-eval.ts";

const MODES: readonly Mode[] = ["dm", "group"];

function pct(v: number | null): string {
  return v === null ? "-" : `${(v * 100).toFixed(1)}%`;
}

function fix(v: number): string {
  return v.toFixed(3);
}

/** Rows of a two-column table. */
function summaryRows(r: EvalReport): Array<[string, string]> {
  return [
    ["queries (judged)", String(r.queries)],
    ["fact-checks indexed", `${r.indexed} of ${r.collection}`],
    ["holdout", r.holdout > 0 ? `${r.holdout} (seed ${r.seed}, ${r.heldout_queries} queries)` : "none"],
    ["MAP@1 / @3 / @5", `${fix(r.map_at_1)} / ${fix(r.map_at_3)} / ${fix(r.map_at_5)}`],
    ...(r.k !== 5 && r.k !== 1 && r.k !== 3 ? [[`MAP@${r.k}`, fix(r.map_at_k)] as [string, string]] : []),
    ["Recall@1 / @5 / @20 (retrieval)", `${fix(r.recall_at_1)} / ${fix(r.recall_at_5)} / ${fix(r.recall_at_20)}`],
    ["Recall@5 (after rerank)", fix(r.rerank_recall_at_5)],
    ["lookup p50 / p95 / p99", `${r.latency_ms.p50.toFixed(1)} / ${r.latency_ms.p95.toFixed(1)} / ${r.latency_ms.p99.toFixed(1)} ms`],
    ["index build / total", `${(r.index_build_ms / 1000).toFixed(1)} s / ${(r.total_ms / 1000).toFixed(1)} s`],
  ];
}

function modeRows(r: EvalReport): string[][] {
  return MODES.map((m) => {
    const f = r.modes[m];
    return [
      m,
      pct(f.share_match),
      pct(f.share_related),
      pct(f.share_none),
      `${pct(f.match_precision)} (${f.matches_right}/${f.matches})`,
      pct(f.match_recall),
      pct(f.false_match_rate),
      f.related > 0 ? `${pct(f.related_precision)} (${f.related_right}/${f.related})` : "–",
    ];
  });
}

const MODE_HEADER = ["mode", "match", "related", "none", "match precision", "match recall", "false-match rate", "related precision"];
const SWEEP_HEADER = ["threshold", "dm precision", "dm recall", "dm FMR", "group precision", "group recall", "group FMR"];

function sweepRows(r: EvalReport): string[][] {
  return r.sweep.dm.map((row, i) => {
    const g = r.sweep.group[i]!;
    return [row.threshold.toFixed(2), pct(row.precision), pct(row.recall), pct(row.false_match_rate), pct(g.precision), pct(g.recall), pct(g.false_match_rate)];
  });
}

function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

function mdTable(header: string[], rows: string[][]): string {
  return [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

/** The human output of `claimbot eval`: a summary, the decisions per mode and the threshold sweep. */
export function formatEvalText(r: EvalReport): string {
  const width = Math.max(...summaryRows(r).map(([k]) => k.length));
  return [
    ...summaryRows(r).map(([k, v]) => `${k.padEnd(width)}  ${v}`),
    "",
    textTable(MODE_HEADER, modeRows(r)),
    "",
    "match threshold sweep (FMR = false-match rate on held-out queries):",
    textTable(SWEEP_HEADER, sweepRows(r)),
  ].join("\n");
}

/** The `--out` markdown report. */
export function formatEvalMarkdown(r: EvalReport, title: string, plotFile?: string): string {
  return [
    `# ${title}`,
    "",
    mdTable(["figure", "value"], summaryRows(r).map(([k, v]) => [k, v])),
    "",
    "## Decisions",
    "",
    mdTable(MODE_HEADER, modeRows(r)),
    "",
    "## Match threshold sweep",
    "",
    mdTable(SWEEP_HEADER, sweepRows(r)),
    ...(plotFile ? ["", `![precision and recall against the match threshold](${plotFile})`] : []),
    "",
  ].join("\n");
}

/** A hand-written SVG line plot of precision, recall (and false-match rate) against the match threshold, per mode. */
export function sweepSvg(r: EvalReport): string {
  const W = 640, H = 360, L = 50, R = 150, T = 20, B = 40;
  const x = (t: number) => L + t * (W - L - R);
  const y = (v: number) => T + (1 - v) * (H - T - B);
  const series: Array<{ label: string; color: string; dash: string; pick: (s: SweepRow) => number | null; rows: SweepRow[] }> = [];
  for (const m of MODES) {
    const dash = m === "dm" ? "" : "6 4";
    series.push({ label: `${m} precision`, color: "#1f77b4", dash, pick: (s) => s.precision, rows: r.sweep[m] });
    series.push({ label: `${m} recall`, color: "#2ca02c", dash, pick: (s) => s.recall, rows: r.sweep[m] });
    if (r.sweep[m].some((s) => s.false_match_rate !== null)) {
      series.push({ label: `${m} false-match rate`, color: "#d62728", dash, pick: (s) => s.false_match_rate, rows: r.sweep[m] });
    }
  }
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<line x1="${L}" y1="${y(0)}" x2="${x(1)}" y2="${y(0)}" stroke="black"/>`,
    `<line x1="${L}" y1="${y(0)}" x2="${L}" y2="${y(1)}" stroke="black"/>`,
  ];
  for (let i = 0; i <= 10; i++) {
    const v = i / 10;
    parts.push(`<text x="${x(v)}" y="${y(0) + 15}" text-anchor="middle">${v.toFixed(1)}</text>`);
    parts.push(`<text x="${L - 6}" y="${y(v) + 4}" text-anchor="end">${v.toFixed(1)}</text>`);
    parts.push(`<line x1="${L}" y1="${y(v)}" x2="${x(1)}" y2="${y(v)}" stroke="#eee"/>`);
  }
  parts.push(`<text x="${(L + x(1)) / 2}" y="${H - 5}" text-anchor="middle">match threshold</text>`);
  series.forEach((s, i) => {
    const pts = s.rows
      .map((row) => ({ t: row.threshold, v: s.pick(row) }))
      .filter((p): p is { t: number; v: number } => p.v !== null)
      .map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`);
    if (pts.length > 0) {
      parts.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2" ${s.dash ? `stroke-dasharray="${s.dash}" ` : ""}points="${pts.join(" ")}"/>`);
    }
    const ly = T + 14 + i * 16;
    parts.push(`<line x1="${x(1) + 10}" y1="${ly - 4}" x2="${x(1) + 30}" y2="${ly - 4}" stroke="${s.color}" stroke-width="2" ${s.dash ? `stroke-dasharray="${s.dash}"` : ""}/>`);
    parts.push(`<text x="${x(1) + 34}" y="${ly}">${s.label}</text>`);
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
