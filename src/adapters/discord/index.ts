import type { App } from "../../app.ts";
import { startDiscordClient } from "./client.ts";
import { startSharded } from "./sharding.ts";

export { buildApplicationCommands } from "./commands.ts";
export { startDiscordClient, type RunningDiscord } from "./client.ts";

export interface StartDiscordOptions {
  /** Run under discord.js's ShardingManager with this many shard processes ("auto": as Discord recommends). */
  shards?: "auto" | number;
}

/**
 * Starts the Discord bot on an App (uses DISCORD_TOKEN and DISCORD_API_ROOT from its config, and its runtime).
 * Without `shards` one client runs in this process (or the shard a ShardingManager assigned through the
 * environment); with `shards` a ShardingManager spawns that many processes. The token is never logged.
 */
export async function startDiscord(app: App, options: StartDiscordOptions = {}): Promise<{ stop(): Promise<void> }> {
  const logger = app.logger.child({ adapter: "discord" });
  if (options.shards !== undefined) return startSharded(app.config, logger, options.shards);
  return startDiscordClient({ config: app.config, logger, runtime: app.runtime });
}
