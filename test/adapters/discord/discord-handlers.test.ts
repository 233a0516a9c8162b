import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GatewayIntentBits } from "discord.js";
import type { Post } from "../../../src/core/lookup-types.ts";
import type { CommandContext, IncomingMessage } from "../../../src/runtime/types.ts";
import { FakeRuntime, seedFactCheck } from "./fake-runtime.ts";
import { startHarness, type Harness } from "./harness.ts";
import type { RecordedCall } from "./fake-discord.ts";
import {
  ADMIN_ID,
  buttonPress,
  CHANNEL_ID,
  dmMessage,
  DM_CHANNEL_ID,
  forwarded,
  guildMessage,
  messageCommand,
  MODLOG_CHANNEL_ID,
  PERMISSIONS_ALL,
  slashCommand,
} from "./payloads.ts";

const SEED_CLAIM = "Russian state media reported that North Korea has decided to send troops to Ukraine";
const seed = seedFactCheck();

let h: Harness;
const runtime = new FakeRuntime();

beforeAll(async () => {
  h = await startHarness(runtime);
});
afterAll(async () => {
  // Every message the bot sent in this suite: nothing a user wrote may ping anyone.
  const sent = h.fake.messageCalls();
  expect(sent.length).toBeGreaterThan(10);
  for (const call of sent) {
    const data = call.path.endsWith("/callback") ? call.body.data : call.body;
    expect(data.allowed_mentions, `${call.method} ${call.path}`).toBeDefined();
    expect(data.allowed_mentions.parse, `${call.method} ${call.path}`).toEqual([]);
  }
  await h.close();
});
beforeEach(() => {
  runtime.settings = { autoCheck: true, sensitivity: "normal", action: "reply", cooldownMinutes: 60, minLength: 10 };
  runtime.resetCooldowns();
});

const isCallback = (token: string) => (c: RecordedCall) => c.path.includes(`/interactions/`) && c.path.includes(token);
const isOriginalEdit = (token: string) => (c: RecordedCall) =>
  c.method === "PATCH" && c.path.endsWith(`/${token}/messages/%40original`) && c.status === 200;

describe("/check", () => {
  it("in a server: an ephemeral deferred callback, then the verdict embed with the AFP link and a share button", async () => {
    const interaction = slashCommand(h.fake.appId, "check", [{ name: "text", type: 3, value: SEED_CLAIM }]);
    h.fake.dispatch("INTERACTION_CREATE", interaction);
    const edit = await h.fake.waitForCall(isOriginalEdit(interaction.token));
    const callback = await h.fake.waitForCall(isCallback(interaction.token));
    expect(callback.body).toEqual({ type: 5, data: { flags: 64 } });
    expect(callback.authorization).toBeUndefined();
    const embed = edit.body.embeds[0];
    expect(embed.title).toBe("Misleading");
    expect(embed.url).toBe(seed.url);
    expect(embed.description).toContain("North Korea");
    expect(embed.footer.text).toContain("AFP Fact Check");
    const buttons = edit.body.components.flatMap((r: { components: unknown[] }) => r.components);
    expect(buttons).toContainEqual(expect.objectContaining({ style: 5, url: seed.url }));
    expect(buttons).toContainEqual(expect.objectContaining({ custom_id: "cb:share" }));
    const [name, options, ctx] = runtime.of("runCommand").at(-1) as [string, Record<string, unknown>, CommandContext];
    expect(name).toBe("check");
    expect(options).toEqual({ text: SEED_CLAIM });
    expect(ctx.chat).toMatchObject({ platform: "discord", kind: "group", id: CHANNEL_ID });
  });

  it("in a DM: public (no ephemeral flag), no share button", async () => {
    const interaction = slashCommand(h.fake.appId, "check", [{ name: "text", type: 3, value: SEED_CLAIM }], { dm: true, locale: "ko" });
    h.fake.dispatch("INTERACTION_CREATE", interaction);
    const edit = await h.fake.waitForCall(isOriginalEdit(interaction.token));
    const callback = await h.fake.waitForCall(isCallback(interaction.token));
    expect(callback.body.type).toBe(5);
    expect((callback.body.data?.flags ?? 0) & 64).toBe(0);
    expect(JSON.stringify(edit.body.components)).not.toContain("cb:share");
    const ctx = (runtime.of("runCommand").at(-1) as [string, unknown, CommandContext])[2];
    expect(ctx.locale).toBe("ko");
    expect(ctx.chat.kind).toBe("dm");
  });

  it("an unexpected failure is answered once with an apology (error boundary on a deferred interaction)", async () => {
    runtime.failNext = new Error("boom");
    const interaction = slashCommand(h.fake.appId, "check", [{ name: "text", type: 3, value: SEED_CLAIM }]);
    h.fake.dispatch("INTERACTION_CREATE", interaction);
    const edit = await h.fake.waitForCall(isOriginalEdit(interaction.token));
    expect(edit.body.embeds[0].title).toBe("Something went wrong");
    expect(h.logger.entries.some((e) => e.message === "discord interaction failed")).toBe(true);
  });

  it("a 10 kB claim still yields embeds within every Discord limit", async () => {
    const long = `${SEED_CLAIM} ${"and more words ".repeat(700)}`.slice(0, 10_240);
    const interaction = slashCommand(h.fake.appId, "check", [{ name: "text", type: 3, value: long }]);
    h.fake.dispatch("INTERACTION_CREATE", interaction);
    const edit = await h.fake.waitForCall(isOriginalEdit(interaction.token));
    const embed = edit.body.embeds[0];
    expect(embed.title.length).toBeLessThanOrEqual(256);
    expect(embed.description.length).toBeLessThanOrEqual(4096);
    const total = embed.title.length + embed.description.length + (embed.footer?.text.length ?? 0);
    expect(total).toBeLessThanOrEqual(6000);
    const ctx = runtime.of("runCommand").at(-1) as [string, { text: string }];
    expect(ctx[1].text.length).toBe(10_240);
  });

  it("a 429 on the reply edit is waited out and the message is still delivered", async () => {
    h.fake.rateLimit("PATCH", /messages\/%40original$/, 1, 0.05);
    const interaction = slashCommand(h.fake.appId, "check", [{ name: "text", type: 3, value: SEED_CLAIM }]);
    h.fake.dispatch("INTERACTION_CREATE", interaction);
    const edit = await h.fake.waitForCall(isOriginalEdit(interaction.token));
    const attempts = h.fake.calls.filter((c) => c.method === "PATCH" && c.path.includes(interaction.token));
    expect(attempts.map((c) => c.status)).toEqual([429, 200]);
    expect(edit.body.embeds[0].title).toBe("Misleading");
  });
});

