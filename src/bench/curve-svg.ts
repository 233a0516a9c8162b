/**
 * The scale curve of a bench run as a small hand-written SVG: lookup p50 and p99 (dm) of claimbot and of the bare
 * FTS5 floor against the number of fact-checks (log scale), the issue-15 p50 target as a dashed line.
 *
 *   npx tsx src/bench/curve-svg.ts bench-out/bench.json docs/bench-curve.svg
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { SCALE_TARGETS, type BenchReport } from "./report.ts";

const WIDTH = 640;
const HEIGHT = 380;
const MARGIN = { left: 64, right: 150, top: 36, bottom: 52 };

interface Series {
  label: string;
  color: string;
  dashed?: boolean;
  points: Array<[number, number]>;
}

const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Rounds an axis maximum up to 1, 2 or 5 times a power of ten. */
function niceCeil(value: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(value, 1e-9)));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

export function curveSvg(report: BenchReport): string {
  const scales = [...report.scales].sort((a, b) => a.scale - b.scale);
  const series: Series[] = [
    { label: "claimbot dm p50", color: "#1f77b4", points: scales.map((s) => [s.scale, s.serve.lookup.latency.dm.p50]) },
    { label: "claimbot dm p99", color: "#d62728", points: scales.map((s) => [s.scale, s.serve.lookup.latency.dm.p99]) },
    { label: "floor p50", color: "#1f77b4", dashed: true, points: scales.map((s) => [s.scale, s.serve.floor.latency.dm.p50]) },
    { label: "floor p99", color: "#d62728", dashed: true, points: scales.map((s) => [s.scale, s.serve.floor.latency.dm.p99]) },
  ];
  const xs = scales.map((s) => s.scale);
  const minX = Math.log10(Math.min(...xs));
  const maxX = Math.log10(Math.max(...xs));
  const maxY = niceCeil(Math.max(SCALE_TARGETS.p50MsAt1M, ...series.flatMap((s) => s.points.map((p) => p[1]))));
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (n: number) => MARGIN.left + (maxX === minX ? plotW / 2 : ((Math.log10(n) - minX) / (maxX - minX)) * plotW);
  const y = (ms: number) => MARGIN.top + plotH - (ms / maxY) * plotH;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${MARGIN.left}" y="20" font-size="14" font-weight="bold">Lookup latency against index size (npm run bench, ${escapeXml(report.date.slice(0, 16).replace("T", " "))} UTC)</text>`,
  ];
  for (let i = 0; i <= 5; i++) {
    const ms = (maxY / 5) * i;
    out.push(
      `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${y(ms).toFixed(1)}" y2="${y(ms).toFixed(1)}" stroke="#ddd"/>`,
      `<text x="${MARGIN.left - 8}" y="${(y(ms) + 4).toFixed(1)}" text-anchor="end">${Number(ms.toFixed(1))}</text>`,
    );
  }
  for (const n of xs) {
    out.push(
      `<line x1="${x(n).toFixed(1)}" x2="${x(n).toFixed(1)}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="#eee"/>`,
      `<text x="${x(n).toFixed(1)}" y="${MARGIN.top + plotH + 18}" text-anchor="middle">${n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`}</text>`,
    );
  }
  out.push(
    `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH}" stroke="#333"/>`,
    `<line x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}" stroke="#333"/>`,
    `<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 12}" text-anchor="middle">fact-checks in the index (log scale)</text>`,
    `<text transform="translate(16 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">ms per lookup</text>`,
    `<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${y(SCALE_TARGETS.p50MsAt1M).toFixed(1)}" y2="${y(SCALE_TARGETS.p50MsAt1M).toFixed(1)}" stroke="#2ca02c" stroke-dasharray="2 3"/>`,
    `<text x="${MARGIN.left + 4}" y="${(y(SCALE_TARGETS.p50MsAt1M) - 4).toFixed(1)}" fill="#2ca02c">p50 target at 1M: ${SCALE_TARGETS.p50MsAt1M} ms</text>`,
  );
  series.forEach((s, i) => {
    const path = s.points.map(([n, ms], j) => `${j === 0 ? "M" : "L"}${x(n).toFixed(1)} ${y(ms).toFixed(1)}`).join(" ");
    const dash = s.dashed ? ` stroke-dasharray="6 4"` : "";
    out.push(`<path d="${path}" fill="none" stroke="${s.color}" stroke-width="2"${dash}/>`);
    for (const [n, ms] of s.points) {
      out.push(`<circle cx="${x(n).toFixed(1)}" cy="${y(ms).toFixed(1)}" r="3" fill="${s.color}"><title>${escapeXml(s.label)}: ${n.toLocaleString("en-US")} → ${ms.toFixed(2)} ms</title></circle>`);
    }
    const ly = MARGIN.top + 10 + i * 20;
    const lx = MARGIN.left + plotW + 16;
    out.push(
      `<line x1="${lx}" x2="${lx + 24}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="2"${dash}/>`,
      `<text x="${lx + 30}" y="${ly + 4}">${escapeXml(s.label)}</text>`,
    );
  });
  out.push("</svg>", "");
  return out.join("\n");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [input, output] = process.argv.slice(2);
  if (!input || !output) {
    process.stderr.write("usage: npx tsx src/bench/curve-svg.ts <bench.json> <out.svg>\n");
    process.exit(2);
  }
  writeFileSync(output, curveSvg(JSON.parse(readFileSync(input, "utf8")) as BenchReport));
}
