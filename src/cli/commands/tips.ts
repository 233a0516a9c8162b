import type { Command } from "commander";

interface TipsOptions {
  json?: boolean;
  csv?: boolean;
  status?: string;
  rematch?: boolean;
}

export function register(program: Command): void {
  program
    .command("tips")
    .description("List or export the tips users sent to fact-checkers (JSON/CSV); --rematch notifies matched tips")
    .option("--json", "print the tips as JSON")
    .option("--csv", "print the tips as CSV")
    .option("--status <open|notified>", "only tips with this status")
    .option("--rematch", "look every open tip up again; queue a notification for each that now has a match")
    .action(async (options: TipsOptions) => {
      const { createApp } = await import("../../app.ts");
      const { tipsToCsv, tipsToJson } = await import("../../runtime/reports.ts");
      const app = await createApp({ skipStarterData: !options.rematch });
      try {
        if (options.rematch) {
          const notified = await app.runtime.notifyTipsMatching([]);
          process.stderr.write(`${notified} tip(s) matched; notifications wait in the outbox for \`claimbot serve\`\n`);
        }
        let tips = app.stores.tips.list();
        if (options.status) tips = tips.filter((t) => t.status === options.status);
        if (options.csv) process.stdout.write(tipsToCsv(tips));
        else if (options.json) process.stdout.write(`${JSON.stringify(tipsToJson(tips), null, 2)}\n`);
        else if (tips.length === 0) process.stdout.write("No tips.\n");
        else {
          for (const tip of tips) {
            const head = `#${tip.id} ${new Date(tip.createdAt).toISOString().slice(0, 16)} ${tip.status}${tip.factCheckId ? ` → ${tip.factCheckId}` : ""}`;
            process.stdout.write(`${head}\n  ${tip.text.replace(/\s+/g, " ").slice(0, 200)}\n`);
          }
        }
      } finally {
        await app.close();
      }
    });
}
