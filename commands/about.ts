import { z } from "zod";
import { infoReply } from "../src/core/render-reply.ts";
import { defineCommand } from "../src/runtime/command-types.ts";

/** How many publishers and languages `/about` lists before "…and N more". */
export const ABOUT_TOP_N = 8;

const WORDS = {
  en: { title: "About the index", total: "Fact-checks indexed", publishers: "By publisher", languages: "By language", newest: "Newest fact-check", more: "more", empty: "The index is empty." },
  ko: { title: "색인 정보", total: "색인된 팩트체크", publishers: "검증 기관별", languages: "언어별", newest: "가장 최근 팩트체크", more: "개 더", empty: "색인이 비어 있습니다." },
} as const;

function top(counts: Record<string, number>, more: string): string {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const shown = entries.slice(0, ABOUT_TOP_N).map(([key, n]) => `${key} ${n}`);
  if (entries.length > ABOUT_TOP_N) shown.push(`+${entries.length - ABOUT_TOP_N} ${more}`);
  return shown.join(", ");
}

/** `/about`: what the index holds (counts by publisher and language, newest fact-check date). */
export default defineCommand({
  name: "about",
  description: { en: "What the fact-check index holds", ko: "팩트체크 색인에 무엇이 있는지" },
  options: z.object({}),
  optionInfo: [],
  access: "anyone",
  scope: "all",
  async run(ctx) {
    const w = WORDS[ctx.locale];
    const stats = await ctx.services.indexStats();
    if (stats.total === 0) return infoReply(ctx.locale, w.title, w.empty);
    const lines = [
      `${w.total}: ${stats.total}`,
      `${w.publishers}: ${top(stats.byPublisher, w.more)}`,
      `${w.languages}: ${top(stats.byLanguage, w.more)}`,
      `${w.newest}: ${stats.newestReviewDate ?? "-"}`,
    ];
    return infoReply(ctx.locale, w.title, lines.join("\n"));
  },
});
