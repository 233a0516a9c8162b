import { t } from "./i18n.ts";
import type { ImageProblem } from "./ocr.ts";
import type { Locale, Reply } from "./reply-types.ts";
import { infoReply } from "./render-reply.ts";

/** The text read from an image is shown up to this many characters (the reply stays short; the rest was used). */
export const IMAGE_TEXT_SHOWN_CHARS = 280;

/** The image's text on one line, cut at `IMAGE_TEXT_SHOWN_CHARS` with "…". */
export function shownImageText(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const chars = Array.from(flat);
  return chars.length <= IMAGE_TEXT_SHOWN_CHARS ? flat : `${chars.slice(0, IMAGE_TEXT_SHOWN_CHARS - 1).join("").trimEnd()}…`;
}

/**
 * Adds "Text read from the image: …" to a reply whose lookup was made on text read from images, so users see what
 * was matched: appended to `text` (console, Telegram) and set as `imageText` (Discord shows it as a field).
 */
export function withImageText(reply: Reply, text: string): Reply {
  if (!text.trim()) return reply;
  const shown = shownImageText(text);
  return { ...reply, imageText: shown, text: `${reply.text}\n\n${t(reply.locale, "reply.image.text", { text: shown })}` };
}

/** "No text found in the image" (the lookup was not made). */
export function noImageTextReply(locale: Locale): Reply {
  return infoReply(locale, t(locale, "reply.image.none.title"), t(locale, "reply.image.none.text"), "none");
}

/** Why the image(s) could not be read (the first problem), as a reply. */
export function imageProblemReply(locale: Locale, problem: ImageProblem): Reply {
  return infoReply(locale, t(locale, "reply.image.problem.title"), t(locale, `image.problem.${problem}`), "rejected");
}
