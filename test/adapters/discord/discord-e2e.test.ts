import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDiscord } from "../../../src/adapters/discord/index.ts";
import { createApp, type App } from "../../../src/app.ts";
import { loadConfig } from "../../../src/config.ts";
import { MemoryLogger } from "../../../src/core/logger.ts";
import { DEFAULT_BOT_USER, FakeDiscord, type RecordedCall } from "./fake-discord.ts";
import { loadSeedFactCheck } from "../../support/seed.ts";
import {
  ADMIN_ID,
  buttonPress,
  CHANNEL_ID,
  DM_CHANNEL_ID,
  dmMessage,
  forwarded,
  guild,
  guildMessage,
  messageCommand,
  MODLOG_CHANNEL_ID,
  PERMISSIONS_ALL,
  slashCommand,
} from "./payloads.ts";

/**
 * The adapter on the real runtime (commands/, settings store, group policy, lookup on the embedded SQLite index
 * holding the seed record), against the loopback Discord: what a server would see.
 */
const SEED_CLAIM = "Russian state media reported that North Korea has decided to send troops to Ukraine to support Russia";
const seed = loadSeedFactCheck();

let fake: FakeDiscord;
let app: App;
let bot: { stop(): Promise<void> };
let dir: string;
const logger = new MemoryLogger();

beforeAll(async () => {
  fake = await FakeDiscord.start({ guilds: [guild(DEFAULT_BOT_USER)] });
  dir = mkdtempSync(join(tmpdir(), "claimbot-discord-"));
  const config = loadConfig({ CLAIMBOT_DATA_DIR: dir, DISCORD_TOKEN: "fake-token-e2e", DISCORD_API_ROOT: fake.apiRoot, HTTP_PORT: "0" });
  app = await createApp({ config, logger, skipStarterData: true });
  await app.index.upsert([seed]);
  bot = await startDiscord(app);
});
afterAll(async () => {
  await bot?.stop();
  await app?.close();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
  if (!bot) return; // set-up failed: that error is the one to read
  const sent = fake.messageCalls();
  expect(sent.length).toBeGreaterThan(5);
  for (const call of sent) {
    const data = call.path.endsWith("/callback") ? call.body.data : call.body;
    expect(data.allowed_mentions?.parse, `${call.method} ${call.path}`).toEqual([]);
  }
});

const originalEdit = (token: string) => (c: RecordedCall) =>
  c.method === "PATCH" && c.path.endsWith(`/${token}/messages/%40original`) && c.status === 200;
const decisions = () => logger.entries.filter((e) => e.message === "discord group decision");
async function nextDecision(count: number): Promise<string> {
  const deadline = Date.now() + 5000;
  while (decisions().length < count) {
    if (Date.now() > deadline) throw new Error("no group decision logged");
    await new Promise((r) => setTimeout(r, 10));
  }
  return String(decisions()[count - 1]?.fields.decision);
}

async function settings(options: unknown[], admin = true): Promise<RecordedCall> {
  const where = admin ? { userId: ADMIN_ID, permissions: PERMISSIONS_ALL } : {};
  const interaction = slashCommand(fake.appId, "claimbot", [{ name: "settings", type: 1, options }], where);
  fake.dispatch("INTERACTION_CREATE", interaction);
  return fake.waitForCall(originalEdit(interaction.token));
}

