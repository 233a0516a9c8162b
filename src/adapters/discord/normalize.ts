import { PermissionFlagsBits, type BaseInteraction, type Message, type MessageSnapshot, type PermissionsBitField } from "discord.js";
import { toLocale } from "../../core/i18n.ts";
import type { ForwardOrigin, Post } from "../../core/lookup-types.ts";
import type { Locale } from "../../core/reply-types.ts";
import type { ChatRef, IncomingMessage, UserRef } from "../../runtime/types.ts";
import { isImageFile, urlImageSource, type ImageSource } from "../../runtime/image-source.ts";
import { MAX_IMAGES_PER_MESSAGE } from "../../runtime/image-text.ts";

/** The readable parts of a message or of a forwarded message's snapshot. */
type MessageLike = Pick<Message, "content" | "embeds" | "attachments">;

/** Whether a member with these permissions administers the server for the bot (Manage Server). */
export function isServerAdmin(permissions: Readonly<PermissionsBitField> | null | undefined): boolean {
  return permissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
}

function textOf(message: MessageLike): { text: string; urls: string[] } {
  const urls = message.embeds.map((e) => e.url).filter((u): u is string => typeof u === "string");
  let text = message.content ?? "";
  // An embed-only message (a bot's or a news feed's post) carries its words in the embed.
  if (!text.trim()) {
    text = message.embeds
      .flatMap((e) => [e.title, e.description])
      .filter((s): s is string => Boolean(s))
      .join("\n");
  }
  return { text, urls };
}

/** The snapshots of a forwarded message (empty for an ordinary one). */
export function snapshotsOf(message: Message): MessageSnapshot[] {
  return [...(message.messageSnapshots?.values() ?? [])];
}

function forwardOrigin(message: Message): ForwardOrigin | undefined {
  const ref = message.reference;
  if (!ref?.messageId || !ref.channelId) return undefined;
  return { kind: "chat", url: `https://discord.com/channels/${ref.guildId ?? "@me"}/${ref.channelId}/${ref.messageId}` };
}

/**
 * The post to check in a message: its text, or for a forwarded message the text of its snapshots (Discord forwards
 * carry an empty `content` and the original in `message_snapshots`). URLs of embeds are added to `urls`.
 */
export function postFromMessage(message: Message, locale?: string): Post {
  const snapshots = snapshotsOf(message);
  const parts = snapshots.length > 0 ? snapshots.map((s) => textOf(s as MessageLike)) : [textOf(message)];
  const own = snapshots.length > 0 ? message.content.trim() : "";
  const text = [own, ...parts.map((p) => p.text)].filter((s) => s.trim().length > 0).join("\n");
  const post: Post = { text };
  const urls = [...new Set(parts.flatMap((p) => p.urls))];
  if (urls.length > 0) post.urls = urls;
  if (locale) post.locale = locale;
  const origin = snapshots.length > 0 ? forwardOrigin(message) : undefined;
  if (origin) post.forwardOrigin = origin;
  return post;
}

/**
 * The still images of a message, or of a forwarded message's snapshots: image attachments (by content type or name)
 * and embeds' images (an embed's `image`, or the thumbnail of an image-link embed). Fetched from Discord's CDN only if
 * the runtime reads them; the declared size and dimensions are checked first.
 */
export function imagesOfMessage(message: Message): ImageSource[] {
  const snapshots = snapshotsOf(message);
  const parts = snapshots.length > 0 ? snapshots.map((s) => s as MessageLike) : [message as MessageLike];
  const images: ImageSource[] = [];
  for (const part of parts) {
    for (const attachment of part.attachments?.values() ?? []) {
      const isImage = isImageFile(attachment.contentType, attachment.name);
      if (!isImage || !/^https?:\/\//.test(attachment.url)) continue;
      images.push(
        urlImageSource(attachment.url, {
          declaredBytes: attachment.size,
          ...(attachment.width ? { width: attachment.width } : {}),
          ...(attachment.height ? { height: attachment.height } : {}),
          ...(attachment.contentType ? { mime: attachment.contentType } : {}),
        }),
      );
    }
    for (const embed of part.embeds ?? []) {
      const picture = embed.image ?? (embed.data.type === "image" ? embed.thumbnail : null);
      if (picture?.url && /^https?:\/\//.test(picture.url)) {
        images.push(urlImageSource(picture.url, { ...(picture.width ? { width: picture.width } : {}), ...(picture.height ? { height: picture.height } : {}) }));
      }
    }
  }
  // The runtime reads at most this many (Discord allows 10 attachments).
  return images.slice(0, MAX_IMAGES_PER_MESSAGE);
}

/** Whether a message (or its snapshots) carries attachments. */
export function hasMedia(message: Message): boolean {
  return message.attachments.size > 0 || snapshotsOf(message).some((s) => (s.attachments?.size ?? 0) > 0);
}

/** The chat of a message: a DM or a server channel (with its guild). */
export function chatOfMessage(message: Message): ChatRef {
  if (!message.inGuild()) return { platform: "discord", id: message.channelId, kind: "dm" };
  return { platform: "discord", id: message.channelId, kind: "group", guildId: message.guildId, title: message.channel.name };
}

/** A message normalised for the runtime. `botId` is this bot's user id. */
export function incomingFromMessage(message: Message, botId: string): IncomingMessage {
  const chat = chatOfMessage(message);
  const sender: UserRef = { id: message.author.id, isBot: message.author.bot };
  if (message.inGuild() && message.member) sender.isAdmin = isServerAdmin(message.member.permissions);
  return {
    chat,
    sender,
    messageId: message.id,
    fromSelf: message.author.id === botId,
    post: postFromMessage(message),
    hasMedia: hasMedia(message),
    date: message.createdTimestamp,
    ...withImages(imagesOfMessage(message)),
  };
}

function withImages(images: ImageSource[]): { images?: ImageSource[] } {
  return images.length > 0 ? { images } : {};
}

/** Whether the message's text mentions the bot explicitly (`<@id>`), not just through a reply ping. */
export function mentionsBot(message: Message, botId: string): boolean {
  return message.content.includes(`<@${botId}>`) || message.content.includes(`<@!${botId}>`);
}

/** The message text without mentions of the bot. */
export function withoutBotMention(text: string, botId: string): string {
  return text.replaceAll(`<@${botId}>`, "").replaceAll(`<@!${botId}>`, "").trim();
}

/** The chat an interaction happened in. */
export function chatOfInteraction(interaction: BaseInteraction): ChatRef {
  const id = interaction.channelId ?? interaction.user.id;
  if (!interaction.inGuild()) return { platform: "discord", id, kind: "dm" };
  const chat: ChatRef = { platform: "discord", id, kind: "group", guildId: interaction.guildId };
  const name = interaction.channel && "name" in interaction.channel ? interaction.channel.name : undefined;
  if (name) chat.title = name;
  return chat;
}

/** The user behind an interaction; `isAdmin` = Manage Server in a server, always true in their own DM. */
export function userOfInteraction(interaction: BaseInteraction): UserRef {
  return {
    id: interaction.user.id,
    isBot: interaction.user.bot,
    locale: interaction.locale,
    isAdmin: interaction.inGuild() ? isServerAdmin(interaction.memberPermissions) : true,
  };
}

/** The reply locale for an interaction: the user's Discord locale when supported, else the server's, else `fallback`. */
export function localeOfInteraction(interaction: BaseInteraction, fallback: Locale): Locale {
  return toLocale(interaction.locale) ?? toLocale(interaction.guildLocale) ?? fallback;
}
