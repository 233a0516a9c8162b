/** Builders of raw Telegram updates (Bot API 7 shapes) for tests. */
let nextUpdateId = 1;
let nextMessageId = 1;

export const USER = { id: 4242, is_bot: false, first_name: "Mina", language_code: "en" };
export const ADMIN = { id: 5151, is_bot: false, first_name: "Admin", language_code: "en" };
export const PRIVATE_CHAT = { id: 4242, type: "private", first_name: "Mina" };
export const GROUP_CHAT = { id: -1001234567890, type: "supergroup", title: "Rumour Mill" };

export function resetIds(start = 1): void {
  nextUpdateId = start;
  nextMessageId = start;
}

export function updateId(): number {
  return nextUpdateId++;
}

type Raw = Record<string, unknown>;

export function message(fields: Raw, chat: Raw = PRIVATE_CHAT, from: Raw = USER): Raw {
  return {
    update_id: nextUpdateId++,
    message: { message_id: nextMessageId++, date: Math.floor(Date.now() / 1000), chat, from, ...fields },
  };
}

export function forwardedChannelPost(text: string, extra: Raw = {}): Raw {
  return message({
    text,
    forward_origin: {
      type: "channel",
      date: 1650000000,
      chat: { id: -1009876543210, type: "channel", title: "Breaking <News>", username: "breakingnews" },
      message_id: 77,
    },
    ...extra,
  });
}

export function groupText(text: string, from: Raw = USER, chat: Raw = GROUP_CHAT): Raw {
  return message({ text }, chat, from);
}

export function command(text: string, chat: Raw = PRIVATE_CHAT, from: Raw = USER, extra: Raw = {}): Raw {
  const name = text.split(/\s/)[0] ?? text;
  return message({ text, entities: [{ type: "bot_command", offset: 0, length: name.length }], ...extra }, chat, from);
}

export function callbackQuery(data: string, from: Raw = USER): Raw {
  return {
    update_id: nextUpdateId++,
    callback_query: { id: `cb${nextUpdateId}`, from, chat_instance: "ci", data, message: { message_id: 5, date: 0, chat: PRIVATE_CHAT } },
  };
}

export function inlineQuery(query: string, from: Raw = USER): Raw {
  return { update_id: nextUpdateId++, inline_query: { id: `iq${nextUpdateId}`, from, query, offset: "" } };
}