describe("Discord adapter on the real runtime", () => {
  it("/check with the seed claim → deferred callback, then an embed with the verdict and the AFP link", async () => {
    const interaction = slashCommand(fake.appId, "check", [{ name: "text", type: 3, value: SEED_CLAIM }]);
    fake.dispatch("INTERACTION_CREATE", interaction);
    const edit = await fake.waitForCall(originalEdit(interaction.token));
    const callback = fake.calls.find((c) => c.path.includes(`/interactions/${interaction.id}/${interaction.token}/callback`));
    expect(callback?.body.type).toBe(5);
    expect(edit.body.embeds[0].title).toBe("Misleading");
    expect(edit.body.embeds[0].url).toBe(seed.url);
    expect(JSON.stringify(edit.body.components)).toContain(seed.url);

    // The feedback button of that answer is stored through the runtime.
    const buttons = edit.body.components.flatMap((r: { components: Array<{ custom_id?: string }> }) => r.components);
    const helpful = buttons.find((b: { custom_id?: string }) => b.custom_id?.startsWith("cb:fh:"));
    expect(helpful).toBeDefined();
    const press = buttonPress(fake.appId, helpful.custom_id, { ...guildMessage("", { authorId: DEFAULT_BOT_USER.id }), flags: 64, ...edit.body });
    fake.dispatch("INTERACTION_CREATE", press);
    const ack = await fake.waitForCall(originalEdit(press.token));
    expect(ack.body.content).toBe("Thanks for your feedback.");
  });

  it("a 10 kB post still yields embeds within Discord's limits", async () => {
    const filler = "Officials said many different things about the weather and the markets this week. ";
    const long = `${SEED_CLAIM}. ${filler.repeat(130)}`.slice(0, 10_240);
    const interaction = slashCommand(fake.appId, "check", [{ name: "text", type: 3, value: long }]);
    fake.dispatch("INTERACTION_CREATE", interaction);
    const edit = await fake.waitForCall(originalEdit(interaction.token), 15_000);
    const embed = edit.body.embeds[0];
    expect(embed.title.length).toBeLessThanOrEqual(256);
    expect(embed.description.length).toBeLessThanOrEqual(4096);
    const fields = (embed.fields ?? []) as Array<{ name: string; value: string }>;
    for (const f of fields) expect(f.value.length).toBeLessThanOrEqual(1024);
    const total = embed.title.length + embed.description.length + (embed.footer?.text.length ?? 0) +
      fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(6000);
  });

  it("Check this message on a forwarded message checks the snapshot's text", async () => {
    const interaction = messageCommand(fake.appId, "Check this message", forwarded(guildMessage(""), `[속보] ${SEED_CLAIM}`));
    fake.dispatch("INTERACTION_CREATE", interaction);
    const edit = await fake.waitForCall(originalEdit(interaction.token));
    expect(edit.body.embeds[0].url).toBe(seed.url);
  });

  it("a DM gets a reply", async () => {
    fake.dispatch("MESSAGE_CREATE", dmMessage(SEED_CLAIM));
    const sent = await fake.waitForCall((c) => c.method === "POST" && c.path.endsWith(`/channels/${DM_CHANNEL_ID}/messages`));
    expect(sent.body.embeds[0].title).toBe("Misleading");
  });

  it("a DM with @everyone and a role mention gets a reply that pings nobody", async () => {
    const id = "700000000000000777";
    fake.dispatch("MESSAGE_CREATE", dmMessage(`@everyone <@&123> @here ${SEED_CLAIM}`, { id }));
    const sent = await fake.waitForCall(
      (c) => c.method === "POST" && c.path.endsWith(`/channels/${DM_CHANNEL_ID}/messages`) && c.body?.message_reference?.message_id === id,
    );
    expect(sent.body.allowed_mentions).toMatchObject({ parse: [] });
    expect(sent.body.allowed_mentions.users ?? []).toEqual([]);
    expect(sent.body.allowed_mentions.roles ?? []).toEqual([]);
    const shown = JSON.stringify({ content: sent.body.content, embeds: sent.body.embeds });
    expect(shown).not.toMatch(/(^|[^\u200b\\])@(everyone|here)/);
    expect(shown).not.toContain("<@&123>");
  });

  it("a member without Manage Server is refused; an admin turns auto-check on", async () => {
    const refused = await settings([{ name: "auto_check", type: 5, value: true }], false);
    expect(refused.body.embeds[0].description).toContain("Only server members with the Manage Server permission can use /claimbot settings");
    const accepted = await settings([
      { name: "auto_check", type: 5, value: true },
      { name: "action", type: 3, value: "reply" },
      { name: "cooldown", type: 4, value: 60 },
    ]);
    expect(accepted.body.embeds[0].description).toMatch(/Auto-check: on/);
  });

  it("moderated channel: a matching message → a reply; the same claim within the cooldown → nothing", async () => {
    const count = decisions().length;
    const first = guildMessage(SEED_CLAIM);
    fake.dispatch("MESSAGE_CREATE", first);
    expect(await nextDecision(count + 1)).toBe("reply");
    const reply = await fake.waitForCall((c) => c.method === "POST" && c.body?.message_reference?.message_id === first.id);
    expect(reply.body.embeds[0].url).toBe(seed.url);
    const before = fake.calls.length;
    fake.dispatch("MESSAGE_CREATE", guildMessage(`${SEED_CLAIM}!`));
    expect(await nextDecision(count + 2)).toBe("silent");
    expect(fake.calls.slice(before)).toEqual([]);
  });

  it("action react → ⚠️; action alert → a post in the mod-log channel", async () => {
    await settings([{ name: "action", type: 3, value: "react" }, { name: "cooldown", type: 4, value: 0 }]);
    const message = guildMessage(SEED_CLAIM);
    fake.dispatch("MESSAGE_CREATE", message);
    const reaction = await fake.waitForCall((c) => c.method === "PUT" && c.path.includes(`/messages/${message.id}/reactions/`));
    expect(decodeURIComponent(reaction.path)).toContain("⚠️");

    await settings([{ name: "action", type: 3, value: "alert" }, { name: "log_chat", type: 7, value: MODLOG_CHANNEL_ID }]);
    const alerted = guildMessage(SEED_CLAIM);
    fake.dispatch("MESSAGE_CREATE", alerted);
    const post = await fake.waitForCall((c) => c.method === "POST" && c.path.endsWith(`/channels/${MODLOG_CHANNEL_ID}/messages`));
    expect(post.body.content).toContain(alerted.id);
    expect(post.body.embeds[0].url).toBe(seed.url);
    expect(fake.calls.some((c) => c.method === "POST" && c.path.endsWith(`/channels/${CHANNEL_ID}/messages`) && c.body?.message_reference?.message_id === alerted.id)).toBe(false);
  });
});