describe("network trouble", () => {
  it("a 502 on the reply is retried by the REST client and the message is delivered", async () => {
    h.fake.fail("POST", new RegExp(`/channels/${DM_CHANNEL_ID}/messages$`), "502");
    const message = dmMessage(SEED_CLAIM);
    h.fake.dispatch("MESSAGE_CREATE", message);
    const sent = await h.fake.waitForCall((c) => c.status === 200 && c.body?.message_reference?.message_id === message.id);
    const attempts = h.fake.calls.filter((c) => c.body?.message_reference?.message_id === message.id);
    expect(attempts.map((c) => c.status)).toEqual([502, 200]);
    expect(sent.body.embeds[0].title).toBe("Misleading");
  });

  it("a cut connection fails that one answer, is logged, and the bot keeps answering", async () => {
    h.fake.fail("PATCH", /messages\/%40original$/, "drop", 2);
    const lost = slashCommand(h.fake.appId, "check", [{ name: "text", type: 3, value: SEED_CLAIM }]);
    h.fake.dispatch("INTERACTION_CREATE", lost);
    await h.logged("discord interaction failed", 2);
    const next = slashCommand(h.fake.appId, "check", [{ name: "text", type: 3, value: SEED_CLAIM }]);
    h.fake.dispatch("INTERACTION_CREATE", next);
    const edit = await h.fake.waitForCall(isOriginalEdit(next.token));
    expect(edit.body.embeds[0].title).toBe("Misleading");
  });
});

describe("Check this message (context menu)", () => {
  it("checks the snapshot text of a forwarded message", async () => {
    const target = forwarded(guildMessage(""), SEED_CLAIM);
    const interaction = messageCommand(h.fake.appId, "Check this message", target);
    h.fake.dispatch("INTERACTION_CREATE", interaction);
    const edit = await h.fake.waitForCall(isOriginalEdit(interaction.token));
    expect(edit.body.embeds[0].url).toBe(seed.url);
    const [name, , ctx] = runtime.of("runCommand").at(-1) as [string, unknown, CommandContext];
    expect(name).toBe("check");
    expect(ctx.repliedTo?.text).toBe(SEED_CLAIM);
    expect(ctx.repliedTo?.forwardOrigin?.url).toContain("discord.com/channels/");
  });
});

