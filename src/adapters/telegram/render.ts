import { isHttpUrl } from "../../core/text.ts";
import type { Reply, ReplyFactCheck } from "../../core/reply-types.ts";
import { encodeCallbackData } from "./callback-data.ts";

/** Longest message text Telegram accepts, in characters. */
export const TELEGRAM_TEXT_LIMIT = 4096;
/** Longest media caption Telegram accepts, in characters. */
export const TELEGRAM_CAPTION_LIMIT = 1024;
/** Most results in one inline-query answer the bot sends (Telegram allows 50; the issue asks for 5). */
export const TELEGRAM_INLINE_RESULTS_MAX = 5;
/** Longest inline-result title and description we send, in characters. */
const INLINE_TITLE_LIMIT = 120;
const INLINE_DESCRIPTION_LIMIT = 200;
const ELLIPSIS = "…";

export interface InlineKeyboardButton {
  text: string;
  url?: string;
  callback_data?: string;
}

/** The `sendMessage` fields a reply turns into (chat id and reply target are added by the caller). */
export interface TelegramMessage {
  text: string;
  parse_mode: "HTML";
  link_preview_options: { is_disabled: true } | { url: string; prefer_small_media: boolean };
  reply_markup?: { inline_keyboard: InlineKeyboardButton[][] };
}

