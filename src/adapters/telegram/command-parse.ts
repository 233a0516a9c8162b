import type { TgInnerMessage } from "./schemas.ts";

/** A bot command at the start of a message: `/name@bot args`. */
export interface ParsedCommand {
  /** Lower-case command name without the slash. */
  name: string;
  /** The `@username` it was addressed to, when written. */
  addressedTo?: string;
  /** The rest of the text after the command, trimmed. */
  args: string;
}

/**
 * The command a message starts with (a `bot_command` entity at offset 0, as Telegram marks it), or `null`.
 * Captions count too (a photo sent with `/check` as caption).
 */
export function parseCommand(message: TgInnerMessage): ParsedCommand | null {
  const text = message.text ?? message.caption;
  const entities = message.text !== undefined ? message.entities : message.caption_entities;
  if (!text) return null;
  const entity = entities?.find((e) => e.type === "bot_command" && e.offset === 0);
  if (!entity) return null;
  const match = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{3,64}))?$/.exec(text.slice(0, entity.length));
  if (!match?.[1]) return null;
  return {
    name: match[1].toLowerCase(),
    ...(match[2] ? { addressedTo: match[2] } : {}),
    args: text.slice(entity.length).trim(),
  };
}

/**
 * A group message that mentions the bot (`@username` entity) is an explicit request: it is treated as `/check` with
 * the message's text minus the mention. `null` when the bot is not mentioned.
 */
export function mentionAsCheck(message: TgInnerMessage, botUsername: string): ParsedCommand | null {
  const text = message.text ?? message.caption;
  const entities = message.text !== undefined ? message.entities : message.caption_entities;
  if (!text || !entities) return null;
  const handle = `@${botUsername}`.toLowerCase();
  const mention = entities.find(
    (e) => e.type === "mention" && text.slice(e.offset, e.offset + e.length).toLowerCase() === handle,
  );
  if (!mention) return null;
  const args = `${text.slice(0, mention.offset)} ${text.slice(mention.offset + mention.length)}`.replace(/\s+/g, " ").trim();
  return { name: "check", addressedTo: botUsername, args };
}
