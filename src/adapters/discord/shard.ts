/**
 * Entry of one shard process spawned by the ShardingManager (`claimbot serve --discord --shards N|auto`).
 * discord.js's Client reads SHARDS and SHARD_COUNT from the environment the manager sets.
 */
import { createApp } from "../../app.ts";
import { startDiscord } from "./index.ts";

const app = await createApp();
const bot = await startDiscord(app);
let stopping = false;
async function shutdown(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await bot.stop();
  await app.close();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown());
process.on("SIGINT", () => void shutdown());
process.on("disconnect", () => void shutdown());
