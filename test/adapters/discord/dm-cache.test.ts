import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DISCORD_REST_HANDLER_SWEEP_MS, startDiscordClient, type RunningDiscord } from "../../../src/adapters/discord/client.ts";
import { createApp, type App } from "../../../src/app.ts";
import { loadConfig } from "../../../src/config.ts";
import { MemoryLogger } from "../../../src/core/logger.ts";
import { loadSeedFactCheck } from "../../support/seed.ts";
import { DEFAULT_BOT_USER, FakeDiscord } from "./fake-discord.ts";
import { dmMessage, guild, snowflake, user } from "./payloads.ts";

/**
 * discord.js never sweeps DM channels: each user who wrote to the bot stayed in its caches (channel, cached messages,
 * user). The client forgets a DM's channel and author once the DM is answered (issue 13, soak).
 */
const seed = loadSeedFactCheck();
let fake: FakeDiscord;
let app: App;
let bot: RunningDiscord;
let dir: string;

beforeAll(async () => {
  fake = await FakeDiscord.start({ guilds: [guild(DEFAULT_BOT_USER)] });
  dir = mkdtempSync(join(tmpdir(), "claimbot-discord-dm-cache-"));
  const config = loadConfig({ CLAIMBOT_DATA_DIR: dir, DISCORD_TOKEN: "fake-token-dm-cache", DISCORD_API_ROOT: fake.apiRoot, HTTP_PORT: "0" });
  app = await createApp({ config, logger: new MemoryLogger(), skipStarterData: true });
  await app.index.upsert([seed]);
  bot = await startDiscordClient({ config: app.config, logger: app.logger, runtime: app.runtime });
});
afterAll(async () => {
  await bot?.stop();
  await app?.close();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("Discord DMs leave no trace in discord.js's caches", () => {
  /**
   * Dispatches the DMs and returns those answered within 20 s, after 200 ms more: forgetting runs when a handler
   * settles, just after its reply was sent.
   */
  async function sendDms(events: ReadonlyArray<{ id: string }>) {
    const replied = (id: string) => fake.calls.some((c) => c.method === "POST" && c.status === 200 && c.body?.message_reference?.message_id === id);
    for (const event of events) fake.dispatch("MESSAGE_CREATE", event);
    const deadline = Date.now() + 20_000;
    while (!events.every((e) => replied(e.id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const answered = events.filter((e) => replied(e.id));
    await new Promise((r) => setTimeout(r, 200));
    return answered;
  }

  it("30 DMs from 30 new users: all answered, no DM channel and none of the users left cached", async () => {
    const authors = Array.from({ length: 30 }, () => snowflake());
    const channels = authors.map(() => snowflake());
    const events = authors.map((author, i) => dmMessage(`${seed.claim} (${i})`, { channel_id: channels[i], author: user(author) }));
    expect(await sendDms(events)).toHaveLength(30);
    const cached = bot.client.channels.cache;
    expect(channels.filter((id) => cached.has(id))).toEqual([]);
    expect([...cached.values()].filter((c) => c.isDMBased())).toEqual([]);
    expect(authors.filter((id) => bot.client.users.cache.has(id))).toEqual([]);
    // The guild's channels are kept (they are bounded by the guilds the bot is in), and so is the bot's own user.
    expect(cached.size).toBeGreaterThan(0);
    expect(bot.client.users.cache.has(bot.client.user!.id)).toBe(true);
  }, 30_000);

  it("5 DMs at once in one channel: every one answered, then channel and author forgotten (test/reliability/discord-faults.test.ts's DM flood fails when a channel is dropped while another of its DMs is in flight)", async () => {
    const author = snowflake();
    const channel = snowflake();
    const events = Array.from({ length: 5 }, (_, i) => dmMessage(`${seed.claim} [${i}]`, { channel_id: channel, author: user(author) }));
    expect(await sendDms(events)).toHaveLength(5);
    expect(bot.client.channels.cache.has(channel)).toBe(false);
    expect(bot.client.users.cache.has(author)).toBe(false);
  }, 30_000);

  it("idle REST route queues (one per DM channel answered) are swept every minute, not every hour", () => {
    expect(DISCORD_REST_HANDLER_SWEEP_MS).toBe(60_000);
    expect(bot.client.rest.options.handlerSweepInterval).toBe(DISCORD_REST_HANDLER_SWEEP_MS);
  });
});
