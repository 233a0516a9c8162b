import type { AnsweredFigures, IdentityReport, NearMissFigures } from "./identity-figures.ts";

function pct(v: number | null | undefined): string {
  return v === null || v === undefined ? "-" : `${(v * 100).toFixed(1)}%`;
}

function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

const NM_HEADER = ["near-miss kind", "posts", "match dm", "match group", "template dm", "template group", "related dm"];
const nmRow = (name: string, f: NearMissFigures): string[] => [
  name, String(f.posts), pct(f.false_match_rate.dm), pct(f.false_match_rate.group), pct(f.template_match_rate.dm), pct(f.template_match_rate.group), pct(f.related_rate.dm),
];

const ANS_HEADER = (what: string) => [what, "posts", "answered dm", "answered group", "wrong match dm", "wrong match group", "top-5"];
const ansRow = (name: string, f: AnsweredFigures): string[] => [
  name, String(f.posts), pct(f.answered.dm), pct(f.answered.group), pct(f.wrong_match.dm), pct(f.wrong_match.group), pct(f.retrieval_recall_at_5),
];

/** The human output of `claimbot eval --identity`: one table per set, per kind, then failures when listed. */
export function formatIdentityText(r: IdentityReport): string {
  const pp = r.paraphrase;
  const out = [
    `posts ${r.posts}; fact-checks indexed ${r.indexed} of ${r.collection} (${r.excluded} excluded by the sets)`,
    `lookup p50 / p95 ${r.latency_ms.p50.toFixed(1)} / ${r.latency_ms.p95.toFixed(1)} ms; index build ${(r.index_build_ms / 1000).toFixed(1)} s; total ${(r.total_ms / 1000).toFixed(1)} s`,
    "",
    "near-miss (a different claim: any match is false; targets: group ≤ 1%, dm ≤ 3%)",
    textTable(NM_HEADER, [nmRow("all", r.near_miss), ...Object.entries(r.near_miss.by_kind).map(([k, f]) => nmRow(k, f))]),
    "",
    "paraphrase (the same claim; answered = dm match/related showing it, group match with it first; target dm ≥ 80%)",
    textTable(ANS_HEADER("paraphrase kind"), [
      ansRow("all", { posts: pp.posts, answered: pp.recall, wrong_match: pp.wrong_match, retrieval_recall_at_5: pp.retrieval_recall_at_5 }),
      ...Object.entries(pp.by_kind).map(([k, f]) => ansRow(k, f)),
    ]),
    "",
    "noisy posts (CheckThat dev tweets in forwarding noise; rows per noise kind count every post that has it)",
    textTable(ANS_HEADER("noise kind"), [
      ansRow("all noisy", r.noisy),
      ansRow("clean copies", r.noisy.clean),
      ...Object.entries(r.noisy.by_kind).map(([k, f]) => ansRow(k, f)),
    ]),
    `posts with several claims: ${r.noisy.several_claims.posts}; every claim's fact-check shown: dm ${pct(r.noisy.several_claims.all_shown.dm)}, group ${pct(r.noisy.several_claims.all_shown.group)}`,
  ];
  if (r.failures) {
    out.push("", `failures (${r.failures.length}):`);
    for (const f of r.failures) {
      out.push(`- [${f.set}/${f.kind}] ${f.id} ${f.reason} dm=${f.outcome.dm} group=${f.outcome.group}`, `    post: ${f.text}`, `    top:  ${f.top_claim} (${f.top_id ?? "-"})`);
    }
  }
  return out.join("\n");
}
