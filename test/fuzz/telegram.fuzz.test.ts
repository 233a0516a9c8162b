import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { TELEGRAM_CALLBACK_DATA_LIMIT_BYTES } from "../../src/adapters/telegram/callback-data.ts";
import { normalizeMessage } from "../../src/adapters/telegram/normalize.ts";
import { renderReply, TELEGRAM_TEXT_LIMIT } from "../../src/adapters/telegram/render.ts";
import { parseUpdate } from "../../src/adapters/telegram/schemas.ts";
import { withoutTags } from "../adapters/telegram/harness.ts";
import { fuzz, nastyText } from "./fuzz.ts";
import { replyArb } from "./replies.ts";

const user = fc.record(
  { id: fc.integer(), is_bot: fc.boolean(), first_name: nastyText(20), language_code: fc.constantFrom("en", "ko", "xx", "") },
  { requiredKeys: ["id", "is_bot"] },
);
const chat = fc.record(
  {
    id: fc.integer(),
    type: fc.constantFrom("private", "group", "supergroup", "channel", "weird"),
    title: nastyText(30),
    username: fc.string({ maxLength: 10 }),
  },
  { requiredKeys: ["id", "type"] },
);
const entity = fc.record(
  {
    type: fc.constantFrom("url", "text_link", "bold", "bot_command", "mention"),
    offset: fc.integer({ min: -2, max: 400 }),
    length: fc.integer({ min: -2, max: 400 }),
    url: fc.oneof(fc.webUrl(), fc.string({ maxLength: 30 })),
  },
  { requiredKeys: ["type", "offset", "length"] },
);
const origin = fc.oneof(
  fc.record({ type: fc.constant("user"), date: fc.integer(), sender_user: user }),
  fc.record({ type: fc.constant("hidden_user"), date: fc.integer(), sender_user_name: nastyText(20) }),
  fc.record({ type: fc.constant("channel"), date: fc.integer(), chat, message_id: fc.integer() }),
  fc.record({ type: fc.constantFrom("chat", "future_kind"), date: fc.anything() }),
);
const messageArb = fc.record(
  {
    message_id: fc.integer(),
    date: fc.integer({ min: 0, max: 2_000_000_000 }),
    chat,
    from: user,
    sender_chat: chat,
    text: nastyText(500),
    caption: nastyText(100),
    entities: fc.array(entity, { maxLength: 6 }),
    caption_entities: fc.oneof(fc.array(entity, { maxLength: 3 }), fc.anything()),
    forward_origin: origin,
    photo: fc.constant([{ file_id: "x", width: 1, height: 1 }]),
    via_bot: user,
    media_group_id: fc.string({ maxLength: 5 }),
  },
  { requiredKeys: ["message_id", "date", "chat"] },
);
const updateArb = fc.oneof(
  { weight: 1, arbitrary: fc.jsonValue() },
  { weight: 1, arbitrary: fc.anything() },
  {
    weight: 6,
    arbitrary: fc.record(
      {
        update_id: fc.oneof(fc.nat(), fc.integer(), fc.string()),
        message: messageArb,
        edited_message: messageArb,
        edited_channel_post: messageArb,
        callback_query: fc.record({ id: fc.string(), from: user, data: fc.string({ maxLength: 80 }) }, { requiredKeys: ["id", "from"] }),
        inline_query: fc.record({ id: fc.string(), from: user, query: nastyText(100) }),
      },
      { requiredKeys: ["update_id"] },
    ),
  },
);

describe("fuzz: Telegram update normaliser", () => {
  it("parseUpdate and normalizeMessage never throw; a message becomes a post within bounds or null", () => {
    fuzz(
      "telegram: parseUpdate + normalizeMessage",
      updateArb,
      (raw) => {
        const update = parseUpdate(raw);
        if ("error" in update) return;
        expect(Number.isInteger(update.updateId)).toBe(true);
        if (update.kind !== "message" && update.kind !== "edited_message") return;
        const incoming = normalizeMessage(update.message, { botId: 42 });
        if (!incoming) return;
        expect(["dm", "group"]).toContain(incoming.chat.kind);
        expect(typeof incoming.post.text).toBe("string");
        expect((incoming.post.urls ?? []).length).toBeLessThanOrEqual(20);
        for (const url of incoming.post.urls ?? []) expect(url).toMatch(/^https?:\/\//i);
      },
      4_000,
    );
  });
});

describe("fuzz: Telegram HTML renderer", () => {
  it("stays within 4,096 characters, escapes all markup, balances its tags and keeps callback data within 64 bytes", () => {
    fuzz(
      "telegram: renderReply",
      replyArb,
      (reply) => {
        const out = renderReply(reply);
        expect(out.text.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
        expect(out.parse_mode).toBe("HTML");
        const bare = withoutTags(out.text);
        expect(bare).not.toMatch(/[<>]/);
        expect(bare.replace(/&(amp|lt|gt|quot|#\d+);/g, "")).not.toContain("&");
        expect((out.text.match(/<b>/g) ?? []).length).toBe((out.text.match(/<\/b>/g) ?? []).length);
        expect((out.text.match(/<a href=/g) ?? []).length).toBe((out.text.match(/<\/a>/g) ?? []).length);
        for (const href of out.text.matchAll(/<a href="([^"]*)">/g)) expect(href[1]).toMatch(/^https?:\/\//);
        for (const row of out.reply_markup?.inline_keyboard ?? []) {
          for (const button of row) {
            const data = (button as { callback_data?: string }).callback_data;
            if (data !== undefined) expect(Buffer.byteLength(data)).toBeLessThanOrEqual(TELEGRAM_CALLBACK_DATA_LIMIT_BYTES);
          }
        }
      },
      3_000,
    );
  });
});
