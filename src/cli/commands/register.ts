import type { Command } from "commander";

/** `claimbot register --discord [--guild <id>] [--dry-run]`: registers the Discord application commands. */
export function register(program: Command): void {
  program
    .command("register")
    .description("Register the bot's commands with Discord (slash commands and the \"Check this message\" menu)")
    .option("--discord", "register the Discord application commands (DISCORD_TOKEN, DISCORD_APP_ID)")
    .option("--guild <id>", "register in one server only (shows at once; global registration can take a while)")
    .option("--dry-run", "print the command definitions as JSON and call nothing")
    .action(async (options: { discord?: boolean; guild?: string; dryRun?: boolean }) => {
      if (!options.discord) throw new Error("say which platform: claimbot register --discord [--guild <id>]");
      const [{ ALL_COMMANDS }, { createCommandRegistry }] = await Promise.all([
        import("../../../commands/index.ts"),
        import("../../runtime/command-registry.ts"),
      ]);
      const infos = createCommandRegistry(ALL_COMMANDS).infos();
      if (options.dryRun) {
        const { buildApplicationCommands } = await import("../../adapters/discord/commands.ts");
        process.stdout.write(`${JSON.stringify(buildApplicationCommands(infos), null, 2)}\n`);
        return;
      }
      const [{ loadConfig }, { registerDiscordCommands }] = await Promise.all([
        import("../../config.ts"),
        import("../../adapters/discord/register.ts"),
      ]);
      const result = await registerDiscordCommands(loadConfig(), infos, options.guild ? { guildId: options.guild } : {});
      const where = result.guildId ? `in server ${result.guildId}` : "globally";
      process.stdout.write(`registered ${result.names.length} Discord commands ${where}: ${result.names.join(", ")}\n`);
      const { inviteUrl } = await import("../../adapters/discord/invite.ts");
      process.stdout.write(`invite the bot with: ${inviteUrl(result.applicationId)}\n`);
    });
}