/** Escapes text for Telegram's HTML parse mode (text and attribute values). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&quot;"));
}

/** Cuts plain text to at most `max` UTF-16 units without splitting a surrogate pair, adding "…" when cut. */
export function truncatePlain(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return "";
  let end = max - ELLIPSIS.length;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, Math.max(end, 0)).trimEnd()}${ELLIPSIS}`;
}


/** The body below the bold title: the reply's text without a repeated first line. */
function bodyOf(reply: Reply): string {
  const text = reply.text.trim();
  const [first, ...rest] = text.split("\n");
  return first?.trim() === reply.title.trim() ? rest.join("\n").trim() : text;
}

/** Builds the HTML so that it fits `limit`, shortening the plain body (never cutting inside a tag or an entity). */
function fitHtml(title: string, body: string, tail: string, limit: number): string {
  const build = (b: string) => [`<b>${escapeHtml(title)}</b>`, b ? escapeHtml(b) : "", tail].filter(Boolean).join("\n\n");
  const html = build(body);
  if (html.length <= limit) return html;
  // Longest body prefix that fits, by bisection (escaping makes the HTML length non-linear in the text length).
  let low = 0;
  let high = body.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (build(truncatePlain(body, mid)).length <= limit) low = mid;
    else high = mid - 1;
  }
  const fitted = build(truncatePlain(body, low));
  if (fitted.length <= limit) return fitted;
  // The title alone is too long: plain escaped text, cut so that even all-escaped characters fit.
  return escapeHtml(truncatePlain(`${title}\n\n${body}`, Math.floor(limit / 6)));
}

/**
 * The URL as Telegram should get it: parsed and serialised (`new URL(u).href`), so stray whitespace or control
 * characters a record carries (which `URL` tolerates but Telegram's button and entity parsers refuse) are gone.
 * Undefined unless http(s). Found by the fuzz suite (issue 13).
 */
export function wireUrl(value: string): string | undefined {
  if (!isHttpUrl(value)) return undefined;
  return new URL(value).href;
}

/** The inline keyboard: link buttons, then feedback buttons on one row, then the tip button. */
export function renderKeyboard(reply: Reply): InlineKeyboardButton[][] {
  const rows: InlineKeyboardButton[][] = [];
  const feedback: InlineKeyboardButton[] = [];
  const links = reply.actions.filter((a) => a.kind === "link");
  const primaryUrl = reply.primary ? wireUrl(reply.primary.url) : undefined;
  if (links.length === 0 && reply.primary && primaryUrl) {
    rows.push([{ text: reply.primary.publisher, url: primaryUrl }]);
  }
  for (const action of reply.actions) {
    if (action.kind === "link") {
      const url = wireUrl(action.url);
      if (url) rows.push([{ text: action.label, url }]);
    } else if (action.kind === "feedback") {
      const data = encodeCallbackData(action);
      if (data) feedback.push({ text: action.label, callback_data: data });
    } else {
      const data = encodeCallbackData(action);
      if (data) rows.push([{ text: action.label, callback_data: data }]);
    }
  }
  if (feedback.length > 0) {
    const tipIndex = rows.findIndex((row) => row[0]?.callback_data?.startsWith("t:"));
    rows.splice(tipIndex === -1 ? rows.length : tipIndex, 0, feedback);
  }
  return rows;
}

/**
 * A platform-neutral `Reply` as a Telegram HTML message: bold title, escaped body, the fact-check link shown when
 * the body lacks it, a link preview of the fact-check, and the keyboard. Within `limit` characters
 * (`TELEGRAM_TEXT_LIMIT`, or `TELEGRAM_CAPTION_LIMIT` for captions).
 */
export function renderReply(reply: Reply, limit: number = TELEGRAM_TEXT_LIMIT): TelegramMessage {
  const body = bodyOf(reply);
  const url = reply.primary ? wireUrl(reply.primary.url) : undefined;
  const tail = url && !body.includes(url) ? `<a href="${escapeHtml(url)}">${escapeHtml(url)}</a>` : "";
  const keyboard = renderKeyboard(reply);
  return {
    text: fitHtml(reply.title, body, tail, limit),
    parse_mode: "HTML",
    link_preview_options: url ? { url, prefer_small_media: true } : { is_disabled: true },
    ...(keyboard.length > 0 ? { reply_markup: { inline_keyboard: keyboard } } : {}),
  };
}

/** A short stable inline-result id (1–64 bytes). */
function resultId(factCheck: ReplyFactCheck, index: number): string {
  const id = factCheck.id.replace(/[^A-Za-z0-9_-]/g, "").slice(0, 48);
  return `${index}-${id || "fc"}`;
}

/** One fact-check as the message an inline result posts. */
function factCheckMessage(factCheck: ReplyFactCheck): string {
  const head = `<b>${escapeHtml(factCheck.rating)}</b> (${escapeHtml(factCheck.verdictLabel)}) — ${escapeHtml(factCheck.publisher)}, ${escapeHtml(factCheck.date)}`;
  const link = isHttpUrl(factCheck.url) ? `<a href="${escapeHtml(factCheck.url)}">${escapeHtml(factCheck.url)}</a>` : "";
  const room = TELEGRAM_TEXT_LIMIT - head.length - link.length - 16;
  const claim = escapeHtml(truncatePlain(factCheck.claim, Math.floor(room / 6)));
  return [head, claim, link].filter(Boolean).join("\n\n");
}

/** `InlineQueryResultArticle` objects for an inline lookup: the match first, then related, at most `max`. */
export function renderInlineResults(reply: Reply, max: number = TELEGRAM_INLINE_RESULTS_MAX): Array<Record<string, unknown>> {
  const factChecks = [...(reply.primary ? [reply.primary] : []), ...reply.related].slice(0, max);
  return factChecks.map((factCheck, index) => ({
    type: "article",
    id: resultId(factCheck, index),
    title: truncatePlain(`${factCheck.rating} — ${factCheck.claim}`, INLINE_TITLE_LIMIT),
    description: truncatePlain(`${factCheck.publisher} · ${factCheck.date}`, INLINE_DESCRIPTION_LIMIT),
    ...(isHttpUrl(factCheck.url) ? { url: factCheck.url } : {}),
    input_message_content: {
      message_text: factCheckMessage(factCheck),
      parse_mode: "HTML",
      link_preview_options: isHttpUrl(factCheck.url)
        ? { url: factCheck.url, prefer_small_media: true }
        : { is_disabled: true },
    },
    ...(isHttpUrl(factCheck.url)
      ? { reply_markup: { inline_keyboard: [[{ text: factCheck.publisher, url: factCheck.url }]] } }
      : {}),
  }));
}
