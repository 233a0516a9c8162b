import { describe, expect, it } from "vitest";
import { parseCommand } from "../../../src/adapters/telegram/command-parse.ts";
import { entityUrls, normalizeMessage, toForwardOrigin } from "../../../src/adapters/telegram/normalize.ts";
import { parseUpdate, type TgMessage } from "../../../src/adapters/telegram/schemas.ts";
import { UpdateDedupe } from "../../../src/adapters/telegram/update-dedupe.ts";

const BOT_ID = 777;

function parsedMessage(raw: Record<string, unknown>): TgMessage {
  const update = parseUpdate({ update_id: 1, message: { message_id: 10, date: 1_700_000_000, ...raw } });
  if ("error" in update || update.kind !== "message") throw new Error(`not a message: ${JSON.stringify(update)}`);
  return update.message;
}

const dm = { id: 42, type: "private", first_name: "Mina" };
const user = { id: 42, is_bot: false, first_name: "Mina", language_code: "ko" };

describe("telegram normalize", () => {
  it("reads text, entity URLs (url and text_link, UTF-16 offsets), locale and chat kind", () => {
    const text = "🔥 뉴스 https://naver.me/abc 여기";
    const message = parsedMessage({
      chat: dm,
      from: user,
      text,
      entities: [
        { type: "url", offset: text.indexOf("https"), length: "https://naver.me/abc".length },
        { type: "text_link", offset: 0, length: 2, url: "https://t.co/xyz" },
        { type: "bold", offset: 0, length: 2 },
      ],
    });
    const incoming = normalizeMessage(message, { botId: BOT_ID });
    expect(incoming).toMatchObject({
      chat: { platform: "telegram", id: "42", kind: "dm" },
      sender: { id: "42", isBot: false, locale: "ko" },
      messageId: "10",
      fromSelf: false,
      hasMedia: false,
      date: 1_700_000_000_000,
      post: { text, urls: ["https://naver.me/abc", "https://t.co/xyz"], locale: "ko" },
    });
  });

  it("takes the caption of media and flags the media; a captionless photo is still for us", () => {
    const captioned = parsedMessage({ chat: dm, from: user, photo: [{}], caption: "North Korea troops" });
    expect(normalizeMessage(captioned, { botId: BOT_ID })).toMatchObject({ post: { text: "North Korea troops" }, hasMedia: true });
    const bare = parsedMessage({ chat: dm, from: user, video: {} });
    expect(normalizeMessage(bare, { botId: BOT_ID })).toMatchObject({ post: { text: "" }, hasMedia: true });
    // Paid media (Bot API 7.6) is newer than telegraf's types, read through the schema.
    const paid = parsedMessage({ chat: dm, from: user, paid_media: { star_count: 1, paid_media: [] } });
    expect(normalizeMessage(paid, { botId: BOT_ID })?.hasMedia).toBe(true);
  });

  it("returns null for channels, stickers and empty service messages", () => {
    expect(normalizeMessage(parsedMessage({ chat: { id: -100, type: "channel" }, text: "x" }), { botId: BOT_ID })).toBeNull();
    expect(normalizeMessage(parsedMessage({ chat: dm, from: user, sticker: {} }), { botId: BOT_ID })).toBeNull();
    expect(normalizeMessage(parsedMessage({ chat: dm, from: user, new_chat_members: [] }), { botId: BOT_ID })).toBeNull();
  });

  it("reads every forward_origin kind; an unknown future kind is ignored, not fatal", () => {
    expect(toForwardOrigin({ type: "user", date: 0, sender_user: { id: 1, is_bot: false, first_name: "A", last_name: "B" } })).toMatchObject({ kind: "user", name: "A B" });
    expect(toForwardOrigin({ type: "hidden_user", date: 0, sender_user_name: "Anon" })).toMatchObject({ kind: "hidden-user", name: "Anon" });
    expect(toForwardOrigin({ type: "chat", date: 0, sender_chat: { id: -5, type: "group", title: "G" } })).toMatchObject({ kind: "chat", name: "G" });
    expect(
      toForwardOrigin({ type: "channel", date: 0, chat: { id: -1, type: "channel", title: "C", username: "cc" }, message_id: 9 }),
    ).toMatchObject({ kind: "channel", name: "C", url: "https://t.me/cc/9", date: "1970-01-01T00:00:00.000Z" });
    const future = parsedMessage({ chat: dm, from: user, text: "hi", forward_origin: { type: "story", date: 1 } });
    expect(future.forward_origin).toBeUndefined();
    expect(normalizeMessage(future, { botId: BOT_ID })?.post.text).toBe("hi");
  });

  it("marks the bot's own messages, other bots, anonymous admins and channel senders", () => {
    const group = { id: -1001, type: "supergroup", title: "G" };
    const own = parsedMessage({ chat: group, from: { id: BOT_ID, is_bot: true, first_name: "me" }, text: "x" });
    expect(normalizeMessage(own, { botId: BOT_ID })).toMatchObject({ fromSelf: true, sender: { isBot: true } });
    const viaUs = parsedMessage({ chat: group, from: user, via_bot: { id: BOT_ID, is_bot: true, first_name: "me" }, text: "x" });
    expect(normalizeMessage(viaUs, { botId: BOT_ID })?.fromSelf).toBe(true);
    const anon = parsedMessage({ chat: group, sender_chat: group, from: { id: 1087968824, is_bot: true, first_name: "Group" }, text: "x" });
    expect(normalizeMessage(anon, { botId: BOT_ID })?.sender.isAdmin).toBe(true);
    const channel = parsedMessage({ chat: group, sender_chat: { id: -1002, type: "channel" }, from: { id: 136817688, is_bot: true, first_name: "Channel" }, text: "x" });
    expect(normalizeMessage(channel, { botId: BOT_ID })?.sender).toMatchObject({ id: "-1002", isBot: false });
  });

  it("parses malformed updates into values", () => {
    expect(parseUpdate(null)).toEqual({ error: "no-update-id" });
    expect(parseUpdate({ message: {} })).toEqual({ error: "no-update-id" });
    expect(parseUpdate({ update_id: 3, message: { chat: "x" } })).toMatchObject({ error: "invalid", field: "message" });
    expect(parseUpdate({ update_id: 4, poll: {} })).toEqual({ kind: "other", updateId: 4 });
  });

  it("keeps entity URLs bounded and scheme-complete", () => {
    const text = "see example.com/a";
    expect(entityUrls(text, [{ type: "url", offset: 4, length: 13 }])).toEqual(["http://example.com/a"]);
    expect(entityUrls("x", undefined)).toEqual([]);
  });

  it("parses commands addressed to a bot, with arguments, also in captions", () => {
    const m = parsedMessage({ chat: dm, text: "/Check@claim_bot North Korea", entities: [{ type: "bot_command", offset: 0, length: 16 }] });
    expect(parseCommand(m)).toEqual({ name: "check", addressedTo: "claim_bot", args: "North Korea" });
    const c = parsedMessage({ chat: dm, photo: [{}], caption: "/check", caption_entities: [{ type: "bot_command", offset: 0, length: 6 }] });
    expect(parseCommand(c)).toEqual({ name: "check", args: "" });
    expect(parseCommand(parsedMessage({ chat: dm, text: "not /a command" }))).toBeNull();
  });

  it("dedupes update ids within its capacity", () => {
    const dedupe = new UpdateDedupe(3);
    expect([1, 2, 1, 3, 4, 2].map((id) => dedupe.firstTime(id))).toEqual([true, true, false, true, true, false]);
    // 1 fell out of the window of 3.
    expect(dedupe.firstTime(1)).toBe(true);
  });
});
