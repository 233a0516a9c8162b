import { fileURLToPath } from "node:url";
import { REST, Routes, ShardingManager } from "discord.js";
import type { Config } from "../../config.ts";
import { ConfigError } from "../../core/errors.ts";
import type { Logger } from "../../core/logger.ts";

/** Whether this file runs compiled (dist/, plain Node) or as TypeScript source (tsx, vitest). */
const COMPILED = import.meta.url.endsWith(".js");
/** The file each shard process runs: shard.js beside this file in dist/, shard.ts in the sources. */
export const SHARD_ENTRY = fileURLToPath(new URL(COMPILED ? "./shard.js" : "./shard.ts", import.meta.url));
/** How long one shard may take to become ready, in milliseconds. */
export const SHARD_READY_TIMEOUT_MS = 60_000;
/** Pause between two shard logins (Discord allows one IDENTIFY per 5 s per bucket), in milliseconds. */
export const SHARD_SPAWN_DELAY_MS = 5_500;

/**
 * The shard count Discord recommends, asked through `DISCORD_API_ROOT`. discord.js's own `totalShards: "auto"`
 * calls the hard-coded https://discord.com/api and ignores the API root, so claimbot resolves "auto" itself.
 */
export async function recommendedShards(config: Pick<Config, "DISCORD_TOKEN" | "DISCORD_API_ROOT">): Promise<number> {
  const rest = new REST({ api: config.DISCORD_API_ROOT }).setToken(config.DISCORD_TOKEN ?? "");
  const answer = (await rest.get(Routes.gatewayBot())) as { shards?: number };
  return Math.max(1, answer.shards ?? 1);
}

/**
 * Runs the bot as `shards` processes under discord.js's ShardingManager. Each process runs src/adapters/discord/
 * shard.ts (through tsx; shard.js from dist/), builds its own App and logs in as its shard; the environment is
 * inherited.
 */
export async function startSharded(
  config: Pick<Config, "DISCORD_TOKEN" | "DISCORD_API_ROOT">,
  logger: Logger,
  shards: "auto" | number,
): Promise<{ stop(): Promise<void> }> {
  if (!config.DISCORD_TOKEN) throw new ConfigError("Discord needs DISCORD_TOKEN", ["DISCORD_TOKEN"]);
  const total = shards === "auto" ? await recommendedShards(config) : shards;
  if (!Number.isInteger(total) || total < 1) throw new ConfigError("--shards must be auto or a positive integer", []);
  const manager = new ShardingManager(SHARD_ENTRY, {
    totalShards: total,
    token: config.DISCORD_TOKEN,
    respawn: true,
    // Compiled shards run on plain Node; source shards need tsx (a development dependency, absent in production).
    execArgv: COMPILED ? [] : ["--import", import.meta.resolve("tsx")],
  });
  manager.on("shardCreate", (shard) => logger.info("discord shard spawned", { shard: shard.id, total }));
  await manager.spawn({ amount: total, delay: total > 1 ? SHARD_SPAWN_DELAY_MS : 0, timeout: SHARD_READY_TIMEOUT_MS });
  logger.info("discord shards ready", { total });
  return {
    async stop() {
      manager.respawn = false;
      for (const shard of manager.shards.values()) shard.kill();
      logger.info("discord shards stopped", { total });
    },
  };
}
