import type { Command } from "commander";

interface FeedbackOptions {
  days?: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command("feedback")
    .description("How the match thresholds perform on real feedback (helpful / wrong match)")
    .option("--days <n>", "only feedback from the last n days")
    .option("--json", "print JSON")
    .action(async (options: FeedbackOptions) => {
      const { createApp } = await import("../../app.ts");
      const { feedbackReport, formatFeedbackReport } = await import("../../runtime/reports.ts");
      const app = await createApp({ skipStarterData: true });
      try {
        const days = options.days ? Number.parseInt(options.days, 10) : undefined;
        const since = days && days > 0 ? Date.now() - days * 86_400_000 : 0;
        const report = feedbackReport(app.stores.feedback.list(since));
        process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatFeedbackReport(report)}\n`);
      } finally {
        await app.close();
      }
    });
}
