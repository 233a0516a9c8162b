import { describe, expect, it } from "vitest";
import { feedbackReport, formatFeedbackReport, tipsToCsv, tipsToJson } from "../../src/runtime/reports.ts";
import type { FeedbackRow } from "../../src/store/feedback-store.ts";
import type { TipRow } from "../../src/store/tip-store.ts";

const tip: TipRow = {
  id: 1,
  createdAt: Date.parse("2026-11-26T10:00:00Z"),
  platform: "telegram",
  chatId: "12345",
  userHash: "abcdef",
  text: '=HYPERLINK("x"), they said\nsecond line',
  urls: ["https://example.com/a"],
  language: "en",
  locale: "en",
  status: "open",
  factCheckId: null,
  notifiedAt: null,
};

function fb(mode: string, score: number, value: "helpful" | "wrong"): FeedbackRow {
  return { token: `${mode}${score}${value}`, userHash: "u", value, createdAt: 0, mode, outcome: "match", topId: "x", topScore: score, candidates: [] };
}

describe("reports", () => {
  it("exports tips as CSV with quoting and formula guard, without chat ids or user hashes", () => {
    const csv = tipsToCsv([tip]);
    const [header, row] = csv.split("\r\n");
    expect(header).toBe("id,created_at,status,platform,language,locale,fact_check_id,notified_at,urls,text");
    expect(row).toContain('"\'=HYPERLINK(""x""), they said\nsecond line"'.split("\n")[0]!);
    expect(csv).toContain("2026-11-26T10:00:00.000Z");
    expect(csv).not.toContain("12345");
    expect(csv).not.toContain("abcdef");
    const json = tipsToJson([tip]);
    expect(json[0]).toMatchObject({ id: 1, text: tip.text, urls: tip.urls });
    expect(JSON.stringify(json)).not.toContain("12345");
  });

  it("reports precision of helpful feedback per top-score threshold", () => {
    const report = feedbackReport([fb("dm", 0.95, "helpful"), fb("dm", 0.65, "wrong"), fb("dm", 0.55, "helpful"), fb("group", 0.92, "helpful")]);
    expect(report.total).toBe(4);
    expect(report.byOutcome["dm/match"]).toEqual({ helpful: 2, wrong: 1 });
    expect(report.thresholds.find((t) => t.mode === "dm" && t.threshold === 0.5)).toMatchObject({ helpful: 2, wrong: 1, precision: 0.667 });
    expect(report.thresholds.find((t) => t.mode === "dm" && t.threshold === 0.7)).toMatchObject({ helpful: 1, wrong: 0, precision: 1 });
    expect(report.thresholds.find((t) => t.mode === "group" && t.threshold === 0.95)).toMatchObject({ precision: null });
    expect(formatFeedbackReport(report)).toContain("Feedback rows: 4");
    expect(formatFeedbackReport(feedbackReport([]))).toBe("No feedback yet.");
  });
});