describe("buttons", () => {
  it("feedback goes to the runtime and is acknowledged ephemerally", async () => {
    const interaction = buttonPress(h.fake.appId, "cb:fw:fbtok", guildMessage("", { authorId: h.fake.botUser.id }));
    h.fake.dispatch("INTERACTION_CREATE", interaction);
    const edit = await h.fake.waitForCall(isOriginalEdit(interaction.token));
    const callback = await h.fake.waitForCall(isCallback(interaction.token));
    expect(callback.body).toEqual({ type: 5, data: { flags: 64 } });
    expect(edit.body.content).toBe("Thanks for your feedback.");
    expect(runtime.of("recordFeedback").at(-1)?.slice(0, 2)).toEqual(["fbtok", "wrong"]);
  });

  it("a tip button in a DM hands the token and the chat to the runtime", async () => {
    const interaction = buttonPress(h.fake.appId, "cb:tip:tiptok", dmMessage("", { author: { ...dmMessage("").author, id: h.fake.botUser.id, bot: true } }), { dm: true });
    h.fake.dispatch("INTERACTION_CREATE", interaction);
    const edit = await h.fake.waitForCall(isOriginalEdit(interaction.token));
    expect(edit.body.content).toBe("Tip sent.");
    const [token, , chat] = runtime.of("submitTip").at(-1) as [string, unknown, { kind: string; id: string }];
    expect(token).toBe("tiptok");
    expect(chat).toMatchObject({ kind: "dm", id: DM_CHANNEL_ID });
  });

  it("Share in channel re-posts the answer publicly without the share button", async () => {
    const ephemeral = {
      ...guildMessage("", { authorId: h.fake.botUser.id }),
      flags: 64,
      embeds: [{ title: "Misleading", url: seed.url, description: "d" }],
      components: [{ type: 1, components: [
        { type: 2, style: 5, label: "Open fact-check", url: seed.url },
        { type: 2, style: 2, label: "Helpful", custom_id: "cb:fh:fbtok" },
        { type: 2, style: 1, label: "Share in channel", custom_id: "cb:share" },
      ] }],
    };
    const interaction = buttonPress(h.fake.appId, "cb:share", ephemeral);
    h.fake.dispatch("INTERACTION_CREATE", interaction);
    const callback = await h.fake.waitForCall(isCallback(interaction.token));
    expect(callback.body.type).toBe(4);
    expect(callback.body.data.flags ?? 0).toBe(0);
    expect(callback.body.data.embeds[0].title).toBe("Misleading");
    const ids = JSON.stringify(callback.body.data.components);
    expect(ids).toContain("cb:fh:fbtok");
    expect(ids).not.toContain("cb:share");
  });
});

describe("direct messages and mentions", () => {
  it("a DM gets a reply with the verdict", async () => {
    const before = runtime.of("handleDirect").length;
    const message = dmMessage(SEED_CLAIM);
    h.fake.dispatch("MESSAGE_CREATE", message);
    const sent = await h.fake.waitForCall(
      (c) => c.status === 200 && c.path.endsWith(`/channels/${DM_CHANNEL_ID}/messages`) && c.body?.message_reference?.message_id === message.id,
    );
    expect(sent.body.embeds[0].title).toBe("Misleading");
    expect(sent.body.message_reference).toMatchObject({ message_id: message.id, fail_if_not_exists: false });
    const incoming = runtime.of("handleDirect")[before]?.[0] as IncomingMessage;
    expect(incoming.chat.kind).toBe("dm");
  });

  it("a forwarded DM is checked from its snapshot", async () => {
    const before = runtime.of("handleDirect").length;
    const answered = h.logger.entries.filter((e) => e.message === "discord direct answered").length;
    h.fake.dispatch("MESSAGE_CREATE", forwarded(dmMessage(""), `[Breaking] ${SEED_CLAIM}`));
    await h.logged("discord direct answered", answered + 1);
    const incoming = runtime.of("handleDirect")[before]?.[0] as IncomingMessage;
    expect(incoming.post.text).toBe(`[Breaking] ${SEED_CLAIM}`);
  });

  it("@bot in a reply checks the referenced message", async () => {
    const original = guildMessage(SEED_CLAIM, { authorId: ADMIN_ID });
    h.fake.dispatch("MESSAGE_CREATE", original);
    await h.logged("discord group decision", 1);
    const ask = guildMessage(`<@${h.fake.botUser.id}> is this true?`, {
      extra: {
        type: 19,
        message_reference: { type: 0, message_id: original.id, channel_id: CHANNEL_ID, guild_id: original.guild_id },
        referenced_message: original,
        mentions: [{ ...original.author, id: h.fake.botUser.id, username: "claimbot", bot: true }],
      },
    });
    h.fake.dispatch("MESSAGE_CREATE", ask);
    await h.logged("discord mention answered", 1);
    const [, , ctx] = runtime.of("runCommand").at(-1) as [string, unknown, CommandContext];
    expect((ctx.repliedTo as Post).text).toBe(SEED_CLAIM);
    const sent = h.fake.calls.filter((c) => c.method === "POST" && c.body?.message_reference?.message_id === ask.id);
    expect(sent).toHaveLength(1);
  });
});

