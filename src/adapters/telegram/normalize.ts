import type { ForwardOrigin, Post } from "../../core/lookup-types.ts";
import type { ChatRef, IncomingMessage, UserRef } from "../../runtime/types.ts";
import type { TgChat, TgEntity, TgInnerMessage, TgMessageOrigin, TgUser } from "./schemas.ts";

/** The user id Telegram shows for anonymous group administrators (messages sent "as the group"). */
export const TELEGRAM_ANONYMOUS_ADMIN_ID = 1087968824;
/** Most URLs taken from one message's entities. */
const MAX_ENTITY_URLS = 20;

/** Chat kind for the runtime; `null` for channels and unknown chat types (not for us). */
export function chatKind(chat: TgChat): "dm" | "group" | null {
  if (chat.type === "private") return "dm";
  if (chat.type === "group" || chat.type === "supergroup") return "group";
  return null;
}

/** A Telegram chat as a runtime `ChatRef`. */
export function toChatRef(chat: TgChat, kind: "dm" | "group"): ChatRef {
  const title = chat.title ?? chat.first_name;
  return { platform: "telegram", id: String(chat.id), kind, ...(title ? { title } : {}) };
}

/** A Telegram user as a runtime `UserRef`. */
export function toUserRef(user: TgUser, isAdmin?: boolean): UserRef {
  return {
    id: String(user.id),
    isBot: user.is_bot,
    ...(user.language_code ? { locale: user.language_code } : {}),
    ...(isAdmin === undefined ? {} : { isAdmin }),
  };
}

/** True when the message carries a photo, video, document or other media. */
export function hasMedia(message: TgInnerMessage): boolean {
  return [
    message.photo,
    message.video,
    message.animation,
    message.document,
    message.audio,
    message.voice,
    message.video_note,
    message.paid_media,
  ].some((part) => part !== undefined && part !== null);
}

/** URLs of `url` and `text_link` entities (offsets are UTF-16 code units, as JavaScript strings index). */
export function entityUrls(text: string, entities: readonly TgEntity[] | undefined): string[] {
  const urls: string[] = [];
  for (const entity of entities ?? []) {
    let url: string | undefined;
    if (entity.type === "text_link") url = entity.url;
    else if (entity.type === "url") url = text.slice(entity.offset, entity.offset + entity.length);
    if (!url) continue;
    if (!/^https?:\/\//i.test(url)) url = `http://${url}`;
    if (!urls.includes(url)) urls.push(url);
    if (urls.length >= MAX_ENTITY_URLS) break;
  }
  return urls;
}

function displayName(user: TgUser): string {
  return [user.first_name, user.last_name].filter(Boolean).join(" ") || (user.username ?? "");
}

/** A `forward_origin` as the core's `ForwardOrigin`. */
export function toForwardOrigin(origin: TgMessageOrigin): ForwardOrigin {
  const date = new Date(origin.date * 1000).toISOString();
  switch (origin.type) {
    case "user":
      return { kind: "user", name: displayName(origin.sender_user), date };
    case "hidden_user":
      return { kind: "hidden-user", name: origin.sender_user_name, date };
    case "chat":
      return { kind: "chat", ...(origin.sender_chat.title ? { name: origin.sender_chat.title } : {}), date };
    case "channel": {
      const url = origin.chat.username ? `https://t.me/${origin.chat.username}/${origin.message_id}` : undefined;
      return {
        kind: "channel",
        ...(origin.chat.title ? { name: origin.chat.title } : {}),
        ...(url ? { url } : {}),
        date,
      };
    }
  }
}

/** The text and entities of a message: its text, else its caption. */
export function messageText(message: TgInnerMessage): { text: string; entities: TgEntity[] | undefined } {
  if (message.text !== undefined) return { text: message.text, entities: message.entities };
  return { text: message.caption ?? "", entities: message.caption_entities };
}

/** The checkable `Post` of a message (text or caption, entity URLs, forward origin, locale). */
export function toPost(message: TgInnerMessage, locale?: string): Post {
  const { text, entities } = messageText(message);
  const urls = entityUrls(text, entities);
  const origin = message.forward_origin ?? message.external_reply?.origin;
  return {
    text,
    ...(urls.length > 0 ? { urls } : {}),
    ...(locale ? { locale } : {}),
    ...(origin ? { forwardOrigin: toForwardOrigin(origin) } : {}),
  };
}

export interface NormalizeContext {
  /** The bot's own user id (from getMe). */
  botId: number;
}

/**
 * A Telegram message as the runtime's `IncomingMessage`, or `null` when it is not for us: channels, service
 * messages, stickers, polls, locations (nothing to check and no media to explain).
 */
export function normalizeMessage(message: TgInnerMessage, context: NormalizeContext): IncomingMessage | null {
  const kind = chatKind(message.chat);
  if (!kind) return null;
  const media = hasMedia(message);
  const { text } = messageText(message);
  if (text.trim() === "" && !media) return null;

  const from = message.from;
  // Messages sent "as the group" by an anonymous admin, or as a linked channel, carry a sender_chat.
  const anonymousAdmin =
    message.sender_chat?.id === message.chat.id || from?.id === TELEGRAM_ANONYMOUS_ADMIN_ID;
  const sender: UserRef = from
    ? toUserRef(from, anonymousAdmin ? true : undefined)
    : { id: String(message.sender_chat?.id ?? message.chat.id), isBot: false };
  if (message.sender_chat && !anonymousAdmin) {
    // A channel speaking in the group (linked channel or "send as" a channel): key it by the channel.
    sender.id = String(message.sender_chat.id);
    sender.isBot = false;
  }
  return {
    chat: toChatRef(message.chat, kind),
    sender,
    messageId: String(message.message_id),
    // A message a user posted through our inline mode is our own answer: never screen it.
    fromSelf: from?.id === context.botId || message.via_bot?.id === context.botId,
    post: toPost(message, from?.language_code),
    hasMedia: media,
    date: message.date * 1000,
  };
}
