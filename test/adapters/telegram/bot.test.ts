import { afterEach, describe, expect, it } from "vitest";
import type { IncomingMessage } from "../../../src/runtime/types.ts";
import { FakeRuntime, SEED, SEED_POST } from "./fake-runtime.ts";
import { TEST_TOKEN, startHarness, sleep, until, withoutTags, type Harness } from "./harness.ts";
import {
  ADMIN,
  GROUP_CHAT,
  USER,
  callbackQuery,
  command,
  forwardedChannelPost,
  groupText,
  inlineQuery,
  message,
} from "./updates.ts";

/**
 * The Telegram adapter end to end: telegraf long-polls the loopback fake Bot API, the adapter talks to a hand-written
 * runtime fake; every assertion is on what crossed the wire (the fake's recorded requests).
 */
let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

type Keyboard = Array<Array<{ text: string; url?: string; callback_data?: string }>>;

describe("telegram adapter (fake runtime)", () => {
  it("registers command menus for private chats and group admins, in English and Korean", async () => {
    harness = await startHarness(new FakeRuntime());
    const menus = harness.api.calls("setMyCommands").map((r) => r.body);
    const scopes = menus.map((m) => `${(m.scope as { type: string }).type}/${String(m.language_code ?? "default")}`);
    expect(scopes).toEqual(
      expect.arrayContaining([
        "all_private_chats/default",
        "all_private_chats/ko",
        "all_chat_administrators/default",
        "all_chat_administrators/ko",
      ]),
    );
    const admins = menus.find((m) => (m.scope as { type: string }).type === "all_chat_administrators" && !m.language_code);
    const names = (admins?.commands as Array<{ command: string }>).map((c) => c.command);
    expect(names).toContain("settings");
    const members = menus.find((m) => (m.scope as { type: string }).type === "all_group_chats" && !m.language_code);
    expect((members?.commands as Array<{ command: string }>).map((c) => c.command)).not.toContain("settings");
    const ko = menus.find((m) => m.language_code === "ko");
    expect(JSON.stringify(ko?.commands)).toContain("(ko)");
    // Long polling started: the webhook was removed and getUpdates asked with the allowed updates.
    await harness.api.waitFor("getUpdates", 1);
    expect(harness.api.calls("deleteWebhook")).toHaveLength(1);
    expect(harness.api.calls("getUpdates")[0]?.body.allowed_updates).toContain("inline_query");
  });

  it("answers a forwarded channel post with the seed claim: verdict, AFP link, escaped HTML, feedback keyboard", async () => {
    const runtime = new FakeRuntime();
    harness = await startHarness(runtime);
    harness.api.pushUpdate(forwardedChannelPost(SEED_POST));
    const [sent] = await harness.api.waitFor("sendMessage", 1);
    await sleep(150);
    expect(harness.api.calls("sendMessage")).toHaveLength(1);
    const body = sent!.body;
    expect(body.chat_id).toBe(USER.id);
    expect(body.parse_mode).toBe("HTML");
    const text = String(body.text);
    expect(text).toContain("Misleading");
    expect(text).toContain(SEED.url);
    // The channel's name "Breaking <News>" came back escaped, and nothing else is raw markup.
    expect(text).toContain("Breaking &lt;News&gt;");
    expect(withoutTags(text)).not.toMatch(/[<>]/);
    expect(text.length).toBeLessThanOrEqual(4096);
    expect(body.link_preview_options).toEqual({ url: SEED.url, prefer_small_media: true });
    const keyboard = (body.reply_markup as { inline_keyboard: Keyboard }).inline_keyboard.flat();
    expect(keyboard.find((b) => b.url === SEED.url)).toBeDefined();
    const data = keyboard.map((b) => b.callback_data).filter(Boolean);
    expect(data).toEqual(["f:h:fb-dm-1", "f:w:fb-dm-1"]);
    // The runtime got the normalised message: channel origin with its public link, user locale.
    const [incoming] = runtime.callsOf("handleDirect") as IncomingMessage[];
    expect(incoming?.chat).toMatchObject({ platform: "telegram", kind: "dm", id: String(USER.id) });
    expect(incoming?.post.forwardOrigin).toMatchObject({ kind: "channel", name: "Breaking <News>", url: "https://t.me/breakingnews/77" });
    expect(incoming?.post.locale).toBe("en");
  });

  it("checks several messages forwarded together in one reply", async () => {
    const runtime = new FakeRuntime();
    harness = await startHarness(runtime);
    const second = "to send troops to Ukraine, see https://example.com/x";
    harness.api.pushUpdate(
      forwardedChannelPost("Russian state media reported that North Korea decided"),
      forwardedChannelPost(second, { entities: [{ type: "url", offset: second.indexOf("https"), length: 21 }] }),
      forwardedChannelPost("a third part"),
    );
    await harness.api.waitFor("sendMessage", 1);
    await sleep(200);
    expect(harness.api.calls("sendMessage")).toHaveLength(1);
    const batches = runtime.callsOf("handleDirectBatch") as IncomingMessage[][];
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(3);
    expect(batches[0]?.[1]?.post.urls).toEqual(["https://example.com/x"]);
    expect(String(harness.api.calls("sendMessage")[0]?.body.text)).toContain(SEED.url);
  });

  it("answers a photo without caption through the runtime (only text can be checked)", async () => {
    const runtime = new FakeRuntime();
    harness = await startHarness(runtime);
    harness.api.pushUpdate(message({ photo: [{ file_id: "p", file_unique_id: "u", width: 1, height: 1 }] }));
    const [sent] = await harness.api.waitFor("sendMessage", 1);
    expect(String(sent?.body.text)).toContain("Only text can be checked");
    expect((runtime.callsOf("handleDirect")[0] as IncomingMessage).hasMedia).toBe(true);
  });

  it("group: silent with auto-check off, replies when an admin turned it on, silent again within the cooldown", async () => {
    const runtime = new FakeRuntime();
    harness = await startHarness(runtime);
    const { api } = harness;
    api.setChatMember(GROUP_CHAT.id, ADMIN.id, "administrator");

    api.pushUpdate(groupText(SEED_POST));
    await until(() => runtime.callsOf("handleGroup").length === 1, 5_000, "first group message");
    await sleep(150);
    expect(api.calls("sendMessage")).toHaveLength(0);

    api.pushUpdate(command("/settings auto_check on", GROUP_CHAT, ADMIN));
    const sent = await api.waitFor("sendMessage", 2);
    expect(String(sent[0]?.body.text)).toContain("Auto-check: on");
    // The bot is not an admin and privacy mode is on: the admin is told what that means.
    expect(String(sent[1]?.body.text)).toContain("privacy mode");
    expect(api.calls("getChatMember").some((r) => r.body.user_id === ADMIN.id)).toBe(true);

    const matching = groupText(`Look: ${SEED_POST}`);
    api.pushUpdate(matching);
    const [, , reply] = await api.waitFor("sendMessage", 3);
    const messageId = (matching.message as { message_id: number }).message_id;
    expect(reply?.body.reply_parameters).toEqual({ message_id: messageId, allow_sending_without_reply: true });
    expect(String(reply?.body.text)).toContain(SEED.url);

    api.pushUpdate(groupText(`Again: ${SEED_POST}`));
    await until(() => runtime.callsOf("handleGroup").length === 3, 5_000, "third group message");
    await sleep(150);
    expect(api.calls("sendMessage")).toHaveLength(3);
  });

  it("group actions: react sets a reaction Telegram accepts; alert posts to the log chat with a link to the message", async () => {
    const runtime = new FakeRuntime();
    const base = { autoCheck: true, sensitivity: "normal" as const, cooldownMinutes: 0, minLength: 0 };
    runtime.settings.set(String(GROUP_CHAT.id), { ...base, action: "react" });
    const other = { id: -1005550001, type: "supergroup", title: "Other" };
    runtime.settings.set(String(other.id), { ...base, action: "alert", logChatId: "-1009990001" });
    harness = await startHarness(runtime);
    const reacted = groupText(SEED_POST);
    const alerted = groupText(SEED_POST, USER, other);
    harness.api.pushUpdate(reacted, alerted);
    const [reaction] = await harness.api.waitFor("setMessageReaction", 1);
    expect(reaction?.body).toEqual({
      chat_id: GROUP_CHAT.id,
      message_id: (reacted.message as { message_id: number }).message_id,
      reaction: [{ type: "emoji", emoji: "🤔" }],
    });
    const [alert] = await harness.api.waitFor("sendMessage", 1);
    expect(alert?.body.chat_id).toBe(-1009990001);
    expect(alert?.body.reply_parameters).toBeUndefined();
    const buttons = (alert?.body.reply_markup as { inline_keyboard: Keyboard }).inline_keyboard.flat();
    const messageId = (alerted.message as { message_id: number }).message_id;
    expect(buttons.some((b) => b.url === `https://t.me/c/5550001/${messageId}`)).toBe(true);
    await sleep(100);
    expect(harness.api.calls("sendMessage")).toHaveLength(1);
  });

  it("explains privacy mode when added to a group where it cannot see messages; not when it is an admin", async () => {
    harness = await startHarness(new FakeRuntime());
    const { api } = harness;
    const joined = (chat: Record<string, unknown>, status: string) => ({
      update_id: 900 + Number(String(chat.id).slice(-1)),
      my_chat_member: {
        chat,
        from: { ...ADMIN, language_code: "ko" },
        date: 1,
        old_chat_member: { status: "left", user: { id: api.me.id, is_bot: true, first_name: "b" } },
        new_chat_member: { status, user: { id: api.me.id, is_bot: true, first_name: "b" } },
      },
    });
    const adminChat = { id: -1007770002, type: "supergroup", title: "Admin" };
    api.setChatMember(adminChat.id, api.me.id, "administrator");
    api.pushUpdate(joined(GROUP_CHAT, "member"), joined(adminChat, "administrator"));
    const [notice] = await api.waitFor("sendMessage", 1);
    expect(notice?.body.chat_id).toBe(GROUP_CHAT.id);
    expect(String(notice?.body.text)).toContain("@BotFather");
    expect(String(notice?.body.text)).toMatch(/[가-힣]/);
    await sleep(150);
    expect(api.calls("sendMessage")).toHaveLength(1);
  });

  it("refuses /settings to a group member who is not an admin", async () => {
    const runtime = new FakeRuntime();
    harness = await startHarness(runtime);
    harness.api.pushUpdate(command("/settings@claimbot_test_bot auto_check on", GROUP_CHAT, USER));
    const [sent] = await harness.api.waitFor("sendMessage", 1);
    expect(String(sent?.body.text)).toContain("Only the group");
    expect(harness.api.calls("getChatMember").some((r) => r.body.user_id === USER.id)).toBe(true);
    expect((await runtime.getSettings({ platform: "telegram", id: String(GROUP_CHAT.id), kind: "group" })).autoCheck).toBe(false);
  });

  it("/check as a reply to a message in a group checks the replied message", async () => {
    const runtime = new FakeRuntime();
    harness = await startHarness(runtime);
    const original = { message_id: 900, date: 1, chat: GROUP_CHAT, from: ADMIN, text: SEED_POST };
    harness.api.pushUpdate(command("/check", GROUP_CHAT, USER, { reply_to_message: original }));
    const [sent] = await harness.api.waitFor("sendMessage", 1);
    expect(String(sent?.body.text)).toContain(SEED.url);
    const [call] = runtime.callsOf("runCommand") as Array<{ ctx: { repliedTo?: { text: string } } }>;
    expect(call?.ctx.repliedTo?.text).toBe(SEED_POST);
  });

  it("a group message mentioning the bot is checked like /check, even with auto-check off", async () => {
    const runtime = new FakeRuntime();
    harness = await startHarness(runtime);
    const text = `@claimbot_test_bot is this true? ${SEED_POST}`;
    harness.api.pushUpdate(message({ text, entities: [{ type: "mention", offset: 0, length: 18 }] }, GROUP_CHAT, USER));
    const [sent] = await harness.api.waitFor("sendMessage", 1);
    expect(String(sent?.body.text)).toContain(SEED.url);
    expect(sent?.body.reply_parameters).toBeDefined();
    const [call] = runtime.callsOf("runCommand") as Array<{ name: string; options: { args: string } }>;
    expect(call).toMatchObject({ name: "check", options: { args: `is this true? ${SEED_POST}` } });
    expect(runtime.callsOf("handleGroup")).toHaveLength(0);
  });

  it("answers an inline query with article results and a cache time", async () => {
    harness = await startHarness(new FakeRuntime());
    harness.api.pushUpdate(inlineQuery("north korea troops ukraine"));
    const [answer] = await harness.api.waitFor("answerInlineQuery", 1);
    const results = answer?.body.results as Array<Record<string, unknown>>;
    expect(results.length).toBeGreaterThanOrEqual(1);
    expect(results.length).toBeLessThanOrEqual(5);
    expect(results[0]?.type).toBe("article");
    const content = results[0]?.input_message_content as { message_text: string; parse_mode: string };
    expect(content.parse_mode).toBe("HTML");
    expect(content.message_text).toContain(SEED.url);
    expect(answer?.body.cache_time).toBe(300);
  });

  it("answers a feedback button press and stores it through the runtime", async () => {
    const runtime = new FakeRuntime();
    harness = await startHarness(runtime);
    harness.api.pushUpdate(callbackQuery("f:w:fb-dm-1"), callbackQuery("junk-from-an-old-button"));
    const answers = await harness.api.waitFor("answerCallbackQuery", 2);
    expect(runtime.callsOf("recordFeedback")).toEqual([{ token: "fb-dm-1", value: "wrong", user: expect.objectContaining({ id: String(USER.id) }) }]);
    expect(answers.map((a) => a.body.text)).toEqual(expect.arrayContaining(["Thanks for the feedback!", undefined]));
  });

  it("waits retry_after on a 429 and then sends the message", async () => {
    harness = await startHarness(new FakeRuntime());
    harness.api.failNext("sendMessage", { code: 429, retryAfter: 1 });
    harness.api.pushUpdate(message({ text: SEED_POST }));
    const [limited, sent] = await harness.api.waitFor("sendMessage", 2, 10_000);
    expect(sent!.at - limited!.at).toBeGreaterThanOrEqual(950);
    expect(sent?.body.text).toBe(limited?.body.text);
    expect(harness.logger.entries.some((e) => e.message === "telegram rate limited")).toBe(true);
    await sleep(100);
    expect(harness.api.calls("sendMessage")).toHaveLength(2);
  });

  it("retries a network error and a 502", async () => {
    harness = await startHarness(new FakeRuntime());
    harness.api.failNext("sendMessage", { drop: true }, { httpStatus: 502 });
    harness.api.pushUpdate(message({ text: "hello there, is this true?" }));
    const calls = await harness.api.waitFor("sendMessage", 3);
    expect(calls[2]?.body.text).toBe(calls[0]?.body.text);
    expect(harness.handle.delivery.stats.retried).toBe(2);
  });

  it("logs a malformed update and processes the next one; a failing handler gets an apology, the bot goes on", async () => {
    const runtime = new FakeRuntime();
    harness = await startHarness(runtime);
    harness.api.pushUpdate({ update_id: 500, message: { chat: "not a chat", text: 5 } });
    harness.api.pushUpdate({ update_id: 501, message: { message_id: 1, date: 1, chat: { id: 1, type: "private" }, from: USER, text: "💥 explode" } });
    harness.api.pushUpdate({ update_id: 502, message: { message_id: 2, date: 1, chat: { id: 1, type: "private" }, from: USER, text: SEED_POST } });
    const sent = await harness.api.waitFor("sendMessage", 2);
    const texts = sent.map((s) => String(s.body.text));
    expect(texts.some((t) => t.includes("Something went wrong"))).toBe(true);
    expect(texts.some((t) => t.includes(SEED.url))).toBe(true);
    const malformed = harness.logger.entries.find((e) => e.message === "telegram update malformed");
    expect(malformed?.fields).toMatchObject({ updateId: 500, field: "message" });
    expect(harness.logger.entries.some((e) => e.message === "telegram direct failed" && e.level === "error")).toBe(true);
  });

  it("handles a redelivered update_id once", async () => {
    const runtime = new FakeRuntime();
    harness = await startHarness(runtime);
    const update = message({ text: "is the moon made of cheese?" });
    harness.api.pushUpdate(update);
    harness.api.pushDuplicate(update);
    harness.api.pushUpdate(message({ text: "second question here" }));
    await harness.api.waitFor("sendMessage", 2);
    await sleep(150);
    expect(runtime.callsOf("handleDirect")).toHaveLength(2);
  });

  it("delivers the runtime's outbox and acknowledges it", async () => {
    const runtime = new FakeRuntime();
    runtime.outbox.push({
      id: 7,
      platform: "telegram",
      chatId: String(USER.id),
      reply: { kind: "info", locale: "en", title: "Your tip was fact-checked", text: "A & B <c>", related: [], actions: [] },
    });
    harness = await startHarness(runtime);
    const [sent] = await harness.api.waitFor("sendMessage", 1);
    expect(String(sent?.body.text)).toContain("A &amp; B &lt;c&gt;");
    await until(() => runtime.acked.includes(7), 5_000, "outbox ack");
  });

  it("never logs the token", async () => {
    harness = await startHarness(new FakeRuntime());
    harness.api.pushUpdate(message({ text: SEED_POST }), { update_id: 9999, message: "garbage" });
    await harness.api.waitFor("sendMessage", 1);
    const { logger } = harness;
    await harness.close();
    harness = undefined;
    expect(logger.entries.length).toBeGreaterThan(3);
    expect(JSON.stringify(logger.entries)).not.toContain(TEST_TOKEN.split(":")[1]);
  });
});