describe("moderated channel", () => {
  const claim = (n: number) => `${SEED_CLAIM}, says post number ${n}`;

  it("action reply → a reply to the message; the same claim again within the cooldown → nothing", async () => {
    runtime.settings.action = "reply";
    const first = guildMessage(claim(1), { channelId: CHANNEL_ID });
    h.fake.dispatch("MESSAGE_CREATE", first);
    const sent = await h.fake.waitForCall((c) => c.method === "POST" && c.body?.message_reference?.message_id === first.id);
    expect(sent.path).toContain(`/channels/${CHANNEL_ID}/messages`);
    expect(sent.body.embeds[0].title).toBe("Misleading");
    const decisions = h.logger.entries.filter((e) => e.message === "discord group decision").length;
    const callsBefore = h.fake.calls.length;
    const again = guildMessage(claim(2), { channelId: CHANNEL_ID });
    h.fake.dispatch("MESSAGE_CREATE", again);
    await h.logged("discord group decision", decisions + 1);
    expect(h.logger.entries.filter((e) => e.message === "discord group decision").at(-1)?.fields.decision).toBe("silent");
    expect(h.fake.calls.slice(callsBefore)).toEqual([]);
  });

  it("action react → ⚠️ on the message", async () => {
    runtime.settings.action = "react";
    runtime.settings.cooldownMinutes = 0;
    const message = guildMessage(claim(3));
    h.fake.dispatch("MESSAGE_CREATE", message);
    const reaction = await h.fake.waitForCall((c) => c.method === "PUT" && c.path.includes(`/messages/${message.id}/reactions/`));
    expect(decodeURIComponent(reaction.path)).toContain("/reactions/⚠️/@me");
  });

  it("action alert → a post in the mod-log channel with a link to the message", async () => {
    runtime.settings.action = "alert";
    runtime.settings.cooldownMinutes = 0;
    runtime.settings.logChatId = MODLOG_CHANNEL_ID;
    const message = guildMessage(claim(4));
    h.fake.dispatch("MESSAGE_CREATE", message);
    const post = await h.fake.waitForCall((c) => c.method === "POST" && c.path.endsWith(`/channels/${MODLOG_CHANNEL_ID}/messages`));
    expect(post.body.content).toContain(`/channels/${message.guild_id}/${CHANNEL_ID}/${message.id}`);
    expect(post.body.embeds[0].url).toBe(seed.url);
  });

  it("chit-chat → the runtime says silent and nothing is sent", async () => {
    const decisions = h.logger.entries.filter((e) => e.message === "discord group decision").length;
    const callsBefore = h.fake.calls.length;
    h.fake.dispatch("MESSAGE_CREATE", guildMessage("good morning everyone"));
    await h.logged("discord group decision", decisions + 1);
    expect(h.fake.calls.slice(callsBefore)).toEqual([]);
  });
});

describe("settings", () => {
  it("a member without Manage Server is refused (the runtime sees isAdmin false)", async () => {
    const interaction = slashCommand(h.fake.appId, "claimbot", [{ name: "settings", type: 1, options: [{ name: "action", type: 3, value: "react" }] }]);
    h.fake.dispatch("INTERACTION_CREATE", interaction);
    const edit = await h.fake.waitForCall(isOriginalEdit(interaction.token));
    expect(edit.body.embeds[0].description).toContain("Only chat admins");
    const [name, options, ctx] = runtime.of("runCommand").at(-1) as [string, Record<string, unknown>, CommandContext];
    expect(name).toBe("settings");
    expect(options).toEqual({ action: "react" });
    expect(ctx.user.isAdmin).toBe(false);
  });

  it("a member with Manage Server runs it; with the intent present no notice is added", async () => {
    const interaction = slashCommand(h.fake.appId, "claimbot", [{ name: "settings", type: 1, options: [] }], { userId: ADMIN_ID, permissions: PERMISSIONS_ALL });
    h.fake.dispatch("INTERACTION_CREATE", interaction);
    const edit = await h.fake.waitForCall(isOriginalEdit(interaction.token));
    expect(edit.body.embeds[0].title).toBe("Settings");
    expect(edit.body.content ?? "").toBe("");
    const identify = h.fake.identifies[0];
    expect(identify.intents & GatewayIntentBits.MessageContent).toBe(GatewayIntentBits.MessageContent);
  });
});
