import { MemoryLogger } from "../../../src/core/logger.ts";
import type { Runtime } from "../../../src/runtime/types.ts";
import { startDiscordClient, type RunningDiscord } from "../../../src/adapters/discord/client.ts";
import { DEFAULT_BOT_USER, FakeDiscord, type FakeDiscordOptions } from "./fake-discord.ts";
import { guild } from "./payloads.ts";

export const TEST_TOKEN = "fake-token-0123456789";

export interface Harness {
  fake: FakeDiscord;
  bot: RunningDiscord;
  logger: MemoryLogger;
  close(): Promise<void>;
  /** Resolves when the adapter has logged `message` (fixed log messages mark the end of a handled event). */
  logged(message: string, count?: number, timeoutMs?: number): Promise<void>;
}

/** A fake Discord with the test guild, and the real discord.js client of the adapter logged into it. */
export async function startHarness(runtime: Runtime, options: FakeDiscordOptions = {}): Promise<Harness> {
  const fake = await FakeDiscord.start({ ...options, guilds: options.guilds ?? [guild(options.botUser ?? DEFAULT_BOT_USER)] });
  const logger = new MemoryLogger();
  const bot = await startDiscordClient({
    config: { DISCORD_TOKEN: TEST_TOKEN, DISCORD_API_ROOT: fake.apiRoot, DEFAULT_LOCALE: "en" },
    logger,
    runtime,
  });
  return {
    fake,
    bot,
    logger,
    async close() {
      await bot.stop();
      await fake.close();
    },
    async logged(message, count = 1, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (logger.entries.filter((e) => e.message === message).length < count) {
        if (Date.now() > deadline) throw new Error(`log "${message}" x${count} did not come`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
  };
}
