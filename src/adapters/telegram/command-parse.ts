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
