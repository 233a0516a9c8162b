import type { FeedbackRow } from "../store/feedback-store.ts";
import type { TipRow } from "../store/tip-store.ts";

/** Score thresholds the feedback report evaluates. */
export const FEEDBACK_REPORT_THRESHOLDS = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95] as const;

const TIP_COLUMNS = ["id", "created_at", "status", "platform", "language", "locale", "fact_check_id", "notified_at", "urls", "text"] as const;

function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * Tips as CSV (RFC 4180 quoting; cells starting with = + - @ are prefixed with ' against spreadsheet formula
 * injection). Chat ids and user hashes are left out: fact-checkers need the post, not who sent it.
 */
export function tipsToCsv(tips: readonly TipRow[]): string {
  const lines = [TIP_COLUMNS.join(",")];
  for (const tip of tips) {
    lines.push(
      [
        String(tip.id),
        new Date(tip.createdAt).toISOString(),
        tip.status,
        tip.platform,
        tip.language ?? "",
        tip.locale,
        tip.factCheckId ?? "",
        tip.notifiedAt === null ? "" : new Date(tip.notifiedAt).toISOString(),
        tip.urls.join(" "),
        tip.text,
      ]
        .map(csvCell)
        .join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}

/** Tips as JSON-ready objects, without chat ids and user hashes. */
export function tipsToJson(tips: readonly TipRow[]): Array<Record<string, unknown>> {
  return tips.map((tip) => ({
    id: tip.id,
    createdAt: new Date(tip.createdAt).toISOString(),
    status: tip.status,
    platform: tip.platform,
    language: tip.language,
    locale: tip.locale,
    factCheckId: tip.factCheckId,
    notifiedAt: tip.notifiedAt === null ? null : new Date(tip.notifiedAt).toISOString(),
    urls: tip.urls,
    text: tip.text,
  }));
}

export interface FeedbackReport {
  total: number;
  byOutcome: Record<string, { helpful: number; wrong: number }>;
  /**
   * For each threshold: of the answers whose top score reached it, how many users found helpful vs wrong;
   * `precision` = helpful / (helpful + wrong), null without feedback. Shows where a threshold would sit on real use.
   */
  thresholds: Array<{ mode: string; threshold: number; helpful: number; wrong: number; precision: number | null }>;
}

/** Summarises feedback rows: counts per outcome and mode, and precision by top-score threshold. */
export function feedbackReport(rows: readonly FeedbackRow[]): FeedbackReport {
  const byOutcome: FeedbackReport["byOutcome"] = {};
  for (const row of rows) {
    const key = `${row.mode}/${row.outcome}`;
    const entry = (byOutcome[key] ??= { helpful: 0, wrong: 0 });
    entry[row.value]++;
  }
  const thresholds: FeedbackReport["thresholds"] = [];
  for (const mode of [...new Set(rows.map((r) => r.mode))].sort()) {
    for (const threshold of FEEDBACK_REPORT_THRESHOLDS) {
      const above = rows.filter((r) => r.mode === mode && r.topScore !== null && r.topScore >= threshold);
      const helpful = above.filter((r) => r.value === "helpful").length;
      const wrong = above.length - helpful;
      thresholds.push({ mode, threshold, helpful, wrong, precision: above.length ? Math.round((helpful / above.length) * 1000) / 1000 : null });
    }
  }
  return { total: rows.length, byOutcome, thresholds };
}

/** The report as a plain-text table. */
export function formatFeedbackReport(report: FeedbackReport): string {
  if (report.total === 0) return "No feedback yet.";
  const lines = [`Feedback rows: ${report.total}`, "", "mode/outcome        helpful  wrong"];
  for (const [key, v] of Object.entries(report.byOutcome).sort()) {
    lines.push(`${key.padEnd(18)} ${String(v.helpful).padStart(8)} ${String(v.wrong).padStart(6)}`);
  }
  lines.push("", "mode  top score >=  helpful  wrong  precision");
  for (const t of report.thresholds) {
    lines.push(
      `${t.mode.padEnd(5)} ${t.threshold.toFixed(2).padStart(12)} ${String(t.helpful).padStart(8)} ${String(t.wrong).padStart(6)} ${t.precision === null ? "-".padStart(10) : t.precision.toFixed(3).padStart(10)}`,
    );
  }
  return lines.join("\n");
}
