import type { Command } from "commander";

export function register(program: Command): void {
  program
    .command("console")
    .description("Interactive local chat: paste a post, run bot commands, simulate a group (/group on); no token needed")
    .action(async () => {
      const { createApp } = await import("../../app.ts");
      const { runConsole } = await import("../../adapters/console/console.ts");
      const { loadConfig } = await import("../../config.ts");
      const { createLogger } = await import("../../logger.ts");
      const config = loadConfig();
      // JSON log lines would drown the chat: warnings only unless LOG_LEVEL is set explicitly.
      const logger = createLogger(process.env.LOG_LEVEL ? config : { LOG_LEVEL: "warn" });
      const app = await createApp({ config, logger, progress: true });
      try {
        await runConsole({
          runtime: app.runtime,
          index: app.index,
          defaultLocale: app.config.DEFAULT_LOCALE,
          input: process.stdin,
          output: process.stdout,
          userLocale: (process.env.LC_ALL || process.env.LANG || "").split(".")[0]?.replace("_", "-") || undefined,
        });
      } finally {
        await app.close();
      }
    });
}
