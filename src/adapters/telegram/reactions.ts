/**
 * Emoji Telegram accepts as a bot's message reaction (`ReactionTypeEmoji`, Bot API 7.0). A reaction outside this
 * list is refused with 400 REACTION_INVALID, so other emoji (Discord's ⚠️) are mapped to the closest allowed one.
 */
export const TELEGRAM_REACTION_EMOJI: ReadonlySet<string> = new Set([
  "👍", "👎", "❤", "🔥", "🥰", "👏", "😁", "🤔", "🤯", "😱", "🤬", "😢", "🎉", "🤩", "🤮", "💩", "🙏", "👌", "🕊",
  "🤡", "🥱", "🥴", "😍", "🐳", "❤‍🔥", "🌚", "🌭", "💯", "🤣", "⚡", "🍌", "🏆", "💔", "🤨", "😐", "🍓", "🍾", "💋",
  "🖕", "😈", "😴", "😭", "🤓", "👻", "👨‍💻", "👀", "🎃", "🙈", "😇", "😨", "🤝", "✍", "🤗", "🫡", "🎅", "🎄", "☃",
  "💅", "🤪", "🗿", "🆒", "💘", "🙉", "🦄", "😘", "💊", "🙊", "😎", "👾", "🤷‍♂", "🤷", "🤷‍♀", "😡",
]);

/** Used when the runtime's emoji is not one Telegram allows: "think again". */
export const TELEGRAM_FALLBACK_REACTION = "🤔";

/** The emoji to send for a runtime `react` decision. */
export function telegramReaction(emoji: string): string {
  const bare = emoji.replace(/\uFE0F/g, "");
  return TELEGRAM_REACTION_EMOJI.has(bare) ? bare : TELEGRAM_FALLBACK_REACTION;
}
