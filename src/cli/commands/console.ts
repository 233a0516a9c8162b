import type { Command } from "commander";

export function register(program: Command): void {
  program
    .command("console")
    .description("Interactive local chat: paste a post, run bot commands, simulate a group (/group on); no token needed")
    .action(async () => {
      const { createApp } = await import("../../app.ts");
      const { runConsole } = await import("../../adapters/console/console.ts");
      const app = await createApp({ progress: true });
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
