import { afterAll, beforeAll, expect, it } from "vitest";
import { GatewayIntentBits } from "discord.js";
import { deliverOutbox } from "../../../src/adapters/discord/client.ts";
import { infoReply } from "../../../src/core/render-reply.ts";
import { FakeRuntime } from "./fake-runtime.ts";
import { startHarness, type Harness } from "./harness.ts";
import { ADMIN_ID, DM_CHANNEL_ID, dmMessage, guildMessage, MODLOG_CHANNEL_ID, PERMISSIONS_ALL, slashCommand } from "./payloads.ts";

/** A bot whose application lacks the privileged Message Content intent: it starts, says so, and keeps working. */
let h: Harness;
const runtime = new FakeRuntime();

beforeAll(async () => {
  h = await startHarness(runtime, { applicationFlags: 0 });
});
afterAll(async () => {
  const sent = h.fake.messageCalls();
  expect(sent.length).toBeGreaterThan(3);
  for (const call of sent) {
    const data = call.path.endsWith("/callback") ? call.body.data : call.body;
    expect(data.allowed_mentions?.parse, `${call.method} ${call.path}`).toEqual([]);
  }
  await h.close();
});

it("does not request the intent (the gateway would close with 4014) and logs the missing intent", () => {
  expect(h.fake.identifies[0].intents & GatewayIntentBits.MessageContent).toBe(0);
  expect(h.fake.identifies[0].intents & GatewayIntentBits.GuildMessages).toBe(GatewayIntentBits.GuildMessages);
  expect(h.bot.messageContent).toBe(false);
  expect(h.logger.entries.some((e) => e.message === "discord message content intent missing")).toBe(true);
});

it("tells the admin in /claimbot settings", async () => {
  const interaction = slashCommand(h.fake.appId, "claimbot", [{ name: "settings", type: 1, options: [{ name: "auto_check", type: 5, value: true }] }], { userId: ADMIN_ID, permissions: PERMISSIONS_ALL });
  h.fake.dispatch("INTERACTION_CREATE", interaction);
  const edit = await h.fake.waitForCall((c) => c.method === "PATCH" && c.path.includes(interaction.token));
  expect(edit.body.content).toContain("Message Content");
  expect(edit.body.embeds[0].title).toBe("Settings");
});

it("warns once when a screened channel receives messages without text, and sends nothing", async () => {
  const before = h.fake.calls.length;
  h.fake.dispatch("MESSAGE_CREATE", guildMessage(""));
  h.fake.dispatch("MESSAGE_CREATE", guildMessage(""));
  await h.logged("discord group decision", 2);
  expect(h.logger.entries.filter((e) => e.message === "discord auto-check without message content intent")).toHaveLength(1);
  expect(h.fake.calls.slice(before)).toEqual([]);
});

it("DMs and /check keep working", async () => {
  h.fake.dispatch("MESSAGE_CREATE", dmMessage("Russian state media: North Korea will send troops to Ukraine"));
  const sent = await h.fake.waitForCall((c) => c.method === "POST" && c.path.endsWith(`/channels/${DM_CHANNEL_ID}/messages`));
  expect(sent.body.embeds[0].title).toBe("Misleading");
  const interaction = slashCommand(h.fake.appId, "check", [{ name: "text", type: 3, value: "North Korea troops in Ukraine" }]);
  h.fake.dispatch("INTERACTION_CREATE", interaction);
  const edit = await h.fake.waitForCall((c) => c.method === "PATCH" && c.path.includes(interaction.token));
  expect(edit.body.embeds[0].title).toBe("Misleading");
});

it("delivers the runtime's outbox and acknowledges what was sent", async () => {
  runtime.outbox.push({ id: 7, platform: "discord", chatId: MODLOG_CHANNEL_ID, reply: infoReply("en", "A fact-check now exists for your tip", "see link") });
  runtime.outbox.push({ id: 8, platform: "telegram", chatId: "1", reply: infoReply("en", "not ours", "x") });
  h.fake.rateLimit("POST", new RegExp(`/channels/${MODLOG_CHANNEL_ID}/messages$`), 1, 0.05);
  expect(await deliverOutbox(h.bot.client, runtime, h.logger)).toBe(1);
  const posts = h.fake.calls.filter((c) => c.method === "POST" && c.path.endsWith(`/channels/${MODLOG_CHANNEL_ID}/messages`));
  expect(posts.map((c) => c.status)).toEqual([429, 200]);
  expect(posts[1]?.body.allowed_mentions).toEqual({ parse: [] });
  expect(runtime.acked).toEqual([7]);
});

it("stop() answers an interaction in flight before it disconnects", async () => {
  runtime.delayMs = 300;
  const interaction = slashCommand(h.fake.appId, "check", [{ name: "text", type: 3, value: "North Korea troops in Ukraine" }]);
  h.fake.dispatch("INTERACTION_CREATE", interaction);
  await h.fake.waitForCall((c) => c.path.endsWith(`/${interaction.token}/callback`));
  await h.bot.stop();
  const edit = h.fake.calls.find((c) => c.method === "PATCH" && c.path.includes(interaction.token));
  expect(edit?.status).toBe(200);
  expect(h.logger.entries.at(-1)?.message).toBe("discord stopped");
});
