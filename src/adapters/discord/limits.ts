/** Discord's documented limits that the renderer enforces (characters unless stated). */
export const EMBED_TITLE_LIMIT = 256;
export const EMBED_DESCRIPTION_LIMIT = 4096;
export const EMBED_FIELD_NAME_LIMIT = 256;
export const EMBED_FIELD_VALUE_LIMIT = 1024;
export const EMBED_FOOTER_LIMIT = 2048;
export const EMBED_AUTHOR_LIMIT = 256;
/** Sum of title, description, field names and values, footer and author name over all embeds of a message. */
export const EMBED_TOTAL_LIMIT = 6000;
export const EMBED_FIELDS_MAX = 25;
export const EMBED_URL_LIMIT = 2048;
export const MESSAGE_CONTENT_LIMIT = 2000;
export const CUSTOM_ID_LIMIT = 100;
export const BUTTON_LABEL_LIMIT = 80;
export const BUTTON_URL_LIMIT = 512;
export const BUTTONS_PER_ROW = 5;
export const COMMAND_DESCRIPTION_LIMIT = 100;
export const COMMAND_OPTION_CHOICES_MAX = 25;

/** Cuts `text` to at most `max` characters (code points kept whole), ending with "…" when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return text.slice(0, Math.max(0, max));
  let cut = text.slice(0, max - 1);
  // Do not leave half a surrogate pair behind.
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  return `${cut}…`;
}
